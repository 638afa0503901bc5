//! Grouped reductions (`groupby(...).mean()`): one pass over the chunks. Each chunk reduces
//! the positions it holds of each group into a partial record; the records of a group are
//! combined in a tree and aggregated into that group's output block.
//!
//! ```text
//! x chunk (time 0..12)  ── group-chunk g=0 (positions 0)    ┐
//!                       ── group-chunk g=1 (positions 1)    │ per group g:
//! x chunk (time 12..24) ── group-chunk g=0 (positions 12)   ┼─> combine ─> aggregate (block g)
//!                       ── ...                              ┘
//! ```

use super::blockwise::{block_shape, TREE_FANIN};
use super::Lowerer;
use crate::expr::chunks::{ravel, unravel};
use crate::expr::node::Arr;
use crate::graph::{Grid, TaskKind};
use crate::kernels::layout::Range1;
use crate::kernels::reduce::ReduceOp;
use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;

/// Sorted local positions -> the fewest runs of equal steps.
pub fn runs(pos: &[usize]) -> Vec<Range1> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pos.len() {
        let start = pos[i];
        if i + 1 == pos.len() {
            out.push(Range1::contiguous(start, 1));
            break;
        }
        let step = pos[i + 1] - start;
        let mut j = i + 1;
        while j + 1 < pos.len() && pos[j + 1] - pos[j] == step {
            j += 1;
        }
        out.push(Range1 {
            start,
            len: j - i + 1,
            step: step as isize,
        });
        i = j + 1;
    }
    out
}

pub fn lower_group_reduce(
    l: &mut Lowerer,
    a: &Arr,
    op: ReduceOp,
    axis: usize,
    groups: &[Vec<usize>],
    input: &Grid,
) -> Grid {
    let x = &a.inputs[0];
    let starts: Vec<usize> = x.meta.chunks[axis]
        .iter()
        .scan(0, |s, &n| {
            let o = *s;
            *s += n;
            Some(o)
        })
        .collect();
    // The group of each position along the axis.
    let mut code = vec![0; x.shape()[axis]];
    for (g, ps) in groups.iter().enumerate() {
        for &p in ps {
            code[p] = g;
        }
    }
    // Output block (group at `axis`) -> partial tasks.
    let mut parts: FxHashMap<Vec<usize>, Vec<NodeIndex>> = FxHashMap::default();
    for (f, &t) in input.tasks.iter().enumerate() {
        let b = unravel(f, &input.numblocks);
        let chunk = block_shape(&x.meta.chunks, &b);
        let o = starts[b[axis]];
        let mut local: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for p in 0..chunk[axis] {
            local[code[o + p]].push(p);
        }
        let mut shape = chunk.clone();
        shape[axis] = 1;
        for (g, ps) in local.iter().enumerate() {
            if ps.is_empty() {
                continue;
            }
            let mut ob = b.clone();
            ob[axis] = g;
            let kind = TaskKind::GroupChunk {
                op,
                axis,
                runs: runs(ps),
            };
            let block: Vec<usize> = b.iter().copied().chain([g]).collect();
            let p = l.task(a, kind, vec![t], block, shape.clone(), 3);
            parts.entry(ob).or_default().push(p);
        }
    }
    let out_numblocks = a.meta.numblocks();
    let mut tasks = vec![NodeIndex::end(); out_numblocks.iter().product()];
    let mut keys: Vec<Vec<usize>> = parts.keys().cloned().collect();
    keys.sort();
    for ob in keys {
        let mut ps = parts.remove(&ob).expect("listed");
        let shape = block_shape(&a.meta.chunks, &ob);
        let mut level = 0;
        while ps.len() > 1 {
            level += 1;
            let mut next = Vec::new();
            for (i, c) in ps.chunks(TREE_FANIN).enumerate() {
                if c.len() == 1 {
                    next.push(c[0]);
                } else {
                    let block = ob.iter().copied().chain([level, i]).collect();
                    next.push(l.task(
                        a,
                        TaskKind::Combine(op),
                        c.to_vec(),
                        block,
                        shape.clone(),
                        4,
                    ));
                }
            }
            ps = next;
        }
        let kind = TaskKind::Finalize {
            op,
            axes: vec![axis],
            keepdims: true,
            in_dtype: x.dtype(),
        };
        let t = l.task(a, kind, vec![ps[0]], ob.clone(), shape, 5);
        tasks[ravel(&ob, &out_numblocks)] = t;
    }
    Grid {
        numblocks: out_numblocks,
        tasks,
    }
}

#[cfg(test)]
mod tests {
    use super::runs;
    use crate::kernels::layout::Range1;

    #[test]
    fn runs_of_equal_steps() {
        assert_eq!(
            runs(&[0, 12, 24, 30, 31]),
            vec![
                Range1 {
                    start: 0,
                    len: 3,
                    step: 12
                },
                Range1 {
                    start: 30,
                    len: 2,
                    step: 1
                }
            ]
        );
        assert_eq!(runs(&[5]), vec![Range1::contiguous(5, 1)]);
    }
}
