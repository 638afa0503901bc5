//! Fancy indexing and functional updates: index items with integer or boolean arrays ->
//! `Op::Gather`; `x[...] = v` -> `Op::Scatter` / `Op::SetSlice` / `where` (a new lazy array).
//!
//! numpy's rules: integer and boolean arrays (and, beside them, integers) are advanced
//! indices; they broadcast together to one shape B, which replaces the indexed axes — where
//! the first of them was when they are adjacent, in front otherwise. A boolean array stands
//! for its `nonzero()` positions. Index values known before computing (lists, literals,
//! aranges) are checked now (E0203) and tell each output block which input blocks to read;
//! computed ones are checked while computing (E0401) and every block along the axis is read.

use super::build::{self, IndexItem, Operand};
use super::node::{Arr, Chunks, Fancy, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::{Block, Scalar};
use crate::source::Span;
use ndarray::{ArrayD, IxDyn};
use std::rc::Rc;
use std::sync::Arc;

type Result<T> = std::result::Result<T, Diagnostic>;

/// One evaluated index item: a basic one or an array (integer or boolean).
#[derive(Debug, Clone)]
pub enum Item {
    Basic(IndexItem),
    Array(Arr, Span),
}

/// Known index values are evaluated before computing up to this many elements.
const KNOWN_LIMIT: usize = 1 << 22;

/// The values of `a` when they need no data (no files, no random numbers), and it is small.
pub fn known(a: &Arr) -> Option<Block> {
    fn pure(a: &Arr, depth: usize) -> bool {
        depth < 64
            && match a.op {
                Op::Full(_)
                | Op::Arange { .. }
                | Op::Eye { .. }
                | Op::Literal(_)
                | Op::Map(_)
                | Op::Slice { .. }
                | Op::ViewReshape
                | Op::Reshape
                | Op::Transpose { .. }
                | Op::Rechunk
                | Op::Concat { .. }
                | Op::Gather(_) => a.inputs.iter().all(|i| pure(i, depth + 1)),
                _ => false,
            }
    }
    if a.meta.size() > KNOWN_LIMIT || !pure(a, 0) {
        return None;
    }
    super::eager::evaluate(a).ok()
}

fn to_i64(b: &Block) -> ArrayD<i64> {
    match b.cast(DType::I64) {
        Block::I64(a) => a,
        _ => unreachable!("cast to int64"),
    }
}

/// An int64 array written out (values known now) with `chunks`.
pub fn literal_i64(values: ArrayD<i64>, chunks: Chunks, span: Span) -> Arr {
    let shape = values.shape().to_vec();
    Node::new(
        Op::Literal(Arc::new(Block::I64(values))),
        vec![],
        Meta {
            shape,
            dtype: DType::I64,
            chunks,
        },
        span,
    )
}

/// Regular chunks of `c` along every axis of `shape`.
fn regular_chunks(shape: &[usize], c: usize) -> Chunks {
    shape
        .iter()
        .map(|&n| super::chunks::regular(n, c.max(1)))
        .collect()
}

fn index_type_error(span: Span, dt: DType) -> Diagnostic {
    Diagnostic::new(
        codes::INDEX,
        "arrays used as indices must be of integer (or boolean) type",
    )
    .label(span, format!("this array is {dt}"))
}

/// The positions of the true elements of a known boolean array, one int64 array per axis.
fn nonzero_known(m: &Block) -> Vec<ArrayD<i64>> {
    let Block::Bool(a) = m.cast(DType::Bool) else {
        unreachable!("cast to bool")
    };
    let nd = a.ndim();
    let mut cols: Vec<Vec<i64>> = vec![Vec::new(); nd];
    for (ix, &v) in a.indexed_iter() {
        if v {
            for (d, c) in cols.iter_mut().enumerate() {
                c.push(ix[d] as i64);
            }
        }
    }
    cols.into_iter()
        .map(|c| ArrayD::from_shape_vec(IxDyn(&[c.len()]), c).expect("1-D"))
        .collect()
}

/// The positions of the true (nonzero) elements of a known array, as int64 arrays.
pub fn nonzero_values(b: &Block) -> Vec<ArrayD<i64>> {
    let nz = match b {
        Block::Bool(_) => b.clone(),
        other => {
            let f = other.to_f64_vec();
            Block::Bool(
                ArrayD::from_shape_vec(IxDyn(other.shape()), f.iter().map(|&v| v != 0.0).collect())
                    .expect("same shape"),
            )
        }
    };
    nonzero_known(&nz)
}

/// Axes an item consumes.
fn consumes(it: &Item) -> usize {
    match it {
        Item::Basic(IndexItem::Int(..) | IndexItem::Slice(..)) => 1,
        Item::Basic(_) => 0,
        Item::Array(a, _) if a.dtype() == DType::Bool => a.ndim(),
        Item::Array(..) => 1,
    }
}

/// Expands `...` (or pads at the end) with full slices; boolean arrays known now become their
/// positions. Fails for too many indices, a second ellipsis, a mismatched boolean shape, a
/// non-integer array, or a boolean array computed from data (its length is unknown).
fn expand(x: &Arr, items: Vec<Item>, span: &Span) -> Result<Vec<Item>> {
    let consumed: usize = items.iter().map(consumes).sum();
    if consumed > x.ndim() {
        return Err(Diagnostic::new(
            codes::INDEX,
            format!(
                "too many indices: array is {}-dimensional, but {consumed} were indexed",
                x.ndim()
            ),
        )
        .label(
            span.clone(),
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    let mut out = Vec::new();
    let mut seen_ellipsis = false;
    for it in items {
        if let Item::Basic(IndexItem::Ellipsis(s)) = &it {
            if seen_ellipsis {
                return Err(Diagnostic::new(
                    codes::INDEX,
                    "an index can only have a single ellipsis (`...`)",
                )
                .label(s.clone(), "second ellipsis"));
            }
            seen_ellipsis = true;
            for _ in 0..x.ndim() - consumed {
                out.push(Item::Basic(IndexItem::Slice(None, None, None, s.clone())));
            }
            if x.ndim() == consumed {
                // Kept (it stands for no axis): numpy counts it between index arrays, which
                // are then not adjacent.
                out.push(it);
            }
        } else {
            out.push(it);
        }
    }
    if !seen_ellipsis {
        for _ in 0..x.ndim() - consumed {
            out.push(Item::Basic(IndexItem::Slice(
                None,
                None,
                None,
                span.clone(),
            )));
        }
    }
    // Boolean arrays -> their positions.
    let mut res = Vec::new();
    let mut axis = 0;
    for it in out {
        match it {
            Item::Array(m, sp) if m.dtype() == DType::Bool => {
                let want = &x.shape()[axis..axis + m.ndim()];
                if m.shape() != want {
                    return Err(Diagnostic::new(
                        codes::INDEX,
                        format!(
                            "boolean index did not match indexed array: shape {} against {}",
                            build::shape_str(m.shape()),
                            build::shape_str(want)
                        ),
                    )
                    .label(
                        sp,
                        format!("this mask has shape {}", build::shape_str(m.shape())),
                    ));
                }
                let Some(vals) = known(&m) else {
                    return Err(Diagnostic::new(
                        codes::INDEX,
                        "a boolean index computed from data must cover the whole array here",
                    )
                    .label(sp, "the length it selects depends on the data")
                    .note(
                        "x[m] with m of x's shape is a lazy selection; along some axes use \
                         where(m, x, fill), or a mask known before computing",
                    ));
                };
                axis += m.ndim();
                for p in nonzero_known(&vals) {
                    let n = p.len();
                    res.push(Item::Array(
                        literal_i64(p, vec![super::chunks::regular(n, n.max(1))], sp.clone()),
                        sp.clone(),
                    ));
                }
            }
            Item::Array(a, sp) => {
                if !a.dtype().is_int() {
                    return Err(index_type_error(sp, a.dtype()));
                }
                axis += 1;
                res.push(Item::Array(a, sp));
            }
            other => {
                axis += consumes(&other);
                res.push(other);
            }
        }
    }
    Ok(res)
}

/// A planned advanced index: the basic view, the index arrays (broadcast, int64, chunked
/// alike) and where they go.
struct Plan {
    /// `x` with the basic items applied and full slices at the advanced positions.
    sub: Arr,
    /// The basic items (for an update: the region `sub` is).
    basic: Vec<IndexItem>,
    idx: Vec<Arr>,
    fancy: Fancy,
    /// The gathered array's shape and chunks.
    meta: Meta,
}

fn plan(x: &Arr, items: Vec<Item>, span: &Span) -> Result<Plan> {
    let items = expand(x, items, span)?;
    let mut basic = Vec::new();
    // (axis of the basic view, array, span) per advanced index, and its item's position.
    let mut adv: Vec<(usize, Arr, Span)> = Vec::new();
    let mut at_item = Vec::new();
    let mut axis = 0;
    for (t, it) in items.into_iter().enumerate() {
        match it {
            Item::Basic(IndexItem::Int(i, sp)) => {
                let v = ArrayD::from_elem(IxDyn(&[]), i);
                adv.push((axis, literal_i64(v, vec![], sp.clone()), sp.clone()));
                at_item.push(t);
                basic.push(IndexItem::Slice(None, None, None, sp));
            }
            Item::Basic(b @ IndexItem::Ellipsis(_)) => {
                basic.push(b);
                continue;
            }
            Item::Basic(b) => basic.push(b),
            Item::Array(a, sp) => {
                adv.push((axis, a, sp.clone()));
                at_item.push(t);
                basic.push(IndexItem::Slice(None, None, None, sp));
            }
        }
        axis += 1;
    }
    let sub = build::getitem(x, basic.clone(), span.clone())?;
    let positions: Vec<usize> = adv.iter().map(|a| a.0).collect();
    let adjacent = at_item.windows(2).all(|w| w[1] == w[0] + 1);
    let pos = if adjacent { positions[0] } else { 0 };
    let shapes: Vec<(&[usize], Span)> =
        adv.iter().map(|(_, a, s)| (a.shape(), s.clone())).collect();
    let bshape = build::broadcast_shapes(&shapes).map_err(|d| {
        Diagnostic::new(
            codes::INDEX,
            "shape mismatch: indexing arrays could not be broadcast together",
        )
        .label(span.clone(), d.message)
    })?;
    let first_axis = positions[0];
    let c = sub
        .meta
        .chunk_shape()
        .get(first_axis)
        .copied()
        .unwrap_or(1)
        .max(1);
    let bchunks = regular_chunks(&bshape, c);
    let boffs: Vec<Vec<usize>> = bchunks.iter().map(|c| super::chunks::offsets(c)).collect();
    let bnum: Vec<usize> = bchunks.iter().map(|c| c.len()).collect();
    let n_b: usize = bnum.iter().product();
    let mut idx = Vec::new();
    let mut touched = Vec::new();
    let small = bshape.iter().product::<usize>() <= KNOWN_LIMIT;
    for (t, a, sp) in &adv {
        let size = sub.shape()[*t];
        if let Some(vals) = known(a).filter(|_| small) {
            let v = to_i64(&vals);
            let n = size as i64;
            if let Some(&bad) = v.iter().find(|&&i| i < -n || i >= n) {
                return Err(Diagnostic::new(
                    codes::INDEX,
                    format!("index {bad} is out of bounds for axis {t} with size {size}"),
                )
                .label(
                    sp.clone(),
                    if n > 0 {
                        format!("valid indices are {} to {}", -n, n - 1)
                    } else {
                        "the axis is empty".into()
                    },
                ));
            }
            let v = v.mapv(|i| if i < 0 { i + n } else { i });
            let full = v
                .broadcast(IxDyn(&bshape))
                .expect("shapes broadcast")
                .to_owned();
            let xo = super::chunks::offsets(&sub.meta.chunks[*t]);
            let mut per_block = Vec::with_capacity(n_b);
            for fb in 0..n_b {
                let bb = super::chunks::unravel(fb, &bnum);
                let part = full.slice_each_axis(|ad| {
                    let d = ad.axis.index();
                    ndarray::Slice::from(boffs[d][bb[d]]..boffs[d][bb[d] + 1])
                });
                let mut blocks: Vec<usize> = part
                    .iter()
                    .map(|&i| xo.partition_point(|&o| o <= i as usize) - 1)
                    .collect();
                blocks.sort_unstable();
                blocks.dedup();
                per_block.push(blocks);
            }
            touched.push(Some(per_block));
            idx.push(literal_i64(full, bchunks.clone(), sp.clone()));
        } else {
            let a = build::astype(a, DType::I64, sp.clone())?;
            let a = build::broadcast_to(&a, &bshape, sp.clone())?;
            idx.push(build::rechunk_to(&a, bchunks.clone()));
            touched.push(None);
        }
    }
    let axes = positions.clone();
    let mut shape = Vec::new();
    let mut chunks = Vec::new();
    for d in 0..sub.ndim() {
        if !axes.contains(&d) {
            shape.push(sub.shape()[d]);
            chunks.push(sub.meta.chunks[d].clone());
        }
    }
    for (k, (&n, c)) in bshape.iter().zip(&bchunks).enumerate() {
        shape.insert(pos + k, n);
        chunks.insert(pos + k, c.clone());
    }
    Ok(Plan {
        meta: Meta {
            shape,
            dtype: sub.dtype(),
            chunks,
        },
        sub,
        basic,
        idx,
        fancy: Fancy { axes, pos, touched },
    })
}

fn has_arrays(items: &[Item]) -> bool {
    items.iter().any(|i| matches!(i, Item::Array(..)))
}

fn basic_only(items: Vec<Item>) -> Vec<IndexItem> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Basic(b) => b,
            Item::Array(..) => unreachable!("checked: no arrays"),
        })
        .collect()
}

/// `x[..., m, ...]` with one boolean array `m` computed from data and only slices and `...`
/// besides: a lazy selection along `m`'s axes (None for any other index).
pub fn axis_mask(x: &Arr, items: &[Item], span: &Span) -> Result<Option<super::mask::Masked>> {
    let arrays: Vec<usize> = (0..items.len())
        .filter(|&i| matches!(items[i], Item::Array(..)))
        .collect();
    let [at] = arrays.as_slice() else {
        return Ok(None);
    };
    let Item::Array(m, _) = &items[*at] else {
        return Ok(None);
    };
    let plain = items.iter().all(|i| {
        matches!(
            i,
            Item::Array(..) | Item::Basic(IndexItem::Slice(..) | IndexItem::Ellipsis(_))
        )
    });
    if m.dtype() != DType::Bool || m.ndim() == 0 || !plain || known(m).is_some() {
        return Ok(None);
    }
    let consumed: usize = items.iter().map(consumes).sum();
    if consumed > x.ndim() {
        return Ok(None);
    }
    let axis: usize = items[..*at]
        .iter()
        .map(|i| match i {
            Item::Basic(IndexItem::Ellipsis(_)) => x.ndim() - consumed,
            i => consumes(i),
        })
        .sum();
    if x.shape().get(axis..axis + m.ndim()) != Some(m.shape()) {
        return Ok(None);
    }
    let mut basic = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match it {
            Item::Basic(b) => basic.push(b.clone()),
            _ if i == *at => basic
                .extend((0..m.ndim()).map(|_| IndexItem::Slice(None, None, None, span.clone()))),
            _ => return Ok(None),
        }
    }
    let sub = build::getitem(x, basic, span.clone())?;
    super::mask::select_axes(&sub, m, axis, span.clone()).map(Some)
}

/// `x[items]` with any mix of integers, slices, `None`, `...` and index arrays.
pub fn getitem(x: &Arr, items: Vec<Item>, span: Span) -> Result<Arr> {
    if !has_arrays(&items) {
        return build::getitem(x, basic_only(items), span);
    }
    let p = plan(x, items, &span)?;
    let mut inputs = vec![p.sub];
    inputs.extend(p.idx);
    Ok(Node::new(
        Op::Gather(Arc::new(p.fancy)),
        inputs,
        p.meta,
        span,
    ))
}

/// Per axis `(start, len, step)` of a strided region.
type Ranges = Vec<(usize, usize, isize)>;

/// The strided region of `x` that basic `items` select, per axis `(start, len, step)`,
/// and the selection itself.
fn region(x: &Arr, items: Vec<IndexItem>, span: &Span) -> Result<(Ranges, Arr)> {
    let sel = build::getitem(x, items, span.clone())?;
    let inner = if matches!(sel.op, Op::ViewReshape) && !Rc::ptr_eq(&sel, x) {
        sel.inputs[0].clone()
    } else {
        sel.clone()
    };
    let ranges = if Rc::ptr_eq(&inner, x) {
        x.shape().iter().map(|&n| (0, n, 1)).collect()
    } else if let Op::Slice { ranges } = &inner.op {
        ranges.clone()
    } else {
        return Err(
            Diagnostic::new(codes::INTERNAL, "a basic index gave no region")
                .label(span.clone(), "here"),
        );
    };
    Ok((ranges, sel))
}

/// `v` as an array of `shape` in `x`'s dtype (numpy casts assigned values).
fn fit(v: &Operand, vspan: &Span, shape: &[usize], dt: DType, span: &Span) -> Result<Arr> {
    if let Operand::Scalar(Scalar::Int(i)) = v {
        // numpy 2 (NEP 50): a Python int assigned into an integer array must fit its dtype.
        if dt.is_int() && !dt.holds_int(*i) {
            return Err(Diagnostic::new(
                codes::OVERFLOW,
                format!("Python integer {i} out of bounds for {dt}"),
            )
            .label(vspan.clone(), format!("does not fit in `{dt}`"))
            .note(format!(
                "as in numpy 2; to wrap as a cast does, assign an array: `x[...] = array({i}).astype({dt})`"
            )));
        }
    }
    let a = match v {
        Operand::Array(a) => a.clone(),
        Operand::Scalar(s) => Node::new(
            Op::Full(*s),
            vec![],
            Meta {
                shape: vec![],
                dtype: s.dtype(),
                chunks: vec![],
            },
            vspan.clone(),
        ),
    };
    let a = build::astype(&a, dt, vspan.clone())?;
    if a.shape() == shape {
        return Ok(a);
    }
    build::broadcast_to(&a, shape, span.clone()).map_err(|_| {
        Diagnostic::new(
            codes::BROADCAST,
            format!(
                "could not broadcast input array from shape {} into shape {}",
                build::shape_str(a.shape()),
                build::shape_str(shape)
            ),
        )
        .label(
            vspan.clone(),
            format!("shape {}", build::shape_str(a.shape())),
        )
        .label(
            span.clone(),
            format!("the selection has shape {}", build::shape_str(shape)),
        )
    })
}

/// A value `v` of one element (a scalar, or an array of size 1) as a 0-d array of `dt`, for
/// the update kernels to broadcast over what they write; None for any other `v`. `fitted` is
/// `v` already checked against the selection (fit()), a 0-d one returned as it is.
fn one_value(v: &(Operand, Span), dt: DType, fitted: &Arr) -> Result<Option<Arr>> {
    if fitted.ndim() == 0 {
        return Ok(Some(fitted.clone()));
    }
    match &v.0 {
        Operand::Scalar(_) => Ok(Some(fit(&v.0, &v.1, &[], dt, &v.1)?)),
        Operand::Array(a) if a.meta.size() == 1 => {
            let a = build::reshape(a, &[], v.1.clone())?;
            Ok(Some(build::astype(&a, dt, v.1.clone())?))
        }
        Operand::Array(_) => Ok(None),
    }
}

/// `x[items] = v`: a new lazy array, `x` itself unchanged. Blocks of `x` the update cannot
/// reach are the same tasks as `x`'s.
pub fn setitem(x: &Arr, items: Vec<Item>, v: (Operand, Span), span: Span) -> Result<Arr> {
    let dt = x.dtype();
    if !has_arrays(&items) {
        let (ranges, sel) = region(x, basic_only(items), &span)?;
        let val = fit(&v.0, &v.1, sel.shape(), dt, &span)?;
        if let Some(one) = one_value(&v, dt, &val)? {
            // The place tasks fill the region with it: no block of the region's size.
            return Ok(set_slice(x, ranges, one, span));
        }
        let rshape: Vec<usize> = ranges.iter().map(|r| r.1).collect();
        let val = if val.shape() == rshape.as_slice() {
            val
        } else {
            let s: Vec<i64> = rshape.iter().map(|&n| n as i64).collect();
            build::reshape(&val, &s, span.clone())?
        };
        return Ok(set_slice(x, ranges, val, span));
    }
    if items
        .iter()
        .any(|i| matches!(i, Item::Basic(IndexItem::NewAxis)))
    {
        // As numpy: each `None` is a length-1 axis of the selection. Update `x` viewed with
        // those axes inserted (a full slice indexes each), then drop them again.
        let full = |s: &Span| IndexItem::Slice(None, None, None, s.clone());
        let mut view = Vec::new();
        let mut inner = Vec::new();
        for it in items {
            match it {
                Item::Basic(IndexItem::NewAxis) => {
                    view.push(IndexItem::NewAxis);
                    inner.push(Item::Basic(full(&span)));
                }
                Item::Basic(IndexItem::Ellipsis(s)) => {
                    view.push(IndexItem::Ellipsis(s.clone()));
                    inner.push(Item::Basic(IndexItem::Ellipsis(s)));
                }
                other => {
                    view.extend((0..consumes(&other)).map(|_| full(&span)));
                    inner.push(other);
                }
            }
        }
        let xv = build::getitem(x, view, span.clone())?;
        let r = setitem(&xv, inner, v, span.clone())?;
        let shape: Vec<i64> = x.shape().iter().map(|&n| n as i64).collect();
        let r = build::reshape(&r, &shape, span)?;
        return Ok(build::rechunk_to(&r, x.meta.chunks.clone()));
    }
    if let Some(r) = set_axis_mask(x, &items, &v, &span)? {
        return Ok(r);
    }
    let p = plan(x, items, &span)?;
    let val = fit(&v.0, &v.1, &p.meta.shape, dt, &span)?;
    // One value: the scatter tasks carry it (0-d), never a block of the selection's size.
    let val = match one_value(&v, dt, &val)? {
        Some(one) => one,
        None => build::rechunk_to(&val, p.meta.chunks.clone()),
    };
    let mut inputs = vec![p.sub.clone()];
    inputs.extend(p.idx);
    inputs.push(val);
    let scattered = Node::new(
        Op::Scatter(Arc::new(p.fancy)),
        inputs,
        p.sub.meta.clone(),
        span.clone(),
    );
    if Rc::ptr_eq(&p.sub, x) {
        return Ok(scattered);
    }
    let (ranges, _) = region(x, p.basic, &span)?;
    Ok(set_slice(x, ranges, scattered, span))
}

/// `x[:, m] = v` with a boolean `m` computed from data over some axes, every other item a
/// full slice, and `v` one value (or an array of 1s along `m`'s axes): `where(m on its
/// axes, v, x)`. None for any other form.
fn set_axis_mask(x: &Arr, items: &[Item], v: &(Operand, Span), span: &Span) -> Result<Option<Arr>> {
    let full = |it: &Item| matches!(it, Item::Basic(IndexItem::Slice(None, None, None, _)));
    let masks: Vec<usize> = (0..items.len())
        .filter(|&k| matches!(&items[k], Item::Array(m, _) if m.dtype() == DType::Bool))
        .collect();
    let [k] = masks[..] else { return Ok(None) };
    let Item::Array(m, msp) = &items[k] else {
        unreachable!("a mask item")
    };
    if known(m).is_some() || !items.iter().enumerate().all(|(j, it)| j == k || full(it)) {
        return Ok(None);
    }
    let (d, r) = (k, m.ndim());
    if d + r > x.ndim() || m.shape() != &x.shape()[d..d + r] {
        return Ok(None); // plan() reports the mismatch
    }
    if let Operand::Array(a) = &v.0 {
        // v broadcasts against the selection, whose length along m's axes is unknown.
        let lead = a.ndim() as isize - (x.ndim() - d) as isize;
        let ones = (0..r).all(|j| {
            let at = lead + j as isize;
            at < 0 || a.shape()[at as usize] == 1
        });
        if a.meta.size() != 1 && !ones {
            return Ok(None);
        }
    }
    let mut shape: Vec<i64> = vec![1; x.ndim()];
    for j in 0..r {
        shape[d + j] = m.shape()[j] as i64;
    }
    let mb = build::reshape(m, &shape, msp.clone())?;
    set_masked(x, &mb, msp.clone(), v.clone(), span.clone()).map(Some)
}

fn set_slice(x: &Arr, ranges: Ranges, val: Arr, span: Span) -> Arr {
    let whole = ranges
        .iter()
        .zip(x.shape())
        .all(|(&(s, l, st), &n)| s == 0 && l == n && st == 1);
    if whole {
        let val = if val.ndim() < x.ndim() {
            build::broadcast_to(&val, x.shape(), span).expect("one value broadcasts")
        } else {
            val
        };
        return build::rechunk_to(&val, x.meta.chunks.clone());
    }
    Node::new(
        Op::SetSlice { ranges },
        vec![x.clone(), val],
        x.meta.clone(),
        span,
    )
}

/// `x[mask] = v` for a boolean `mask` of x's shape: `where(mask, v, x)` (v a scalar, a
/// one-element array, or an array that broadcasts to x's shape).
pub fn set_masked(x: &Arr, mask: &Arr, mspan: Span, v: (Operand, Span), span: Span) -> Result<Arr> {
    let dt = x.dtype();
    let val = match &v.0 {
        Operand::Scalar(_) => fit(&v.0, &v.1, &[], dt, &span)?,
        Operand::Array(a) if a.meta.size() == 1 => {
            let a = build::reshape(a, &[], v.1.clone())?;
            build::astype(&a, dt, v.1.clone())?
        }
        Operand::Array(a)
            if build::broadcast_shapes(&[(a.shape(), v.1.clone()), (x.shape(), span.clone())])
                .ok()
                .as_deref()
                == Some(x.shape()) =>
        {
            build::astype(a, dt, v.1.clone())?
        }
        Operand::Array(a) => {
            return Err(Diagnostic::new(
                codes::SHAPE,
                format!(
                    "cannot assign an array of shape {} to a boolean-mask selection",
                    build::shape_str(a.shape())
                ),
            )
            .label(v.1.clone(), "this value")
            .label(mspan, "the selection's length depends on the data")
            .note("assign a scalar, or y[m] for an array y of x's shape (x[m] = y[m])"))
        }
    };
    let r = build::where_(
        (Operand::Array(mask.clone()), mspan),
        (Operand::Array(val), v.1),
        (Operand::Array(x.clone()), x.span.clone()),
        span,
    )?;
    Ok(build::rechunk_to(&r, x.meta.chunks.clone()))
}
