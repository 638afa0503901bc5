//! Building reductions: `sum`, `mean`, `argmax`, ... over axes, with complex moments built from sums.

use super::{astype, binary, unary, Operand, Result};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;

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
