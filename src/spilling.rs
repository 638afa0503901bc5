//! Spilling: a task graph and its order whose planned peak is over `--memory-limit` -> the
//! same graph where some blocks are written to the spill directory after one use and read
//! back before a later one, and the order that runs it within the limit.
//!
//! ```text
//! a -> f(a) ... (a not needed for a while) ... g(a)
//! a -> f(a), spill(a) ... unspill(a) -> g(a)     a's memory is free in between
//! ```
//! The order is followed as `budget::planned_peak` follows it; whenever the blocks held
//! would pass the limit, the held block needed again farthest ahead is spilled first
//! (Belady's rule). A block is written once, however often it is read back. Outputs and
//! reduction partials (and gather parts, whose shape depends on the data) are never spilled.

use crate::graph::{Task, TaskGraph, TaskKind};
use petgraph::stable_graph::NodeIndex;
use std::path::Path;
use std::sync::Arc;

/// The graph's new order and what it spills.
#[derive(Debug, Clone)]
pub struct Spilled {
    pub order: Vec<NodeIndex>,
    /// Blocks written to disk.
    pub blocks: usize,
    /// Their bytes (uncompressed).
    pub bytes: usize,
}

fn bytes(t: &Task) -> usize {
    t.shape.iter().product::<usize>() * t.dtype.size()
}

/// Whether a task's value is a block (not a reduction's partial record or a write's unit).
fn is_block(k: &TaskKind) -> bool {
    !matches!(
        k,
        TaskKind::ReduceChunk { .. }
            | TaskKind::GroupChunk { .. }
            | TaskKind::Combine(_)
            | TaskKind::Save { .. }
            | TaskKind::SaveDone(_)
            | TaskKind::SaveNc { .. }
            | TaskKind::SaveNcDone(_)
            | TaskKind::SaveZarr { .. }
            | TaskKind::SaveZarrDone(_)
            | TaskKind::SpillWrite(_)
            // Its length along the hits' axis is known only once computed.
            | TaskKind::GatherPart(_)
    )
}

fn distinct(t: &Task) -> Vec<NodeIndex> {
    let mut d = t.inputs.clone();
    d.sort_unstable();
    d.dedup();
    d
}

/// Rewrites `g` so that `order` runs holding at most `limit` bytes where spilling blocks
/// to files under `dir` allows it. None if nothing needs spilling.
pub fn spill(g: &mut TaskGraph, order: &[NodeIndex], limit: usize, dir: &Path) -> Option<Spilled> {
    let bound = g.bound();
    let mut pos = vec![usize::MAX; bound];
    for (p, n) in order.iter().enumerate() {
        pos[n.index()] = p;
    }
    // The positions of each task's distinct consumers, ascending.
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); bound];
    for &n in order {
        for i in distinct(&g.g[n]) {
            uses[i.index()].push(pos[n.index()]);
        }
    }
    uses.iter_mut().for_each(|u| u.sort_unstable());
    let mut keep = vec![false; bound];
    for n in g.output_tasks() {
        keep[n.index()] = true;
    }
    let mut next = vec![0usize; bound];
    // Where each value is now: the task holding it in memory, or its spill write.
    let mut holder: Vec<Option<NodeIndex>> = vec![None; bound];
    let mut written: Vec<Option<NodeIndex>> = vec![None; bound];
    let mut in_mem: Vec<usize> = Vec::new();
    let (mut held, mut blocks, mut spilled_bytes) = (0usize, 0usize, 0usize);
    let mut out: Vec<NodeIndex> = Vec::with_capacity(order.len());

    /// What `make_room` updates: held bytes, values in memory, where each was written, ...
    type SpillState<'a> = (
        &'a mut usize,
        &'a mut Vec<usize>,
        &'a mut Vec<Option<NodeIndex>>,
        &'a mut Vec<Option<NodeIndex>>,
        &'a mut Vec<NodeIndex>,
        &'a mut usize,
        &'a mut usize,
    );

    // Spills held values, farthest next use first, until `need` more bytes fit.
    #[allow(clippy::too_many_arguments)]
    fn make_room(
        g: &mut TaskGraph,
        need: usize,
        limit: usize,
        exclude: &[NodeIndex],
        st: &mut SpillState<'_>,
        uses: &[Vec<usize>],
        next: &[usize],
        keep: &[bool],
        dir: &Path,
    ) {
        let (held, in_mem, holder, written, out, blocks, spilled_bytes) = st;
        while **held + need > limit {
            let victim = in_mem
                .iter()
                .enumerate()
                .filter(|(_, &v)| {
                    !keep[v]
                        && !exclude.contains(&NodeIndex::new(v))
                        && is_block(&g.g[NodeIndex::new(v)].kind)
                        && next[v] < uses[v].len()
                })
                .max_by_key(|(_, &v)| uses[v][next[v]])
                .map(|(k, &v)| (k, v));
            let Some((k, v)) = victim else {
                return;
            };
            in_mem.swap_remove(k);
            let vn = NodeIndex::new(v);
            let size = bytes(&g.g[vn]);
            **held -= size;
            if written[v].is_none() {
                let h = holder[v].expect("a held value has a holder");
                let t = &g.g[vn];
                let w = Task {
                    kind: TaskKind::SpillWrite(Arc::new(dir.join(format!("b{v}.zst")))),
                    inputs: vec![h],
                    layer: t.layer,
                    block: t.block.clone(),
                    shape: vec![],
                    dtype: crate::dtype::DType::Bool,
                    key: t.key ^ 0x5b11_1000,
                };
                let w = g.add(w);
                out.push(w);
                written[v] = Some(w);
                **blocks += 1;
                **spilled_bytes += size;
            }
            holder[v] = None;
        }
    }

    for &n in order {
        let ins = distinct(&g.g[n]);
        let mut exclude: Vec<NodeIndex> = ins.clone();
        exclude.push(n);
        // Read back what this task needs that was spilled.
        for &i in &ins {
            if holder[i.index()].is_some() {
                continue;
            }
            let w = written[i.index()].expect("an input not held was spilled");
            let size = bytes(&g.g[i]);
            let mut st = (
                &mut held,
                &mut in_mem,
                &mut holder,
                &mut written,
                &mut out,
                &mut blocks,
                &mut spilled_bytes,
            );
            make_room(g, size, limit, &exclude, &mut st, &uses, &next, &keep, dir);
            let t = &g.g[i];
            let TaskKind::SpillWrite(path) = &g.g[w].kind else {
                unreachable!("written values map to their spill write");
            };
            let mut inputs = vec![w];
            if let Some(&prev) = out.last().filter(|&&p| p != w) {
                inputs.push(prev);
            }
            let r = Task {
                kind: TaskKind::SpillRead(path.clone()),
                inputs,
                layer: t.layer,
                block: t.block.clone(),
                shape: t.shape.clone(),
                dtype: t.dtype,
                key: t.key ^ 0x5b11_2000 ^ (out.len() as u64) << 20,
            };
            let r = g.add(r);
            out.push(r);
            held += size;
            holder[i.index()] = Some(r);
            in_mem.push(i.index());
        }
        let inputs: Vec<NodeIndex> = g.g[n]
            .inputs
            .iter()
            .map(|i| holder[i.index()].expect("every input held"))
            .collect();
        if inputs != g.g[n].inputs {
            g.set_inputs(n, inputs);
        }
        let size = bytes(&g.g[n]);
        let mut st = (
            &mut held,
            &mut in_mem,
            &mut holder,
            &mut written,
            &mut out,
            &mut blocks,
            &mut spilled_bytes,
        );
        make_room(g, size, limit, &exclude, &mut st, &uses, &next, &keep, dir);
        out.push(n);
        held += size;
        holder[n.index()] = Some(n);
        in_mem.push(n.index());
        for i in ins {
            let i = i.index();
            next[i] += 1;
            if next[i] == uses[i].len() && !keep[i] && holder[i].is_some() {
                held -= bytes(&g.g[NodeIndex::new(i)]);
                holder[i] = None;
                if let Some(k) = in_mem.iter().position(|&v| v == i) {
                    in_mem.swap_remove(k);
                }
            }
        }
    }
    (blocks > 0).then_some(Spilled {
        order: out,
        blocks,
        bytes: spilled_bytes,
    })
}

#[cfg(test)]
mod tests {
    use crate::session::{Options, Session};

    fn numbers(s: &str) -> Vec<f64> {
        s.split(|c: char| !(c.is_ascii_digit() || ".-e".contains(c)))
            .filter_map(|w| w.parse().ok())
            .collect()
    }

    fn assert_close(got: &str, want: &str) {
        let (a, b) = (numbers(got), numbers(want));
        assert!(a.len() == b.len() && a.len() > 5, "{got} vs {want}");
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() <= 1e-9 * (1.0 + y.abs()), "{got} vs {want}");
        }
    }

    /// `y - y.mean(0)` needs every block of `y` twice, around a reduction over all of them:
    /// no order holds less than `y`. Under a limit of a quarter of `y`, blocks are spilled
    /// and read back; the values are the reference evaluator's.
    #[test]
    fn demean_spills_and_matches_the_reference() {
        let src = "x = random((2000, 500), chunks=(100, 500), seed=1)\n\
                   y = cumsum(x, axis=1)\n\
                   (y - y.mean(0)).sum(1)[::97]";
        let want = Session::new(Options {
            reference: true,
            ..Options::default()
        })
        .run(src)
        .unwrap();
        for sequential in [true, false] {
            let mut s = Session::new(Options {
                sequential,
                threads: 2,
                ..Options::default()
            });
            s.memory_limit = Some(2_000_000);
            let got = s.run(src).expect("fits by spilling");
            assert!(s.spill.blocks >= 10, "{:?}", s.spill);
            assert!(s.spill.disk_bytes > 0);
            assert!(s.spill.describe().unwrap().contains("blocks"));
            assert!(s.spill_dir.is_none());
            assert_close(&got, &want);
            if sequential {
                // One worker follows the plan: the blocks held stay under the limit.
                assert!(
                    s.last_stats.peak_bytes <= 2_000_000,
                    "{}",
                    s.last_stats.peak_bytes
                );
            }
        }
    }
}
