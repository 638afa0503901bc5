//! Ordering: graph::TaskGraph -> a static priority (execution order) that finishes what
//! releases memory before starting new inputs.
//!
//! Depth-first from each output, inputs first; and as soon as a task is placed, every
//! consumer whose inputs are now all placed is placed right after it. So a chunk read once
//! feeds all its sibling consumers (`x.mean(0)` and `x.std(0)`) and is freed, and a tree of
//! partial sums is folded as it grows rather than after every chunk is read.

use crate::graph::TaskGraph;
use petgraph::stable_graph::NodeIndex;
use petgraph::Direction;

pub fn order(g: &TaskGraph) -> Vec<NodeIndex> {
    let bound = g.bound();
    let mut placed = vec![false; bound];
    let mut missing = vec![0usize; bound];
    for n in g.g.node_indices() {
        // Edges are one per (input, consumer) pair: the distinct inputs.
        missing[n.index()] = g.g.neighbors_directed(n, Direction::Incoming).count();
    }
    // Reused buffers: no allocation per task.
    let (mut cs, mut eager): (Vec<NodeIndex>, Vec<NodeIndex>) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(g.len());
    let mut place = |n: NodeIndex,
                     placed: &mut Vec<bool>,
                     missing: &mut Vec<usize>,
                     out: &mut Vec<NodeIndex>| {
        eager.push(n);
        while let Some(m) = eager.pop() {
            if placed[m.index()] {
                continue;
            }
            placed[m.index()] = true;
            out.push(m);
            // Consumers pushed in reverse so the first consumer runs first.
            cs.clear();
            cs.extend(g.g.neighbors_directed(m, Direction::Outgoing));
            for &c in cs.iter().rev() {
                missing[c.index()] -= 1;
                if missing[c.index()] == 0 {
                    eager.push(c);
                }
            }
        }
    };
    // Outputs first; then anything the outputs do not need (only in unculled graphs).
    let roots: Vec<NodeIndex> = g
        .output_tasks()
        .into_iter()
        .chain(g.g.node_indices())
        .collect();
    let mut stack = Vec::new();
    for root in roots {
        if placed[root.index()] {
            continue;
        }
        stack.push(root);
        while let Some(&n) = stack.last() {
            if placed[n.index()] {
                stack.pop();
                continue;
            }
            match g.g[n].inputs.iter().find(|i| !placed[i.index()]) {
                Some(&i) => stack.push(i),
                None => {
                    stack.pop();
                    place(n, &mut placed, &mut missing, &mut out);
                }
            }
        }
    }
    debug_assert_eq!(out.len(), g.len(), "every task is ordered exactly once");
    out
}
