//! Reductions: an array and `axis=` -> a lazy chunk-then-aggregate reduction.

use super::args::{to_axes, to_bool, to_f64};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build;
use crate::expr::interp::{Interp, Result};
use crate::expr::value::Value;
use crate::kernels::reduce::ReduceOp;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "sum",
        "sum(x, axis=None, keepdims=False)",
        "sum of elements",
        "sum(arange(6).reshape((2, 3)), axis=0)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "prod",
        "prod(x, axis=None, keepdims=False)",
        "product of elements",
        "prod(arange(1, 5))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "mean",
        "mean(x, axis=None, keepdims=False)",
        "arithmetic mean",
        "mean(arange(6).reshape((2, 3)), axis=1)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "std",
        "std(x, axis=None, keepdims=False, ddof=0)",
        "standard deviation",
        "std(array([1., 2., 3., 4.]), ddof=1)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "var",
        "var(x, axis=None, keepdims=False, ddof=0)",
        "variance",
        "var(array([1., 2., 3., 4.]))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "min",
        "min(x, axis=None, keepdims=False)",
        "minimum (NaN propagates)",
        "min(array([3, 1, 2]))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "max",
        "max(x, axis=None, keepdims=False)",
        "maximum (NaN propagates)",
        "max(arange(6).reshape((2, 3)), axis=1, keepdims=True)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "any",
        "any(x, axis=None, keepdims=False)",
        "whether any element is true",
        "any(arange(4) > 2)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "all",
        "all(x, axis=None, keepdims=False)",
        "whether all elements are true",
        "all(arange(4) >= 0)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "argmin",
        "argmin(x, axis=None, keepdims=False)",
        "index of the minimum",
        "argmin(array([3, 1, 2]))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "argmax",
        "argmax(x, axis=None, keepdims=False)",
        "index of the maximum",
        "argmax(array([[1, 5], [7, 2]]), axis=1)",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "nansum",
        "nansum(x, axis=None, keepdims=False)",
        "sum ignoring NaN",
        "nansum(array([1., nan, 2.]))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "nanmean",
        "nanmean(x, axis=None, keepdims=False)",
        "mean ignoring NaN",
        "nanmean(array([1., nan, 2.]))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "nanmin",
        "nanmin(x, axis=None, keepdims=False)",
        "minimum ignoring NaN",
        "nanmin(array([1., nan, 2.]))",
        Imp::Fn(reduction),
    )
    .method(),
    Function::new(
        "nanmax",
        "nanmax(x, axis=None, keepdims=False)",
        "maximum ignoring NaN",
        "nanmax(array([1., nan, 2.]))",
        Imp::Fn(reduction),
    )
    .method(),
];

fn reduction(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    if let Value::Masked(m) = &b.req(0).0 {
        return masked_reduction(m, name, &b, span);
    }
    let x = b.arr(it, 0)?;
    let keepdims = match b.get(2) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    let ddof = if matches!(name, "std" | "var") {
        b.get(3)
            .map(|(v, sp)| to_f64(v, sp))
            .transpose()?
            .unwrap_or(0.0)
    } else {
        0.0
    };
    let axes = match b.get(1) {
        Some((v, sp)) if crate::expr::dims::has_names(v) => {
            Some(crate::expr::dims::named_axes(&x, v, sp)?)
        }
        _ => to_axes(&b, 1, x.ndim())?,
    };
    let op = reduce_op(name, ddof).expect("listed reductions");
    if name.starts_with("nan") && !x.dtype().is_float() {
        // NaN cannot occur in integers: the plain reduction is the same.
        let plain = reduce_op(&name[3..], ddof).expect("plain variant");
        return Ok(Value::Array(build::reduce(
            &x, plain, axes, keepdims, span,
        )?));
    }
    Ok(Value::Array(build::reduce(&x, op, axes, keepdims, span)?))
}

fn reduce_op(name: &str, ddof: f64) -> Option<ReduceOp> {
    Some(match name {
        "sum" => ReduceOp::Sum,
        "prod" => ReduceOp::Prod,
        "mean" => ReduceOp::Mean,
        "std" => ReduceOp::Std { ddof },
        "var" => ReduceOp::Var { ddof },
        "min" => ReduceOp::Min,
        "max" => ReduceOp::Max,
        "any" => ReduceOp::Any,
        "all" => ReduceOp::All,
        "argmin" => ReduceOp::ArgMin,
        "argmax" => ReduceOp::ArgMax,
        "nansum" => ReduceOp::NanSum,
        "nanmean" => ReduceOp::NanMean,
        "nanmin" => ReduceOp::NanMin,
        "nanmax" => ReduceOp::NanMax,
        _ => return None,
    })
}

/// A reduction of `x[mask]`: over the whole selection only (it is 1-D).
fn masked_reduction(
    m: &crate::expr::mask::Masked,
    name: &str,
    b: &Bound,
    span: Span,
) -> Result<Value> {
    if let Some((v, sp)) = b.get(1) {
        let whole = match v {
            Value::None => true,
            Value::Int(0) | Value::Int(-1) => true,
            Value::Tuple(t) => matches!(t.as_slice(), [Value::Int(0)] | [Value::Int(-1)]),
            _ => false,
        };
        if !whole {
            return Err(
                Diagnostic::new(codes::AXIS, "a boolean-mask selection is 1-D")
                    .label(sp.clone(), "only axis 0 or None")
                    .label(m.span.clone(), "the selection"),
            );
        }
    }
    let ddof = if matches!(name, "std" | "var") {
        b.get(3)
            .map(|(v, sp)| to_f64(v, sp))
            .transpose()?
            .unwrap_or(0.0)
    } else {
        0.0
    };
    let r = crate::expr::mask::reduce(m, name, ddof, span.clone())?;
    let keepdims = match b.get(2) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    Ok(Value::Array(if keepdims {
        build::expand_dims(&r, (0, span.clone()), span)?
    } else {
        r
    }))
}
