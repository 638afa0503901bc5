//! Blockwise lowering through one `top` construct in index notation:
//! `top(f, 'ik', a 'ij', b 'jk')` makes one task per output block and per value of the
//! contracted indices (`j`), and sums contracted partials in a tree.
//!
//! ```text
//! a(0,0) b(0,0)   a(0,1) b(1,0)          elementwise 'ij' <- 'ij', 'j'
//!     \  /            \  /               transpose   'ji' <- 'ij'
//!    dot(0,0,j0)   dot(0,0,j1)           contraction 'ik' <- 'ij', 'jk'
//!           \       /
//!          sum (0,0)
//! ```

use super::{compile_map, Lowerer};
use crate::expr::chunks::{offsets, unravel};
use crate::expr::node::{Arr, MapExpr};
use crate::graph::{Grid, TaskKind};
use crate::kernels::program::Program;
use petgraph::stable_graph::NodeIndex;
use std::sync::Arc;

/// Partials are merged this many at a time, so no task has too many inputs.
pub const TREE_FANIN: usize = 4;

/// One argument of `top`: a grid and its index letters; `None` marks a broadcast axis whose
/// block index is always 0.
pub struct Arg<'a> {
    pub grid: &'a Grid,
    pub index: Vec<Option<char>>,
}

/// Expands a blockwise operation. `out` names the output axes, `contracted` gives the block
/// counts of indices summed over. `make(out_block, contracted_block, arg_tasks)` adds one
/// task; `sum(out_block, level, parts)` adds a task summing partials.
pub fn top(
    out: &[char],
    out_numblocks: &[usize],
    args: &[Arg],
    contracted: &[(char, usize)],
    mut make: impl FnMut(&[usize], &[usize], Vec<NodeIndex>) -> NodeIndex,
    mut sum: impl FnMut(&[usize], usize, Vec<NodeIndex>) -> NodeIndex,
) -> Grid {
    let n_out: usize = out_numblocks.iter().product();
    let c_numblocks: Vec<usize> = contracted.iter().map(|c| c.1).collect();
    let n_c: usize = c_numblocks.iter().product();
    let mut tasks = Vec::with_capacity(n_out);
    for f in 0..n_out {
        let ob = unravel(f, out_numblocks);
        let mut parts = Vec::with_capacity(n_c);
        for cf in 0..n_c {
            let cb = unravel(cf, &c_numblocks);
            let block_of = |ch: char| -> usize {
                if let Some(p) = out.iter().position(|&o| o == ch) {
                    ob[p]
                } else {
                    let p = contracted
                        .iter()
                        .position(|c| c.0 == ch)
                        .expect("index letter is output or contracted");
                    cb[p]
                }
            };
            let inputs: Vec<NodeIndex> = args
                .iter()
                .map(|a| {
                    let idx: Vec<usize> = a
                        .index
                        .iter()
                        .map(|c| c.map(block_of).unwrap_or(0))
                        .collect();
                    a.grid.tasks[crate::expr::chunks::ravel(&idx, &a.grid.numblocks)]
                })
                .collect();
            parts.push(make(&ob, &cb, inputs));
        }
        let mut level = 0;
        while parts.len() > 1 {
            level += 1;
            parts = parts
                .chunks(TREE_FANIN)
                .map(|c| {
                    if c.len() == 1 {
                        c[0]
                    } else {
                        sum(&ob, level, c.to_vec())
                    }
                })
                .collect();
        }
        tasks.push(parts[0]);
    }
    Grid {
        numblocks: out_numblocks.to_vec(),
        tasks,
    }
}

fn letters(n: usize, from: u8) -> Vec<char> {
    (0..n).map(|i| (from + i as u8) as char).collect()
}

/// The shape of block `b` of an array with `chunks`.
pub fn block_shape(chunks: &[Vec<usize>], b: &[usize]) -> Vec<usize> {
    chunks.iter().zip(b).map(|(c, &i)| c[i]).collect()
}

/// Elementwise: `'abc' <- 'abc', 'bc', ...` with broadcast axes pinned to block 0.
pub fn lower_map(l: &mut Lowerer, a: &Arr, m: &MapExpr, inputs: &[Grid]) -> Grid {
    let mut prog = Program::default();
    compile_map(m, &mut prog);
    let prog = Arc::new(prog);
    let out = letters(a.ndim(), b'a');
    let args: Vec<Arg> = a
        .inputs
        .iter()
        .zip(inputs)
        .map(|(x, g)| {
            let lead = a.ndim() - x.ndim();
            // A length-1 axis stretched to a longer one always reads block 0.
            let index = x
                .shape()
                .iter()
                .enumerate()
                .map(|(k, &d)| {
                    if d == 1 && a.shape()[lead + k] != 1 {
                        None
                    } else {
                        Some(out[lead + k])
                    }
                })
                .collect();
            Arg { grid: g, index }
        })
        .collect();
    let chunks = a.meta.chunks.clone();
    top(
        &out,
        &a.meta.numblocks(),
        &args,
        &[],
        |ob, _, ins| {
            let shape = block_shape(&chunks, ob);
            l.task(a, TaskKind::Fused(prog.clone()), ins, ob.to_vec(), shape, 0)
        },
        |_, _, _| unreachable!("no contraction"),
    )
}

/// Transpose: `'ba' <- 'ab'`.
pub fn lower_transpose(l: &mut Lowerer, a: &Arr, perm: &[usize], input: &Grid) -> Grid {
    let inl = letters(perm.len(), b'a');
    let out: Vec<char> = perm.iter().map(|&p| inl[p]).collect();
    let chunks = a.meta.chunks.clone();
    let args = [Arg {
        grid: input,
        index: inl.iter().map(|&c| Some(c)).collect(),
    }];
    top(
        &out,
        &a.meta.numblocks(),
        &args,
        &[],
        |ob, _, ins| {
            let shape = block_shape(&chunks, ob);
            l.task(
                a,
                TaskKind::Transpose(perm.to_vec()),
                ins,
                ob.to_vec(),
                shape,
                0,
            )
        },
        |_, _, _| unreachable!("no contraction"),
    )
}

/// Contraction: `'ik' <- 'ij', 'jk'` generalised to any axes; partial products summed in a
/// tree.
pub fn lower_tensordot(
    l: &mut Lowerer,
    a: &Arr,
    axes_a: &[usize],
    axes_b: &[usize],
    inputs: &[Grid],
) -> Grid {
    let (x, y) = (&a.inputs[0], &a.inputs[1]);
    let free_a: Vec<usize> = (0..x.ndim()).filter(|k| !axes_a.contains(k)).collect();
    let free_b: Vec<usize> = (0..y.ndim()).filter(|k| !axes_b.contains(k)).collect();
    let out = letters(free_a.len() + free_b.len(), b'a');
    let con = letters(axes_a.len(), b'A');
    let mut ia = vec![None; x.ndim()];
    for (i, &k) in free_a.iter().enumerate() {
        ia[k] = Some(out[i]);
    }
    for (i, &k) in axes_a.iter().enumerate() {
        ia[k] = Some(con[i]);
    }
    let mut ib = vec![None; y.ndim()];
    for (i, &k) in free_b.iter().enumerate() {
        ib[k] = Some(out[free_a.len() + i]);
    }
    for (i, &k) in axes_b.iter().enumerate() {
        ib[k] = Some(con[i]);
    }
    let contracted: Vec<(char, usize)> = con
        .iter()
        .zip(axes_a)
        .map(|(&c, &k)| (c, inputs[0].numblocks[k]))
        .collect();
    let chunks = a.meta.chunks.clone();
    let args = [
        Arg {
            grid: &inputs[0],
            index: ia,
        },
        Arg {
            grid: &inputs[1],
            index: ib,
        },
    ];
    let kind = TaskKind::TensorDot {
        axes_a: axes_a.to_vec(),
        axes_b: axes_b.to_vec(),
    };
    let l = std::cell::RefCell::new(l);
    top(
        &out,
        &a.meta.numblocks(),
        &args,
        &contracted,
        |ob, cb, ins| {
            let shape = block_shape(&chunks, ob);
            let block = ob.iter().chain(cb).copied().collect();
            l.borrow_mut().task(a, kind.clone(), ins, block, shape, 1)
        },
        |ob, level, parts| {
            let shape = block_shape(&chunks, ob);
            let first = parts[0];
            let mut block: Vec<usize> = ob.to_vec();
            block.push(level);
            block.push(first.index());
            l.borrow_mut()
                .task(a, TaskKind::SumBlocks, parts, block, shape, 2)
        },
    )
}

/// Offsets of every axis of `chunks`.
pub fn all_offsets(chunks: &[Vec<usize>]) -> Vec<Vec<usize>> {
    chunks.iter().map(|c| offsets(c)).collect()
}
