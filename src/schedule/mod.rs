//! Scheduling: runs a TaskGraph in a given order, freeing every intermediate as soon as its
//! last consumer has run. `sequential` is the reference; `threaded` uses rayon.

pub mod exec;

/// Most worker threads a run may ask for: more only adds stacks and contention (each
/// worker also holds a block in flight), and tens of thousands fail to start.
pub const MAX_THREADS: usize = 256;

/// `threads` capped to [`MAX_THREADS`], with the message to show when it was.
pub fn cap_threads(threads: usize) -> (usize, Option<String>) {
    if threads > MAX_THREADS {
        (
            MAX_THREADS,
            Some(format!(
                "note: {threads} threads capped at {MAX_THREADS} (the most arrlang runs)"
            )),
        )
    } else {
        (threads.max(1), None)
    }
}
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
    /// Worker threads, and the memory limit their gate keeps (see [`threaded`]).
    Threaded(usize, Option<usize>),
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
    let r = match sched {
        Scheduler::Sequential => sequential::run(g, order),
        Scheduler::Threaded(n, limit) => threaded::run(g, order, n, limit),
    }?;
    commit_saves(g)?;
    Ok(r)
}

/// After a successful run, renames every file the run wrote into place: a run's saves
/// (the parts of a `split=` save among them) appear all together or, when it fails, not at
/// all (the writers, dropped with the graph, remove their temporary files).
pub fn commit_saves(g: &TaskGraph) -> Result<(), ExecError> {
    use crate::graph::TaskKind;
    for n in g.g.node_indices() {
        let t = &g.g[n];
        let r = match &t.kind {
            TaskKind::SaveDone(target) => target.commit().map_err(|e| e.to_string()),
            TaskKind::SaveNcDone(target) => target.commit().map_err(|e| e.to_string()),
            TaskKind::SaveZarrDone(target) => target.commit().map_err(|e| e.to_string()),
            _ => Ok(()),
        };
        r.map_err(|message| ExecError {
            message,
            layer: t.layer,
            span: None,
            computing: false,
        })?;
    }
    Ok(())
}
