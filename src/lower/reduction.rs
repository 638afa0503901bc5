//! Reductions: a per-chunk step, a tree of combines (at most `TREE_FANIN` inputs each, more for
//! small records; a chain when there are many output blocks of large records), and an
//! aggregate step per output block.
//!
//! ```text
//! x(0) x(1) x(2) x(3) x(4)        x(i) -> chunk(i): small record (count, mean, M2 ...)
//!  |    |    |    |    |
//! c(0) c(1) c(2) c(3) c(4)
//!   \   |   |   /     |
//!    combine       (c(4))
//!         \        /
//!         combine
//!            |
//!        aggregate
//! ```

use super::blockwise::{all_offsets, block_shape, TREE_FANIN};
use super::Lowerer;
use crate::expr::chunks::{ravel, unravel};
use crate::expr::node::Arr;
use crate::graph::{Grid, TaskKind};
use crate::kernels::reduce::ReduceOp;
use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Partial records of at most this many elements per field count as small.
const SMALL_RECORD: usize = 4096;
/// Combine fan-in for small records.
const SMALL_FANIN: usize = 16;
/// With at least this many output blocks, large records fold as a chain.
pub(super) const CHAIN_OUTPUTS: usize = 8;

/// The combine fan-in for partial records of `elems` elements per field.
pub(super) fn fanin_for(elems: usize) -> usize {
    // Small records (a whole-array reduction's scalars) are merged many at a time: fewer
    // tasks, and holding them costs nothing.
    if elems <= SMALL_RECORD {
        SMALL_FANIN
    } else {
        TREE_FANIN
    }
}

pub fn lower_reduce(
    l: &mut Lowerer,
    a: &Arr,
    op: ReduceOp,
    axes: &[usize],
    keepdims: bool,
    input: &Grid,
) -> Grid {
    let x = &a.inputs[0];
    let offs = all_offsets(&x.meta.chunks);
    let full_shape = Arc::new(x.shape().to_vec());
    // Output block index (keepdims form: reduced axes pinned to 0) -> per-chunk partials.
    let mut groups: FxHashMap<Vec<usize>, Vec<NodeIndex>> = FxHashMap::default();
    let mut order: Vec<Vec<usize>> = Vec::new();
    for (f, &t) in input.tasks.iter().enumerate() {
        let b = unravel(f, &input.numblocks);
        let chunk = block_shape(&x.meta.chunks, &b);
        let mut shape = chunk.clone();
        for &ax in axes {
            shape[ax] = 1;
        }
        let offset = b.iter().enumerate().map(|(d, &i)| offs[d][i]).collect();
        let kind = TaskKind::ReduceChunk {
            op,
            axes: axes.to_vec(),
            chunk,
            offset,
            full_shape: full_shape.clone(),
            prog: None,
        };
        let p = l.task(a, kind, vec![t], b.clone(), shape, 3);
        let mut ob = b;
        for &ax in axes {
            ob[ax] = 0;
        }
        match groups.get_mut(&ob) {
            Some(parts) => parts.push(p),
            None => {
                order.push(ob.clone());
                groups.insert(ob, vec![p]);
            }
        }
    }
    finish(l, a, op, axes, keepdims, order, groups, 0)
}

/// Above the partials of each output block (`groups`, in `order`; nodes of the combine tree
/// at `level`): the rest of the tree, or a chain, then the aggregate step.
#[allow(clippy::too_many_arguments)]
pub(super) fn finish(
    l: &mut Lowerer,
    a: &Arr,
    op: ReduceOp,
    axes: &[usize],
    keepdims: bool,
    order: Vec<Vec<usize>>,
    mut groups: FxHashMap<Vec<usize>, Vec<NodeIndex>>,
    level: usize,
) -> Grid {
    let x = &a.inputs[0];
    let out_numblocks = a.meta.numblocks();
    let mut tasks = vec![NodeIndex::end(); out_numblocks.iter().product()];
    let many_outputs = order.len() >= CHAIN_OUTPUTS;
    for ob in order {
        let mut parts = groups.remove(&ob).expect("group");
        let mut kshape = block_shape(&x.meta.chunks, &ob);
        for &ax in axes {
            kshape[ax] = 1;
        }
        let fanin = fanin_for(kshape.iter().product());
        // Many output blocks of large records fold as a chain, `acc = combine(acc, next)`:
        // when one read feeds partials of every output block (a stored chunk cut into
        // tiles), a tree keeps up to fan-in - 1 partials per level of every block waiting,
        // a chain one accumulator (W3: 166 MB planned -> a few MB). The blocks are the
        // parallelism; combines are cheap.
        if many_outputs && fanin == TREE_FANIN && level == 0 {
            let mut acc = parts[0];
            for (i, &p) in parts.iter().enumerate().skip(1) {
                let block = ob.iter().copied().chain([1, i]).collect();
                acc = l.task(
                    a,
                    TaskKind::Combine(op),
                    vec![acc, p],
                    block,
                    kshape.clone(),
                    4,
                );
            }
            parts = vec![acc];
        }
        let mut level = level;
        while parts.len() > 1 {
            level += 1;
            let mut next = Vec::new();
            for (i, c) in parts.chunks(fanin).enumerate() {
                if c.len() == 1 {
                    next.push(c[0]);
                } else {
                    let block = ob.iter().copied().chain([level, i]).collect();
                    next.push(l.task(
                        a,
                        TaskKind::Combine(op),
                        c.to_vec(),
                        block,
                        kshape.clone(),
                        4,
                    ));
                }
            }
            parts = next;
        }
        let out_b: Vec<usize> = if keepdims {
            ob.clone()
        } else {
            ob.iter()
                .enumerate()
                .filter(|(d, _)| !axes.contains(d))
                .map(|(_, &i)| i)
                .collect()
        };
        let shape = block_shape(&a.meta.chunks, &out_b);
        let kind = TaskKind::Finalize {
            op,
            axes: axes.to_vec(),
            keepdims,
            in_dtype: x.dtype(),
        };
        let t = l.task(a, kind, vec![parts[0]], out_b.clone(), shape, 5);
        tasks[ravel(&out_b, &out_numblocks)] = t;
    }
    Grid {
        numblocks: out_numblocks,
        tasks,
    }
}
