//! Fused elementwise programs: a small instruction list evaluated over a chunk tile by tile.
//!
//! ```text
//! Program + input blocks --plan--> nodes with scratch slots
//!   for each row-major tile of the output (TILE elements):
//!     leaves fill their slot (inputs of the output's shape are read in place, scalars not
//!     at all), each operation runs one typed kernel from its operands' slots into its own
//!   --> the result tile: handed to a callback, or written into the output block
//! ```

use super::elementwise::{
    binary_tile, cast_tile, unary_tile, where_tile, AnySrc, BinaryOp, TileMut, UnaryOp,
};
use super::{Block, Scalar};
use crate::dtype::DType;

mod leaves;
mod plan;
#[cfg(test)]
mod tests;

use leaves::Vals;
use plan::{Kind, Plan};

/// Elements per tile handed to a reduction's callback (its summation order depends on it).
pub const TILE: usize = 4096;
/// Elements per tile of the instructions' scratch buffers: a few 8-byte buffers of this size
/// stay in the L1 cache (4096 spilled to L2 and made W1's arithmetic ~10% slower).
const SUB_TILE: usize = 1024;

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
    Random {
        seed: u64,
        normal: bool,
        full_shape: Vec<usize>,
        offset: Vec<usize>,
        shape: Vec<usize>,
    },
    /// 1-D: `start + (offset + i) * step` for i in 0..len.
    Arange {
        start: f64,
        step: f64,
        offset: usize,
        len: usize,
    },
    /// 2-D: 1 where `global_col - global_row == k`, else 0.
    Eye {
        k: i64,
        offset: [usize; 2],
        shape: [usize; 2],
    },
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
    I8(&'a [i8]),
    I16(&'a [i16]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    F32(&'a [f32]),
    F64(&'a [f64]),
    C64(&'a [crate::kernels::complex::C64]),
    C128(&'a [crate::kernels::complex::C128]),
}

/// Evaluates `prog` over a block of `out_shape` tile by tile (row-major flat order, tiles of a
/// few thousand elements) and calls `f(flat_start, tile)` for each tile of the result; used by
/// fused reductions so that no full-chunk temporary is ever built.
pub fn for_each_tile(
    prog: &Program,
    inputs: &[&Block],
    out_shape: &[usize],
    f: &mut dyn FnMut(usize, TileRef),
) {
    for_each_tile_sized(prog, inputs, out_shape, TILE, f)
}

/// Evaluates `prog` over a block of `out_shape`, in cache-sized tiles without full-size
/// temporaries for the intermediate instructions.
pub fn eval_program(prog: &Program, inputs: &[&Block], out_shape: &[usize]) -> Block {
    eval_program_sized(prog, inputs, out_shape, TILE)
}

/// `for_each_tile` with tiles of `tile` elements.
fn for_each_tile_sized(
    prog: &Program,
    inputs: &[&Block],
    out_shape: &[usize],
    tile: usize,
    f: &mut dyn FnMut(usize, TileRef),
) {
    let n: usize = out_shape.iter().product();
    let plan = Plan::new(prog, inputs, out_shape, true);
    let result = &plan.nodes[plan.result];
    let sub = SUB_TILE.min(tile);
    if result.slot.is_none() || sub == tile {
        let mut exec = Exec::new(&plan, tile.min(n));
        for start in (0..n).step_by(tile) {
            let len = tile.min(n - start);
            exec.run(start, len, None);
            f(start, exec.result(start, len));
        }
        return;
    }
    // The callback still sees tiles of `tile` elements, evaluated in L1-sized pieces.
    let mut exec = Exec::new(&plan, sub.min(n));
    let mut out = Vals::zeros(result.dtype, tile.min(n));
    for start in (0..n).step_by(tile) {
        let len = tile.min(n - start);
        for s in (0..len).step_by(sub) {
            let l = sub.min(len - s);
            exec.run(start + s, l, Some(out.tile_mut(s, l)));
        }
        f(start, out.tile_ref(0, len));
    }
}

/// `eval_program` with tiles of `tile` elements.
fn eval_program_sized(
    prog: &Program,
    inputs: &[&Block],
    out_shape: &[usize],
    tile: usize,
) -> Block {
    let n: usize = out_shape.iter().product();
    let plan = Plan::new(prog, inputs, out_shape, false);
    let mut out = Vals::zeros(plan.nodes[plan.result].dtype, n);
    // Elementwise: the values do not depend on the tiling.
    let tile = tile.min(SUB_TILE);
    let mut exec = Exec::new(&plan, tile.min(n));
    for start in (0..n).step_by(tile) {
        let len = tile.min(n - start);
        exec.run(start, len, Some(out.tile_mut(start, len)));
    }
    out.into_block(out_shape)
}

/// Per-tile evaluation state: one scratch buffer per slot of the plan.
struct Exec<'p, 'a> {
    plan: &'p Plan<'a>,
    scratch: Vec<Vals<'static>>,
}

impl<'p, 'a> Exec<'p, 'a> {
    fn new(plan: &'p Plan<'a>, tile: usize) -> Self {
        Exec {
            plan,
            scratch: plan.slots.iter().map(|&dt| Vals::zeros(dt, tile)).collect(),
        }
    }

    /// Evaluates the tile `start..start + len`; the result goes to `out` when given, else to
    /// the result's slot.
    fn run(&mut self, start: usize, len: usize, mut out: Option<TileMut>) {
        let plan = self.plan;
        for (i, node) in plan.nodes.iter().enumerate().take(plan.result + 1) {
            if !node.live {
                continue;
            }
            if i == plan.result {
                if let Some(out) = out.take() {
                    compute(plan, i, start, len, &self.scratch, out);
                    continue;
                }
            }
            // Nodes without a slot are scalars and direct inputs: nothing to do per tile.
            let Some(slot) = node.slot else { continue };
            let mut buf = std::mem::take(&mut self.scratch[slot]);
            compute(plan, i, start, len, &self.scratch, buf.tile_mut(0, len));
            self.scratch[slot] = buf;
        }
    }

    /// The result of the last `run` without `out`.
    fn result(&self, start: usize, len: usize) -> TileRef<'_> {
        let node = &self.plan.nodes[self.plan.result];
        match (&node.kind, node.slot) {
            (_, Some(slot)) => self.scratch[slot].tile_ref(0, len),
            (Kind::Direct(vals), None) => vals.tile_ref(start, len),
            _ => unreachable!("every result but a direct input has a slot"),
        }
    }
}

/// Node `j`'s values for the tile.
fn operand<'s>(
    plan: &'s Plan,
    scratch: &'s [Vals],
    j: usize,
    start: usize,
    len: usize,
) -> AnySrc<'s> {
    let node = &plan.nodes[j];
    match &node.kind {
        Kind::Scalar(s) => *s,
        Kind::Direct(vals) => vals.src(start, len),
        _ => scratch[node.slot.expect("internal: operand has a slot")].src(0, len),
    }
}

/// Evaluates node `i` over the tile `start..start + len` into `out`.
fn compute(plan: &Plan, i: usize, start: usize, len: usize, scratch: &[Vals], out: TileMut) {
    let src = |j: usize| operand(plan, scratch, j, start, len);
    match plan.nodes[i].kind {
        Kind::Scalar(s) => cast_tile(s, out),
        Kind::Direct(ref vals) => cast_tile(vals.src(start, len), out),
        Kind::Leaf(ref leaf) => leaf.fill(start, out),
        Kind::Unary(op, a) => unary_tile(op, src(a), out),
        Kind::Binary(op, a, b) => binary_tile(op, src(a), src(b), out),
        Kind::Where(c, a, b) => match src(c) {
            AnySrc::Bool(c) => where_tile(c, src(a), src(b), out),
            other => panic!("internal: where condition of dtype {}", other.dtype()),
        },
        Kind::Cast(a) => cast_tile(src(a), out),
    }
}
