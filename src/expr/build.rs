//! Building lazy arrays: shape, dtype and chunk inference for every operation, with errors
//! that point at the source. Nothing here touches data.

use super::chunks::refine;
use super::node::{Arr, Chunks, MapExpr, MapLeaf, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::Scalar;
use crate::source::Span;

mod dot;
mod index;
mod reduction;
mod shape;

pub use dot::{dot, tensordot};
pub use index::{getitem, slice_chunks, slice_indices, IndexItem};
pub use reduction::reduce;
pub use shape::{broadcast_to, concatenate, expand_dims, rechunk, reshape, squeeze, transpose};

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

fn view_reshape(x: &Arr, shape: Vec<usize>, chunks: Chunks, span: Span) -> Arr {
    let meta = Meta {
        shape,
        dtype: x.dtype(),
        chunks,
    };
    Node::new(Op::ViewReshape, vec![x.clone()], meta, span)
}
