//! Chunk arithmetic: automatic chunk sizes, user chunk specs, unifying grids, offsets.

use super::node::Chunks;

/// Target bytes per chunk when the user gives none (dask's "auto" uses 128 MiB).
pub const AUTO_CHUNK_BYTES: usize = 128 << 20;

/// Most bytes an automatic chunk (creation or file default) may have in this process.
static CHUNK_CAP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(usize::MAX);

/// Under `--memory-limit`, automatic chunks get smaller: each of `threads` workers holds the
/// block it computes, its inputs and a converted copy (a float32 chunk read as float64)
/// beyond the blocks the plan counts, so a chunk is kept to an eighth of the limit's share
/// per worker.
pub fn cap_for_memory_limit(limit: usize, threads: usize) {
    let cap = (limit / (8 * threads.max(1))).max(1 << 20);
    CHUNK_CAP.store(cap, std::sync::atomic::Ordering::Relaxed);
}

/// `bytes`, or less under `--memory-limit` (see [`cap_for_memory_limit`]).
pub fn target_bytes(bytes: usize) -> usize {
    bytes.min(CHUNK_CAP.load(std::sync::atomic::Ordering::Relaxed))
}

/// Regular chunks of `size` along one axis: `[c, c, ..., rest]` (one empty chunk for size 0).
pub fn regular(size: usize, c: usize) -> Vec<usize> {
    if size == 0 {
        return vec![0];
    }
    let c = c.clamp(1, size);
    let mut v = vec![c; size / c];
    if !size.is_multiple_of(c) {
        v.push(size % c);
    }
    v
}

/// Automatic chunks: halve the largest chunk dimension until a chunk fits the target bytes,
/// so chunks stay close to cubes.
pub fn auto(shape: &[usize], itemsize: usize) -> Chunks {
    let c = auto_sizes(shape, itemsize);
    shape.iter().zip(&c).map(|(&s, &c)| regular(s, c)).collect()
}

/// The chunk length per axis [`auto`] picks (the shape must pass `limits::check_shape`).
pub fn auto_sizes(shape: &[usize], itemsize: usize) -> Vec<usize> {
    let mut c: Vec<usize> = shape.iter().map(|&s| s.max(1)).collect();
    let target = target_bytes(AUTO_CHUNK_BYTES);
    while c.iter().product::<usize>() * itemsize > target {
        let (i, _) = c
            .iter()
            .enumerate()
            .max_by_key(|(_, &v)| v)
            .expect("non-empty");
        c[i] = c[i].div_ceil(2);
    }
    c
}

/// Offsets of each block start along an axis (length `chunks.len() + 1`).
pub fn offsets(chunks: &[usize]) -> Vec<usize> {
    let mut o = Vec::with_capacity(chunks.len() + 1);
    let mut acc = 0;
    o.push(0);
    for &c in chunks {
        acc += c;
        o.push(acc);
    }
    o
}

/// The common refinement of two chunkings of the same axis (union of boundaries).
pub fn refine(a: &[usize], b: &[usize]) -> Vec<usize> {
    let (oa, ob) = (offsets(a), offsets(b));
    let mut bounds: Vec<usize> = oa.iter().chain(ob.iter()).copied().collect();
    bounds.sort_unstable();
    bounds.dedup();
    let v: Vec<usize> = bounds.windows(2).map(|w| w[1] - w[0]).collect();
    if v.is_empty() {
        vec![0]
    } else {
        v
    }
}

/// Merges consecutive chunks while their sum stays within `target` (used after strided
/// slices and reductions leave tiny chunks).
pub fn merge_small(chunks: &[usize], target: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &c in chunks {
        match out.last_mut() {
            Some(last) if *last + c <= target => *last += c,
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        out.push(0);
    }
    out
}

/// Row-major multi-index of block number `flat` in a grid of `numblocks`.
pub fn unravel(mut flat: usize, numblocks: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; numblocks.len()];
    for d in (0..numblocks.len()).rev() {
        let n = numblocks[d].max(1);
        idx[d] = flat % n;
        flat /= n;
    }
    idx
}

/// Row-major flat number of block `idx` in a grid of `numblocks`.
pub fn ravel(idx: &[usize], numblocks: &[usize]) -> usize {
    idx.iter()
        .zip(numblocks)
        .fold(0, |acc, (&i, &n)| acc * n + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_and_refine() {
        assert_eq!(regular(10, 4), vec![4, 4, 2]);
        assert_eq!(regular(0, 4), vec![0]);
        assert_eq!(refine(&[4, 4, 2], &[5, 5]), vec![4, 1, 3, 2]);
        assert_eq!(merge_small(&[1, 1, 1, 1, 1], 2), vec![2, 2, 1]);
    }

    #[test]
    fn auto_chunks_fit_target() {
        let c = auto(&[20000, 20000], 8);
        assert!(c[0][0] * c[1][0] * 8 <= AUTO_CHUNK_BYTES);
        assert_eq!(c[0].iter().sum::<usize>(), 20000);
        assert_eq!(auto(&[10], 8), vec![vec![10]]);
    }

    #[test]
    fn ravel_roundtrip() {
        let nb = [3, 4, 2];
        for f in 0..24 {
            assert_eq!(ravel(&unravel(f, &nb), &nb), f);
        }
    }
}
