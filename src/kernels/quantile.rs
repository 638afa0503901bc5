//! Order statistics: one block whose `axis` is whole -> the q-th quantile of every lane along
//! it (numpy's default "linear" method), by selection rather than a full sort.

use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, Axis, IxDyn};

/// The q-th quantile (0 <= q <= 1) of `v`, which it reorders; NaN if `v` is empty. numpy's
/// "linear" method to the bit, infinities included: index `(n - 1) q`, its floor and the
/// next value interpolated by numpy's `_lerp` (from the nearer end), so `inf - inf` and
/// `inf * 0` give NaN where numpy's do (`[1, inf]` at 0.5, `[1, 2, inf]` at 0.5).
pub fn quantile_of(v: &mut [f64], q: f64) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let pos = (n - 1) as f64 * q;
    let cmp = |a: &f64, b: &f64| a.total_cmp(b);
    if pos >= (n - 1) as f64 {
        // numpy takes the last value for both ends, its weight `pos + 1` (>= 1).
        let last = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        return lerp(last, last, pos + 1.0);
    }
    let lo = pos.floor() as usize;
    let (_, &mut a, above) = v.select_nth_unstable_by(lo, cmp);
    let b = above.iter().copied().fold(f64::INFINITY, f64::min);
    lerp(a, b, pos - lo as f64)
}

/// numpy's `_lerp`: exact at both ends, from the nearer end.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let d = b - a;
    if t >= 0.5 {
        b - d * (1.0 - t)
    } else {
        a + d * t
    }
}

/// numpy's median of `v` (which it reorders): the middle value, or the mean of the two
/// middle ones (`(a + b) / 2`, so `[1, inf]` gives inf where the 0.5 quantile is NaN).
pub fn median_of(v: &mut [f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let cmp = |a: &f64, b: &f64| a.total_cmp(b);
    let (below, &mut b, _) = v.select_nth_unstable_by(n / 2, cmp);
    if n % 2 == 1 {
        return b;
    }
    let a = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (a + b) / 2.0
}

/// How numpy computes an order statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum How {
    /// A float `q`: numpy's "linear" method, [`quantile_of`].
    Linear,
    /// An integer `q` (0 or 1, `quantile` and `nanquantile` only): numpy takes the value at
    /// index `(n - 1) q` without interpolating (so `[-inf, -inf, 3]` at 0 is -inf, at 0.0 NaN).
    Index,
    /// `median`: [`median_of`].
    Median,
}

/// The `q`-th quantile (or the median, by `how`) of every lane of `x` along `axis` (removed
/// from the result). With `skip_nan` NaNs are dropped first (an all-NaN lane gives NaN);
/// without, any NaN gives NaN.
pub fn quantile_block(
    x: &Block,
    axis: usize,
    q: f64,
    how: How,
    skip_nan: bool,
    out: DType,
) -> Block {
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
            match how {
                How::Linear => quantile_of(&mut lane, q),
                How::Index if lane.is_empty() => f64::NAN,
                How::Index => {
                    let k = ((lane.len() - 1) as f64 * q) as usize;
                    *lane.select_nth_unstable_by(k, |a, b| a.total_cmp(b)).1
                }
                How::Median => median_of(&mut lane),
            }
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

    #[test]
    fn infinities_as_numpy() {
        let inf = f64::INFINITY;
        // numpy 2.4: np.quantile(v, q) and np.median(v) (NaN written as None)
        let cases: &[(&[f64], f64, Option<f64>, Option<f64>)] = &[
            (&[1.0, inf], 0.5, None, Some(inf)),
            (&[1.0, inf], 0.25, Some(inf), Some(inf)),
            (&[-inf, 1.0], 0.75, Some(-inf), Some(-inf)),
            (&[-inf, 1.0], 0.5, Some(-inf), Some(-inf)),
            (&[-inf, inf], 0.5, None, None),
            (&[inf, inf], 0.3, None, Some(inf)),
            (&[1.0, 2.0, inf], 0.5, None, Some(2.0)),
            (&[1.0, 2.0, inf], 1.0, None, Some(2.0)),
            (&[1.0, 2.0, inf], 0.0, Some(1.0), Some(2.0)),
            (&[-inf, -inf, 3.0], 0.0, None, Some(-inf)),
            (&[1.0, 2.0, 3.0, inf], 0.5, Some(2.5), Some(2.5)),
            (&[4.0, 1.0, 3.0], 1.0, Some(4.0), Some(3.0)),
        ];
        for (v, q, want_q, want_m) in cases {
            let got = quantile_of(&mut v.to_vec(), *q);
            match want_q {
                Some(w) => assert_eq!(got, *w, "quantile({v:?}, {q})"),
                None => assert!(got.is_nan(), "quantile({v:?}, {q}) = {got}"),
            }
            let got = median_of(&mut v.to_vec());
            match want_m {
                Some(w) => assert_eq!(got, *w, "median({v:?})"),
                None => assert!(got.is_nan(), "median({v:?}) = {got}"),
            }
        }
    }
}
