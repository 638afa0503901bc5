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

use super::{eval_program, Instr, Program, TILE};
use crate::expr::chunks::unravel;
use crate::kernels::reduce::{self, AllAcc, ChunkPos, Elem, Partial, ReduceOp};
use crate::kernels::Block;
use crate::with_dtype as with_elem;
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
    if let Some(p) = contiguous_node(spec, level, index) {
        return p;
    }
    tree_node(spec, out_block, level, index)
}

/// [`reduce_generated`] chunk by chunk: each chunk's record through `reduce_program_chunk`,
/// merged with `reduce::combine`.
fn tree_node(spec: &GenReduce, out_block: &[usize], level: u32, index: usize) -> Partial {
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

/// Most elements the contiguous path generates at once (a few hundred KB).
const BATCH: usize = 1 << 15;

/// [`reduce_generated`] of an all-axes reduction whose chunks are runs of the flat order
/// (only the first axis is chunked: a 1-D array's chunks): runs of consecutive chunks are
/// generated at once and each chunk's record is built from its slice, fed in the tiles
/// `reduce_program_chunk` feeds, and merged as `combine` merges: the same operations in the
/// same order, without a program plan and partial records per chunk. None otherwise.
fn contiguous_node(spec: &GenReduce, level: u32, index: usize) -> Option<Partial> {
    let nd = spec.chunks.len();
    if spec.axes.len() != nd
        || matches!(spec.op, ReduceOp::ArgMin | ReduceOp::ArgMax)
        || spec.chunks.iter().skip(1).any(|c| c.len() != 1)
    {
        return None;
    }
    let row: usize = spec.chunks.iter().skip(1).map(|c| c[0]).product();
    Some(with_elem!(spec.prog.out_dtype(), T => {
        let mut run = Run::<T> {
            spec,
            prog: spec.prog.clone(),
            row,
            batch: None,
            lo: 0,
            hi: 0,
            _t: std::marker::PhantomData,
        };
        run.node(level, index).finish(nd)
    }))
}

/// The chunks `lo..hi` generated at once, and the reduction's tree over them.
struct Run<'a, T> {
    spec: &'a GenReduce,
    prog: Program,
    /// Elements per index of the first axis.
    row: usize,
    batch: Option<Block>,
    lo: usize,
    hi: usize,
    _t: std::marker::PhantomData<T>,
}

impl<T: Elem> Run<'_, T> {
    fn node(&mut self, level: u32, index: usize) -> AllAcc<T> {
        if level == 0 {
            return self.chunk(index);
        }
        let below = self.spec.nodes_at(level - 1);
        let lo = index * self.spec.fanin;
        let hi = (lo + self.spec.fanin).min(below);
        let mut acc = self.node(level - 1, lo);
        for c in lo + 1..hi {
            let next = self.node(level - 1, c);
            acc.merge(&next);
        }
        acc
    }

    fn chunk(&mut self, i: usize) -> AllAcc<T> {
        let (offs, lens) = (&self.spec.offsets[0], &self.spec.chunks[0]);
        if self.batch.is_none() || i < self.lo || i >= self.hi {
            let mut hi = i + 1;
            let mut n = lens[i] * self.row;
            while hi < lens.len() && n + lens[hi] * self.row <= BATCH {
                n += lens[hi] * self.row;
                hi += 1;
            }
            let mut offset = vec![0; self.spec.chunks.len()];
            offset[0] = offs[i];
            let mut shape: Vec<usize> = self.spec.chunks.iter().map(|c| c[0]).collect();
            shape[0] = offs[hi - 1] + lens[hi - 1] - offs[i];
            place(&mut self.prog, &offset, &shape);
            self.batch = Some(eval_program(&self.prog, &[], &shape));
            (self.lo, self.hi) = (i, hi);
        }
        let values = T::array(self.batch.as_ref().expect("generated above"));
        let values = values.as_slice().expect("a fresh block is contiguous");
        let start = (offs[i] - offs[self.lo]) * self.row;
        let mut acc = AllAcc::<T>::new(self.spec.op);
        for tile in values[start..start + lens[i] * self.row].chunks(TILE) {
            acc.feed(tile);
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::kernels::elementwise::BinaryOp;
    use crate::kernels::Scalar;

    /// `where(r < 0.05, nan, 2r - 1)` of the uniform draws `r` of an array of `full`
    /// (cast to f32 when `f32`), or an arange when `full` is 1-D and `arange`.
    fn generator(full: &[usize], f32: bool, arange: bool) -> Program {
        let mut p = Program::default();
        if arange {
            p.push(
                Instr::Arange {
                    start: 3.0,
                    step: 2.0,
                    offset: 0,
                    len: 0,
                },
                DType::I64,
            );
            return p;
        }
        let r = p.push(
            Instr::Random {
                seed: 7,
                normal: false,
                full_shape: full.to_vec(),
                offset: vec![0; full.len()],
                shape: vec![0; full.len()],
            },
            DType::F64,
        );
        let c = p.push(Instr::Const(Scalar::Float(0.05)), DType::F64);
        let lt = p.push(Instr::Binary(BinaryOp::Lt, r, c), DType::Bool);
        let nan = p.push(Instr::Const(Scalar::Float(f64::NAN)), DType::F64);
        let two = p.push(Instr::Const(Scalar::Float(2.0)), DType::F64);
        let x2 = p.push(Instr::Binary(BinaryOp::Mul, r, two), DType::F64);
        let one = p.push(Instr::Const(Scalar::Float(1.0)), DType::F64);
        let y = p.push(Instr::Binary(BinaryOp::Sub, x2, one), DType::F64);
        let w = p.push(Instr::Where(lt, nan, y), DType::F64);
        if f32 {
            p.push(Instr::Cast(w), DType::F32);
        }
        p
    }

    fn bits(p: &Partial) -> Vec<(DType, Vec<u64>)> {
        p.0.iter()
            .map(|b| {
                (
                    b.dtype(),
                    b.to_f64_vec().iter().map(|v| v.to_bits()).collect(),
                )
            })
            .collect()
    }

    /// The contiguous path gives every tree node the record the chunk-by-chunk path gives,
    /// bit for bit, for every op, dtype, chunking (uneven, some over a tile) and level.
    #[test]
    fn contiguous_runs_give_the_chunk_by_chunk_records() {
        use ReduceOp::*;
        let ops = [
            Sum,
            Prod,
            Min,
            Max,
            Any,
            All,
            Mean,
            Var { ddof: 1.0 },
            Std { ddof: 0.0 },
            NanSum,
            NanMean,
            NanMin,
            NanMax,
        ];
        // 1-D uneven chunks (one longer than a tile and than a batch), and 2-D row chunks.
        let mut lens: Vec<usize> = (0..300).map(|i| 1 + (i * 7919) % 23).collect();
        lens[5] = TILE + 3;
        lens[40] = BATCH + 11;
        let cases: Vec<Vec<Vec<usize>>> = vec![
            vec![lens],
            vec![vec![3; 50], vec![5]],
            vec![vec![2, 9, 4, 1, 6, 3, 3], vec![3], vec![2]],
        ];
        let mut checked = 0;
        for chunks in &cases {
            let full: Vec<usize> = chunks.iter().map(|c| c.iter().sum()).collect();
            let offsets: Vec<Vec<usize>> = chunks
                .iter()
                .map(|c| crate::expr::chunks::offsets(c))
                .collect();
            for (f32, arange) in [(false, false), (true, false), (false, true)] {
                if arange && full.len() != 1 {
                    continue;
                }
                for op in ops {
                    if arange && matches!(op, Var { .. } | Std { .. } | Prod) {
                        continue;
                    }
                    for fanin in [4, 16] {
                        let spec = GenReduce {
                            op,
                            axes: (0..full.len()).collect(),
                            prog: generator(&full, f32, arange),
                            chunks: chunks.clone(),
                            offsets: offsets.clone(),
                            full_shape: Arc::new(full.clone()),
                            fanin,
                        };
                        let ob = vec![0; full.len()];
                        for level in 0..4 {
                            for j in 0..spec.nodes_at(level) {
                                let fast = contiguous_node(&spec, level, j).expect("contiguous");
                                let slow = tree_node(&spec, &ob, level, j);
                                assert_eq!(
                                    bits(&fast),
                                    bits(&slow),
                                    "{op:?} {chunks:?} level {level} node {j}"
                                );
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 1000);
        // Not runs of the flat order (the second axis chunked): the chunk-by-chunk path.
        let spec = GenReduce {
            op: Sum,
            axes: vec![0, 1],
            prog: generator(&[4, 4], false, false),
            chunks: vec![vec![2, 2], vec![2, 2]],
            offsets: vec![vec![0, 2], vec![0, 2]],
            full_shape: Arc::new(vec![4, 4]),
            fanin: 4,
        };
        assert!(contiguous_node(&spec, 1, 0).is_none());
    }
}
