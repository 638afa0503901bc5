//! Reductions over generated chunks: a reduction whose input is a chain of generators
//! (ones/zeros/full/arange/eye/random) and elementwise maps used by nothing else is lowered
//! without the input's grid: one task per node of the combine tree at a chosen level.
//!
//! ```text
//! ones(i) -> mul(i) -> sum-chunk(i)   (1M of each)           ReduceGen(j): chunks j*4096.. of
//!        \ combine x16 \ combine x16 ...           =>           [ones*2 -> sum], combined x16 x16 x16
//!                                                               (245 tasks) -> combine ... -> aggregate
//! ```
//!
//! The tasks compute exactly the tree nodes the unfused graph holds (same chunks, same fan-in,
//! same order), so results are bit-identical to the unfused lowering.

use super::blockwise::block_shape;
use super::reduction::{fanin_for, finish, CHAIN_OUTPUTS};
use super::{compile_map_into, Lowerer};
use crate::expr::chunks::unravel;
use crate::expr::node::{Arr, Op};
use crate::graph::{Grid, TaskKind};
use crate::kernels::program::generated::{place, GenReduce};
use crate::kernels::program::{Instr, Program};
use crate::kernels::reduce::ReduceOp;
use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Most elements one task generates (a few ms of work, a few MB of generated values).
const TASK_ELEMS: usize = 1 << 20;
/// Fewest tasks a reduction is cut into when it has that many chunks (load balance).
const MIN_TASKS: usize = 32;
/// Longest generator chain fused at lowering (deeper ones take the optimizer's path).
const MAX_DEPTH: usize = 64;

/// How a reduction over generated chunks is lowered.
pub(super) struct GenPlan {
    prog: Program,
    /// Tree level of the tasks: 0 one per chunk, k one per `fanin^k` chunks.
    pub level: u32,
    fanin: usize,
}

impl GenPlan {
    /// How many tasks lowering adds for the chunk steps of reduction `a`.
    pub fn tasks(&self, a: &Arr, axes: &[usize]) -> usize {
        let x = &a.inputs[0];
        let nb = x.meta.numblocks();
        let parts: usize = axes.iter().map(|&d| nb[d]).product();
        let outs = nb.iter().product::<usize>() / parts.max(1);
        outs * parts.div_ceil(self.fanin.saturating_pow(self.level))
    }
}

/// The plan for reduction `a` over `axes` when its input is a generator chain that only it
/// uses (`uses`: consumers per array id); None otherwise.
pub(super) fn plan(
    a: &Arr,
    axes: &[usize],
    uses: &FxHashMap<usize, usize>,
    replaced: &FxHashMap<usize, ()>,
) -> Option<GenPlan> {
    let x = &a.inputs[0];
    if x.meta.size() == 0 {
        return None;
    }
    let mut prog = Program::default();
    let mut memo = FxHashMap::default();
    let r = emit(x, x, uses, replaced, &mut prog, &mut memo, 0)?;
    if r != prog.instrs.len() - 1 {
        let d = prog.dtypes[r];
        prog.push(Instr::Cast(r), d);
    }
    let nb = x.meta.numblocks();
    let parts: usize = axes.iter().map(|&d| nb[d]).product();
    let outs = nb.iter().product::<usize>() / parts;
    // The partial records' sizes: the largest and smallest output block.
    let record = |pick: fn(&[usize]) -> usize| -> usize {
        (0..x.ndim())
            .map(|d| {
                if axes.contains(&d) {
                    1
                } else {
                    pick(&x.meta.chunks[d])
                }
            })
            .product()
    };
    let big = fanin_for(record(|c| c.iter().copied().max().unwrap_or(0)));
    let small = fanin_for(record(|c| c.iter().copied().min().unwrap_or(0)));
    let chunk: usize = x
        .meta
        .chunks
        .iter()
        .map(|c| c.iter().copied().max().unwrap_or(0))
        .product();
    let mut level = 0;
    // Output blocks whose trees differ in fan-in, or that fold as chains: one task per chunk.
    let chain = outs >= CHAIN_OUTPUTS && big == super::TREE_FANIN;
    if big == small && !chain {
        let mut span = big;
        while span <= parts
            && span.saturating_mul(chunk) <= TASK_ELEMS
            && outs * parts.div_ceil(span) >= MIN_TASKS
        {
            level += 1;
            span = span.saturating_mul(big);
        }
    }
    Some(GenPlan {
        prog,
        level,
        fanin: big,
    })
}

/// Appends the instructions computing `n` (a chunk of `x`'s grid) to `prog`; None when `n`
/// is not a generator, an elementwise map of generators, or is used elsewhere.
fn emit(
    n: &Arr,
    x: &Arr,
    uses: &FxHashMap<usize, usize>,
    replaced: &FxHashMap<usize, ()>,
    prog: &mut Program,
    memo: &mut FxHashMap<usize, usize>,
    depth: usize,
) -> Option<usize> {
    if depth > MAX_DEPTH
        || uses.get(&n.id).copied().unwrap_or(0) != 1
        || replaced.contains_key(&n.id)
        || n.meta.shape != x.meta.shape
        || n.meta.chunks != x.meta.chunks
    {
        return None;
    }
    if let Some(&i) = memo.get(&n.id) {
        return Some(i);
    }
    let zeros = vec![0; n.ndim()];
    let i = match &n.op {
        Op::Full(s) => prog.push(Instr::Const(*s), n.dtype()),
        Op::Arange { start, step } => prog.push(
            Instr::Arange {
                start: *start,
                step: *step,
                offset: 0,
                len: 0,
            },
            n.dtype(),
        ),
        Op::Eye { k } if n.ndim() == 2 => prog.push(
            Instr::Eye {
                k: *k,
                offset: [0, 0],
                shape: [0, 0],
            },
            n.dtype(),
        ),
        Op::Random { seed, normal } => prog.push(
            Instr::Random {
                seed: *seed,
                normal: *normal,
                full_shape: n.shape().to_vec(),
                offset: zeros.clone(),
                shape: zeros,
            },
            n.dtype(),
        ),
        Op::Map(m) => {
            let mut ins = Vec::with_capacity(n.inputs.len());
            for i in &n.inputs {
                ins.push(emit(i, x, uses, replaced, prog, memo, depth + 1)?);
            }
            compile_map_into(m, prog, &ins)
        }
        _ => return None,
    };
    memo.insert(n.id, i);
    Some(i)
}

/// Lowers reduction `a` of generated chunks by `plan`: per output block, the tree's nodes at
/// the plan's level as tasks, the levels above as combine tasks, then the aggregate.
pub(super) fn lower_generated(
    l: &mut Lowerer,
    a: &Arr,
    op: ReduceOp,
    axes: &[usize],
    keepdims: bool,
    plan: GenPlan,
) -> Grid {
    let x = &a.inputs[0];
    let mut sorted = axes.to_vec();
    sorted.sort_unstable();
    let offs = super::blockwise::all_offsets(&x.meta.chunks);
    let spec = Arc::new(GenReduce {
        op,
        axes: sorted,
        prog: plan.prog,
        chunks: x.meta.chunks.clone(),
        offsets: offs.clone(),
        full_shape: Arc::new(x.shape().to_vec()),
        fanin: plan.fanin,
    });
    let nb = x.meta.numblocks();
    // Output blocks in keepdims form, in the order the unfused lowering meets them.
    let onb: Vec<usize> = (0..nb.len())
        .map(|d| if axes.contains(&d) { 1 } else { nb[d] })
        .collect();
    let reduced: Vec<usize> = spec.axes.iter().map(|&d| nb[d]).collect();
    let mut order = Vec::new();
    let mut groups: FxHashMap<Vec<usize>, Vec<NodeIndex>> = FxHashMap::default();
    let mut prog = spec.prog.clone();
    for f in 0..onb.iter().product() {
        let ob = unravel(f, &onb);
        let mut kshape = block_shape(&x.meta.chunks, &ob);
        for &d in axes {
            kshape[d] = 1;
        }
        let mut parts = Vec::new();
        if plan.level == 0 {
            for i in 0..spec.parts() {
                let r = unravel(i, &reduced);
                let mut b = ob.clone();
                for (k, &d) in spec.axes.iter().enumerate() {
                    b[d] = r[k];
                }
                let chunk = block_shape(&x.meta.chunks, &b);
                let offset: Vec<usize> = b.iter().enumerate().map(|(d, &i)| offs[d][i]).collect();
                place(&mut prog, &offset, &chunk);
                let kind = TaskKind::ReduceChunk {
                    op,
                    axes: axes.to_vec(),
                    chunk,
                    offset,
                    full_shape: spec.full_shape.clone(),
                    prog: Some(Arc::new(prog.clone())),
                };
                parts.push(l.task(a, kind, vec![], b, kshape.clone(), 3));
            }
        } else {
            for j in 0..spec.nodes_at(plan.level) {
                let kind = TaskKind::ReduceGen {
                    spec: spec.clone(),
                    out_block: ob.clone(),
                    level: plan.level,
                    index: j,
                };
                let block = ob.iter().copied().chain([plan.level as usize, j]).collect();
                parts.push(l.task(a, kind, vec![], block, kshape.clone(), 6));
            }
        }
        order.push(ob.clone());
        groups.insert(ob, parts);
    }
    finish(l, a, op, axes, keepdims, order, groups, plan.level as usize)
}
