//! Boolean-mask selection `x[mask]`: a 1-D array whose length depends on the data.
//!
//! It stays lazy as the pair (values, mask). A reduction of it becomes a masked reduction
//! over the whole array — `x[x > 0].mean()` is `sum(where(m, x, 0)) / sum(m)` — so it streams
//! chunk by chunk with no gather and no unknown shapes in the graph. Showing it computes both
//! arrays in the script's one pass and compresses them at the end.

use super::build::{self, Operand};
use super::node::Arr;
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::{Block, Element, Scalar};
use crate::source::Span;
use ndarray::{ArrayD, IxDyn};

type Result<T> = std::result::Result<T, Diagnostic>;

/// `x[mask]`, not yet computed.
#[derive(Debug)]
pub struct Masked {
    pub x: Arr,
    /// Of `x`'s shape.
    pub mask: Arr,
    pub span: Span,
    /// Trailing axes of `x` kept whole (the mask is constant along them): the selection is
    /// `(count,) + x.shape[ndim - lanes..]`; 0 for a flat selection.
    pub lanes: usize,
    /// Where the selection's data-dependent axis goes among its axes.
    pub axis: usize,
}

impl Masked {
    /// A flat selection: `x`'s elements where `mask` holds, in C order.
    pub fn flat(x: Arr, mask: Arr, span: Span) -> Masked {
        Masked {
            x,
            mask,
            span,
            lanes: 0,
            axis: 0,
        }
    }

    /// The selection's number of dimensions.
    pub fn ndim(&self) -> usize {
        1 + self.lanes
    }
}

/// The reductions a selection supports (its axis can only be 0 or None).
pub const REDUCTIONS: &[&str] = &[
    "sum", "prod", "mean", "std", "var", "min", "max", "any", "all", "nansum", "nanmean", "nanmin",
    "nanmax",
];

/// `x[mask]` with a boolean `mask` of x's own shape.
pub fn select(x: &Arr, xspan: Span, mask: &Arr, mspan: Span, span: Span) -> Result<Masked> {
    if mask.shape() != x.shape() {
        return Err(Diagnostic::new(
            codes::INDEX,
            "a boolean index must have the shape of the array it selects from",
        )
        .label(
            xspan,
            format!("this array has shape {}", build::shape_str(x.shape())),
        )
        .label(
            mspan,
            format!("this mask has shape {}", build::shape_str(mask.shape())),
        ));
    }
    Ok(Masked::flat(x.clone(), mask.clone(), span))
}

/// `x[..., m, ...]`: a boolean mask `m` computed from data over `x`'s axes `axis..axis + k`:
/// those axes move first and `m` spreads over the others, which stay whole.
pub fn select_axes(x: &Arr, m: &Arr, axis: usize, span: Span) -> Result<Masked> {
    let k = m.ndim();
    let nd = x.ndim();
    let perm: Vec<(i64, Span)> = (axis..axis + k)
        .chain((0..axis).chain(axis + k..nd))
        .map(|d| (d as i64, span.clone()))
        .collect();
    let xt = build::transpose(x, Some(perm), span.clone())?;
    let mut shape: Vec<i64> = m.shape().iter().map(|&n| n as i64).collect();
    shape.extend(std::iter::repeat_n(1, nd - k));
    let mk = build::reshape(m, &shape, span.clone())?;
    let mask = build::broadcast_to(&mk, xt.shape(), span.clone())?;
    let mask = build::rechunk_to(&mask, xt.meta.chunks.clone());
    Ok(Masked {
        x: xt,
        mask,
        span,
        lanes: nd - k,
        axis,
    })
}

/// The selection from the whole computed arrays: compressed, then shaped.
pub fn shown(m: &Masked, x: &Block, mask: &Block) -> Block {
    let flat = compress(x, mask);
    if m.lanes == 0 {
        return flat;
    }
    let rest = x.shape()[x.shape().len() - m.lanes..].to_vec();
    let per: usize = rest.iter().product();
    let count = flat.len().checked_div(per).unwrap_or(0);
    let mut shape = vec![count];
    shape.extend(&rest);
    let mut perm: Vec<usize> = (1..shape.len()).collect();
    perm.insert(m.axis.min(perm.len()), 0);
    crate::map_block!(flat, a => a
        .into_shape_with_order(IxDyn(&shape))
        .expect("count x lanes")
        .permuted_axes(IxDyn(&perm))
        .as_standard_layout()
        .into_owned())
}

/// A reduction of the selection as a reduction over the whole array (a 0-d result).
pub fn reduce(m: &Masked, name: &str, ddof: f64, span: Span) -> Result<Arr> {
    let sp = || span.clone();
    let arr = |a: &Arr| (Operand::Array(a.clone()), span.clone());
    let scalar = |s: Scalar| (Operand::Scalar(s), span.clone());
    let all = |a: &Arr, op: ReduceOp| build::reduce(a, op, None, false, span.clone());
    let dt = m.x.dtype();
    let float = if dt.is_float() { dt } else { DType::F64 };
    let fill = |x: &Arr, mask: &Arr, s: Scalar| build::where_(arr(mask), arr(x), scalar(s), sp());
    // sum(where(m, x, 0)) in f64 over sum(m): the mean of the selected values.
    let mean_f64 = |x: &Arr, mask: &Arr| -> Result<(Arr, Arr)> {
        let count = all(mask, ReduceOp::Sum)?;
        let total = all(
            &build::astype(&fill(x, mask, Scalar::Int(0))?, DType::F64, sp())?,
            ReduceOp::Sum,
        )?;
        Ok((
            build::binary(BinaryOp::Div, arr(&total), arr(&count), sp())?,
            count,
        ))
    };
    let (x, mask) = (&m.x, &m.mask);
    Ok(match name {
        "sum" | "nansum" => {
            let op = if name == "sum" {
                ReduceOp::Sum
            } else {
                ReduceOp::NanSum
            };
            all(&fill(x, mask, zero(dt))?, op)?
        }
        "prod" => all(&fill(x, mask, one(dt))?, ReduceOp::Prod)?,
        "any" => all(&fill(x, mask, zero(dt))?, ReduceOp::Any)?,
        "all" => all(&fill(x, mask, one(dt))?, ReduceOp::All)?,
        "min" | "nanmin" => {
            let op = if name == "min" || !dt.is_float() {
                ReduceOp::Min
            } else {
                ReduceOp::NanMin
            };
            all(&fill(x, mask, top(dt))?, op)?
        }
        "max" | "nanmax" => {
            let op = if name == "max" || !dt.is_float() {
                ReduceOp::Max
            } else {
                ReduceOp::NanMax
            };
            all(&fill(x, mask, bottom(dt))?, op)?
        }
        // With no NaN in x (provable from the expression), one fused pass: the mean of
        // where(m, x, nan) ignoring NaN is the mean of the selection.
        "mean" if super::bounds::finite_bound(x).is_some() => {
            let holes = fill(x, mask, Scalar::Float(f64::NAN))?;
            build::astype(&all(&holes, ReduceOp::NanMean)?, float, sp())?
        }
        "mean" => build::astype(&mean_f64(x, mask)?.0, float, sp())?,
        "nanmean" => {
            // NaNs drop out of the selection: select where the mask holds and x == x.
            let not_nan = build::binary(BinaryOp::Eq, arr(x), arr(x), sp())?;
            let keep = build::binary(BinaryOp::And, arr(mask), arr(&not_nan), sp())?;
            build::astype(&mean_f64(x, &keep)?.0, float, sp())?
        }
        "var" | "std" => {
            // Two passes, as numpy does: the mean first, then squared deviations.
            let (mu, count) = mean_f64(x, mask)?;
            let x64 = build::astype(x, DType::F64, sp())?;
            let dev = build::binary(BinaryOp::Sub, arr(&x64), arr(&mu), sp())?;
            let dev = fill(&dev, mask, Scalar::Float(0.0))?;
            let sq = build::binary(BinaryOp::Mul, arr(&dev), arr(&dev), sp())?;
            let ss = all(&sq, ReduceOp::Sum)?;
            let n = build::binary(
                BinaryOp::Sub,
                arr(&count),
                scalar(Scalar::Float(ddof)),
                sp(),
            )?;
            let var = build::binary(BinaryOp::Div, arr(&ss), arr(&n), sp())?;
            let v = if name == "std" {
                build::unary(UnaryOp::Sqrt, arr(&var), sp())?
            } else {
                var
            };
            build::astype(&v, float, sp())?
        }
        other => {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                format!("`{other}` is not available on a boolean-mask selection"),
            )
            .label(
                m.span.clone(),
                "this selection's length depends on the data",
            )
            .note(format!("it supports {}", REDUCTIONS.join(", "))))
        }
    })
}

/// The error for using a selection where a shaped array is needed.
pub fn needs_shape(m: &Masked, what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE,
        format!("{what} needs an array of known shape; a boolean-mask selection has none"),
    )
    .label(span, "used here")
    .label(m.span.clone(), "its length depends on the data")
    .note(format!(
        "reduce the selection ({}), or keep the shape with where(mask, x, fill)",
        ["sum", "mean", "min", "max", "std"].join(", ")
    ))
}

/// The selected values, in C order, from the whole computed arrays.
pub fn compress(x: &Block, mask: &Block) -> Block {
    let Block::Bool(m) = mask else {
        unreachable!("masks are boolean")
    };
    let keep: Vec<bool> = m.iter().copied().collect();
    crate::map_block!(x, a => {
        let v: Vec<_> = a.iter().zip(&keep).filter(|(_, &k)| k).map(|(v, _)| *v).collect();
        ArrayD::from_shape_vec(IxDyn(&[v.len()]), v).expect("1-D")
    })
}

fn zero(dt: DType) -> Scalar {
    if dt == DType::Bool {
        Scalar::Bool(false)
    } else {
        Scalar::Int(0)
    }
}

fn one(dt: DType) -> Scalar {
    if dt == DType::Bool {
        Scalar::Bool(true)
    } else {
        Scalar::Int(1)
    }
}

/// The identity of `min` in dtype `dt`.
fn top(dt: DType) -> Scalar {
    match dt {
        DType::Bool => Scalar::Bool(true),
        DType::I8 => i8::MAX.to_scalar(),
        DType::I16 => i16::MAX.to_scalar(),
        DType::I32 => i32::MAX.to_scalar(),
        DType::I64 => i64::MAX.to_scalar(),
        DType::U8 => u8::MAX.to_scalar(),
        DType::U16 => u16::MAX.to_scalar(),
        DType::U32 => u32::MAX.to_scalar(),
        // -1 as a Python-int scalar: uint64's maximum when cast to uint64
        DType::U64 => u64::MAX.to_scalar(),
        DType::F32 | DType::F64 => Scalar::Float(f64::INFINITY),
        DType::C64 | DType::C128 => Scalar::Complex(f64::INFINITY, f64::INFINITY),
    }
}

/// The identity of `max` in dtype `dt`.
fn bottom(dt: DType) -> Scalar {
    match dt {
        DType::Bool => Scalar::Bool(false),
        DType::I8 => i8::MIN.to_scalar(),
        DType::I16 => i16::MIN.to_scalar(),
        DType::I32 => i32::MIN.to_scalar(),
        DType::I64 => i64::MIN.to_scalar(),
        DType::U8 | DType::U16 | DType::U32 | DType::U64 => Scalar::Int(0),
        DType::F32 | DType::F64 => Scalar::Float(f64::NEG_INFINITY),
        DType::C64 | DType::C128 => Scalar::Complex(f64::NEG_INFINITY, f64::NEG_INFINITY),
    }
}
