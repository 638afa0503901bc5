//! Recompute cheap: a chunk that is cheap to regenerate or re-read (creation, file loads,
//! fused chains of them) is duplicated for a consumer that can only run after a
//! whole-array step over the same data, instead of being held in memory until then.
//!
//! ```text
//! x(i) -> mean-chunk -> ... -> mean          x(i)  -> mean-chunk -> ... -> mean
//!    \                          |        =>  x'(i) -> sub(i) <-------------'
//!     `-----------------> sub(i)
//! ```
//! Sibling consumers that do not wait on each other (`x.mean(0)` and `x.std(0)`) keep
//! sharing one read.

use super::Pass;
use crate::graph::{TaskGraph, TaskKind};
use petgraph::stable_graph::NodeIndex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub struct RecomputeCheap;

impl Pass for RecomputeCheap {
    fn name(&self) -> &'static str {
        "recompute_cheap"
    }

    fn run(&self, g: &mut TaskGraph) -> bool {
        // Layer-level ancestors: small (one entry per lazy array), so cheap to compute.
        let mut layer_inputs: HashMap<usize, HashSet<usize>> = HashMap::default();
        for n in g.g.node_indices() {
            let l = g.g[n].layer;
            if g.g[n].inputs.is_empty() {
                continue;
            }
            let e = layer_inputs.entry(l).or_default();
            for i in &g.g[n].inputs {
                let il = g.g[*i].layer;
                if il != l {
                    e.insert(il);
                }
            }
        }
        // Layers that gather many chunks into one (reductions, contractions): a consumer
        // behind one of them can only run after every chunk was seen.
        let barriers: HashSet<usize> =
            g.g.node_indices()
                .filter(|&n| {
                    matches!(
                        g.g[n].kind,
                        TaskKind::Combine(_) | TaskKind::Finalize { .. } | TaskKind::SumBlocks
                    )
                })
                .map(|n| g.g[n].layer)
                .collect();
        let mut ancestors: HashMap<usize, HashSet<usize>> = HashMap::default();
        fn anc(
            l: usize,
            li: &HashMap<usize, HashSet<usize>>,
            memo: &mut HashMap<usize, HashSet<usize>>,
            depth: usize,
        ) -> HashSet<usize> {
            if let Some(a) = memo.get(&l) {
                return a.clone();
            }
            let mut out = HashSet::default();
            if depth < 10_000 {
                for &i in li.get(&l).into_iter().flatten() {
                    out.insert(i);
                    out.extend(anc(i, li, memo, depth + 1));
                }
            }
            memo.insert(l, out.clone());
            out
        }
        let candidates: Vec<NodeIndex> = g
            .g
            .node_indices()
            .filter(|&n| g.g[n].kind.is_cheap_source(g.g[n].inputs.len()) && g.n_consumers(n) > 1)
            .collect();
        let outputs: HashSet<NodeIndex> = g.output_tasks().into_iter().collect();
        let mut changed = false;
        for s in candidates {
            if outputs.contains(&s) {
                continue;
            }
            let consumers = g.consumers(s);
            let layers: Vec<usize> = consumers.iter().map(|&c| g.g[c].layer).collect();
            for (i, &c) in consumers.iter().enumerate() {
                // Consumer i waits for consumer j when a barrier ahead of i depends on j.
                let a = anc(layers[i], &layer_inputs, &mut ancestors, 0);
                let waits = layers.iter().enumerate().any(|(j, &lj)| {
                    j != i
                        && lj != layers[i]
                        && a.iter().any(|&b| {
                            barriers.contains(&b)
                                && (b == lj
                                    || anc(b, &layer_inputs, &mut ancestors, 0).contains(&lj))
                        })
                });
                if waits {
                    let copy = g.g[s].clone();
                    let new = g.add(copy);
                    let ins: Vec<NodeIndex> = g.g[c]
                        .inputs
                        .iter()
                        .map(|&x| if x == s { new } else { x })
                        .collect();
                    g.set_inputs(c, ins);
                    changed = true;
                }
            }
        }
        changed
    }
}
