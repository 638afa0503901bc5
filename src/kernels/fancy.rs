//! Fancy indexing kernels: gather (`x[idx]`), scatter (`x[idx] = v`), place
//! (`x[a:b:s] = v`) and take_along_axis over blocks: steps that see one block of `x`, or
//! parts (what one `x` block holds of an output block) and the join that puts them in place.

use super::Block;
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, Slice};

/// Where a step's `x` block sits along the indexed axes, and what the output looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct GatherSpec {
    /// The axes of `x` indexed by the index arrays, in order.
    pub axes: Vec<usize>,
    /// Where the index arrays' axes go among the output's axes.
    pub pos: usize,
    /// The block's offset along each indexed axis.
    pub lo: Vec<usize>,
    /// The whole array's length along each indexed axis (for negative indices and checks).
    pub sizes: Vec<usize>,
    /// The first step of a chain: starts from zeros and checks every index.
    pub first: bool,
}

/// One selected position: the flat index into the index block and local positions in `x`.
struct Hit {
    j: usize,
    local: Vec<usize>,
}

/// The positions of the index block landing in the block at `spec.lo` whose extent along
/// each indexed axis is `ext`, in index order.
fn hits(spec: &GatherSpec, idx: &[&Block], ext: &[usize]) -> Result<Vec<Hit>, String> {
    let vals: Vec<Vec<i64>> = idx
        .iter()
        .map(|b| match b.cast(crate::dtype::DType::I64) {
            Block::I64(a) => a.iter().copied().collect(),
            _ => unreachable!("cast to int64"),
        })
        .collect();
    let n = vals.first().map_or(0, |v| v.len());
    let mut out = Vec::new();
    'pos: for j in 0..n {
        let mut local = Vec::with_capacity(vals.len());
        let mut inside = true;
        for (k, v) in vals.iter().enumerate() {
            let size = spec.sizes[k] as i64;
            let mut i = v[j];
            if i < 0 {
                i += size;
            }
            if i < 0 || i >= size {
                if spec.first {
                    return Err(format!(
                        "index {} is out of bounds for axis {} with size {size}",
                        v[j], spec.axes[k]
                    ));
                }
                continue 'pos;
            }
            let l = i - spec.lo[k] as i64;
            if l < 0 || l >= ext[k] as i64 {
                inside = false;
            }
            local.push(l as usize);
        }
        if inside {
            out.push(Hit { j, local });
        }
    }
    Ok(out)
}

/// A block's extent along each indexed axis.
fn extents(spec: &GatherSpec, shape: &[usize]) -> Vec<usize> {
    spec.axes.iter().map(|&d| shape[d]).collect()
}

/// The view of `x` with the indexed axes fixed at `local`.
fn fix_x<'a, T>(mut v: ArrayViewD<'a, T>, axes: &[usize], local: &[usize]) -> ArrayViewD<'a, T> {
    let mut order: Vec<usize> = (0..axes.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(axes[k]));
    for k in order {
        v = v.index_axis_move(Axis(axes[k]), local[k]);
    }
    v
}

/// The view of the output with the index arrays' axes fixed at the multi-index `b`.
fn fix_out<'a, T>(mut v: ArrayViewMutD<'a, T>, pos: usize, b: &[usize]) -> ArrayViewMutD<'a, T> {
    for k in (0..b.len()).rev() {
        v = v.index_axis_move(Axis(pos + k), b[k]);
    }
    v
}

fn unravel(mut j: usize, shape: &[usize]) -> Vec<usize> {
    let mut b = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        b[d] = j % shape[d].max(1);
        j /= shape[d].max(1);
    }
    b
}

/// A single indexed axis of standard-layout arrays: `(outer, n, inner)` runs.
fn runs(shape: &[usize], axis: usize) -> (usize, usize, usize) {
    (
        shape[..axis].iter().product(),
        shape[axis],
        shape[axis + 1..].iter().product(),
    )
}

/// One gather step: `acc` (zeros when the chain starts) with the elements `x` holds.
pub fn gather_step(
    spec: &GatherSpec,
    acc: Option<Block>,
    x: &Block,
    idx: &[&Block],
    out_shape: &[usize],
) -> Result<Block, String> {
    let hits = hits(spec, idx, &extents(spec, x.shape()))?;
    let mut out = match acc {
        Some(a) => a,
        None => Block::zeros(x.dtype(), out_shape),
    };
    let bshape = idx.first().map(|b| b.shape().to_vec()).unwrap_or_default();
    macro_rules! go {
        ($($v:ident),*) => {
            match (&mut out, x) {
                $((Block::$v(o), Block::$v(xa)) => gather_typed(spec, o, xa, &hits, &bshape),)*
                _ => return Err("internal: gather of mismatched dtypes".into()),
            }
        };
    }
    go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128);
    Ok(out)
}

fn gather_typed<T: Copy>(
    spec: &GatherSpec,
    out: &mut ArrayD<T>,
    x: &ArrayD<T>,
    hits: &[Hit],
    bshape: &[usize],
) {
    if spec.axes.len() == 1 && out.is_standard_layout() && x.is_standard_layout() {
        let a = spec.axes[0];
        let (outer, n, inner) = runs(x.shape(), a);
        let nb: usize = bshape.iter().product();
        let xs = x.as_slice().expect("standard layout");
        let os = out.as_slice_mut().expect("standard layout");
        for o in 0..outer {
            for h in hits {
                let src = (o * n + h.local[0]) * inner;
                let dst = (o * nb + h.j) * inner;
                os[dst..dst + inner].copy_from_slice(&xs[src..src + inner]);
            }
        }
        return;
    }
    for h in hits {
        let b = unravel(h.j, bshape);
        let src = fix_x(x.view(), &spec.axes, &h.local);
        fix_out(out.view_mut(), spec.pos, &b).assign(&src);
    }
}

/// The part of a gather one `x` block holds: the output block's layout with the index
/// arrays' axes replaced by one axis of the hits (the index positions landing in this block,
/// in index order). Checks every index.
pub fn gather_part(spec: &GatherSpec, x: &Block, idx: &[&Block]) -> Result<Block, String> {
    let hits = hits(spec, idx, &extents(spec, x.shape()))?;
    Ok(crate::map_block!(x, xa => part_typed(spec, xa, &hits)))
}

/// One indexed axis at the output's same position, in standard layout: the fast paths.
fn one_axis(spec: &GatherSpec) -> bool {
    spec.axes.len() == 1 && spec.pos == spec.axes[0]
}

fn part_typed<T: Copy + Default>(spec: &GatherSpec, x: &ArrayD<T>, hits: &[Hit]) -> ArrayD<T> {
    let mut shape: Vec<usize> = (0..x.ndim())
        .filter(|d| !spec.axes.contains(d))
        .map(|d| x.shape()[d])
        .collect();
    shape.insert(spec.pos, hits.len());
    if one_axis(spec) && x.is_standard_layout() {
        let (outer, n, inner) = runs(x.shape(), spec.pos);
        let xs = x.as_slice().expect("standard layout");
        let mut v = Vec::with_capacity(outer * hits.len() * inner);
        for row in xs.chunks_exact((n * inner).max(1)).take(outer) {
            if inner == 1 {
                v.extend(hits.iter().map(|h| row[h.local[0]]));
            } else {
                for h in hits {
                    let s = h.local[0] * inner;
                    v.extend_from_slice(&row[s..s + inner]);
                }
            }
        }
        if v.len() == shape.iter().product::<usize>() {
            return ArrayD::from_shape_vec(shape, v).expect("sizes agree");
        }
    }
    let mut out = ArrayD::from_elem(shape, T::default());
    for (n, h) in hits.iter().enumerate() {
        let src = fix_x(x.view(), &spec.axes, &h.local);
        out.index_axis_mut(Axis(spec.pos), n).assign(&src);
    }
    out
}

/// A gather's join: the parts (`gather_part`) of one output block, from the `x` blocks at
/// `parts` (offset and extent along each indexed axis), in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinSpec {
    pub gather: GatherSpec,
    pub parts: Vec<(Vec<usize>, Vec<usize>)>,
}

/// The output block of a gather from its parts: each part's hits written at their index
/// positions (positions no part holds stay zero: only where the index block is empty).
pub fn gather_join(
    spec: &JoinSpec,
    idx: &[&Block],
    parts: &[&Block],
    out_shape: &[usize],
    dtype: crate::dtype::DType,
) -> Result<Block, String> {
    let mut out = Block::zeros(dtype, out_shape);
    let bshape = idx.first().map(|b| b.shape().to_vec()).unwrap_or_default();
    for (part, (lo, ext)) in parts.iter().zip(&spec.parts) {
        let g = GatherSpec {
            lo: lo.clone(),
            first: false,
            ..spec.gather.clone()
        };
        let hits = hits(&g, idx, ext)?;
        if part.shape().get(g.pos) != Some(&hits.len()) {
            return Err("internal: a gather part does not match its index block".into());
        }
        macro_rules! go {
            ($($v:ident),*) => {
                match (&mut out, part) {
                    $((Block::$v(o), Block::$v(pa)) => join_typed(&g, o, pa, &hits, &bshape),)*
                    _ => return Err("internal: gather join of mismatched dtypes".into()),
                }
            };
        }
        go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128);
    }
    Ok(out)
}

fn join_typed<T: Copy>(
    spec: &GatherSpec,
    out: &mut ArrayD<T>,
    part: &ArrayD<T>,
    hits: &[Hit],
    bshape: &[usize],
) {
    if one_axis(spec) && out.is_standard_layout() && part.is_standard_layout() {
        let nb: usize = bshape.iter().product();
        let outer: usize = out.shape()[..spec.pos].iter().product();
        let inner: usize = out.shape()[spec.pos + bshape.len()..].iter().product();
        let nh = hits.len();
        let ps = part.as_slice().expect("standard layout");
        let os = out.as_slice_mut().expect("standard layout");
        if outer * nb * inner == os.len() && outer * nh * inner == ps.len() && inner > 0 {
            for o in 0..outer {
                let src = &ps[o * nh * inner..(o + 1) * nh * inner];
                let dst = &mut os[o * nb * inner..(o + 1) * nb * inner];
                if inner == 1 {
                    for (v, h) in src.iter().zip(hits) {
                        dst[h.j] = *v;
                    }
                } else {
                    for (n, h) in hits.iter().enumerate() {
                        dst[h.j * inner..(h.j + 1) * inner]
                            .copy_from_slice(&src[n * inner..(n + 1) * inner]);
                    }
                }
            }
            return;
        }
    }
    for (n, h) in hits.iter().enumerate() {
        let b = unravel(h.j, bshape);
        fix_out(out.view_mut(), spec.pos, &b).assign(&part.index_axis(Axis(spec.pos), n));
    }
}

/// An updated block of `x`: a copy of `x` with, group after group (in index order, so a
/// later write to a position wins as in numpy), the values of `v` (the gathered shape's
/// block) written at the indexed positions this block holds. A group is `(idx..., v)`.
pub fn scatter(
    spec: &GatherSpec,
    x: &Block,
    groups: &[(Vec<&Block>, &Block)],
) -> Result<Block, String> {
    let mut out = x.clone();
    for (idx, v) in groups {
        let hits = hits(spec, idx, &extents(spec, x.shape()))?;
        let bshape = idx.first().map(|b| b.shape().to_vec()).unwrap_or_default();
        let v = v.cast(x.dtype());
        macro_rules! go {
            ($($t:ident),*) => {
                match (&mut out, &v) {
                    $((Block::$t(o), Block::$t(va)) => scatter_typed(spec, o, va, &hits, &bshape),)*
                    _ => return Err("internal: scatter of mismatched dtypes".into()),
                }
            };
        }
        go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128);
    }
    Ok(out)
}

fn scatter_typed<T: Copy>(
    spec: &GatherSpec,
    out: &mut ArrayD<T>,
    v: &ArrayD<T>,
    hits: &[Hit],
    bshape: &[usize],
) {
    if v.ndim() == 0 && out.ndim() > 0 {
        // One value: filled in at every hit.
        let Some(&one) = v.first() else { return };
        for h in hits {
            let mut dst = out.view_mut();
            let mut order: Vec<usize> = (0..spec.axes.len()).collect();
            order.sort_by_key(|&k| std::cmp::Reverse(spec.axes[k]));
            for k in order {
                dst = dst.index_axis_move(Axis(spec.axes[k]), h.local[k]);
            }
            dst.fill(one);
        }
        return;
    }
    if spec.axes.len() == 1 && out.is_standard_layout() && v.is_standard_layout() {
        let a = spec.axes[0];
        let (outer, n, inner) = runs(out.shape(), a);
        let nb: usize = bshape.iter().product();
        let vs = v.as_slice().expect("standard layout");
        let os = out.as_slice_mut().expect("standard layout");
        for o in 0..outer {
            for h in hits {
                let dst = (o * n + h.local[0]) * inner;
                let src = (o * nb + h.j) * inner;
                os[dst..dst + inner].copy_from_slice(&vs[src..src + inner]);
            }
        }
        return;
    }
    for h in hits {
        let b = unravel(h.j, bshape);
        let mut src = v.view();
        for k in (0..b.len()).rev() {
            src = src.index_axis_move(Axis(spec.pos + k), b[k]);
        }
        let mut dst = out.view_mut();
        let mut order: Vec<usize> = (0..spec.axes.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(spec.axes[k]));
        for k in order {
            dst = dst.index_axis_move(Axis(spec.axes[k]), h.local[k]);
        }
        dst.assign(&src);
    }
}

/// Where a block of `x` sits and the strided region `start + i * step` written into it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSpec {
    /// The `x` block's offset per axis.
    pub lo: Vec<usize>,
    /// The region per axis: `(start, len, step)` in `x`'s coordinates.
    pub region: Vec<(usize, usize, isize)>,
    /// Each value block's offset in the region's coordinates (inputs 1..).
    pub v_offs: Vec<Vec<usize>>,
}

/// Region positions `i` in `[v_lo, v_hi)` whose target `start + i*step` is in `[lo, hi)`.
fn landing(
    r: (usize, usize, isize),
    lo: usize,
    hi: usize,
    v_lo: usize,
    v_hi: usize,
) -> (usize, usize) {
    let (start, len, step) = (r.0 as i64, r.1 as i64, r.2 as i64);
    let (lo, hi) = (lo as i64, hi as i64);
    let (a, b) = if step > 0 {
        (
            (lo - start + step - 1).div_euclid(step),
            (hi - start + step - 1).div_euclid(step),
        )
    } else {
        let s = -step;
        (
            (start - hi + 1 + s - 1).div_euclid(s),
            (start - lo).div_euclid(s) + 1,
        )
    };
    let a = a.max(0).max(v_lo as i64).min(len);
    let b = b.min(len).min(v_hi as i64);
    if b <= a {
        (0, 0)
    } else {
        (a as usize, b as usize)
    }
}

/// numpy-style `(start, len, step)` as an ndarray slice (negative steps count from `end`).
fn nd_slice(start: usize, len: usize, step: isize) -> Slice {
    if len == 0 {
        return Slice::new(0, Some(0), 1);
    }
    if step > 0 {
        let end = start + (len - 1) * step as usize + 1;
        Slice::new(start as isize, Some(end as isize), step)
    } else {
        let first = start as isize + (len as isize - 1) * step;
        Slice::new(first, Some(start as isize + 1), step)
    }
}

/// `x` block with the parts of the region its value blocks hold written in.
pub fn place(spec: &PlaceSpec, x: &Block, vs: &[&Block]) -> Block {
    let mut out = x.clone();
    let shape = x.shape().to_vec();
    for (v, voff) in vs.iter().zip(&spec.v_offs) {
        let v = v.cast(x.dtype());
        // A 0-d value fills the whole region (assign broadcasts it).
        let one = v.shape().is_empty() && !shape.is_empty();
        let mut xs = Vec::new();
        let mut vsl = Vec::new();
        let mut empty = false;
        for d in 0..shape.len() {
            let (a, b) = landing(
                spec.region[d],
                spec.lo[d],
                spec.lo[d] + shape[d],
                voff[d],
                voff[d] + if one { spec.region[d].1 } else { v.shape()[d] },
            );
            if a == b {
                empty = true;
                break;
            }
            let (start, _, step) = spec.region[d];
            let p0 = (start as i64 + a as i64 * step as i64) as usize - spec.lo[d];
            xs.push(nd_slice(p0, b - a, step));
            if one {
                continue;
            }
            vsl.push(Slice::new(
                (a - voff[d]) as isize,
                Some((b - voff[d]) as isize),
                1,
            ));
        }
        if empty {
            continue;
        }
        macro_rules! go {
            ($($t:ident),*) => {
                match (&mut out, &v) {
                    $((Block::$t(o), Block::$t(va)) => {
                        let src = if one {
                            va.view()
                        } else {
                            va.slice_each_axis(|ad| vsl[ad.axis.index()])
                        };
                        o.slice_each_axis_mut(|ad| xs[ad.axis.index()]).assign(&src);
                    })*
                    _ => unreachable!("cast to x's dtype"),
                }
            };
        }
        go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128);
    }
    out
}

/// `x[j]` along `axis` picked per lane by `idx` (same shape as the output, which is `x`'s
/// shape with `axis` of idx's length): one step of a take_along_axis chain over the blocks of
/// `x` along `axis` (`lo`: this block's offset, `size`: the whole axis).
pub fn take_along_step(
    acc: Option<Block>,
    x: &Block,
    idx: &Block,
    axis: usize,
    lo: usize,
    size: usize,
    first: bool,
) -> Result<Block, String> {
    let Block::I64(ix) = idx.cast(crate::dtype::DType::I64) else {
        unreachable!("cast to int64")
    };
    let mut out = match acc {
        Some(a) => a,
        None => Block::zeros(x.dtype(), ix.shape()),
    };
    let n = x.shape()[axis] as i64;
    let size_i = size as i64;
    if first {
        if let Some(&bad) = ix.iter().find(|&&i| i < -size_i || i >= size_i) {
            return Err(format!(
                "index {bad} is out of bounds for axis {axis} with size {size}"
            ));
        }
    }
    macro_rules! go {
        ($($t:ident),*) => {
            match (&mut out, x) {
                $((Block::$t(o), Block::$t(xa)) => {
                    ndarray::Zip::from(o.lanes_mut(Axis(axis)))
                        .and(ix.lanes(Axis(axis)))
                        .and(xa.lanes(Axis(axis)))
                        .for_each(|mut ol, il, xl| {
                            for (k, &i) in il.iter().enumerate() {
                                let i = if i < 0 { i + size_i } else { i } - lo as i64;
                                if (0..n).contains(&i) {
                                    ol[k] = xl[i as usize];
                                }
                            }
                        });
                })*
                _ => return Err("internal: take_along_axis of mismatched dtypes".into()),
            }
        };
    }
    go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128);
    Ok(out)
}

/// The geometry of an output block of `take_along_axis`: `idx`'s shape, split around
/// `axis` as `(outer, len, inner)`.
fn lanes3(shape: &[usize], axis: usize) -> (usize, usize, usize) {
    let outer = shape[..axis].iter().product();
    let inner = shape[axis + 1..].iter().product();
    (outer, shape[axis], inner)
}

/// `idx` normalised (negative indices count from the end), row-major.
fn along_indices(idx: &Block, size: usize) -> Vec<i64> {
    let Block::I64(ix) = idx.cast(crate::dtype::DType::I64) else {
        unreachable!("cast to int64")
    };
    ix.iter()
        .map(|&i| if i < 0 { i + size as i64 } else { i })
        .collect()
}

/// The part of a take_along_axis output block that the `x` block at `lo` along `axis`
/// holds: the picked values, in row-major order of the index block, as a 1-d block (the
/// join puts them in place). Out-of-range indices are the join's to report.
pub fn take_along_part(x: &Block, idx: &Block, axis: usize, lo: usize, size: usize) -> Block {
    let ix = along_indices(idx, size);
    let (outer, len, inner) = lanes3(idx.shape(), axis);
    let xn = x.shape()[axis];
    let (lo, hi) = (lo as i64, (lo + xn) as i64);
    macro_rules! go {
        ($($t:ident),*) => {
            match x {
                $(Block::$t(xa) => {
                    let xa = xa.as_standard_layout();
                    let xs = xa.as_slice().expect("standard layout");
                    let mut out = Vec::new();
                    let mut j = 0;
                    for o in 0..outer {
                        for _ in 0..len {
                            for k in 0..inner {
                                let i = ix[j];
                                j += 1;
                                if i >= lo && i < hi {
                                    out.push(xs[(o * xn + (i - lo) as usize) * inner + k]);
                                }
                            }
                        }
                    }
                    let n = out.len();
                    Block::$t(ArrayD::from_shape_vec(ndarray::IxDyn(&[n]), out).expect("1-d"))
                })*
            }
        };
    }
    go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128)
}

/// A take_along_axis output block from the parts of the `x` blocks along `axis` (starting
/// at `offs`, the last entry the axis length): each value taken in turn from its part.
pub fn take_along_join(
    idx: &Block,
    parts: &[&Block],
    axis: usize,
    offs: &[usize],
) -> Result<Block, String> {
    let size = *offs.last().expect("the axis length");
    let ix = along_indices(idx, size);
    if let Some(&bad) = ix.iter().find(|&&i| i < 0 || i >= size as i64) {
        let shown = if bad < 0 { bad - size as i64 } else { bad };
        return Err(format!(
            "index {shown} is out of bounds for axis {axis} with size {size}"
        ));
    }
    let shape = idx.shape().to_vec();
    macro_rules! go {
        ($($t:ident),*) => {
            match parts[0] {
                $(Block::$t(_) => {
                    let ps: Vec<&[_]> = parts
                        .iter()
                        .map(|p| match p {
                            Block::$t(a) => a.as_slice().expect("a 1-d part"),
                            _ => unreachable!("parts of one dtype"),
                        })
                        .collect();
                    let mut at = vec![0usize; ps.len()];
                    let mut out = Vec::with_capacity(ix.len());
                    for &i in &ix {
                        let b = offs.partition_point(|&o| o as i64 <= i) - 1;
                        out.push(ps[b][at[b]]);
                        at[b] += 1;
                    }
                    Block::$t(ArrayD::from_shape_vec(ndarray::IxDyn(&shape), out).expect("idx's shape"))
                })*
            }
        };
    }
    Ok(go!(
        Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128
    ))
}
