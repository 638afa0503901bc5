//! Scans: one block and an axis -> its running sums or products (`cumsum` and friends), plus
//! the two small steps that carry a scan across chunk boundaries.
//!
//! ```text
//! x(0) -> scan(0) ----------------------------> out(0) = scan(0)
//! x(1) -> scan(1) --------------------+
//!            carry(1) = last(scan(0))  +-------> out(1) = scan(1) (+) carry(1)
//! x(2) -> scan(2) --------------------+
//!            carry(2) = carry(1) (+) last(scan(1)) -> out(2) = scan(2) (+) carry(2)
//! ```

use super::complex::Cx;
use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, Axis};

/// Which running reduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanOp {
    CumSum,
    CumProd,
    /// NaN counts as 0.
    NanCumSum,
    /// NaN counts as 1.
    NanCumProd,
}

impl ScanOp {
    pub fn name(self) -> &'static str {
        match self {
            ScanOp::CumSum => "cumsum",
            ScanOp::CumProd => "cumprod",
            ScanOp::NanCumSum => "nancumsum",
            ScanOp::NanCumProd => "nancumprod",
        }
    }

    fn is_sum(self) -> bool {
        matches!(self, ScanOp::CumSum | ScanOp::NanCumSum)
    }

    fn skips_nan(self) -> bool {
        matches!(self, ScanOp::NanCumSum | ScanOp::NanCumProd)
    }

    /// numpy's result dtype: booleans and integers accumulate in int64, floats keep theirs.
    pub fn out_dtype(in_dtype: DType) -> DType {
        in_dtype.sum_dtype()
    }
}

/// The element operations a scan needs, for the dtypes a scan produces.
trait Acc: Copy {
    fn add(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn zero() -> Self;
    fn one() -> Self;
    fn is_nan(self) -> bool;
}

macro_rules! int_acc {
    ($($t:ty),+) => {$(
        impl Acc for $t {
            // numpy wraps on integer overflow.
            fn add(self, o: Self) -> Self {
                self.wrapping_add(o)
            }
            fn mul(self, o: Self) -> Self {
                self.wrapping_mul(o)
            }
            fn zero() -> Self {
                0
            }
            fn one() -> Self {
                1
            }
            fn is_nan(self) -> bool {
                false
            }
        }
    )+};
}
int_acc!(i64, u64);

macro_rules! float_acc {
    ($t:ty) => {
        impl Acc for $t {
            fn add(self, o: Self) -> Self {
                self + o
            }
            fn mul(self, o: Self) -> Self {
                self * o
            }
            fn zero() -> Self {
                0.0
            }
            fn one() -> Self {
                1.0
            }
            fn is_nan(self) -> bool {
                self.is_nan()
            }
        }
    };
}
float_acc!(f32);
float_acc!(f64);

impl<F: num_traits::Float> Acc for Cx<F> {
    fn add(self, o: Self) -> Self {
        Cx::add(self, o)
    }
    fn mul(self, o: Self) -> Self {
        Cx::mul(self, o)
    }
    fn zero() -> Self {
        Cx::new(F::zero(), F::zero())
    }
    fn one() -> Self {
        Cx::new(F::one(), F::zero())
    }
    fn is_nan(self) -> bool {
        Cx::is_nan(self)
    }
}

fn combine<T: Acc>(op: ScanOp) -> fn(T, T) -> T {
    if op.is_sum() {
        T::add
    } else {
        T::mul
    }
}

fn scan_typed<T: Acc>(mut a: ArrayD<T>, op: ScanOp, axis: usize) -> ArrayD<T> {
    if op.skips_nan() {
        let fill = if op.is_sum() { T::zero() } else { T::one() };
        a.mapv_inplace(|v| if v.is_nan() { fill } else { v });
    }
    let f = combine::<T>(op);
    if a.shape()[axis] > 1 {
        a.accumulate_axis_inplace(Axis(axis), |&prev, cur| *cur = f(prev, *cur));
    }
    a
}

/// Runs `$body` on the typed array of a block already cast to a scan's output dtype.
macro_rules! with_scan_block {
    ($b:expr, $a:ident => $body:expr) => {
        match $b {
            Block::I64($a) => Block::I64($body),
            Block::U64($a) => Block::U64($body),
            Block::F32($a) => Block::F32($body),
            Block::F64($a) => Block::F64($body),
            Block::C64($a) => Block::C64($body),
            Block::C128($a) => Block::C128($body),
            other => panic!("internal: scan block of dtype {}", other.dtype()),
        }
    };
}

/// The scan of one block along `axis`, in the output dtype.
pub fn scan_block(op: ScanOp, x: &Block, axis: usize) -> Block {
    let out = ScanOp::out_dtype(x.dtype());
    with_scan_block!(x.cast(out), a => scan_typed(a, op, axis))
}

fn last_along<T: Acc>(s: &ArrayD<T>, axis: usize, op: ScanOp) -> ArrayD<T> {
    let n = s.shape()[axis];
    if n == 0 {
        let mut shape = s.shape().to_vec();
        shape[axis] = 1;
        let id = if op.is_sum() { T::zero() } else { T::one() };
        return ArrayD::from_elem(shape, id);
    }
    s.index_axis(Axis(axis), n - 1)
        .insert_axis(Axis(axis))
        .to_owned()
}

/// The carry into the next block: `prev (+) last(scan)` (just `last(scan)` for the second
/// block). Its `axis` has length 1.
pub fn carry(op: ScanOp, prev: Option<&Block>, scan: &Block, axis: usize) -> Block {
    match (prev, scan) {
        (None, s) => with_scan_block!(s, a => last_along(a, axis, op)),
        (Some(Block::I64(p)), Block::I64(s)) => Block::I64(merge(p, last_along(s, axis, op), op)),
        (Some(Block::U64(p)), Block::U64(s)) => Block::U64(merge(p, last_along(s, axis, op), op)),
        (Some(Block::F32(p)), Block::F32(s)) => Block::F32(merge(p, last_along(s, axis, op), op)),
        (Some(Block::F64(p)), Block::F64(s)) => Block::F64(merge(p, last_along(s, axis, op), op)),
        (Some(Block::C64(p)), Block::C64(s)) => Block::C64(merge(p, last_along(s, axis, op), op)),
        (Some(Block::C128(p)), Block::C128(s)) => {
            Block::C128(merge(p, last_along(s, axis, op), op))
        }
        (Some(p), s) => panic!("internal: scan carry {} with {}", p.dtype(), s.dtype()),
    }
}

fn merge<T: Acc>(p: &ArrayD<T>, mut last: ArrayD<T>, op: ScanOp) -> ArrayD<T> {
    let f = combine::<T>(op);
    last.zip_mut_with(p, |l, &c| *l = f(c, *l));
    last
}

/// A block's scan with the carry from the blocks before it applied to every element.
pub fn apply_carry(op: ScanOp, scan: &Block, carry: &Block) -> Block {
    match (scan, carry) {
        (Block::I64(s), Block::I64(c)) => Block::I64(merge(c, s.clone(), op)),
        (Block::U64(s), Block::U64(c)) => Block::U64(merge(c, s.clone(), op)),
        (Block::F32(s), Block::F32(c)) => Block::F32(merge(c, s.clone(), op)),
        (Block::F64(s), Block::F64(c)) => Block::F64(merge(c, s.clone(), op)),
        (Block::C64(s), Block::C64(c)) => Block::C64(merge(c, s.clone(), op)),
        (Block::C128(s), Block::C128(c)) => Block::C128(merge(c, s.clone(), op)),
        (s, c) => panic!("internal: scan apply {} with {}", s.dtype(), c.dtype()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::IxDyn;

    fn f64s(shape: &[usize], v: Vec<f64>) -> Block {
        Block::F64(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
    }

    #[test]
    fn split_scan_equals_whole_scan() {
        // [1, 2, nan, 4, 5] in blocks [1, 2] [nan] [4, 5]: numpy nancumsum gives 1 3 3 7 12.
        let op = ScanOp::NanCumSum;
        let parts = [
            f64s(&[2], vec![1.0, 2.0]),
            f64s(&[1], vec![f64::NAN]),
            f64s(&[2], vec![4.0, 5.0]),
        ];
        let scans: Vec<Block> = parts.iter().map(|p| scan_block(op, p, 0)).collect();
        let c1 = carry(op, None, &scans[0], 0);
        let c2 = carry(op, Some(&c1), &scans[1], 0);
        let out = apply_carry(op, &scans[2], &c2);
        assert_eq!(out.to_f64_vec(), vec![7.0, 12.0]);
        assert_eq!(apply_carry(op, &scans[1], &c1).to_f64_vec(), vec![3.0]);
    }

    #[test]
    fn bool_cumsum_counts_in_int64() {
        let b = Block::Bool(ArrayD::from_shape_vec(IxDyn(&[3]), vec![true, false, true]).unwrap());
        let s = scan_block(ScanOp::CumSum, &b, 0);
        assert_eq!(
            s,
            Block::I64(ArrayD::from_shape_vec(IxDyn(&[3]), vec![1, 1, 2]).unwrap())
        );
    }
}
