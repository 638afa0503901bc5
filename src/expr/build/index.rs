//! Building basic indexing: `x[i, a:b:s, None, ...]` resolved to numbers, shapes and chunks.

use super::{shape_str, view_reshape, Result};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::chunks::{self, offsets};
use crate::expr::node::{Arr, Chunks, Meta, Node, Op};
use crate::source::Span;

/// One item of an index expression, resolved to numbers.
#[derive(Debug, Clone)]
pub enum IndexItem {
    Int(i64, Span),
    Slice(Option<i64>, Option<i64>, Option<i64>, Span),
    NewAxis,
    Ellipsis(Span),
}

/// numpy's slice.indices(): (start, len, step) for a dimension of `n`.
pub fn slice_indices(
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    n: usize,
) -> (usize, usize, isize) {
    let n = n as i64;
    let step = step.unwrap_or(1);
    // A negative index counts from the end; then clamp into the range the step can reach.
    let norm = |v: i64, lo: i64, hi: i64| {
        let v = if v < 0 { v.saturating_add(n) } else { v };
        v.max(lo).min(hi)
    };
    let (start, stop) = if step > 0 {
        (
            start.map_or(0, |s| norm(s, 0, n)),
            stop.map_or(n, |e| norm(e, 0, n)),
        )
    } else {
        (
            start.map_or(n - 1, |s| norm(s, -1, n - 1)),
            stop.map_or(-1, |e| norm(e, -1, n - 1)),
        )
    };
    let len = if step > 0 {
        if stop > start {
            (stop - start + step - 1) / step
        } else {
            0
        }
    } else if start > stop {
        (start - stop + (-step) - 1) / (-step)
    } else {
        0
    };
    let start = if len == 0 { 0 } else { start };
    (start as usize, len as usize, step as isize)
}

/// Output chunks of a strided slice along one axis: each input chunk contributes the
/// elements it holds, then tiny pieces are merged up to the input's chunk size.
pub fn slice_chunks(in_chunks: &[usize], start: usize, len: usize, step: isize) -> Vec<usize> {
    if len == 0 {
        return vec![0];
    }
    let off = offsets(in_chunks);
    let mut contrib = Vec::new();
    let count_in = |lo: i64, hi: i64| -> i64 {
        // number of i in [0, len) with lo <= start + i*step < hi
        let (s, st, n) = (start as i64, step as i64, len as i64);
        let (a, b) = if st > 0 {
            (div_ceil(lo - s, st), div_ceil(hi - s, st))
        } else {
            let m = -st;
            (div_ceil(s - hi + 1, m), (s - lo).div_euclid(m) + 1)
        };
        (b.min(n) - a.max(0)).max(0)
    };
    let blocks: Vec<usize> = if step > 0 {
        (0..in_chunks.len()).collect()
    } else {
        (0..in_chunks.len()).rev().collect()
    };
    for b in blocks {
        let c = count_in(off[b] as i64, off[b + 1] as i64);
        if c > 0 {
            contrib.push(c as usize);
        }
    }
    let target = in_chunks.iter().copied().max().unwrap_or(1).max(1);
    chunks::merge_small(&contrib, target)
}

fn div_ceil(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

/// `x[items]`: basic indexing (integers, slices, `None`, `...`).
pub fn getitem(x: &Arr, items: Vec<IndexItem>, span: Span) -> Result<Arr> {
    let n_ell = items
        .iter()
        .filter(|i| matches!(i, IndexItem::Ellipsis(_)))
        .count();
    if n_ell > 1 {
        let sp = items
            .iter()
            .filter_map(|i| {
                if let IndexItem::Ellipsis(s) = i {
                    Some(s.clone())
                } else {
                    None
                }
            })
            .nth(1);
        return Err(Diagnostic::new(
            codes::INDEX,
            "an index can only have a single ellipsis (`...`)",
        )
        .label(sp.unwrap_or(span), "second ellipsis"));
    }
    let consumed = items
        .iter()
        .filter(|i| matches!(i, IndexItem::Int(..) | IndexItem::Slice(..)))
        .count();
    if consumed > x.ndim() {
        return Err(Diagnostic::new(
            codes::INDEX,
            format!(
                "too many indices: array is {}-dimensional, but {consumed} were indexed",
                x.ndim()
            ),
        )
        .label(span, format!("shape {}", shape_str(x.shape()))));
    }
    // Expand the ellipsis (or pad at the end) with full slices.
    let mut full = Vec::new();
    let mut padded = false;
    for it in items {
        if let IndexItem::Ellipsis(s) = it {
            for _ in 0..x.ndim() - consumed {
                full.push(IndexItem::Slice(None, None, None, s.clone()));
            }
            padded = true;
        } else {
            full.push(it);
        }
    }
    if !padded {
        for _ in 0..x.ndim() - consumed {
            full.push(IndexItem::Slice(None, None, None, span.clone()));
        }
    }
    let mut ranges = Vec::new();
    let mut out_shape = Vec::new();
    let mut axis = 0;
    for it in &full {
        match it {
            IndexItem::Int(i, sp) => {
                let n = x.shape()[axis] as i64;
                if *i < -n || *i >= n {
                    return Err(Diagnostic::new(
                        codes::INDEX,
                        format!("index `{i}` is out of bounds for axis {axis} with size {n}"),
                    )
                    .label(sp.clone(), format!("valid indices are {} to {}", -n, n - 1)));
                }
                let i = if *i < 0 { i + n } else { *i } as usize;
                ranges.push((i, 1, 1));
                axis += 1;
            }
            IndexItem::Slice(a, b, c, sp) => {
                if *c == Some(0) {
                    return Err(Diagnostic::new(codes::INDEX, "slice step cannot be zero")
                        .label(sp.clone(), "step 0"));
                }
                let r = slice_indices(*a, *b, *c, x.shape()[axis]);
                out_shape.push(r.1);
                ranges.push(r);
                axis += 1;
            }
            IndexItem::NewAxis => out_shape.push(1),
            IndexItem::Ellipsis(_) => unreachable!("expanded above"),
        }
    }
    let identity = ranges
        .iter()
        .zip(x.shape())
        .all(|(&(s, l, st), &n)| s == 0 && l == n && st == 1);
    let sliced = if identity {
        x.clone()
    } else {
        let chunks: Chunks = ranges
            .iter()
            .enumerate()
            .map(|(d, &(s, l, st))| slice_chunks(&x.meta.chunks[d], s, l, st))
            .collect();
        let shape = ranges.iter().map(|r| r.1).collect();
        let meta = Meta {
            shape,
            dtype: x.dtype(),
            chunks,
        };
        Node::new(Op::Slice { ranges }, vec![x.clone()], meta, span.clone())
    };
    if out_shape == sliced.shape() {
        return Ok(sliced);
    }
    // Drop integer-indexed axes and insert new ones: a view reshape of length-1 axes.
    let mut chunks = Vec::new();
    let mut axis = 0;
    for it in &full {
        match it {
            IndexItem::Int(..) => axis += 1,
            IndexItem::Slice(..) => {
                chunks.push(sliced.meta.chunks[axis].clone());
                axis += 1;
            }
            IndexItem::NewAxis => chunks.push(vec![1]),
            IndexItem::Ellipsis(_) => {}
        }
    }
    Ok(view_reshape(&sliced, out_shape, chunks, span))
}
