//! The client side: start the Python driver (`python3 -m arrlang.cluster`), hand it the
//! plan, receive the groups' results as they finish, run the local tasks (finishing saves,
//! netCDF-4 writes) on them, and put the outputs together.
//!
//! The driver talks on its stdout in frames: a JSON line, then for `result` frames `len`
//! bytes of values (`wire`). Frames: `{"hello": {"threads", "workers"}}`,
//! `{"result": group, "len": n}`, `{"finished": group}` (a group the scheduler reports done
//! whose values stay on the cluster: the progress bar counts its tasks), `{"error": {"task"?,
//! "message", "computing"?}}`, `{"done": true}`. The client writes one
//! JSON line to its stdin: `{"plan", "prefix", "groups": [{"deps", "tasks"}], "wanted"}`.

use super::driver::Driver;
use super::plan::{self, Partition, LOCAL};
use super::wire;
use super::worker::PlanSpec;
use crate::graph::TaskGraph;
use crate::schedule::exec::run_task;
use crate::schedule::{ExecError, OutputBlocks, RunStats, Value, CANCEL, PROGRESS};
use petgraph::stable_graph::NodeIndex;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

/// The scheduler address that runs the distributed plan in this process (tests, debugging).
pub const IN_PROCESS: &str = "inprocess";

/// Where and how to reach the cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The Dask scheduler's address, `tcp://HOST:PORT`.
    pub scheduler: String,
    /// The Python that runs the driver (`ARRLANG_PYTHON`, default `python3`).
    pub python: String,
    /// Keep the driver running between computations, for this many idle seconds
    /// (`ARRLANG_KEEP_DRIVER`; [`super::driver`]).
    pub keep: Option<u64>,
}

impl Cluster {
    pub fn new(scheduler: &str) -> Cluster {
        Cluster {
            scheduler: scheduler.to_string(),
            python: std::env::var("ARRLANG_PYTHON").unwrap_or_else(|_| "python3".into()),
            keep: super::driver::keep_from_env(),
        }
    }
}

/// Checks that a scheduler address can be reached: `tcp://HOST:PORT` (or `HOST:PORT`) must
/// accept a connection within two seconds; other schemes (`tls://`, `inprocess`) are taken
/// as they are and fail, if they do, at the first computation.
pub fn check_reachable(addr: &str) -> Result<(), String> {
    use std::net::{TcpStream, ToSocketAddrs};
    if addr == IN_PROCESS {
        return Ok(());
    }
    let hostport = match addr.split_once("://") {
        Some(("tcp", rest)) => rest,
        Some(_) => return Ok(()),
        None => addr,
    };
    let hostport = hostport.trim_end_matches('/');
    let bad = |why: String| format!("cannot reach the Dask scheduler at `{addr}`: {why}");
    let addrs: Vec<_> = hostport
        .to_socket_addrs()
        .map_err(|e| bad(format!("{e} (expected `tcp://HOST:PORT`)")))?
        .collect();
    let mut last = String::from("no address");
    for a in addrs {
        match TcpStream::connect_timeout(&a, Duration::from_secs(2)) {
            Ok(_) => return Ok(()),
            Err(e) => last = e.to_string(),
        }
    }
    Err(bad(last))
}

enum Frame {
    Json(serde_json::Value),
    Bytes(usize, Vec<u8>),
    /// The driver's stdout closed (it exited).
    Closed,
}

pub(super) fn fail(message: impl Into<String>) -> ExecError {
    ExecError {
        message: message.into(),
        layer: usize::MAX,
        span: None,
        computing: true,
    }
}

/// What the driver needs besides the plan: each group's dependencies and size, and which
/// groups' results come back to the client.
pub fn driver_request(spec: &PlanSpec, g: &TaskGraph, part: &Partition) -> serde_json::Value {
    let wanted = wanted_groups(g, part);
    serde_json::json!({
        "plan": spec.to_json(),
        "prefix": format!("arrlang-{:016x}-{:x}", spec.fingerprint, spec.cap),
        "groups": part.groups.iter().map(|gr| serde_json::json!({
            "deps": gr.deps,
            "tasks": gr.tasks.len(),
        })).collect::<Vec<_>>(),
        "wanted": wanted,
    })
}

/// Groups with a message for the client: outputs and inputs of local tasks.
pub fn wanted_groups(g: &TaskGraph, part: &Partition) -> Vec<usize> {
    let mut want = vec![false; part.groups.len()];
    let mut mark = |t: NodeIndex| {
        let gi = part.group_of[t.index()];
        if gi != LOCAL {
            want[gi as usize] = true;
        }
    };
    for t in g.output_tasks() {
        mark(t);
    }
    for n in g.g.node_indices() {
        if part.group_of[n.index()] == LOCAL {
            g.g[n].inputs.iter().for_each(|&i| mark(i));
        }
    }
    (0..want.len()).filter(|&k| want[k]).collect()
}

/// Runs `g` on the cluster; the same results as `schedule::run`.
pub fn run(
    c: &Cluster,
    history: &super::History,
    opts: &crate::session::Options,
    g: &TaskGraph,
    order: &[NodeIndex],
) -> Result<(OutputBlocks, RunStats), ExecError> {
    if c.scheduler == IN_PROCESS {
        return run_in_process(history, opts, g, order, opts.threads);
    }
    PROGRESS.start(order.len());
    let mut driver = Driver::start(c)?;
    let result = drive(&mut driver, c, history, opts, g, order);
    driver.finish(result.is_err());
    result
}

fn drive(
    driver: &mut Driver,
    c: &Cluster,
    history: &super::History,
    opts: &crate::session::Options,
    g: &TaskGraph,
    order: &[NodeIndex],
) -> Result<(OutputBlocks, RunStats), ExecError> {
    let stdout = driver.frames()?;
    let (tx, rx) = mpsc::channel::<Frame>();
    std::thread::spawn(move || read_frames(stdout, tx));
    let recv = |rx: &mpsc::Receiver<Frame>| -> Result<Frame, ExecError> {
        loop {
            if CANCEL.load(Ordering::Relaxed) {
                return Err(fail("interrupted"));
            }
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(f) => return Ok(f),
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Frame::Closed),
            }
        }
    };
    let threads = match recv(&rx)? {
        Frame::Json(v) if v.get("hello").is_some() => {
            v["hello"]["threads"].as_u64().unwrap_or(1) as usize
        }
        Frame::Json(v) if v.get("error").is_some() => return Err(driver_error(&v, g)),
        _ => {
            return Err(fail(format!(
            "cannot reach the Dask scheduler at `{}` (the driver stopped: see its messages above)",
            c.scheduler
        )))
        }
    };
    let (mut spec, part) = plan_for(history, opts, g, order, threads);
    spec.saves = super::saves::create_on_client(g)?;
    let request = driver_request(&spec, g, &part);
    driver.send(&request.to_string())?;
    let mut counted = vec![false; part.groups.len()];
    collect(g, &part, order, || loop {
        match recv(&rx)? {
            Frame::Bytes(group, bytes) => {
                count_done(&part, &mut counted, group);
                return Ok((group, bytes));
            }
            Frame::Json(v) if v.get("error").is_some() => return Err(driver_error(&v, g)),
            Frame::Json(v) => {
                if let Some(k) = v["finished"].as_u64() {
                    count_done(&part, &mut counted, k as usize);
                }
            }
            Frame::Closed => {
                return Err(fail(
                    "the cluster driver stopped before the results came (see its messages above)",
                ))
            }
        }
    })
}

/// Adds group `k`'s tasks to the progress counter, once per group (a group recomputed after
/// a lost worker is reported again).
fn count_done(part: &Partition, counted: &mut [bool], k: usize) {
    if let Some(c) = counted.get_mut(k).filter(|c| !**c) {
        *c = true;
        PROGRESS
            .done
            .fetch_add(part.groups[k].tasks.len(), Ordering::Relaxed);
    }
}

/// Receives the wanted groups' results from `next` (in any order), runs the local tasks on
/// them as their inputs arrive, and returns the outputs.
fn collect(
    g: &TaskGraph,
    part: &Partition,
    order: &[NodeIndex],
    mut next: impl FnMut() -> Result<(usize, Vec<u8>), ExecError>,
) -> Result<(OutputBlocks, RunStats), ExecError> {
    let mut local = Local::new(g, part, order);
    local.run_ready()?;
    let wanted = wanted_groups(g, part);
    let mut arrived = vec![false; part.groups.len()];
    let mut left = wanted.len();
    while left > 0 {
        let (group, bytes) = next()?;
        if !wanted.contains(&group) || std::mem::replace(&mut arrived[group], true) {
            continue;
        }
        let vals = wire::decode(&bytes).map_err(|m| fail(format!("from the cluster: {m}")))?;
        drop(bytes);
        local.arrive(vals);
        local.run_ready()?;
        left -= 1;
    }
    PROGRESS.done.store(order.len(), Ordering::Relaxed);
    local.finish(order.len())
}

/// Runs the distributed plan of `g` in this process, group by group through the worker's
/// code (rebuilding the graph from `src`, checking its fingerprint, values crossing as
/// bytes) as a cluster of `threads` threads would: for tests, and `--scheduler inprocess`.
pub fn run_in_process(
    history: &super::History,
    opts: &crate::session::Options,
    g: &TaskGraph,
    order: &[NodeIndex],
    threads: usize,
) -> Result<(OutputBlocks, RunStats), ExecError> {
    PROGRESS.start(order.len());
    let (mut spec, part) = plan_for(history, opts, g, order, threads);
    spec.saves = super::saves::create_on_client(g)?;
    run_groups(&spec, &part, g, order)
}

/// Runs every group of `part` here through [`super::worker::execute`] (dependencies first),
/// then collects as the client does.
pub fn run_groups(
    spec: &PlanSpec,
    part: &Partition,
    g: &TaskGraph,
    order: &[NodeIndex],
) -> Result<(OutputBlocks, RunStats), ExecError> {
    let text = spec.to_json();
    let wanted = wanted_groups(g, part);
    let mut results: Vec<Option<Vec<u8>>> = vec![None; part.groups.len()];
    let mut done = vec![false; part.groups.len()];
    let mut queue: std::collections::VecDeque<(usize, Vec<u8>)> = Default::default();
    let mut counted = vec![false; part.groups.len()];
    // Any order that respects the dependencies: repeatedly run every group whose deps ran.
    let mut progress = true;
    while progress {
        progress = false;
        for k in 0..part.groups.len() {
            if done[k] || !part.groups[k].deps.iter().all(|&d| done[d]) {
                continue;
            }
            if CANCEL.load(Ordering::Relaxed) {
                return Err(fail("interrupted"));
            }
            // Each dependency's message, as Dask hands it over.
            let ins: Vec<&[u8]> = part.groups[k]
                .deps
                .iter()
                .map(|&d| results[d].as_deref().expect("dependency ran"))
                .collect();
            let out = super::worker::execute(&text, k, &ins).map_err(|m| worker_error(&m, g))?;
            count_done(part, &mut counted, k);
            if wanted.contains(&k) {
                queue.push_back((k, out.clone()));
            }
            results[k] = Some(out);
            done[k] = true;
            progress = true;
        }
    }
    collect(g, part, order, || {
        queue
            .pop_front()
            .ok_or_else(|| fail("internal: a group of the plan never ran (a cycle)"))
    })
}

/// The worker's view of the plan and the partition, for `threads` worker threads.
pub fn plan_for(
    history: &super::History,
    opts: &crate::session::Options,
    g: &TaskGraph,
    order: &[NodeIndex],
    threads: usize,
) -> (PlanSpec, Partition) {
    let cap = plan::cap_for(g, threads);
    let spec = PlanSpec {
        history: history.clone(),
        optimize: opts.optimize,
        default_chunk: opts.default_chunk,
        cwd: std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| ".".into()),
        fingerprint: plan::fingerprint(g),
        cap,
        partition: 0,
        saves: Vec::new(),
    };
    let part = plan::partition(g, order, cap);
    let spec = PlanSpec {
        partition: plan::partition_digest(&part),
        ..spec
    };
    (spec, part)
}

/// A worker's error message (a task's failure or a plain message), mapped to this graph.
fn worker_error(m: &str, g: &TaskGraph) -> ExecError {
    match m
        .strip_prefix(super::worker::TASK_ERROR)
        .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
    {
        Some(e) => driver_error(&serde_json::json!({ "error": e }), g),
        None => fail(format!("on the cluster: {m}")),
    }
}

/// A task error from the driver, mapped to this graph's task (and so to its span).
fn driver_error(v: &serde_json::Value, g: &TaskGraph) -> ExecError {
    let e = &v["error"];
    let message = e["message"].as_str().unwrap_or("unknown error").to_string();
    let task = e["task"]
        .as_u64()
        .map(|t| NodeIndex::new(t as usize))
        .filter(|&t| g.g.contains_node(t));
    match task {
        Some(t) => ExecError {
            message,
            layer: g.g[t].layer,
            span: None,
            computing: e["computing"].as_bool().unwrap_or(false),
        },
        None => fail(format!("on the cluster: {message}")),
    }
}

fn read_frames(stdout: Box<dyn Read + Send>, tx: mpsc::Sender<Frame>) {
    let mut r = BufReader::with_capacity(1 << 20, stdout);
    let mut line = String::new();
    loop {
        line.clear();
        match r.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = tx.send(Frame::Closed);
                return;
            }
            Ok(_) => {}
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line.trim()) else {
            // Not a frame (a library printing on stdout): pass it on.
            eprint!("{line}");
            continue;
        };
        let frame = match (v["result"].as_u64(), v["len"].as_u64()) {
            (Some(group), Some(len)) => {
                let mut buf = vec![0u8; len as usize];
                if r.read_exact(&mut buf).is_err() {
                    let _ = tx.send(Frame::Closed);
                    return;
                }
                Frame::Bytes(group as usize, buf)
            }
            _ => Frame::Json(v),
        };
        if tx.send(frame).is_err() {
            return;
        }
    }
}

/// The client's share of the graph: values that arrived, and the local tasks run on
/// them as soon as their inputs are here.
struct Local<'a> {
    g: &'a TaskGraph,
    values: HashMap<NodeIndex, Value>,
    /// Local tasks not run yet, in order.
    pending: Vec<NodeIndex>,
    /// Local readers left per value; values read by nothing local are outputs.
    readers: HashMap<NodeIndex, usize>,
    outputs: std::collections::HashSet<NodeIndex>,
    stats: RunStats,
    held: usize,
}

impl<'a> Local<'a> {
    fn new(g: &'a TaskGraph, part: &Partition, order: &[NodeIndex]) -> Local<'a> {
        let pending: Vec<NodeIndex> = order
            .iter()
            .copied()
            .filter(|n| part.group_of[n.index()] == LOCAL)
            .collect();
        let mut readers = HashMap::new();
        for &n in &pending {
            let mut ins = g.g[n].inputs.clone();
            ins.sort_unstable();
            ins.dedup();
            for i in ins {
                *readers.entry(i).or_insert(0) += 1;
            }
        }
        Local {
            g,
            values: HashMap::new(),
            pending,
            readers,
            outputs: g.output_tasks().into_iter().collect(),
            stats: RunStats::default(),
            held: 0,
        }
    }

    fn arrive(&mut self, vals: Vec<(u32, Value)>) {
        for (t, v) in vals {
            let t = NodeIndex::new(t as usize);
            if self.outputs.contains(&t) || self.readers.contains_key(&t) {
                self.held += v.nbytes();
                self.values.insert(t, v);
            }
        }
        self.stats.peak_bytes = self.stats.peak_bytes.max(self.held);
    }

    fn run_ready(&mut self) -> Result<(), ExecError> {
        loop {
            let ready = self.pending.iter().position(|n| {
                self.g.g[*n]
                    .inputs
                    .iter()
                    .all(|i| self.values.contains_key(i))
            });
            let Some(k) = ready else { return Ok(()) };
            let n = self.pending.remove(k);
            let t = &self.g.g[n];
            let v = {
                let ins: Vec<&Value> = t.inputs.iter().map(|i| &self.values[i]).collect();
                run_task(t, &ins)?
            };
            self.stats.tasks += 1;
            self.values.insert(n, v);
            let mut ins = t.inputs.clone();
            ins.sort_unstable();
            ins.dedup();
            for i in ins {
                let r = self.readers.get_mut(&i).expect("counted");
                *r -= 1;
                if *r == 0 && !self.outputs.contains(&i) {
                    if let Some(v) = self.values.remove(&i) {
                        self.held -= v.nbytes();
                    }
                }
            }
        }
    }

    fn finish(mut self, total: usize) -> Result<(OutputBlocks, RunStats), ExecError> {
        if let Some(&n) = self.pending.first() {
            return Err(ExecError {
                message: "internal: a save's blocks never came back from the cluster".into(),
                layer: self.g.g[n].layer,
                span: None,
                computing: false,
            });
        }
        self.stats.tasks = total;
        let outs = self
            .g
            .outputs
            .iter()
            .map(|o| {
                o.grid
                    .tasks
                    .iter()
                    .map(|t| match self.values.get(t) {
                        Some(Value::Block(b)) => Some(b.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        Ok((outs, self.stats))
    }
}
