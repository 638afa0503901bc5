//! Fuse blockwise: a chain of elementwise tasks, and the per-chunk step of a reduction over
//! it, becomes one task whose kernel runs over the chunk in tiles.
//!
//! A transpose feeding such a task becomes a permuted read of its input inside the program.
//!
//! ```text
//! random(i) -> mul(i) -> add(i) -> sum-chunk(i)   =>   [random*2+1 -> sum]-chunk(i)
//! x(j,i) -> transpose(i,j) -> add(i,j)            =>   x(j,i) -> [x(i,j) + x(j,i).T](i,j)
//! ```

use super::Pass;
use crate::graph::{TaskGraph, TaskKind};
use crate::kernels::program::{Instr, Program};
use petgraph::stable_graph::NodeIndex;
use petgraph::Direction;
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

/// `c` spliced onto `p` by appending, without copying `p`: `p`'s inputs keep their slots
/// (they come first), `c`'s instructions are appended and remapped. Linear in `c` only,
/// so a chain of n steps costs O(n), not O(n²).
pub fn splice_append(
    c: &Program,
    c_inputs: &[NodeIndex],
    p_node: NodeIndex,
    mut out: Program,
    p_inputs: &[NodeIndex],
) -> (Program, Vec<NodeIndex>) {
    let mut inputs: Vec<NodeIndex> = p_inputs.to_vec();
    for &i in c_inputs {
        if i != p_node && !inputs.contains(&i) {
            inputs.push(i);
        }
    }
    let p_result = out.instrs.len() - 1;
    let slot = |n: NodeIndex| inputs.iter().position(|&i| i == n).expect("input kept");
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
    if *c_map.last().expect("non-empty") != out.instrs.len() - 1 {
        let last = *c_map.last().expect("non-empty");
        let d = out.dtypes[last];
        out.push(Instr::Cast(last), d);
    }
    (out, inputs)
}

/// Programs at least this long are spliced by appending in place ([`splice_append`]) and
/// not memoised: only long chains reach it, and copying them at every step is quadratic.
const LONG_PROGRAM: usize = 256;

/// Spliced programs of one (consumer, producer) pair, by wiring (which inputs coincide).
type Splices = Vec<(Vec<usize>, Arc<Program>)>;

/// Spliced programs by (consumer program, producer program), then by wiring (which inputs
/// coincide). The key's programs are kept alive with it, so their addresses cannot be reused.
#[derive(Default)]
struct Memo {
    map: rustc_hash::FxHashMap<(usize, usize), Splices>,
    keep: Vec<Arc<Program>>,
    /// Instructions of the spliced programs the memo keeps alive.
    held: usize,
    /// Reused buffers: no allocation per lookup.
    all: Vec<NodeIndex>,
    wiring: Vec<usize>,
}

/// Most spliced instructions [`Memo`] keeps before it starts afresh (tens of MB).
const MEMO_INSTRS: usize = 1 << 20;

/// `splice`, reusing the program when the same two programs were already spliced with the
/// same wiring.
fn splice_memo(
    memo: &mut Memo,
    c: &Arc<Program>,
    c_inputs: &[NodeIndex],
    p_node: NodeIndex,
    p: &Arc<Program>,
    p_inputs: &[NodeIndex],
) -> (Arc<Program>, Vec<NodeIndex>) {
    memo.all.clear();
    memo.all.extend(c_inputs.iter().chain(p_inputs).copied());
    memo.wiring.clear();
    for n in &memo.all {
        memo.wiring.push(if *n == p_node {
            usize::MAX
        } else {
            memo.all.iter().position(|m| m == n).expect("present")
        });
    }
    let key = (Arc::as_ptr(c) as usize, Arc::as_ptr(p) as usize);
    if let Some(prog) = memo
        .map
        .get(&key)
        .and_then(|v| v.iter().find(|(w, _)| *w == memo.wiring))
        .map(|(_, prog)| prog.clone())
    {
        let mut inputs: Vec<NodeIndex> = Vec::with_capacity(c_inputs.len() + p_inputs.len());
        inputs.extend(c_inputs.iter().copied().filter(|&i| i != p_node));
        for &i in p_inputs {
            if !inputs.contains(&i) {
                inputs.push(i);
            }
        }
        return (prog, inputs);
    }
    let (prog, inputs) = splice(c, c_inputs, p_node, p, p_inputs);
    // A long chain (`x = x + 1` on 10,000 lines) splices programs of every length on the
    // way: kept, they would total n²/2 instructions. The memo is only a cache: past a
    // bound, forget it, and memory stays linear in the graph.
    memo.held += prog.instrs.len();
    if memo.held > MEMO_INSTRS {
        memo.map.clear();
        memo.keep.clear();
        memo.held = prog.instrs.len();
    }
    let prog = Arc::new(prog);
    memo.keep.push(c.clone());
    memo.keep.push(p.clone());
    memo.map
        .entry(key)
        .or_default()
        .push((memo.wiring.clone(), prog.clone()));
    (prog, inputs)
}

fn remap(ins: &Instr, map: &[usize], input: impl Fn(usize) -> usize) -> Instr {
    match ins {
        Instr::Input(j) => Instr::Input(input(*j)),
        Instr::InputPermuted(j, perm) => Instr::InputPermuted(input(*j), perm.clone()),
        Instr::Unary(op, a) => Instr::Unary(*op, map[*a]),
        Instr::Binary(op, a, b) => Instr::Binary(*op, map[*a], map[*b]),
        Instr::Where(c, a, b) => Instr::Where(map[*c], map[*a], map[*b]),
        Instr::Cast(a) => Instr::Cast(map[*a]),
        other => other.clone(),
    }
}

/// Whether `prog` (with `inputs`) reads `node` through a permuted view: such a producer
/// cannot be spliced in (its program computes the unpermuted block).
fn reads_permuted(prog: &Program, inputs: &[NodeIndex], node: NodeIndex) -> bool {
    prog.instrs
        .iter()
        .any(|i| matches!(i, Instr::InputPermuted(j, _) if inputs[*j] == node))
}

/// Fuses transpose task `p` into its only consumer `c` (an elementwise program or a
/// reduction's chunk step of the transposed shape): `c` reads `p`'s input permuted.
fn fuse_transpose(
    g: &mut TaskGraph,
    p: NodeIndex,
    c: NodeIndex,
    identity: &mut impl FnMut(crate::dtype::DType) -> Arc<Program>,
) -> bool {
    let (pt, ct) = (&g.g[p], &g.g[c]);
    let TaskKind::Transpose(perm) = &pt.kind else {
        return false;
    };
    let [q] = pt.inputs[..] else {
        return false;
    };
    if let TaskKind::TensorDot { .. } = &ct.kind {
        let perm = perm.clone();
        return fuse_transpose_into_dot(g, p, c, &perm, q);
    }
    let prog = match &ct.kind {
        TaskKind::Fused(prog) if ct.shape == pt.shape => prog.clone(),
        TaskKind::ReduceChunk { chunk, prog, .. } if *chunk == pt.shape => {
            prog.clone().unwrap_or_else(|| identity(pt.dtype))
        }
        _ => return false,
    };
    let mut inputs: Vec<NodeIndex> = ct.inputs.iter().copied().filter(|&i| i != p).collect();
    let slot = match inputs.iter().position(|&i| i == q) {
        Some(k) => k,
        None => {
            inputs.push(q);
            inputs.len() - 1
        }
    };
    let old = &ct.inputs;
    let at = |n: NodeIndex| inputs.iter().position(|&i| i == n).expect("input kept");
    let mut out = Program::default();
    for (ins, &d) in prog.instrs.iter().zip(&prog.dtypes) {
        let ins = match ins {
            Instr::Input(j) if old[*j] == p => Instr::InputPermuted(slot, perm.clone()),
            Instr::Input(j) => Instr::Input(at(old[*j])),
            // A transpose of this transpose: one permutation of `q`.
            Instr::InputPermuted(j, pp) if old[*j] == p => {
                Instr::InputPermuted(slot, pp.iter().map(|&k| perm[k]).collect())
            }
            Instr::InputPermuted(j, pp) => Instr::InputPermuted(at(old[*j]), pp.clone()),
            other => other.clone(),
        };
        out.push(ins, d);
    }
    let out = Arc::new(out);
    match &mut g.g[c].kind {
        TaskKind::Fused(prog) => *prog = out,
        TaskKind::ReduceChunk { prog, .. } => *prog = Some(out),
        _ => unreachable!("matched above"),
    }
    g.set_inputs(c, inputs);
    g.g.remove_node(p);
    true
}

/// Fuses transpose task `p` (of `q` by `perm`) into contraction `c`: `c` contracts `q`'s
/// matching axes instead, when that keeps the free axes in order (`x.T.dot(y)` contracts
/// `x`'s rows: the kernel hands faer the transposed view, no copy).
fn fuse_transpose_into_dot(
    g: &mut TaskGraph,
    p: NodeIndex,
    c: NodeIndex,
    perm: &[usize],
    q: NodeIndex,
) -> bool {
    let ct = &g.g[c];
    let TaskKind::TensorDot { axes_a, axes_b } = &ct.kind else {
        return false;
    };
    if ct.inputs.len() != 2 {
        return false;
    }
    let mut axes = [axes_a.clone(), axes_b.clone()];
    let mut inputs = ct.inputs.clone();
    for side in 0..2 {
        if inputs[side] != p {
            continue;
        }
        let free: Vec<usize> = (0..perm.len())
            .filter(|k| !axes[side].contains(k))
            .map(|k| perm[k])
            .collect();
        if !free.windows(2).all(|w| w[0] < w[1]) {
            return false;
        }
        axes[side] = axes[side].iter().map(|&k| perm[k]).collect();
        inputs[side] = q;
    }
    let [axes_a, axes_b] = axes;
    g.g[c].kind = TaskKind::TensorDot { axes_a, axes_b };
    g.set_inputs(c, inputs);
    g.g.remove_node(p);
    true
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
        let mut outputs = vec![false; g.bound()];
        for t in g.output_tasks() {
            outputs[t.index()] = true;
        }
        // Chunks of one array share programs: splice each (consumer, producer, wiring)
        // combination once, so a million-chunk chain costs a million lookups, not splices.
        let mut memo = Memo::default();
        let mut identities: rustc_hash::FxHashMap<crate::dtype::DType, Arc<Program>> =
            Default::default();
        let mut changed = false;
        for p in g.topo() {
            if outputs[p.index()] || !g.g.contains_node(p) {
                continue;
            }
            if let TaskKind::Transpose(_) = &g.g[p].kind {
                let mut consumers = g.g.neighbors_directed(p, Direction::Outgoing);
                if let (Some(c), None) = (consumers.next(), consumers.next()) {
                    let mut ident = |dt| {
                        identities
                            .entry(dt)
                            .or_insert_with(|| Arc::new(identity(dt)))
                            .clone()
                    };
                    changed |= fuse_transpose(g, p, c, &mut ident);
                }
                continue;
            }
            let TaskKind::Fused(pprog) = &g.g[p].kind else {
                continue;
            };
            let pprog = pprog.clone();
            // A generator read by one contraction and by other steps (`y` of
            // `x.T.dot(y) - y.mean(0)`): the contraction generates its own copy, in panels,
            // rather than the whole block being held until both have read it.
            if g.n_consumers(p) > 1 {
                let mut dots = g.g.neighbors_directed(p, Direction::Outgoing).filter(|&c| {
                    matches!(
                        g.g[c].kind,
                        TaskKind::TensorDot { .. } | TaskKind::DotGen(_)
                    )
                });
                if let (Some(c), None) = (dots.next(), dots.next()) {
                    if let Some(spec) = super::fuse_dot::with_generated(p, &g.g[p], &pprog, &g.g[c])
                    {
                        let inputs: Vec<NodeIndex> =
                            g.g[c].inputs.iter().copied().filter(|&i| i != p).collect();
                        g.g[c].kind = TaskKind::DotGen(Arc::new(spec));
                        g.set_inputs(c, inputs);
                        changed = true;
                    }
                }
            }
            let mut consumers = g.g.neighbors_directed(p, Direction::Outgoing);
            let (Some(c), None) = (consumers.next(), consumers.next()) else {
                continue;
            };
            let (pt, ct) = (&g.g[p], &g.g[c]);
            // A generator read by a contraction only: generated there, in panels.
            if let Some(spec) = super::fuse_dot::with_generated(p, pt, &pprog, ct) {
                let inputs: Vec<NodeIndex> =
                    ct.inputs.iter().copied().filter(|&i| i != p).collect();
                g.g[c].kind = TaskKind::DotGen(Arc::new(spec));
                g.set_inputs(c, inputs);
                g.g.remove_node(p);
                changed = true;
                continue;
            }
            let cprog = match &ct.kind {
                TaskKind::Fused(cp) => Some(cp),
                TaskKind::ReduceChunk { prog, .. } => prog.as_ref(),
                _ => None,
            };
            if cprog.is_some_and(|cp| reads_permuted(cp, &ct.inputs, p)) {
                continue;
            }
            if pprog.instrs.len() >= LONG_PROGRAM {
                if let TaskKind::Fused(cprog) = &ct.kind {
                    if ct.shape == pt.shape {
                        let (cprog, c_inputs) = (cprog.clone(), ct.inputs.clone());
                        let p_inputs = pt.inputs.clone();
                        // The producer goes: its program is then (usually) ours alone.
                        g.g.remove_node(p);
                        let owned = Arc::unwrap_or_clone(pprog);
                        let (prog, ins) = splice_append(&cprog, &c_inputs, p, owned, &p_inputs);
                        g.g[c].kind = TaskKind::Fused(Arc::new(prog));
                        g.set_inputs(c, ins);
                        changed = true;
                        continue;
                    }
                }
            }
            let new = match &ct.kind {
                TaskKind::Fused(cprog) if ct.shape == pt.shape => Some(splice_memo(
                    &mut memo, cprog, &ct.inputs, p, &pprog, &pt.inputs,
                )),
                TaskKind::ReduceChunk { chunk, prog, .. } if *chunk == pt.shape => {
                    let dt = pt.dtype;
                    let cprog = prog.clone().unwrap_or_else(|| {
                        identities
                            .entry(dt)
                            .or_insert_with(|| Arc::new(identity(dt)))
                            .clone()
                    });
                    Some(splice_memo(
                        &mut memo, &cprog, &ct.inputs, p, &pprog, &pt.inputs,
                    ))
                }
                _ => None,
            };
            if let Some((new_prog, ins)) = new {
                match &mut g.g[c].kind {
                    TaskKind::Fused(prog) => *prog = new_prog,
                    TaskKind::ReduceChunk { prog, .. } => *prog = Some(new_prog),
                    _ => unreachable!("matched above"),
                }
                g.set_inputs(c, ins);
                g.g.remove_node(p);
                changed = true;
            }
        }
        changed
    }
}
