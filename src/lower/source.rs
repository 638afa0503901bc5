//! Creation routines and file reads: source tasks with no inputs.

use super::blockwise::{all_offsets, block_shape};
use super::Lowerer;
use crate::expr::chunks::unravel;
use crate::expr::node::{Arr, Op};
use crate::graph::{Grid, TaskKind};
use crate::io::source::Source;
use crate::kernels::layout::Piece;
use crate::kernels::layout::Range1;
use crate::kernels::program::{Instr, Program};
use std::sync::Arc;

/// One source task per block of `a`.
pub fn lower_source(l: &mut Lowerer, a: &Arr) -> Grid {
    let numblocks = a.meta.numblocks();
    let offs = all_offsets(&a.meta.chunks);
    let n: usize = numblocks.iter().product();
    let full_const = match &a.op {
        Op::Full(s) => {
            let mut p = Program::default();
            p.push(Instr::Const(*s), a.dtype());
            Some(Arc::new(p))
        }
        _ => None,
    };
    let mut tasks = Vec::with_capacity(n);
    for f in 0..n {
        let b = unravel(f, &numblocks);
        let shape = block_shape(&a.meta.chunks, &b);
        let start: Vec<usize> = b.iter().enumerate().map(|(d, &i)| offs[d][i]).collect();
        let kind = match &a.op {
            Op::Full(_) => TaskKind::Fused(full_const.clone().expect("built above")),
            Op::Arange { start: s0, step } => {
                let mut p = Program::default();
                p.push(
                    Instr::Arange {
                        start: *s0,
                        step: *step,
                        offset: start[0],
                        len: shape[0],
                    },
                    a.dtype(),
                );
                TaskKind::Fused(Arc::new(p))
            }
            Op::Eye { k } => {
                let mut p = Program::default();
                p.push(
                    Instr::Eye {
                        k: *k,
                        offset: [start[0], start[1]],
                        shape: [shape[0], shape[1]],
                    },
                    a.dtype(),
                );
                TaskKind::Fused(Arc::new(p))
            }
            Op::Random { seed, normal } => {
                let mut p = Program::default();
                let instr = Instr::Random {
                    seed: *seed,
                    normal: *normal,
                    full_shape: a.shape().to_vec(),
                    offset: start.clone(),
                    shape: shape.clone(),
                };
                p.push(instr, a.dtype());
                TaskKind::Fused(Arc::new(p))
            }
            Op::Literal(data) => TaskKind::Literal {
                data: data.clone(),
                ranges: start
                    .iter()
                    .zip(&shape)
                    .map(|(&s, &n)| Range1 {
                        start: s,
                        len: n,
                        step: 1,
                    })
                    .collect(),
            },
            _ => unreachable!("lower_source on a non-source op"),
        };
        tasks.push(l.task(a, kind, vec![], b, shape, 0));
    }
    Grid { numblocks, tasks }
}

/// A file read. One `Load` per block when block edges fall on stored-chunk boundaries;
/// otherwise one `Load` per group of blocks that covers whole stored chunks, cut into the
/// blocks, so each compressed chunk is decoded once however the user chunks it.
///
/// ```text
/// chunks=(4,200,200), stored (1,721,1440):   load(4,721,1440) -> getitem(4,200,200) x 32
/// ```
pub fn lower_load(l: &mut Lowerer, a: &Arr, src: &Source) -> Grid {
    let chunks = &a.meta.chunks;
    let numblocks = a.meta.numblocks();
    let offs = all_offsets(chunks);
    // Per axis: the group of each block, and each group's (first block, start, length).
    let mut group_of: Vec<Vec<usize>> = Vec::new();
    let mut groups: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    for (d, c) in chunks.iter().enumerate() {
        let mut of = Vec::with_capacity(c.len());
        let mut gs: Vec<(usize, usize, usize)> = Vec::new();
        let mut open = false;
        for (i, &n) in c.iter().enumerate() {
            if !open {
                gs.push((i, offs[d][i], 0));
                open = true;
            }
            gs.last_mut().expect("opened").2 += n;
            of.push(gs.len() - 1);
            if src.is_boundary(d, offs[d][i] + n) {
                open = false;
            }
        }
        group_of.push(of);
        groups.push(gs);
    }
    let aligned = groups.iter().zip(chunks).all(|(g, c)| g.len() == c.len());
    let n: usize = numblocks.iter().product();
    let mut tasks = Vec::with_capacity(n);
    if aligned {
        for f in 0..n {
            let b = unravel(f, &numblocks);
            let shape = block_shape(chunks, &b);
            let region = (0..b.len())
                .map(|d| Range1::contiguous(offs[d][b[d]], shape[d]))
                .collect();
            let kind = TaskKind::Load {
                source: src.clone(),
                region,
            };
            tasks.push(l.task(a, kind, vec![], b, shape, 0));
        }
        return Grid { numblocks, tasks };
    }
    let gnum: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let mut reads = Vec::new();
    for f in 0..gnum.iter().product() {
        let gi = unravel(f, &gnum);
        let region: Vec<Range1> = gi
            .iter()
            .enumerate()
            .map(|(d, &g)| Range1::contiguous(groups[d][g].1, groups[d][g].2))
            .collect();
        let shape = region.iter().map(|r| r.len).collect();
        let kind = TaskKind::Load {
            source: src.clone(),
            region,
        };
        reads.push(l.task(a, kind, vec![], gi, shape, 21));
    }
    for f in 0..n {
        let b = unravel(f, &numblocks);
        let shape = block_shape(chunks, &b);
        let gi: Vec<usize> = b.iter().enumerate().map(|(d, &i)| group_of[d][i]).collect();
        let ranges = (0..b.len())
            .map(|d| Range1::contiguous(offs[d][b[d]] - groups[d][gi[d]].1, shape[d]))
            .collect();
        let piece = Piece {
            src: 0,
            ranges,
            dst: vec![0; b.len()],
        };
        let read = reads[crate::expr::chunks::ravel(&gi, &gnum)];
        let kind = TaskKind::Assemble(Arc::new(vec![piece]));
        tasks.push(l.task(a, kind, vec![read], b, shape, 0));
    }
    Grid { numblocks, tasks }
}
