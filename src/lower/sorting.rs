//! Sorting and search: `Op::Sort`, `Op::Lookup`, `Op::Count` -> chunk tasks.
//!
//! ```text
//! sort:   x(0,0) x(1,0)        one task per block; the sorted axis is one chunk
//!           |      |
//!         s(0,0) s(1,0)
//!
//! lookup: x(0) x(1) x(2)   t   one task per block of x, each reading the whole table t
//!           \    |    /   /
//!         l(0) l(1) l(2)
//!
//! count:  x(0) x(1) x(2) x(3) x(4)    per-chunk counts (the bins' shape), then sums,
//!          c    c    c    c    c      at most TREE_FANIN at a time, into one block
//!           \   |   /  \  /
//!            sum        sum
//!               \      /
//!                 sum
//! ```

use super::blockwise::{block_shape, TREE_FANIN};
use super::Lowerer;
use crate::expr::chunks::unravel;
use crate::expr::node::Arr;
use crate::graph::{Grid, TaskKind};
use crate::kernels::sorting::{CountOp, LookupOp};

pub fn lower_sort(l: &mut Lowerer, a: &Arr, axis: usize, arg: bool, input: &Grid) -> Grid {
    lower_per_block(l, a, TaskKind::SortLanes { axis, arg }, axis, input)
}

/// One `kind` task per block, for operations on whole lanes along `axis` (one chunk in the
/// input and in the result; the result's length along it may differ: `fft`'s `n=`).
pub fn lower_per_block(
    l: &mut Lowerer,
    a: &Arr,
    kind: TaskKind,
    axis: usize,
    input: &Grid,
) -> Grid {
    debug_assert_eq!(input.numblocks[axis], 1, "the lanes' axis is one chunk");
    let numblocks = a.meta.numblocks();
    let mut tasks = Vec::with_capacity(input.tasks.len());
    for (f, &t) in input.tasks.iter().enumerate() {
        let b = unravel(f, &numblocks);
        let shape = block_shape(&a.meta.chunks, &b);
        tasks.push(l.task(a, kind.clone(), vec![t], b, shape, 30));
    }
    Grid { numblocks, tasks }
}

/// The single task of each whole table (inputs 1..).
fn tables(inputs: &[Grid], from: usize) -> Vec<petgraph::stable_graph::NodeIndex> {
    inputs[from..]
        .iter()
        .map(|g| {
            debug_assert_eq!(g.tasks.len(), 1, "a lookup table is one block");
            g.tasks[0]
        })
        .collect()
}

pub fn lower_lookup(l: &mut Lowerer, a: &Arr, op: LookupOp, inputs: &[Grid]) -> Grid {
    let numblocks = a.meta.numblocks();
    let tabs = tables(inputs, 1);
    let mut tasks = Vec::with_capacity(inputs[0].tasks.len());
    for (f, &t) in inputs[0].tasks.iter().enumerate() {
        let b = unravel(f, &numblocks);
        let shape = block_shape(&a.meta.chunks, &b);
        let mut ins = vec![t];
        ins.extend(&tabs);
        tasks.push(l.task(a, TaskKind::Lookup(op), ins, b, shape, 31));
    }
    Grid { numblocks, tasks }
}

pub fn lower_count(l: &mut Lowerer, a: &Arr, op: CountOp, weighted: bool, inputs: &[Grid]) -> Grid {
    let tabs = tables(inputs, 1 + weighted as usize);
    let shape = a.shape().to_vec();
    let mut parts = Vec::with_capacity(inputs[0].tasks.len());
    for (f, &t) in inputs[0].tasks.iter().enumerate() {
        let mut ins = vec![t];
        if weighted {
            ins.push(inputs[1].tasks[f]);
        }
        ins.extend(&tabs);
        let kind = TaskKind::CountChunk { op, weighted };
        parts.push(l.task(a, kind, ins, vec![0, 0, f], shape.clone(), 32));
    }
    let mut level = 0;
    while parts.len() > TREE_FANIN {
        level += 1;
        parts = parts
            .chunks(TREE_FANIN)
            .enumerate()
            .map(|(i, group)| {
                if group.len() == 1 {
                    return group[0];
                }
                let b = vec![0, level, i];
                l.task(a, TaskKind::SumBlocks, group.to_vec(), b, shape.clone(), 33)
            })
            .collect();
    }
    // The last sum carries the array's own block index.
    let t = l.task(a, TaskKind::SumBlocks, parts, vec![0], shape, 34);
    Grid {
        numblocks: vec![1],
        tasks: vec![t],
    }
}
