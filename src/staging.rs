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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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
}

impl SpillReport {
    /// One line saying what was spilled, if anything (`--stats`, `:info`).
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.stages > 0 {
            parts.push(format!(
                "{} rechunk{} through disk ({})",
                self.stages,
                if self.stages == 1 { "" } else { "s" },
                human_bytes(self.bytes)
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

/// Rechunker's plan for chunks `src` -> `dst` of an array of `shape` with blocks of at most
/// `budget` bytes: read blocks are the source chunks, cut along the axes that shrink (to
/// multiples of the target) until one fits, then grown along the axes that grow; inner
/// chunks are the smaller of read and target. None if a target block alone is over budget.
pub fn plan(
    shape: &[usize],
    src: &[usize],
    dst: &[usize],
    itemsize: usize,
    budget: usize,
) -> Option<Plan> {
    let bytes = |c: &[usize]| c.iter().product::<usize>().saturating_mul(itemsize);
    let dst: Vec<usize> = dst.iter().map(|&c| c.max(1)).collect();
    let src: Vec<usize> = src.iter().map(|&c| c.max(1)).collect();
    if bytes(&dst) > budget {
        return None;
    }
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
    while bytes(&read) > budget {
        let d = (0..read.len())
            .filter(|&d| splits[d] && read[d] > dst[d])
            .max_by_key(|&d| read[d] / dst[d])?;
        read[d] = (read[d] / dst[d] / 2).max(1) * dst[d];
    }
    for d in 0..read.len() {
        if !splits[d] {
            let room = (budget / bytes(&read).max(1)).max(1);
            let k = room.min(dst[d] / src[d]).max(1);
            read[d] = (src[d] * k).min(shape[d].max(1));
        }
    }
    let inner = read.iter().zip(&dst).map(|(&r, &d)| r.min(d)).collect();
    Some(Plan { read, inner })
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
/// within [`stage_budget`], inputs first.
pub fn to_stage(reqs: &[Request], limit: usize, threads: usize) -> Vec<(Arr, Plan)> {
    let budget = stage_budget(limit, threads);
    rechunks(reqs)
        .into_iter()
        .filter(|a| direct_bytes(a) > limit / 2)
        .filter_map(|a| {
            let src = a.inputs[0].meta.chunk_shape();
            let dst = a.meta.chunk_shape();
            let size = a.meta.dtype.size();
            // A target block too big for five per worker still stages with three (the
            // budget before edge padding and encoded shards were counted).
            let p = plan(a.shape(), &src, &dst, size, budget).or_else(|| {
                plan(
                    a.shape(),
                    &src,
                    &dst,
                    size,
                    limit / (3 * (threads.max(1) + 1)),
                )
            })?;
            Some((a, p))
        })
        .collect()
}

/// What a worker of stage 1 holds at once, in blocks: the source blocks a block is built
/// from, the block, its copy padded to whole shards at the array's edge, the encoded shard
/// (compressed, but incompressible data stays its size) and the inner chunks being
/// encoded. Measured (W10 at 1/20 size, 200 MB limit): counting 3 of them let the real peak
/// reach 176 MB where the plan said 62 MB.
const STAGE_BLOCKS_PER_WORKER: usize = 5;

/// Bytes one stage's block may take under `limit` with `threads` workers: each worker holds
/// [`STAGE_BLOCKS_PER_WORKER`] blocks, and one more worker's worth is left for what the
/// process holds besides (the task graph, the binary, blocks handed between workers).
pub fn stage_budget(limit: usize, threads: usize) -> usize {
    limit / (STAGE_BLOCKS_PER_WORKER * (threads.max(1) + 1))
}

impl Session {
    /// Runs stage 1 of every rechunk [`to_stage`] picks in `reqs`, and records its stage-2
    /// load in `self.staged`. Whether any was.
    pub(crate) fn stage_rechunks(
        &mut self,
        reqs: &[Request],
        limit: usize,
    ) -> Result<bool, Failure> {
        let threads = if self.opts.sequential {
            1
        } else {
            self.opts.threads
        };
        let picked: Vec<(Arr, Plan)> = to_stage(reqs, limit, threads)
            .into_iter()
            .filter(|(a, _)| !self.staged.contains_key(&a.id))
            .collect();
        for (a, p) in &picked {
            // An earlier stage may have staged this one too (inside its own input).
            if !self.staged.contains_key(&a.id) {
                self.stage(a, p)?;
            }
        }
        Ok(!picked.is_empty())
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
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Time chunks to space chunks: read blocks grow along time as far as the budget
    /// allows; inner chunks are target-sized in space.
    #[test]
    fn plan_time_to_space() {
        let mb = 1_000_000;
        let p = plan(
            &[360, 721, 1440],
            &[1, 721, 1440],
            &[360, 40, 40],
            4,
            16 * mb,
        )
        .unwrap();
        // 721 rounds up to 19 target chunks of 40 (760); one field of 760x1440 is 4.4 MB.
        assert_eq!(p.read, vec![3, 760, 1440]);
        assert_eq!(p.inner, vec![3, 40, 40]);
        // A target block over budget: no plan.
        assert_eq!(
            plan(&[360, 721, 1440], &[1, 721, 1440], &[360, 40, 40], 4, mb),
            None
        );
        // Source fields bigger than the budget are cut along the axes that shrink.
        let p = plan(
            &[10, 8000, 8000],
            &[1, 8000, 8000],
            &[10, 100, 100],
            4,
            16 * mb,
        )
        .unwrap();
        assert!(p.read.iter().product::<usize>() * 4 <= 16 * mb, "{p:?}");
        assert_eq!(p.read[0], 1);
        assert!(p.read[1] % 100 == 0 && p.read[2] % 100 == 0, "{p:?}");
    }
}
