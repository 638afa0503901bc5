//! DOT of the graph a cluster run sends: one node per group (one Dask task), labelled with
//! its size and the kinds of task in it, plus the saves the client runs.

use super::plan::{self, LOCAL};
use crate::graph::TaskGraph;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The groups `g` is cut into for `threads` worker threads, as DOT.
pub fn groups_dot(g: &TaskGraph, threads: usize) -> String {
    let order = crate::order::order(g);
    let cap = plan::cap_for(g, threads);
    let part = plan::partition(g, &order, cap);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "digraph cluster_plan {{\n  // {} tasks in {} Dask tasks (group cap {cap}) for {threads} worker threads",
        g.len(),
        part.groups.len()
    );
    s.push_str("  node [shape=box, fontname=\"monospace\"];\n");
    for (k, gr) in part.groups.iter().enumerate() {
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for &t in &gr.tasks {
            *kinds.entry(g.g[t].kind.name()).or_default() += 1;
        }
        let what: Vec<String> = kinds.iter().map(|(n, c)| format!("{c}× {n}")).collect();
        let _ = writeln!(
            s,
            "  g{k} [label=\"group {k}: {} tasks, {} sent ({} cropped)\\n{}\"];",
            gr.tasks.len(),
            gr.exports.len(),
            gr.crops.iter().filter(|c| c.is_some()).count(),
            what.join("\\n").replace('"', "'")
        );
        for d in &gr.deps {
            let _ = writeln!(s, "  g{d} -> g{k};");
        }
    }
    for n in g.g.node_indices() {
        if part.group_of[n.index()] != LOCAL {
            continue;
        }
        let _ = writeln!(
            s,
            "  t{} [label=\"{} (client)\", style=dashed];",
            n.index(),
            g.g[n].kind.name()
        );
        for &i in &g.g[n].inputs {
            match part.group_of[i.index()] {
                LOCAL => writeln!(s, "  t{} -> t{};", i.index(), n.index()),
                k => writeln!(s, "  g{k} -> t{};", n.index()),
            }
            .expect("writing to a String");
        }
    }
    s.push_str("}\n");
    s
}
