//! Share: merge tasks that compute the same thing from the same inputs (identical
//! subexpressions written in different statements).
//!
//! ```text
//! load -> mean (stmt 1)          load -> mean -> out1
//! load -> mean (stmt 2)    =>              \--> out2
//! ```

use super::Pass;
use crate::graph::{TaskGraph, TaskKind};
use petgraph::stable_graph::NodeIndex;
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};

pub struct Share;

impl Pass for Share {
    fn name(&self) -> &'static str {
        "share"
    }

    fn run(&self, g: &mut TaskGraph) -> bool {
        // Keyed by a hash of (key, inputs); equal hashes are confirmed by comparing both, so
        // no per-task key is allocated. Distinct tasks with equal hashes go to `more`.
        let mut seen: FxHashMap<u64, NodeIndex> = FxHashMap::default();
        let mut more: FxHashMap<u64, Vec<NodeIndex>> = FxHashMap::default();
        // Only arrays whose structural key occurs more than once can hold duplicates (a
        // task's key derives from its array's key): most graphs have none, and are done here.
        let mut by_key: FxHashMap<u64, usize> = FxHashMap::default();
        for l in g.layers.values() {
            *by_key.entry(l.key).or_default() += 1;
        }
        let dup: rustc_hash::FxHashSet<usize> = g
            .layers
            .iter()
            .filter(|(_, l)| by_key[&l.key] > 1)
            .map(|(&id, _)| id)
            .collect();
        if dup.is_empty() {
            return false;
        }
        let mut changed = false;
        for n in g.topo() {
            let t = &g.g[n];
            if !dup.contains(&t.layer) {
                continue;
            }
            // Writes are effects, never merged.
            if matches!(
                t.kind,
                TaskKind::Save { .. }
                    | TaskKind::SaveDone(_)
                    | TaskKind::SaveNc { .. }
                    | TaskKind::SaveNcDone(_)
                    | TaskKind::SaveZarr { .. }
                    | TaskKind::SaveZarrDone(_)
            ) {
                continue;
            }
            let mut h = rustc_hash::FxHasher::default();
            t.key.hash(&mut h);
            t.inputs.hash(&mut h);
            let h = h.finish();
            let same = |m: NodeIndex| g.g[m].key == t.key && g.g[m].inputs == t.inputs;
            let first = match seen.get(&h) {
                None => {
                    seen.insert(h, n);
                    continue;
                }
                Some(&m) if same(m) => Some(m),
                Some(_) => more
                    .get(&h)
                    .and_then(|v| v.iter().copied().find(|&m| same(m))),
            };
            match first {
                Some(first) => {
                    g.redirect(n, first);
                    changed = true;
                }
                None => more.entry(h).or_default().push(n),
            }
        }
        changed
    }
}
