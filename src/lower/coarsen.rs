//! Pictures of large arrays, streamed. Block means (`imshow`): each chunk reduced to the
//! window sums and counts it holds, all of them joined into the one block of means; a line
//! chart's envelope (`plot`) likewise. Only the small records wait for the join: the array
//! itself is never whole.
//!
//! ```text
//! x chunk (0, 0) ── block-means-chunk ┐
//! x chunk (0, 1) ── block-means-chunk ┼─> block-means (one block)
//! ...                                 ┘
//! ```

use super::blockwise::all_offsets;
use super::Lowerer;
use crate::expr::chunks::unravel;
use crate::expr::node::Arr;
use crate::graph::{Grid, TaskKind};
use crate::kernels::coarsen::windows;
use crate::kernels::envelope::{columns, WIDTH};
use std::sync::Arc;

pub fn lower_coarsen(l: &mut Lowerer, a: &Arr, factor: usize, input: &Grid) -> Grid {
    let x = &a.inputs[0];
    let offs = all_offsets(&x.meta.chunks);
    let mut parts = Vec::with_capacity(input.tasks.len());
    let mut origins = Vec::with_capacity(input.tasks.len());
    for (f, &t) in input.tasks.iter().enumerate() {
        let b = unravel(f, &input.numblocks);
        let origin = (offs[0][b[0]], offs[1][b[1]]);
        let (_, nh) = windows(origin.0, x.meta.chunks[0][b[0]], factor);
        let (_, nw) = windows(origin.1, x.meta.chunks[1][b[1]], factor);
        let kind = TaskKind::CoarsenChunk { factor, origin };
        parts.push(l.task(a, kind, vec![t], b, vec![2, nh, nw], 3));
        origins.push(origin);
    }
    let kind = TaskKind::CoarsenJoin {
        factor,
        origins: Arc::new(origins),
    };
    let t = l.task(a, kind, parts, vec![0, 0], a.shape().to_vec(), 5);
    Grid {
        numblocks: vec![1, 1],
        tasks: vec![t],
    }
}

/// A line chart's envelope (`plot` of a long series): each chunk reduced to the records of
/// the pixel columns it touches, all joined (in order) into one record per column.
pub fn lower_envelope(
    l: &mut Lowerer,
    a: &Arr,
    x_range: (f64, f64),
    area: (usize, usize),
    input: &Grid,
) -> Grid {
    let x = &a.inputs[0];
    let offs = all_offsets(&x.meta.chunks);
    let mut parts = Vec::with_capacity(input.tasks.len());
    for (f, &t) in input.tasks.iter().enumerate() {
        let start = offs[0][f];
        let (_, nc) = columns(start, x.meta.chunks[0][f], x_range, area);
        let kind = TaskKind::EnvelopeChunk {
            start,
            x_range,
            area,
        };
        parts.push(l.task(a, kind, vec![t], vec![f], vec![nc, WIDTH], 3));
    }
    let kind = TaskKind::EnvelopeJoin { area };
    let t = l.task(a, kind, parts, vec![0, 0], a.shape().to_vec(), 5);
    Grid {
        numblocks: vec![1, 1],
        tasks: vec![t],
    }
}
