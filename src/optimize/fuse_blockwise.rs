//! Fuse blockwise: a chain of elementwise tasks, and the per-chunk step of a reduction over
//! it, becomes one task whose kernel runs over the chunk in tiles.
//!
//! ```text
//! random(i) -> mul(i) -> add(i) -> sum-chunk(i)   =>   [random*2+1 -> sum]-chunk(i)
//! ```

use super::Pass;
use crate::graph::{TaskGraph, TaskKind};
use crate::kernels::program::{Instr, Program};
use petgraph::stable_graph::NodeIndex;
use std::collections::HashSet;
use std::sync::Arc;

pub struct FuseBlockwise;

/// `c`'s program with input `slot` replaced by the whole of `p`; returns the program and
/// the new input list (`c`'s other inputs, then `p`'s).
pub fn splice(
    c: &Program,
    c_inputs: &[NodeIndex],
    p_node: NodeIndex,
    p: &Program,
    p_inputs: &[NodeIndex],
) -> (Program, Vec<NodeIndex>) {
    let mut inputs: Vec<NodeIndex> = c_inputs.iter().copied().filter(|&i| i != p_node).collect();
    for &i in p_inputs {
        if !inputs.contains(&i) {
            inputs.push(i);
        }
    }
    let slot = |n: NodeIndex| inputs.iter().position(|&i| i == n).expect("input kept");
    let mut out = Program::default();
    let mut p_map = Vec::with_capacity(p.instrs.len());
    for (k, ins) in p.instrs.iter().enumerate() {
        let ins = remap(ins, &p_map, |j| slot(p_inputs[j]));
        p_map.push(out.push(ins, p.dtypes[k]));
    }
    let p_result = *p_map.last().expect("non-empty program");
    let mut c_map = Vec::with_capacity(c.instrs.len());
    for (k, ins) in c.instrs.iter().enumerate() {
        if let Instr::Input(j) = ins {
            if c_inputs[*j] == p_node {
                c_map.push(p_result);
                continue;
            }
        }
        let ins = remap(ins, &c_map, |j| slot(c_inputs[j]));
        c_map.push(out.push(ins, c.dtypes[k]));
    }
    // The consumer's result must stay last.
    if *c_map.last().expect("non-empty") != out.instrs.len() - 1 {
        let last = *c_map.last().expect("non-empty");
        let d = out.dtypes[last];
        out.push(Instr::Cast(last), d);
    }
    (out, inputs)
}

/// Spliced programs by (consumer program, producer program, wiring).
type Memo =
    rustc_hash::FxHashMap<(usize, usize, Vec<usize>), (Arc<Program>, Arc<Program>, Arc<Program>)>;

/// `splice`, reusing the program when the same two programs were already spliced with the
/// same wiring (which inputs coincide).
fn splice_memo(
    memo: &mut Memo,
    c: &Arc<Program>,
    c_inputs: &[NodeIndex],
    p_node: NodeIndex,
    p: &Arc<Program>,
    p_inputs: &[NodeIndex],
) -> (Arc<Program>, Vec<NodeIndex>) {
    let all: Vec<NodeIndex> = c_inputs.iter().chain(p_inputs).copied().collect();
    let wiring: Vec<usize> = all
        .iter()
        .map(|n| {
            if *n == p_node {
                usize::MAX
            } else {
                all.iter().position(|m| m == n).expect("present")
            }
        })
        .collect();
    let key = (Arc::as_ptr(c) as usize, Arc::as_ptr(p) as usize, wiring);
    if let Some((_, _, prog)) = memo.get(&key) {
        let mut inputs: Vec<NodeIndex> =
            c_inputs.iter().copied().filter(|&i| i != p_node).collect();
        for &i in p_inputs {
            if !inputs.contains(&i) {
                inputs.push(i);
            }
        }
        return (prog.clone(), inputs);
    }
    let (prog, inputs) = splice(c, c_inputs, p_node, p, p_inputs);
    let prog = Arc::new(prog);
    // The key's programs are kept alive with it, so their addresses cannot be reused.
    memo.insert(key, (c.clone(), p.clone(), prog.clone()));
    (prog, inputs)
}

fn remap(ins: &Instr, map: &[usize], input: impl Fn(usize) -> usize) -> Instr {
    match ins {
        Instr::Input(j) => Instr::Input(input(*j)),
        Instr::Unary(op, a) => Instr::Unary(*op, map[*a]),
        Instr::Binary(op, a, b) => Instr::Binary(*op, map[*a], map[*b]),
        Instr::Where(c, a, b) => Instr::Where(map[*c], map[*a], map[*b]),
        Instr::Cast(a) => Instr::Cast(map[*a]),
        other => other.clone(),
    }
}

/// A program that just passes its single input through.
fn identity(dtype: crate::dtype::DType) -> Program {
    let mut p = Program::default();
    p.push(Instr::Input(0), dtype);
    p
}

impl Pass for FuseBlockwise {
    fn name(&self) -> &'static str {
        "fuse_blockwise"
    }

    fn run(&self, g: &mut TaskGraph) -> bool {
        let outputs: HashSet<NodeIndex> = g.output_tasks().into_iter().collect();
        // Chunks of one array share programs: splice each (consumer, producer, wiring)
        // combination once, so a million-chunk chain costs a million lookups, not splices.
        let mut memo: Memo = Default::default();
        let mut identities: rustc_hash::FxHashMap<crate::dtype::DType, Arc<Program>> =
            Default::default();
        let mut changed = false;
        for p in g.topo() {
            if outputs.contains(&p) || !g.g.contains_node(p) {
                continue;
            }
            let TaskKind::Fused(pprog) = &g.g[p].kind else {
                continue;
            };
            let pprog = pprog.clone();
            let consumers = g.consumers(p);
            if consumers.len() != 1 {
                continue;
            }
            let c = consumers[0];
            let p_inputs = g.g[p].inputs.clone();
            let p_shape = g.g[p].shape.clone();
            let c_inputs = g.g[c].inputs.clone();
            let new_kind = match &g.g[c].kind {
                TaskKind::Fused(cprog) if g.g[c].shape == p_shape => {
                    let (prog, ins) =
                        splice_memo(&mut memo, cprog, &c_inputs, p, &pprog, &p_inputs);
                    Some((TaskKind::Fused(prog), ins))
                }
                TaskKind::ReduceChunk {
                    op,
                    axes,
                    chunk,
                    offset,
                    full_shape,
                    prog,
                } if *chunk == p_shape => {
                    let dt = g.g[p].dtype;
                    let cprog = prog.clone().unwrap_or_else(|| {
                        identities
                            .entry(dt)
                            .or_insert_with(|| Arc::new(identity(dt)))
                            .clone()
                    });
                    let (prog, ins) =
                        splice_memo(&mut memo, &cprog, &c_inputs, p, &pprog, &p_inputs);
                    let kind = TaskKind::ReduceChunk {
                        op: *op,
                        axes: axes.clone(),
                        chunk: chunk.clone(),
                        offset: offset.clone(),
                        full_shape: full_shape.clone(),
                        prog: Some(prog),
                    };
                    Some((kind, ins))
                }
                _ => None,
            };
            if let Some((kind, ins)) = new_kind {
                g.g[c].kind = kind;
                g.set_inputs(c, ins);
                g.g.remove_node(p);
                changed = true;
            }
        }
        changed
    }
}
