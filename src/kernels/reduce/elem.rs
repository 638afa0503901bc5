//! Element types of the reductions: per-dtype identities, accumulators, NaN-aware min/max
//! and the pairwise `tree_fold` that every per-chunk step folds with.

use super::super::complex::{Cx, C128};
use super::super::program::TileRef;
use super::super::Block;
use ndarray::ArrayD;
use num_complex::Complex;

/// A sum/product accumulator: f64 for float inputs, wrapping i64 otherwise.
pub(crate) trait Acc: Copy + Default + PartialEq + 'static {
    const ONE: Self;
    fn add(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn block(a: ArrayD<Self>) -> Block;
}

impl Acc for f64 {
    const ONE: f64 = 1.0;
    #[inline(always)]
    fn add(self, o: f64) -> f64 {
        self + o
    }
    #[inline(always)]
    fn mul(self, o: f64) -> f64 {
        self * o
    }
    fn block(a: ArrayD<f64>) -> Block {
        Block::F64(a)
    }
}

impl Acc for C128 {
    const ONE: C128 = Cx(Complex::new(1.0, 0.0));
    #[inline(always)]
    fn add(self, o: C128) -> C128 {
        Cx::add(self, o)
    }
    #[inline(always)]
    fn mul(self, o: C128) -> C128 {
        Cx::mul(self, o)
    }
    fn block(a: ArrayD<C128>) -> Block {
        Block::C128(a)
    }
}

impl Acc for i64 {
    const ONE: i64 = 1;
    #[inline(always)]
    fn add(self, o: i64) -> i64 {
        self.wrapping_add(o)
    }
    #[inline(always)]
    fn mul(self, o: i64) -> i64 {
        self.wrapping_mul(o)
    }
    fn block(a: ArrayD<i64>) -> Block {
        Block::I64(a)
    }
}

/// An element type of a block, with what the reductions need to know about it.
pub(crate) trait Elem: Copy + Default + PartialOrd + 'static {
    type S: Acc;
    /// +inf / MAX / true: the identity of min.
    const HI: Self;
    /// -inf / MIN / false: the identity of max.
    const LO: Self;
    /// NaN for floats (nanmin of nothing but NaN is NaN), else `HI`.
    const NAN_HI: Self;
    /// NaN for floats, else `LO`.
    const NAN_LO: Self;
    fn to_s(self) -> Self::S;
    fn to_f64(self) -> f64;
    fn is_nan(self) -> bool;
    fn truthy(self) -> bool;
    fn block(a: ArrayD<Self>) -> Block;
    fn array(b: &Block) -> &ArrayD<Self>;
    fn array_mut(b: &mut Block) -> &mut ArrayD<Self>;
    fn tile(t: TileRef<'_>) -> &[Self];
}

macro_rules! elem {
    ($t:ty, $var:ident, $s:ty, $hi:expr, $lo:expr, $nhi:expr, $nlo:expr, $nan:expr, $f64:expr, $truthy:expr) => {
        elem!(
            $t,
            $var,
            $s,
            $hi,
            $lo,
            $nhi,
            $nlo,
            $nan,
            $f64,
            $truthy,
            |x: $t| x as $s
        );
    };
    ($t:ty, $var:ident, $s:ty, $hi:expr, $lo:expr, $nhi:expr, $nlo:expr, $nan:expr, $f64:expr, $truthy:expr, $to_s:expr) => {
        impl Elem for $t {
            type S = $s;
            const HI: $t = $hi;
            const LO: $t = $lo;
            const NAN_HI: $t = $nhi;
            const NAN_LO: $t = $nlo;
            #[inline(always)]
            fn to_s(self) -> $s {
                $to_s(self)
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                $f64(self)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                $nan(self)
            }
            #[inline(always)]
            fn truthy(self) -> bool {
                $truthy(self)
            }
            fn block(a: ArrayD<$t>) -> Block {
                Block::$var(a)
            }
            fn array(b: &Block) -> &ArrayD<$t> {
                match b {
                    Block::$var(a) => a,
                    _ => panic!(
                        "internal: expected a `{}` block, got `{}`",
                        stringify!($t),
                        b.dtype()
                    ),
                }
            }
            fn array_mut(b: &mut Block) -> &mut ArrayD<$t> {
                match b {
                    Block::$var(a) => a,
                    _ => panic!("internal: expected a `{}` record block", stringify!($t)),
                }
            }
            fn tile(t: TileRef<'_>) -> &[$t] {
                match t {
                    TileRef::$var(s) => s,
                    _ => panic!("internal: program tile of another dtype than its out_dtype"),
                }
            }
        }
    };
}

elem!(
    bool,
    Bool,
    i64,
    true,
    false,
    true,
    false,
    |_| false,
    |x: bool| x as u8 as f64,
    |x| x
);
macro_rules! int_elem {
    ($($t:ident $var:ident),+) => {$(
        elem!(
            $t,
            $var,
            i64,
            $t::MAX,
            $t::MIN,
            $t::MAX,
            $t::MIN,
            |_| false,
            |x: $t| x as f64,
            |x| x != 0
        );
    )+};
}
// Sums and products of every integer type accumulate in wrapping int64: for unsigned
// inputs its bits are numpy's wrapping uint64 result, which `finalize`'s cast recovers.
int_elem!(i8 I8, i16 I16, i32 I32, i64 I64, u8 U8, u16 U16, u32 U32, u64 U64);
elem!(
    f32,
    F32,
    f64,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NAN,
    f32::NAN,
    |x: f32| x.is_nan(),
    |x: f32| x as f64,
    |x| x != 0.0
);
elem!(
    f64,
    F64,
    f64,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::NAN,
    |x: f64| x.is_nan(),
    |x: f64| x,
    |x| x != 0.0
);

// Complex: sums and products accumulate in complex128; mean, var and std of complex are
// built from sums by the compiler (`expr::build::reduce`), so `to_f64` (the real part) only
// serves orderings. Min/max are numpy's lexicographic ones.
macro_rules! complex_elem {
    ($($f:ident $var:ident),+) => {$(
        elem!(
            Cx<$f>,
            $var,
            C128,
            Cx(Complex::new($f::INFINITY, $f::INFINITY)),
            Cx(Complex::new($f::NEG_INFINITY, $f::NEG_INFINITY)),
            Cx(Complex::new($f::NAN, $f::NAN)),
            Cx(Complex::new($f::NAN, $f::NAN)),
            |x: Cx<$f>| x.is_nan(),
            |x: Cx<$f>| x.re() as f64,
            |x: Cx<$f>| !x.is_zero(),
            |x: Cx<$f>| Cx::new(x.re() as f64, x.im() as f64)
        );
    )+};
}
complex_elem!(f32 C64, f64 C128);

// NaN-propagating min/max (numpy `minimum`/`maximum`) and NaN-skipping ones (`fmin`/`fmax`).
#[inline(always)]
pub(super) fn pmin<T: Elem>(a: T, b: T) -> T {
    if b < a || b.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
pub(super) fn pmax<T: Elem>(a: T, b: T) -> T {
    if b > a || b.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
pub(super) fn fmin<T: Elem>(a: T, b: T) -> T {
    if b < a || a.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
pub(super) fn fmax<T: Elem>(a: T, b: T) -> T {
    if b > a || a.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
pub(super) fn nan_to_s<T: Elem>(x: T) -> T::S {
    if x.is_nan() {
        T::S::default()
    } else {
        x.to_s()
    }
}
#[inline(always)]
pub(super) fn nan_to_f64<T: Elem>(x: T) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.to_f64()
    }
}
#[inline(always)]
pub(super) fn not_nan<T: Elem>(x: T) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        1.0
    }
}

/// Folds `map` of every element with the associative `op`: eight interleaved accumulators
/// (so the loop vectorises) at the leaves of a pairwise tree (so float sums stay accurate,
/// like numpy's pairwise summation).
#[inline]
pub(super) fn tree_fold<T: Copy, S: Copy>(
    s: &[T],
    id: S,
    map: impl Fn(T) -> S + Copy,
    op: impl Fn(S, S) -> S + Copy,
) -> S {
    const LEAF: usize = 1024;
    if s.len() > LEAF {
        let mid = (s.len() / 2) & !7;
        return op(
            tree_fold(&s[..mid], id, map, op),
            tree_fold(&s[mid..], id, map, op),
        );
    }
    let mut acc = [id; 8];
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        for i in 0..8 {
            acc[i] = op(acc[i], map(c[i]));
        }
    }
    let mut rest = id;
    for &x in chunks.remainder() {
        rest = op(rest, map(x));
    }
    let a = op(op(acc[0], acc[1]), op(acc[2], acc[3]));
    let b = op(op(acc[4], acc[5]), op(acc[6], acc[7]));
    op(op(a, b), rest)
}

// ---------------------------------------------------------------------------------------
// Axis geometry
