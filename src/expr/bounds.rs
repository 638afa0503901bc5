//! Static value bounds: a finite bound on |x| proven from the expression alone, so the
//! compiler knows an array holds no NaN (or infinity) without reading it.
//!
//! `random(...) * 2 - 1` is bounded by 3; anything read from a file, divided, or reduced is
//! unknown. Used where NaN-freedom allows a cheaper plan (masked means in one pass).

use super::node::{Arr, MapExpr, MapLeaf, Op};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};

/// A finite bound on the magnitude of every element of `a`, if one is provable.
pub fn finite_bound(a: &Arr) -> Option<f64> {
    let b = match &a.op {
        _ if a.dtype() == DType::Bool => 1.0,
        Op::Full(s) => s.as_f64().abs(),
        Op::Random { normal: false, .. } => 1.0,
        // Box–Muller from 53-bit uniforms cannot exceed sqrt(-2 ln 2^-53) < 8.6.
        Op::Random { normal: true, .. } => 8.6,
        Op::Eye { .. } => 1.0,
        Op::Arange { start, step } => {
            let n = a.meta.size().max(1) as f64;
            start.abs().max((start + step * (n - 1.0)).abs())
        }
        Op::Map(m) => map_bound(m, a)?,
        Op::Slice { .. }
        | Op::ViewReshape
        | Op::Reshape
        | Op::Transpose { .. }
        | Op::Rechunk
        | Op::Concat { .. } => a
            .inputs
            .iter()
            .map(finite_bound)
            .try_fold(0.0f64, |m, b| b.map(|b| m.max(b)))?,
        // Integers are never NaN, whatever their magnitude.
        _ if a.dtype().is_int() => 1.9e19,
        _ => return None,
    };
    let limit = if a.dtype() == DType::F32 { 3e38 } else { 1e300 };
    (b.is_finite() && b < limit).then_some(b)
}

fn map_bound(m: &MapExpr, a: &Arr) -> Option<f64> {
    use BinaryOp::*;
    Some(match m {
        MapExpr::Leaf(MapLeaf::Input(i), _) => finite_bound(&a.inputs[*i])?,
        MapExpr::Leaf(MapLeaf::Const(s), _) => s.as_f64().abs(),
        MapExpr::Cast(x, _) => map_bound(x, a)?,
        MapExpr::Unary(op, x, _) => match op {
            UnaryOp::Neg | UnaryOp::Abs => map_bound(x, a)?,
            UnaryOp::IsNan | UnaryOp::IsFinite | UnaryOp::IsInf => 1.0,
            _ => return None,
        },
        MapExpr::Binary(op, x, y, _) => {
            let (bx, by) = (map_bound(x, a)?, map_bound(y, a)?);
            match op {
                Add | Sub => bx + by,
                Mul => bx * by,
                Maximum | Minimum | Fmax | Fmin => bx.max(by),
                Eq | Ne | Lt | Le | Gt | Ge | And | Or | Xor => bx.max(by).max(1.0),
                _ => return None,
            }
        }
        MapExpr::Where(_, x, y, _) => map_bound(x, a)?.max(map_bound(y, a)?),
    })
}
