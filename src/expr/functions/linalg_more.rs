//! More linear algebra: matrices -> numpy's least squares (`lstsq`'s 4-tuple, minimum norm),
//! `pinv`, `matrix_rank`, `slogdet` through the SVD (TSQR for tall-and-skinny arrays), and
//! products built from broadcasting (`outer kron cross vdot`).

use super::args::to_f64;
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::linalg::{self as la, float, matrix};
use crate::expr::mask::Masked;
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;
use std::rc::Rc;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "lstsq",
        "lstsq(a, b, rcond=None)",
        "numpy's least squares: (x, residuals, rank, s), x of minimum norm when a is rank-deficient (through the SVD, TSQR for tall arrays); residuals empty unless a has full column rank and more rows than columns",
        "lstsq(array([[1., 0.], [0., 1.], [1., 1.]]), array([1., 2., 3.]))",
        Imp::Fn(lstsq),
    ),
    Function::new(
        "pinv",
        "pinv(a, rcond=1e-15)",
        "Moore-Penrose pseudo-inverse (singular values below rcond * the largest count as zero)",
        "pinv(array([[1., 2.], [2., 4.]]))",
        Imp::Fn(pinv),
    ),
    Function::new(
        "matrix_rank",
        "matrix_rank(a, tol=None)",
        "the number of singular values above tol (default: the largest times max(m, n) times eps)",
        "matrix_rank(array([[1., 2.], [2., 4.]]))",
        Imp::Fn(matrix_rank),
    ),
    Function::new(
        "slogdet",
        "slogdet(a)",
        "(sign, logabsdet) of the determinant: sign 0 and -inf when singular; no overflow",
        "slogdet(array([[2., 0.], [0., -3.]]))",
        Imp::Fn(slogdet),
    ),
    Function::new(
        "outer",
        "outer(a, b)",
        "outer product of the flattened arrays: out[i, j] = a[i] * b[j]",
        "outer(array([1, 2]), array([1, 10, 100]))",
        Imp::Fn(outer),
    ),
    Function::new(
        "kron",
        "kron(a, b)",
        "Kronecker product: blocks a[i, j] * b",
        "kron(eye(2), array([[1, 2], [3, 4]]))",
        Imp::Fn(kron),
    ),
    Function::new(
        "cross",
        "cross(a, b, axis=-1)",
        "cross product of 3-vectors (2-vectors: the z component) along an axis, broadcasting",
        "cross(array([1., 0., 0.]), array([0., 1., 0.]))",
        Imp::Fn(cross),
    ),
    Function::new(
        "vdot",
        "vdot(a, b)",
        "dot product of the flattened arrays",
        "vdot(array([[1, 2], [3, 4]]), array([[1, 0], [0, 1]]))",
        Imp::Fn(vdot),
    ),
];

fn err(msg: impl Into<String>, span: &Span, label: impl Into<String>) -> Diagnostic {
    Diagnostic::new(codes::LINALG, msg).label(span.clone(), label.into())
}

pub(crate) fn bin(op: BinaryOp, a: Operand, b: Operand, span: &Span) -> Result<Arr> {
    build::binary(op, (a, span.clone()), (b, span.clone()), span.clone())
}

pub(crate) fn arr(a: &Arr) -> Operand {
    Operand::Array(a.clone())
}

fn f(x: f64) -> Operand {
    Operand::Scalar(Scalar::Float(x))
}

fn red(x: &Arr, op: ReduceOp, axes: Option<Vec<usize>>, span: &Span) -> Result<Arr> {
    build::reduce(x, op, axes, false, span.clone())
}

fn un(op: UnaryOp, x: &Arr, span: &Span) -> Result<Arr> {
    build::unary(op, (arr(x), span.clone()), span.clone())
}

fn eps(d: DType) -> f64 {
    if d == DType::F32 || d == DType::C64 {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    }
}

/// The complex conjugate of a complex array; a real array as it is.
fn conj(x: &Arr, span: &Span) -> Result<Arr> {
    if x.dtype().is_complex() {
        un(UnaryOp::Conj, x, span)
    } else {
        Ok(x.clone())
    }
}

/// `x[:, None]` (`axis` = 1) or `x[None, :]` (0) of a 1-D array.
fn with_axis(x: &Arr, new_at: usize, span: &Span) -> Result<Arr> {
    build::expand_dims(x, (new_at as i64, span.clone()), span.clone())
}

/// `1 / s` where `keep`, else 0 (no division by zero computed).
fn inverse_kept(s: &Arr, keep: &Arr, span: &Span) -> Result<Arr> {
    let safe = build::where_(
        (arr(keep), span.clone()),
        (arr(s), span.clone()),
        (f(1.0), span.clone()),
        span.clone(),
    )?;
    let inv = bin(BinaryOp::Div, f(1.0), arr(&safe), span)?;
    build::where_(
        (arr(keep), span.clone()),
        (arr(&inv), span.clone()),
        (f(0.0), span.clone()),
        span.clone(),
    )
}

/// `vh.T @ diag(1/s kept) @ u.T @ b` for `b` 1-D or 2-D: the minimum-norm solution (complex
/// callers pass `conj(u)` and `conj(vh)`: `vh^H ... u^H b`).
fn pseudo_solve(u: &Arr, sinv: &Arr, vh: &Arr, b: &Arr, span: &Span) -> Result<Arr> {
    let tdot = |x: &Arr, y: &Arr| {
        build::tensordot(
            x,
            y,
            vec![0],
            vec![0],
            (span.clone(), span.clone()),
            span.clone(),
        )
    };
    let ub = tdot(u, b)?;
    let scaled = if b.ndim() == 1 {
        bin(BinaryOp::Mul, arr(sinv), arr(&ub), span)?
    } else {
        bin(
            BinaryOp::Mul,
            arr(&with_axis(sinv, 1, span)?),
            arr(&ub),
            span,
        )?
    };
    tdot(vh, &scaled)
}

/// `s > cutoff * max(s)` as bool, and that cutoff's base (the largest singular value).
fn kept(s: &Arr, rel: f64, span: &Span) -> Result<Arr> {
    let smax = red(s, ReduceOp::Max, None, span)?;
    let cut = bin(BinaryOp::Mul, arr(&smax), f(rel), span)?;
    bin(BinaryOp::Gt, arr(s), arr(&cut), span)
}

fn lstsq(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let a = b.arr(it, 0)?;
    let y = b.arr(it, 1)?;
    let rcond = b.get(2).map(|(v, sp)| to_f64(v, sp)).transpose()?;
    let (x, residuals, rank, s) = solve_lstsq(&a, &y, rcond, &b.span_of(1), &span)?;
    Ok(Value::Tuple(vec![
        Value::Array(x),
        residuals,
        Value::Array(rank),
        Value::Array(s),
    ]))
}

/// numpy's `lstsq(a, y, rcond)`: (x, residuals, rank, s), residuals a selection that is
/// empty unless the rank is full and `a` has more rows than columns.
pub fn solve_lstsq(
    a: &Arr,
    y: &Arr,
    rcond: Option<f64>,
    yspan: &Span,
    span: &Span,
) -> Result<(Arr, Value, Arr, Arr)> {
    let a = matrix(a, "lstsq", span)?;
    let (m, n) = (a.shape()[0], a.shape()[1]);
    if y.ndim() == 0 || y.ndim() > 2 || y.shape()[0] != m {
        return Err(err(
            format!(
                "`lstsq`: right-hand side of shape {} does not match a matrix with {m} rows",
                build::shape_str(y.shape())
            ),
            yspan,
            "here",
        ));
    }
    let dt = DType::promote(a.dtype(), float(y, span)?.dtype());
    let (a, y) = (
        build::astype(&a, dt, span.clone())?,
        build::astype(y, dt, span.clone())?,
    );
    // numpy 2: rcond=None is eps * max(m, n); a negative rcond is machine precision.
    let rcond = match rcond {
        Some(r) if r < 0.0 => eps(dt),
        Some(r) => r,
        None => eps(dt) * m.max(n) as f64,
    };
    let (u, s, vh) = la::svd(&a, span)?;
    let keep = kept(&s, rcond, span)?;
    let sinv = inverse_kept(&s, &keep, span)?;
    let x = pseudo_solve(&conj(&u, span)?, &sinv, &conj(&vh, span)?, &y, span)?;
    let rank = red(&keep, ReduceOp::Sum, None, span)?;
    let rank = build::astype(&rank, DType::I32, span.clone())?; // numpy: an int32
                                                                // Residuals: sums of squares per column of b, when the rank is n and m > n; else empty.
    let k = if y.ndim() == 1 { 1 } else { y.shape()[1] };
    let residuals = if m > n {
        let fit = build::dot(&a, &x, (span.clone(), span.clone()), span.clone())?;
        let r = bin(BinaryOp::Sub, arr(&y), arr(&fit), span)?;
        let r = if r.dtype().is_complex() {
            un(UnaryOp::Abs, &r, span)?
        } else {
            r
        };
        let r2 = bin(BinaryOp::Mul, arr(&r), arr(&r), span)?;
        let r2 = red(&r2, ReduceOp::Sum, Some(vec![0]), span)?;
        let r2 = build::reshape(&r2, &[k as i64], span.clone())?;
        let full = bin(
            BinaryOp::Eq,
            arr(&rank),
            Operand::Scalar(Scalar::Int(n as i64)),
            span,
        )?;
        let mask = build::broadcast_to(&full, &[k], span.clone())?;
        let mask = build::rechunk_to(&mask, r2.meta.chunks.clone());
        Value::Masked(Rc::new(Masked::flat(r2, mask, span.clone())))
    } else {
        let empty = crate::expr::node::Node::new(
            crate::expr::node::Op::Full(Scalar::Float(0.0)),
            vec![],
            crate::expr::node::Meta {
                shape: vec![0],
                dtype: dt.real_part(),
                chunks: vec![vec![0]],
            },
            span.clone(),
        );
        Value::Array(empty)
    };
    Ok((x, residuals, rank, s))
}

fn pinv(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let a = matrix(&b.arr(it, 0)?, "pinv", &span)?;
    let rcond = b.f64_or(1, 1e-15)?;
    let (u, s, vh) = la::svd(&a, &span)?;
    let keep = kept(&s, rcond, &span)?;
    let sinv = inverse_kept(&s, &keep, &span)?;
    // pinv = vh^H @ diag(sinv) @ u^H = (u * sinv) @ vh, transposed and conjugated.
    let us = bin(
        BinaryOp::Mul,
        arr(&u),
        arr(&with_axis(&sinv, 0, &span)?),
        &span,
    )?;
    let p = build::dot(&us, &vh, (span.clone(), span.clone()), span.clone())?;
    let p = build::transpose(&p, None, span.clone())?;
    Ok(Value::Array(conj(&p, &span)?))
}

fn matrix_rank(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    if x.ndim() < 2 {
        // numpy: a vector's rank is 1 unless it is all zeros.
        let any = red(&x, ReduceOp::Any, None, &span)?;
        return Ok(Value::Array(build::astype(&any, DType::I64, span)?));
    }
    let a = matrix(&x, "matrix_rank", &span)?;
    let (m, n) = (a.shape()[0], a.shape()[1]);
    let (_, s, _) = la::svd(&a, &span)?;
    let keep = match b.get(1) {
        Some((v, sp)) => {
            let tol = to_f64(v, sp)?;
            bin(BinaryOp::Gt, arr(&s), f(tol), &span)?
        }
        None => kept(&s, eps(a.dtype()) * m.max(n) as f64, &span)?,
    };
    let r = red(&keep, ReduceOp::Sum, None, &span)?;
    Ok(Value::Array(build::astype(&r, DType::I64, span)?))
}

fn slogdet(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let a = b.arr(it, 0)?;
    let d = la::det(&a, &span)?;
    let sign = un(UnaryOp::Sign, &d, &span)?;
    // log|det| as the sum of the logs of the singular values: no overflow for large n.
    let a = matrix(&a, "slogdet", &span)?;
    let (_, s, _) = la::svd(&a, &span)?;
    let logs = red(&un(UnaryOp::Log, &s, &span)?, ReduceOp::Sum, None, &span)?;
    let zero = bin(BinaryOp::Eq, arr(&sign), f(0.0), &span)?;
    let logabs = build::where_(
        (arr(&zero), span.clone()),
        (f(f64::NEG_INFINITY), span.clone()),
        (arr(&logs), span.clone()),
        span.clone(),
    )?;
    let logabs = build::astype(&logabs, d.dtype().real_part(), span.clone())?;
    Ok(Value::Tuple(vec![Value::Array(sign), Value::Array(logabs)]))
}

fn flat(x: &Arr, span: &Span) -> Result<Arr> {
    if x.ndim() == 1 {
        Ok(x.clone())
    } else {
        build::reshape(x, &[-1], span.clone())
    }
}

fn outer(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = flat(&b.arr(it, 0)?, &span)?;
    let y = flat(&b.arr(it, 1)?, &span)?;
    Ok(Value::Array(bin(
        BinaryOp::Mul,
        arr(&with_axis(&x, 1, &span)?),
        arr(&with_axis(&y, 0, &span)?),
        &span,
    )?))
}

fn kron(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (mut x, mut y) = (b.arr(it, 0)?, b.arr(it, 1)?);
    let nd = x.ndim().max(y.ndim());
    // Leading length-1 axes until both have nd axes.
    while x.ndim() < nd {
        x = with_axis(&x, 0, &span)?;
    }
    while y.ndim() < nd {
        y = with_axis(&y, 0, &span)?;
    }
    if nd == 0 {
        return Ok(Value::Array(bin(BinaryOp::Mul, arr(&x), arr(&y), &span)?));
    }
    // x[i0, None, i1, None, ...] * y[None, j0, None, j1, ...], then each pair merged.
    let spread = |z: &Arr, first: bool| -> Result<Arr> {
        let mut items = Vec::new();
        for _ in 0..nd {
            let s = IndexItem::Slice(None, None, None, span.clone());
            if first {
                items.push(s);
                items.push(IndexItem::NewAxis);
            } else {
                items.push(IndexItem::NewAxis);
                items.push(s);
            }
        }
        build::getitem(z, items, span.clone())
    };
    let p = bin(
        BinaryOp::Mul,
        arr(&spread(&x, true)?),
        arr(&spread(&y, false)?),
        &span,
    )?;
    let shape: Vec<i64> = (0..nd)
        .map(|d| (x.shape()[d] * y.shape()[d]) as i64)
        .collect();
    Ok(Value::Array(build::reshape(&p, &shape, span)?))
}

/// `x[..., i]` along `axis`.
fn component(x: &Arr, axis: usize, i: i64, span: &Span) -> Result<Arr> {
    let items = (0..x.ndim())
        .map(|d| {
            if d == axis {
                IndexItem::Int(i, span.clone())
            } else {
                IndexItem::Slice(None, None, None, span.clone())
            }
        })
        .collect();
    build::getitem(x, items, span.clone())
}

fn cross(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (x, y) = (b.arr(it, 0)?, b.arr(it, 1)?);
    let ax = b.int_or(2, -1)?;
    let axis = |z: &Arr, sp: Span| -> Result<usize> {
        if z.ndim() == 0 {
            return Err(
                Diagnostic::new(codes::AXIS, "cross needs arrays of at least 1 dimension")
                    .label(sp, "a 0-d array"),
            );
        }
        Ok(build::normalize_axes(&[(ax, b.span_of(2))], z.ndim())?[0])
    };
    let (xa, ya) = (axis(&x, b.span_of(0))?, axis(&y, b.span_of(1))?);
    let (nx, ny) = (x.shape()[xa], y.shape()[ya]);
    if !matches!(nx, 2 | 3) || !matches!(ny, 2 | 3) {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "incompatible dimensions for cross product (dimension must be 2 or 3)",
        )
        .label(span, format!("lengths {nx} and {ny}")));
    }
    let c = |z: &Arr, a: usize, n: usize, i: i64| -> Result<Option<Arr>> {
        if i as usize >= n {
            Ok(None)
        } else {
            component(z, a, i, &span).map(Some)
        }
    };
    let (x0, x1, x2) = (c(&x, xa, nx, 0)?, c(&x, xa, nx, 1)?, c(&x, xa, nx, 2)?);
    let (y0, y1, y2) = (c(&y, ya, ny, 0)?, c(&y, ya, ny, 1)?, c(&y, ya, ny, 2)?);
    let mul = |p: &Option<Arr>, q: &Option<Arr>| -> Result<Option<Arr>> {
        match (p, q) {
            (Some(p), Some(q)) => bin(BinaryOp::Mul, arr(p), arr(q), &span).map(Some),
            _ => Ok(None),
        }
    };
    let sub = |p: Option<Arr>, q: Option<Arr>, like: &Arr| -> Result<Arr> {
        match (p, q) {
            (Some(p), Some(q)) => bin(BinaryOp::Sub, arr(&p), arr(&q), &span),
            (Some(p), None) => Ok(p),
            (None, Some(q)) => un(UnaryOp::Neg, &q, &span),
            (None, None) => bin(
                BinaryOp::Mul,
                arr(like),
                Operand::Scalar(Scalar::Int(0)),
                &span,
            ),
        }
    };
    let x0 = x0.expect("length >= 2");
    let y0 = y0.expect("length >= 2");
    let (x0o, y0o) = (Some(x0.clone()), Some(y0.clone()));
    let z = sub(mul(&x0o, &y1)?, mul(&x1, &y0o)?, &x0)?;
    if nx == 2 && ny == 2 {
        return Ok(Value::Array(z));
    }
    let cx = sub(mul(&x1, &y2)?, mul(&x2, &y1)?, &z)?;
    let cy = sub(mul(&x2, &y0o)?, mul(&x0o, &y2)?, &z)?;
    let parts: Vec<(Arr, Span)> = [cx, cy, z]
        .iter()
        .map(|p| {
            let e = build::expand_dims(p, (-1, span.clone()), span.clone())?;
            Ok((e, span.clone()))
        })
        .collect::<Result<_>>()?;
    // numpy moves the result's vector axis to `axis` of the broadcast shape.
    let r = build::concatenate(&parts, (-1, span.clone()), span.clone())?;
    let nd = r.ndim() as i64;
    let target = if ax < 0 { nd + ax } else { ax };
    if target == nd - 1 || target < 0 || target >= nd {
        return Ok(Value::Array(r));
    }
    let mut perm: Vec<i64> = (0..nd - 1).collect();
    perm.insert(target as usize, nd - 1);
    let perm = perm.into_iter().map(|p| (p, span.clone())).collect();
    Ok(Value::Array(build::transpose(&r, Some(perm), span)?))
}

fn vdot(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = flat(&b.arr(it, 0)?, &span)?;
    let y = flat(&b.arr(it, 1)?, &span)?;
    if x.shape() != y.shape() {
        return Err(Diagnostic::new(codes::SHAPE, "vector lengths differ")
            .label(b.span_of(0), format!("{} elements", x.shape()[0]))
            .label(b.span_of(1), format!("{} elements", y.shape()[0])));
    }
    let p = bin(BinaryOp::Mul, arr(&x), arr(&y), &span)?;
    Ok(Value::Array(red(&p, ReduceOp::Sum, None, &span)?))
}
