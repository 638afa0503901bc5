//! Scans: an array and `axis=` -> its running sums or products, lazily, chunk by chunk with a
//! carry between chunks (lowered in `lower::scan`).

use super::args::to_int;
use super::{Bound, Function, Imp};
use crate::expr::build;
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::scan::ScanOp;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "cumsum",
        "cumsum(x, axis=None)",
        "running sum along an axis (of the flattened array without `axis`)",
        "cumsum(arange(6).reshape((2, 3)), axis=1)",
        Imp::Fn(scan),
    )
    .method(),
    Function::new(
        "cumprod",
        "cumprod(x, axis=None)",
        "running product along an axis (of the flattened array without `axis`)",
        "cumprod(arange(1, 6))",
        Imp::Fn(scan),
    )
    .method(),
    Function::new(
        "nancumsum",
        "nancumsum(x, axis=None)",
        "running sum counting NaN as 0",
        "nancumsum(array([1., nan, 2.]))",
        Imp::Fn(scan),
    ),
    Function::new(
        "nancumprod",
        "nancumprod(x, axis=None)",
        "running product counting NaN as 1",
        "nancumprod(array([2., nan, 3.]))",
        Imp::Fn(scan),
    ),
];

fn scan(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let mut x = b.arr(it, 0)?;
    let op = match name {
        "cumsum" => ScanOp::CumSum,
        "cumprod" => ScanOp::CumProd,
        "nancumsum" => ScanOp::NanCumSum,
        _ => ScanOp::NanCumProd,
    };
    let axis = match b.get(1) {
        Some((v, sp)) => {
            let ax = to_int(v, sp)?;
            build::normalize_axes(&[(ax, sp.clone())], x.ndim())?[0]
        }
        None => {
            // numpy scans the flattened array (C order).
            if x.ndim() != 1 {
                x = build::reshape(&x, &[-1], span.clone())?;
            }
            0
        }
    };
    let meta = Meta {
        dtype: ScanOp::out_dtype(x.dtype()),
        ..x.meta.clone()
    };
    Ok(Value::Array(Node::new(
        Op::Scan { op, axis },
        vec![x],
        meta,
        span,
    )))
}
