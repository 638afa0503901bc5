//! Cull: drop tasks that no requested output depends on.
//!
//! ```text
//! load(a) -> add -> out        load(a) -> add -> out
//! load(b) -> mul  (unused)  => (gone)
//! ```

use super::Pass;
use crate::graph::TaskGraph;

pub struct Cull;

impl Pass for Cull {
    fn name(&self) -> &'static str {
        "cull"
    }

    fn run(&self, g: &mut TaskGraph) -> bool {
        let mut live = vec![false; g.bound()];
        let mut stack = g.output_tasks();
        let mut n_live = 0;
        while let Some(n) = stack.pop() {
            if !live[n.index()] {
                live[n.index()] = true;
                n_live += 1;
                stack.extend(g.g[n].inputs.iter().copied());
            }
        }
        let before = g.g.node_count();
        if n_live == before {
            return false;
        }
        g.g.retain_nodes(|_, n| live[n.index()]);
        g.g.node_count() != before
    }
}
