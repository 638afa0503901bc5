//! The reference scheduler: one task at a time, in the given order.

use super::exec::{run_task, ExecError, Value};
use super::{OutputBlocks, RunStats};
use crate::graph::TaskGraph;
use petgraph::stable_graph::NodeIndex;
use std::collections::HashMap;

pub fn run(g: &TaskGraph, order: &[NodeIndex]) -> Result<(OutputBlocks, RunStats), ExecError> {
    let keep: std::collections::HashSet<NodeIndex> = g.output_tasks().into_iter().collect();
    let mut remaining: HashMap<NodeIndex, usize> =
        order.iter().map(|&n| (n, g.consumers(n).len())).collect();
    let mut values: HashMap<NodeIndex, Value> = HashMap::new();
    let mut stats = RunStats::default();
    let mut held = 0usize;
    for &n in order {
        if super::CANCEL.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(ExecError {
                message: "interrupted".into(),
                layer: 0,
                span: None,
                computing: false,
            });
        }
        let t = &g.g[n];
        let v = {
            let ins: Vec<&Value> = t
                .inputs
                .iter()
                .map(|i| values.get(i).expect("input computed before its consumer"))
                .collect();
            run_task(t, &ins)?
        };
        held += v.nbytes();
        stats.peak_bytes = stats.peak_bytes.max(held);
        stats.tasks += 1;
        super::PROGRESS.task_done();
        values.insert(n, v);
        let mut distinct = t.inputs.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for i in distinct {
            let r = remaining.get_mut(&i).expect("input counted");
            *r -= 1;
            if *r == 0 && !keep.contains(&i) {
                if let Some(v) = values.remove(&i) {
                    held -= v.nbytes();
                }
            }
        }
    }
    let outs = g
        .outputs
        .iter()
        .map(|o| {
            o.grid
                .tasks
                .iter()
                .map(|t| match values.get(t) {
                    Some(Value::Block(b)) => Some(b.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    Ok((outs, stats))
}
