//! Inline slices: a slice of a file read becomes a smaller (strided) read, so `x[1000]`
//! reads one field and `x[::4]` reads every fourth field, not whole chunks.
//!
//! ```text
//! load(rows 0..4) -> getitem(row 2)        =>   load(row 2) -> getitem(all)
//! load(rows 0..8) -> getitem(rows ::4)     =>   load(rows 0, 4) -> getitem(all)
//! ```
//! A block cut out of a bigger read (`lower_load`'s groups) counts as a read of its own
//! region. A piece is read separately only when that decodes less than its source does
//! (`ArraySource::read_cost`): cutting a compressed chunk would decode it again.

use super::Pass;
use crate::graph::{Task, TaskGraph, TaskKind};
use crate::io::source::{self, Source};
use crate::kernels::layout::Range1;
use petgraph::stable_graph::NodeIndex;
use std::sync::Arc;

pub struct InlineSlices;

/// Element `i` of `inner` (local to a block read as `outer`) in file coordinates.
fn compose(outer: &Range1, inner: &Range1) -> Range1 {
    let start = outer.start as isize + inner.start as isize * outer.step;
    Range1 {
        start: start as usize,
        len: inner.len,
        step: if inner.len <= 1 {
            1
        } else {
            inner.step * outer.step
        },
    }
}

/// The file region task `n` holds: a `Load`, or a whole block cut from one `Load`.
fn as_read(g: &TaskGraph, n: NodeIndex) -> Option<(Source, Vec<Range1>)> {
    match &g.g[n].kind {
        TaskKind::Load { source, region } => Some((source.clone(), region.clone())),
        TaskKind::Assemble(pieces) if pieces.len() == 1 && g.g[n].inputs.len() == 1 => {
            let p = &pieces[0];
            let whole = p.dst.iter().all(|&d| d == 0)
                && p.ranges
                    .iter()
                    .map(|r| r.len)
                    .eq(g.g[n].shape.iter().copied());
            let TaskKind::Load { source, region } = &g.g[g.g[n].inputs[0]].kind else {
                return None;
            };
            whole.then(|| {
                let r = region.iter().zip(&p.ranges).map(|(o, i)| compose(o, i));
                (source.clone(), r.collect())
            })
        }
        _ => None,
    }
}

impl Pass for InlineSlices {
    fn name(&self) -> &'static str {
        "inline_slices"
    }

    fn run(&self, g: &mut TaskGraph) -> bool {
        let assembles: Vec<NodeIndex> =
            g.g.node_indices()
                .filter(|&n| matches!(g.g[n].kind, TaskKind::Assemble(_)))
                .collect();
        let mut changed = false;
        for n in assembles {
            let TaskKind::Assemble(pieces) = &g.g[n].kind else {
                continue;
            };
            let mut pieces = (**pieces).clone();
            let mut inputs = g.g[n].inputs.clone();
            let mut touched = false;
            for piece in pieces.iter_mut() {
                let src = inputs[piece.src];
                let Some((source, region)) = as_read(g, src) else {
                    continue;
                };
                if piece.ranges.iter().any(|r| r.len == 0) {
                    continue;
                }
                let new: Vec<Range1> = region
                    .iter()
                    .zip(&piece.ranges)
                    .map(|(o, i)| compose(o, i))
                    .collect();
                if source::cost(source.as_ref(), &new) >= source::cost(source.as_ref(), &region) {
                    continue;
                }
                let lens: Vec<usize> = new.iter().map(|r| r.len).collect();
                let src_task = &g.g[src];
                let key = crate::lower::task_key(
                    src_task.key,
                    20,
                    &piece
                        .ranges
                        .iter()
                        .flat_map(|r| [r.start, r.len, r.step as usize])
                        .collect::<Vec<_>>(),
                );
                let task = Task {
                    kind: TaskKind::Load {
                        source,
                        region: new,
                    },
                    inputs: vec![],
                    layer: src_task.layer,
                    block: src_task.block.clone(),
                    shape: lens.clone(),
                    dtype: src_task.dtype,
                    key,
                };
                let small = g.add(task);
                inputs.push(small);
                piece.src = inputs.len() - 1;
                piece.ranges = lens.iter().map(|&n| Range1::full(n)).collect();
                touched = true;
            }
            if touched {
                // Drop inputs no piece reads any more, renumbering the pieces.
                let used: Vec<usize> = (0..inputs.len())
                    .filter(|i| pieces.iter().any(|p| p.src == *i))
                    .collect();
                for p in pieces.iter_mut() {
                    p.src = used.iter().position(|&u| u == p.src).expect("used input");
                }
                let inputs: Vec<NodeIndex> = used.iter().map(|&i| inputs[i]).collect();
                g.g[n].kind = TaskKind::Assemble(Arc::new(pieces));
                g.set_inputs(n, inputs);
                changed = true;
            }
        }
        changed
    }
}
