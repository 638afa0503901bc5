//! Linear algebra: matrices -> contractions and factorizations (the lazy building is in `expr::linalg`).

use super::args::{to_int, to_ints, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build;
use crate::expr::build::Operand;
use crate::expr::interp::{Interp, Result};
use crate::expr::linalg as la;
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::linalg::Dense;
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "dot",
        "dot(a, b)",
        "dot product (numpy's dot)",
        "dot(array([[1, 2], [3, 4]]), array([1, 1]))",
        Imp::Fn(dot),
    )
    .method(),
    Function::new(
        "matmul",
        "matmul(a, b)",
        "matrix product (a @ b)",
        "matmul(eye(2), array([[1., 2.], [3., 4.]]))",
        Imp::Fn(matmul),
    ),
    Function::new(
        "tensordot",
        "tensordot(a, b, axes=2)",
        "sum products over the given axes",
        "tensordot(ones((2, 3)), ones((3, 4)), axes=1)",
        Imp::Fn(tensordot),
    ),
    Function::new(
        "qr",
        "qr(x)",
        "QR of a tall-and-skinny array (TSQR): q, r",
        "qr(random((6, 2), chunks=(3, 2), seed=0))[1]",
        Imp::Fn(qr),
    ),
    Function::new(
        "svd",
        "svd(x, full_matrices=True, compute_uv=True)",
        "svd as numpy: u, s, vh (u m×m, vh n×n; full_matrices=False: the thin svd, chunked by tsqr); compute_uv=False: s",
        "svd(array([[3., 0.], [0., 4.], [0., 0.]]))[0]",
        Imp::Fn(svd),
    ),
    Function::new(
        "svd_compressed",
        "svd_compressed(x, k, n_power_iter=0, seed=None)",
        "approximate rank-k SVD by random projection (Halko, Martinsson, Tropp): u, s, vh",
        "svd_compressed(eye(4) * arange(1, 5), 2, seed=0)[1]",
        Imp::Fn(svd_compressed),
    ),
    Function::new(
        "solve",
        "solve(a, b)",
        "solution x of a @ x == b, a square",
        "solve(array([[2., 0.], [0., 4.]]), array([2., 8.]))",
        Imp::Fn(solve),
    ),
    Function::new(
        "inv",
        "inv(a)",
        "inverse of a square matrix",
        "inv(array([[2., 0.], [0., 4.]]))",
        Imp::Fn(inv),
    ),
    Function::new(
        "cholesky",
        "cholesky(a)",
        "lower Cholesky factor of a symmetric positive definite matrix (NaN if it is not)",
        "cholesky(array([[4., 2.], [2., 5.]]))",
        Imp::Fn(cholesky),
    ),
    Function::new(
        "norm",
        "norm(x, ord=None, axis=None)",
        "vector or matrix norm (numpy's ord: None, 'fro', 'nuc', inf, -inf, 0, 1, -1, 2, -2, p)",
        "norm(array([3., 4.]))",
        Imp::Fn(norm),
    ),
    Function::new(
        "einsum",
        "einsum(*args)",
        "Einstein summation: einsum('ij,jk->ik', a, b)",
        "einsum(\"ij,j->i\", eye(2), array([1., 2.]))",
        Imp::Fn(einsum),
    ),
    Function::new(
        "det",
        "det(a)",
        "determinant of a square matrix (by LU)",
        "det(array([[1., 2.], [3., 4.]]))",
        Imp::Fn(det),
    ),
    Function::new(
        "eig",
        "eig(a)",
        "eigenvalues and unit eigenvectors (columns) of a square matrix, complex, eigenvalues sorted",
        "eig(array([[0., -1.], [1., 0.]]))",
        Imp::Fn(eig),
    ),
    Function::new(
        "eigvals",
        "eigvals(a)",
        "eigenvalues of a square matrix, complex, sorted by real then imaginary part",
        "eigvals(array([[0., -1.], [1., 0.]]))",
        Imp::Fn(eig),
    ),
    Function::new(
        "eigh",
        "eigh(a)",
        "eigenvalues (ascending) and eigenvectors of a symmetric matrix (its lower triangle)",
        "eigh(array([[2., 1.], [1., 2.]]))",
        Imp::Fn(eig),
    ),
    Function::new(
        "eigvalsh",
        "eigvalsh(a)",
        "eigenvalues (ascending) of a symmetric matrix (its lower triangle)",
        "eigvalsh(array([[2., 1.], [1., 2.]]))",
        Imp::Fn(eig),
    ),
    Function::new(
        "trace",
        "trace(x, offset=0)",
        "sum of the offset-th diagonal of a 2-D array",
        "trace(arange(9).reshape((3, 3)))",
        Imp::Fn(trace),
    )
    .method(),
    Function::new(
        "inner",
        "inner(a, b)",
        "sum of products over the last axes of a and b",
        "inner(array([1, 2, 3]), array([0, 1, 0]))",
        Imp::Fn(inner),
    ),
    Function::new(
        "cov",
        "cov(m, y=None, rowvar=True, bias=False, ddof=None)",
        "covariance matrix of the variables in the rows (columns with rowvar=False)",
        "cov(array([[0., 1., 2.], [2., 1., 0.]]))",
        Imp::Fn(cov),
    ),
    Function::new(
        "corrcoef",
        "corrcoef(x, y=None, rowvar=True)",
        "Pearson correlation coefficients of the variables in the rows",
        "corrcoef(array([[0., 1., 2.], [2., 1., 1.]]))",
        Imp::Fn(cov),
    ),
];

fn dot(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let y = b.arr(it, 1)?;
    Ok(Value::Array(build::dot(
        &x,
        &y,
        (b.req(0).1.clone(), b.req(1).1.clone()),
        span,
    )?))
}

fn matmul(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let y = b.arr(it, 1)?;
    Ok(Value::Array(la::matmul(
        &x,
        &y,
        (b.req(0).1.clone(), b.req(1).1.clone()),
        span,
    )?))
}

fn tensordot(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let y = b.arr(it, 1)?;
    let (axes_a, axes_b) = match b.get(2) {
        None | Some((Value::Int(_), _)) => {
            let n = match b.get(2) {
                Some((Value::Int(n), _)) => *n as usize,
                _ => 2,
            };
            if n > x.ndim() || n > y.ndim() {
                return Err(
                    Diagnostic::new(codes::AXIS, format!("cannot contract {n} axes"))
                        .label(b.span_of(2), "too many axes"),
                );
            }
            (
                (x.ndim() - n..x.ndim()).collect::<Vec<_>>(),
                (0..n).collect::<Vec<_>>(),
            )
        }
        Some((Value::Tuple(p) | Value::List(p), sp)) if p.len() == 2 => {
            let sa: Vec<(i64, Span)> = to_ints(&p[0], sp)?
                .into_iter()
                .map(|a| (a, sp.clone()))
                .collect();
            let sb: Vec<(i64, Span)> = to_ints(&p[1], sp)?
                .into_iter()
                .map(|a| (a, sp.clone()))
                .collect();
            if sa.len() != sb.len() {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    "tensordot needs as many axes for each operand",
                )
                .label(sp.clone(), "here"));
            }
            let norm = |ax: &[(i64, Span)], nd: usize| -> Result<Vec<usize>> {
                ax.iter()
                    .map(|a| build::normalize_axes(std::slice::from_ref(a), nd).map(|v| v[0]))
                    .collect()
            };
            (norm(&sa, x.ndim())?, norm(&sb, y.ndim())?)
        }
        Some((v, sp)) => return Err(type_err("an int or a pair of axis lists", v, sp)),
    };
    Ok(Value::Array(build::tensordot(
        &x,
        &y,
        axes_a,
        axes_b,
        (b.req(0).1.clone(), b.req(1).1.clone()),
        span,
    )?))
}

fn eig(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let symmetric = name.ends_with('h');
    let (w, v) = la::eig(&x, symmetric, name, &b.span)?;
    Ok(if name.starts_with("eigvals") {
        Value::Array(w)
    } else {
        tuple(vec![w, v])
    })
}

fn tuple(xs: Vec<Arr>) -> Value {
    Value::Tuple(xs.into_iter().map(Value::Array).collect())
}

fn qr(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let (q, r) = la::qr(&b.arr(it, 0)?, &b.span)?;
    Ok(tuple(vec![q, r]))
}

fn svd(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let full = b.bool_or(1, true)?;
    if !b.bool_or(2, true)? {
        // numpy ignores full_matrices without u and vh: s of any chunking.
        return Ok(Value::Array(la::svd(&x, &b.span)?.1));
    }
    let (u, s, v) = if full {
        la::svd_full(&x, &b.span)?
    } else {
        la::svd(&x, &b.span)?
    };
    Ok(tuple(vec![u, s, v]))
}

fn svd_compressed(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let k = to_int(&b.req(1).0, &b.req(1).1)?;
    let p = b.int_or(2, 0)?;
    let seed = match b.get(3) {
        Some((v, sp)) => crate::expr::pyint::to_seed(v, sp)?,
        None => it.fresh_seed(),
    };
    let (u, s, v) = la::svd_compressed(&x, k, p, seed, &b.span)?;
    Ok(tuple(vec![u, s, v]))
}

fn solve(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let (x, y) = (b.arr(it, 0)?, b.arr(it, 1)?);
    Ok(Value::Array(la::solve(&x, &y, &b.span)?))
}

fn inv(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    Ok(Value::Array(la::unary_dense(
        Dense::Inv,
        name,
        &x,
        &b.span,
    )?))
}

fn cholesky(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    Ok(Value::Array(la::unary_dense(
        Dense::Cholesky,
        name,
        &x,
        &b.span,
    )?))
}

fn norm(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = b.span.clone();
    let ord = b.get(1).map(|v| v.0.clone()).unwrap_or(Value::None);
    let axis = match b.get(2) {
        None => None,
        Some((Value::Int(a), sp)) => Some(vec![(*a, sp.clone())]),
        Some((Value::Tuple(items) | Value::List(items), sp)) => Some(
            items
                .iter()
                .map(|i| to_int(i, sp).map(|a| (a, sp.clone())))
                .collect::<Result<Vec<_>>>()?,
        ),
        Some((v, sp)) => {
            return Err(Diagnostic::new(
                codes::TYPE,
                format!(
                    "expected an axis or a pair of axes, found {}",
                    v.type_name()
                ),
            )
            .label(sp.clone(), "axis"))
        }
    };
    let nd = x.ndim();
    let axis = match axis {
        None => None,
        Some(a) => {
            if a.len() > 2 {
                return Err(
                    Diagnostic::new(la::LINALG, "`norm` takes one or two axes").label(span, "here")
                );
            }
            Some(
                a.iter()
                    .map(|x| build::normalize_axes(std::slice::from_ref(x), nd).map(|v| v[0]))
                    .collect::<Result<Vec<_>>>()?,
            )
        }
    };
    Ok(Value::Array(la::norm(&x, &ord, axis, &span)?))
}

fn einsum(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let Some((Value::Str(spec), _)) = b.vals.first().and_then(|a| a.as_ref()) else {
        return Err(Diagnostic::new(
            la::LINALG,
            "einsum takes the subscripts string first: einsum('ij,jk->ik', a, b)",
        )
        .label(b.span.clone(), "here"));
    };
    let spec = spec.clone();
    let mut ops = Vec::new();
    for i in 1..b.vals.len() {
        ops.push((b.arr(it, i)?, b.span_of(i)));
    }
    Ok(Value::Array(la::einsum(&spec, ops, &b.span)?))
}

fn det(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    Ok(Value::Array(la::det(&b.arr(it, 0)?, &b.span)?))
}

fn trace(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    if x.ndim() != 2 {
        return Err(
            Diagnostic::new(la::LINALG, "`trace` takes a 2-d array").label(
                b.span_of(0),
                format!("shape {}", build::shape_str(x.shape())),
            ),
        );
    }
    let d = super::creation::diagonal(&x, b.int_or(1, 0)?, &b.span)?;
    Ok(Value::Array(build::reduce(
        &d,
        ReduceOp::Sum,
        None,
        false,
        b.span.clone(),
    )?))
}

fn inner(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let (x, y) = (b.arr(it, 0)?, b.arr(it, 1)?);
    let span = b.span.clone();
    if x.ndim() == 0 || y.ndim() == 0 {
        return Ok(Value::Array(build::binary(
            BinaryOp::Mul,
            (Operand::Array(x), span.clone()),
            (Operand::Array(y), span.clone()),
            span,
        )?));
    }
    Ok(Value::Array(build::tensordot(
        &x,
        &y,
        vec![x.ndim() - 1],
        vec![y.ndim() - 1],
        (b.span_of(0), b.span_of(1)),
        span,
    )?))
}

/// numpy's cov (and corrcoef from it): variables in rows, observations in columns.
fn cov(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = &b.span;
    let rowvar = b.bool_or(2, true)?;
    let vars = |it: &mut Interp, i: usize| -> Result<Arr> {
        let x = b.arr(it, i)?;
        let x = build::astype(&x, x.dtype().true_div(), span.clone())?;
        match x.ndim() {
            0 | 1 => build::reshape(&x, &[1, -1], span.clone()),
            2 if rowvar => Ok(x),
            2 => build::transpose(&x, None, span.clone()),
            _ => Err(
                Diagnostic::new(la::LINALG, format!("`{name}` takes 1-d or 2-d arrays")).label(
                    b.span_of(i),
                    format!("shape {}", build::shape_str(x.shape())),
                ),
            ),
        }
    };
    let mut x = vars(it, 0)?;
    let one_var_input = b.arr(it, 0)?.ndim() <= 1;
    let mut one = one_var_input;
    if b.get(1).is_some() {
        let y = vars(it, 1)?;
        x = build::concatenate(
            &[(x, span.clone()), (y, span.clone())],
            (0, span.clone()),
            span.clone(),
        )?;
        one = false;
    }
    let n = x.shape()[1] as f64;
    let ddof = if name == "cov" {
        match b.get(4) {
            Some((v, sp)) => to_int(v, sp)? as f64,
            None if b.bool_or(3, false)? => 0.0,
            None => 1.0,
        }
    } else {
        1.0
    };
    let a = |x: &Arr| Operand::Array(x.clone());
    let m = build::reduce(&x, ReduceOp::Mean, Some(vec![1]), true, span.clone())?;
    let d = build::binary(
        BinaryOp::Sub,
        (a(&x), span.clone()),
        (a(&m), span.clone()),
        span.clone(),
    )?;
    let dt = build::transpose(&d, None, span.clone())?;
    let prod = la::matmul(&d, &dt, (span.clone(), span.clone()), span.clone())?;
    let c = build::binary(
        BinaryOp::Div,
        (a(&prod), span.clone()),
        (Operand::Scalar(Scalar::Float(n - ddof)), span.clone()),
        span.clone(),
    )?;
    let c = if name == "corrcoef" {
        // c / sqrt(outer(diag, diag)), clipped to [-1, 1] as numpy does.
        let dg = super::creation::diagonal(&c, 0, span)?;
        let k = dg.shape()[0] as i64;
        let col = build::reshape(&dg, &[k, 1], span.clone())?;
        let row = build::reshape(&dg, &[1, k], span.clone())?;
        let outer = build::binary(
            BinaryOp::Mul,
            (a(&col), span.clone()),
            (a(&row), span.clone()),
            span.clone(),
        )?;
        let sd = build::unary(UnaryOp::Sqrt, (a(&outer), span.clone()), span.clone())?;
        let r = build::binary(
            BinaryOp::Div,
            (a(&c), span.clone()),
            (a(&sd), span.clone()),
            span.clone(),
        )?;
        let r = build::binary(
            BinaryOp::Maximum,
            (a(&r), span.clone()),
            (Operand::Scalar(Scalar::Float(-1.0)), span.clone()),
            span.clone(),
        )?;
        build::binary(
            BinaryOp::Minimum,
            (a(&r), span.clone()),
            (Operand::Scalar(Scalar::Float(1.0)), span.clone()),
            span.clone(),
        )?
    } else {
        c
    };
    Ok(Value::Array(if one {
        build::reshape(&c, &[], span.clone())?
    } else {
        c
    }))
}
