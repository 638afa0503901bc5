//! Whole-matrix solvers: square matrices -> one task each (`solve det inv cholesky`).

use super::{dense, rhs, same_float, square};
use crate::expr::interp::Result;
use crate::expr::node::Arr;
use crate::kernels::linalg::Dense;
use crate::source::Span;

/// `solve(a, b)`.
pub fn solve(a: &Arr, b: &Arr, span: &Span) -> Result<Arr> {
    let a = square(a, "solve", span)?;
    let b = rhs(b, a.shape()[0], "solve", span)?;
    let (a, b) = same_float(a, b, span)?;
    let shape = b.shape().to_vec();
    dense(Dense::Solve, vec![a, b], shape, span)
}

/// `det(a)`: one whole-matrix task (LU), a 0-d result.
pub fn det(a: &Arr, span: &Span) -> Result<Arr> {
    let a = square(a, "det", span)?;
    dense(Dense::Det, vec![a], vec![], span)
}

/// `inv(a)` and `cholesky(a)`.
pub fn unary_dense(op: Dense, name: &str, a: &Arr, span: &Span) -> Result<Arr> {
    let a = square(a, name, span)?;
    let shape = a.shape().to_vec();
    dense(op, vec![a], shape, span)
}
