//! Reductions: an array and `axis=` -> a lazy chunk-then-aggregate reduction.

use super::args::to_array;
use super::args::{to_axes, to_bool, to_f64};
use super::elementwise::{bin, scalar, un};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build;
use crate::expr::build::Operand;
use crate::expr::interp::{Interp, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
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
        "mean(x, axis=None, keepdims=False, dtype=None)",
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
    Function::new(
        "amax",
        "amax(x, axis=None, keepdims=False)",
        "maximum (numpy's other name for max)",
        "amax(array([[1, 5], [7, 2]]), axis=0)",
        Imp::Fn(reduction),
    ),
    Function::new(
        "amin",
        "amin(x, axis=None, keepdims=False)",
        "minimum (numpy's other name for min)",
        "amin(array([[1, 5], [7, 2]]), axis=0)",
        Imp::Fn(reduction),
    ),
    Function::new(
        "count_nonzero",
        "count_nonzero(x, axis=None, keepdims=False)",
        "the number of nonzero (true) elements",
        "count_nonzero(array([[0, 1, 2], [3, 0, 0]]), axis=1)",
        Imp::Fn(count_nonzero),
    ),
    Function::new(
        "nanvar",
        "nanvar(x, axis=None, keepdims=False, ddof=0)",
        "variance ignoring NaN",
        "nanvar(array([1., nan, 3.]))",
        Imp::Fn(nanvar),
    ),
    Function::new(
        "nanstd",
        "nanstd(x, axis=None, keepdims=False, ddof=0)",
        "standard deviation ignoring NaN",
        "nanstd(array([1., nan, 3.]))",
        Imp::Fn(nanvar),
    ),
    Function::new(
        "nanargmax",
        "nanargmax(x, axis=None, keepdims=False)",
        "index of the maximum ignoring NaN (0 for an all-NaN slice, where numpy raises)",
        "nanargmax(array([1., nan, 3.]))",
        Imp::Fn(nanarg),
    ),
    Function::new(
        "nanargmin",
        "nanargmin(x, axis=None, keepdims=False)",
        "index of the minimum ignoring NaN (0 for an all-NaN slice, where numpy raises)",
        "nanargmin(array([1., nan, 0.]))",
        Imp::Fn(nanarg),
    ),
    Function::new(
        "average",
        "average(x, axis=None, weights=None)",
        "mean, or weighted mean sum(x * w) / sum(w); 1-D weights go along axis",
        "average(arange(4.), weights=array([1, 2, 3, 4]))",
        Imp::Fn(average),
    ),
    Function::new(
        "ptp",
        "ptp(x, axis=None, keepdims=False)",
        "range of values (maximum minus minimum, \"peak to peak\")",
        "ptp(array([[4, 9, 2], [3, 5, 7]]), axis=1)",
        Imp::Fn(ptp),
    ),
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
    let ddof = ddof_arg(name, &b)?;
    let axes = match b.get(1) {
        Some((v, sp)) if crate::expr::dims::has_names(v) => {
            Some(crate::expr::dims::named_axes(&x, v, sp)?)
        }
        _ => to_axes(&b, 1, x.ndim())?,
    };
    if name == "mean" {
        if let Some(dt) = b.dtype(3)? {
            // numpy accumulates in the given dtype; an integer dtype truncates the mean.
            let work = dt.true_div();
            let x = build::astype(&x, work, span.clone())?;
            let m = build::reduce(&x, ReduceOp::Mean, axes, keepdims, span.clone())?;
            return Ok(Value::Array(build::astype(&m, dt, span)?));
        }
    }
    let op = reduce_op(name, ddof).expect("listed reductions");
    if name.starts_with("nan") && !x.dtype().is_inexact() {
        // NaN cannot occur in integers: the plain reduction is the same.
        let plain = reduce_op(&name[3..], ddof).expect("plain variant");
        return Ok(Value::Array(build::reduce(
            &x, plain, axes, keepdims, span,
        )?));
    }
    Ok(Value::Array(build::reduce(&x, op, axes, keepdims, span)?))
}

/// `ddof=` (the third keyword of `std` and `var`; 0 for the other reductions).
fn ddof_arg(name: &str, b: &Bound) -> Result<f64> {
    if !matches!(name, "std" | "var") {
        return Ok(0.0);
    }
    Ok(b.get(3)
        .map(|(v, sp)| to_f64(v, sp))
        .transpose()?
        .unwrap_or(0.0))
}

fn reduce_op(name: &str, ddof: f64) -> Option<ReduceOp> {
    Some(match name {
        "sum" => ReduceOp::Sum,
        "prod" => ReduceOp::Prod,
        "mean" => ReduceOp::Mean,
        "std" => ReduceOp::Std { ddof },
        "var" => ReduceOp::Var { ddof },
        "min" | "amin" => ReduceOp::Min,
        "max" | "amax" => ReduceOp::Max,
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

/// A reduction of `x[mask]`: over the whole selection only.
fn masked_reduction(
    m: &crate::expr::mask::Masked,
    name: &str,
    b: &Bound,
    span: Span,
) -> Result<Value> {
    if let Some((v, sp)) = b.get(1) {
        let whole = match v {
            Value::None => true,
            _ if m.lanes > 0 => false,
            Value::Int(0) | Value::Int(-1) => true,
            Value::Tuple(t) => matches!(t.as_slice(), [Value::Int(0)] | [Value::Int(-1)]),
            _ => false,
        };
        if !whole && m.lanes > 0 {
            return Err(Diagnostic::new(
                codes::AXIS,
                "a reduction along an axis of a selection by a computed mask is not supported",
            )
            .label(sp.clone(), "only axis=None")
            .label(
                m.span.clone(),
                "its length along one axis depends on the data",
            )
            .note("reduce where(m, x, fill) along the axis instead"));
        }
        if !whole {
            return Err(
                Diagnostic::new(codes::AXIS, "a boolean-mask selection is 1-D")
                    .label(sp.clone(), "only axis 0 or None")
                    .label(m.span.clone(), "the selection"),
            );
        }
    }
    let ddof = ddof_arg(name, b)?;
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

/// `axis=` and `keepdims=` at positions 1 and 2, as every reduction here has them.
fn axes_keep(b: &Bound, x: &Arr) -> Result<(Option<Vec<usize>>, bool)> {
    let axes = match b.get(1) {
        Some((v, sp)) if crate::expr::dims::has_names(v) => {
            Some(crate::expr::dims::named_axes(x, v, sp)?)
        }
        _ => to_axes(b, 1, x.ndim())?,
    };
    Ok((axes, b.bool_or(2, false)?))
}

fn red(x: &Arr, op: ReduceOp, axes: &Option<Vec<usize>>, keep: bool, span: &Span) -> Result<Arr> {
    build::reduce(x, op, axes.clone(), keep, span.clone())
}

fn count_nonzero(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let (axes, keep) = axes_keep(&b, &x)?;
    let nz = bin(
        BinaryOp::Ne,
        Operand::Array(x),
        Operand::Scalar(Scalar::Int(0)),
        &b.span,
    )?;
    Ok(Value::Array(red(&nz, ReduceOp::Sum, &axes, keep, &b.span)?))
}

/// numpy's nanvar: the mean of squared deviations from the nanmean over the non-NaN
/// elements, divided by (count - ddof); NaN where that is not positive.
fn nanvar(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let (axes, keep) = axes_keep(&b, &x)?;
    let ddof = b.f64_or(3, 0.0)?;
    if x.dtype().is_complex() {
        // |z - mean|^2 = (re - mean re)^2 + (im - mean im)^2 over the elements where z is not
        // NaN (either part): the variances of both parts, NaN-masked alike, add up.
        let a = |x: &Arr| Operand::Array(x.clone());
        let valid = un(UnaryOp::Invert, &un(UnaryOp::IsNan, &x, span)?, span)?;
        let part = |op: UnaryOp| -> Result<Arr> {
            let p = un(op, &x, span)?;
            let p = build::where_(
                (a(&valid), span.clone()),
                (a(&p), span.clone()),
                (scalar(f64::NAN), span.clone()),
                span.clone(),
            )?;
            let p = build::astype(&p, x.dtype().real_part(), span.clone())?;
            nan_variance(&p, &axes, keep, ddof, span)
        };
        let v = bin(
            BinaryOp::Add,
            a(&part(UnaryOp::Real)?),
            a(&part(UnaryOp::Imag)?),
            span,
        )?;
        return Ok(Value::Array(if name == "nanstd" {
            un(UnaryOp::Sqrt, &v, span)?
        } else {
            v
        }));
    }
    if !x.dtype().is_float() {
        let op = if name == "nanstd" {
            ReduceOp::Std { ddof }
        } else {
            ReduceOp::Var { ddof }
        };
        return Ok(Value::Array(red(&x, op, &axes, keep, span)?));
    }
    let v = nan_variance(&x, &axes, keep, ddof, span)?;
    Ok(Value::Array(if name == "nanstd" {
        un(UnaryOp::Sqrt, &v, span)?
    } else {
        v
    }))
}

/// nanvar of a float array.
fn nan_variance(
    x: &Arr,
    axes: &Option<Vec<usize>>,
    keep: bool,
    ddof: f64,
    span: &Span,
) -> Result<Arr> {
    let (x, axes) = (x.clone(), axes.clone());
    let a = |x: &Arr| Operand::Array(x.clone());
    let m = red(&x, ReduceOp::NanMean, &axes, true, span)?;
    let d = bin(BinaryOp::Sub, a(&x), a(&m), span)?;
    let sq = bin(BinaryOp::Mul, a(&d), a(&d), span)?;
    // Masked by x's own NaN (numpy): inf - inf deviations stay NaN and make the result NaN.
    let valid = un(UnaryOp::Invert, &un(UnaryOp::IsNan, &x, span)?, span)?;
    let sq = build::where_(
        (a(&valid), span.clone()),
        (a(&sq), span.clone()),
        (scalar(0.0), span.clone()),
        span.clone(),
    )?;
    let ss = red(&sq, ReduceOp::Sum, &axes, keep, span)?;
    let n = red(&valid, ReduceOp::Sum, &axes, keep, span)?;
    let dof = bin(BinaryOp::Sub, a(&n), scalar(ddof), span)?;
    let dof = build::astype(&dof, x.dtype(), span.clone())?;
    let pos = bin(BinaryOp::Gt, a(&dof), scalar(0.0), span)?;
    let v = bin(BinaryOp::Div, a(&ss), a(&dof), span)?;
    let v = build::where_(
        (a(&pos), span.clone()),
        (a(&v), span.clone()),
        (scalar(f64::NAN), span.clone()),
        span.clone(),
    )?;
    build::astype(&v, x.dtype(), span.clone())
}

fn nanarg(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let (axes, keep) = axes_keep(&b, &x)?;
    let (fill, op) = if name == "nanargmax" {
        (f64::NEG_INFINITY, ReduceOp::ArgMax)
    } else {
        (f64::INFINITY, ReduceOp::ArgMin)
    };
    let y = if x.dtype().is_float() {
        let nan = un(UnaryOp::IsNan, &x, span)?;
        let y = build::where_(
            (Operand::Array(nan), span.clone()),
            (scalar(fill), span.clone()),
            (Operand::Array(x.clone()), span.clone()),
            span.clone(),
        )?;
        build::astype(&y, x.dtype(), span.clone())?
    } else {
        x
    };
    Ok(Value::Array(red(&y, op, &axes, keep, span)?))
}

fn average(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let axes = to_axes(&b, 1, x.ndim())?;
    let Some((wv, wsp)) = b.get(2) else {
        return Ok(Value::Array(red(&x, ReduceOp::Mean, &axes, false, span)?));
    };
    let mut w = to_array(it, wv, wsp)?;
    if w.shape() != x.shape() {
        // numpy: 1-D weights of the axis' length, laid along that axis.
        let ax = match axes.as_deref() {
            Some([a]) if w.ndim() == 1 && w.shape()[0] == x.shape()[*a] => *a,
            _ => return Err(Diagnostic::new(
                codes::SHAPE,
                "weights differ in shape from the array: 1-D weights need one axis of their length",
            )
            .label(
                wsp.clone(),
                format!("shape {}", build::shape_str(w.shape())),
            )
            .label(
                b.span_of(0),
                format!("shape {}", build::shape_str(x.shape())),
            )),
        };
        let mut s: Vec<i64> = vec![1; x.ndim()];
        s[ax] = w.shape()[0] as i64;
        w = build::reshape(&w, &s, span.clone())?;
    }
    let a = |x: &Arr| Operand::Array(x.clone());
    let xw = bin(BinaryOp::Mul, a(&x), a(&w), span)?;
    let num = red(&xw, ReduceOp::Sum, &axes, false, span)?;
    let wb = build::broadcast_to(&w, x.shape(), span.clone())?;
    let den = red(&wb, ReduceOp::Sum, &axes, false, span)?;
    let r = bin(BinaryOp::Div, a(&num), a(&den), span)?;
    Ok(Value::Array(r))
}

fn ptp(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let axes = to_axes(&b, 1, x.ndim())?;
    let keep = b.bool_or(2, false)?;
    let hi = build::reduce(&x, ReduceOp::Max, axes.clone(), keep, span.clone())?;
    let lo = build::reduce(&x, ReduceOp::Min, axes, keep, span.clone())?;
    Ok(Value::Array(build::binary(
        BinaryOp::Sub,
        (Operand::Array(hi), span.clone()),
        (Operand::Array(lo), span.clone()),
        span,
    )?))
}
