//! Inline slices: a slice of a file read becomes a smaller (strided) read, so `x[1000]`
//! reads one field and `x[::4]` reads every fourth field, not whole chunks.
//!
//! ```text
//! load(rows 0..4) -> getitem(row 2)        =>   load(row 2) -> getitem(all)
//! load(t 0..4, all) -> tile(t, 0..200)...  =>   load(t 2, all) -> tile(0..200) x 32  (x[2::4])
//! ```
//! A block cut out of a bigger read (`lower_load`'s groups) counts as a read of its own
//! region. Each axis is narrowed only where that decodes less (`ArraySource::read_cost`):
//! along the others the piece keeps cutting the whole read, so tiles that share stored
//! chunks share one narrowed read instead of each decoding the chunk again.
use super::Pass;
use crate::graph::{Task, TaskGraph, TaskKind};
use crate::io::source;
use crate::kernels::layout::Range1;
use petgraph::stable_graph::NodeIndex;
use std::collections::HashMap;
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

/// The `Load` behind task `n` and, per axis, the range of that load's block that `n`'s
/// block is: `n` itself, or a whole block cut from one `Load`.
fn as_read(g: &TaskGraph, n: NodeIndex) -> Option<(NodeIndex, Vec<Range1>)> {
    match &g.g[n].kind {
        TaskKind::Load { .. } => Some((n, g.g[n].shape.iter().map(|&k| Range1::full(k)).collect())),
        TaskKind::Assemble(pieces) if pieces.len() == 1 && g.g[n].inputs.len() == 1 => {
            let p = &pieces[0];
            let whole = p.dst.iter().all(|&d| d == 0)
                && p.ranges
                    .iter()
                    .map(|r| r.len)
                    .eq(g.g[n].shape.iter().copied());
            let l = g.g[n].inputs[0];
            (whole && matches!(g.g[l].kind, TaskKind::Load { .. })).then(|| (l, p.ranges.clone()))
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
        // Narrowed reads made so far, by key: pieces of several blocks share one.
        let mut made: HashMap<u64, NodeIndex> = HashMap::new();
        for n in assembles {
            let TaskKind::Assemble(pieces) = &g.g[n].kind else {
                continue;
            };
            let mut pieces = (**pieces).clone();
            let mut inputs = g.g[n].inputs.clone();
            let mut touched = false;
            for piece in pieces.iter_mut() {
                let Some((load, within)) = as_read(g, inputs[piece.src]) else {
                    continue;
                };
                let TaskKind::Load { source, region } = &g.g[load].kind else {
                    continue;
                };
                if piece.ranges.iter().any(|r| r.len == 0) {
                    continue;
                }
                let (source, region) = (source.clone(), region.clone());
                // The piece in the load's block, and in file coordinates.
                let local: Vec<Range1> = within
                    .iter()
                    .zip(&piece.ranges)
                    .map(|(o, i)| compose(o, i))
                    .collect();
                let mut read = region.clone();
                let mut cut = local.clone();
                let mut narrowed = false;
                for d in 0..read.len() {
                    let mut tight = read.clone();
                    tight[d] = compose(&region[d], &local[d]);
                    let src = source.as_ref();
                    if source::cost(src, &tight) < source::cost(src, &read) {
                        read = tight;
                        cut[d] = Range1::full(local[d].len);
                        narrowed = true;
                    }
                }
                if !narrowed {
                    continue;
                }
                let load_task = &g.g[load];
                let key = crate::lower::task_key(
                    load_task.key,
                    20,
                    &read
                        .iter()
                        .flat_map(|r| [r.start, r.len, r.step as usize])
                        .collect::<Vec<_>>(),
                );
                let small = match made.get(&key) {
                    Some(&t) => t,
                    None => {
                        let task = Task {
                            kind: TaskKind::Load {
                                source,
                                region: read.clone(),
                            },
                            inputs: vec![],
                            layer: load_task.layer,
                            block: load_task.block.clone(),
                            shape: read.iter().map(|r| r.len).collect(),
                            dtype: load_task.dtype,
                            key,
                        };
                        let t = g.add(task);
                        made.insert(key, t);
                        t
                    }
                };
                piece.src = match inputs.iter().position(|&i| i == small) {
                    Some(k) => k,
                    None => {
                        inputs.push(small);
                        inputs.len() - 1
                    }
                };
                piece.ranges = cut;
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
