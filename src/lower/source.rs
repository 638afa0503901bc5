//! Creation routines and file reads: one task per block, no inputs.

use super::blockwise::{all_offsets, block_shape};
use super::Lowerer;
use crate::expr::chunks::unravel;
use crate::expr::node::{Arr, Op};
use crate::graph::{Grid, TaskKind};
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
            Op::LoadNpy { path, header } => TaskKind::Load {
                path: path.clone(),
                header: header.clone(),
                start: start.clone(),
            },
            _ => unreachable!("lower_source on a non-source op"),
        };
        tasks.push(l.task(a, kind, vec![], b, shape, 0));
    }
    Grid { numblocks, tasks }
}
