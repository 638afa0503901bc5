//! Optimizer: graph::TaskGraph -> graph::TaskGraph, one pass per file, in one list.

mod cull;
mod fuse_blockwise;
mod fuse_dot;
mod inline_slices;
mod recompute_cheap;
mod share;

pub use cull::Cull;
pub use fuse_blockwise::FuseBlockwise;
pub use inline_slices::InlineSlices;
pub use recompute_cheap::RecomputeCheap;
pub use share::Share;

use crate::graph::TaskGraph;

/// One rewrite of the task graph. Returns whether anything changed.
pub trait Pass {
    fn name(&self) -> &'static str;
    fn run(&self, g: &mut TaskGraph) -> bool;
}

/// The passes `optimize` runs, in order.
pub fn default_passes() -> Vec<Box<dyn Pass>> {
    vec![
        // Merge identical work from different statements first: later passes see true fan-out.
        Box::new(Share),
        // Cull before fusing: a dead consumer makes a chain look branched.
        // Before culling: whole-chunk reads that only feed slices become unused.
        Box::new(InlineSlices),
        Box::new(Cull),
        Box::new(FuseBlockwise),
        // After fusion, a cheap source is a whole fused chunk generator worth re-running.
        Box::new(RecomputeCheap),
        // The copies made above each have one consumer now: fuse them in.
        Box::new(FuseBlockwise),
    ]
}

/// Runs the default passes; in debug builds checks the outputs' shapes are unchanged.
pub fn optimize(g: &mut TaskGraph) {
    for p in default_passes() {
        #[cfg(debug_assertions)]
        let before: Vec<Vec<Vec<usize>>> = g
            .outputs
            .iter()
            .map(|o| o.grid.tasks.iter().map(|&t| g.g[t].shape.clone()).collect())
            .collect();
        let t = std::time::Instant::now();
        p.run(g);
        if std::env::var_os("ARRLANG_PASS_TIMES").is_some() {
            eprintln!(
                "pass {}: {:.3} s, {} tasks",
                p.name(),
                t.elapsed().as_secs_f64(),
                g.len()
            );
        }
        #[cfg(debug_assertions)]
        {
            let after: Vec<Vec<Vec<usize>>> = g
                .outputs
                .iter()
                .map(|o| o.grid.tasks.iter().map(|&t| g.g[t].shape.clone()).collect())
                .collect();
            debug_assert_eq!(before, after, "pass {} changed output shapes", p.name());
        }
    }
}
