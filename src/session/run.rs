//! The run path: requests -> blocks. Lowers and optimizes the graph, keeps it within
//! `--memory-limit` (staged rechunks, `staging.rs`; spilled blocks, `spilling.rs`; else
//! E0402), chooses the scheduler (threads, sequential or a Dask cluster) and runs it.

use super::requests::check_limits;
use super::{human_bytes, Failure, Session, INTERRUPTED};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::{chunks, eager};
use crate::kernels::layout::{self, Piece};
use crate::kernels::Block;
use crate::lower::{lower_with, Request};
use crate::schedule::{self, RunStats, Scheduler};

impl Session {
    /// Computes requests; Value requests give whole blocks. Over `--memory-limit`, rechunks
    /// go through a spill directory (`staging.rs`), removed when the computation ends.
    pub fn compute(&mut self, reqs: &[Request]) -> Result<Vec<Option<Block>>, Failure> {
        if self.depth == 0 {
            self.spill = Default::default();
            self.last_stats = RunStats::default();
        }
        self.depth += 1;
        let r = self.compute_staged(reqs);
        self.depth -= 1;
        if self.depth == 0 {
            self.staged.clear();
            if let Some(d) = &self.spill_dir {
                self.spill.disk_bytes = d.disk_bytes();
            }
            // Dropping it removes the directory and everything spilled.
            self.spill_dir = None;
        }
        r
    }

    fn compute_staged(&mut self, reqs: &[Request]) -> Result<Vec<Option<Block>>, Failure> {
        if reqs.is_empty() {
            return Ok(Vec::new());
        }
        if self.opts.reference {
            return reqs
                .iter()
                .map(|r| match r {
                    Request::Value(a) => eager::evaluate(a).map(Some).map_err(|m| {
                        Failure::from(
                            Diagnostic::new(codes::RUNTIME, m)
                                .label(a.span.clone(), "while computing this"),
                        )
                    }),
                    Request::SaveNpy(..) | Request::SaveNc(..) | Request::SaveZarr(..) => Ok(None),
                })
                .collect();
        }
        check_limits(reqs)?;
        let t0 = std::time::Instant::now();
        let mut g = lower_with(reqs, &self.staged);
        let t1 = std::time::Instant::now();
        if self.opts.optimize {
            crate::optimize::optimize(&mut g);
        }
        let t2 = std::time::Instant::now();
        if self.plan_only {
            self.planned = Some(g);
            return Err(Diagnostic::new(codes::INTERNAL, "graph planned, not run").into());
        }
        // A block larger than the memory can never be computed: refuse before starting.
        let biggest =
            g.g.node_indices()
                .map(|n| {
                    let t = &g.g[n];
                    crate::expr::limits::product(t.shape.iter().map(|&d| d as u128))
                        .unwrap_or(u128::MAX)
                        .saturating_mul(t.dtype.size() as u128)
                })
                .max()
                .unwrap_or(0);
        // With `--memory-limit`, the planned peak below (never less than one block) is the
        // finer check; without one, the machine's memory bounds every block.
        let ceiling = if self.memory_limit.is_some() {
            Ok(())
        } else {
            crate::expr::limits::check_block(biggest, None)
        };
        if let Err(d) = ceiling {
            let span = output_span(&g);
            return Err(d.label(span, "computing this").into());
        }
        // Over the limit in any order (a direct all-to-all rechunk): stage without ordering
        // the direct graph first, seconds on a large rechunk.
        let hopeless = self
            .memory_limit
            .is_some_and(|limit| crate::budget::peak_floor(&g) > limit);
        let mut order = if hopeless {
            Vec::new()
        } else {
            crate::order::order(&g)
        };
        if let Some(limit) = self.memory_limit {
            let mut peak = if hopeless {
                usize::MAX
            } else {
                crate::budget::planned_peak(&g, &order)
            };
            let picked = if peak > limit {
                self.rechunks_to_stage(reqs, limit)
            } else {
                Vec::new()
            };
            if !picked.is_empty() {
                // The direct plan is not needed while the stages run, and its graph is big
                // (a piece per input block in every output block of an all-to-all rechunk:
                // tens of MB at 2 GB): free it first.
                drop(std::mem::take(&mut g));
                drop(std::mem::take(&mut order));
                self.stage_rechunks(&picked)?;
                drop(picked);
                g = lower_with(reqs, &self.staged);
                if self.opts.optimize {
                    crate::optimize::optimize(&mut g);
                }
                order = crate::order::order(&g);
                peak = crate::budget::planned_peak(&g, &order);
            } else if hopeless {
                order = crate::order::order(&g);
                peak = crate::budget::planned_peak(&g, &order);
            }
            if peak > limit {
                (order, peak) = self.spill_blocks(&mut g, order, peak, limit)?;
            }
            if peak > limit {
                let span = output_span(&g);
                return Err(Diagnostic::new(
                    codes::MEMORY,
                    format!(
                        "this computation would hold {} at once, over the memory limit of {}",
                        human_bytes(peak),
                        human_bytes(limit)
                    ),
                )
                .label(span, "computing this")
                .note("use smaller chunks (`rechunk`), or raise `--memory-limit`")
                .into());
            }
        }
        let t3 = std::time::Instant::now();
        let sched = if self.opts.sequential {
            Scheduler::Sequential
        } else {
            Scheduler::Threaded(self.opts.threads, self.memory_limit)
        };
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &self.cluster {
                Some(c) => {
                    let history = crate::cluster::History {
                        predefined: self.predefined.iter().map(|s| s.to_string()).collect(),
                        entries: self.sources.iter().map(|(_, s)| s.to_string()).collect(),
                        want: self.want.clone(),
                    };
                    // Saves run on the client: its files are renamed into place as locally.
                    crate::cluster::client::run(c, &history, &self.opts, &g, &order).and_then(|r| {
                        schedule::commit_saves(&g)?;
                        Ok(r)
                    })
                }
                None => schedule::run(&g, &order, sched),
            }));
        let (blocks, stats) = match result {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                let span = g
                    .layers
                    .get(&e.layer)
                    .map(|l| l.span.clone())
                    .unwrap_or(0..0);
                if e.message == "interrupted" {
                    return Err(Diagnostic::new(codes::RUNTIME, INTERRUPTED).into());
                }
                let origin = self
                    .sources
                    .iter()
                    .rev()
                    .find(|(first, _)| *first <= e.layer)
                    .map(|(_, src)| src.clone());
                let code = if e.computing {
                    codes::RUNTIME
                } else {
                    codes::IO
                };
                return Err(Failure {
                    diagnostics: vec![
                        Diagnostic::new(code, e.message).label(span, "while computing this")
                    ],
                    origin,
                });
            }
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                return Err(
                    Diagnostic::new(codes::INTERNAL, format!("internal error: {msg}"))
                        .note("this is a bug in arrlang")
                        .into(),
                );
            }
        };
        self.last_stats.tasks += stats.tasks;
        self.last_stats.peak_bytes = self.last_stats.peak_bytes.max(stats.peak_bytes);
        let t4 = std::time::Instant::now();
        self.last_timings = [t1 - t0, t2 - t1, t3 - t2, t4 - t3].map(|d| d.as_secs_f64());
        // Save outputs produce no blocks; value outputs are joined into whole arrays.
        let out = g
            .outputs
            .iter()
            .zip(blocks)
            .map(|(o, bs)| {
                bs.iter().all(Option::is_some).then(|| {
                    join_blocks(
                        &o.meta.shape,
                        o.meta.dtype,
                        &o.meta.chunks,
                        &o.grid.numblocks,
                        bs,
                    )
                })
            })
            .collect();
        // Freeing a million tasks takes a noticeable while: let another thread do it.
        if g.len() > 100_000 {
            std::thread::spawn(move || drop(g));
        }
        Ok(out)
    }
}

/// Puts a grid of blocks together into one block.
fn join_blocks(
    shape: &[usize],
    dtype: crate::dtype::DType,
    chunks: &[Vec<usize>],
    numblocks: &[usize],
    blocks: Vec<Option<Block>>,
) -> Block {
    let blocks: Vec<Block> = blocks
        .into_iter()
        .map(|b| b.expect("all blocks computed"))
        .collect();
    if blocks.len() == 1 {
        return blocks.into_iter().next().expect("one block");
    }
    let offs: Vec<Vec<usize>> = chunks.iter().map(|c| chunks::offsets(c)).collect();
    let pieces: Vec<Piece> = blocks
        .iter()
        .enumerate()
        .map(|(f, b)| {
            let idx = chunks::unravel(f, numblocks);
            Piece::whole(
                f,
                b.shape(),
                idx.iter().enumerate().map(|(d, &i)| offs[d][i]).collect(),
            )
        })
        .collect();
    let refs: Vec<&Block> = blocks.iter().collect();
    layout::assemble(shape, dtype, &refs, &pieces)
}

/// Where the first output of `g` was asked for (what a whole-run error points at).
fn output_span(g: &crate::graph::TaskGraph) -> crate::source::Span {
    g.output_tasks()
        .first()
        .and_then(|&n| g.layers.get(&g.g[n].layer))
        .map(|l| l.span.clone())
        .unwrap_or(0..0)
}
