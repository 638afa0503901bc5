//! Scheduling: runs a TaskGraph in a given order, freeing every intermediate as soon as its
//! last consumer has run. `sequential` is the reference; `threaded` uses rayon.

pub mod exec;
pub mod progress;
pub mod sequential;
pub mod threaded;

pub use exec::{ExecError, Value};
pub use progress::{CANCEL, PROGRESS};

use crate::graph::TaskGraph;
use crate::kernels::Block;

/// How to run a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduler {
    Sequential,
    Threaded(usize),
}

/// Memory statistics of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunStats {
    pub tasks: usize,
    /// Largest total bytes of blocks held at once.
    pub peak_bytes: usize,
}

/// The blocks of every output grid, in grid order (None where a task gives no block).
pub type OutputBlocks = Vec<Vec<Option<Block>>>;

/// Runs `g` in `order` and returns the blocks of every output grid (save outputs give none).
pub fn run(
    g: &TaskGraph,
    order: &[petgraph::stable_graph::NodeIndex],
    sched: Scheduler,
) -> Result<(OutputBlocks, RunStats), ExecError> {
    PROGRESS.start(order.len());
    match sched {
        Scheduler::Sequential => sequential::run(g, order),
        Scheduler::Threaded(n) => threaded::run(g, order, n),
    }
}
