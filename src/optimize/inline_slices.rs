//! Inline slices: a slice of a file read becomes a smaller read, so `x[1000]` reads one
//! field and `x[::4]` reads every fourth row, not whole chunks.
//!
//! ```text
//! load(rows 0..4) -> getitem(row 2)     =>   load(row 2) -> getitem(row 0)
//! ```
//! Pieces that step by more than one (and take more than one element) keep reading their
//! chunk: the bounding box would not be smaller.

use super::Pass;
use crate::graph::{Task, TaskGraph, TaskKind};
use crate::kernels::layout::Range1;
use petgraph::stable_graph::NodeIndex;
use std::sync::Arc;

pub struct InlineSlices;

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
                let TaskKind::Load {
                    path,
                    header,
                    start,
                } = &g.g[src].kind
                else {
                    continue;
                };
                let exact = piece
                    .ranges
                    .iter()
                    .all(|r| r.len >= 1 && (r.step.abs() == 1 || r.len == 1));
                if !exact {
                    continue;
                }
                // The region the piece covers, in the chunk's coordinates.
                let lo: Vec<usize> = piece
                    .ranges
                    .iter()
                    .map(|r| {
                        if r.step > 0 || r.len == 1 {
                            r.start
                        } else {
                            r.start + 1 - r.len
                        }
                    })
                    .collect();
                let lens: Vec<usize> = piece.ranges.iter().map(|r| r.len).collect();
                if lens == g.g[src].shape {
                    continue;
                }
                let src_task = &g.g[src];
                let kind = TaskKind::Load {
                    path: path.clone(),
                    header: header.clone(),
                    start: start.iter().zip(&lo).map(|(s, l)| s + l).collect(),
                };
                let key = crate::lower::task_key(
                    src_task.key,
                    20,
                    &lo.iter().chain(&lens).copied().collect::<Vec<_>>(),
                );
                let task = Task {
                    kind,
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
                piece.ranges = piece
                    .ranges
                    .iter()
                    .map(|r| {
                        if r.step < 0 && r.len > 1 {
                            Range1 {
                                start: r.len - 1,
                                len: r.len,
                                step: -1,
                            }
                        } else {
                            Range1 {
                                start: 0,
                                len: r.len,
                                step: 1,
                            }
                        }
                    })
                    .collect();
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
