//! Fused elementwise programs: a small instruction list evaluated over a chunk tile by tile.

use super::elementwise::{BinaryOp, UnaryOp};
use super::{Block, Scalar};
use crate::dtype::DType;

/// One instruction. Operands are indices of earlier instructions.
///
/// Leaves (`Input`, `Const`, `Random`, `Arange`, `Eye`) each have a shape that broadcasts to
/// the output shape under numpy's rules (aligned on the right, size-1 dims stretch).
#[derive(Debug, Clone, PartialEq)]
pub enum Instr {
    /// The task's `i`-th input block (its shape is the block's own).
    Input(usize),
    /// A scalar, broadcast everywhere.
    Const(Scalar),
    /// Uniform [0, 1) (or standard normal) float64 values of the array of shape `full_shape`
    /// drawn with `seed`, at global positions `offset + local index` for a block of `shape`.
    /// Each value depends only on (seed, global flat index), never on the chunking.
    Random { seed: u64, normal: bool, full_shape: Vec<usize>, offset: Vec<usize>, shape: Vec<usize> },
    /// 1-D: `start + (offset + i) * step` for i in 0..len.
    Arange { start: f64, step: f64, offset: usize, len: usize },
    /// 2-D: 1 where `global_col - global_row == k`, else 0.
    Eye { k: i64, offset: [usize; 2], shape: [usize; 2] },
    Unary(UnaryOp, usize),
    Binary(BinaryOp, usize, usize),
    /// numpy `where(cond, a, b)`
    Where(usize, usize, usize),
    /// Convert operand to this instruction's dtype.
    Cast(usize),
}

/// A fused elementwise computation. `dtypes[i]` is the dtype instruction `i` produces; the
/// result is the last instruction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    pub instrs: Vec<Instr>,
    pub dtypes: Vec<DType>,
}

impl Program {
    /// Appends an instruction and returns its index.
    pub fn push(&mut self, instr: Instr, dtype: DType) -> usize {
        self.instrs.push(instr);
        self.dtypes.push(dtype);
        self.instrs.len() - 1
    }

    pub fn out_dtype(&self) -> DType {
        *self.dtypes.last().expect("non-empty program")
    }
}

/// A borrowed tile of typed values.
#[derive(Debug, Clone, Copy)]
pub enum TileRef<'a> {
    Bool(&'a [bool]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    F32(&'a [f32]),
    F64(&'a [f64]),
}

/// Evaluates `prog` over a block of `out_shape` tile by tile (row-major flat order, tiles of a
/// few thousand elements) and calls `f(flat_start, tile)` for each tile of the result; used by
/// fused reductions so that no full-chunk temporary is ever built.
pub fn for_each_tile(prog: &Program, inputs: &[&Block], out_shape: &[usize], f: &mut dyn FnMut(usize, TileRef)) {
    let _ = (prog, inputs, out_shape, f);
    todo!("kernels::program::for_each_tile")
}

/// Evaluates `prog` over a block of `out_shape`, in cache-sized tiles without full-size
/// temporaries for the intermediate instructions.
pub fn eval_program(prog: &Program, inputs: &[&Block], out_shape: &[usize]) -> Block {
    let _ = (prog, inputs, out_shape);
    todo!("kernels::program::eval_program")
}
