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

pub struct Share;

impl Pass for Share {
    fn name(&self) -> &'static str {
        "share"
    }

    fn run(&self, g: &mut TaskGraph) -> bool {
        let mut seen: FxHashMap<(u64, Vec<NodeIndex>), NodeIndex> = FxHashMap::default();
        let mut changed = false;
        for n in g.topo() {
            let t = &g.g[n];
            // Writes are effects, never merged.
            if matches!(
                t.kind,
                TaskKind::Save { .. }
                    | TaskKind::SaveDone(_)
                    | TaskKind::SaveNc { .. }
                    | TaskKind::SaveNcDone(_)
            ) {
                continue;
            }
            let k = (t.key, t.inputs.clone());
            match seen.get(&k) {
                Some(&first) => {
                    g.redirect(n, first);
                    changed = true;
                }
                None => {
                    seen.insert(k, n);
                }
            }
        }
        changed
    }
}
