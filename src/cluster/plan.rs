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
//! its tiles' reductions need, not the chunk to every tile's group). A task without inputs
//! (a load) joins the group of the one placed before it while that fits the cap (or twice
//! the cap while a slice across the loads, `x[::4]` gathering rows of four files, waits for
//! it): the order places each load's tiles and partials right after it, so a group reads
//! several files and the first combines of each tile's tree and the gathers across files
//! run in it. A step of a chain over the packs' values (a tile's running mean over the files,
//! `acc = combine(acc, partial)`: the lowering folds many tiles' partials as chains, and
//! their order is kept so results stay bit-identical) joins the *fold group* of the newest
//! pack it reads: one group per pack takes every tile's steps over that pack's files, Dask
//! runs it where the pack's partials are, and only the accumulators move between workers.
//! A task that reads several groups and merges none joins the youngest of them, unless
//! that is a pack (`x[300] - x.mean(0)` runs in the last fold group). Every group reads only
//! groups made before it, so groups never form a cycle: a merge makes a new group, a load or
//! a task fed by one group adds no edge into its group, and a task joins a fold group or
//! the youngest group it reads only when its other inputs lie in older groups.
//!
//! A group's exports leave as one message (one Dask key) that each reader fetches whole,
//! every value cut to the part its readers read ([`crop_for`]). One key per reader was
//! measured 1.56× slower on W3 (5,760 more Dask keys; `bench/results/2026-12-07-cluster.md`)
//! and is gone. Finishing a save and netCDF-4 writes are *local*: they run on the client
//! (see the module doc of `cluster`).

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
    /// output), ascending. They leave as one message (one Dask key) that every reader
    /// fetches.
    pub exports: Vec<NodeIndex>,
    /// Per export: the region of its block that any reader reads, when that is less than
    /// the whole block ([`crop_for`]); None: the whole block.
    pub crops: Vec<Option<Vec<Range1>>>,
    /// Estimated work (elements touched plus a fixed cost per task).
    pub weight: u64,
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
    // The last task without inputs placed (its group takes the next one while it fits).
    let mut last_source: Option<NodeIndex> = None;
    // Per provisional group: when it was made (a group reads only groups made before it, so
    // groups never form a cycle: a task joins an existing group only when that stays true),
    // whether it holds a task without inputs (a pack of loads), and its fold group.
    let mut born: Vec<usize> = Vec::new();
    let mut clock = 0usize;
    let mut has_source: Vec<bool> = Vec::new();
    let mut fold: Vec<Option<usize>> = Vec::new();
    let mut placed = vec![false; bound];
    for &n in order {
        placed[n.index()] = true;
        if is_local(&g.g[n].kind) {
            continue;
        }
        let id = tasks.len();
        let mut w = weight(g, n);
        let mut ins = g.g[n].inputs.clone();
        ins.sort_unstable();
        ins.dedup();
        // A task without inputs (a load, a generated chunk) joins the group of the one
        // before it while that fits the cap: several files read in one group, so their
        // tiles' first combines and the gathers across them run there too.
        if ins.is_empty() {
            if let Some(s) = last_source.replace(n) {
                let gi = group_of[s.index()] as usize;
                let after = weights[gi].saturating_add(w);
                // Past the cap (up to twice) while a slice across the sources waits for
                // this one: `x[::4]` gathers rows of four files; a pack cut inside such a
                // gather would send the older pack's message to the newer one's group.
                let waits = || {
                    tasks[gi].iter().any(|&t| {
                        g.consumers(t).iter().any(|c| {
                            !placed[c.index()] && matches!(g.g[*c].kind, TaskKind::Assemble(_))
                        })
                    })
                };
                if after <= cap || (after <= cap.saturating_mul(2) && waits()) {
                    tasks[gi].push(n);
                    group_of[n.index()] = gi as u32;
                    weights[gi] = weights[gi].saturating_add(w);
                    // Several ways out now: never merged into a consumer's group.
                    open_exit[gi] = None;
                    continue;
                }
            }
        }
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
        // A step of a chain over values read in a pack of loads (a tile's running mean over
        // the files, `acc = combine(acc, partial)`) joins the fold group of the newest pack it
        // reads: one group per pack takes every tile's steps over the pack's files, so the
        // partials stay where they were read (Dask runs a task where most of its input
        // bytes are) and only the accumulators move on. It joins only when every group it
        // reads was made before the fold group, and within the cap.
        let mut in_groups: Vec<usize> = ins
            .iter()
            .map(|i| group_of[i.index()])
            .filter(|&x| x != LOCAL)
            .map(|x| x as usize)
            .collect();
        in_groups.sort_unstable();
        in_groups.dedup();
        let pack = in_groups
            .iter()
            .copied()
            .filter(|&x| has_source[x])
            .max_by_key(|&x| born[x])
            .filter(|_| in_groups.len() >= 2);
        let mut new_fold_of = None;
        if let Some(p) = pack {
            match fold[p].filter(|&f| merged_into[f] == f && !tasks[f].is_empty()) {
                Some(f) => {
                    let before = in_groups.iter().all(|&x| x == f || born[x] < born[f]);
                    if before && weights[f].saturating_add(w) <= cap {
                        tasks[f].push(n);
                        group_of[n.index()] = f as u32;
                        weights[f] = weights[f].saturating_add(w);
                        for &x in &in_groups {
                            open_exit[x] = None;
                        }
                        open_exit[f] = None;
                        continue;
                    }
                }
                None => new_fold_of = Some(p),
            }
        }
        // Else, when no input group would merge into `n`'s, `n` joins the youngest group
        // it reads unless that is a pack (loads never wait for other groups): every other
        // group it reads is older. `x[300] - x.mean(0)`: a tile of one pack minus the mean
        // finished in the last fold group runs in that fold group, not in a Dask task of
        // its own.
        let young = in_groups.iter().copied().max_by_key(|&y| born[y]);
        let merges = ins.iter().any(|&i| {
            let gi = group_of[i.index()];
            gi != LOCAL && open_exit[gi as usize] == Some(i)
        });
        if let (Some(y), false, true) = (young, merges, in_groups.len() >= 2) {
            if !has_source[y] && weights[y].saturating_add(w) <= cap {
                tasks[y].push(n);
                group_of[n.index()] = y as u32;
                weights[y] = weights[y].saturating_add(w);
                for &x in &in_groups {
                    open_exit[x] = None;
                }
                continue;
            }
        }
        // Open input groups whose one way out is into `n`.
        let mut open_ins = Vec::new();
        for &i in &ins {
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
        let mut source = ins.is_empty();
        for m in members {
            ts.append(&mut tasks[m]);
            merged_into[m] = id;
            source |= has_source[m];
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
        born.push(0);
        has_source.push(source);
        fold.push(None);
        if let Some(p) = new_fold_of {
            fold[p] = Some(id);
        }
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
                    born.push(clock);
                    clock += 1;
                    has_source.push(false);
                    fold.push(None);
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
            has_source[b] |= has_source[gi];
        }
        // After its bins: `n`'s group reads them.
        born[id] = clock;
        clock += 1;
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
            crops: Vec::new(),
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
        grp.crops = exports
            .iter()
            .map(|&t| {
                // An output goes back to the client whole.
                (!outputs.contains(&t))
                    .then(|| crop_for(g, t, |r| group_of[r.index()] != k as u32))
                    .flatten()
            })
            .collect();
        grp.deps = deps;
        grp.exports = exports;
    }
    Partition { group_of, groups }
}

/// The part of task `t`'s block that its readers picked by `outside` read (the tasks of
/// other groups), when all of them are slices (`Assemble`) that leave some of it unread: per
/// axis, the indices read (as one strided range when they are evenly spaced, else their
/// span). None: the whole block. The slices `x[::4]` and `x[2::4]` of tiles from several
/// files read rows 0 and 2 of each tile: only those rows cross to the groups that gather them.
pub fn crop_for(
    g: &TaskGraph,
    t: NodeIndex,
    outside: impl Fn(NodeIndex) -> bool,
) -> Option<Vec<Range1>> {
    let shape = &g.g[t].shape;
    let mut read: Vec<Vec<bool>> = shape.iter().map(|&n| vec![false; n]).collect();
    for r in g.consumers(t) {
        if !outside(r) {
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
