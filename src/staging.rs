//! Staged rechunks: requests whose plan is over `--memory-limit` -> each all-to-all rechunk
//! in them run as two memory-bounded computations through a temporary Zarr store in a spill
//! directory (rechunker's algorithm), the rechunk replaced by a load of that store.
//!
//! ```text
//! x chunks (1, 721, 1440) -> rechunk (360, 40, 40)   direct: every output block needs every
//!                                                     input block, the whole array is held
//! stage 1: rechunk(x, read) -> spill/stage-0.zarr     read = (k, 721, 1440): the source
//!          one shard per read block,                   chunks grown along the axes that
//!          inner chunks = min(read, target)            grow, as far as the budget allows
//! stage 2: load(spill/stage-0.zarr, chunks=target)    each block decodes only its inner chunks
//! ```
//! Stage 1 is itself an ordinary computation (its own rechunks are staged the same way if
//! they need it); stage 2 is the rest of the original computation.

use crate::expr::chunks;
use crate::expr::node::{Arr, Node, Op};
use crate::io::zarr::ZarrVar;
use crate::lower::Request;
use crate::session::{human_bytes, Failure, Session};
use std::collections::HashSet;

/// How one rechunk goes through the temporary store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The block shape stage 1 computes and stores (one shard each).
    pub read: Vec<usize>,
    /// The stored inner chunk shape: stage 2 decodes only the inner chunks it needs.
    pub inner: Vec<usize>,
}

/// What the staged rechunks of one computation cost.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SpillReport {
    /// Rechunks run through the spill directory.
    pub stages: usize,
    /// Bytes of the arrays written there (uncompressed).
    pub bytes: usize,
    /// Blocks written to the spill directory and read back later (`spilling.rs`).
    pub blocks: usize,
    /// Their bytes (uncompressed).
    pub block_bytes: usize,
    /// Bytes the whole spill directory took on disk at most (compressed).
    pub disk_bytes: u64,
    /// Seconds stage 1 of the staged rechunks took (reading and writing the spill store).
    pub stage_secs: f64,
}

impl SpillReport {
    /// One line saying what was spilled, if anything (`--stats`, `:info`).
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.stages > 0 {
            parts.push(format!(
                "{} rechunk{} through disk ({}, stage 1 in {:.1} s)",
                self.stages,
                if self.stages == 1 { "" } else { "s" },
                human_bytes(self.bytes),
                self.stage_secs
            ));
        }
        if self.blocks > 0 {
            parts.push(format!(
                "{} block{} ({})",
                self.blocks,
                if self.blocks == 1 { "" } else { "s" },
                human_bytes(self.block_bytes)
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "spilled: {}, {} on disk",
                parts.join(", "),
                human_bytes(self.disk_bytes as usize)
            )
        })
    }
}

/// Bytes the direct rechunk `a` holds for its biggest output block: the input blocks that
/// block touches, plus the block itself.
pub fn direct_bytes(a: &Arr) -> usize {
    let input = &a.inputs[0];
    let mut touched = 1usize;
    for (cin, cout) in input.meta.chunks.iter().zip(&a.meta.chunks) {
        let oin = chunks::offsets(cin);
        let oout = chunks::offsets(cout);
        let widest = oout
            .windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| {
                // The input blocks holding the first and the last element of this block.
                let first = oin.partition_point(|&o| o <= w[0]) - 1;
                let last = oin.partition_point(|&o| o < w[1]) - 1;
                oin[last + 1] - oin[first]
            })
            .max()
            .unwrap_or(0);
        touched = touched.saturating_mul(widest);
    }
    let own: usize = a.meta.chunk_shape().iter().product();
    touched
        .saturating_add(own)
        .saturating_mul(a.meta.dtype.size())
}

/// Rechunker's plan for chunks `src` -> `dst` of an array of `shape`, with read blocks that
/// `fits` accepts: read blocks are the source chunks, cut along the axes that shrink (to
/// multiples of the target) until one fits, then grown along the axes that grow as far as
/// they still fit; inner chunks are the smaller of read and target. None if no read block
/// fits (a target block alone is too big).
pub fn plan(
    shape: &[usize],
    src: &[usize],
    dst: &[usize],
    fits: impl Fn(&[usize]) -> bool,
) -> Option<Plan> {
    let dst: Vec<usize> = dst.iter().map(|&c| c.max(1)).collect();
    let src: Vec<usize> = src.iter().map(|&c| c.max(1)).collect();
    let splits: Vec<bool> = src.iter().zip(&dst).map(|(s, d)| s >= d).collect();
    let mut read: Vec<usize> = (0..shape.len())
        .map(|d| {
            if splits[d] {
                src[d].min(shape[d].max(1)).next_multiple_of(dst[d])
            } else {
                src[d]
            }
        })
        .collect();
    while !fits(&read) {
        let d = (0..read.len())
            .filter(|&d| splits[d] && read[d] > dst[d])
            .max_by_key(|&d| read[d] / dst[d])?;
        read[d] = (read[d] / dst[d] / 2).max(1) * dst[d];
    }
    for d in 0..read.len() {
        if !splits[d] {
            // The most source chunks along `d` that still fit (what a block holds grows
            // with it, so the first k that does not fit ends the search).
            let most = (dst[d] / src[d]).max(1);
            let grown = |k: usize| {
                let mut r = read.clone();
                r[d] = (src[d] * k).min(shape[d].max(1));
                r
            };
            let (mut lo, mut hi) = (1, most);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if fits(&grown(mid)) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            read = grown(lo);
        }
    }
    let inner = read.iter().zip(&dst).map(|(&r, &d)| r.min(d)).collect();
    Some(Plan { read, inner })
}

/// Bytes one task of stage 1 holds at its peak, with read blocks `read` (inner chunks the
/// smaller of read and `dst`), for source chunks `src` of `itemsize`-byte elements. Two
/// phases, the larger counts:
/// - building the block: the source blocks it is cut from (the whole run of source chunks
///   one read chunk touches along each axis), the compressed bytes of the one being
///   decoded (at most its size), and the block built;
/// - writing it: the block, its copy padded to a whole shard at the array's edge, the
///   encoded shard (bounded: incompressible data stays its size) and one inner chunk being
///   encoded (its extracted copy and its encoded bytes).
pub fn task_bytes(
    shape: &[usize],
    src: &[usize],
    dst: &[usize],
    read: &[usize],
    itemsize: usize,
) -> usize {
    let n = |c: &mut dyn Iterator<Item = usize>| {
        c.fold(1usize, |a, b| a.saturating_mul(b))
            .saturating_mul(itemsize)
    };
    let dims = 0..shape.len();
    let whole_src = |d: usize| shape[d].max(1).next_multiple_of(src[d].max(1));
    let touched = n(&mut dims.clone().map(|d| {
        let (r, s) = (read[d].clamp(1, shape[d].max(1)), src[d].max(1));
        let t = if r.is_multiple_of(s) {
            r
        } else if s.is_multiple_of(r) {
            s
        } else {
            (r / s + 2) * s
        };
        t.min(whole_src(d))
    }));
    let decoding = n(&mut dims.clone().map(|d| src[d].clamp(1, shape[d].max(1))));
    let built = n(&mut dims.clone().map(|d| read[d].clamp(1, shape[d].max(1))));
    let shard = n(&mut read.iter().map(|&r| r.max(1)));
    let edge = dims
        .clone()
        .any(|d| !shape[d].is_multiple_of(read[d].max(1)));
    let padded = if edge { shard } else { 0 };
    let inner: Vec<usize> = read
        .iter()
        .zip(dst)
        .map(|(&r, &c)| r.min(c).max(1))
        .collect();
    let inner_chunks = read
        .iter()
        .zip(&inner)
        .map(|(&r, &i)| r.max(1).div_ceil(i))
        .fold(1usize, |a, b| a.saturating_mul(b));
    // The shard's index: an offset and a length per inner chunk.
    let index = inner_chunks.saturating_mul(16);
    let encoding = 2 * n(&mut inner.iter().copied());
    let building = touched.saturating_add(decoding).saturating_add(built);
    let writing = built
        .saturating_add(padded)
        .saturating_add(shard)
        .saturating_add(index)
        .saturating_add(encoding);
    building.max(writing)
}

/// Bytes stage 1's task graph takes with read blocks `read`: a task per source block, and
/// per read block one that cuts it from the source blocks (a piece each) and one that
/// writes it ([`crate::budget::graph_bytes`] counts a built graph the same way).
pub fn stage_graph_bytes(shape: &[usize], src: &[usize], read: &[usize]) -> usize {
    use crate::budget::{piece_bytes, INPUT_BYTES, TASK_BYTES};
    let blocks = |c: &[usize]| {
        shape
            .iter()
            .zip(c)
            .map(|(&n, &c)| n.max(1).div_ceil(c.max(1)))
            .fold(1usize, |a, b| a.saturating_mul(b))
    };
    let (sources, reads) = (blocks(src), blocks(read));
    // Every source block is a piece of at least one read block; more where read blocks
    // cut source blocks.
    let pieces = sources.max(reads);
    let per_piece = piece_bytes(shape.len()) + INPUT_BYTES;
    sources
        .saturating_add(2 * reads)
        .saturating_mul(TASK_BYTES)
        .saturating_add(pieces.saturating_mul(per_piece))
}

/// What the process holds besides blocks and the task graph: the binary and its
/// libraries, thread stacks, the allocator's own records. Measured: `arrlang
/// --memory-limit 1GB -e 1` peaks at about 10 MB.
pub const PROCESS_BYTES: usize = 16_000_000;

/// Rechunker's plan for the rechunk `a` under `limit` with `threads` workers: every worker
/// may hold its [`task_bytes`] at once, beside the graph and [`PROCESS_BYTES`]; a tenth of
/// the limit is left for allocator slack and source blocks loaded ahead of their turn.
pub fn plan_under(a: &Arr, limit: usize, threads: usize) -> Option<Plan> {
    let shape = a.shape();
    let src = a.inputs[0].meta.chunk_shape();
    let dst = a.meta.chunk_shape();
    let size = a.meta.dtype.size();
    let room = limit - limit / 10;
    let fits = |read: &[usize]| {
        task_bytes(shape, &src, &dst, read, size)
            .saturating_mul(threads.max(1))
            .saturating_add(stage_graph_bytes(shape, &src, read))
            .saturating_add(PROCESS_BYTES)
            <= room
    };
    plan(shape, &src, &dst, fits)
}

/// The rechunks reachable from `reqs` (inputs before consumers), each once.
fn rechunks(reqs: &[Request]) -> Vec<Arr> {
    fn walk(a: &Arr, seen: &mut HashSet<usize>, out: &mut Vec<Arr>) {
        if !seen.insert(a.id) {
            return;
        }
        for i in &a.inputs {
            walk(i, seen, out);
        }
        if matches!(a.op, Op::Rechunk) {
            out.push(a.clone());
        }
    }
    let (mut seen, mut out) = (HashSet::new(), Vec::new());
    for r in reqs {
        match r {
            Request::Value(a) | Request::SaveNpy(a, _) => walk(a, &mut seen, &mut out),
            Request::SaveNc(_, vars) => vars.iter().for_each(|(_, a)| walk(a, &mut seen, &mut out)),
            Request::SaveZarr(_, vars) => {
                vars.iter().for_each(|(_, a)| walk(a, &mut seen, &mut out))
            }
        }
    }
    out
}

/// The rechunks in `reqs` that alone would hold over half of `limit` and have a plan
/// under it ([`plan_under`]), inputs first.
pub fn to_stage(reqs: &[Request], limit: usize, threads: usize) -> Vec<(Arr, Plan)> {
    rechunks(reqs)
        .into_iter()
        .filter(|a| direct_bytes(a) > limit / 2)
        .filter_map(|a| {
            let p = plan_under(&a, limit, threads)?;
            Some((a, p))
        })
        .collect()
}

impl Session {
    /// The rechunks of `reqs` [`to_stage`] picks that are not staged yet.
    pub(crate) fn rechunks_to_stage(&self, reqs: &[Request], limit: usize) -> Vec<(Arr, Plan)> {
        let threads = if self.opts.sequential {
            1
        } else {
            self.opts.threads
        };
        to_stage(reqs, limit, threads)
            .into_iter()
            .filter(|(a, _)| !self.staged.contains_key(&a.id))
            .collect()
    }

    /// Runs stage 1 of every rechunk in `picked`, and records its stage-2 load in
    /// `self.staged`.
    pub(crate) fn stage_rechunks(&mut self, picked: &[(Arr, Plan)]) -> Result<(), Failure> {
        for (a, p) in picked {
            // An earlier stage may have staged this one too (inside its own input).
            if !self.staged.contains_key(&a.id) {
                self.stage(a, p)?;
            }
        }
        Ok(())
    }

    /// Where no order fits `limit`: rewrites `g` to spill blocks (`spilling.rs`) and gives
    /// the new order and its planned peak (unchanged if nothing could be spilled).
    pub(crate) fn spill_blocks(
        &mut self,
        g: &mut crate::graph::TaskGraph,
        order: Vec<petgraph::stable_graph::NodeIndex>,
        peak: usize,
        limit: usize,
    ) -> Result<(Vec<petgraph::stable_graph::NodeIndex>, usize), Failure> {
        let dir = self.spill_path()?;
        // The planned peak is one worker's; leave room for the blocks others hold.
        let target = limit / 2;
        match crate::spilling::spill(g, &order, target, &dir) {
            Some(s) => {
                self.spill.blocks += s.blocks;
                self.spill.block_bytes += s.bytes;
                let peak = crate::budget::planned_peak(g, &s.order);
                Ok((s.order, peak))
            }
            None => Ok((order, peak)),
        }
    }

    /// The computation's spill directory, made on first use.
    fn spill_path(&mut self) -> Result<std::path::PathBuf, Failure> {
        if self.spill_dir.is_none() {
            let d = crate::io::spill::SpillDir::create().map_err(|m| {
                Failure::from(crate::diagnostic::Diagnostic::new(
                    crate::diagnostic::codes::IO,
                    m,
                ))
            })?;
            self.spill_dir = Some(d);
        }
        Ok(self
            .spill_dir
            .as_ref()
            .expect("just made")
            .path()
            .to_path_buf())
    }

    /// Stage 1 of rechunk `a`: its input, in read blocks, into a store of the spill
    /// directory; then `a` lowers as a load of that store.
    fn stage(&mut self, a: &Arr, p: &Plan) -> Result<(), Failure> {
        let io = |m: String| {
            Failure::from(crate::diagnostic::Diagnostic::new(
                crate::diagnostic::codes::IO,
                m,
            ))
        };
        let t0 = std::time::Instant::now();
        let dir = self.spill_path()?;
        let path = dir.join(format!("stage-{}.zarr", self.spill.stages));
        let read_chunks = a
            .shape()
            .iter()
            .zip(&p.read)
            .map(|(&n, &c)| chunks::regular(n, c))
            .collect();
        let x = crate::expr::build::rechunk_to(&a.inputs[0], read_chunks);
        let var = ZarrVar {
            name: "a".into(),
            shape: a.shape().to_vec(),
            dtype: a.meta.dtype,
            dims: None,
            attrs: Vec::new(),
            chunks: p.read.clone(),
            subchunks: Some(p.inner.clone()),
            compress: true,
            fast: true,
        };
        self.compute(&[Request::SaveZarr(path.clone(), vec![(var, x)])])?;
        let source = crate::io::zarr::open(&path, Some("a")).map_err(|e| io(format!("{e:?}")))?;
        let load = Node::new(Op::Load { source }, vec![], a.meta.clone(), a.span.clone());
        self.staged.insert(a.id, load);
        self.spill.stages += 1;
        self.spill.bytes += a.meta.nbytes();
        self.spill.stage_secs += t0.elapsed().as_secs_f64();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// W10's time chunks to space chunks: read blocks grow along time while a task's peak
    /// fits; inner chunks are target-sized in space.
    #[test]
    fn plan_time_to_space() {
        let mb = 1_000_000;
        let (shape, src, dst) = ([360, 721, 1440], [1, 721, 1440], [360, 40, 40]);
        let under =
            |budget: usize| move |r: &[usize]| task_bytes(&shape, &src, &dst, r, 4) <= budget;
        let p = plan(&shape, &src, &dst, under(40 * mb)).unwrap();
        // 721 rounds up to 19 target chunks of 40 (760): k steps hold 4.15k MB read, the
        // same built, and 4.38k MB padded plus as much encoded: 12.9k MB at most.
        assert_eq!(p.read, vec![3, 760, 1440]);
        assert_eq!(p.inner, vec![3, 40, 40]);
        assert!(task_bytes(&shape, &src, &dst, &[4, 760, 1440], 4) > 40 * mb);
        // Nothing fits: no plan.
        assert_eq!(plan(&shape, &src, &dst, |_| false), None);
        // Read blocks are cut along the axes that shrink while a task is over budget: a
        // 256 MB source field is read whole (and decoded beside its compressed bytes), so
        // 576 MB is what a quarter of it costs; under 100 MB nothing fits.
        let (shape, src, dst) = ([10, 8000, 8000], [1, 8000, 8000], [10, 100, 100]);
        let under =
            |budget: usize| move |r: &[usize]| task_bytes(&shape, &src, &dst, r, 4) <= budget;
        let p = plan(&shape, &src, &dst, under(600 * mb)).unwrap();
        assert_eq!(p.read, vec![1, 4000, 4000]);
        assert_eq!(p.inner, vec![1, 100, 100]);
        assert_eq!(plan(&shape, &src, &dst, under(100 * mb)), None);
    }

    /// What a stage-1 task holds, counted by hand: 8 MB float64 fields cut in halves.
    #[test]
    fn task_bytes_counts_both_phases() {
        let (shape, src, dst) = ([100, 1000, 1000], [1, 1000, 1000], [100, 50, 50]);
        // Building (2, 1000, 500): two whole source fields (16 MB), one more being decoded
        // (8 MB) and the block (8 MB). Writing: the block and its encoded shard (8 MB each,
        // no edge), the shard index (200 inner chunks) and one inner chunk twice.
        assert_eq!(
            task_bytes(&shape, &src, &dst, &[2, 1000, 500], 8),
            32_000_000
        );
        // (3, 1000, 1000) on (100, 1000, 1000): the last block is padded to 3 steps.
        let writing = 3 * 8_000_000 * 2 + 3 * 8_000_000 + 20 * 20 * 16 + 2 * 3 * 50 * 50 * 8;
        let building = 3 * 8_000_000 + 8_000_000 + 3 * 8_000_000;
        assert_eq!(
            task_bytes(&shape, &src, &dst, &[3, 1000, 1000], 8),
            building.max(writing)
        );
    }
}
