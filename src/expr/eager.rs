//! The reference evaluator: computes a lazy array as one whole block, with no chunks, no
//! task graph and no optimizer. Tests compare the real pipeline against it.

use super::node::{Arr, Op};
use crate::io::source;
use crate::kernels::layout::{self, Piece, Range1};
use crate::kernels::program::{Instr, Program};
use crate::kernels::reduce::{self, ChunkPos};
use crate::kernels::{contract, fancy, program, Block};
use std::collections::HashMap;

/// The whole value of `a`.
pub fn evaluate(a: &Arr) -> Result<Block, String> {
    let mut memo = HashMap::new();
    eval(a, &mut memo)
}

fn eval(a: &Arr, memo: &mut HashMap<usize, Block>) -> Result<Block, String> {
    if let Some(b) = memo.get(&a.id) {
        return Ok(b.clone());
    }
    let ins: Vec<Block> = a
        .inputs
        .iter()
        .map(|i| eval(i, memo))
        .collect::<Result<_, _>>()?;
    let shape = a.shape().to_vec();
    let zeros = vec![0; shape.len()];
    let single = |instr: Instr| {
        let mut p = Program::default();
        p.push(instr, a.dtype());
        program::eval_program(&p, &[], &shape)
    };
    let out = match &a.op {
        Op::Full(s) => Block::full(a.dtype(), &shape, *s),
        Op::Arange { start, step } => single(Instr::Arange {
            start: *start,
            step: *step,
            offset: 0,
            len: shape[0],
        }),
        Op::Eye { k } => single(Instr::Eye {
            k: *k,
            offset: [0, 0],
            shape: [shape[0], shape[1]],
        }),
        Op::Random { seed, normal } => single(Instr::Random {
            seed: *seed,
            normal: *normal,
            full_shape: shape.clone(),
            offset: zeros.clone(),
            shape: shape.clone(),
        }),
        Op::Literal(b) => (**b).clone(),
        Op::Load { source } => {
            let whole: Vec<Range1> = shape.iter().map(|&n| Range1::full(n)).collect();
            source::read(source.as_ref(), &whole)?
        }
        Op::Map(m) => {
            let mut p = Program::default();
            crate::lower::compile_map_pub(m, &mut p);
            let refs: Vec<&Block> = ins.iter().collect();
            program::eval_program(&p, &refs, &shape)
        }
        Op::Reduce { op, axes, keepdims } => {
            let x = &ins[0];
            let pos = ChunkPos {
                offset: &vec![0; x.shape().len()],
                full_shape: x.shape(),
            };
            let part = reduce::reduce_chunk(*op, x, axes, pos);
            reduce::finalize(*op, part, axes, *keepdims, x.dtype())
        }
        Op::Slice { ranges } => layout::slice(
            &ins[0],
            &ranges
                .iter()
                .map(|&(s, l, st)| Range1 {
                    start: s,
                    len: l,
                    step: st,
                })
                .collect::<Vec<_>>(),
        ),
        Op::ViewReshape | Op::Reshape => layout::reshape(&ins[0], &shape),
        Op::Transpose { perm } => layout::transpose(&ins[0], perm),
        Op::Rechunk => ins[0].clone(),
        Op::Concat { axis } => {
            let mut pieces = Vec::new();
            let mut at = 0;
            for (k, b) in ins.iter().enumerate() {
                let mut dst = vec![0; shape.len()];
                dst[*axis] = at;
                at += b.shape()[*axis];
                pieces.push(Piece::whole(k, b.shape(), dst));
            }
            let refs: Vec<&Block> = ins.iter().collect();
            layout::assemble(&shape, a.dtype(), &refs, &pieces)
        }
        Op::Scan { op, axis } => crate::kernels::scan::scan_block(*op, &ins[0], *axis),
        Op::Envelope { x_range, area } => {
            use crate::kernels::envelope::{envelope_chunk, envelope_join};
            envelope_join(&[&envelope_chunk(&ins[0], 0, *x_range, *area)], *area)
        }
        Op::Coarsen { factor } => {
            use crate::kernels::coarsen::{coarsen_chunk, coarsen_join};
            let part = coarsen_chunk(&ins[0], *factor, (0, 0));
            coarsen_join(&[&part], &[(0, 0)], *factor, (a.shape()[0], a.shape()[1]))
        }
        Op::Quantile {
            q,
            axis,
            skip_nan,
            how,
        } => {
            crate::kernels::quantile::quantile_block(&ins[0], *axis, *q, *how, *skip_nan, a.dtype())
        }
        Op::Sort { axis, arg } => crate::kernels::sorting::sort_block(&ins[0], *axis, *arg),
        Op::Fft(spec) => crate::kernels::fft::fft_block(&ins[0], *spec, a.dtype()),
        Op::Lookup(op) => {
            let tables: Vec<&Block> = ins[1..].iter().collect();
            crate::kernels::sorting::lookup(*op, &ins[0], &tables)?
        }
        Op::Count { op, weighted } => {
            let w = weighted.then(|| &ins[1]);
            let tables: Vec<&Block> = ins[1 + *weighted as usize..].iter().collect();
            crate::kernels::sorting::count(*op, &ins[0], w, &tables)?
        }
        Op::TensorDot { axes_a, axes_b } => contract::tensordot(&ins[0], &ins[1], axes_a, axes_b),
        Op::Gather(f) => {
            let spec = fancy::GatherSpec {
                axes: f.axes.clone(),
                pos: f.pos,
                lo: vec![0; f.axes.len()],
                sizes: f.axes.iter().map(|&d| ins[0].shape()[d]).collect(),
                first: true,
            };
            let idx: Vec<&Block> = ins[1..].iter().collect();
            fancy::gather_step(&spec, None, &ins[0], &idx, &shape)?
        }
        Op::Scatter(f) => {
            let spec = fancy::GatherSpec {
                axes: f.axes.clone(),
                pos: f.pos,
                lo: vec![0; f.axes.len()],
                sizes: f.axes.iter().map(|&d| ins[0].shape()[d]).collect(),
                first: true,
            };
            let m = ins.len() - 2;
            let idx: Vec<&Block> = ins[1..=m].iter().collect();
            fancy::scatter(&spec, &ins[0], &[(idx, &ins[m + 1])])?
        }
        Op::SetSlice { ranges } => {
            let spec = fancy::PlaceSpec {
                lo: zeros.clone(),
                region: ranges.clone(),
                v_offs: vec![zeros.clone()],
            };
            fancy::place(&spec, &ins[0], &[&ins[1]])
        }
        Op::TakeAlong { axis } => {
            let size = ins[0].shape()[*axis];
            fancy::take_along_step(None, &ins[0], &ins[1], *axis, 0, size, true)?
        }
        Op::GroupReduce { op, axis, groups } => {
            // Each group gathered position by position, reduced whole, then stacked.
            let x = &ins[0];
            let mut results = Vec::new();
            for ps in groups.iter() {
                let mut gshape = x.shape().to_vec();
                gshape[*axis] = ps.len();
                let pieces: Vec<Piece> = ps
                    .iter()
                    .enumerate()
                    .map(|(k, &p)| {
                        let mut src: Vec<Range1> =
                            x.shape().iter().map(|&n| Range1::full(n)).collect();
                        src[*axis] = Range1::contiguous(p, 1);
                        let mut dst = vec![0; gshape.len()];
                        dst[*axis] = k;
                        Piece {
                            src: 0,
                            ranges: src,
                            dst,
                        }
                    })
                    .collect();
                let gx = layout::assemble(&gshape, x.dtype(), &[x], &pieces);
                let pos = ChunkPos {
                    offset: &vec![0; gshape.len()],
                    full_shape: &gshape,
                };
                let part = reduce::reduce_chunk(*op, &gx, &[*axis], pos);
                results.push(reduce::finalize(*op, part, &[*axis], true, x.dtype()));
            }
            let mut pieces = Vec::new();
            for (k, b) in results.iter().enumerate() {
                let mut dst = vec![0; shape.len()];
                dst[*axis] = k;
                pieces.push(Piece::whole(k, b.shape(), dst));
            }
            let refs: Vec<&Block> = results.iter().collect();
            layout::assemble(&shape, a.dtype(), &refs, &pieces)
        }
        Op::Linalg(op) => {
            use super::linalg::{LinalgOp, TsqrPart};
            use crate::kernels::linalg::{self, Dense, Kernel};
            let d = match op {
                LinalgOp::Dense(d) => *d,
                LinalgOp::Tsqr(TsqrPart::Q) => Dense::QrQ,
                LinalgOp::Tsqr(TsqrPart::R) => Dense::QrR,
                LinalgOp::Tsqr(TsqrPart::U) => Dense::SvdU,
                LinalgOp::Tsqr(TsqrPart::S) => Dense::SvdS,
                LinalgOp::Tsqr(TsqrPart::V) => Dense::SvdV,
            };
            let refs: Vec<&Block> = ins.iter().collect();
            linalg::run(&Kernel::Dense(d), &refs)?
        }
    };
    memo.insert(a.id, out.clone());
    Ok(out)
}
