//! Block means of a 2-D array, streamed: each chunk -> the sums and counts (NaN skipped) of
//! the `f`×`f` windows it touches; all chunks' records -> the grid of window means. Edge
//! windows average what they have, as `render::imshow::block_means` does on a whole array
//! (same sums in the same order when the chunks' edges fall on window edges).

use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, IxDyn};

/// Windows of side `f` touched by `len` positions from `start`: (first window, count).
pub fn windows(start: usize, len: usize, f: usize) -> (usize, usize) {
    if len == 0 {
        return (start / f, 0);
    }
    let first = start / f;
    (first, (start + len - 1) / f - first + 1)
}

/// One chunk at `origin` (its first row and column in the whole array) -> a float64 block
/// of shape `(2, rows, cols)` over the windows it touches: sums, then non-NaN counts.
pub fn coarsen_chunk(x: &Block, f: usize, origin: (usize, usize)) -> Block {
    let (h, w) = (x.shape()[0], x.shape()[1]);
    let (r0, nh) = windows(origin.0, h, f);
    let (c0, nw) = windows(origin.1, w, f);
    let mut out = vec![0.0; 2 * nh * nw];
    let (sum, count) = out.split_at_mut(nh * nw);
    let cast;
    let a = match x {
        Block::F64(a) => a,
        other => {
            cast = other.cast(DType::F64);
            match &cast {
                Block::F64(a) => a,
                _ => unreachable!("cast to float64"),
            }
        }
    };
    // Per window column of each element of a row (the same for every row).
    let col_win: Vec<usize> = (0..w).map(|c| (origin.1 + c) / f - c0).collect();
    for (r, row) in a.outer_iter().enumerate() {
        let base = ((origin.0 + r) / f - r0) * nw;
        for (c, &v) in row.iter().enumerate() {
            if !v.is_nan() {
                sum[base + col_win[c]] += v;
                count[base + col_win[c]] += 1.0;
            }
        }
    }
    Block::F64(ArrayD::from_shape_vec(IxDyn(&[2, nh, nw]), out).expect("2×nh×nw"))
}

/// The records of [`coarsen_chunk`] (each at its chunk's `origin`) -> the `shape` grid of
/// window means (NaN where a window has no value).
pub fn coarsen_join(
    parts: &[&Block],
    origins: &[(usize, usize)],
    f: usize,
    shape: (usize, usize),
) -> Block {
    let (bh, bw) = shape;
    let mut sum = vec![0.0; bh * bw];
    let mut count = vec![0.0; bh * bw];
    for (p, &(r, c)) in parts.iter().zip(origins) {
        let Block::F64(p) = p else {
            unreachable!("coarsen records are float64")
        };
        let (nh, nw) = (p.shape()[1], p.shape()[2]);
        let data = p.as_slice().expect("a fresh record is contiguous");
        let (ps, pc) = data.split_at(nh * nw);
        let (r0, c0) = (r / f, c / f);
        for i in 0..nh {
            for j in 0..nw {
                let k = (r0 + i) * bw + c0 + j;
                sum[k] += ps[i * nw + j];
                count[k] += pc[i * nw + j];
            }
        }
    }
    let means: Vec<f64> = sum
        .iter()
        .zip(&count)
        .map(|(&s, &n)| if n == 0.0 { f64::NAN } else { s / n })
        .collect();
    Block::F64(ArrayD::from_shape_vec(IxDyn(&[bh, bw]), means).expect("bh×bw"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(h: usize, w: usize, v: &[f64]) -> Block {
        Block::F64(ArrayD::from_shape_vec(IxDyn(&[h, w]), v.to_vec()).unwrap())
    }

    #[test]
    fn chunks_of_any_alignment_give_the_whole_array_means() {
        // 5×7 over 3×3 windows, cut into chunks that straddle window edges.
        let (h, w, f) = (5, 7, 3);
        let d: Vec<f64> = (0..h * w)
            .map(|i| if i % 11 == 4 { f64::NAN } else { i as f64 })
            .collect();
        let (want, shape) = crate::render::imshow::block_means(&d, (h, w), f);
        let mut parts = Vec::new();
        let mut origins = Vec::new();
        for (r, rh) in [(0, 2), (2, 3)] {
            for (c, cw) in [(0, 4), (4, 3)] {
                let v: Vec<f64> = (r..r + rh)
                    .flat_map(|i| d[i * w + c..i * w + c + cw].to_vec())
                    .collect();
                parts.push(coarsen_chunk(&block(rh, cw, &v), f, (r, c)));
                origins.push((r, c));
            }
        }
        let refs: Vec<&Block> = parts.iter().collect();
        let got = coarsen_join(&refs, &origins, f, shape).to_f64_vec();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!(g == w || (g.is_nan() && w.is_nan()), "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn windows_touched() {
        assert_eq!(windows(0, 4, 3), (0, 2));
        assert_eq!(windows(4, 3, 3), (1, 2));
        assert_eq!(windows(6, 3, 3), (2, 1));
    }
}
