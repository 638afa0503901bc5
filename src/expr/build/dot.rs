//! Building contractions: `tensordot` and `dot`.

use super::{astype, binary, rechunk_to, shape_str, Operand, Result};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::chunks::refine;
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::kernels::elementwise::BinaryOp;
use crate::source::Span;

/// `tensordot(a, b, axes=(axes_a, axes_b))`.
pub fn tensordot(
    a: &Arr,
    b: &Arr,
    axes_a: Vec<usize>,
    axes_b: Vec<usize>,
    spans: (Span, Span),
    span: Span,
) -> Result<Arr> {
    for (axes, x, sp) in [(&axes_a, a, &spans.0), (&axes_b, b, &spans.1)] {
        for (i, &k) in axes.iter().enumerate() {
            if k >= x.ndim() {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    format!(
                        "axis `{k}` is out of bounds for an array of dimension {}",
                        x.ndim()
                    ),
                )
                .label(sp.clone(), format!("shape {}", shape_str(x.shape()))));
            }
            if axes[..i].contains(&k) {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    format!("tensordot: axis `{k}` is repeated"),
                )
                .label(sp.clone(), format!("shape {}", shape_str(x.shape())))
                .note("each axis of an operand can be contracted once"));
            }
        }
    }
    if axes_a.len() != axes_b.len() {
        return Err(
            Diagnostic::new(codes::AXIS, "tensordot needs as many axes for each operand")
                .label(span, "here"),
        );
    }
    for (&ia, &ib) in axes_a.iter().zip(&axes_b) {
        if a.shape()[ia] != b.shape()[ib] {
            return Err(Diagnostic::new(
                codes::CONTRACTION,
                format!(
                    "shapes `{}` and `{}` not aligned: {} (dim {ia}) != {} (dim {ib})",
                    shape_str(a.shape()),
                    shape_str(b.shape()),
                    a.shape()[ia],
                    b.shape()[ib]
                ),
            )
            .label(spans.0, format!("shape {}", shape_str(a.shape())))
            .label(spans.1, format!("shape {}", shape_str(b.shape())))
            .note("the contracted dimensions must have the same length"));
        }
    }
    let dt = DType::promote(a.dtype(), b.dtype());
    let mut ca = a.meta.chunks.clone();
    let mut cb = b.meta.chunks.clone();
    for (&ia, &ib) in axes_a.iter().zip(&axes_b) {
        let r = refine(&ca[ia], &cb[ib]);
        ca[ia] = r.clone();
        cb[ib] = r;
    }
    let a2 = astype(&rechunk_to(a, ca), dt, a.span.clone())?;
    let b2 = astype(&rechunk_to(b, cb), dt, b.span.clone())?;
    let free_a: Vec<usize> = (0..a.ndim()).filter(|k| !axes_a.contains(k)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|k| !axes_b.contains(k)).collect();
    let shape = free_a
        .iter()
        .map(|&k| a.shape()[k])
        .chain(free_b.iter().map(|&k| b.shape()[k]))
        .collect();
    let chunks = free_a
        .iter()
        .map(|&k| a2.meta.chunks[k].clone())
        .chain(free_b.iter().map(|&k| b2.meta.chunks[k].clone()))
        .collect();
    let meta = Meta {
        shape,
        dtype: dt,
        chunks,
    };
    Ok(Node::new(
        Op::TensorDot { axes_a, axes_b },
        vec![a2, b2],
        meta,
        span,
    ))
}

/// numpy `dot(a, b)` (and `@` for up to 2-d operands).
pub fn dot(a: &Arr, b: &Arr, spans: (Span, Span), span: Span) -> Result<Arr> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return binary(
            BinaryOp::Mul,
            (Operand::Array(a.clone()), spans.0),
            (Operand::Array(b.clone()), spans.1),
            span,
        );
    }
    let ia = a.ndim() - 1;
    let ib = if b.ndim() == 1 { 0 } else { b.ndim() - 2 };
    tensordot(a, b, vec![ia], vec![ib], spans, span)
}
