//! The threaded scheduler: `n` rayon workers take ready tasks lowest-priority-first (the
//! static order), so the memory-aware order is kept while both cores stay busy.

use super::exec::{run_task, ExecError, Value};
use super::{OutputBlocks, RunStats};
use super::{CANCEL, PROGRESS};
use crate::graph::TaskGraph;
use petgraph::stable_graph::NodeIndex;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};

struct State {
    ready: BinaryHeap<Reverse<(usize, usize)>>,
    /// Inputs still missing, per task (by node index).
    missing: Vec<usize>,
    /// Consumers still to run, per task.
    remaining: Vec<usize>,
    values: Vec<Option<Arc<Value>>>,
    done: usize,
    running: usize,
    held: usize,
    stats: RunStats,
    error: Option<ExecError>,
}

pub fn run(
    g: &TaskGraph,
    order: &[NodeIndex],
    threads: usize,
) -> Result<(OutputBlocks, RunStats), ExecError> {
    let bound = g.bound();
    let mut prio = vec![usize::MAX; bound];
    for (p, n) in order.iter().enumerate() {
        prio[n.index()] = p;
    }
    let mut keep = vec![false; bound];
    for t in g.output_tasks() {
        keep[t.index()] = true;
    }
    let mut st = State {
        ready: BinaryHeap::new(),
        missing: vec![0; bound],
        remaining: vec![0; bound],
        values: vec![None; bound],
        done: 0,
        running: 0,
        held: 0,
        stats: RunStats::default(),
        error: None,
    };
    // Distinct consumers per task: `consumers` of the petgraph edges, which are unique.
    let consumers: Vec<Vec<NodeIndex>> = (0..bound)
        .map(|i| {
            let n = NodeIndex::new(i);
            if g.g.contains_node(n) {
                g.consumers(n)
            } else {
                Vec::new()
            }
        })
        .collect();
    for &n in order {
        let mut ins = g.g[n].inputs.clone();
        ins.sort_unstable();
        ins.dedup();
        st.missing[n.index()] = ins.len();
        st.remaining[n.index()] = consumers[n.index()].len();
        if ins.is_empty() {
            st.ready.push(Reverse((prio[n.index()], n.index())));
        }
    }
    let total = order.len();
    let shared = (Mutex::new(st), Condvar::new());
    let worker = || {
        let (lock, cv) = &shared;
        let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if st.error.is_some() || st.done == total {
                cv.notify_all();
                return;
            }
            if CANCEL.load(Ordering::Relaxed) {
                st.error = Some(ExecError {
                    message: "interrupted".into(),
                    layer: 0,
                    span: None,
                });
                cv.notify_all();
                return;
            }
            let Some(Reverse((_, idx))) = st.ready.pop() else {
                st = cv.wait(st).unwrap_or_else(|e| e.into_inner());
                continue;
            };
            let n = NodeIndex::new(idx);
            let t = &g.g[n];
            let ins: Vec<Arc<Value>> = t
                .inputs
                .iter()
                .map(|i| st.values[i.index()].clone().expect("input ready"))
                .collect();
            st.running += 1;
            drop(st);
            let refs: Vec<&Value> = ins.iter().map(|v| v.as_ref()).collect();
            // A panicking kernel must not leave the other workers waiting forever.
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_task(t, &refs)))
                    .unwrap_or_else(|p| {
                        let msg = p
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        Err(ExecError {
                            message: format!("internal error in `{}`: {msg}", t.kind.name()),
                            layer: t.layer,
                            span: None,
                        })
                    });
            drop(refs);
            drop(ins);
            st = lock.lock().unwrap_or_else(|e| e.into_inner());
            st.running -= 1;
            let v = match result {
                Ok(v) => v,
                Err(e) => {
                    st.error.get_or_insert(e);
                    cv.notify_all();
                    return;
                }
            };
            st.held += v.nbytes();
            st.stats.peak_bytes = st.stats.peak_bytes.max(st.held);
            st.stats.tasks += 1;
            st.values[idx] = Some(Arc::new(v));
            st.done += 1;
            PROGRESS.task_done();
            let mut woke = 0;
            for &c in &consumers[idx] {
                st.missing[c.index()] -= 1;
                if st.missing[c.index()] == 0 {
                    st.ready.push(Reverse((prio[c.index()], c.index())));
                    woke += 1;
                }
            }
            let mut distinct = t.inputs.clone();
            distinct.sort_unstable();
            distinct.dedup();
            for i in distinct {
                st.remaining[i.index()] -= 1;
                if st.remaining[i.index()] == 0 && !keep[i.index()] {
                    if let Some(v) = st.values[i.index()].take() {
                        st.held -= v.nbytes();
                    }
                }
            }
            if woke > 1 || st.done == total {
                cv.notify_all();
            } else if woke == 1 {
                cv.notify_one();
            }
        }
    };
    // A bug that panics in a worker must end the run with an error, not leave the others
    // waiting for work that never comes.
    let guarded = || {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(worker)).is_err() {
            let (lock, cv) = &shared;
            let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
            st.error.get_or_insert(ExecError {
                message: "internal error in the scheduler".into(),
                layer: 0,
                span: None,
            });
            cv.notify_all();
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| ExecError {
            message: e.to_string(),
            layer: 0,
            span: None,
        })?;
    pool.scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|_| guarded());
        }
    });
    let st = shared.0.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = st.error {
        return Err(e);
    }
    let outs = g
        .outputs
        .iter()
        .map(|o| {
            o.grid
                .tasks
                .iter()
                .map(|t| match st.values[t.index()].as_deref() {
                    Some(Value::Block(b)) => Some(b.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    Ok((outs, st.stats))
}
