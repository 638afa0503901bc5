//! Order statistics: an array, `q` and `axis=` -> quantiles (`median percentile quantile` and
//! their nan-variants). The axis is rechunked to one chunk (the other axes' chunks shrink to
//! keep blocks the size they were), then every block selects its lanes' quantiles on its own.

use super::args::{to_array, to_bool, to_f64, to_ints, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem};
use crate::expr::chunks;
use crate::expr::fancy;
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::quantile::How;
use crate::kernels::Block;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "median",
        "median(x, axis=None, keepdims=False)",
        "the middle value along an axis (mean of the two middle ones; NaN if any is NaN)",
        "median(array([[1, 5, 2], [8, 3, 3]]), axis=1)",
        Imp::Fn(order_stat),
    ),
    Function::new(
        "nanmedian",
        "nanmedian(x, axis=None, keepdims=False)",
        "median ignoring NaN",
        "nanmedian(array([1., nan, 3., 10.]))",
        Imp::Fn(order_stat),
    ),
    Function::new(
        "quantile",
        "quantile(x, q, axis=None, keepdims=False)",
        "the q-th quantile (0 <= q <= 1), interpolating linearly; a list of q gives one each (the first axis); axis= an int or a tuple",
        "quantile(arange(10), 0.25)",
        Imp::Fn(order_stat),
    ),
    Function::new(
        "nanquantile",
        "nanquantile(x, q, axis=None, keepdims=False)",
        "quantile ignoring NaN",
        "nanquantile(array([1., nan, 3., 10.]), 0.5)",
        Imp::Fn(order_stat),
    ),
    Function::new(
        "percentile",
        "percentile(x, q, axis=None, keepdims=False)",
        "the q-th percentile (0 <= q <= 100), interpolating linearly; a list of q gives one each (the first axis)",
        "percentile(arange(10), [10, 90])",
        Imp::Fn(order_stat),
    ),
    Function::new(
        "nanpercentile",
        "nanpercentile(x, q, axis=None, keepdims=False)",
        "percentile ignoring NaN",
        "nanpercentile(array([1., nan, 3., 10.]), 50)",
        Imp::Fn(order_stat),
    ),
];

fn order_stat(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let skip_nan = name.starts_with("nan");
    let base = name.trim_start_matches("nan");
    // median has no `q`: its axis and keepdims come one slot earlier.
    let ((qs, qshape, promote), at) = match base {
        "median" => ((vec![0.5], vec![], false), 1),
        _ => {
            let (v, sp) = b.req(1);
            (q_values(it, v, sp, base == "percentile")?, 2)
        }
    };
    // numpy interpolates a float q but takes an integer one (0 or 1) as an index, which
    // differs where infinities meet (`inf * 0`): `quantile([-inf, -inf, 3], 0)` is -inf.
    let integer_q = base == "quantile"
        && match b.get(1) {
            Some((Value::Int(_), _)) => true,
            Some((v @ (Value::List(_) | Value::Tuple(_) | Value::Array(_)), sp)) => {
                to_array(it, v, sp)?.dtype().is_int()
            }
            _ => false,
        };
    let keepdims = match b.get(at + 1) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    let ndim = x.ndim();
    let axes = match b.get(at) {
        Some((Value::None, _)) | None => None,
        Some((v, sp)) => {
            let spanned: Vec<(i64, Span)> = to_ints(v, sp)?
                .into_iter()
                .map(|a| (a, sp.clone()))
                .collect();
            Some(build::normalize_axes(&spanned, ndim)?)
        }
    };
    // The reduced axes (sorted) and x with them as one axis `ax`.
    let reduced: Vec<usize> = axes.clone().unwrap_or_else(|| (0..ndim).collect());
    let (x, ax) = match reduced.as_slice() {
        [a] if ndim > 0 => (x, *a),
        _ if reduced.len() == ndim => {
            // The whole array: its flattened elements.
            let x = if ndim == 1 {
                x
            } else {
                build::reshape(&x, &[-1], span.clone())?
            };
            (x, 0)
        }
        _ => {
            // The kept axes first, the reduced ones merged into one last axis.
            let kept: Vec<usize> = (0..ndim).filter(|d| !reduced.contains(d)).collect();
            let perm = kept
                .iter()
                .chain(&reduced)
                .map(|&d| (d as i64, span.clone()))
                .collect();
            let t = build::transpose(&x, Some(perm), span.clone())?;
            let mut shape: Vec<i64> = kept.iter().map(|&d| x.shape()[d] as i64).collect();
            shape.push(-1);
            (build::reshape(&t, &shape, span.clone())?, kept.len())
        }
    };
    let mut parts = Vec::with_capacity(qs.len());
    for &q in qs.iter().chain(qs.is_empty().then_some(&0.5)) {
        let how = match base {
            "median" => How::Median,
            _ if integer_q => How::Index,
            _ => How::Linear,
        };
        let mut r = quantile_along(&x, q, ax, skip_nan, how, &span);
        if keepdims {
            for &d in &reduced {
                r = build::expand_dims(&r, (d as i64, span.clone()), span.clone())?;
            }
        }
        if promote && r.dtype() == DType::F32 {
            r = build::astype(&r, DType::F64, span.clone())?;
        }
        parts.push(r);
    }
    if qshape.is_empty() {
        return Ok(Value::Array(parts.remove(0)));
    }
    // numpy: the q axes first.
    let rest: Vec<i64> = parts[0].shape().iter().map(|&n| n as i64).collect();
    let stacked: Vec<(Arr, Span)> = parts
        .iter()
        .map(|r| build::expand_dims(r, (0, span.clone()), span.clone()).map(|e| (e, span.clone())))
        .collect::<Result<_>>()?;
    let mut r = build::concatenate(&stacked, (0, span.clone()), span.clone())?;
    if qs.is_empty() {
        let mut items = vec![IndexItem::Slice(Some(0), Some(0), None, span.clone())];
        items.extend(
            rest.iter()
                .map(|_| IndexItem::Slice(None, None, None, span.clone())),
        );
        r = build::getitem(&r, items, span.clone())?;
    }
    let shape: Vec<i64> = qshape.iter().map(|&n| n as i64).chain(rest).collect();
    if qshape.len() != 1 {
        r = build::reshape(&r, &shape, span.clone())?;
    }
    Ok(Value::Array(r))
}

/// `q` (a number, a list or an array whose values are known before computing) as quantiles
/// in [0, 1] (`percent`: given in [0, 100]), its shape (`[]` for a number), and whether it
/// makes a float32 result float64 (numpy 2: a list or a float64 array of q does, a number
/// does not).
fn q_values(
    it: &mut Interp,
    v: &Value,
    sp: &Span,
    percent: bool,
) -> Result<(Vec<f64>, Vec<usize>, bool)> {
    let (vals, shape, promote) = match v {
        Value::List(_) | Value::Tuple(_) | Value::Array(_) => {
            let a = to_array(it, v, sp)?;
            let Some(block) = fancy::known(&a) else {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    "q must be known before computing: a number, a list or a literal array",
                )
                .label(sp.clone(), "computed from data"));
            };
            if a.dtype().is_complex() {
                return Err(type_err("real numbers", v, sp));
            }
            let Block::F64(f) = block.cast(DType::F64) else {
                unreachable!("cast to f64")
            };
            let promote = a.dtype() != DType::F32 || matches!(v, Value::List(_) | Value::Tuple(_));
            (
                f.iter().copied().collect::<Vec<f64>>(),
                a.shape().to_vec(),
                promote,
            )
        }
        _ => (vec![to_f64(v, sp)?], vec![], false),
    };
    let (scale, hi, what) = if percent {
        (100.0, "100", "Percentiles")
    } else {
        (1.0, "1", "Quantiles")
    };
    let qs: Vec<f64> = vals.iter().map(|q| q / scale).collect();
    if qs.iter().any(|q| !(0.0..=1.0).contains(q)) {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            format!("{what} must be in the range [0, {hi}]"),
        )
        .label(sp.clone(), "out of range"));
    }
    Ok((qs, shape, promote))
}

/// `x` rechunked to one chunk along `axis`, the other axes' chunks shrunk (largest first) to
/// keep each block no larger than before: the layout every lane-at-once kernel reads.
pub fn one_chunk_along(x: &Arr, axis: usize) -> Arr {
    let mut ch = x.meta.chunks.clone();
    let n = x.shape()[axis];
    let had = x.meta.chunk_shape()[axis].max(1);
    if ch[axis].len() > 1 {
        ch[axis] = vec![n];
        // The other axes give up the factor the scanned axis grew by, largest first.
        let mut grow = n.div_ceil(had);
        let cs = x.meta.chunk_shape();
        let mut others: Vec<usize> = (0..x.ndim()).filter(|&d| d != axis).collect();
        others.sort_by_key(|&d| std::cmp::Reverse(cs[d]));
        for d in others {
            if grow <= 1 {
                break;
            }
            let c = cs[d].max(1);
            let new = c.div_ceil(grow).max(1);
            grow = grow.div_ceil(c / new);
            ch[d] = chunks::regular(x.shape()[d], new);
        }
    }
    build::rechunk_to(x, ch)
}

/// [`one_chunk_along`], then one quantile (or `median`) task per block.
fn quantile_along(x: &Arr, q: f64, axis: usize, skip_nan: bool, how: How, span: &Span) -> Arr {
    let input = one_chunk_along(x, axis);
    let mut ch = input.meta.chunks.clone();
    let out = match x.dtype() {
        DType::F32 => DType::F32,
        _ => DType::F64,
    };
    let mut shape = x.shape().to_vec();
    shape.remove(axis);
    ch.remove(axis);
    let meta = Meta {
        shape,
        dtype: out,
        chunks: ch,
    };
    Node::new(
        Op::Quantile {
            q,
            axis,
            skip_nan,
            how,
        },
        vec![input],
        meta,
        span.clone(),
    )
}
