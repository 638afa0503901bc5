//! Layout kernels: strided slices, assembling a block from pieces, transpose, reshape.

use super::Block;
use crate::dtype::DType;

/// A strided range along one axis in a block's local coordinates: elements
/// `start, start + step, ...`, `len` of them. `step` may be negative (then `start` is the
/// highest index taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range1 {
    pub start: usize,
    pub len: usize,
    pub step: isize,
}

/// `b[ranges]`, as a new standard-layout block.
pub fn slice(b: &Block, ranges: &[Range1]) -> Block {
    let _ = (b, ranges);
    todo!("kernels::layout::slice")
}

/// One piece of an assembled block: `src[ranges]` is copied to the region starting at `dst`.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub src: usize,
    pub ranges: Vec<Range1>,
    pub dst: Vec<usize>,
}

/// A block of `shape` and `dtype` built from pieces of the input blocks `srcs`.
pub fn assemble(shape: &[usize], dtype: DType, srcs: &[&Block], pieces: &[Piece]) -> Block {
    let _ = (shape, dtype, srcs, pieces);
    todo!("kernels::layout::assemble")
}

/// numpy `transpose(b, perm)`, as a standard-layout block.
pub fn transpose(b: &Block, perm: &[usize]) -> Block {
    let _ = (b, perm);
    todo!("kernels::layout::transpose")
}

/// numpy `reshape` in C order (same number of elements).
pub fn reshape(b: &Block, shape: &[usize]) -> Block {
    let _ = (b, shape);
    todo!("kernels::layout::reshape")
}
