//! Slicing, rechunking, concatenation and reshapes: each output block is assembled from
//! pieces of the input blocks it overlaps, or reuses an input block unchanged.

use super::blockwise::{all_offsets, block_shape};
use super::Lowerer;
use crate::expr::chunks::{offsets, ravel, unravel};
use crate::expr::node::Arr;
use crate::graph::{Grid, TaskKind};
use crate::kernels::layout::{Piece, Range1};
use std::sync::Arc;

/// The pieces along one axis for output elements `[o_lo, o_hi)` of the slice
/// `start + i * step` over input chunk offsets `off`: (input block, local range, dst offset).
fn axis_pieces(
    off: &[usize],
    start: usize,
    step: isize,
    o_lo: usize,
    o_hi: usize,
) -> Vec<(usize, Range1, usize)> {
    let mut out = Vec::new();
    let mut i = o_lo;
    while i < o_hi {
        let src = (start as isize + i as isize * step) as usize;
        let b = off.partition_point(|&o| o <= src) - 1;
        let n = if step > 0 {
            (off[b + 1] - src).div_ceil(step as usize).min(o_hi - i)
        } else {
            ((src - off[b]) / (-step) as usize + 1).min(o_hi - i)
        };
        out.push((
            b,
            Range1 {
                start: src - off[b],
                len: n,
                step,
            },
            i - o_lo,
        ));
        i += n;
    }
    out
}

/// `x[ranges]` (and rechunk, with full unit-step ranges).
pub fn lower_slice(
    l: &mut Lowerer,
    a: &Arr,
    ranges: &[(usize, usize, isize)],
    input: &Grid,
) -> Grid {
    let x = &a.inputs[0];
    let in_offs: Vec<Vec<usize>> = x.meta.chunks.iter().map(|c| offsets(c)).collect();
    let out_offs = all_offsets(&a.meta.chunks);
    let numblocks = a.meta.numblocks();
    let n: usize = numblocks.iter().product();
    let mut tasks = Vec::with_capacity(n);
    for f in 0..n {
        let ob = unravel(f, &numblocks);
        let shape = block_shape(&a.meta.chunks, &ob);
        let per_axis: Vec<Vec<(usize, Range1, usize)>> = (0..a.ndim())
            .map(|d| {
                let (lo, hi) = (out_offs[d][ob[d]], out_offs[d][ob[d] + 1]);
                if hi == lo {
                    vec![(
                        0,
                        Range1 {
                            start: 0,
                            len: 0,
                            step: 1,
                        },
                        0,
                    )]
                } else {
                    axis_pieces(&in_offs[d], ranges[d].0, ranges[d].2, lo, hi)
                }
            })
            .collect();
        // One piece per combination of per-axis pieces.
        let counts: Vec<usize> = per_axis.iter().map(|p| p.len()).collect();
        let total: usize = counts.iter().product();
        let mut inputs = Vec::new();
        let mut pieces = Vec::with_capacity(total);
        for pf in 0..total {
            let pi = unravel(pf, &counts);
            let src_block: Vec<usize> = pi
                .iter()
                .enumerate()
                .map(|(d, &k)| per_axis[d][k].0)
                .collect();
            let t = input.tasks[ravel(&src_block, &input.numblocks)];
            let src = match inputs.iter().position(|&i| i == t) {
                Some(s) => s,
                None => {
                    inputs.push(t);
                    inputs.len() - 1
                }
            };
            pieces.push(Piece {
                src,
                ranges: pi
                    .iter()
                    .enumerate()
                    .map(|(d, &k)| per_axis[d][k].1)
                    .collect(),
                dst: pi
                    .iter()
                    .enumerate()
                    .map(|(d, &k)| per_axis[d][k].2)
                    .collect(),
            });
        }
        // A piece that is a whole input block needs no task of its own.
        let whole = pieces.len() == 1 && {
            let p = &pieces[0];
            let src_shape = &l.g.g[inputs[0]].shape;
            p.ranges
                .iter()
                .zip(src_shape)
                .all(|(r, &s)| r.start == 0 && r.step == 1 && r.len == s)
                && *src_shape == shape
        };
        if whole {
            tasks.push(inputs[0]);
        } else {
            tasks.push(l.task(
                a,
                TaskKind::Assemble(Arc::new(pieces)),
                inputs,
                ob,
                shape,
                0,
            ));
        }
    }
    Grid { numblocks, tasks }
}

/// Adding or removing length-1 axes: one reshape task per block.
pub fn lower_view_reshape(l: &mut Lowerer, a: &Arr, input: &Grid) -> Grid {
    let x = &a.inputs[0];
    let numblocks = a.meta.numblocks();
    let n: usize = numblocks.iter().product();
    let out_axes: Vec<usize> = (0..a.ndim()).filter(|&d| a.shape()[d] != 1).collect();
    let in_axes: Vec<usize> = (0..x.ndim()).filter(|&d| x.shape()[d] != 1).collect();
    let mut tasks = Vec::with_capacity(n);
    for f in 0..n {
        let ob = unravel(f, &numblocks);
        let mut ib = vec![0; x.ndim()];
        for (&i, &o) in in_axes.iter().zip(&out_axes) {
            ib[i] = ob[o];
        }
        let t = input.tasks[ravel(&ib, &input.numblocks)];
        let shape = block_shape(&a.meta.chunks, &ob);
        tasks.push(l.task(a, TaskKind::Reshape, vec![t], ob, shape, 0));
    }
    Grid { numblocks, tasks }
}

/// General reshape of an input chunked along axis 0 only: each output block gathers runs of
/// the flat C order from the input blocks it overlaps.
pub fn lower_reshape(l: &mut Lowerer, a: &Arr, input: &Grid) -> Grid {
    let x = &a.inputs[0];
    let in_inner: usize = x.shape().iter().skip(1).product();
    let out_inner: usize = a.shape().iter().skip(1).product();
    let in_off: Vec<usize> = offsets(&x.meta.chunks[0])
        .iter()
        .map(|o| o * in_inner)
        .collect();
    let out_off: Vec<usize> = offsets(&a.meta.chunks[0])
        .iter()
        .map(|o| o * out_inner)
        .collect();
    let numblocks = a.meta.numblocks();
    let mut tasks = Vec::new();
    for ob in 0..numblocks[0] {
        let (lo, hi) = (out_off[ob], out_off[ob + 1]);
        let mut runs = Vec::new();
        let mut inputs = Vec::new();
        let mut pos = lo;
        while pos < hi {
            let b = in_off.partition_point(|&o| o <= pos) - 1;
            let end = in_off[b + 1].min(hi);
            inputs.push(input.tasks[b]);
            runs.push((inputs.len() - 1, pos - in_off[b], end - pos));
            pos = end;
        }
        let mut block = vec![0; a.ndim()];
        block[0] = ob;
        let shape = block_shape(&a.meta.chunks, &block);
        tasks.push(l.task(
            a,
            TaskKind::FlatAssemble(Arc::new(runs)),
            inputs,
            block,
            shape,
            0,
        ));
    }
    Grid { numblocks, tasks }
}

/// Concatenation reuses the input blocks: no new tasks.
pub fn lower_concat(a: &Arr, axis: usize, inputs: &[Grid]) -> Grid {
    let numblocks = a.meta.numblocks();
    let n: usize = numblocks.iter().product();
    let mut tasks = Vec::with_capacity(n);
    // Which input (and its block along `axis`) each output block along `axis` comes from.
    let mut along = Vec::new();
    for (k, x) in a.inputs.iter().enumerate() {
        for (j, &c) in x.meta.chunks[axis].iter().enumerate() {
            if c > 0 {
                along.push((k, j));
            }
        }
    }
    for f in 0..n {
        let ob = unravel(f, &numblocks);
        let (k, j) = along.get(ob[axis]).copied().unwrap_or((0, 0));
        let mut ib = ob.clone();
        ib[axis] = j;
        tasks.push(inputs[k].tasks[ravel(&ib, &inputs[k].numblocks)]);
    }
    Grid { numblocks, tasks }
}
