//! Generated reductions: a generator program (no inputs) + a run of chunk positions -> the
//! partial record the reduction's combine tree holds at one of its nodes.
//!
//! ```text
//! template program (ones/arange/random -> elementwise)     GenReduce, node (level 2, j)
//!   per chunk i in the node's range: patch the leaves' offsets and shapes,
//!     reduce_program_chunk -> Partial(i)
//!   fan-in F at a time, as the graph's combine tasks would: combine(p0..pF) ...
//!   --> the node's Partial, bit for bit what the unfused tree holds there
//! ```

use super::{Instr, Program};
use crate::expr::chunks::unravel;
use crate::kernels::reduce::{self, ChunkPos, Partial, ReduceOp};
use std::sync::Arc;

/// A reduction over generated chunks, shared by the tasks of one reduction.
#[derive(Debug, Clone, PartialEq)]
pub struct GenReduce {
    pub op: ReduceOp,
    /// Reduced axes, ascending.
    pub axes: Vec<usize>,
    /// The chunks' generator; its leaves' offsets and shapes are set per chunk.
    pub prog: Program,
    /// The reduced array's chunk sizes per axis.
    pub chunks: Vec<Vec<usize>>,
    /// Where each chunk starts, per axis.
    pub offsets: Vec<Vec<usize>>,
    /// The reduced array's shape.
    pub full_shape: Arc<Vec<usize>>,
    /// Combine fan-in of the tree the tasks stand for.
    pub fanin: usize,
}

impl GenReduce {
    /// How many chunks feed one output block (the blocks along the reduced axes).
    pub fn parts(&self) -> usize {
        self.axes.iter().map(|&d| self.chunks[d].len()).product()
    }

    /// The number of tree nodes at `level` (level 0: the chunks).
    pub fn nodes_at(&self, level: u32) -> usize {
        let span = self.fanin.saturating_pow(level);
        self.parts().div_ceil(span)
    }
}

/// The partial record of tree node `index` at `level` for output block `out_block`
/// (keepdims form: reduced axes 0): its chunks reduced and combined `fanin` at a time, a
/// lone child passed up unchanged, exactly as `lower::reduction` builds the tree.
pub fn reduce_generated(
    spec: &GenReduce,
    out_block: &[usize],
    level: u32,
    index: usize,
) -> Partial {
    let mut prog = spec.prog.clone();
    let reduced: Vec<usize> = spec.axes.iter().map(|&d| spec.chunks[d].len()).collect();
    let mut st = State {
        spec,
        prog: &mut prog,
        reduced,
        block: out_block.to_vec(),
        offset: vec![0; out_block.len()],
        shape: vec![0; out_block.len()],
    };
    st.node(level, index)
}

struct State<'a> {
    spec: &'a GenReduce,
    prog: &'a mut Program,
    reduced: Vec<usize>,
    block: Vec<usize>,
    offset: Vec<usize>,
    shape: Vec<usize>,
}

impl State<'_> {
    fn node(&mut self, level: u32, index: usize) -> Partial {
        if level == 0 {
            return self.chunk(index);
        }
        let below = self.spec.nodes_at(level - 1);
        let lo = index * self.spec.fanin;
        let hi = (lo + self.spec.fanin).min(below);
        let parts: Vec<Partial> = (lo..hi).map(|c| self.node(level - 1, c)).collect();
        if parts.len() == 1 {
            return parts.into_iter().next().expect("one part");
        }
        reduce::combine(self.spec.op, parts)
    }

    /// Part `i` of the output block: its chunk generated and reduced.
    fn chunk(&mut self, i: usize) -> Partial {
        let r = unravel(i, &self.reduced);
        for (k, &d) in self.spec.axes.iter().enumerate() {
            self.block[d] = r[k];
        }
        for d in 0..self.block.len() {
            self.offset[d] = self.spec.offsets[d][self.block[d]];
            self.shape[d] = self.spec.chunks[d][self.block[d]];
        }
        place(self.prog, &self.offset, &self.shape);
        let pos = ChunkPos {
            offset: &self.offset,
            full_shape: &self.spec.full_shape,
        };
        reduce::reduce_program_chunk(
            self.spec.op,
            self.prog,
            &[],
            &self.shape,
            &self.spec.axes,
            pos,
        )
    }
}

/// Sets every generator leaf of `prog` to the block at `offset` of shape `shape`.
pub fn place(prog: &mut Program, offset: &[usize], shape: &[usize]) {
    for ins in &mut prog.instrs {
        match ins {
            Instr::Random {
                offset: o,
                shape: s,
                ..
            } => {
                o.copy_from_slice(offset);
                s.copy_from_slice(shape);
            }
            Instr::Arange { offset: o, len, .. } => {
                *o = offset[0];
                *len = shape[0];
            }
            Instr::Eye {
                offset: o,
                shape: s,
                ..
            } => {
                *o = [offset[0], offset[1]];
                *s = [shape[0], shape[1]];
            }
            _ => {}
        }
    }
}
