//! Saves written by the workers: the graph's `.npy` and Zarr targets -> their temporary
//! files, created by the client before the plan goes out and opened by the workers.
//!
//! ```text
//! client: create .x.npy.arrlang-PID-N.tmp (header, full size)  ─┐ plan: saves [(x.npy, tmp)]
//! worker: group = block chain + save ─> write_region(tmp) ─> sync ┘ result: unit
//! client: every block written ─> save-done (flush) ─> commit (rename into place)
//! ```
//!
//! All-or-nothing as locally: only the client renames, and only after every save task of
//! the file reported success; a failed or interrupted run drops the client's writer, which
//! removes the temporary file. A save task run twice (a lost worker's group recomputed)
//! writes the same bytes at the same place. netCDF-4 stays on the client: HDF5 keeps one
//! writer per file, which processes cannot share.

use crate::graph::{SaveTarget, TaskGraph, TaskKind};
use crate::io::zarr::ZarrTarget;
use crate::schedule::ExecError;
use petgraph::stable_graph::NodeIndex;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// One file or store that save tasks write into.
enum Target<'a> {
    Npy(&'a Arc<SaveTarget>),
    Zarr(&'a Arc<ZarrTarget>),
}

impl Target<'_> {
    fn path(&self) -> &Path {
        match self {
            Target::Npy(t) => &t.path,
            Target::Zarr(t) => &t.path,
        }
    }
}

/// The target a task writes into, if it is a worker-side save.
fn target_of(kind: &TaskKind) -> Option<Target<'_>> {
    match kind {
        TaskKind::Save { target, .. } => Some(Target::Npy(target)),
        TaskKind::SaveZarr { target, .. } => Some(Target::Zarr(target)),
        _ => None,
    }
}

/// Each target of `g` once, with the first task that writes into it.
fn targets(g: &TaskGraph) -> Vec<(NodeIndex, Target<'_>)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for n in g.g.node_indices() {
        if let Some(t) = target_of(&g.g[n].kind) {
            let ptr = match &t {
                Target::Npy(a) => Arc::as_ptr(a) as *const u8,
                Target::Zarr(a) => Arc::as_ptr(a) as *const u8,
            };
            if seen.insert(ptr) {
                out.push((n, t));
            }
        }
    }
    out
}

/// Creates every worker-written target's temporary file (or store) here, on the client;
/// returns `(path, temporary path)` pairs for the plan.
pub fn create_on_client(g: &TaskGraph) -> Result<Vec<(String, String)>, ExecError> {
    let mut out = Vec::new();
    for (n, t) in targets(g) {
        let fail = |message: String| ExecError {
            message,
            layer: g.g[n].layer,
            span: None,
            computing: false,
        };
        let tmp = match &t {
            Target::Npy(s) => s
                .writer()
                .map_err(|e| fail(e.to_string()))?
                .temp_path()
                .to_path_buf(),
            Target::Zarr(z) => z
                .writer()
                .map_err(|e| fail(e.to_string()))?
                .temp_path()
                .ok_or_else(|| {
                    fail(format!(
                        "cannot save `{}` on a cluster: saves to object stores run locally only (for now)",
                        t.path().display()
                    ))
                })?
                .to_path_buf(),
        };
        out.push((t.path().display().to_string(), tmp.display().to_string()));
    }
    Ok(out)
}

/// Points every target of a worker's rebuilt graph at the client's temporary file.
pub fn adopt_on_worker(g: &TaskGraph, saves: &[(String, String)]) -> Result<(), String> {
    for (_, t) in targets(g) {
        let path = t.path().display().to_string();
        let tmp = saves
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, tmp)| Path::new(tmp))
            .ok_or_else(|| format!("internal: the plan names no temporary file for `{path}`"))?;
        match t {
            Target::Npy(s) => s.adopt(tmp).map_err(|e| e.to_string())?,
            Target::Zarr(z) => z.adopt(tmp).map_err(|e| e.to_string())?,
        }
    }
    Ok(())
}

/// Flushes the `.npy` files that `tasks` wrote into (Zarr chunks are whole files, closed
/// when written), so that the client sees the blocks once the group is reported done.
pub fn sync_written(g: &TaskGraph, tasks: &[NodeIndex]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for &t in tasks {
        if let TaskKind::Save { target, .. } = &g.g[t].kind {
            if seen.insert(Arc::as_ptr(target)) {
                let w = target.writer().map_err(|e| e.to_string())?;
                w.sync().map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}
