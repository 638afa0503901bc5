//! Reductions in three steps: per-chunk partial records, pairwise combine, final aggregate.

use super::program::Program;
use super::Block;
use crate::dtype::DType;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReduceOp {
    Sum,
    Prod,
    Min,
    Max,
    Any,
    All,
    Mean,
    Var { ddof: f64 },
    Std { ddof: f64 },
    /// only a single axis or all axes (flat index), as numpy
    ArgMin,
    ArgMax,
    NanSum,
    NanMean,
    NanMin,
    NanMax,
}

impl ReduceOp {
    /// numpy's result dtype for an input of dtype `x` (sum of bool/int32 is int64, mean of
    /// ints is float64, arg* give int64, any/all give bool, ...).
    pub fn result_dtype(self, x: DType) -> DType {
        let _ = x;
        todo!("kernels::reduce::result_dtype")
    }
}

/// A partial result: a small record of blocks, each with the keepdims shape of the chunk
/// (reduced axes have length 1). E.g. mean: (count, total); var: (count, mean, M2).
#[derive(Debug, Clone, PartialEq)]
pub struct Partial(pub Vec<Block>);

/// Where a chunk sits in the whole array, for arg* reductions' global indices.
#[derive(Debug, Clone, Copy)]
pub struct ChunkPos<'a> {
    pub offset: &'a [usize],
    pub full_shape: &'a [usize],
}

/// Per-chunk step over a materialised block. `axes` sorted, unique.
pub fn reduce_chunk(op: ReduceOp, x: &Block, axes: &[usize], pos: ChunkPos) -> Partial {
    let _ = (op, x, axes, pos);
    todo!("kernels::reduce::reduce_chunk")
}

/// Per-chunk step fused with the elementwise program producing the chunk (shape
/// `block_shape`): evaluated in tiles, no full-chunk temporary when reducing all axes.
pub fn reduce_program_chunk(
    op: ReduceOp,
    prog: &Program,
    inputs: &[&Block],
    block_shape: &[usize],
    axes: &[usize],
    pos: ChunkPos,
) -> Partial {
    let _ = (op, prog, inputs, block_shape, axes, pos);
    todo!("kernels::reduce::reduce_program_chunk")
}

/// Merges partials of neighbouring chunks (same keepdims shape) into one; for var/std the
/// (count, mean, M2) records merge pairwise (Chan et al.), never as sum of squares.
pub fn combine(op: ReduceOp, parts: Vec<Partial>) -> Partial {
    let _ = (op, parts);
    todo!("kernels::reduce::combine")
}

/// Final step: turns the merged record into the result block of dtype
/// `op.result_dtype(input_dtype)`; `axes` are removed from the shape unless `keepdims`.
pub fn finalize(op: ReduceOp, p: Partial, axes: &[usize], keepdims: bool, input_dtype: DType) -> Block {
    let _ = (op, p, axes, keepdims, input_dtype);
    todo!("kernels::reduce::finalize")
}
