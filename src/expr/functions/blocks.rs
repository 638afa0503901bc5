//! Block functions: a function and chunked arrays -> the function applied to each block
//! (`map_blocks`), or to each block widened by its neighbours' edges and trimmed after
//! (`map_overlap`, dask's ghost cells).
//!
//! ```text
//! map_blocks(f, x)              x = [b0 | b1 | b2]  ->  [f(b0) | f(b1) | f(b2)]
//! map_overlap(f, x, depth=1)    -> [trim(f(b0 + b1[:1])) | trim(f(b0[-1:] + b1 + b2[:1])) | ...]
//! ```
//!
//! The function is called once per block while the script is compiled: each call builds the
//! lazy expression of one output block from a slice of the inputs (a halo from the
//! neighbours' edge elements only), rechunked to one block, and the results are concatenated
//! back into the grid. Fusion then makes each output block one task; nothing reads a whole
//! axis unless the function asks for it.

use super::args::{to_bool, to_dtype, to_int, to_ints, to_str, type_err};
use super::{Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem};
use crate::expr::chunks::{offsets, refine, unravel};
use crate::expr::interp::{CallArgs, Interp, Result};
use crate::expr::node::{Arr, Chunks, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::Scalar;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "map_blocks",
        "map_blocks(fn, *arrays, dtype=None, chunks=None, drop_axis=None, new_axis=None, **kwargs)",
        "fn applied to each block (of several arrays: their aligned blocks), one task per block; chunks= gives the output block shape when fn changes it, as dask's map_blocks",
        "fn f(b) = b - b.min(); map_blocks(f, array([5, 3, 4, 9, 7, 8], chunks=3))",
        Imp::Raw(map_blocks),
    )
    .method(),
    Function::new(
        "map_overlap",
        "map_overlap(fn, *arrays, depth=0, boundary=\"none\", trim=True, dtype=None, **kwargs)",
        "fn applied to each block widened by `depth` elements of its neighbours (boundary: \"none\", \"reflect\", \"periodic\", \"nearest\" or a number at the array's ends), the widening trimmed off after",
        "fn f(b) = b + roll(b, 1) + roll(b, -1); map_overlap(f, arange(8, chunks=4), depth=1, boundary=\"periodic\")",
        Imp::Raw(map_overlap),
    )
    .method(),
];

/// More blocks than this would build too many expressions at compile time.
const MAX_BLOCKS: usize = 100_000;

/// What the array's ends are widened with (dask's `boundary`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Boundary {
    /// Not widened: the first and last blocks get a halo on their inner side only.
    None,
    /// Mirrored, the edge element included (numpy's "symmetric").
    Reflect,
    /// Wrapped around.
    Periodic,
    /// The edge element repeated.
    Nearest,
    Const(Scalar),
}

/// A positional argument after the function.
enum Arg {
    Array(Arr),
    Other(Value),
}

/// Keyword arguments, in call order: name, value, span.
type Keywords = Vec<(String, Value, Span)>;

/// A parsed call: the function, its arguments and the keywords forwarded to it.
struct Call {
    f: Value,
    fspan: Span,
    args: Vec<(Arg, Span)>,
    kw: Keywords,
    span: Span,
    name: &'static str,
    /// The function takes `block_id` (the block's index in the grid).
    block_id: bool,
}

fn arg_err(msg: impl Into<String>, span: &Span, label: &str) -> Diagnostic {
    Diagnostic::new(codes::ARGUMENT, msg).label(span.clone(), label.to_string())
}

/// Splits the call into the function, its arrays and the keywords in `own` (returned by name).
fn parse(
    it: &mut Interp,
    name: &'static str,
    mut args: CallArgs,
    own: &[&str],
) -> Result<(Call, Keywords)> {
    // `x.map_blocks(f, ...)`: the receiver comes first.
    if args.pos.len() >= 2
        && matches!(args.pos[0].0, Value::Array(_))
        && is_callable(&args.pos[1].0)
    {
        args.pos.swap(0, 1);
        // dask's `x.map_overlap(f, depth, boundary)` takes them positionally.
        if name == "map_overlap" {
            for key in ["depth", "boundary"] {
                if args.pos.len() > 2 && !args.kw.iter().any(|k| k.0 == key) {
                    let (v, sp) = args.pos.remove(2);
                    args.kw.push((key.to_string(), v, sp));
                }
            }
        }
    }
    let Some((f, fspan)) = args.pos.first().cloned() else {
        return Err(arg_err(
            format!("`{name}` needs a function and at least one array"),
            &args.span,
            "in this call",
        ));
    };
    if !is_callable(&f) {
        return Err(Diagnostic::new(
            codes::TYPE,
            format!(
                "the first argument of `{name}` must be a function, not {} {}",
                if f.type_name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                },
                f.type_name()
            ),
        )
        .label(fspan, "not a function")
        .note("define one with `fn f(b) = ...` and pass its name: `map_blocks(f, x)`"));
    }
    let mut pos = Vec::new();
    for (v, sp) in args.pos.into_iter().skip(1) {
        match v {
            Value::Array(a) => pos.push((Arg::Array(a), sp)),
            other => pos.push((Arg::Other(other), sp)),
        }
    }
    if !pos.iter().any(|(a, _)| matches!(a, Arg::Array(_))) {
        return Err(arg_err(
            format!("`{name}` needs at least one array after the function"),
            &args.span,
            "no array argument",
        ));
    }
    let (mine, kw): (Vec<_>, Vec<_>) = args
        .kw
        .into_iter()
        .partition(|k| own.contains(&k.0.as_str()));
    let block_id = match &f {
        Value::Func(uf) => uf.params.iter().any(|p| p.name.node == "block_id"),
        _ => false,
    };
    let _ = it;
    Ok((
        Call {
            f,
            fspan,
            args: pos,
            kw,
            span: args.span,
            name,
            block_id,
        },
        mine,
    ))
}

fn is_callable(v: &Value) -> bool {
    matches!(v, Value::Func(_) | Value::Builtin(_) | Value::Method(..))
}

fn own<'a>(kw: &'a [(String, Value, Span)], key: &str) -> Option<(&'a Value, &'a Span)> {
    kw.iter()
        .find(|k| k.0 == key && !matches!(k.1, Value::None))
        .map(|k| (&k.1, &k.2))
}

/// The arrays aligned to the right (numpy broadcasting), with the common grid of blocks.
struct Grid {
    shape: Vec<usize>,
    chunks: Chunks,
}

/// The broadcast shape of the arrays and the common refinement of their chunks; each array
/// rechunked to it along its full-length axes (length-1 axes stay one block).
fn align(call: &mut Call, whole_axes: &[usize]) -> Result<Grid> {
    let arrays: Vec<(Arr, Span)> = call
        .args
        .iter()
        .filter_map(|(a, sp)| match a {
            Arg::Array(x) => Some((x.clone(), sp.clone())),
            Arg::Other(_) => None,
        })
        .collect();
    let shapes: Vec<(&[usize], Span)> = arrays
        .iter()
        .map(|(a, sp)| (a.shape(), sp.clone()))
        .collect();
    let shape = build::broadcast_shapes(&shapes)?;
    let nd = shape.len();
    let mut chunks: Chunks = Vec::with_capacity(nd);
    for (d, &n) in shape.iter().enumerate() {
        let mut c: Option<Vec<usize>> = None;
        for (a, _) in &arrays {
            let off = nd - a.ndim();
            if d >= off && a.shape()[d - off] == n {
                let ac = &a.meta.chunks[d - off];
                c = Some(match c {
                    None => ac.clone(),
                    Some(prev) => refine(&prev, ac),
                });
            }
        }
        let mut c = c.unwrap_or_else(|| vec![n]);
        if whole_axes.contains(&d) {
            c = vec![n];
        }
        chunks.push(c);
    }
    let mut orig: Vec<Vec<usize>> = Vec::new();
    for (a, _) in call.args.iter_mut() {
        if let Arg::Array(x) = a {
            orig.push(x.shape().to_vec());
            let off = nd - x.ndim();
            let want: Chunks = (0..x.ndim())
                .map(|k| {
                    if x.shape()[k] == shape[k + off] {
                        chunks[k + off].clone()
                    } else {
                        vec![x.shape()[k]]
                    }
                })
                .collect();
            *x = build::rechunk_to(x, want);
        }
    }
    let nblocks: usize = chunks.iter().map(|c| c.len()).product();
    if nblocks > MAX_BLOCKS {
        return Err(Diagnostic::new(
            codes::LIMIT,
            format!(
                "`{}` over {nblocks} blocks: at most {MAX_BLOCKS} (the function is called once per block)",
                call.name
            ),
        )
        .label(call.span.clone(), "in this call")
        .note("rechunk the arrays to larger blocks first: `rechunk(x, ...)`"));
    }
    Ok(Grid { shape, chunks })
}

/// `x[ranges]` for `(start, len)` per axis, in one block.
fn block_of(x: &Arr, ranges: &[(usize, usize)], span: &Span) -> Result<Arr> {
    let items = ranges
        .iter()
        .map(|&(s, l)| IndexItem::Slice(Some(s as i64), Some((s + l) as i64), None, span.clone()))
        .collect();
    let b = build::getitem(x, items, span.clone())?;
    Ok(one_block(&b))
}

fn one_block(x: &Arr) -> Arr {
    build::rechunk_to(x, x.shape().iter().map(|&d| vec![d]).collect())
}

/// Calls the function on one block's arguments: an array.
fn call_block(
    it: &mut Interp,
    call: &Call,
    blocks: Vec<Option<Arr>>,
    idx: &[usize],
) -> Result<Arr> {
    let mut pos = Vec::with_capacity(call.args.len());
    let mut blocks = blocks.into_iter();
    for (a, sp) in &call.args {
        let v = match a {
            Arg::Array(_) => Value::Array(blocks.next().flatten().expect("one block per array")),
            Arg::Other(v) => v.clone(),
        };
        pos.push((v, sp.clone()));
    }
    let mut kw = call.kw.clone();
    if call.block_id && !kw.iter().any(|k| k.0 == "block_id") {
        let id = Value::Tuple(idx.iter().map(|&i| Value::Int(i as i64)).collect());
        kw.push(("block_id".into(), id, call.span.clone()));
    }
    let args = CallArgs {
        pos,
        kw,
        span: call.span.clone(),
    };
    let r = it.call(call.f.clone(), args, call.fspan.clone())?;
    match r {
        Value::Array(a) => Ok(a),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            super::args::to_array(it, &r, &call.fspan)
        }
        other => Err(Diagnostic::new(
            codes::TYPE,
            format!(
                "the function given to `{}` must return an array, but it returned a {}",
                call.name,
                other.type_name()
            ),
        )
        .label(call.fspan.clone(), "this function")),
    }
}

/// The block lengths of an output axis from `chunks=`: an int (every block that long) or the
/// lengths of its blocks.
fn parse_out_chunks(v: &Value, sp: &Span, grid: &[usize]) -> Result<Chunks> {
    let items: Vec<Value> = match v {
        Value::Tuple(items) | Value::List(items) => items.clone(),
        Value::Int(_) => vec![v.clone()],
        other => return Err(type_err("a tuple of block lengths", other, sp)),
    };
    if items.len() != grid.len() {
        return Err(Diagnostic::new(
            codes::SHAPE,
            format!(
                "chunks= has {} axes but the output has {} (after drop_axis and new_axis)",
                items.len(),
                grid.len()
            ),
        )
        .label(sp.clone(), "one entry per output axis"));
    }
    items
        .iter()
        .zip(grid)
        .map(|(item, &nb)| {
            let c: Vec<i64> = match item {
                Value::Int(c) => vec![*c; nb],
                other => to_ints(other, sp)?,
            };
            if c.len() != nb || c.iter().any(|&x| x < 0) {
                return Err(Diagnostic::new(
                    codes::SHAPE,
                    format!(
                        "chunks= gives {} block lengths along an axis of {nb} blocks",
                        c.len()
                    ),
                )
                .label(sp.clone(), "block lengths"));
            }
            Ok(c.into_iter().map(|x| x as usize).collect())
        })
        .collect()
}

fn axes_of(v: Option<(&Value, &Span)>, ndim: usize) -> Result<Vec<usize>> {
    let Some((v, sp)) = v else {
        return Ok(Vec::new());
    };
    let ax = to_ints(v, sp)?;
    let ax: Vec<(i64, Span)> = ax.into_iter().map(|a| (a, sp.clone())).collect();
    let mut ax = build::normalize_axes(&ax, ndim)?;
    ax.sort_unstable();
    ax.dedup();
    Ok(ax)
}

fn shape_mismatch(
    call: &Call,
    got: &[usize],
    want: &[usize],
    idx: &[usize],
    hint: &str,
) -> Diagnostic {
    Diagnostic::new(
        codes::SHAPE,
        format!(
            "the function given to `{}` returned a block of shape {} where {} was expected (block {})",
            call.name,
            build::shape_str(got),
            build::shape_str(want),
            build::shape_str(idx)
        ),
    )
    .label(call.fspan.clone(), "this function")
    .note(hint.to_string())
}

/// The pieces (row-major over `grid`) concatenated back into one array.
fn assemble(pieces: &[Arr], grid: &[usize], nd: usize, span: &Span) -> Result<Arr> {
    if grid.is_empty() {
        return Ok(pieces[0].clone());
    }
    let inner: usize = grid[1..].iter().product();
    let rows = (0..grid[0])
        .map(|i| assemble(&pieces[i * inner..(i + 1) * inner], &grid[1..], nd, span))
        .collect::<Result<Vec<_>>>()?;
    if rows.len() == 1 {
        return Ok(rows.into_iter().next().expect("one row"));
    }
    let axis = (nd - grid.len()) as i64;
    let parts: Vec<(Arr, Span)> = rows.into_iter().map(|r| (r, span.clone())).collect();
    build::concatenate(&parts, (axis, span.clone()), span.clone())
}

/// Casts every piece to `dtype`, or to their common dtype.
fn unify_dtypes(pieces: Vec<Arr>, dtype: Option<DType>, span: &Span) -> Result<Vec<Arr>> {
    let dt = dtype.unwrap_or_else(|| {
        pieces
            .iter()
            .skip(1)
            .fold(pieces[0].dtype(), |d, p| DType::promote(d, p.dtype()))
    });
    pieces
        .iter()
        .map(|p| build::astype(p, dt, span.clone()))
        .collect()
}

fn map_blocks(it: &mut Interp, name: &'static str, args: CallArgs) -> Result<Value> {
    let (mut call, mine) = parse(
        it,
        name,
        args,
        &["dtype", "chunks", "drop_axis", "new_axis"],
    )?;
    let dtype = own(&mine, "dtype")
        .map(|(v, sp)| to_dtype(v, sp))
        .transpose()?;
    // numpy broadcasting decides the input grid's rank first.
    let nd = call
        .args
        .iter()
        .filter_map(|(a, _)| match a {
            Arg::Array(x) => Some(x.ndim()),
            Arg::Other(_) => None,
        })
        .max()
        .unwrap_or(0);
    let drop = axes_of(own(&mine, "drop_axis"), nd)?;
    // A dropped axis is seen whole by the function (dask concatenates its blocks).
    let grid = align(&mut call, &drop)?;
    let out_nd = nd - drop.len()
        + own(&mine, "new_axis").map_or(Ok(0), |(v, sp)| to_ints(v, sp).map(|a| a.len()))?;
    let new = axes_of(own(&mine, "new_axis"), out_nd)?;
    // Each output axis: a kept input axis, or a new one (one block).
    let mut kept = (0..nd).filter(|d| !drop.contains(d));
    let out_axes: Vec<Option<usize>> = (0..out_nd)
        .map(|o| if new.contains(&o) { None } else { kept.next() })
        .collect();
    let out_grid: Vec<usize> = out_axes
        .iter()
        .map(|a| a.map_or(1, |d| grid.chunks[d].len()))
        .collect();
    let given = own(&mine, "chunks")
        .map(|(v, sp)| parse_out_chunks(v, sp, &out_grid))
        .transpose()?;
    let out_chunks: Chunks = match &given {
        Some(c) => c.clone(),
        None => out_axes
            .iter()
            .map(|a| a.map_or(vec![1], |d| grid.chunks[d].clone()))
            .collect(),
    };
    let in_grid: Vec<usize> = grid.chunks.iter().map(|c| c.len()).collect();
    let offs: Vec<Vec<usize>> = grid.chunks.iter().map(|c| offsets(c)).collect();
    let n: usize = in_grid.iter().product();
    let mut pieces = Vec::with_capacity(n);
    for f in 0..n {
        let idx = unravel(f, &in_grid);
        let blocks = block_args(&call, &grid, &idx, &offs)?;
        let piece = call_block(it, &call, blocks, &idx)?;
        let out_idx: Vec<usize> = out_axes.iter().map(|a| a.map_or(0, |d| idx[d])).collect();
        let want: Vec<usize> = out_chunks
            .iter()
            .zip(&out_idx)
            .map(|(c, &i)| c[i])
            .collect();
        if piece.shape() != want.as_slice() {
            let hint = if given.is_some() {
                "chunks= must give the shape of every block the function returns"
            } else {
                "when the function changes the block shape, give the output blocks' lengths with chunks= (and drop_axis=/new_axis= for a changed number of axes), as in dask"
            };
            return Err(shape_mismatch(&call, piece.shape(), &want, &idx, hint));
        }
        pieces.push(one_block(&piece));
    }
    let pieces = unify_dtypes(pieces, dtype, &call.span)?;
    Ok(Value::Array(assemble(
        &pieces, &out_grid, out_nd, &call.span,
    )?))
}

/// Each array's block `idx` of the grid (length-1 axes whole).
fn block_args(
    call: &Call,
    grid: &Grid,
    idx: &[usize],
    offs: &[Vec<usize>],
) -> Result<Vec<Option<Arr>>> {
    let nd = grid.shape.len();
    call.args
        .iter()
        .filter_map(|(a, _)| match a {
            Arg::Array(x) => Some(x),
            Arg::Other(_) => None,
        })
        .map(|x| {
            let off = nd - x.ndim();
            let ranges: Vec<(usize, usize)> = (0..x.ndim())
                .map(|k| {
                    let d = k + off;
                    if x.shape()[k] == grid.shape[d] {
                        (offs[d][idx[d]], grid.chunks[d][idx[d]])
                    } else {
                        (0, x.shape()[k])
                    }
                })
                .collect();
            block_of(x, &ranges, &call.span).map(Some)
        })
        .collect()
}

fn parse_boundary(v: Option<(&Value, &Span)>) -> Result<Boundary> {
    let Some((v, sp)) = v else {
        return Ok(Boundary::None);
    };
    if let Some(s) = v.scalar() {
        return Ok(Boundary::Const(s));
    }
    match to_str(v, sp)? {
        "none" => Ok(Boundary::None),
        "reflect" => Ok(Boundary::Reflect),
        "periodic" => Ok(Boundary::Periodic),
        "nearest" => Ok(Boundary::Nearest),
        other => Err(
            arg_err(format!("unknown boundary `{other}`"), sp, "boundary")
                .note("boundary is \"none\", \"reflect\", \"periodic\", \"nearest\" or a number"),
        ),
    }
}

fn slice_axis(
    x: &Arr,
    axis: usize,
    start: usize,
    stop: usize,
    step: Option<i64>,
    sp: &Span,
) -> Result<Arr> {
    let items = (0..x.ndim())
        .map(|d| {
            if d == axis {
                IndexItem::Slice(Some(start as i64), Some(stop as i64), None, sp.clone())
            } else {
                IndexItem::Slice(None, None, None, sp.clone())
            }
        })
        .collect();
    let s = build::getitem(x, items, sp.clone())?;
    match step {
        None => Ok(s),
        Some(st) => {
            let items = (0..x.ndim())
                .map(|d| {
                    let step = (d == axis).then_some(st);
                    IndexItem::Slice(None, None, step, sp.clone())
                })
                .collect();
            build::getitem(&s, items, sp.clone())
        }
    }
}

/// `x` widened by `k` elements at both ends of `axis` as `boundary` says.
fn widen(x: &Arr, axis: usize, k: usize, boundary: Boundary, sp: &Span) -> Result<Arr> {
    let n = x.shape()[axis];
    if matches!(boundary, Boundary::Reflect | Boundary::Periodic) && k > n {
        return Err(Diagnostic::new(
            codes::SHAPE,
            format!("depth {k} is larger than axis {axis} of length {n}"),
        )
        .label(sp.clone(), "this call"));
    }
    let (left, right) = match boundary {
        Boundary::None => return Ok(x.clone()),
        Boundary::Periodic => (
            slice_axis(x, axis, n - k, n, None, sp)?,
            slice_axis(x, axis, 0, k, None, sp)?,
        ),
        Boundary::Reflect => (
            slice_axis(x, axis, 0, k, Some(-1), sp)?,
            slice_axis(x, axis, n - k, n, Some(-1), sp)?,
        ),
        Boundary::Nearest | Boundary::Const(_) => {
            let mut shape = x.shape().to_vec();
            shape[axis] = k;
            let side = |first: bool| -> Result<Arr> {
                if let Boundary::Const(c) = boundary {
                    let v = match x.dtype() {
                        DType::Bool => Scalar::Bool(c.as_bool()),
                        d if d.is_float() => Scalar::Float(c.as_f64()),
                        _ => Scalar::Int(c.as_i64()),
                    };
                    let mut ch = x.meta.chunks.clone();
                    ch[axis] = vec![k];
                    let full = Node::new(
                        Op::Full(v),
                        vec![],
                        Meta {
                            shape: shape.clone(),
                            dtype: x.dtype(),
                            chunks: ch,
                        },
                        sp.clone(),
                    );
                    return build::astype(&full, x.dtype(), sp.clone());
                }
                let (s, e) = if first { (0, 1) } else { (n - 1, n) };
                let edge = slice_axis(x, axis, s, e, None, sp)?;
                build::broadcast_to(&edge, &shape, sp.clone())
            };
            (side(true)?, side(false)?)
        }
    };
    let parts = vec![
        (left, sp.clone()),
        (x.clone(), sp.clone()),
        (right, sp.clone()),
    ];
    build::concatenate(&parts, (axis as i64, sp.clone()), sp.clone())
}

fn map_overlap(it: &mut Interp, name: &'static str, args: CallArgs) -> Result<Value> {
    let (mut call, mine) = parse(it, name, args, &["depth", "boundary", "trim", "dtype"])?;
    let dtype = own(&mine, "dtype")
        .map(|(v, sp)| to_dtype(v, sp))
        .transpose()?;
    let trim = own(&mine, "trim").map_or(Ok(true), |(v, sp)| to_bool(v, sp))?;
    let boundary = parse_boundary(own(&mine, "boundary"))?;
    let grid = align(&mut call, &[])?;
    let nd = grid.shape.len();
    let depth: Vec<usize> = match own(&mine, "depth") {
        None => vec![0; nd],
        Some((v, sp)) => {
            let d = match v {
                Value::Tuple(_) | Value::List(_) => to_ints(v, sp)?,
                _ => vec![to_int(v, sp)?; nd],
            };
            if d.len() != nd || d.iter().any(|&k| k < 0) {
                return Err(arg_err(
                    format!("depth must be a non-negative int or one per axis ({nd} axes)"),
                    sp,
                    "depth",
                ));
            }
            d.into_iter().map(|k| k as usize).collect()
        }
    };
    // Each array widened at the array's ends (unless boundary="none"); the halo of an inner
    // block edge comes from its neighbour's edge elements.
    let mut orig: Vec<Vec<usize>> = Vec::new();
    for (a, _) in call.args.iter_mut() {
        if let Arg::Array(x) = a {
            orig.push(x.shape().to_vec());
            let off = nd - x.ndim();
            for k in 0..x.ndim() {
                let d = k + off;
                if depth[d] > 0 && x.shape()[k] == grid.shape[d] && grid.shape[d] > 1 {
                    *x = widen(x, k, depth[d], boundary, &call.span)?;
                }
            }
        }
    }
    let widened = boundary != Boundary::None;
    let in_grid: Vec<usize> = grid.chunks.iter().map(|c| c.len()).collect();
    let offs: Vec<Vec<usize>> = grid.chunks.iter().map(|c| offsets(c)).collect();
    let n: usize = in_grid.iter().product();
    let mut pieces = Vec::with_capacity(n);
    for f in 0..n {
        let idx = unravel(f, &in_grid);
        // Per axis: (start in the original, block length, halo before, halo after).
        let ext: Vec<(usize, usize, usize, usize)> = (0..nd)
            .map(|d| {
                let (s, l, len) = (offs[d][idx[d]], grid.chunks[d][idx[d]], grid.shape[d]);
                let k = if len > 1 { depth[d] } else { 0 };
                if widened {
                    (s, l, k, k)
                } else {
                    (s, l, k.min(s), k.min(len - s - l))
                }
            })
            .collect();
        let mut blocks = Vec::new();
        let arrays = call.args.iter().filter_map(|(a, _)| match a {
            Arg::Array(x) => Some(x),
            Arg::Other(_) => None,
        });
        for (x, shape) in arrays.zip(&orig) {
            let off = nd - x.ndim();
            let ranges: Vec<(usize, usize)> = (0..x.ndim())
                .map(|k| {
                    let d = k + off;
                    let (s, l, before, after) = ext[d];
                    if shape[k] == grid.shape[d] {
                        // A widened array holds position s of the original at s + depth.
                        let start = if widened { s } else { s - before };
                        (start, before + l + after)
                    } else {
                        (0, x.shape()[k])
                    }
                })
                .collect();
            blocks.push(Some(block_of(x, &ranges, &call.span)?));
        }
        let piece = call_block(it, &call, blocks, &idx)?;
        let want: Vec<usize> = ext.iter().map(|&(_, l, b, a)| b + l + a).collect();
        if piece.shape() != want.as_slice() {
            return Err(shape_mismatch(
                &call,
                piece.shape(),
                &want,
                &idx,
                "map_overlap's function must keep the shape of the widened block it is given (the widening is trimmed after)",
            ));
        }
        let piece = if trim {
            let items = ext
                .iter()
                .map(|&(_, l, b, _)| {
                    IndexItem::Slice(
                        Some(b as i64),
                        Some((b + l) as i64),
                        None,
                        call.span.clone(),
                    )
                })
                .collect();
            build::getitem(&piece, items, call.span.clone())?
        } else {
            piece
        };
        pieces.push(one_block(&piece));
    }
    let pieces = unify_dtypes(pieces, dtype, &call.span)?;
    Ok(Value::Array(assemble(&pieces, &in_grid, nd, &call.span)?))
}
