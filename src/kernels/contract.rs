//! Contractions: numpy tensordot of two blocks, and the sum of partial products.

use super::Block;

/// numpy `tensordot(a, b, axes=(axes_a, axes_b))` of two blocks of the same dtype: result axes
/// are a's free axes then b's free axes. Floats use a fast matmul (ndarray's `dot`).
pub fn tensordot(a: &Block, b: &Block, axes_a: &[usize], axes_b: &[usize]) -> Block {
    let _ = (a, b, axes_a, axes_b);
    todo!("kernels::contract::tensordot")
}

/// Elementwise sum of same-shape, same-dtype blocks (partial products of a contraction).
pub fn sum_blocks(parts: Vec<Block>) -> Block {
    let _ = parts;
    todo!("kernels::contract::sum_blocks")
}
