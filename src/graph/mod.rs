//! The task graph: one petgraph node per chunk-task, edges from inputs to consumers.

pub mod dot;
pub mod task;

pub use task::{SaveTarget, Task, TaskKind};

use crate::expr::node::Meta;
use crate::source::Span;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::Direction;
use std::collections::HashMap;

/// The blocks of one lazy array in the graph, in row-major block order.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub numblocks: Vec<usize>,
    pub tasks: Vec<NodeIndex>,
}

/// What a requested output is: an array value to show, or the completion of a save.
#[derive(Debug, Clone)]
pub struct Output {
    pub grid: Grid,
    pub meta: Meta,
}

/// Facts about the array ("layer") a task belongs to: for DOT clusters and error messages.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub span: Span,
    /// The array's structural key: layers with equal keys compute the same thing.
    pub key: u64,
}

/// Chunk-level tasks with their dependencies, plus the outputs the caller asked for.
#[derive(Debug, Default)]
pub struct TaskGraph {
    pub g: StableDiGraph<Task, ()>,
    pub outputs: Vec<Output>,
    pub layers: HashMap<usize, Layer>,
}

impl TaskGraph {
    /// Adds a task and the edges from its inputs.
    pub fn add(&mut self, task: Task) -> NodeIndex {
        let n = self.g.add_node(task);
        // A new task has no edges yet: one per distinct input, without searching for one.
        let ins = &self.g[n].inputs;
        if ins.len() > 32 {
            let mut d = ins.clone();
            d.sort_unstable();
            d.dedup();
            for i in d {
                self.g.add_edge(i, n, ());
            }
            return n;
        }
        for k in 0..self.g[n].inputs.len() {
            let i = self.g[n].inputs[k];
            if !self.g[n].inputs[..k].contains(&i) {
                self.g.add_edge(i, n, ());
            }
        }
        n
    }

    /// One more than the largest task index: the size of per-task tables.
    pub fn bound(&self) -> usize {
        petgraph::visit::NodeIndexable::node_bound(&self.g)
    }

    pub fn len(&self) -> usize {
        self.g.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.g.node_count() == 0
    }

    /// Every task an output grid names.
    pub fn output_tasks(&self) -> Vec<NodeIndex> {
        self.outputs
            .iter()
            .flat_map(|o| o.grid.tasks.iter().copied())
            .collect()
    }

    /// Distinct consumers of `n`.
    pub fn consumers(&self, n: NodeIndex) -> Vec<NodeIndex> {
        self.g.neighbors_directed(n, Direction::Outgoing).collect()
    }

    /// Replaces `old` by `new` in every consumer's inputs and in the outputs, then removes
    /// `old`.
    pub fn redirect(&mut self, old: NodeIndex, new: NodeIndex) {
        for c in self.consumers(old) {
            for i in self.g[c].inputs.iter_mut() {
                if *i == old {
                    *i = new;
                }
            }
            self.g.update_edge(new, c, ());
        }
        for o in &mut self.outputs {
            for t in o.grid.tasks.iter_mut() {
                if *t == old {
                    *t = new;
                }
            }
        }
        self.g.remove_node(old);
    }

    /// Sets `n`'s inputs, keeping the edges in step.
    pub fn set_inputs(&mut self, n: NodeIndex, inputs: Vec<NodeIndex>) {
        let old: Vec<_> = self.g.neighbors_directed(n, Direction::Incoming).collect();
        for p in old {
            if let Some(e) = self.g.find_edge(p, n) {
                self.g.remove_edge(e);
            }
        }
        for &i in &inputs {
            self.g.update_edge(i, n, ());
        }
        self.g[n].inputs = inputs;
    }

    /// Number of distinct consumers of `n`, without collecting them.
    pub fn n_consumers(&self, n: NodeIndex) -> usize {
        self.g.neighbors_directed(n, Direction::Outgoing).count()
    }

    /// Tasks in an order where inputs come first: index order when that already is one
    /// (lowering adds inputs before their consumers), else Kahn's algorithm, smallest index
    /// first.
    pub fn topo(&self) -> Vec<NodeIndex> {
        let sorted = self
            .g
            .node_indices()
            .all(|n| self.g[n].inputs.iter().all(|i| *i < n));
        if sorted {
            return self.g.node_indices().collect();
        }
        let mut missing = vec![0usize; self.bound()];
        for n in self.g.node_indices() {
            missing[n.index()] = self.g.neighbors_directed(n, Direction::Incoming).count();
        }
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<NodeIndex>> = self
            .g
            .node_indices()
            .filter(|n| missing[n.index()] == 0)
            .map(std::cmp::Reverse)
            .collect();
        let mut out = Vec::with_capacity(self.len());
        while let Some(std::cmp::Reverse(n)) = ready.pop() {
            out.push(n);
            for c in self.g.neighbors_directed(n, Direction::Outgoing) {
                missing[c.index()] -= 1;
                if missing[c.index()] == 0 {
                    ready.push(std::cmp::Reverse(c));
                }
            }
        }
        if out.len() != self.len() {
            // A cycle cannot come out of lowering; keep every task anyway.
            return self.g.node_indices().collect();
        }
        out
    }
}
