//! The distributed plan: the optimized task graph cut into groups, one Dask task each, and
//! a fingerprint that proves a worker rebuilt the same graph as the client.
//!
//! Grouping runs over the static order (inputs first). A task starts a group; an input's
//! group is merged into it when that group is *open* — its one way out is this input, whose
//! only consumer is this task — and the merged weight stays under the cap. Trees (reduction
//! chunks under their combine, chains of elementwise steps) become one group of about `cap`
//! weight; open inputs that do not fit are packed together into sibling groups of up to `cap`
//! (the 100 chunks under one combine become a few groups, not 100 Dask tasks). A task whose
//! inputs all lie in one group joins that group while it fits the cap, or whatever the cap
//! when it shrinks its inputs (a slice, a chunk's partial reduction): a stored chunk loaded
//! whole and cut into tiles is read and decoded once, its tiles sliced and reduced where it
//! was read, and only the small partials leave the group (each load's group then sends what
//! its tiles' reductions need, not the chunk to every tile's group). A group
//! whose only exit goes to one consumer cannot reach that consumer another way, and a task
//! fed only by one group cannot either, so merging never makes a cycle between groups. Finishing a save and netCDF-4 writes are *local*: they
//! run on the client (see the module doc of `cluster`).

use crate::graph::{TaskGraph, TaskKind};
use crate::kernels::contract_gen::Operand;
use crate::kernels::layout::Range1;
use petgraph::stable_graph::NodeIndex;
use std::hash::{Hash, Hasher};

/// Marks a task that runs on the client, not in any group.
pub const LOCAL: u32 = u32::MAX;

/// One Dask task: arrlang tasks run in order on one worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The tasks, in the static order.
    pub tasks: Vec<NodeIndex>,
    /// Groups whose values these tasks read, ascending.
    pub deps: Vec<usize>,
    /// Tasks whose values leave the group (read by another group, a local task, or an
    /// output), ascending.
    pub exports: Vec<NodeIndex>,
    /// The exports split by destination: one message (one Dask key) per consumer group,
    /// ascending, then the client's ([`LOCAL`]) last; each carries only what its reader
    /// reads.
    pub outs: Vec<Export>,
    /// Estimated work (elements touched plus a fixed cost per task).
    pub weight: u64,
}

/// One message of a group: the values one destination reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The consumer group, or [`LOCAL`] (the client: outputs, local tasks).
    pub to: u32,
    /// Tasks whose values go, ascending, each with the region its readers there read when
    /// that is less than the whole block ([`crop_for`]).
    pub values: Vec<(NodeIndex, Option<Vec<Range1>>)>,
}

/// The destination of a group's one message when its exports are not split
/// ([`unsplit`]): every reader fetches it whole.
pub const ALL: u32 = u32::MAX - 1;

impl Group {
    /// The position of the message for group (or [`LOCAL`]) `to` in `outs`.
    pub fn slot(&self, to: u32) -> Option<usize> {
        match &self.outs[..] {
            [only] if only.to == ALL => Some(0),
            outs => outs.iter().position(|o| o.to == to),
        }
    }
}

/// Every group's exports in one message, whole, that each reader fetches whole (as before
/// messages were split per reader; `ARRLANG_CLUSTER_SPLIT=0`, for comparing).
pub fn unsplit(p: &mut Partition) {
    for gr in &mut p.groups {
        if !gr.outs.is_empty() {
            gr.outs = vec![Export {
                to: ALL,
                values: gr.exports.iter().map(|&t| (t, None)).collect(),
            }];
        }
    }
}

/// The graph cut into groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// Per task index: its group, or [`LOCAL`] (absent indices too).
    pub group_of: Vec<u32>,
    pub groups: Vec<Group>,
}

/// Tasks that run on the client: finishing a `.npy` file or a Zarr store (flush, metadata,
/// and the rename after every block is written: all or nothing), and every netCDF-4 write
/// (HDF5 keeps one writer per file, which processes cannot share). The blocks of `.npy`
/// files and Zarr stores are written by the workers ([`super::saves`]).
pub fn is_local(kind: &TaskKind) -> bool {
    matches!(
        kind,
        TaskKind::SaveDone(_)
            | TaskKind::SaveNc { .. }
            | TaskKind::SaveNcDone(_)
            | TaskKind::SaveZarrDone(_)
    )
}

/// A fixed cost per task in element units: about a few microseconds of work.
const TASK_WEIGHT: u64 = 4096;

/// Estimated work of task `n`: the elements it reads and writes, the elements a fused
/// reduction generates, a contraction's multiply-adds.
pub fn weight(g: &TaskGraph, n: NodeIndex) -> u64 {
    let t = &g.g[n];
    let elems = |s: &[usize]| s.iter().map(|&d| d as u64).product::<u64>();
    let ins: u64 = t.inputs.iter().map(|&i| elems(&g.g[i].shape)).sum();
    let own = match &t.kind {
        TaskKind::ReduceChunk { chunk, .. } => elems(chunk),
        TaskKind::TensorDot { axes_a, .. } if t.inputs.len() == 2 => {
            let a = &g.g[t.inputs[0]].shape;
            let k: u64 = axes_a
                .iter()
                .map(|&x| a.get(x).copied().unwrap_or(1) as u64)
                .product();
            elems(a).saturating_mul(elems(&g.g[t.inputs[1]].shape)) / k.max(1)
        }
        // Its multiply-adds and the elements it generates.
        TaskKind::DotGen(spec) => {
            let mut next = t.inputs.iter();
            let mut shape = |o: &Operand| match o {
                Operand::Generated { shape, .. } => shape.clone(),
                Operand::Input => next.next().map_or(vec![], |&i| g.g[i].shape.clone()),
            };
            let (a, b) = (shape(&spec.a), shape(&spec.b));
            let k: u64 = spec
                .axes_a
                .iter()
                .map(|&x| a.get(x).copied().unwrap_or(1) as u64)
                .product();
            (elems(&a).saturating_mul(elems(&b)) / k.max(1))
                .saturating_add(elems(&a))
                .saturating_add(elems(&b))
        }
        // Decoding compressed chunks costs several times the elements.
        TaskKind::Load { .. } => 4 * elems(&t.shape),
        // One task generates and reduces every chunk under its tree node.
        TaskKind::ReduceGen {
            spec,
            out_block,
            level,
            index,
        } => generated_elems(spec, out_block, *level, *index),
        // A slice copies its output, whatever the size of the block it cuts from.
        TaskKind::Assemble(_) | TaskKind::Reshape => {
            return TASK_WEIGHT.saturating_add(2 * elems(&t.shape))
        }
        _ => elems(&t.shape),
    };
    TASK_WEIGHT.saturating_add(own).saturating_add(ins)
}

/// Elements tree node `index` at `level` of a reduction over generated chunks generates:
/// the chunks it covers (`kernels::program::generated`), each of the output block's extent
/// along the kept axes.
fn generated_elems(
    spec: &crate::kernels::program::generated::GenReduce,
    out_block: &[usize],
    level: u32,
    index: usize,
) -> u64 {
    let kept: u64 = (0..spec.chunks.len())
        .filter(|d| !spec.axes.contains(d))
        .map(|d| {
            let b = out_block.get(d).copied().unwrap_or(0);
            spec.chunks[d].get(b).copied().unwrap_or(1) as u64
        })
        .product();
    let reduced: Vec<usize> = spec.axes.iter().map(|&d| spec.chunks[d].len()).collect();
    let span = spec.fanin.saturating_pow(level);
    let first = index.saturating_mul(span);
    let last = first.saturating_add(span).min(spec.parts());
    let along: u64 = (first..last)
        .map(|i| {
            let r = crate::expr::chunks::unravel(i, &reduced);
            spec.axes
                .iter()
                .zip(&r)
                .map(|(&d, &b)| spec.chunks[d][b] as u64)
                .product::<u64>()
        })
        .sum();
    kept.saturating_mul(along)
}

/// The cap on a group's weight for `threads` worker threads: about eight groups per
/// thread for load balance, and never groups so small that Dask's ~1 ms per task shows.
pub fn cap_for(g: &TaskGraph, threads: usize) -> u64 {
    let total: u64 =
        g.g.node_indices()
            .map(|n| weight(g, n))
            .fold(0, u64::saturating_add);
    (total / (8 * threads.max(1) as u64)).max(1 << 22)
}

/// Cuts `g` (run in `order`) into groups of at most `cap` weight (a single task may be
/// heavier).
pub fn partition(g: &TaskGraph, order: &[NodeIndex], cap: u64) -> Partition {
    let bound = g.bound();
    let outputs: std::collections::HashSet<NodeIndex> = g.output_tasks().into_iter().collect();
    let mut group_of = vec![LOCAL; bound];
    // Per provisional group: its tasks, weight, and its exit when open.
    let mut tasks: Vec<Vec<NodeIndex>> = Vec::new();
    let mut weights: Vec<u64> = Vec::new();
    let mut open_exit: Vec<Option<NodeIndex>> = Vec::new();
    // Groups merged into another point at it (union by redirection).
    let mut merged_into: Vec<usize> = Vec::new();
    for &n in order {
        if is_local(&g.g[n].kind) {
            continue;
        }
        let id = tasks.len();
        let mut w = weight(g, n);
        let mut ins = g.g[n].inputs.clone();
        ins.sort_unstable();
        ins.dedup();
        // Every input in one group that `n` does not close: `n` joins it (a stored chunk's
        // tiles and their partial reductions stay where the chunk was read and decoded).
        if let Some(gi) = home_group(g, n, &group_of, &open_exit) {
            let shrinks = elems_of(&g.g[n].shape).saturating_mul(2)
                <= ins.iter().map(|&i| elems_of(&g.g[i].shape)).sum::<u64>();
            if shrinks || weights[gi].saturating_add(w) <= cap {
                tasks[gi].push(n);
                group_of[n.index()] = gi as u32;
                weights[gi] = weights[gi].saturating_add(w);
                open_exit[gi] = None;
                continue;
            }
        }
        // Open input groups whose one way out is into `n`.
        let mut open_ins = Vec::new();
        for i in ins {
            let gi = group_of[i.index()];
            if gi == LOCAL {
                continue;
            }
            let gi = gi as usize;
            if open_exit[gi] == Some(i) {
                open_ins.push(gi);
            }
            open_exit[gi] = None;
        }
        // As many as fit join `n`'s group; the rest are packed together into sibling groups
        // of up to `cap` (their only consumer outside is `n`, so no cycle either).
        let mut members = Vec::new();
        let mut rest = Vec::new();
        for gi in open_ins {
            if w.saturating_add(weights[gi]) <= cap {
                w = w.saturating_add(weights[gi]);
                members.push(gi);
            } else {
                rest.push(gi);
            }
        }
        let mut ts = Vec::new();
        for m in members {
            ts.append(&mut tasks[m]);
            merged_into[m] = id;
        }
        ts.push(n);
        for &t in &ts {
            group_of[t.index()] = id as u32;
        }
        let consumers = g.consumers(n);
        let open =
            consumers.len() == 1 && !outputs.contains(&n) && !is_local(&g.g[consumers[0]].kind);
        tasks.push(ts);
        weights.push(w);
        open_exit.push(open.then_some(n));
        merged_into.push(id);
        let mut bin: Option<usize> = None;
        for gi in rest {
            let b = match bin {
                Some(b) if weights[b].saturating_add(weights[gi]) <= cap => b,
                _ => {
                    let b = tasks.len();
                    tasks.push(Vec::new());
                    weights.push(0);
                    open_exit.push(None);
                    merged_into.push(b);
                    bin = Some(b);
                    b
                }
            };
            let mut moved = std::mem::take(&mut tasks[gi]);
            for &t in &moved {
                group_of[t.index()] = b as u32;
            }
            tasks[b].append(&mut moved);
            weights[b] = weights[b].saturating_add(weights[gi]);
            merged_into[gi] = b;
        }
    }
    // Number the surviving groups in order of their last task.
    let mut renumber = vec![usize::MAX; tasks.len()];
    let mut groups = Vec::new();
    for (id, ts) in tasks.into_iter().enumerate() {
        if merged_into[id] != id || ts.is_empty() {
            continue;
        }
        renumber[id] = groups.len();
        groups.push(Group {
            tasks: ts,
            deps: Vec::new(),
            exports: Vec::new(),
            outs: Vec::new(),
            weight: weights[id],
        });
    }
    for gid in group_of.iter_mut() {
        if *gid != LOCAL {
            *gid = renumber[*gid as usize] as u32;
        }
    }
    for (k, grp) in groups.iter_mut().enumerate() {
        let mut deps = Vec::new();
        let mut exports = Vec::new();
        for &t in &grp.tasks {
            for &i in &g.g[t].inputs {
                let gi = group_of[i.index()];
                if gi != k as u32 && gi != LOCAL {
                    deps.push(gi as usize);
                }
            }
            let leaves = outputs.contains(&t)
                || g.consumers(t)
                    .iter()
                    .any(|c| group_of[c.index()] != k as u32);
            if leaves {
                exports.push(t);
            }
        }
        deps.sort_unstable();
        deps.dedup();
        exports.sort_unstable();
        let mut outs: std::collections::BTreeMap<u32, Vec<(NodeIndex, Option<Vec<Range1>>)>> =
            Default::default();
        for &t in &exports {
            let mut to: Vec<u32> = g
                .consumers(t)
                .iter()
                .map(|c| group_of[c.index()])
                .filter(|&c| c != k as u32)
                .collect();
            if outputs.contains(&t) {
                to.push(LOCAL);
            }
            to.sort_unstable();
            to.dedup();
            for c in to {
                let crop = (c != LOCAL).then(|| crop_for(g, t, c, &group_of)).flatten();
                outs.entry(c).or_default().push((t, crop));
            }
        }
        grp.deps = deps;
        grp.exports = exports;
        grp.outs = outs
            .into_iter()
            .map(|(to, values)| Export { to, values })
            .collect();
    }
    Partition { group_of, groups }
}

/// The part of task `t`'s block that the tasks of group `c` read, when all of them are
/// slices (`Assemble`) that leave some of it unread: per axis, the indices read (as one
/// strided range when they are evenly spaced, else their span). None: the whole block.
/// A slice `x[::4]` of tiles from several files reads a quarter of each tile: only that
/// quarter crosses to its group.
pub fn crop_for(g: &TaskGraph, t: NodeIndex, c: u32, group_of: &[u32]) -> Option<Vec<Range1>> {
    let shape = &g.g[t].shape;
    let mut read: Vec<Vec<bool>> = shape.iter().map(|&n| vec![false; n]).collect();
    for r in g.consumers(t) {
        if group_of[r.index()] != c {
            continue;
        }
        let TaskKind::Assemble(pieces) = &g.g[r].kind else {
            return None;
        };
        let ins = &g.g[r].inputs;
        for p in pieces.iter().filter(|p| ins.get(p.src) == Some(&t)) {
            if p.ranges.len() != shape.len() {
                return None;
            }
            for (d, rg) in p.ranges.iter().enumerate() {
                for k in 0..rg.len {
                    let i = rg.start as isize + k as isize * rg.step;
                    *read[d].get_mut(usize::try_from(i).ok()?)? = true;
                }
            }
        }
    }
    let mut crop = Vec::with_capacity(shape.len());
    for (d, seen) in read.iter().enumerate() {
        let idx: Vec<usize> = (0..shape[d]).filter(|&i| seen[i]).collect();
        let (Some(&first), Some(&last)) = (idx.first(), idx.last()) else {
            // Nothing read along an axis (an empty piece): send the block whole.
            return None;
        };
        let step = if idx.len() > 1 { idx[1] - idx[0] } else { 1 };
        let even = idx.windows(2).all(|w| w[1] - w[0] == step);
        crop.push(if even {
            Range1 {
                start: first,
                len: idx.len(),
                step: step as isize,
            }
        } else {
            Range1 {
                start: first,
                len: last - first + 1,
                step: 1,
            }
        });
    }
    let whole = crop.iter().zip(shape).all(|(r, &n)| r.len == n);
    (!whole).then_some(crop)
}

fn elems_of(s: &[usize]) -> u64 {
    s.iter().map(|&d| d as u64).product()
}

/// The group every input of `n` belongs to, when there is one and `n` is not the one way
/// out of it (an open group is merged into `n`'s group instead, as a chain). `n` joining
/// it makes no cycle: nothing outside the group feeds `n`.
fn home_group(
    g: &TaskGraph,
    n: NodeIndex,
    group_of: &[u32],
    open_exit: &[Option<NodeIndex>],
) -> Option<usize> {
    let ins = &g.g[n].inputs;
    let first = *group_of.get(ins.first()?.index())?;
    if first == LOCAL || ins.iter().any(|i| group_of[i.index()] != first) {
        return None;
    }
    let gi = first as usize;
    match open_exit[gi] {
        Some(e) if ins.contains(&e) => None,
        _ => Some(gi),
    }
}

/// A hash of the graph's structure (task indices, kinds, keys, inputs, shapes, dtypes,
/// outputs): equal on the client and a worker when both built the same graph. Stable
/// across processes of one build (SipHash with fixed keys).
pub fn fingerprint(g: &TaskGraph) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    for n in g.g.node_indices() {
        let t = &g.g[n];
        n.index().hash(&mut h);
        t.kind.name().hash(&mut h);
        t.key.hash(&mut h);
        t.shape.hash(&mut h);
        t.dtype.hash(&mut h);
        t.block.hash(&mut h);
        for i in &t.inputs {
            i.index().hash(&mut h);
        }
    }
    for o in &g.outputs {
        o.grid.numblocks.hash(&mut h);
        for t in &o.grid.tasks {
            t.index().hash(&mut h);
        }
    }
    h.finish()
}

/// A hash of a partition's groups (their tasks in order): equal on the client and a worker
/// when both cut the graph the same way.
pub fn partition_digest(p: &Partition) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    for gr in &p.groups {
        gr.tasks.len().hash(&mut h);
        for t in &gr.tasks {
            t.index().hash(&mut h);
        }
    }
    h.finish().max(1)
}
