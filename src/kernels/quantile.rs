//! Order statistics: one block whose `axis` is whole -> the q-th quantile of every lane along
//! it (numpy's default "linear" method), by selection rather than a full sort.

use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, Axis, IxDyn};

/// The q-th quantile (0 <= q <= 1) of `v`, which it reorders; NaN if `v` is empty.
pub fn quantile_of(v: &mut [f64], q: f64) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let pos = q * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let t = pos - lo as f64;
    let cmp = |a: &f64, b: &f64| a.total_cmp(b);
    let (_, &mut a, above) = v.select_nth_unstable_by(lo, cmp);
    if t == 0.0 || above.is_empty() {
        return a;
    }
    let b = above.iter().copied().fold(f64::INFINITY, f64::min);
    // numpy's _lerp: exact at both ends, from the nearer end.
    if t >= 0.5 {
        b - (b - a) * (1.0 - t)
    } else {
        a + (b - a) * t
    }
}

/// The quantile of every lane of `x` along `axis` (removed from the result). With `skip_nan`
/// NaNs are dropped first (an all-NaN lane gives NaN); without, any NaN gives NaN.
pub fn quantile_block(x: &Block, axis: usize, q: f64, skip_nan: bool, out: DType) -> Block {
    let data = x.cast(DType::F64);
    let Block::F64(a) = data else {
        unreachable!("cast to f64")
    };
    let mut shape = a.shape().to_vec();
    shape.remove(axis);
    let mut vals = Vec::with_capacity(a.len());
    let mut lane = Vec::new();
    for l in a.lanes(Axis(axis)) {
        lane.clear();
        lane.extend(l.iter().copied().filter(|v| !(skip_nan && v.is_nan())));
        let r = if !skip_nan && lane.iter().any(|v| v.is_nan()) {
            f64::NAN
        } else {
            quantile_of(&mut lane, q)
        };
        vals.push(r);
    }
    let r = ArrayD::from_shape_vec(IxDyn(&shape), vals).expect("lane count");
    Block::F64(r).cast(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_quantiles_match_numpy() {
        // np.quantile([3, 1, 4, 1, 5], [0, .3, .5, 1]) -> 1, 1.4, 3, 5
        for (q, want) in [(0.0, 1.0), (0.3, 1.4), (0.5, 3.0), (1.0, 5.0)] {
            let got = quantile_of(&mut [3.0, 1.0, 4.0, 1.0, 5.0], q);
            assert!((got - want).abs() < 1e-12, "{q}: {got}");
        }
        assert!(quantile_of(&mut [], 0.5).is_nan());
    }
}
