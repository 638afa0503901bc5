//! Running one task: its kind's kernel over its input values.

use crate::graph::{Task, TaskKind};
use crate::io::source;
use crate::kernels::reduce::{self, ChunkPos, Partial};
use crate::kernels::scan;
use crate::kernels::{coarsen, contract, envelope, layout, program, Block};
use crate::source::Span;

/// What a task produces.
#[derive(Debug, Clone)]
pub enum Value {
    Block(Block),
    Partial(Partial),
    Unit,
}

impl Value {
    pub fn nbytes(&self) -> usize {
        match self {
            Value::Block(b) => b.nbytes(),
            Value::Partial(p) => p.0.iter().map(|b| b.nbytes()).sum(),
            Value::Unit => 0,
        }
    }
}

/// A failure while computing (I/O, mostly), mapped back to the array that failed.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct ExecError {
    pub message: String,
    /// The layer (expr node id) of the failing task; the session maps it to a span.
    pub layer: usize,
    pub span: Option<Span>,
    /// A failure numpy raises too (singular matrix): E0401, not a file error.
    pub computing: bool,
}

fn block(v: &Value) -> &Block {
    match v {
        Value::Block(b) => b,
        _ => panic!("internal: task input is not a block"),
    }
}

fn partial(v: &Value) -> &Partial {
    match v {
        Value::Partial(p) => p,
        _ => panic!("internal: task input is not a partial"),
    }
}

/// Computes one task from its input values.
pub fn run_task(t: &Task, ins: &[&Value]) -> Result<Value, ExecError> {
    let err = |m: String| ExecError {
        message: m,
        layer: t.layer,
        span: None,
        computing: false,
    };
    // A value numpy rejects too: E0401.
    let computing = |m: String| ExecError {
        message: m,
        layer: t.layer,
        span: None,
        computing: true,
    };
    Ok(match &t.kind {
        TaskKind::Fused(p) => {
            let blocks: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            Value::Block(program::eval_program(p, &blocks, &t.shape))
        }
        TaskKind::Literal { data, ranges } => Value::Block(layout::slice(data, ranges)),
        TaskKind::Load { source, region } => {
            Value::Block(source::read(source.as_ref(), region).map_err(err)?)
        }
        TaskKind::Assemble(pieces) => {
            let blocks: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            Value::Block(layout::assemble(&t.shape, t.dtype, &blocks, pieces))
        }
        TaskKind::FlatAssemble(runs) => {
            let blocks: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            Value::Block(flat_assemble(&t.shape, t.dtype, &blocks, runs))
        }
        TaskKind::Transpose(perm) => Value::Block(layout::transpose(block(ins[0]), perm)),
        TaskKind::Reshape => Value::Block(layout::reshape(block(ins[0]), &t.shape)),
        TaskKind::TensorDot { axes_a, axes_b } => Value::Block(contract::tensordot(
            block(ins[0]),
            block(ins[1]),
            axes_a,
            axes_b,
        )),
        TaskKind::DotGen(spec) => {
            let blocks: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            Value::Block(crate::kernels::contract_gen::dot_generated(spec, &blocks))
        }
        TaskKind::Linalg(k) => {
            let blocks: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::linalg::run(k, &blocks).map_err(|m| ExecError {
                    message: m,
                    layer: t.layer,
                    span: None,
                    computing: true,
                })?,
            )
        }
        TaskKind::SumBlocks => Value::Block(contract::sum_blocks(
            ins.iter().map(|v| block(v).clone()).collect(),
        )),
        TaskKind::ReduceChunk {
            op,
            axes,
            chunk,
            offset,
            full_shape,
            prog,
        } => {
            let pos = ChunkPos { offset, full_shape };
            match prog {
                None => Value::Partial(reduce::reduce_chunk(*op, block(ins[0]), axes, pos)),
                Some(p) => {
                    let blocks: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
                    Value::Partial(reduce::reduce_program_chunk(
                        *op, p, &blocks, chunk, axes, pos,
                    ))
                }
            }
        }
        TaskKind::ReduceGen {
            spec,
            out_block,
            level,
            index,
        } => Value::Partial(program::generated::reduce_generated(
            spec, out_block, *level, *index,
        )),
        TaskKind::GroupChunk { op, axis, runs } => {
            let x = block(ins[0]);
            let zeros = vec![0; x.shape().len()];
            let pos = ChunkPos {
                offset: &zeros,
                full_shape: x.shape(),
            };
            let parts = runs
                .iter()
                .map(|r| {
                    let mut region: Vec<layout::Range1> =
                        x.shape().iter().map(|&n| layout::Range1::full(n)).collect();
                    region[*axis] = *r;
                    reduce::reduce_chunk(*op, &layout::slice(x, &region), &[*axis], pos)
                })
                .collect();
            Value::Partial(reduce::combine(*op, parts))
        }
        TaskKind::CoarsenChunk { factor, origin } => {
            Value::Block(coarsen::coarsen_chunk(block(ins[0]), *factor, *origin))
        }
        TaskKind::CoarsenJoin { factor, origins } => {
            let parts: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            let shape = (t.shape[0], t.shape[1]);
            Value::Block(coarsen::coarsen_join(&parts, origins, *factor, shape))
        }
        TaskKind::EnvelopeChunk {
            start,
            x_range,
            area,
        } => Value::Block(envelope::envelope_chunk(
            block(ins[0]),
            *start,
            *x_range,
            *area,
        )),
        TaskKind::EnvelopeJoin { area } => {
            let parts: Vec<&Block> = ins.iter().map(|v| block(v)).collect();
            Value::Block(envelope::envelope_join(&parts, *area))
        }
        TaskKind::Combine(op) => Value::Partial(reduce::combine(
            *op,
            ins.iter().map(|v| partial(v).clone()).collect(),
        )),
        TaskKind::Finalize {
            op,
            axes,
            keepdims,
            in_dtype,
        } => Value::Block(reduce::finalize(
            *op,
            partial(ins[0]).clone(),
            axes,
            *keepdims,
            *in_dtype,
        )),
        TaskKind::ScanBlock { op, axis } => {
            Value::Block(scan::scan_block(*op, block(ins[0]), *axis))
        }
        TaskKind::ScanCarry { op, axis } => Value::Block(match ins {
            [s] => scan::carry(*op, None, block(s), *axis),
            [p, s] => scan::carry(*op, Some(block(p)), block(s), *axis),
            _ => return Err(err("internal: scan carry takes one or two inputs".into())),
        }),
        TaskKind::ScanApply(op) => {
            Value::Block(scan::apply_carry(*op, block(ins[0]), block(ins[1])))
        }
        TaskKind::Quantile {
            q,
            axis,
            skip_nan,
            how,
        } => Value::Block(crate::kernels::quantile::quantile_block(
            block(ins[0]),
            *axis,
            *q,
            *how,
            *skip_nan,
            t.dtype,
        )),
        TaskKind::Fft(spec) => Value::Block(crate::kernels::fft::fft_block(
            block(ins[0]),
            *spec,
            t.dtype,
        )),
        TaskKind::SortLanes { axis, arg } => Value::Block(crate::kernels::sorting::sort_block(
            block(ins[0]),
            *axis,
            *arg,
        )),
        TaskKind::Lookup(op) => {
            let tables: Vec<&Block> = ins[1..].iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::sorting::lookup(*op, block(ins[0]), &tables).map_err(computing)?,
            )
        }
        TaskKind::CountChunk { op, weighted } => {
            let w = weighted.then(|| block(ins[1]));
            let skip = 1 + *weighted as usize;
            let tables: Vec<&Block> = ins[skip..].iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::sorting::count(*op, block(ins[0]), w, &tables)
                    .map_err(computing)?,
            )
        }
        TaskKind::Gather(spec) => {
            let (acc, rest) = if spec.first {
                (None, ins)
            } else {
                (Some(block(ins[0]).clone()), &ins[1..])
            };
            let idx: Vec<&Block> = rest[1..].iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::fancy::gather_step(spec, acc, block(rest[0]), &idx, &t.shape)
                    .map_err(computing)?,
            )
        }
        TaskKind::GatherPart(spec) => {
            let idx: Vec<&Block> = ins[1..].iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::fancy::gather_part(spec, block(ins[0]), &idx).map_err(computing)?,
            )
        }
        TaskKind::GatherJoin(spec) => {
            let m = spec.gather.axes.len();
            let idx: Vec<&Block> = ins[..m].iter().map(|v| block(v)).collect();
            let parts: Vec<&Block> = ins[m..].iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::fancy::gather_join(spec, &idx, &parts, &t.shape, t.dtype)
                    .map_err(computing)?,
            )
        }
        TaskKind::Scatter(spec) => {
            let m = spec.axes.len();
            let groups: Vec<(Vec<&Block>, &Block)> = ins[1..]
                .chunks(m + 1)
                .map(|g| (g[..m].iter().map(|v| block(v)).collect(), block(g[m])))
                .collect();
            Value::Block(
                crate::kernels::fancy::scatter(spec, block(ins[0]), &groups).map_err(computing)?,
            )
        }
        TaskKind::Place(spec) => {
            let vs: Vec<&Block> = ins[1..].iter().map(|v| block(v)).collect();
            Value::Block(crate::kernels::fancy::place(spec, block(ins[0]), &vs))
        }
        TaskKind::TakeAlong {
            axis,
            lo,
            size,
            first,
        } => {
            let (acc, rest) = if *first {
                (None, ins)
            } else {
                (Some(block(ins[0]).clone()), &ins[1..])
            };
            Value::Block(
                crate::kernels::fancy::take_along_step(
                    acc,
                    block(rest[0]),
                    block(rest[1]),
                    *axis,
                    *lo,
                    *size,
                    *first,
                )
                .map_err(computing)?,
            )
        }
        TaskKind::TakeAlongPart { axis, lo, size } => Value::Block(
            crate::kernels::fancy::take_along_part(block(ins[0]), block(ins[1]), *axis, *lo, *size),
        ),
        TaskKind::TakeAlongJoin { axis, offs } => {
            let parts: Vec<&Block> = ins[1..].iter().map(|v| block(v)).collect();
            Value::Block(
                crate::kernels::fancy::take_along_join(block(ins[0]), &parts, *axis, offs)
                    .map_err(computing)?,
            )
        }
        TaskKind::Save { target, start } => {
            let w = target.writer().map_err(|e| err(e.to_string()))?;
            w.write_region(start, block(ins[0]))
                .map_err(|e| err(e.to_string()))?;
            Value::Unit
        }
        TaskKind::SaveDone(target) => {
            let w = target.writer().map_err(|e| err(e.to_string()))?;
            w.close().map_err(|e| err(e.to_string()))?;
            Value::Unit
        }
        TaskKind::SaveNc { target, var, start } => {
            let w = target.writer().map_err(|e| err(e.to_string()))?;
            w.write_region(*var, start, block(ins[0]))
                .map_err(|e| err(e.to_string()))?;
            Value::Unit
        }
        TaskKind::SaveNcDone(target) => {
            let w = target.writer().map_err(|e| err(e.to_string()))?;
            w.close().map_err(|e| err(e.to_string()))?;
            Value::Unit
        }
        TaskKind::SaveZarr { target, var, start } => {
            let w = target.writer().map_err(|e| err(e.to_string()))?;
            w.write_region(*var, start, block(ins[0]))
                .map_err(|e| err(e.to_string()))?;
            Value::Unit
        }
        TaskKind::SpillWrite(path) => {
            crate::io::spill::write_block(path, block(ins[0])).map_err(err)?;
            Value::Unit
        }
        TaskKind::SpillRead(path) => {
            Value::Block(crate::io::spill::read_block(path, &t.shape, t.dtype).map_err(err)?)
        }
        TaskKind::SaveZarrDone(target) => {
            let w = target.writer().map_err(|e| err(e.to_string()))?;
            w.close().map_err(|e| err(e.to_string()))?;
            Value::Unit
        }
    })
}

fn flat_assemble(
    shape: &[usize],
    dtype: crate::dtype::DType,
    srcs: &[&Block],
    runs: &[(usize, usize, usize)],
) -> Block {
    let flat: Vec<Block> = srcs
        .iter()
        .map(|b| layout::reshape(b, &[b.len()]))
        .collect();
    let n: usize = shape.iter().product();
    let pieces: Vec<layout::Piece> = {
        let mut dst = 0;
        runs.iter()
            .map(|&(s, start, len)| {
                let p = layout::Piece {
                    src: s,
                    ranges: vec![layout::Range1 {
                        start,
                        len,
                        step: 1,
                    }],
                    dst: vec![dst],
                };
                dst += len;
                p
            })
            .collect()
    };
    let refs: Vec<&Block> = flat.iter().collect();
    let out = layout::assemble(&[n], dtype, &refs, &pieces);
    layout::reshape(&out, shape)
}
