//! Order statistics: an array, `q` and `axis=` -> quantiles (`median percentile quantile` and
//! their nan-variants). The axis is rechunked to one chunk (the other axes' chunks shrink to
//! keep blocks the size they were), then every block selects its lanes' quantiles on its own.

use super::args::{to_bool, to_f64, to_int};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build;
use crate::expr::chunks;
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
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
        "the q-th quantile (0 <= q <= 1), interpolating linearly",
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
        "the q-th percentile (0 <= q <= 100), interpolating linearly",
        "percentile(arange(10), 90)",
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
    let mut x = b.arr(it, 0)?;
    let skip_nan = name.starts_with("nan");
    let base = name.trim_start_matches("nan");
    // median has no `q`: its axis and keepdims come one slot earlier.
    let (q, at) = match base {
        "median" => (0.5, 1),
        _ => {
            let (v, sp) = b.req(1);
            let q = to_f64(v, sp)?;
            let (q, hi) = if base == "percentile" {
                (q / 100.0, "100")
            } else {
                (q, "1")
            };
            if !(0.0..=1.0).contains(&q) {
                let what = if base == "percentile" {
                    "Percentiles"
                } else {
                    "Quantiles"
                };
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!("{what} must be in the range [0, {hi}]"),
                )
                .label(sp.clone(), "out of range"));
            }
            (q, 2)
        }
    };
    let keepdims = match b.get(at + 1) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    let ndim = x.ndim();
    let axis = match b.get(at) {
        Some((Value::None, _)) | None => None,
        Some((v, sp)) => {
            let ax = to_int(v, sp)?;
            Some(build::normalize_axes(&[(ax, sp.clone())], ndim)?[0])
        }
    };
    let ax = match axis {
        Some(a) => a,
        None => {
            // The whole array: its flattened elements, in one chunk.
            if ndim != 1 {
                x = build::reshape(&x, &[-1], span.clone())?;
            }
            0
        }
    };
    let r = quantile_along(&x, q, ax, skip_nan, &span);
    if !keepdims {
        return Ok(Value::Array(r));
    }
    let mut r = r;
    match axis {
        Some(a) => r = build::expand_dims(&r, (a as i64, span.clone()), span.clone())?,
        None => {
            for _ in 0..ndim {
                r = build::expand_dims(&r, (0, span.clone()), span.clone())?;
            }
        }
    }
    Ok(Value::Array(r))
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

/// [`one_chunk_along`], then one quantile task per block.
fn quantile_along(x: &Arr, q: f64, axis: usize, skip_nan: bool, span: &Span) -> Arr {
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
        Op::Quantile { q, axis, skip_nan },
        vec![input],
        meta,
        span.clone(),
    )
}
