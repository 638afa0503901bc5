//! Building shape operations: reshape, transpose, rechunk, concatenate, expand_dims, squeeze, broadcast_to.

use super::{
    astype, broadcast_shapes, map, normalize_axes, rechunk_to, shape_str, view_reshape, Operand,
    Result,
};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::chunks::{self, refine};
use crate::expr::node::{Arr, Chunks, Meta, Node, Op};
use crate::kernels::Scalar;
use crate::source::Span;

/// True when `to` differs from `from` only by length-1 axes.
fn only_unit_axes_differ(from: &[usize], to: &[usize]) -> bool {
    let a: Vec<usize> = from.iter().copied().filter(|&d| d != 1).collect();
    let b: Vec<usize> = to.iter().copied().filter(|&d| d != 1).collect();
    a == b
}

/// `x.reshape(shape)` (one `-1` allowed), numpy's C order.
pub fn reshape(x: &Arr, shape: &[i64], span: Span) -> Result<Arr> {
    let size = x.meta.size();
    let known: i64 = shape.iter().filter(|&&d| d != -1).product();
    let n_neg = shape.iter().filter(|&&d| d == -1).count();
    let bad = || {
        Diagnostic::new(
            codes::SHAPE,
            format!(
                "cannot reshape array of size {size} into shape `{}`",
                shape_str(shape)
            ),
        )
        .label(
            span.clone(),
            format!("the array has shape {}", shape_str(x.shape())),
        )
    };
    if n_neg > 1 || shape.iter().any(|&d| d < -1) {
        return Err(bad());
    }
    let shape: Vec<usize> = shape
        .iter()
        .map(|&d| {
            if d == -1 {
                if known == 0 {
                    0
                } else {
                    size / known as usize
                }
            } else {
                d as usize
            }
        })
        .collect();
    if shape.iter().product::<usize>() != size {
        return Err(bad());
    }
    if shape == x.shape() {
        return Ok(x.clone());
    }
    if only_unit_axes_differ(x.shape(), &shape) {
        // Non-unit axes keep their chunks, in order.
        let mut src = x
            .shape()
            .iter()
            .enumerate()
            .filter(|(_, &d)| d != 1)
            .map(|(k, _)| x.meta.chunks[k].clone());
        let chunks = shape
            .iter()
            .map(|&d| {
                if d == 1 {
                    vec![1]
                } else {
                    src.next().expect("same non-unit axes")
                }
            })
            .collect();
        return Ok(view_reshape(x, shape, chunks, span));
    }
    // General case: make every block a contiguous C-order run of rows, then cut the flat
    // order into output row blocks of about the same number of elements.
    let in_inner: usize = x.shape()[1..].iter().product();
    let mut want: Chunks = x.shape().iter().map(|&d| vec![d]).collect();
    if x.ndim() > 0 {
        let target_rows = (x
            .meta
            .chunks
            .iter()
            .map(|c| c.iter().max().copied().unwrap_or(1))
            .product::<usize>()
            / in_inner.max(1))
        .max(1);
        want[0] = chunks::regular(x.shape()[0], target_rows);
    }
    let xr = rechunk_to(x, want.clone());
    let out_inner: usize = shape[1..].iter().product();
    let block_elems = want.first().and_then(|c| c.first()).copied().unwrap_or(1) * in_inner.max(1);
    let rows = (block_elems / out_inner.max(1)).max(1);
    let mut chunks: Chunks = shape.iter().map(|&d| vec![d]).collect();
    if !shape.is_empty() {
        chunks[0] = chunks::regular(shape[0], rows);
    }
    let meta = Meta {
        shape,
        dtype: x.dtype(),
        chunks,
    };
    Ok(Node::new(Op::Reshape, vec![xr], meta, span))
}

/// `transpose(x, perm)`; `perm` None reverses the axes.
pub fn transpose(x: &Arr, perm: Option<Vec<(i64, Span)>>, span: Span) -> Result<Arr> {
    let perm: Vec<usize> = match perm {
        None => (0..x.ndim()).rev().collect(),
        Some(p) => {
            if p.len() != x.ndim() {
                return Err(
                    Diagnostic::new(codes::AXIS, "axes don't match array").label(
                        span,
                        format!("{} axes given for a {}-d array", p.len(), x.ndim()),
                    ),
                );
            }
            let mut out = Vec::new();
            for (a, sp) in &p {
                let v = normalize_axes(&[(*a, sp.clone())], x.ndim())?[0];
                if out.contains(&v) {
                    return Err(Diagnostic::new(codes::AXIS, "repeated axis in transpose")
                        .label(sp.clone(), "repeated"));
                }
                out.push(v);
            }
            out
        }
    };
    if perm.iter().enumerate().all(|(i, &p)| i == p) {
        return Ok(x.clone());
    }
    let meta = Meta {
        shape: perm.iter().map(|&p| x.shape()[p]).collect(),
        dtype: x.dtype(),
        chunks: perm.iter().map(|&p| x.meta.chunks[p].clone()).collect(),
    };
    Ok(Node::new(
        Op::Transpose { perm },
        vec![x.clone()],
        meta,
        span,
    ))
}

/// `rechunk(x, chunks)`.
pub fn rechunk(x: &Arr, chunks: Chunks, span: Span) -> Arr {
    if x.meta.chunks == chunks {
        return x.clone();
    }
    let meta = Meta {
        chunks,
        ..x.meta.clone()
    };
    Node::new(Op::Rechunk, vec![x.clone()], meta, span)
}

/// `concatenate(xs, axis)`.
pub fn concatenate(xs: &[(Arr, Span)], axis: (i64, Span), span: Span) -> Result<Arr> {
    let first = &xs
        .first()
        .ok_or_else(|| {
            Diagnostic::new(codes::ARGUMENT, "need at least one array to concatenate")
                .label(span.clone(), "empty")
        })?
        .0;
    if let Some((_, sp)) = xs.iter().find(|(x, _)| x.ndim() == 0) {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "zero-dimensional arrays cannot be concatenated",
        )
        .label(sp.clone(), "a 0-d array")
        .note("use `stack` to join scalars into a 1-d array"));
    }
    let ax = normalize_axes(&[axis], first.ndim())?[0];
    let dt = xs
        .iter()
        .skip(1)
        .fold(first.dtype(), |d, (x, _)| DType::promote(d, x.dtype()));
    for (x, sp) in xs {
        let same = x.ndim() == first.ndim()
            && x.shape()
                .iter()
                .zip(first.shape())
                .enumerate()
                .all(|(k, (a, b))| k == ax || a == b);
        if !same {
            return Err(Diagnostic::new(
                codes::SHAPE,
                "all the input array dimensions except for the concatenation axis must match",
            )
            .label(
                xs[0].1.clone(),
                format!("shape {}", shape_str(first.shape())),
            )
            .label(sp.clone(), format!("shape {}", shape_str(x.shape()))));
        }
    }
    // Other axes share the common refinement of their chunks.
    let mut common: Chunks = first.meta.chunks.clone();
    for (x, _) in xs {
        for (k, c) in common.iter_mut().enumerate() {
            if k != ax {
                *c = refine(c, &x.meta.chunks[k]);
            }
        }
    }
    let mut inputs = Vec::new();
    let mut along = Vec::new();
    for (x, sp) in xs {
        let mut want = common.clone();
        want[ax] = x.meta.chunks[ax].clone();
        let x = astype(&rechunk_to(x, want), dt, sp.clone())?;
        along.extend(x.meta.chunks[ax].iter().copied().filter(|&c| c > 0));
        inputs.push(x);
    }
    let mut shape = first.shape().to_vec();
    shape[ax] = xs.iter().map(|(x, _)| x.shape()[ax]).sum();
    let mut chunks = common;
    chunks[ax] = if along.is_empty() { vec![0] } else { along };
    let meta = Meta {
        shape,
        dtype: dt,
        chunks,
    };
    Ok(Node::new(Op::Concat { axis: ax }, inputs, meta, span))
}

/// `expand_dims(x, axis)`.
pub fn expand_dims(x: &Arr, axis: (i64, Span), span: Span) -> Result<Arr> {
    let ax = normalize_axes(&[axis], x.ndim() + 1)?[0];
    let mut shape = x.shape().to_vec();
    shape.insert(ax, 1);
    let mut chunks = x.meta.chunks.clone();
    chunks.insert(ax, vec![1]);
    Ok(view_reshape(x, shape, chunks, span))
}

/// `squeeze(x, axis=None)`.
pub fn squeeze(x: &Arr, axes: Option<Vec<usize>>, span: Span) -> Result<Arr> {
    let axes = axes.unwrap_or_else(|| (0..x.ndim()).filter(|&k| x.shape()[k] == 1).collect());
    for &a in &axes {
        if x.shape()[a] != 1 {
            return Err(Diagnostic::new(
                codes::AXIS,
                "cannot select an axis to squeeze out which has size not equal to one",
            )
            .label(span, format!("axis {a} has size {}", x.shape()[a])));
        }
    }
    let keep: Vec<usize> = (0..x.ndim()).filter(|k| !axes.contains(k)).collect();
    let shape = keep.iter().map(|&k| x.shape()[k]).collect();
    let chunks = keep.iter().map(|&k| x.meta.chunks[k].clone()).collect();
    Ok(view_reshape(x, shape, chunks, span))
}

/// `broadcast_to(x, shape)`.
pub fn broadcast_to(x: &Arr, shape: &[usize], span: Span) -> Result<Arr> {
    let target = Node::new(
        Op::Full(Scalar::Bool(false)),
        vec![],
        Meta {
            shape: shape.to_vec(),
            dtype: DType::Bool,
            chunks: chunks::auto(shape, x.dtype().size()),
        },
        span.clone(),
    );
    let b = broadcast_shapes(&[(x.shape(), x.span.clone()), (shape, span.clone())])?;
    if b != shape {
        return Err(Diagnostic::new(
            codes::BROADCAST,
            format!(
                "cannot broadcast shape `{}` to `{}`",
                shape_str(x.shape()),
                shape_str(shape)
            ),
        )
        .label(span, "target shape"));
    }
    // Chunks: the input's along its own axes, automatic along the new or stretched ones.
    let ndim = shape.len();
    let chunks: Chunks = (0..ndim)
        .map(|d| {
            let k = d as isize - (ndim - x.ndim()) as isize;
            if k >= 0 && x.shape()[k as usize] == shape[d] {
                x.meta.chunks[k as usize].clone()
            } else {
                target.meta.chunks[d].clone()
            }
        })
        .collect();
    let meta = Meta {
        shape: shape.to_vec(),
        dtype: x.dtype(),
        chunks,
    };
    let dt = x.dtype();
    let inner = map(
        &[(Operand::Array(x.clone()), span.clone())],
        span.clone(),
        |_| dt,
        |l, _| l.into_iter().next().expect("x"),
    )?;
    // `map` gives the input's own shape; rebuild with the broadcast meta.
    Ok(Node::new(
        inner.op.clone(),
        inner.inputs.clone(),
        meta,
        span,
    ))
}
