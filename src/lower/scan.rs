//! Scans (`cumsum cumprod nancumsum nancumprod`): a scan of every chunk on its own, a chain of
//! small carries along the scanned axis (one per chunk, the size of one slice), and one step
//! per chunk that applies its carry. No chunk is ever merged with another.
//!
//! ```text
//! x(0)   x(1)   x(2)            scan(i): the chunk's own running sums
//!  |      |      |              carry(i): carry(i-1) (+) last slice of scan(i-1)
//! s(0)   s(1)   s(2)            apply(i): scan(i) (+) carry(i), broadcast along the axis
//!  | \    |      |
//!  |  c(1)-+-> c(2)
//!  |      |  \   |
//! out(0) a(1)   a(2)
//! ```

use super::blockwise::block_shape;
use super::Lowerer;
use crate::expr::chunks::{ravel, unravel};
use crate::expr::node::Arr;
use crate::graph::{Grid, TaskKind};
use crate::kernels::scan::ScanOp;
use petgraph::stable_graph::NodeIndex;

pub fn lower_scan(l: &mut Lowerer, a: &Arr, op: ScanOp, axis: usize, input: &Grid) -> Grid {
    let numblocks = a.meta.numblocks();
    let n = input.tasks.len();
    let mut scans = Vec::with_capacity(n);
    for (f, &t) in input.tasks.iter().enumerate() {
        let b = unravel(f, &numblocks);
        let shape = block_shape(&a.meta.chunks, &b);
        scans.push(l.task(a, TaskKind::ScanBlock { op, axis }, vec![t], b, shape, 20));
    }
    let mut carries = vec![NodeIndex::end(); n];
    let mut tasks = scans.clone();
    // C order visits block i-1 along the axis before block i, so its carry exists.
    for f in 0..n {
        let b = unravel(f, &numblocks);
        if b[axis] == 0 {
            continue;
        }
        let mut prev = b.clone();
        prev[axis] -= 1;
        let pf = ravel(&prev, &numblocks);
        let mut ins = Vec::with_capacity(2);
        if prev[axis] > 0 {
            ins.push(carries[pf]);
        }
        ins.push(scans[pf]);
        let mut cshape = block_shape(&a.meta.chunks, &b);
        cshape[axis] = 1;
        let kind = TaskKind::ScanCarry { op, axis };
        carries[f] = l.task(a, kind, ins, b.clone(), cshape, 21);
        let shape = block_shape(&a.meta.chunks, &b);
        tasks[f] = l.task(
            a,
            TaskKind::ScanApply(op),
            vec![scans[f], carries[f]],
            b,
            shape,
            22,
        );
    }
    Grid { numblocks, tasks }
}

/// One task per input block whose `axis` is a single chunk, that axis removed from the
/// output (order statistics).
pub fn lower_along_axis(
    l: &mut Lowerer,
    a: &Arr,
    kind: TaskKind,
    axis: usize,
    input: &Grid,
) -> Grid {
    debug_assert_eq!(input.numblocks[axis], 1, "the axis is one chunk");
    let numblocks = a.meta.numblocks();
    let mut tasks = Vec::with_capacity(input.tasks.len());
    for (f, &t) in input.tasks.iter().enumerate() {
        let mut b = unravel(f, &input.numblocks);
        b.remove(axis);
        let shape = block_shape(&a.meta.chunks, &b);
        tasks.push(l.task(a, kind.clone(), vec![t], b, shape, 23));
    }
    Grid { numblocks, tasks }
}
