//! Memory budget: a task graph and its order -> the bytes held at once when run in that
//! order, checked against `--memory-limit` before anything runs.
//!
//! Each task's block is held from when it runs until its last consumer has run; output
//! blocks until the end. This is the peak of one worker following the order; with N
//! workers the real peak can be higher by about N blocks in flight. The graph itself takes
//! memory too ([`graph_bytes`]): a direct all-to-all rechunk of 2 GB keeps a piece per
//! input block in every output block's task, tens of MB.

use crate::graph::{TaskGraph, TaskKind};
use petgraph::stable_graph::NodeIndex;

/// Bytes of one task in the graph besides its pieces: its record, its three small vectors
/// (inputs, block index, shape) with the allocator's header each, its node and index slots.
pub const TASK_BYTES: usize = std::mem::size_of::<crate::graph::Task>() + 3 * 32 + 64;

/// Bytes of one input of a task: its index, and the edge the graph keeps for it.
pub const INPUT_BYTES: usize = 4 + 32;

/// Bytes of one piece of an assembling task, besides its `ndim` ranges and offsets.
pub const PIECE_BYTES: usize = std::mem::size_of::<crate::kernels::layout::Piece>() + 2 * 16;

/// Bytes of one piece of `ndim` axes: a range and an offset per axis.
pub fn piece_bytes(ndim: usize) -> usize {
    PIECE_BYTES
        + ndim
            * (std::mem::size_of::<crate::kernels::layout::Range1>() + std::mem::size_of::<usize>())
}

/// Bytes the task graph itself takes: every task ([`TASK_BYTES`]), its inputs and the pieces
/// of assembling tasks (a rechunk's).
pub fn graph_bytes(g: &TaskGraph) -> usize {
    g.g.node_indices()
        .map(|n| {
            let t = &g.g[n];
            let pieces = match &t.kind {
                TaskKind::Assemble(p) => {
                    p.iter().map(|p| piece_bytes(p.ranges.len())).sum::<usize>()
                }
                _ => 0,
            };
            TASK_BYTES + t.inputs.len() * INPUT_BYTES + pieces
        })
        .sum()
}

/// Bytes of the block a task produces.
fn bytes(g: &TaskGraph, n: NodeIndex) -> usize {
    let t = &g.g[n];
    t.shape.iter().product::<usize>() * t.dtype.size()
}

/// A floor under [`planned_peak`] in any order, without ordering: the largest block a task
/// makes plus its distinct inputs, all held while it runs. Cheap where ordering is not (a
/// direct all-to-all rechunk of gigabytes: seconds to order, only to be staged).
pub fn peak_floor(g: &TaskGraph) -> usize {
    let mut ins = Vec::new();
    g.g.node_indices()
        .map(|n| {
            ins.clear();
            ins.extend_from_slice(&g.g[n].inputs);
            ins.sort_unstable();
            ins.dedup();
            ins.iter()
                .fold(bytes(g, n), |a, &i| a.saturating_add(bytes(g, i)))
        })
        .max()
        .unwrap_or(0)
}

/// The largest total of blocks held at once when `order` runs.
pub fn planned_peak(g: &TaskGraph, order: &[NodeIndex]) -> usize {
    let mut consumers = vec![0usize; g.bound()];
    let distinct = |n: NodeIndex| {
        let mut ins = g.g[n].inputs.clone();
        ins.sort_unstable();
        ins.dedup();
        ins
    };
    for n in g.g.node_indices() {
        for i in distinct(n) {
            consumers[i.index()] += 1;
        }
    }
    let mut is_output = vec![false; g.bound()];
    for n in g.output_tasks() {
        is_output[n.index()] = true;
    }
    let (mut held, mut peak) = (0usize, 0usize);
    for &n in order {
        held += bytes(g, n);
        peak = peak.max(held);
        for i in distinct(n) {
            consumers[i.index()] -= 1;
            if consumers[i.index()] == 0 && !is_output[i.index()] {
                held -= bytes(g, i);
            }
        }
    }
    peak
}

/// Parses a size like `4GB`, `512 MB`, `2G`, `1.5GiB` or `1000000` (bytes).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let v: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (try 4GB or 512MB)"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024f64.powi(4),
        _ => {
            return Err(format!(
                "`{s}`: unknown unit `{unit}` (use B, kB, MB, GB, TB)"
            ))
        }
    };
    Ok((v * mult) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Options, Session};

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("4GB"), Ok(4_000_000_000));
        assert_eq!(parse_size("512 MB"), Ok(512_000_000));
        assert_eq!(parse_size("1.5GiB"), Ok(1_610_612_736));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
    }

    /// A sum over 100 chunks of 8 MB holds a few chunks; the whole array does not fit.
    #[test]
    fn planned_peak_and_the_limit() {
        let mut s = Session::new(Options::default());
        s.memory_limit = Some(100_000_000);
        let out = s
            .run("ones((10000, 10000), chunks=(1000, 1000)).sum()")
            .expect("a fused sum fits in 100 MB");
        assert_eq!(out, "100000000.0\n");
        assert!(s.last_stats.peak_bytes <= 100_000_000);
        // One 800 MB block does not fit.
        let e = s
            .run("x = ones((10000, 10000), chunks=(1000, 1000))\nrechunk(x, (10000, 10000)).sum()")
            .expect_err("over the limit");
        assert_eq!(e.diagnostics[0].code, crate::diagnostic::codes::MEMORY);
        let m = &e.diagnostics[0].message;
        assert!(m.ends_with("over the memory limit of 100.00 MB"), "{m}");
    }
}
