//! The threaded scheduler: `n` rayon workers take ready tasks lowest-priority-first (the
//! static order), so the memory-aware order is kept while both cores stay busy.
//!
//! Tiny tasks (a million-chunk reduction) would spend more time on the shared lock than on
//! their kernels, so a worker takes a batch of ready tasks at once when tasks are quick: as
//! many as run in about `BATCH_TARGET`, judged by a running average of task times. Heavy
//! tasks are still taken one at a time, so no worker holds more big blocks than it needs.

use super::exec::{run_task, ExecError, Value};
use super::{OutputBlocks, RunStats};
use super::{CANCEL, PROGRESS};
use crate::graph::{Task, TaskGraph};
use petgraph::stable_graph::NodeIndex;
use petgraph::Direction;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A batch is sized to take about this long.
const BATCH_TARGET: Duration = Duration::from_micros(50);
const MAX_BATCH: usize = 64;

struct State {
    ready: BinaryHeap<Reverse<(u32, u32)>>,
    /// Inputs still missing, per task (by node index).
    missing: Vec<u32>,
    /// Consumers still to run, per task.
    remaining: Vec<u32>,
    values: Vec<Option<Arc<Value>>>,
    done: usize,
    /// Workers asleep on the condition variable.
    waiting: usize,
    held: usize,
    /// Running average of seconds per task.
    task_secs: f64,
    stats: RunStats,
    error: Option<ExecError>,
}

/// A flat table of lists, one per task: `items[start[i]..start[i + 1]]`.
struct Lists {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    fn of(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Distinct consumers of every task (petgraph keeps one edge per pair).
fn consumer_lists(g: &TaskGraph, bound: usize) -> Lists {
    let mut start = Vec::with_capacity(bound + 1);
    let mut items = Vec::with_capacity(g.g.edge_count());
    for i in 0..bound {
        start.push(items.len() as u32);
        let n = NodeIndex::new(i);
        if g.g.contains_node(n) {
            items.extend(
                g.g.neighbors_directed(n, Direction::Outgoing)
                    .map(|c| c.index() as u32),
            );
        }
    }
    start.push(items.len() as u32);
    Lists { start, items }
}

/// Calls `f` once for each distinct input of `t`.
fn distinct_inputs(t: &Task, mut f: impl FnMut(usize)) {
    if t.inputs.len() <= 16 {
        for (k, i) in t.inputs.iter().enumerate() {
            if !t.inputs[..k].contains(i) {
                f(i.index());
            }
        }
    } else {
        let mut d = t.inputs.clone();
        d.sort_unstable();
        d.dedup();
        d.iter().for_each(|i| f(i.index()));
    }
}

fn interrupted() -> ExecError {
    ExecError {
        message: "interrupted".into(),
        layer: 0,
        span: None,
        computing: false,
    }
}

/// Runs one task, turning a panicking kernel into an error: it must not leave the other
/// workers waiting forever.
fn guarded_run(t: &Task, ins: &[Arc<Value>]) -> Result<Value, ExecError> {
    let refs: Vec<&Value> = ins.iter().map(|v| v.as_ref()).collect();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_task(t, &refs))).unwrap_or_else(
        |p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(ExecError {
                message: format!("internal error in `{}`: {msg}", t.kind.name()),
                layer: t.layer,
                span: None,
                computing: false,
            })
        },
    )
}

pub fn run(
    g: &TaskGraph,
    order: &[NodeIndex],
    threads: usize,
) -> Result<(OutputBlocks, RunStats), ExecError> {
    let bound = g.bound();
    let mut prio = vec![u32::MAX; bound];
    for (p, n) in order.iter().enumerate() {
        prio[n.index()] = p as u32;
    }
    let mut keep = vec![false; bound];
    for t in g.output_tasks() {
        keep[t.index()] = true;
    }
    let consumers = consumer_lists(g, bound);
    let mut st = State {
        ready: BinaryHeap::new(),
        missing: vec![0; bound],
        remaining: vec![0; bound],
        values: vec![None; bound],
        done: 0,
        waiting: 0,
        held: 0,
        task_secs: 0.0,
        stats: RunStats::default(),
        error: None,
    };
    let mut ready = Vec::new();
    for &n in order {
        let i = n.index();
        let mut missing = 0;
        distinct_inputs(&g.g[n], |_| missing += 1);
        st.missing[i] = missing;
        st.remaining[i] = consumers.of(i).len() as u32;
        if missing == 0 {
            ready.push(Reverse((prio[i], i as u32)));
        }
    }
    st.ready = BinaryHeap::from(ready);
    let total = order.len();
    let threads = threads.max(1);
    let shared = (Mutex::new(st), Condvar::new());
    let worker = || {
        let (lock, cv) = &shared;
        // Tasks taken (with their inputs) and their results, reused from batch to batch.
        let mut batch: Vec<(usize, Vec<Arc<Value>>)> = Vec::new();
        let mut results: Vec<(usize, Result<Value, ExecError>)> = Vec::new();
        let mut spent = 0.0;
        let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            // Record the last batch.
            if !results.is_empty() {
                let n = results.len();
                st.task_secs = if st.task_secs == 0.0 {
                    spent / n as f64
                } else {
                    0.8 * st.task_secs + 0.2 * spent / n as f64
                };
            }
            let mut woke = 0;
            for (idx, result) in results.drain(..) {
                let v = match result {
                    Ok(v) => v,
                    Err(e) => {
                        st.error.get_or_insert(e);
                        continue;
                    }
                };
                st.held += v.nbytes();
                st.stats.peak_bytes = st.stats.peak_bytes.max(st.held);
                st.stats.tasks += 1;
                st.values[idx] = Some(Arc::new(v));
                st.done += 1;
                PROGRESS.task_done();
                for &c in consumers.of(idx) {
                    let c = c as usize;
                    st.missing[c] -= 1;
                    if st.missing[c] == 0 {
                        let p = prio[c];
                        st.ready.push(Reverse((p, c as u32)));
                        woke += 1;
                    }
                }
                let st = &mut *st;
                distinct_inputs(&g.g[NodeIndex::new(idx)], |i| {
                    st.remaining[i] -= 1;
                    if st.remaining[i] == 0 && !keep[i] {
                        if let Some(v) = st.values[i].take() {
                            st.held -= v.nbytes();
                        }
                    }
                });
            }
            if st.error.is_some() || st.done == total {
                cv.notify_all();
                return;
            }
            if CANCEL.load(Ordering::Relaxed) {
                st.error = Some(interrupted());
                cv.notify_all();
                return;
            }
            if woke > 0 && st.waiting > 0 {
                if woke > 1 {
                    cv.notify_all();
                } else {
                    cv.notify_one();
                }
            }
            if st.ready.is_empty() {
                st.waiting += 1;
                st = cv.wait(st).unwrap_or_else(|e| e.into_inner());
                st.waiting -= 1;
                continue;
            }
            // Quick tasks: take a batch, but leave the other workers their share.
            let mut want = 1;
            if st.task_secs > 0.0 {
                let fit = (BATCH_TARGET.as_secs_f64() / st.task_secs) as usize;
                want = fit.min(MAX_BATCH).min(st.ready.len() / threads).max(1);
            }
            while batch.len() < want {
                let Some(Reverse((_, idx))) = st.ready.pop() else {
                    break;
                };
                let idx = idx as usize;
                let ins: Vec<Arc<Value>> = g.g[NodeIndex::new(idx)]
                    .inputs
                    .iter()
                    .map(|i| st.values[i.index()].clone().expect("input ready"))
                    .collect();
                batch.push((idx, ins));
            }
            if !st.ready.is_empty() && st.waiting > 0 {
                cv.notify_one();
            }
            drop(st);
            let t0 = Instant::now();
            for (idx, ins) in batch.drain(..) {
                let r = guarded_run(&g.g[NodeIndex::new(idx)], &ins);
                drop(ins);
                let failed = r.is_err();
                results.push((idx, r));
                if failed {
                    break;
                }
            }
            spent = t0.elapsed().as_secs_f64();
            batch.clear();
            st = lock.lock().unwrap_or_else(|e| e.into_inner());
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
                computing: false,
            });
            cv.notify_all();
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| ExecError {
            message: e.to_string(),
            layer: 0,
            span: None,
            computing: false,
        })?;
    pool.scope(|s| {
        for _ in 0..threads {
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
