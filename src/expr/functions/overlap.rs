//! Neighbours: an array and an axis -> arrays whose elements read their neighbours (`diff`,
//! `gradient`, `roll`, `pad`). Each is built from shifted slices and concatenations, so each
//! output block reads only the input blocks it overlaps plus the edge elements of their
//! neighbours (the slicing lowering cuts exactly those pieces), never a whole axis.

use super::args::{to_f64, to_int, to_ints, to_str, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::chunks;
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::Scalar;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "diff",
        "diff(x, n=1, axis=-1)",
        "n-th differences along an axis: x[1:] - x[:-1]",
        "diff(array([1, 4, 9, 16]))",
        Imp::Fn(diff),
    ),
    Function::new(
        "gradient",
        "gradient(x, spacing=1.0, axis=None)",
        "central differences inside, one-sided at the ends (a tuple per axis for 2-d and up)",
        "gradient(array([1., 2., 4., 7., 11.]))",
        Imp::Fn(gradient),
    ),
    Function::new(
        "roll",
        "roll(x, shift, axis=None)",
        "elements shifted along an axis, wrapping around (the flattened array without `axis`)",
        "roll(arange(5), 2)",
        Imp::Fn(roll),
    ),
    Function::new(
        "pad",
        "pad(x, pad_width, mode=\"constant\", constant_values=0)",
        "widen every axis by (before, after) elements: a constant or the edge values",
        "pad(arange(3), (1, 2), mode=\"edge\")",
        Imp::Fn(pad),
    ),
];

/// `x` sliced to `start..stop` along `axis` (numpy slice rules, negative from the end).
fn slice_axis(
    x: &Arr,
    axis: usize,
    start: Option<i64>,
    stop: Option<i64>,
    sp: &Span,
) -> Result<Arr> {
    let items = (0..x.ndim())
        .map(|d| {
            if d == axis {
                IndexItem::Slice(start, stop, None, sp.clone())
            } else {
                IndexItem::Slice(None, None, None, sp.clone())
            }
        })
        .collect();
    build::getitem(x, items, sp.clone())
}

fn bin(op: BinaryOp, a: &Arr, b: Operand, sp: &Span) -> Result<Arr> {
    build::binary(
        op,
        (Operand::Array(a.clone()), sp.clone()),
        (b, sp.clone()),
        sp.clone(),
    )
}

fn concat(xs: &[Arr], axis: usize, sp: &Span) -> Result<Arr> {
    let parts: Vec<(Arr, Span)> = xs.iter().map(|a| (a.clone(), sp.clone())).collect();
    build::concatenate(&parts, (axis as i64, sp.clone()), sp.clone())
}

fn one_axis(v: Option<&(Value, Span)>, default: i64, x: &Arr) -> Result<(usize, Span)> {
    let (ax, sp) = match v {
        Some((v, sp)) => (to_int(v, sp)?, sp.clone()),
        None => (default, x.span.clone()),
    };
    let axis = build::normalize_axes(&[(ax, sp.clone())], x.ndim())?[0];
    Ok((axis, sp))
}

fn diff(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let mut x = b.arr(it, 0)?;
    let n = b.int_or(1, 1)?;
    if n < 0 {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            format!("order must be non-negative but got `{n}`"),
        )
        .label(b.span_of(1), "a negative order"));
    }
    if x.ndim() == 0 {
        return Err(Diagnostic::new(
            codes::AXIS,
            "diff requires input that is at least one dimensional",
        )
        .label(b.span_of(0), "a 0-d array"));
    }
    let (axis, _) = one_axis(b.get(2), -1, &x)?;
    // numpy: booleans differ by `!=`, everything else by subtraction.
    let op = if x.dtype() == DType::Bool {
        BinaryOp::Ne
    } else {
        BinaryOp::Sub
    };
    for _ in 0..n {
        let hi = slice_axis(&x, axis, Some(1), None, &span)?;
        let lo = slice_axis(&x, axis, None, Some(-1), &span)?;
        x = bin(op, &hi, Operand::Array(lo), &span)?;
    }
    Ok(Value::Array(x))
}

/// The gradient along one axis (numpy's `edge_order=1`), in a float dtype.
fn gradient_along(x: &Arr, axis: usize, h: f64, sp: &Span) -> Result<Arr> {
    let n = x.shape()[axis];
    if n < 2 {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required",
        )
        .label(sp.clone(), format!("axis {axis} has length {n}")));
    }
    let x = if x.dtype().is_float() {
        x.clone()
    } else {
        build::astype(x, DType::F64, sp.clone())?
    };
    let s = |a: Option<i64>, b: Option<i64>| slice_axis(&x, axis, a, b, sp);
    let first = bin(
        BinaryOp::Sub,
        &s(Some(1), Some(2))?,
        Operand::Array(s(Some(0), Some(1))?),
        sp,
    )?;
    let last = bin(
        BinaryOp::Sub,
        &s(Some(-1), None)?,
        Operand::Array(s(Some(-2), Some(-1))?),
        sp,
    )?;
    let mut parts = vec![first];
    if n > 2 {
        let d = bin(
            BinaryOp::Sub,
            &s(Some(2), None)?,
            Operand::Array(s(None, Some(-2))?),
            sp,
        )?;
        parts.push(bin(
            BinaryOp::Div,
            &d,
            Operand::Scalar(Scalar::Float(2.0)),
            sp,
        )?);
    }
    parts.push(last);
    let g = concat(&parts, axis, sp)?;
    if h == 1.0 {
        Ok(g)
    } else {
        bin(BinaryOp::Div, &g, Operand::Scalar(Scalar::Float(h)), sp)
    }
}

fn gradient(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let h = match b.get(1) {
        Some((v, sp)) => to_f64(v, sp)?,
        None => 1.0,
    };
    match b.get(2) {
        Some(_) => {
            let (axis, _) = one_axis(b.get(2), 0, &x)?;
            Ok(Value::Array(gradient_along(&x, axis, h, &span)?))
        }
        None if x.ndim() == 1 => Ok(Value::Array(gradient_along(&x, 0, h, &span)?)),
        None => Ok(Value::Tuple(
            (0..x.ndim())
                .map(|ax| gradient_along(&x, ax, h, &span).map(Value::Array))
                .collect::<Result<_>>()?,
        )),
    }
}

/// `x` rolled by `shift` along `axis`: the last `shift` elements move to the front.
pub(super) fn roll_along(x: &Arr, shift: i64, axis: usize, sp: &Span) -> Result<Arr> {
    let n = x.shape()[axis] as i64;
    if n == 0 {
        return Ok(x.clone());
    }
    let s = shift.rem_euclid(n);
    if s == 0 {
        return Ok(x.clone());
    }
    let tail = slice_axis(x, axis, Some(n - s), None, sp)?;
    let head = slice_axis(x, axis, None, Some(n - s), sp)?;
    concat(&[tail, head], axis, sp)
}

fn roll(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let (sv, ssp) = b.req(1);
    let shifts = to_ints(sv, ssp)?;
    let Some((av, asp)) = b.get(2) else {
        // numpy rolls the flattened array by the total shift, then restores the shape.
        let flat = build::reshape(&x, &[-1], span.clone())?;
        let r = roll_along(&flat, shifts.iter().sum(), 0, &span)?;
        let shape: Vec<i64> = x.shape().iter().map(|&d| d as i64).collect();
        return Ok(Value::Array(build::reshape(&r, &shape, span)?));
    };
    let axes = to_ints(av, asp)?;
    let pairs: Vec<(i64, i64)> = match (shifts.len(), axes.len()) {
        (1, _) => axes.iter().map(|&a| (shifts[0], a)).collect(),
        (_, 1) => shifts.iter().map(|&s| (s, axes[0])).collect(),
        (s, a) if s == a => shifts.into_iter().zip(axes).collect(),
        _ => {
            return Err(Diagnostic::new(
                codes::SHAPE,
                "'shift' and 'axis' should be scalars or 1D sequences of the same length",
            )
            .label(ssp.clone(), "shifts")
            .label(asp.clone(), "axes"))
        }
    };
    let mut r = x;
    for (s, a) in pairs {
        let ax = build::normalize_axes(&[(a, asp.clone())], r.ndim())?[0];
        r = roll_along(&r, s, ax, &span)?;
    }
    Ok(Value::Array(r))
}

/// `(before, after)` per axis from numpy's forms: `n`, `(b, a)`, `((b0, a0), (b1, a1), ...)`.
fn pad_widths(v: &Value, sp: &Span, ndim: usize) -> Result<Vec<(usize, usize)>> {
    let pair = |v: &Value| -> Result<(i64, i64)> {
        let w = to_ints(v, sp)?;
        match w.as_slice() {
            [n] => Ok((*n, *n)),
            [b, a] => Ok((*b, *a)),
            _ => Err(type_err("a pair (before, after)", v, sp)),
        }
    };
    let widths: Vec<(i64, i64)> = match v {
        Value::Tuple(items) | Value::List(items)
            if items
                .iter()
                .any(|i| matches!(i, Value::Tuple(_) | Value::List(_))) =>
        {
            let ps = items.iter().map(pair).collect::<Result<Vec<_>>>()?;
            match ps.len() {
                1 => vec![ps[0]; ndim],
                n if n == ndim => ps,
                n => {
                    return Err(Diagnostic::new(
                        codes::SHAPE,
                        format!("pad_width has {n} pairs for an array of dimension {ndim}"),
                    )
                    .label(sp.clone(), "one (before, after) per axis"))
                }
            }
        }
        _ => vec![pair(v)?; ndim],
    };
    widths
        .into_iter()
        .map(|(b, a)| {
            if b < 0 || a < 0 {
                Err(
                    Diagnostic::new(codes::ARGUMENT, "index can't contain negative values")
                        .label(sp.clone(), "pad widths must be >= 0"),
                )
            } else {
                Ok((b as usize, a as usize))
            }
        })
        .collect()
}

fn pad(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let (wv, wsp) = b.req(1);
    let widths = pad_widths(wv, wsp, x.ndim())?;
    let mode = match b.get(2) {
        Some((v, sp)) => match to_str(v, sp)? {
            m @ ("constant" | "edge") => m.to_string(),
            other => {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!("mode `{other}` is not supported"),
                )
                .label(sp.clone(), "here")
                .note("arrlang pads with mode=\"constant\" or mode=\"edge\""))
            }
        },
        None => "constant".into(),
    };
    let fill = match b.get(3) {
        Some((v, sp)) => v.scalar().ok_or_else(|| type_err("a number", v, sp))?,
        None => Scalar::Int(0),
    };
    let mut r = x.clone();
    for (axis, &(before, after)) in widths.iter().enumerate() {
        if before == 0 && after == 0 {
            continue;
        }
        if mode == "edge" && r.shape()[axis] == 0 {
            return Err(Diagnostic::new(
                codes::SHAPE,
                "can't extend empty axis using modes other than 'constant' or 'empty'",
            )
            .label(b.span_of(0), format!("axis {axis} is empty")));
        }
        let side = |w: usize, at_end: bool| -> Result<Arr> {
            let mut shape = r.shape().to_vec();
            shape[axis] = w;
            if mode == "edge" {
                let (s, e) = if at_end {
                    (Some(-1), None)
                } else {
                    (Some(0), Some(1))
                };
                let edge = slice_axis(&r, axis, s, e, &span)?;
                return build::broadcast_to(&edge, &shape, span.clone());
            }
            let mut ch = r.meta.chunks.clone();
            ch[axis] = chunks::regular(w, r.meta.chunk_shape()[axis].max(1));
            // numpy casts the fill value to the array's dtype (1.5 pads an int array with 1).
            let v = match r.dtype() {
                DType::Bool => Scalar::Bool(fill.as_bool()),
                d if d.is_float() => Scalar::Float(fill.as_f64()),
                _ => Scalar::Int(fill.as_i64()),
            };
            let meta = Meta {
                shape,
                dtype: r.dtype(),
                chunks: ch,
            };
            Ok(Node::new(Op::Full(v), vec![], meta, span.clone()))
        };
        let mut parts = Vec::new();
        if before > 0 {
            parts.push(side(before, false)?);
        }
        parts.push(r.clone());
        if after > 0 {
            parts.push(side(after, true)?);
        }
        r = concat(&parts, axis, &span)?;
    }
    Ok(Value::Array(r))
}
