//! Running a script's optimized task graph on a Dask distributed cluster
//! (`arrlang --scheduler tcp://HOST:PORT script.arr`, or `ARRLANG_SCHEDULER`).
//!
//! ```text
//! client (arrlang CLI)                 driver (python3 -m arrlang.cluster)     workers
//! compile, lower, optimize, order
//! spawn driver ───────────────────────> Client(ADDR); hello {threads}
//! partition(cap from threads) <────────
//! plan + groups + wanted ─────────────> dsk = {group k: (execute, plan, k, deps…)}
//!                                       submitted as each group's inputs exist ──> _native.execute_task
//!                                                                              (rebuild graph once,
//!                                                                               run group k)
//! run saves, keep outputs <──────────── results as they complete (bytes)
//! ```
//!
//! Design decisions:
//! - **The program travels, not the tasks.** A task holds Arcs of fused programs, open file
//!   sources, save targets with writers and linear-algebra kernels; encoding each kind is a
//!   large surface to keep in step. The graph is a deterministic function of the source text,
//!   the options (`optimize`, default chunks) and the files' headers, so a worker rebuilds it
//!   from the plan ([`worker::PlanSpec`]: source, options, the client's directory, the graph's
//!   [`plan::fingerprint`] and the group cap) once per process (cached by the plan's hash), and
//!   refuses to run when its graph's fingerprint differs from the client's (another arrlang
//!   build, or files that differ): a loud error, never a wrong result.
//! - **Groups, not tasks, are Dask tasks** ([`plan::partition`]): Dask costs ~1 ms per task,
//!   arrlang's tasks a few µs to ms. Trees and chains of tasks are cut into groups of about
//!   1/8 of the work per worker thread (at least ~4M elements each); only a group's exported
//!   values (read by another group, a save or an output) leave it, as bytes ([`wire`]: C
//!   order, little-endian, bit-identical), in one message (the group's Dask key) that every
//!   reader fetches, each value cut to the part its readers read ([`plan::crop_for`]: the
//!   rows `x[::4]` picks from a tile). Loads are packed several to a group, so the first
//!   combines of a reduction over files run where the files were read. Results equal a
//!   local run's bit for bit: every task runs the same kernel on the same inputs, and
//!   combines keep their input order.
//! - **Reads and writes on the workers.** Loads run on the workers, at the client's paths:
//!   a worker changes into the client's working directory (a shared file system, as Dask's
//!   own file readers assume). `.npy` and Zarr saves are written block by block by the
//!   workers into a temporary file the client created, and the client renames it into place
//!   after every block succeeded ([`saves`]): only a unit comes back per group. netCDF-4 saves
//!   run on the client, as the blocks arrive: HDF5 keeps one writer per file, which several
//!   processes cannot share. Pictures and printed values come back whole, as locally.
//! - **Failures.** A task's error travels back with its task index and shows as the local run's
//!   E0401/E0301 pointing into the source. Ctrl-C (or SIGINT/SIGTERM to the CLI) interrupts
//!   the driver, which cancels the submitted keys (`client.cancel`) before the CLI exits with
//!   130. A lost worker is Dask's to survive: groups are pure, and Dask recomputes them.
//! - **Sessions replay.** The plan carries the session's history ([`History`]: sources given
//!   to `predefine`, then every entry so far); a worker replays the earlier entries without
//!   computing and plans the last one. A session on a cluster does not reuse results it kept
//!   (a worker cannot see them), so its graph is the worker's.

pub mod client;
pub mod dot;
pub mod driver;
pub mod plan;
pub mod saves;
pub mod wire;
pub mod worker;

#[cfg(test)]
mod tests;

pub use client::Cluster;

/// What a session ran before the computation a worker must rebuild.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Sources given to `Session::predefine`, in order.
    pub predefined: Vec<String>,
    /// Every entry run so far; the last one is the computation's.
    pub entries: Vec<String>,
    /// What the last entry computes.
    pub want: Want,
}

/// What the computation of the last entry is: a script's or REPL entry's outputs, or one
/// of the computations of an embedded program (`embed::Program`, the Python package).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Want {
    /// Its outputs (prints, pictures, saves).
    #[default]
    Outputs,
    /// An embedded program's outputs other than its kept value (the last bare expression).
    Printed,
    /// An embedded program's kept value.
    Value,
    /// An embedded program's values of these names.
    Names(Vec<String>),
}

impl Want {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Want::Outputs => "outputs".into(),
            Want::Printed => "printed".into(),
            Want::Value => "value".into(),
            Want::Names(n) => serde_json::json!({ "names": n }),
        }
    }

    pub fn from_json(v: &serde_json::Value) -> Option<Want> {
        match v {
            serde_json::Value::Null => Some(Want::Outputs),
            serde_json::Value::String(s) => match s.as_str() {
                "outputs" => Some(Want::Outputs),
                "printed" => Some(Want::Printed),
                "value" => Some(Want::Value),
                _ => None,
            },
            v => serde_json::from_value(v["names"].clone())
                .ok()
                .map(Want::Names),
        }
    }
}

/// The address in `ARRLANG_SCHEDULER`, when set and not empty.
pub fn scheduler_from_env() -> Option<String> {
    std::env::var("ARRLANG_SCHEDULER")
        .ok()
        .filter(|s| !s.trim().is_empty())
}
