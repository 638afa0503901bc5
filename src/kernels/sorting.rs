//! Sorting and search: blocks -> sorted lanes (`sort argsort`), positions in a sorted table
//! (`searchsorted digitize isin interp`) and per-chunk bin counts (`histogram bincount`).
//!
//! Orders are numpy's: NaN sorts after every number, `-0.0` equals `0.0`, and sorts are
//! stable (numpy's `kind="stable"`; its default quicksort orders ties arbitrarily).

use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, Axis, IxDyn};
use std::cmp::Ordering;

/// An element type with numpy's sort order.
pub trait Key: Copy {
    /// `self` sorts before `o`.
    fn lt(self, o: Self) -> bool;
}

impl Key for bool {
    fn lt(self, o: bool) -> bool {
        !self & o
    }
}

macro_rules! int_key {
    ($($t:ty),*) => {$(
        impl Key for $t {
            fn lt(self, o: $t) -> bool {
                self < o
            }
        }
    )*};
}
int_key!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_key {
    ($($t:ty),*) => {$(
        impl Key for $t {
            fn lt(self, o: $t) -> bool {
                self < o || (o.is_nan() && !self.is_nan())
            }
        }
    )*};
}
float_key!(f32, f64);

/// numpy's complex order: lexicographic, and a NaN part sorts last (`R+Rj < R+nanj <
/// nan+Rj < nan+nanj`), as npysort's `CFLOAT_LT`.
impl<F: num_traits::Float> Key for super::complex::Cx<F> {
    fn lt(self, o: Self) -> bool {
        let (ar, ai, br, bi) = (self.re(), self.im(), o.re(), o.im());
        if ar < br {
            !ai.is_nan() || bi.is_nan()
        } else if ar > br {
            bi.is_nan() && !ai.is_nan()
        } else if ar == br || (ar.is_nan() && br.is_nan()) {
            ai < bi || (bi.is_nan() && !ai.is_nan())
        } else {
            br.is_nan()
        }
    }
}

fn order<T: Key>(a: &T, b: &T) -> Ordering {
    if a.lt(*b) {
        Ordering::Less
    } else if b.lt(*a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn sort_lanes<T: Key>(a: &ArrayD<T>, axis: usize) -> ArrayD<T> {
    let mut out = a.clone();
    let mut v = Vec::new();
    for mut lane in out.lanes_mut(Axis(axis)) {
        v.clear();
        v.extend(lane.iter().copied());
        v.sort_by(order);
        for (d, s) in lane.iter_mut().zip(&v) {
            *d = *s;
        }
    }
    out
}

fn argsort_lanes<T: Key>(a: &ArrayD<T>, axis: usize) -> ArrayD<i64> {
    let mut out = ArrayD::<i64>::zeros(a.raw_dim());
    let mut idx: Vec<usize> = Vec::new();
    for (lane, mut dst) in a
        .lanes(Axis(axis))
        .into_iter()
        .zip(out.lanes_mut(Axis(axis)))
    {
        let vals: Vec<T> = lane.iter().copied().collect();
        idx.clear();
        idx.extend(0..vals.len());
        idx.sort_by(|&i, &j| order(&vals[i], &vals[j]));
        for (d, &s) in dst.iter_mut().zip(&idx) {
            *d = s as i64;
        }
    }
    out
}

/// Every lane along `axis` sorted (`arg`: the positions that sort it, int64).
pub fn sort_block(x: &Block, axis: usize, arg: bool) -> Block {
    if arg {
        crate::with_block!(x, a => Block::I64(argsort_lanes(a, axis)))
    } else {
        crate::map_block!(x, a => sort_lanes(a, axis))
    }
}

/// A lookup of every element of a block in small whole tables (`Op::Lookup`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LookupOp {
    /// Tables `[a]` (sorted, 1-D): the insertion position of each element (int64).
    SearchSorted { right: bool },
    /// Tables `[bins]` (monotonic, 1-D): the bin of each element (int64).
    Digitize { right: bool },
    /// Tables `[sorted test values]`: whether each element is one of them (bool).
    IsIn { invert: bool },
    /// Tables `[xp, fp]` (float64): the piecewise-linear interpolant at each element.
    Interp {
        left: Option<f64>,
        right: Option<f64>,
    },
    /// Tables `[p]` (float64): the element unchanged when `p` is valid probabilities as numpy
    /// checks them (non-negative, summing to 1 within sqrt(eps)), else numpy's error.
    CheckProbabilities,
}

/// The dtype both sides of a comparison are cast to: int64 unless either is a float.
fn common(a: DType, b: DType) -> DType {
    if a.is_float() || b.is_float() {
        DType::F64
    } else {
        DType::I64
    }
}

fn flat<T: Copy>(a: &ArrayD<T>) -> Vec<T> {
    a.iter().copied().collect()
}

/// The position where `v` goes in sorted `t`: before equal elements, or after them (`right`).
fn search<T: Key>(t: &[T], v: T, right: bool) -> usize {
    if right {
        t.partition_point(|&e| !v.lt(e))
    } else {
        t.partition_point(|&e| e.lt(v))
    }
}

fn search_all<T: Key>(t: &[T], x: &ArrayD<T>, right: bool) -> ArrayD<i64> {
    x.mapv(|v| search(t, v, right) as i64)
}

fn digitize_all<T: Key>(t: &[T], x: &ArrayD<T>, right: bool) -> Result<ArrayD<i64>, String> {
    let inc = t.windows(2).all(|w| !w[1].lt(w[0]));
    let dec = t.windows(2).all(|w| !w[0].lt(w[1]));
    if !inc && !dec {
        return Err("bins must be monotonically increasing or decreasing".into());
    }
    if inc {
        return Ok(search_all(t, x, !right));
    }
    let rev: Vec<T> = t.iter().rev().copied().collect();
    let n = t.len() as i64;
    Ok(x.mapv(|v| n - search(&rev, v, !right) as i64))
}

fn isin_all<T: Key + PartialEq>(t: &[T], x: &ArrayD<T>, invert: bool) -> ArrayD<bool> {
    x.mapv(|v| {
        let i = search(t, v, false);
        // `==`, as numpy compares: NaN is in nothing.
        let found = i < t.len() && t[i] == v;
        found != invert
    })
}

/// numpy's `interp` (`compiled_base.c`): exact at the sample points, NaN stays NaN.
fn interp_one(x: f64, xp: &[f64], fp: &[f64], left: f64, right: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let n = xp.len();
    if x < xp[0] {
        return left;
    }
    if x > xp[n - 1] {
        return right;
    }
    // The last j with xp[j] <= x.
    let j = xp.partition_point(|&e| e <= x).saturating_sub(1);
    if j == n - 1 || xp[j] == x {
        return fp[j];
    }
    let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    let mut r = slope * (x - xp[j]) + fp[j];
    if r.is_nan() {
        r = slope * (x - xp[j + 1]) + fp[j + 1];
        if r.is_nan() && fp[j] == fp[j + 1] {
            r = fp[j];
        }
    }
    r
}

/// Looks up every element of `x` in `tables`; an error is a value numpy rejects too.
pub fn lookup(op: LookupOp, x: &Block, tables: &[&Block]) -> Result<Block, String> {
    let dt = common(x.dtype(), tables[0].dtype());
    let (x, t) = (x.cast(dt), tables[0].cast(dt));
    Ok(match op {
        LookupOp::SearchSorted { right } => match (&x, &t) {
            (Block::I64(x), Block::I64(t)) => Block::I64(search_all(&flat(t), x, right)),
            (Block::F64(x), Block::F64(t)) => Block::I64(search_all(&flat(t), x, right)),
            _ => unreachable!("cast to a common dtype"),
        },
        LookupOp::Digitize { right } => match (&x, &t) {
            (Block::I64(x), Block::I64(t)) => Block::I64(digitize_all(&flat(t), x, right)?),
            (Block::F64(x), Block::F64(t)) => Block::I64(digitize_all(&flat(t), x, right)?),
            _ => unreachable!("cast to a common dtype"),
        },
        LookupOp::IsIn { invert } => match (&x, &t) {
            (Block::I64(x), Block::I64(t)) => Block::Bool(isin_all(&flat(t), x, invert)),
            (Block::F64(x), Block::F64(t)) => Block::Bool(isin_all(&flat(t), x, invert)),
            _ => unreachable!("cast to a common dtype"),
        },
        LookupOp::CheckProbabilities => {
            let Block::F64(p) = &t else {
                unreachable!("cast to a common dtype")
            };
            if p.iter().any(|&v| v.is_nan() || v < 0.0) {
                return Err("probabilities are not non-negative".into());
            }
            let total: f64 = p.iter().sum();
            if (total - 1.0).abs() > f64::EPSILON.sqrt() {
                return Err(format!(
                    "probabilities do not sum to 1 (they sum to {total})"
                ));
            }
            x
        }
        LookupOp::Interp { left, right } => {
            let f64s = |b: &Block| match b.cast(DType::F64) {
                Block::F64(a) => flat(&a),
                _ => unreachable!("cast to f64"),
            };
            let (xp, fp) = (f64s(tables[0]), f64s(tables[1]));
            let l = left.unwrap_or(fp[0]);
            let r = right.unwrap_or(fp[fp.len() - 1]);
            let Block::F64(x) = x.cast(DType::F64) else {
                unreachable!("cast to f64")
            };
            Block::F64(x.mapv(|v| interp_one(v, &xp, &fp, l, r)))
        }
    })
}

/// A per-chunk count into fixed bins (`Op::Count`), summed over chunks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CountOp {
    /// Tables `[edges]` (float64, `bins + 1`): counts of each half-open bin, the last closed.
    /// `uniform`: equally spaced edges (the bin found by arithmetic, then checked against
    /// the edges as numpy does); `auto`: the edges came from the data's min and max.
    Histogram { uniform: bool, auto: bool },
    /// Counts of each value `0..len` of an integer array.
    BinCount { len: usize },
}

/// A float as Python prints it in messages (`nan`, `inf`).
fn py_float(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else {
        format!("{v:?}")
    }
}

fn add(counts: &mut [f64], i: usize, w: Option<f64>) {
    counts[i] += w.unwrap_or(1.0);
}

/// The counts of one chunk `x` (with its `weights`, if any): int64, or float64 when weighted.
pub fn count(
    op: CountOp,
    x: &Block,
    weights: Option<&Block>,
    tables: &[&Block],
) -> Result<Block, String> {
    let w: Option<Vec<f64>> = weights.map(|w| match w.cast(DType::F64) {
        Block::F64(a) => flat(&a),
        _ => unreachable!("cast to f64"),
    });
    let wi = |i: usize| w.as_ref().map(|w| w[i]);
    let counts = match op {
        CountOp::Histogram { uniform, auto } => {
            let Block::F64(e) = tables[0].cast(DType::F64) else {
                unreachable!("cast to f64")
            };
            let e = flat(&e);
            let n = e.len() - 1;
            let (lo, hi) = (e[0], e[n]);
            if auto && !(lo.is_finite() && hi.is_finite()) {
                return Err(format!(
                    "autodetected range of [{}, {}] is not finite",
                    py_float(lo),
                    py_float(hi)
                ));
            }
            if e.windows(2).any(|p| p[0] > p[1]) {
                return Err("`bins` must increase monotonically, when an array".into());
            }
            let mut c = vec![0.0; n];
            // A float64 chunk is read in place (a cast would copy it).
            let cast;
            let x = match x {
                Block::F64(a) => a,
                other => {
                    cast = other.cast(DType::F64);
                    let Block::F64(a) = &cast else {
                        unreachable!("cast to f64")
                    };
                    a
                }
            };
            let norm = n as f64 / (hi - lo);
            for (k, &v) in x.iter().enumerate() {
                // NaN fails both comparisons and is dropped, as numpy drops it.
                if !(v >= lo && v <= hi) {
                    continue;
                }
                let i = if uniform {
                    let mut i = (((v - lo) * norm) as usize).min(n - 1);
                    while i > 0 && v < e[i] {
                        i -= 1;
                    }
                    while i + 1 < n && v >= e[i + 1] {
                        i += 1;
                    }
                    i
                } else {
                    // Edges <= v, less one; the last edge closes the last bin.
                    e.partition_point(|&b| b <= v).clamp(1, n) - 1
                };
                add(&mut c, i, wi(k));
            }
            c
        }
        CountOp::BinCount { len } => {
            let Block::I64(x) = x.cast(DType::I64) else {
                unreachable!("cast to i64")
            };
            let mut c = vec![0.0; len];
            for (k, &v) in x.iter().enumerate() {
                if v < 0 {
                    return Err("'list' argument must have no negative elements".into());
                }
                if v as usize >= len {
                    return Err(format!(
                        "bincount: value {v} does not fit in minlength={len} bins"
                    ));
                }
                add(&mut c, v as usize, wi(k));
            }
            c
        }
    };
    let sh = IxDyn(&[counts.len()]);
    Ok(if weights.is_some() {
        Block::F64(ArrayD::from_shape_vec(sh, counts).expect("1-D"))
    } else {
        let c = counts.into_iter().map(|c| c as i64).collect();
        Block::I64(ArrayD::from_shape_vec(sh, c).expect("1-D"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: &[f64]) -> Block {
        Block::F64(ArrayD::from_shape_vec(IxDyn(&[v.len()]), v.to_vec()).unwrap())
    }

    #[test]
    fn sort_puts_nan_last_and_argsort_is_stable() {
        // np.sort([3, nan, -1, 3]) -> [-1, 3, 3, nan]; argsort(kind="stable") -> [2, 0, 3, 1]
        let x = f(&[3.0, f64::NAN, -1.0, 3.0]);
        let Block::F64(s) = sort_block(&x, 0, false) else {
            panic!()
        };
        assert_eq!(&flat(&s)[..3], &[-1.0, 3.0, 3.0]);
        assert!(s[[3]].is_nan());
        let Block::I64(a) = sort_block(&x, 0, true) else {
            panic!()
        };
        assert_eq!(flat(&a), vec![2, 0, 3, 1]);
    }

    #[test]
    fn interp_matches_numpy() {
        // np.interp([-1, 0.5, 1, 2.5, 9], [0, 1, 2, 3], [0, 10, 20, 0]) -> 0, 5, 10, 10, 0
        let (xp, fp) = ([0.0, 1.0, 2.0, 3.0], [0.0, 10.0, 20.0, 0.0]);
        let got: Vec<f64> = [-1.0, 0.5, 1.0, 2.5, 9.0]
            .iter()
            .map(|&x| interp_one(x, &xp, &fp, 0.0, 0.0))
            .collect();
        assert_eq!(got, vec![0.0, 5.0, 10.0, 10.0, 0.0]);
    }

    #[test]
    fn histogram_closes_the_last_bin() {
        // np.histogram([0, 1, 1, 2, 3, 9], bins=[0, 1, 2, 3]) -> [1, 2, 2]
        let x = f(&[0.0, 1.0, 1.0, 2.0, 3.0, 9.0]);
        let e = f(&[0.0, 1.0, 2.0, 3.0]);
        for uniform in [false, true] {
            let op = CountOp::Histogram {
                uniform,
                auto: false,
            };
            let Block::I64(c) = count(op, &x, None, &[&e]).unwrap() else {
                panic!()
            };
            assert_eq!(flat(&c), vec![1, 2, 2], "uniform {uniform}");
        }
    }
}
