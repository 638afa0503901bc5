//! Building lazy arrays: shape, dtype and chunk inference for every operation, with errors
//! that point at the source. Nothing here touches data.

use super::chunks::{self, offsets, refine};
use super::node::{Arr, Chunks, MapExpr, MapLeaf, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;

pub type Result<T> = std::result::Result<T, Diagnostic>;

/// An operand of an elementwise operation: a lazy array or a Python-like ("weak") scalar.
#[derive(Debug, Clone)]
pub enum Operand {
    Array(Arr),
    Scalar(Scalar),
}

impl Operand {
    fn dtype(&self) -> DType {
        match self {
            Operand::Array(a) => a.dtype(),
            Operand::Scalar(s) => s.dtype(),
        }
    }
    fn shape(&self) -> &[usize] {
        match self {
            Operand::Array(a) => a.shape(),
            Operand::Scalar(_) => &[],
        }
    }
}

pub fn shape_str<T: std::fmt::Display>(s: &[T]) -> String {
    match s.len() {
        1 => format!("({},)", s[0]),
        _ => format!(
            "({})",
            s.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// numpy's result dtype for a set of operands (scalars are weak, NEP 50).
pub fn result_dtype(ops: &[&Operand]) -> DType {
    let arrays: Vec<DType> = ops
        .iter()
        .filter(|o| matches!(o, Operand::Array(_)))
        .map(|o| o.dtype())
        .collect();
    let scalars: Vec<DType> = ops
        .iter()
        .filter(|o| matches!(o, Operand::Scalar(_)))
        .map(|o| o.dtype())
        .collect();
    let mut d = match arrays.split_first() {
        Some((first, rest)) => rest.iter().fold(*first, |a, &b| DType::promote(a, b)),
        None => {
            return scalars
                .iter()
                .fold(DType::Bool, |a, &b| DType::promote(a, b))
        }
    };
    for s in scalars {
        d = DType::promote_weak(d, s);
    }
    d
}

/// numpy broadcasting of shapes; the error labels both operands.
pub fn broadcast_shapes(ops: &[(&[usize], Span)]) -> Result<Vec<usize>> {
    let ndim = ops.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; ndim];
    for (i, (s, span)) in ops.iter().enumerate() {
        for (k, &d) in s.iter().enumerate() {
            let o = &mut out[ndim - s.len() + k];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                let (prev, pspan) = ops[..i]
                    .iter()
                    .find(|(p, _)| {
                        p.len() + k >= s.len() && {
                            let pk = p.len() as isize - (s.len() - k) as isize;
                            pk >= 0 && p[pk as usize] != 1
                        }
                    })
                    .map(|(p, sp)| (p.to_vec(), sp.clone()))
                    .unwrap_or((vec![], span.clone()));
                return Err(Diagnostic::new(
                    codes::BROADCAST,
                    format!(
                        "cannot broadcast shapes `{}` and `{}`",
                        shape_str(&prev),
                        shape_str(s)
                    ),
                )
                .label(pspan, format!("shape {}", shape_str(&prev)))
                .label(span.clone(), format!("shape {}", shape_str(s)))
                .note("trailing dimensions must match or be 1"));
            }
        }
    }
    Ok(out)
}

/// Rechunks `a` to `chunks` unless it already has them.
pub fn rechunk_to(a: &Arr, chunks: Chunks) -> Arr {
    if a.meta.chunks == chunks {
        return a.clone();
    }
    let meta = Meta {
        chunks,
        ..a.meta.clone()
    };
    Node::new(Op::Rechunk, vec![a.clone()], meta, a.span.clone())
}

/// Builds an elementwise node. `f` receives one `MapExpr` leaf per operand (already cast to
/// the promoted dtype `dt`) and returns the expression.
pub fn map(
    operands: &[(Operand, Span)],
    span: Span,
    dt_of: impl Fn(DType) -> DType,
    f: impl FnOnce(Vec<MapExpr>, DType) -> MapExpr,
) -> Result<Arr> {
    let shapes: Vec<(&[usize], Span)> = operands
        .iter()
        .map(|(o, s)| (o.shape(), s.clone()))
        .collect();
    let shape = broadcast_shapes(&shapes)?;
    let ops: Vec<&Operand> = operands.iter().map(|(o, _)| o).collect();
    let dt = dt_of(result_dtype(&ops));
    let ndim = shape.len();
    // Unify chunks: every non-broadcast axis takes the common refinement of its inputs.
    let mut out_chunks: Chunks = shape.iter().map(|&d| vec![d]).collect();
    let mut seen = vec![false; ndim];
    for (o, _) in operands {
        if let Operand::Array(a) = o {
            for (k, &d) in a.shape().iter().enumerate() {
                let ax = ndim - a.ndim() + k;
                if d == shape[ax] && !(d == 1 && shape[ax] == 1 && seen[ax]) {
                    out_chunks[ax] = if seen[ax] {
                        refine(&out_chunks[ax], &a.meta.chunks[k])
                    } else {
                        a.meta.chunks[k].clone()
                    };
                    seen[ax] = true;
                }
            }
        }
    }
    let mut inputs: Vec<Arr> = Vec::new();
    let mut leaves = Vec::new();
    for (o, _) in operands {
        let leaf = match o {
            Operand::Scalar(s) => MapExpr::Leaf(MapLeaf::Const(*s), s.dtype()),
            Operand::Array(a) => {
                let want: Chunks = a
                    .shape()
                    .iter()
                    .enumerate()
                    .map(|(k, &d)| {
                        if d == 1 {
                            a.meta.chunks[k].clone()
                        } else {
                            out_chunks[ndim - a.ndim() + k].clone()
                        }
                    })
                    .collect();
                let a = rechunk_to(a, want);
                let idx = match inputs.iter().position(|x| Arr::ptr_eq(x, &a)) {
                    Some(i) => i,
                    None => {
                        inputs.push(a.clone());
                        inputs.len() - 1
                    }
                };
                MapExpr::Leaf(MapLeaf::Input(idx), a.dtype())
            }
        };
        leaves.push(leaf);
    }
    let expr = f(leaves, dt);
    let meta = Meta {
        shape,
        dtype: expr.dtype(),
        chunks: out_chunks,
    };
    Ok(Node::new(Op::Map(expr), inputs, meta, span))
}

fn dtype_error(span: Span, what: &str, dt: DType) -> Diagnostic {
    Diagnostic::new(
        codes::DTYPE,
        format!("`{what}` is not defined for dtype `{dt}`"),
    )
    .label(span, format!("this has dtype `{dt}`"))
}

/// `a op b` with numpy's promotion.
pub fn binary(op: BinaryOp, a: (Operand, Span), b: (Operand, Span), span: Span) -> Result<Arr> {
    use BinaryOp::*;
    let ops = [&a.0, &b.0];
    let dt = result_dtype(&ops);
    let sym = match op {
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        FloorDiv => "//",
        Mod => "%",
        Pow => "**",
        And => "&",
        Or => "|",
        Xor => "^",
        Eq => "==",
        Ne => "!=",
        Lt => "<",
        Le => "<=",
        Gt => ">",
        Ge => ">=",
        Maximum => "maximum",
        Minimum => "minimum",
        Fmax => "fmax",
        Fmin => "fmin",
        Arctan2 => "arctan2",
    };
    if matches!(op, And | Or | Xor) && dt.is_inexact() {
        let bad = if a.0.dtype().is_inexact() { &a } else { &b };
        return Err(dtype_error(bad.1.clone(), sym, bad.0.dtype())
            .note("`&`, `|` and `^` take booleans or integers"));
    }
    if dt.is_complex() && !op.takes_complex() {
        let bad = if a.0.dtype().is_complex() { &a } else { &b };
        return Err(dtype_error(bad.1.clone(), sym, bad.0.dtype())
            .note("as in numpy: complex numbers have no floor, remainder or arctan2"));
    }
    if op == Pow && !dt.is_inexact() {
        if let Operand::Scalar(e) = &b.0 {
            if e.as_f64() < 0.0 && !matches!(e, Scalar::Float(_)) {
                return Err(Diagnostic::new(
                    codes::RUNTIME,
                    "Integers to negative integer powers are not allowed",
                )
                .label(b.1.clone(), "a negative integer exponent")
                .note("as in numpy: use a float base or exponent, e.g. `x ** -1.0`"));
            }
        }
    }
    // NEP 50: a Python int takes the array's integer dtype, and must fit it; comparisons
    // with one that does not fit are still exact, as in numpy 2 (int64 holds both sides,
    // and float64 keeps the sign of uint64 against a negative int).
    let cmp = matches!(op, Eq | Ne | Lt | Le | Gt | Ge);
    let out_of_range = [&a, &b].iter().any(|(o, _)| match o {
        Operand::Scalar(Scalar::Int(v)) => !dt.holds_int(*v),
        _ => false,
    });
    let dt = match dt {
        d if cmp && out_of_range && d == DType::U64 => DType::F64,
        _ if cmp && out_of_range => DType::I64,
        d => d,
    };
    if dt.is_int() && !cmp {
        for (o, sp) in [&a, &b] {
            if let Operand::Scalar(Scalar::Int(v)) = o {
                if !dt.holds_int(*v) {
                    return Err(Diagnostic::new(
                        codes::OVERFLOW,
                        format!("Python integer {v} out of bounds for {dt}"),
                    )
                    .label(sp.clone(), format!("does not fit in `{dt}`"))
                    .note(format!(
                        "as in numpy 2: a Python int takes the array's dtype; cast first, e.g. `x.astype(int64) {sym} {v}`"
                    )));
                }
            }
        }
    }
    // numpy keeps bool for + and * (logical or/and); other arithmetic on bools uses integers.
    let (op, work) = match (op, dt) {
        (Add, DType::Bool) => (Or, DType::Bool),
        (Mul, DType::Bool) => (And, DType::Bool),
        (Sub | FloorDiv | Mod | Pow, DType::Bool) => (op, DType::I64),
        (Div, d) => (op, d.true_div()),
        (Arctan2, d) => (op, d.math_float()),
        (_, d) => (op, d),
    };
    let operands = [a, b];
    map(
        &operands,
        span,
        |_| work,
        move |leaves, _| {
            let mut it = leaves.into_iter().map(|l| l.cast(work));
            let (l, r) = (it.next().expect("lhs"), it.next().expect("rhs"));
            MapExpr::Binary(op, Box::new(l), Box::new(r), op.result_dtype(work))
        },
    )
}

/// A unary elementwise function with numpy's input casts.
pub fn unary(op: UnaryOp, x: (Operand, Span), span: Span) -> Result<Arr> {
    use UnaryOp::*;
    let dt = x.0.dtype();
    let work = match op {
        Neg if dt == DType::Bool => {
            return Err(dtype_error(x.1, "-", dt).note("use `~` to negate booleans"))
        }
        Invert if dt.is_inexact() => {
            return Err(dtype_error(x.1, "~", dt).note("`~` takes booleans or integers"))
        }
        _ if dt.is_complex() && !op.takes_complex() => {
            let name = format!("{op:?}").to_lowercase();
            return Err(dtype_error(x.1, &name, dt)
                .note("as in numpy: complex numbers have no floor, ceil, trunc or cbrt"));
        }
        Real | Imag | Conj => dt,
        Neg | Invert | Abs | Sign => {
            if dt == DType::Bool && matches!(op, Abs | Sign) {
                DType::I64
            } else {
                dt
            }
        }
        // numpy 2: rounding an integer keeps it
        Round | Floor | Ceil | Trunc if !dt.is_float() => dt,
        _ => dt.math_float(),
    };
    map(
        &[x],
        span,
        |_| work,
        move |leaves, _| {
            let l = leaves.into_iter().next().expect("operand").cast(work);
            MapExpr::Unary(op, Box::new(l), op.result_dtype(work))
        },
    )
}

/// `where(cond, a, b)`.
pub fn where_(
    c: (Operand, Span),
    a: (Operand, Span),
    b: (Operand, Span),
    span: Span,
) -> Result<Arr> {
    let dt = result_dtype(&[&a.0, &b.0]);
    map(
        &[c, a, b],
        span,
        |_| dt,
        move |leaves, _| {
            let mut it = leaves.into_iter();
            let c = it.next().expect("cond").cast(DType::Bool);
            let a = it.next().expect("a").cast(dt);
            let b = it.next().expect("b").cast(dt);
            MapExpr::Where(Box::new(c), Box::new(a), Box::new(b), dt)
        },
    )
}

/// `x.astype(dtype)`.
pub fn astype(x: &Arr, dt: DType, span: Span) -> Result<Arr> {
    if x.dtype() == dt {
        return Ok(x.clone());
    }
    map(
        &[(Operand::Array(x.clone()), x.span.clone())],
        span,
        |_| dt,
        move |leaves, _| leaves.into_iter().next().expect("operand").cast(dt),
    )
}

/// Normalises `axis=` values against `ndim` (negative axes count from the end).
pub fn normalize_axes(axes: &[(i64, Span)], ndim: usize) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for (a, span) in axes {
        let n = ndim as i64;
        if *a < -n || *a >= n {
            return Err(Diagnostic::new(
                codes::AXIS,
                format!("axis `{a}` is out of bounds for an array of dimension {ndim}"),
            )
            .label(span.clone(), format!("valid axes are {} to {}", -n, n - 1)));
        }
        let a = if *a < 0 {
            (a + n) as usize
        } else {
            *a as usize
        };
        if out.contains(&a) {
            return Err(
                Diagnostic::new(codes::AXIS, format!("axis `{a}` is repeated"))
                    .label(span.clone(), "repeated axis"),
            );
        }
        out.push(a);
    }
    out.sort_unstable();
    Ok(out)
}

/// A reduction over `axes` (None: all axes).
pub fn reduce(
    x: &Arr,
    op: ReduceOp,
    axes: Option<Vec<usize>>,
    keepdims: bool,
    span: Span,
) -> Result<Arr> {
    let axes = axes.unwrap_or_else(|| (0..x.ndim()).collect());
    if x.dtype().is_complex() {
        if let Some(r) = complex_moment(x, op, &axes, keepdims, &span) {
            return r;
        }
    }
    if matches!(op, ReduceOp::ArgMin | ReduceOp::ArgMax)
        && axes.len() != 1
        && axes.len() != x.ndim()
    {
        return Err(
            Diagnostic::new(codes::AXIS, "argmin and argmax take a single axis or none")
                .label(span, "here"),
        );
    }
    if x.meta.size() == 0
        && matches!(
            op,
            ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax
        )
    {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "zero-size array to a reduction with no identity",
        )
        .label(span, "this array is empty"));
    }
    let mut shape = Vec::new();
    let mut chunks = Vec::new();
    for d in 0..x.ndim() {
        if axes.contains(&d) {
            if keepdims {
                shape.push(1);
                chunks.push(vec![1]);
            }
        } else {
            shape.push(x.shape()[d]);
            chunks.push(x.meta.chunks[d].clone());
        }
    }
    let meta = Meta {
        shape,
        dtype: op.result_dtype(x.dtype()),
        chunks,
    };
    Ok(Node::new(
        Op::Reduce { op, axes, keepdims },
        vec![x.clone()],
        meta,
        span,
    ))
}

/// Mean, var and std of complex arrays, from sums as numpy defines them: the mean is
/// `sum / n` (complex), the variance `mean(|x - mean|**2)` (real), which is the variance of
/// the real parts plus that of the imaginary parts. None for other reductions.
fn complex_moment(
    x: &Arr,
    op: ReduceOp,
    axes: &[usize],
    keepdims: bool,
    span: &Span,
) -> Option<Result<Arr>> {
    let sp = || span.clone();
    let arr = |a: &Arr| (Operand::Array(a.clone()), span.clone());
    let go = || -> Result<Arr> {
        match op {
            ReduceOp::Mean => {
                let n: usize = axes.iter().map(|&d| x.shape()[d]).product();
                let s = reduce(x, ReduceOp::Sum, Some(axes.to_vec()), keepdims, sp())?;
                binary(
                    BinaryOp::Div,
                    arr(&s),
                    (Operand::Scalar(Scalar::Float(n as f64)), sp()),
                    sp(),
                )
            }
            ReduceOp::NanMean => {
                let s = reduce(x, ReduceOp::NanSum, Some(axes.to_vec()), keepdims, sp())?;
                let ok = unary(UnaryOp::IsNan, arr(x), sp())?;
                let ok = unary(UnaryOp::Invert, arr(&ok), sp())?;
                let n = reduce(&ok, ReduceOp::Sum, Some(axes.to_vec()), keepdims, sp())?;
                let n = astype(&n, x.dtype().real_part(), sp())?;
                binary(BinaryOp::Div, arr(&s), arr(&n), sp())
            }
            ReduceOp::Var { ddof } | ReduceOp::Std { ddof } => {
                // numpy's _var: sum(re(d)**2 + im(d)**2) / max(n - ddof, 0), d = x - mean
                let n: usize = axes.iter().map(|&d| x.shape()[d]).product();
                let m = complex_moment(x, ReduceOp::Mean, axes, true, span)
                    .expect("mean is a moment")?;
                let d = binary(BinaryOp::Sub, arr(x), arr(&m), sp())?;
                let re = unary(UnaryOp::Real, arr(&d), sp())?;
                let im = unary(UnaryOp::Imag, arr(&d), sp())?;
                let re2 = binary(BinaryOp::Mul, arr(&re), arr(&re), sp())?;
                let im2 = binary(BinaryOp::Mul, arr(&im), arr(&im), sp())?;
                let q = binary(BinaryOp::Add, arr(&re2), arr(&im2), sp())?;
                let s = reduce(&q, ReduceOp::Sum, Some(axes.to_vec()), keepdims, sp())?;
                let div = (n as f64 - ddof).max(0.0);
                let v = binary(
                    BinaryOp::Div,
                    arr(&s),
                    (Operand::Scalar(Scalar::Float(div)), sp()),
                    sp(),
                )?;
                match op {
                    ReduceOp::Std { .. } => unary(UnaryOp::Sqrt, arr(&v), sp()),
                    _ => Ok(v),
                }
            }
            _ => unreachable!("filtered below"),
        }
    };
    matches!(
        op,
        ReduceOp::Mean | ReduceOp::NanMean | ReduceOp::Var { .. } | ReduceOp::Std { .. }
    )
    .then(go)
}

/// One item of an index expression, resolved to numbers.
#[derive(Debug, Clone)]
pub enum IndexItem {
    Int(i64, Span),
    Slice(Option<i64>, Option<i64>, Option<i64>, Span),
    NewAxis,
    Ellipsis(Span),
}

/// numpy's slice.indices(): (start, len, step) for a dimension of `n`.
pub fn slice_indices(
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    n: usize,
) -> (usize, usize, isize) {
    let n = n as i64;
    let step = step.unwrap_or(1);
    let clampi = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let (start, stop) = if step > 0 {
        let s = start
            .map(|s| {
                if s < 0 {
                    clampi(s + n, 0, n)
                } else {
                    clampi(s, 0, n)
                }
            })
            .unwrap_or(0);
        let e = stop
            .map(|e| {
                if e < 0 {
                    clampi(e + n, 0, n)
                } else {
                    clampi(e, 0, n)
                }
            })
            .unwrap_or(n);
        (s, e)
    } else {
        let s = start
            .map(|s| {
                if s < 0 {
                    clampi(s + n, -1, n - 1)
                } else {
                    clampi(s, -1, n - 1)
                }
            })
            .unwrap_or(n - 1);
        let e = stop
            .map(|e| {
                if e < 0 {
                    clampi(e + n, -1, n - 1)
                } else {
                    clampi(e, -1, n - 1)
                }
            })
            .unwrap_or(-1);
        (s, e)
    };
    let len = if step > 0 {
        if stop > start {
            (stop - start + step - 1) / step
        } else {
            0
        }
    } else if start > stop {
        (start - stop + (-step) - 1) / (-step)
    } else {
        0
    };
    let start = if len == 0 { 0 } else { start };
    (start as usize, len as usize, step as isize)
}

/// Output chunks of a strided slice along one axis: each input chunk contributes the
/// elements it holds, then tiny pieces are merged up to the input's chunk size.
pub fn slice_chunks(in_chunks: &[usize], start: usize, len: usize, step: isize) -> Vec<usize> {
    if len == 0 {
        return vec![0];
    }
    let off = offsets(in_chunks);
    let mut contrib = Vec::new();
    let count_in = |lo: i64, hi: i64| -> i64 {
        // number of i in [0, len) with lo <= start + i*step < hi
        let (s, st, n) = (start as i64, step as i64, len as i64);
        let (a, b) = if st > 0 {
            (div_ceil(lo - s, st), div_ceil(hi - s, st))
        } else {
            let m = -st;
            (div_ceil(s - hi + 1, m), (s - lo).div_euclid(m) + 1)
        };
        (b.min(n) - a.max(0)).max(0)
    };
    let blocks: Vec<usize> = if step > 0 {
        (0..in_chunks.len()).collect()
    } else {
        (0..in_chunks.len()).rev().collect()
    };
    for b in blocks {
        let c = count_in(off[b] as i64, off[b + 1] as i64);
        if c > 0 {
            contrib.push(c as usize);
        }
    }
    let target = in_chunks.iter().copied().max().unwrap_or(1).max(1);
    chunks::merge_small(&contrib, target)
}

fn div_ceil(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

/// `x[items]`: basic indexing (integers, slices, `None`, `...`).
pub fn getitem(x: &Arr, items: Vec<IndexItem>, span: Span) -> Result<Arr> {
    let n_ell = items
        .iter()
        .filter(|i| matches!(i, IndexItem::Ellipsis(_)))
        .count();
    if n_ell > 1 {
        let sp = items
            .iter()
            .filter_map(|i| {
                if let IndexItem::Ellipsis(s) = i {
                    Some(s.clone())
                } else {
                    None
                }
            })
            .nth(1);
        return Err(Diagnostic::new(
            codes::INDEX,
            "an index can only have a single ellipsis (`...`)",
        )
        .label(sp.unwrap_or(span), "second ellipsis"));
    }
    let consumed = items
        .iter()
        .filter(|i| matches!(i, IndexItem::Int(..) | IndexItem::Slice(..)))
        .count();
    if consumed > x.ndim() {
        return Err(Diagnostic::new(
            codes::INDEX,
            format!(
                "too many indices: array is {}-dimensional, but {consumed} were indexed",
                x.ndim()
            ),
        )
        .label(span, format!("shape {}", shape_str(x.shape()))));
    }
    // Expand the ellipsis (or pad at the end) with full slices.
    let mut full = Vec::new();
    let mut padded = false;
    for it in items {
        if let IndexItem::Ellipsis(s) = it {
            for _ in 0..x.ndim() - consumed {
                full.push(IndexItem::Slice(None, None, None, s.clone()));
            }
            padded = true;
        } else {
            full.push(it);
        }
    }
    if !padded {
        for _ in 0..x.ndim() - consumed {
            full.push(IndexItem::Slice(None, None, None, span.clone()));
        }
    }
    let mut ranges = Vec::new();
    let mut out_shape = Vec::new();
    let mut axis = 0;
    for it in &full {
        match it {
            IndexItem::Int(i, sp) => {
                let n = x.shape()[axis] as i64;
                if *i < -n || *i >= n {
                    return Err(Diagnostic::new(
                        codes::INDEX,
                        format!("index `{i}` is out of bounds for axis {axis} with size {n}"),
                    )
                    .label(sp.clone(), format!("valid indices are {} to {}", -n, n - 1)));
                }
                let i = if *i < 0 { i + n } else { *i } as usize;
                ranges.push((i, 1, 1));
                axis += 1;
            }
            IndexItem::Slice(a, b, c, sp) => {
                if *c == Some(0) {
                    return Err(Diagnostic::new(codes::INDEX, "slice step cannot be zero")
                        .label(sp.clone(), "step 0"));
                }
                let r = slice_indices(*a, *b, *c, x.shape()[axis]);
                out_shape.push(r.1);
                ranges.push(r);
                axis += 1;
            }
            IndexItem::NewAxis => out_shape.push(1),
            IndexItem::Ellipsis(_) => unreachable!("expanded above"),
        }
    }
    let identity = ranges
        .iter()
        .zip(x.shape())
        .all(|(&(s, l, st), &n)| s == 0 && l == n && st == 1);
    let sliced = if identity {
        x.clone()
    } else {
        let chunks: Chunks = ranges
            .iter()
            .enumerate()
            .map(|(d, &(s, l, st))| slice_chunks(&x.meta.chunks[d], s, l, st))
            .collect();
        let shape = ranges.iter().map(|r| r.1).collect();
        let meta = Meta {
            shape,
            dtype: x.dtype(),
            chunks,
        };
        Node::new(Op::Slice { ranges }, vec![x.clone()], meta, span.clone())
    };
    if out_shape == sliced.shape() {
        return Ok(sliced);
    }
    // Drop integer-indexed axes and insert new ones: a view reshape of length-1 axes.
    let mut chunks = Vec::new();
    let mut axis = 0;
    for it in &full {
        match it {
            IndexItem::Int(..) => axis += 1,
            IndexItem::Slice(..) => {
                chunks.push(sliced.meta.chunks[axis].clone());
                axis += 1;
            }
            IndexItem::NewAxis => chunks.push(vec![1]),
            IndexItem::Ellipsis(_) => {}
        }
    }
    Ok(view_reshape(&sliced, out_shape, chunks, span))
}

fn view_reshape(x: &Arr, shape: Vec<usize>, chunks: Chunks, span: Span) -> Arr {
    let meta = Meta {
        shape,
        dtype: x.dtype(),
        chunks,
    };
    Node::new(Op::ViewReshape, vec![x.clone()], meta, span)
}

/// True when `to` differs from `from` only by length-1 axes.
fn only_unit_axes_differ(from: &[usize], to: &[usize]) -> bool {
    let a: Vec<usize> = from.iter().copied().filter(|&d| d != 1).collect();
    let b: Vec<usize> = to.iter().copied().filter(|&d| d != 1).collect();
    a == b
}

/// `x.reshape(shape)` (one `-1` allowed), numpy's C order.
pub fn reshape(x: &Arr, shape: &[i64], span: Span) -> Result<Arr> {
    let size = x.meta.size();
    let known: i64 = shape.iter().filter(|&&d| d != -1).product();
    let n_neg = shape.iter().filter(|&&d| d == -1).count();
    let bad = || {
        Diagnostic::new(
            codes::SHAPE,
            format!(
                "cannot reshape array of size {size} into shape `{}`",
                shape_str(shape)
            ),
        )
        .label(
            span.clone(),
            format!("the array has shape {}", shape_str(x.shape())),
        )
    };
    if n_neg > 1 || shape.iter().any(|&d| d < -1) {
        return Err(bad());
    }
    let shape: Vec<usize> = shape
        .iter()
        .map(|&d| {
            if d == -1 {
                if known == 0 {
                    0
                } else {
                    size / known as usize
                }
            } else {
                d as usize
            }
        })
        .collect();
    if shape.iter().product::<usize>() != size {
        return Err(bad());
    }
    if shape == x.shape() {
        return Ok(x.clone());
    }
    if only_unit_axes_differ(x.shape(), &shape) {
        // Non-unit axes keep their chunks, in order.
        let mut src = x
            .shape()
            .iter()
            .enumerate()
            .filter(|(_, &d)| d != 1)
            .map(|(k, _)| x.meta.chunks[k].clone());
        let chunks = shape
            .iter()
            .map(|&d| {
                if d == 1 {
                    vec![1]
                } else {
                    src.next().expect("same non-unit axes")
                }
            })
            .collect();
        return Ok(view_reshape(x, shape, chunks, span));
    }
    // General case: make every block a contiguous C-order run of rows, then cut the flat
    // order into output row blocks of about the same number of elements.
    let in_inner: usize = x.shape()[1..].iter().product();
    let mut want: Chunks = x.shape().iter().map(|&d| vec![d]).collect();
    if x.ndim() > 0 {
        let target_rows = (x
            .meta
            .chunks
            .iter()
            .map(|c| c.iter().max().copied().unwrap_or(1))
            .product::<usize>()
            / in_inner.max(1))
        .max(1);
        want[0] = chunks::regular(x.shape()[0], target_rows);
    }
    let xr = rechunk_to(x, want.clone());
    let out_inner: usize = shape[1..].iter().product();
    let block_elems = want.first().and_then(|c| c.first()).copied().unwrap_or(1) * in_inner.max(1);
    let rows = (block_elems / out_inner.max(1)).max(1);
    let mut chunks: Chunks = shape.iter().map(|&d| vec![d]).collect();
    if !shape.is_empty() {
        chunks[0] = chunks::regular(shape[0], rows);
    }
    let meta = Meta {
        shape,
        dtype: x.dtype(),
        chunks,
    };
    Ok(Node::new(Op::Reshape, vec![xr], meta, span))
}

/// `transpose(x, perm)`; `perm` None reverses the axes.
pub fn transpose(x: &Arr, perm: Option<Vec<(i64, Span)>>, span: Span) -> Result<Arr> {
    let perm: Vec<usize> = match perm {
        None => (0..x.ndim()).rev().collect(),
        Some(p) => {
            if p.len() != x.ndim() {
                return Err(
                    Diagnostic::new(codes::AXIS, "axes don't match array").label(
                        span,
                        format!("{} axes given for a {}-d array", p.len(), x.ndim()),
                    ),
                );
            }
            let mut out = Vec::new();
            for (a, sp) in &p {
                let v = normalize_axes(&[(*a, sp.clone())], x.ndim())?[0];
                if out.contains(&v) {
                    return Err(Diagnostic::new(codes::AXIS, "repeated axis in transpose")
                        .label(sp.clone(), "repeated"));
                }
                out.push(v);
            }
            out
        }
    };
    if perm.iter().enumerate().all(|(i, &p)| i == p) {
        return Ok(x.clone());
    }
    let meta = Meta {
        shape: perm.iter().map(|&p| x.shape()[p]).collect(),
        dtype: x.dtype(),
        chunks: perm.iter().map(|&p| x.meta.chunks[p].clone()).collect(),
    };
    Ok(Node::new(
        Op::Transpose { perm },
        vec![x.clone()],
        meta,
        span,
    ))
}

/// `rechunk(x, chunks)`.
pub fn rechunk(x: &Arr, chunks: Chunks, span: Span) -> Arr {
    if x.meta.chunks == chunks {
        return x.clone();
    }
    let meta = Meta {
        chunks,
        ..x.meta.clone()
    };
    Node::new(Op::Rechunk, vec![x.clone()], meta, span)
}

/// `concatenate(xs, axis)`.
pub fn concatenate(xs: &[(Arr, Span)], axis: (i64, Span), span: Span) -> Result<Arr> {
    let first = &xs
        .first()
        .ok_or_else(|| {
            Diagnostic::new(codes::ARGUMENT, "need at least one array to concatenate")
                .label(span.clone(), "empty")
        })?
        .0;
    if let Some((_, sp)) = xs.iter().find(|(x, _)| x.ndim() == 0) {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "zero-dimensional arrays cannot be concatenated",
        )
        .label(sp.clone(), "a 0-d array")
        .note("use `stack` to join scalars into a 1-d array"));
    }
    let ax = normalize_axes(&[axis], first.ndim())?[0];
    let dt = xs
        .iter()
        .skip(1)
        .fold(first.dtype(), |d, (x, _)| DType::promote(d, x.dtype()));
    for (x, sp) in xs {
        let same = x.ndim() == first.ndim()
            && x.shape()
                .iter()
                .zip(first.shape())
                .enumerate()
                .all(|(k, (a, b))| k == ax || a == b);
        if !same {
            return Err(Diagnostic::new(
                codes::SHAPE,
                "all the input array dimensions except for the concatenation axis must match",
            )
            .label(
                xs[0].1.clone(),
                format!("shape {}", shape_str(first.shape())),
            )
            .label(sp.clone(), format!("shape {}", shape_str(x.shape()))));
        }
    }
    // Other axes share the common refinement of their chunks.
    let mut common: Chunks = first.meta.chunks.clone();
    for (x, _) in xs {
        for (k, c) in common.iter_mut().enumerate() {
            if k != ax {
                *c = refine(c, &x.meta.chunks[k]);
            }
        }
    }
    let mut inputs = Vec::new();
    let mut along = Vec::new();
    for (x, sp) in xs {
        let mut want = common.clone();
        want[ax] = x.meta.chunks[ax].clone();
        let x = astype(&rechunk_to(x, want), dt, sp.clone())?;
        along.extend(x.meta.chunks[ax].iter().copied().filter(|&c| c > 0));
        inputs.push(x);
    }
    let mut shape = first.shape().to_vec();
    shape[ax] = xs.iter().map(|(x, _)| x.shape()[ax]).sum();
    let mut chunks = common;
    chunks[ax] = if along.is_empty() { vec![0] } else { along };
    let meta = Meta {
        shape,
        dtype: dt,
        chunks,
    };
    Ok(Node::new(Op::Concat { axis: ax }, inputs, meta, span))
}

/// `expand_dims(x, axis)`.
pub fn expand_dims(x: &Arr, axis: (i64, Span), span: Span) -> Result<Arr> {
    let ax = normalize_axes(&[axis], x.ndim() + 1)?[0];
    let mut shape = x.shape().to_vec();
    shape.insert(ax, 1);
    let mut chunks = x.meta.chunks.clone();
    chunks.insert(ax, vec![1]);
    Ok(view_reshape(x, shape, chunks, span))
}

/// `squeeze(x, axis=None)`.
pub fn squeeze(x: &Arr, axes: Option<Vec<usize>>, span: Span) -> Result<Arr> {
    let axes = axes.unwrap_or_else(|| (0..x.ndim()).filter(|&k| x.shape()[k] == 1).collect());
    for &a in &axes {
        if x.shape()[a] != 1 {
            return Err(Diagnostic::new(
                codes::AXIS,
                "cannot select an axis to squeeze out which has size not equal to one",
            )
            .label(span, format!("axis {a} has size {}", x.shape()[a])));
        }
    }
    let keep: Vec<usize> = (0..x.ndim()).filter(|k| !axes.contains(k)).collect();
    let shape = keep.iter().map(|&k| x.shape()[k]).collect();
    let chunks = keep.iter().map(|&k| x.meta.chunks[k].clone()).collect();
    Ok(view_reshape(x, shape, chunks, span))
}

/// `broadcast_to(x, shape)`.
pub fn broadcast_to(x: &Arr, shape: &[usize], span: Span) -> Result<Arr> {
    let target = Node::new(
        Op::Full(Scalar::Bool(false)),
        vec![],
        Meta {
            shape: shape.to_vec(),
            dtype: DType::Bool,
            chunks: chunks::auto(shape, x.dtype().size()),
        },
        span.clone(),
    );
    let b = broadcast_shapes(&[(x.shape(), x.span.clone()), (shape, span.clone())])?;
    if b != shape {
        return Err(Diagnostic::new(
            codes::BROADCAST,
            format!(
                "cannot broadcast shape `{}` to `{}`",
                shape_str(x.shape()),
                shape_str(shape)
            ),
        )
        .label(span, "target shape"));
    }
    // Chunks: the input's along its own axes, automatic along the new or stretched ones.
    let ndim = shape.len();
    let chunks: Chunks = (0..ndim)
        .map(|d| {
            let k = d as isize - (ndim - x.ndim()) as isize;
            if k >= 0 && x.shape()[k as usize] == shape[d] {
                x.meta.chunks[k as usize].clone()
            } else {
                target.meta.chunks[d].clone()
            }
        })
        .collect();
    let meta = Meta {
        shape: shape.to_vec(),
        dtype: x.dtype(),
        chunks,
    };
    let dt = x.dtype();
    let inner = map(
        &[(Operand::Array(x.clone()), span.clone())],
        span.clone(),
        |_| dt,
        |l, _| l.into_iter().next().expect("x"),
    )?;
    // `map` gives the input's own shape; rebuild with the broadcast meta.
    Ok(Node::new(
        inner.op.clone(),
        inner.inputs.clone(),
        meta,
        span,
    ))
}

/// `tensordot(a, b, axes=(axes_a, axes_b))`.
pub fn tensordot(
    a: &Arr,
    b: &Arr,
    axes_a: Vec<usize>,
    axes_b: Vec<usize>,
    spans: (Span, Span),
    span: Span,
) -> Result<Arr> {
    for (axes, x, sp) in [(&axes_a, a, &spans.0), (&axes_b, b, &spans.1)] {
        for (i, &k) in axes.iter().enumerate() {
            if k >= x.ndim() {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    format!(
                        "axis `{k}` is out of bounds for an array of dimension {}",
                        x.ndim()
                    ),
                )
                .label(sp.clone(), format!("shape {}", shape_str(x.shape()))));
            }
            if axes[..i].contains(&k) {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    format!("tensordot: axis `{k}` is repeated"),
                )
                .label(sp.clone(), format!("shape {}", shape_str(x.shape())))
                .note("each axis of an operand can be contracted once"));
            }
        }
    }
    if axes_a.len() != axes_b.len() {
        return Err(
            Diagnostic::new(codes::AXIS, "tensordot needs as many axes for each operand")
                .label(span, "here"),
        );
    }
    for (&ia, &ib) in axes_a.iter().zip(&axes_b) {
        if a.shape()[ia] != b.shape()[ib] {
            return Err(Diagnostic::new(
                codes::CONTRACTION,
                format!(
                    "shapes `{}` and `{}` not aligned: {} (dim {ia}) != {} (dim {ib})",
                    shape_str(a.shape()),
                    shape_str(b.shape()),
                    a.shape()[ia],
                    b.shape()[ib]
                ),
            )
            .label(spans.0, format!("shape {}", shape_str(a.shape())))
            .label(spans.1, format!("shape {}", shape_str(b.shape())))
            .note("the contracted dimensions must have the same length"));
        }
    }
    let dt = DType::promote(a.dtype(), b.dtype());
    let mut ca = a.meta.chunks.clone();
    let mut cb = b.meta.chunks.clone();
    for (&ia, &ib) in axes_a.iter().zip(&axes_b) {
        let r = refine(&ca[ia], &cb[ib]);
        ca[ia] = r.clone();
        cb[ib] = r;
    }
    let a2 = astype(&rechunk_to(a, ca), dt, a.span.clone())?;
    let b2 = astype(&rechunk_to(b, cb), dt, b.span.clone())?;
    let free_a: Vec<usize> = (0..a.ndim()).filter(|k| !axes_a.contains(k)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|k| !axes_b.contains(k)).collect();
    let shape = free_a
        .iter()
        .map(|&k| a.shape()[k])
        .chain(free_b.iter().map(|&k| b.shape()[k]))
        .collect();
    let chunks = free_a
        .iter()
        .map(|&k| a2.meta.chunks[k].clone())
        .chain(free_b.iter().map(|&k| b2.meta.chunks[k].clone()))
        .collect();
    let meta = Meta {
        shape,
        dtype: dt,
        chunks,
    };
    Ok(Node::new(
        Op::TensorDot { axes_a, axes_b },
        vec![a2, b2],
        meta,
        span,
    ))
}

/// numpy `dot(a, b)` (and `@` for up to 2-d operands).
pub fn dot(a: &Arr, b: &Arr, spans: (Span, Span), span: Span) -> Result<Arr> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return binary(
            BinaryOp::Mul,
            (Operand::Array(a.clone()), spans.0),
            (Operand::Array(b.clone()), spans.1),
            span,
        );
    }
    let ia = a.ndim() - 1;
    let ib = if b.ndim() == 1 { 0 } else { b.ndim() - 2 };
    tensordot(a, b, vec![ia], vec![ib], spans, span)
}
