//! The worker side: rebuild the client's graph from the plan (once per worker process,
//! cached by the plan's hash) and run one group of it on its input groups' values.

use super::plan::{self, Partition};
use super::wire;
use crate::graph::TaskGraph;
use crate::schedule::exec::run_task;
use crate::schedule::Value;
use crate::session::{Options, Session};
use petgraph::stable_graph::NodeIndex;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// What a worker needs to rebuild the client's graph: the program, how it was compiled,
/// where it ran, and the fingerprint the rebuilt graph must have.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSpec {
    pub history: super::History,
    pub optimize: bool,
    pub default_chunk: Option<usize>,
    /// The client's working directory: relative paths in the program are relative to it.
    pub cwd: String,
    pub fingerprint: u64,
    /// The group weight cap the partition was cut with.
    pub cap: u64,
    /// [`plan::partition_digest`] of the client's partition (0: not checked): a worker
    /// that cuts the graph otherwise (another arrlang) must not run group numbers that
    /// mean other tasks to the client.
    pub partition: u64,
    /// `(path, temporary path)` of every `.npy` file and Zarr store the workers write into
    /// (the client created them: [`super::saves`]).
    pub saves: Vec<(String, String)>,
}

impl PlanSpec {
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "version": 1,
            "predefined": self.history.predefined,
            "entries": self.history.entries,
            "want": self.history.want.to_json(),
            "optimize": self.optimize,
            "default_chunk": self.default_chunk,
            "cwd": self.cwd,
            "fingerprint": format!("{:016x}", self.fingerprint),
            "cap": self.cap,
            "partition": format!("{:016x}", self.partition),
            "saves": self.saves,
        })
        .to_string()
    }

    pub fn from_json(text: &str) -> Result<PlanSpec, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("malformed plan: {e}"))?;
        let bad = || "malformed plan: a field is missing or of the wrong type".to_string();
        if v["version"].as_u64() != Some(1) {
            return Err("plan of another arrlang version".into());
        }
        let strings = |k: &str| -> Result<Vec<String>, String> {
            v[k].as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|s| s.as_str().map(str::to_string).ok_or_else(bad))
                .collect()
        };
        Ok(PlanSpec {
            history: super::History {
                predefined: strings("predefined")?,
                entries: strings("entries")?,
                want: super::Want::from_json(&v["want"]).ok_or_else(bad)?,
            },
            optimize: v["optimize"].as_bool().ok_or_else(bad)?,
            default_chunk: match &v["default_chunk"] {
                serde_json::Value::Null => None,
                d => Some(d.as_u64().ok_or_else(bad)? as usize),
            },
            cwd: v["cwd"].as_str().ok_or_else(bad)?.to_string(),
            fingerprint: u64::from_str_radix(v["fingerprint"].as_str().ok_or_else(bad)?, 16)
                .map_err(|_| bad())?,
            cap: v["cap"].as_u64().ok_or_else(bad)?,
            partition: match v["partition"].as_str() {
                None => 0,
                Some(h) => u64::from_str_radix(h, 16).map_err(|_| bad())?,
            },
            saves: match &v["saves"] {
                serde_json::Value::Null => Vec::new(),
                s => serde_json::from_value(s.clone()).map_err(|_| bad())?,
            },
        })
    }
}

/// A rebuilt graph with its partition.
pub struct Compiled {
    pub g: TaskGraph,
    pub part: Partition,
}

// SAFETY-free sharing: a TaskGraph is only read after it is built (tasks run through `&`,
// as the threaded scheduler does).
type Cache = Mutex<HashMap<u64, Arc<Compiled>>>;

fn cache() -> &'static Cache {
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Plans a worker keeps compiled; older ones are dropped first.
const KEEP_PLANS: usize = 4;

/// Builds the optimized graph `spec` describes, as the client's session built it.
pub fn build_graph(spec: &PlanSpec) -> Result<TaskGraph, String> {
    let opts = Options {
        threads: 1,
        optimize: spec.optimize,
        sequential: true,
        reference: false,
        default_chunk: spec.default_chunk,
    };
    let mut s = Session::new(opts);
    let h = &spec.history;
    let Some((last, earlier)) = h.entries.split_last() else {
        return Err("the plan has no program".into());
    };
    for p in &h.predefined {
        s.predefine(p);
    }
    // Earlier entries as the client ran them, computing nothing (their errors were the
    // client's too).
    for e in earlier {
        let _ = s.exec(e);
        s.interp.outputs.clear();
    }
    if h.want != super::Want::Outputs {
        return crate::embed::plan_on_worker(s, last, &h.want);
    }
    s.plan_only = true;
    let result = s.run(last);
    match (s.planned.take(), result) {
        (Some(g), _) => Ok(g),
        (None, Err(f)) => Err(f.render("<script>", last, false)),
        (None, Ok(_)) => Err("the program computes nothing on this worker".into()),
    }
}

/// The compiled plan for `text`, from the cache or built now.
pub fn compiled(text: &str) -> Result<Arc<Compiled>, String> {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    text.hash(&mut h);
    let id = h.finish();
    // One compile at a time: it may change the process's directory.
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = c.get(&id) {
        return Ok(p.clone());
    }
    let spec = PlanSpec::from_json(text)?;
    // Relative paths are the client's: a worker runs in the client's directory (the
    // shared file system the cluster docs ask for).
    let here = std::env::current_dir().ok();
    if here.as_deref() != Some(std::path::Path::new(&spec.cwd)) {
        std::env::set_current_dir(&spec.cwd).map_err(|e| {
            format!(
                "the client's directory `{}` is not reachable on this worker ({e}): workers need the client's files at the same paths",
                spec.cwd
            )
        })?;
    }
    let g = crate::io::with_plan_only(|| build_graph(&spec))?;
    let fp = plan::fingerprint(&g);
    if fp != spec.fingerprint {
        return Err(format!(
            "this worker built a different task graph (fingerprint {fp:016x}, the client's {:016x}): the worker's arrlang or its files differ from the client's",
            spec.fingerprint
        ));
    }
    super::saves::adopt_on_worker(&g, &spec.saves)?;
    let order = crate::order::order(&g);
    let part = plan::partition(&g, &order, spec.cap);
    let digest = plan::partition_digest(&part);
    if spec.partition != 0 && digest != spec.partition {
        return Err(format!(
            "this worker cut the task graph into other groups (digest {digest:016x}, the client's {:016x}): the worker's arrlang differs from the client's",
            spec.partition
        ));
    }
    if c.len() >= KEEP_PLANS {
        c.clear();
    }
    let p = Arc::new(Compiled { g, part });
    c.insert(id, p.clone());
    Ok(p)
}

/// A task's failure, as the worker reports it: the client maps the task index back to the
/// span of its own graph's task.
pub const TASK_ERROR: &str = "arrlang-task-error:";

/// Runs group `group` of the plan `text`, given the messages its dependency groups sent it
/// (in the group's `deps` order, or any order: values are tagged by task), and returns its
/// message: its exports, encoded, each cropped to what its readers read. Errors are
/// messages; a task's failure is [`TASK_ERROR`] followed by JSON `{"task", "message",
/// "computing"}`.
pub fn execute(text: &str, group: usize, inputs: &[&[u8]]) -> Result<Vec<u8>, String> {
    let t0 = std::time::Instant::now();
    let c = compiled(text)?;
    let tc = std::time::Instant::now();
    let (g, part) = (&c.g, &c.part);
    let grp = part
        .groups
        .get(group)
        .ok_or_else(|| format!("no group {group} in this plan"))?;
    // Only the values this group's tasks read: a dependency sends everything it exports.
    let needed: std::collections::HashSet<u32> = grp
        .tasks
        .iter()
        .flat_map(|&t| g.g[t].inputs.iter())
        .filter(|i| part.group_of[i.index()] != group as u32)
        .map(|i| i.index() as u32)
        .collect();
    let mut values: HashMap<NodeIndex, Value> = HashMap::new();
    for bytes in inputs {
        for (t, v) in wire::decode_some(bytes, |t| needed.contains(&t))? {
            values.insert(NodeIndex::new(t as usize), v);
        }
    }
    let t1 = std::time::Instant::now();
    // Inputs read inside the group, freed after their last reader.
    let mut left: HashMap<NodeIndex, usize> = HashMap::new();
    for &t in &grp.tasks {
        let mut ins = g.g[t].inputs.clone();
        ins.sort_unstable();
        ins.dedup();
        for i in ins {
            *left.entry(i).or_default() += 1;
        }
    }
    for &t in &grp.tasks {
        let task = &g.g[t];
        let v = {
            let mut ins = Vec::with_capacity(task.inputs.len());
            for i in &task.inputs {
                ins.push(values.get(i).ok_or_else(|| {
                    format!(
                        "group {group}: the value of task {} did not arrive",
                        i.index()
                    )
                })?);
            }
            run_task(task, &ins).map_err(|e| {
                format!(
                    "{TASK_ERROR}{}",
                    serde_json::json!({
                        "task": t.index(),
                        "message": e.message,
                        "computing": e.computing,
                    })
                )
            })?
        };
        values.insert(t, v);
        let mut ins = task.inputs.clone();
        ins.sort_unstable();
        ins.dedup();
        for i in ins {
            let n = left.get_mut(&i).expect("counted");
            *n -= 1;
            if *n == 0 && grp.exports.binary_search(&i).is_err() {
                values.remove(&i);
            }
        }
    }
    super::saves::sync_written(g, &grp.tasks)?;
    let t2 = std::time::Instant::now();
    let vals: Vec<_> = grp
        .exports
        .iter()
        .zip(&grp.crops)
        .map(|(t, crop)| {
            let v = values.get(t).expect("exported task ran");
            (t.index() as u32, v, crop.as_deref())
        })
        .collect();
    let out = wire::encode_cropped(&vals);
    if profiling() {
        // One line per group on the worker's stderr (`ARRLANG_CLUSTER_PROFILE=1`): where a
        // group's seconds go besides Dask's own (transfer, pickling).
        let t3 = std::time::Instant::now();
        eprintln!(
            "arrlang-profile group={group} tasks={} in_bytes={} plan_s={:.4} decode_s={:.4} compute_s={:.4} encode_s={:.4} out_bytes={}",
            grp.tasks.len(),
            inputs.iter().map(|b| b.len()).sum::<usize>(),
            (tc - t0).as_secs_f64(),
            (t1 - tc).as_secs_f64(),
            (t2 - t1).as_secs_f64(),
            (t3 - t2).as_secs_f64(),
            out.len()
        );
    }
    Ok(out)
}

/// Whether `ARRLANG_CLUSTER_PROFILE` asks for a line per group on the worker's stderr.
fn profiling() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("ARRLANG_CLUSTER_PROFILE").is_ok_and(|v| v.trim() == "1"))
}
