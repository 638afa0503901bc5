//! Reductions in three steps: per-chunk partial records, pairwise combine, final aggregate.
//!
//! ```text
//! chunk -> reduce_chunk -> Partial ┐
//! chunk -> reduce_chunk -> Partial ┼-> combine (any tree) -> Partial -> finalize -> Block
//! chunk -> reduce_chunk -> Partial ┘
//! ```
//!
//! Record layout of a [`Partial`] (every block has the chunk's keepdims shape; `T` is the
//! input dtype):
//!
//! | op                          | blocks                                            |
//! |-----------------------------|---------------------------------------------------|
//! | Sum, NanSum, Prod           | `[acc]`: f64 for float inputs, i64 (wrapping) else |
//! | Min, Max, NanMin, NanMax    | `[value: T]`                                      |
//! | Any, All                    | `[bool]`                                          |
//! | Mean, NanMean               | `[count: f64, total: f64]`                        |
//! | Var, Std                    | `[count: f64, mean: f64, M2: f64]`                |
//! | ArgMin, ArgMax              | `[value: T, global index: i64]` (-1 = no element)  |
//!
//! Arg indices are global: the row-major flat index of `pos.offset + local` over the reduced
//! axes of `pos.full_shape` (for one axis `k`: `offset[k] + local`; for all axes: numpy's
//! flat index). Empty reductions never panic: sum 0, prod 1, mean/var nan, min/max the
//! dtype's extreme (numpy raises: the compiler should reject empty min/max/arg*), arg* -1.

use super::complex::{Cx, C128};
use super::program::{eval_program, for_each_tile, Program, TileRef};
use super::Block;
use crate::dtype::DType;
use crate::map_block;
use ndarray::{ArrayD, Axis, IxDyn, Zip};
use num_complex::Complex;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReduceOp {
    Sum,
    Prod,
    Min,
    Max,
    Any,
    All,
    Mean,
    Var {
        ddof: f64,
    },
    Std {
        ddof: f64,
    },
    /// only a single axis or all axes (flat index), as numpy
    ArgMin,
    ArgMax,
    NanSum,
    NanMean,
    NanMin,
    NanMax,
}

impl ReduceOp {
    /// The numpy name (`std`, `nanmean`, `argmax`, ...).
    pub fn name(self) -> &'static str {
        use ReduceOp::*;
        match self {
            Sum => "sum",
            Prod => "prod",
            Min => "min",
            Max => "max",
            Any => "any",
            All => "all",
            Mean => "mean",
            Var { .. } => "var",
            Std { .. } => "std",
            ArgMin => "argmin",
            ArgMax => "argmax",
            NanSum => "nansum",
            NanMean => "nanmean",
            NanMin => "nanmin",
            NanMax => "nanmax",
        }
    }

    /// numpy's result dtype for an input of dtype `x` (sum of bool/int32 is int64, of uint8
    /// uint64, mean of
    /// ints is float64, arg* give int64, any/all give bool, ...).
    pub fn result_dtype(self, x: DType) -> DType {
        use ReduceOp::*;
        match self {
            Sum | Prod | NanSum => x.sum_dtype(),
            Min | Max | NanMin | NanMax => x,
            Any | All => DType::Bool,
            Mean | NanMean | Var { .. } | Std { .. } => x.true_div(),
            ArgMin | ArgMax => DType::I64,
        }
    }

    /// The dtypes of the blocks of this op's [`Partial`] record for input dtype `x`.
    pub fn record_dtypes(self, x: DType) -> Vec<DType> {
        use ReduceOp::*;
        let acc = if x.is_complex() {
            DType::C128
        } else if x.is_float() {
            DType::F64
        } else {
            DType::I64
        };
        match self {
            Sum | Prod | NanSum => vec![acc],
            Min | Max | NanMin | NanMax => vec![x],
            Any | All => vec![DType::Bool],
            Mean | NanMean => vec![DType::F64; 2],
            Var { .. } | Std { .. } => vec![DType::F64; 3],
            ArgMin | ArgMax => vec![x, DType::I64],
        }
    }
}

/// A partial result: a small record of blocks, each with the keepdims shape of the chunk
/// (reduced axes have length 1). E.g. mean: (count, total); var: (count, mean, M2).
#[derive(Debug, Clone, PartialEq)]
pub struct Partial(pub Vec<Block>);

/// Where a chunk sits in the whole array, for arg* reductions' global indices.
#[derive(Debug, Clone, Copy)]
pub struct ChunkPos<'a> {
    pub offset: &'a [usize],
    pub full_shape: &'a [usize],
}

// ---------------------------------------------------------------------------------------
// Element types

/// A sum/product accumulator: f64 for float inputs, wrapping i64 otherwise.
trait Acc: Copy + Default + PartialEq + 'static {
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
trait Elem: Copy + Default + PartialOrd + 'static {
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

use crate::with_dtype as with_elem;

// NaN-propagating min/max (numpy `minimum`/`maximum`) and NaN-skipping ones (`fmin`/`fmax`).
#[inline(always)]
fn pmin<T: Elem>(a: T, b: T) -> T {
    if b < a || b.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
fn pmax<T: Elem>(a: T, b: T) -> T {
    if b > a || b.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
fn fmin<T: Elem>(a: T, b: T) -> T {
    if b < a || a.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
fn fmax<T: Elem>(a: T, b: T) -> T {
    if b > a || a.is_nan() {
        b
    } else {
        a
    }
}
#[inline(always)]
fn nan_to_s<T: Elem>(x: T) -> T::S {
    if x.is_nan() {
        T::S::default()
    } else {
        x.to_s()
    }
}
#[inline(always)]
fn nan_to_f64<T: Elem>(x: T) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.to_f64()
    }
}
#[inline(always)]
fn not_nan<T: Elem>(x: T) -> f64 {
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
fn tree_fold<T: Copy, S: Copy>(
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

/// A C-order block seen as rows of its last (merged) axis, with the offset in the keepdims
/// output of each row. Neighbouring axes that are both reduced or both kept are merged, so
/// e.g. reducing axis 0 of (m, n, p) walks m contiguous rows of n*p elements.
struct Geom {
    dims: Vec<usize>,
    reduced: Vec<bool>,
    /// Stride in the keepdims output (0 for reduced dims).
    out_stride: Vec<usize>,
}

impl Geom {
    fn new(shape: &[usize], axes: &[usize], merge: bool) -> Geom {
        let nd = shape.len();
        let mut out_strides = vec![0; nd];
        let mut s = 1;
        for d in (0..nd).rev() {
            out_strides[d] = s;
            if !axes.contains(&d) {
                s *= shape[d];
            }
        }
        let mut g = Geom {
            dims: vec![],
            reduced: vec![],
            out_stride: vec![],
        };
        for d in 0..nd {
            // A length-1 axis contributes nothing either way: treat it as reduced so it merges.
            let red = axes.contains(&d) || (merge && shape[d] == 1);
            let stride = if red { 0 } else { out_strides[d] };
            if merge && g.reduced.last() == Some(&red) {
                *g.dims.last_mut().unwrap() *= shape[d];
                *g.out_stride.last_mut().unwrap() = stride;
            } else {
                g.dims.push(shape[d]);
                g.reduced.push(red);
                g.out_stride.push(stride);
            }
        }
        if g.dims.is_empty() {
            g = Geom {
                dims: vec![1],
                reduced: vec![true],
                out_stride: vec![0],
            };
        }
        g
    }

    fn last_reduced(&self) -> bool {
        *self.reduced.last().unwrap()
    }

    /// Calls `f(out_offset, row, outer_index)` for every row in memory order.
    fn for_each_row<T>(&self, data: &[T], mut f: impl FnMut(usize, &[T], &[usize])) {
        let nd = self.dims.len();
        let row = self.dims[nd - 1];
        if data.is_empty() || row == 0 {
            return;
        }
        let mut idx = vec![0usize; nd - 1];
        let (mut out, mut off) = (0, 0);
        loop {
            f(out, &data[off..off + row], &idx);
            off += row;
            let mut d = nd - 1;
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                idx[d] += 1;
                out += self.out_stride[d];
                if idx[d] < self.dims[d] {
                    break;
                }
                out -= self.out_stride[d] * self.dims[d];
                idx[d] = 0;
            }
        }
    }

    /// Reduces with a monoid into a vector of the keepdims output's length.
    fn fold<T: Copy, S: Copy>(
        &self,
        data: &[T],
        out_len: usize,
        id: S,
        map: impl Fn(T) -> S + Copy,
        op: impl Fn(S, S) -> S + Copy,
    ) -> Vec<S> {
        let mut acc = vec![id; out_len];
        let last_reduced = self.last_reduced();
        self.for_each_row(data, |o, row, _| {
            if last_reduced {
                acc[o] = op(acc[o], tree_fold(row, id, map, op));
            } else {
                for (a, &x) in acc[o..o + row.len()].iter_mut().zip(row) {
                    *a = op(*a, map(x));
                }
            }
        });
        acc
    }
}

fn keepdims_shape(shape: &[usize], axes: &[usize]) -> Vec<usize> {
    shape
        .iter()
        .enumerate()
        .map(|(d, &n)| if axes.contains(&d) { 1 } else { n })
        .collect()
}

fn arr<S>(shape: &[usize], v: Vec<S>) -> ArrayD<S> {
    ArrayD::from_shape_vec(IxDyn(shape), v).expect("record has the keepdims shape")
}

// ---------------------------------------------------------------------------------------
// Per-chunk step

/// Reduces the C-order `data` of `shape` over `axes` (monoid and moment ops; not arg*).
fn reduce_typed<T: Elem>(op: ReduceOp, data: &[T], shape: &[usize], axes: &[usize]) -> Partial {
    use ReduceOp::*;
    let g = Geom::new(shape, axes, true);
    let kshape = keepdims_shape(shape, axes);
    let n: usize = kshape.iter().product();
    let count = axes.iter().map(|&d| shape[d]).product::<usize>() as f64;
    let f64s = |v: Vec<f64>| Block::F64(arr(&kshape, v));
    let blocks = match op {
        Sum => vec![T::S::block(arr(
            &kshape,
            g.fold(data, n, T::S::default(), T::to_s, T::S::add),
        ))],
        NanSum => vec![T::S::block(arr(
            &kshape,
            g.fold(data, n, T::S::default(), nan_to_s::<T>, T::S::add),
        ))],
        Prod => vec![T::S::block(arr(
            &kshape,
            g.fold(data, n, T::S::ONE, T::to_s, T::S::mul),
        ))],
        Min => vec![T::block(arr(&kshape, g.fold(data, n, T::HI, |x| x, pmin)))],
        Max => vec![T::block(arr(&kshape, g.fold(data, n, T::LO, |x| x, pmax)))],
        NanMin => vec![T::block(arr(
            &kshape,
            g.fold(data, n, T::NAN_HI, |x| x, fmin),
        ))],
        NanMax => vec![T::block(arr(
            &kshape,
            g.fold(data, n, T::NAN_LO, |x| x, fmax),
        ))],
        Any => vec![Block::Bool(arr(
            &kshape,
            g.fold(data, n, false, T::truthy, |a, b| a | b),
        ))],
        All => vec![Block::Bool(arr(
            &kshape,
            g.fold(data, n, true, T::truthy, |a, b| a & b),
        ))],
        Mean => {
            let total = g.fold(data, n, 0.0, T::to_f64, f64::add);
            vec![f64s(vec![count; n]), f64s(total)]
        }
        NanMean => {
            let counts = g.fold(data, n, 0.0, not_nan::<T>, f64::add);
            let total = g.fold(data, n, 0.0, nan_to_f64::<T>, f64::add);
            vec![f64s(counts), f64s(total)]
        }
        Var { .. } | Std { .. } => {
            let total = g.fold(data, n, 0.0, T::to_f64, f64::add);
            let mean: Vec<f64> = total
                .iter()
                .map(|t| if count > 0.0 { t / count } else { 0.0 })
                .collect();
            // Second pass around the chunk's own mean: accurate even for a large mean.
            let mut m2 = vec![0.0; n];
            let last_reduced = g.last_reduced();
            g.for_each_row(data, |o, row, _| {
                if last_reduced {
                    let m = mean[o];
                    m2[o] += tree_fold(
                        row,
                        0.0,
                        |x: T| (x.to_f64() - m) * (x.to_f64() - m),
                        f64::add,
                    );
                } else {
                    for ((a, &x), &m) in m2[o..o + row.len()].iter_mut().zip(row).zip(&mean[o..]) {
                        let d = x.to_f64() - m;
                        *a += d * d;
                    }
                }
            });
            vec![f64s(vec![count; n]), f64s(mean), f64s(m2)]
        }
        ArgMin | ArgMax => unreachable!("arg reductions go through arg_typed"),
    };
    Partial(blocks)
}

/// Whether arg candidate `a` beats `b`: NaN first, then the smaller (argmin) or larger
/// (argmax) value, ties to the smaller global index; index -1 (no element) always loses.
/// A total order, so combining in any grouping gives the same winner.
#[inline(always)]
fn arg_beats<T: Elem>(is_max: bool, av: T, ai: i64, bv: T, bi: i64) -> bool {
    if ai < 0 || bi < 0 {
        return bi < 0 && ai >= 0;
    }
    match (av.is_nan(), bv.is_nan()) {
        (true, true) => ai < bi,
        (true, false) => true,
        (false, true) => false,
        _ => {
            let better = if is_max { av > bv } else { av < bv };
            better || (av == bv && ai < bi)
        }
    }
}

fn arg_typed<T: Elem>(
    is_max: bool,
    data: &[T],
    shape: &[usize],
    axes: &[usize],
    pos: ChunkPos,
) -> Partial {
    let nd = shape.len();
    let kshape = keepdims_shape(shape, axes);
    let n: usize = kshape.iter().product();
    let mut vals = vec![T::default(); n];
    let mut idxs = vec![-1i64; n];
    if nd == 0 {
        if let Some(&x) = data.first() {
            vals[0] = x;
            idxs[0] = 0;
        }
        return Partial(vec![
            T::block(arr(&kshape, vals)),
            Block::I64(arr(&kshape, idxs)),
        ]);
    }
    debug_assert_eq!(pos.offset.len(), nd, "chunk offset has one entry per axis");
    // Row-major strides of the reduced axes of the full array: the global arg index.
    let mut rstride = vec![0i64; nd];
    let mut s = 1i64;
    for &d in axes.iter().rev() {
        rstride[d] = s;
        s *= pos.full_shape[d] as i64;
    }
    let last = nd - 1;
    let g = Geom::new(shape, axes, false);
    g.for_each_row(data, |o, row, idx| {
        let base: i64 = (0..last)
            .map(|d| (pos.offset[d] + idx[d]) as i64 * rstride[d])
            .sum();
        if g.last_reduced() {
            let (mut bv, mut bi) = (vals[o], idxs[o]);
            for (j, &x) in row.iter().enumerate() {
                let i = base + (pos.offset[last] + j) as i64;
                if arg_beats(is_max, x, i, bv, bi) {
                    (bv, bi) = (x, i);
                }
            }
            (vals[o], idxs[o]) = (bv, bi);
        } else {
            for (j, &x) in row.iter().enumerate() {
                if arg_beats(is_max, x, base, vals[o + j], idxs[o + j]) {
                    (vals[o + j], idxs[o + j]) = (x, base);
                }
            }
        }
    });
    Partial(vec![
        T::block(arr(&kshape, vals)),
        Block::I64(arr(&kshape, idxs)),
    ])
}

/// Per-chunk step over a materialised block. `axes` sorted, unique.
pub fn reduce_chunk(op: ReduceOp, x: &Block, axes: &[usize], pos: ChunkPos) -> Partial {
    with_elem!(x.dtype(), T => {
        // Borrows when already C-contiguous (the usual case): no copy of the chunk.
        let a = T::array(x).as_standard_layout();
        let data = a.as_slice().expect("standard layout");
        match op {
            ReduceOp::ArgMin => arg_typed::<T>(false, data, a.shape(), axes, pos),
            ReduceOp::ArgMax => arg_typed::<T>(true, data, a.shape(), axes, pos),
            _ if axes.len() == a.ndim() => {
                let mut acc = AllAcc::<T>::new(op);
                acc.feed(data);
                acc.finish(a.ndim())
            }
            _ => reduce_typed::<T>(op, data, a.shape(), axes),
        }
    })
}

/// Running all-axes reduction fed slice by slice (a whole chunk, or program tiles).
struct AllAcc<T: Elem> {
    op: ReduceOp,
    s: T::S,
    v: T,
    flag: bool,
    n: f64,
    total: f64,
    mean: f64,
    m2: f64,
}

impl<T: Elem> AllAcc<T> {
    fn new(op: ReduceOp) -> Self {
        use ReduceOp::*;
        let (s, v, flag) = match op {
            Prod => (T::S::ONE, T::HI, false),
            Min => (T::S::default(), T::HI, false),
            Max => (T::S::default(), T::LO, false),
            NanMin => (T::S::default(), T::NAN_HI, false),
            NanMax => (T::S::default(), T::NAN_LO, false),
            All => (T::S::default(), T::HI, true),
            _ => (T::S::default(), T::HI, false),
        };
        AllAcc {
            op,
            s,
            v,
            flag,
            n: 0.0,
            total: 0.0,
            mean: 0.0,
            m2: 0.0,
        }
    }

    fn feed(&mut self, t: &[T]) {
        use ReduceOp::*;
        match self.op {
            Sum => {
                self.s = self
                    .s
                    .add(tree_fold(t, T::S::default(), T::to_s, T::S::add))
            }
            NanSum => {
                self.s = self
                    .s
                    .add(tree_fold(t, T::S::default(), nan_to_s::<T>, T::S::add))
            }
            Prod => self.s = self.s.mul(tree_fold(t, T::S::ONE, T::to_s, T::S::mul)),
            Min => self.v = pmin(self.v, tree_fold(t, T::HI, |x| x, pmin)),
            Max => self.v = pmax(self.v, tree_fold(t, T::LO, |x| x, pmax)),
            NanMin => self.v = fmin(self.v, tree_fold(t, T::NAN_HI, |x| x, fmin)),
            NanMax => self.v = fmax(self.v, tree_fold(t, T::NAN_LO, |x| x, fmax)),
            Any => self.flag = self.flag || t.iter().any(|x| x.truthy()),
            All => self.flag = self.flag && t.iter().all(|x| x.truthy()),
            Mean => {
                self.n += t.len() as f64;
                self.total += tree_fold(t, 0.0, T::to_f64, f64::add);
            }
            NanMean => {
                self.n += tree_fold(t, 0.0, not_nan::<T>, f64::add);
                self.total += tree_fold(t, 0.0, nan_to_f64::<T>, f64::add);
            }
            Var { .. } | Std { .. } => {
                if t.is_empty() {
                    return;
                }
                let n = t.len() as f64;
                let mean = tree_fold(t, 0.0, T::to_f64, f64::add) / n;
                let m2 = tree_fold(
                    t,
                    0.0,
                    |x: T| (x.to_f64() - mean) * (x.to_f64() - mean),
                    f64::add,
                );
                (self.n, self.mean, self.m2) = chan(self.n, self.mean, self.m2, n, mean, m2);
            }
            ArgMin | ArgMax => unreachable!("arg reductions go through arg_typed"),
        }
    }

    fn finish(self, ndim: usize) -> Partial {
        use ReduceOp::*;
        let shape = vec![1; ndim];
        let f = |x: f64| Block::F64(arr(&shape, vec![x]));
        Partial(match self.op {
            Sum | NanSum | Prod => vec![T::S::block(arr(&shape, vec![self.s]))],
            Min | Max | NanMin | NanMax => vec![T::block(arr(&shape, vec![self.v]))],
            Any | All => vec![Block::Bool(arr(&shape, vec![self.flag]))],
            Mean | NanMean => vec![f(self.n), f(self.total)],
            Var { .. } | Std { .. } => vec![f(self.n), f(self.mean), f(self.m2)],
            ArgMin | ArgMax => unreachable!("arg reductions go through arg_typed"),
        })
    }
}

/// Per-chunk step fused with the elementwise program producing the chunk (shape
/// `block_shape`): evaluated in tiles, no full-chunk temporary when reducing all axes.
pub fn reduce_program_chunk(
    op: ReduceOp,
    prog: &Program,
    inputs: &[&Block],
    block_shape: &[usize],
    axes: &[usize],
    pos: ChunkPos,
) -> Partial {
    let all = axes.len() == block_shape.len();
    if !all || matches!(op, ReduceOp::ArgMin | ReduceOp::ArgMax) {
        let x = eval_program(prog, inputs, block_shape);
        return reduce_chunk(op, &x, axes, pos);
    }
    with_elem!(prog.out_dtype(), T => {
        let mut acc = AllAcc::<T>::new(op);
        for_each_tile(prog, inputs, block_shape, &mut |_, tile| acc.feed(T::tile(tile)));
        acc.finish(block_shape.len())
    })
}

// ---------------------------------------------------------------------------------------
// Combine and finalize

/// Chan et al.'s pairwise merge of (count, mean, M2) moments.
#[inline(always)]
fn chan(na: f64, ma: f64, m2a: f64, nb: f64, mb: f64, m2b: f64) -> (f64, f64, f64) {
    let n = na + nb;
    if nb == 0.0 {
        return (na, ma, m2a);
    }
    if na == 0.0 {
        return (nb, mb, m2b);
    }
    let delta = mb - ma;
    (
        n,
        ma + delta * (nb / n),
        m2a + m2b + delta * delta * (na * nb / n),
    )
}

fn zip2<T: Copy>(a: &mut ArrayD<T>, b: &ArrayD<T>, f: impl Fn(T, T) -> T) {
    assert_eq!(
        a.shape(),
        b.shape(),
        "combine: partials of different shapes"
    );
    Zip::from(a).and(b).for_each(|x, &y| *x = f(*x, y));
}

fn f64_mut(b: &mut Block) -> &mut ArrayD<f64> {
    match b {
        Block::F64(a) => a,
        _ => panic!("internal: expected an f64 record block"),
    }
}

fn f64_ref(b: &Block) -> &ArrayD<f64> {
    match b {
        Block::F64(a) => a,
        _ => panic!("internal: expected an f64 record block"),
    }
}

fn combine2_typed<T: Elem>(op: ReduceOp, a: &mut Partial, b: &Partial) {
    use ReduceOp::*;
    match op {
        Min => zip2(T::array_mut(&mut a.0[0]), T::array(&b.0[0]), pmin),
        Max => zip2(T::array_mut(&mut a.0[0]), T::array(&b.0[0]), pmax),
        NanMin => zip2(T::array_mut(&mut a.0[0]), T::array(&b.0[0]), fmin),
        NanMax => zip2(T::array_mut(&mut a.0[0]), T::array(&b.0[0]), fmax),
        ArgMin | ArgMax => {
            let is_max = op == ArgMax;
            let (av, ai) = a.0.split_at_mut(1);
            let av = T::array_mut(&mut av[0]);
            let ai = match &mut ai[0] {
                Block::I64(x) => x,
                _ => panic!("internal: arg index block is not int64"),
            };
            let (bv, bi) = (T::array(&b.0[0]), <i64 as Elem>::array(&b.0[1]));
            assert_eq!(
                av.shape(),
                bv.shape(),
                "combine: partials of different shapes"
            );
            Zip::from(av)
                .and(ai)
                .and(bv)
                .and(bi)
                .for_each(|av, ai, &bv, &bi| {
                    if arg_beats(is_max, bv, bi, *av, *ai) {
                        (*av, *ai) = (bv, bi);
                    }
                });
        }
        _ => unreachable!("value-typed ops only"),
    }
}

fn combine2(op: ReduceOp, a: &mut Partial, b: &Partial) {
    use ReduceOp::*;
    debug_assert_eq!(a.0.len(), b.0.len(), "records of one op have one layout");
    match op {
        Sum | NanSum | Prod => {
            let mul = op == Prod;
            match (&mut a.0[0], &b.0[0]) {
                (Block::F64(x), Block::F64(y)) => zip2(
                    x,
                    y,
                    if mul {
                        f64::mul as fn(f64, f64) -> f64
                    } else {
                        f64::add
                    },
                ),
                (Block::I64(x), Block::I64(y)) => zip2(
                    x,
                    y,
                    if mul {
                        i64::wrapping_mul as fn(i64, i64) -> i64
                    } else {
                        i64::wrapping_add
                    },
                ),
                (Block::C128(x), Block::C128(y)) => zip2(
                    x,
                    y,
                    if mul {
                        Cx::mul as fn(C128, C128) -> C128
                    } else {
                        Cx::add
                    },
                ),
                _ => panic!("internal: sum/prod records are f64, complex128 or i64"),
            }
        }
        Any | All => match (&mut a.0[0], &b.0[0]) {
            (Block::Bool(x), Block::Bool(y)) => {
                let f: fn(bool, bool) -> bool = if op == Any {
                    |p, q| p | q
                } else {
                    |p, q| p & q
                };
                zip2(x, y, f)
            }
            _ => panic!("internal: any/all records are bool"),
        },
        Mean | NanMean => {
            for k in 0..2 {
                zip2(f64_mut(&mut a.0[k]), f64_ref(&b.0[k]), f64::add);
            }
        }
        Var { .. } | Std { .. } => {
            let [na, ma, m2a] = &mut a.0[..] else {
                panic!("internal: var record has 3 blocks")
            };
            let (na, ma, m2a) = (f64_mut(na), f64_mut(ma), f64_mut(m2a));
            let (nb, mb, m2b) = (f64_ref(&b.0[0]), f64_ref(&b.0[1]), f64_ref(&b.0[2]));
            assert_eq!(
                na.shape(),
                nb.shape(),
                "combine: partials of different shapes"
            );
            Zip::from(na)
                .and(ma)
                .and(m2a)
                .and(nb)
                .and(mb)
                .and(m2b)
                .for_each(|na, ma, m2a, &nb, &mb, &m2b| {
                    (*na, *ma, *m2a) = chan(*na, *ma, *m2a, nb, mb, m2b);
                });
        }
        Min | Max | NanMin | NanMax | ArgMin | ArgMax => {
            with_elem!(a.0[0].dtype(), T => combine2_typed::<T>(op, a, b))
        }
    }
}

/// Merges partials of neighbouring chunks (same keepdims shape) into one; for var/std the
/// (count, mean, M2) records merge pairwise (Chan et al.), never as sum of squares.
pub fn combine(op: ReduceOp, parts: Vec<Partial>) -> Partial {
    let mut it = parts.into_iter();
    let mut acc = it.next().expect("combine of at least one partial");
    for p in it {
        combine2(op, &mut acc, &p);
    }
    acc
}

/// Final step: turns the merged record into the result block of dtype
/// `op.result_dtype(input_dtype)`; `axes` are removed from the shape unless `keepdims`.
pub fn finalize(
    op: ReduceOp,
    p: Partial,
    axes: &[usize],
    keepdims: bool,
    input_dtype: DType,
) -> Block {
    use ReduceOp::*;
    let out_dtype = op.result_dtype(input_dtype);
    let mut blocks = p.0;
    let b = match op {
        Sum | NanSum | Prod | Min | Max | NanMin | NanMax | Any | All => blocks.swap_remove(0),
        ArgMin | ArgMax => blocks.swap_remove(1),
        Mean | NanMean => {
            let mut total = f64_ref(&blocks[1]).clone();
            zip2(&mut total, f64_ref(&blocks[0]), |t, n| t / n);
            Block::F64(total)
        }
        Var { ddof } | Std { ddof } => {
            let mut var = f64_ref(&blocks[2]).clone();
            let sqrt = matches!(op, Std { .. });
            // numpy divides by max(count - ddof, 0): 0/0 is nan, M2/0 is inf.
            zip2(&mut var, f64_ref(&blocks[0]), |m2, n| {
                let v = m2 / (n - ddof).max(0.0);
                if sqrt {
                    v.sqrt()
                } else {
                    v
                }
            });
            Block::F64(var)
        }
    };
    let b = b.cast(out_dtype);
    if keepdims {
        return b;
    }
    map_block!(b, a => {
        let mut a = a;
        for &k in axes.iter().rev() {
            a = a.index_axis_move(Axis(k), 0);
        }
        a
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::layout::{slice, Range1};

    const D_INT: u8 = 0;
    const D_FLT: u8 = 1;
    const D_NAN: u8 = 2;
    const SHAPE: [usize; 3] = [3, 4, 5];
    /// Chunk boundaries per axis of SHAPE: 2 x 3 x 2 uneven chunks.
    const BOUNDS: [&[(usize, usize)]; 3] = [
        &[(0, 1), (1, 3)],
        &[(0, 2), (2, 3), (3, 4)],
        &[(0, 2), (2, 5)],
    ];

    /// Expected values: exact integers or floats (NaN equal to NaN).
    enum W {
        I(&'static [i64]),
        F(&'static [f64]),
    }

    /// The arrays the numpy expectations were computed from:
    /// i = np.arange(60); xi = ((i*7) % 11 - 5).reshape(3, 4, 5)
    /// xf = (((i*37) % 101) * 0.25 - 12.0).reshape(3, 4, 5)
    /// xn = xf with NaN where (i*13) % 17 == 0, and xn[:, 1, 2] = NaN
    fn data(which: u8) -> Block {
        let sh = IxDyn(&SHAPE);
        let f = |i: usize| ((i * 37) % 101) as f64 * 0.25 - 12.0;
        match which {
            D_INT => Block::I64(ArrayD::from_shape_fn(sh, |d| {
                let i = d[0] * 20 + d[1] * 5 + d[2];
                ((i * 7) % 11) as i64 - 5
            })),
            D_FLT => Block::F64(ArrayD::from_shape_fn(sh, |d| {
                f(d[0] * 20 + d[1] * 5 + d[2])
            })),
            _ => Block::F64(ArrayD::from_shape_fn(sh, |d| {
                let i = d[0] * 20 + d[1] * 5 + d[2];
                if (i * 13) % 17 == 0 || (d[1] == 1 && d[2] == 2) {
                    f64::NAN
                } else {
                    f(i)
                }
            })),
        }
    }

    fn op_of(name: &str) -> ReduceOp {
        use ReduceOp::*;
        match name {
            "Sum" => Sum,
            "Prod" => Prod,
            "Min" => Min,
            "Max" => Max,
            "Any" => Any,
            "All" => All,
            "Mean" => Mean,
            "Var" => Var { ddof: 0.0 },
            "Std" => Std { ddof: 1.0 },
            "ArgMin" => ArgMin,
            "ArgMax" => ArgMax,
            "NanSum" => NanSum,
            "NanMean" => NanMean,
            "NanMin" => NanMin,
            "NanMax" => NanMax,
            _ => unreachable!(),
        }
    }

    fn close(got: &[f64], want: &[f64], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: length");
        for (g, w) in got.iter().zip(want) {
            let ok =
                (g.is_nan() && w.is_nan()) || g == w || (g - w).abs() <= 1e-12 * w.abs().max(1.0);
            assert!(ok, "{what}: got {got:?}, want {want:?}");
        }
    }

    /// Combines in one of several tree shapes/orders.
    fn combine_in_order(op: ReduceOp, mut parts: Vec<Partial>, order: usize) -> Partial {
        match order {
            0 => combine(op, parts),
            1 => {
                // reversed, then a balanced tree of pairs
                parts.reverse();
                while parts.len() > 1 {
                    let mut next = vec![];
                    let mut it = parts.into_iter();
                    while let Some(a) = it.next() {
                        match it.next() {
                            Some(b) => next.push(combine(op, vec![a, b])),
                            None => next.push(a),
                        }
                    }
                    parts = next;
                }
                parts.pop().unwrap()
            }
            _ => {
                // rotated by one, then a right fold of single merges
                parts.rotate_left(1);
                let last = parts.pop().unwrap();
                parts
                    .into_iter()
                    .rev()
                    .fold(last, |acc, p| combine(op, vec![p, acc]))
            }
        }
    }

    /// Splits `x` into the BOUNDS chunks, reduces each, merges the chunks of each output
    /// region in the given order and checks the finalised region against numpy's result.
    fn check_chunked(op: ReduceOp, x: &Block, axes: &[usize], want: &W, order: usize, what: &str) {
        let kshape = keepdims_shape(&SHAPE, axes);
        let want_block = match want {
            W::I(v) => Block::I64(arr(&kshape, v.to_vec())),
            W::F(v) => Block::F64(arr(&kshape, v.to_vec())),
        };
        // group partials by the chunk coordinates of the kept axes
        let mut groups: Vec<(Vec<usize>, Vec<Partial>)> = vec![];
        for c0 in 0..BOUNDS[0].len() {
            for c1 in 0..BOUNDS[1].len() {
                for c2 in 0..BOUNDS[2].len() {
                    let c = [c0, c1, c2];
                    let ranges: Vec<Range1> = (0..3)
                        .map(|d| {
                            Range1::contiguous(
                                BOUNDS[d][c[d]].0,
                                BOUNDS[d][c[d]].1 - BOUNDS[d][c[d]].0,
                            )
                        })
                        .collect();
                    let chunk = slice(x, &ranges);
                    let offset: Vec<usize> = ranges.iter().map(|r| r.start).collect();
                    let p = reduce_chunk(
                        op,
                        &chunk,
                        axes,
                        ChunkPos {
                            offset: &offset,
                            full_shape: &SHAPE,
                        },
                    );
                    let key: Vec<usize> = (0..3)
                        .map(|d| if axes.contains(&d) { 0 } else { c[d] })
                        .collect();
                    match groups.iter_mut().find(|g| g.0 == key) {
                        Some(g) => g.1.push(p),
                        None => groups.push((key, vec![p])),
                    }
                }
            }
        }
        for (key, parts) in groups {
            let merged = combine_in_order(op, parts, order);
            let got = finalize(op, merged, axes, true, x.dtype());
            assert_eq!(got.dtype(), op.result_dtype(x.dtype()), "{what}: dtype");
            let region: Vec<Range1> = (0..3)
                .map(|d| {
                    if axes.contains(&d) {
                        Range1::full(1)
                    } else {
                        let (lo, hi) = BOUNDS[d][key[d]];
                        Range1::contiguous(lo, hi - lo)
                    }
                })
                .collect();
            let want_region = slice(&want_block, &region);
            assert_eq!(got.shape(), want_region.shape(), "{what}: shape");
            match want {
                W::I(_) => assert_eq!(got.cast(DType::I64), want_region, "{what}"),
                W::F(_) => close(&got.to_f64_vec(), &want_region.to_f64_vec(), what),
            }
        }
    }

    #[test]
    fn every_op_and_axes_matches_numpy_over_chunks() {
        for (which, name, axes, want) in TABLE {
            let op = op_of(name);
            let x = data(*which);
            for order in 0..3 {
                let what = format!("data {which} {name} axes {axes:?} order {order}");
                check_chunked(op, &x, axes, want, order, &what);
            }
            if *which == D_INT {
                // int32 input: same values; sums/prods are int64, min/max stay int32
                let x32 = x.cast(DType::I32);
                check_chunked(
                    op,
                    &x32,
                    axes,
                    want,
                    1,
                    &format!("int32 {name} axes {axes:?}"),
                );
            }
            if *which == D_FLT && !matches!(op, ReduceOp::Prod) {
                // float32 input: these values are exact in f32; results are f32 (close enough)
                let x32 = x.cast(DType::F32);
                let (p, got) = whole(op, &x32, axes);
                assert_eq!(got.dtype(), op.result_dtype(DType::F32));
                let _ = p;
                if let W::F(w) = want {
                    for (g, w) in got.to_f64_vec().iter().zip(w.iter()) {
                        assert!(
                            (g - w).abs() <= 1e-5 * w.abs().max(1.0),
                            "f32 {name} {axes:?}: {g} vs {w}"
                        );
                    }
                } else if let W::I(w) = want {
                    let gv = got.to_f64_vec();
                    assert_eq!(
                        gv,
                        w.iter().map(|&v| v as f64).collect::<Vec<_>>(),
                        "f32 {name} {axes:?}"
                    );
                }
            }
        }
    }

    /// The whole array as a single chunk, finalised with keepdims.
    fn whole(op: ReduceOp, x: &Block, axes: &[usize]) -> (Partial, Block) {
        let offset = vec![0; x.shape().len()];
        let p = reduce_chunk(
            op,
            x,
            axes,
            ChunkPos {
                offset: &offset,
                full_shape: x.shape(),
            },
        );
        let b = finalize(op, p.clone(), axes, true, x.dtype());
        (p, b)
    }

    fn f64s(v: &[f64]) -> Block {
        Block::F64(arr(&[v.len()], v.to_vec()))
    }

    /// Reduces a 1-D block split at `cuts` over axis 0, merging in every order.
    fn chunks_1d(op: ReduceOp, x: &Block, cuts: &[usize]) -> Vec<Block> {
        let n = x.shape()[0];
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(n);
        let parts: Vec<Partial> = bounds
            .windows(2)
            .map(|w| {
                let c = slice(x, &[Range1::contiguous(w[0], w[1] - w[0])]);
                reduce_chunk(
                    op,
                    &c,
                    &[0],
                    ChunkPos {
                        offset: &[w[0]],
                        full_shape: &[n],
                    },
                )
            })
            .collect();
        (0..3)
            .map(|order| {
                finalize(
                    op,
                    combine_in_order(op, parts.clone(), order),
                    &[0],
                    false,
                    x.dtype(),
                )
            })
            .collect()
    }

    #[test]
    fn var_std_large_mean_chunked() {
        // x = 1e9 + [0.1, -0.2, 0.3, 0.05, -0.15, 0.25, 0.0, -0.3, 0.2, 0.12]
        let noise = [0.1, -0.2, 0.3, 0.05, -0.15, 0.25, 0.0, -0.3, 0.2, 0.12];
        let x = f64s(&noise.map(|e| 1e9 + e));
        let cases = [
            (ReduceOp::Var { ddof: 0.0 }, 0.035820997456555405),
            (ReduceOp::Var { ddof: 1.0 }, 0.03980110828506156),
            (ReduceOp::Std { ddof: 1.0 }, 0.199502151078783),
            (ReduceOp::Mean, 1000000000.0370001),
        ];
        for (op, want) in cases {
            for cuts in [&[][..], &[3, 6][..], &[1, 2, 3, 4, 5, 6, 7, 8, 9][..]] {
                for got in chunks_1d(op, &x, cuts) {
                    assert_eq!(got.shape(), &[] as &[usize]);
                    let g = got.to_f64_vec()[0];
                    // Chunk means are only stored to ulp(1e9) = 1.2e-7, which bounds the
                    // accuracy of Chan's merge; sum of squares minus squared mean gives -128.
                    assert!(
                        (g - want).abs() <= 1e-6 * want,
                        "{op:?} {cuts:?}: {g} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn var_ddof_at_least_count_gives_nan_or_inf() {
        // numpy: np.var([5.0], ddof=1) -> nan, np.var([5.0, 6.0], ddof=3) -> inf
        let got = chunks_1d(ReduceOp::Var { ddof: 1.0 }, &f64s(&[5.0]), &[]);
        assert!(got[0].to_f64_vec()[0].is_nan());
        let got = chunks_1d(ReduceOp::Var { ddof: 3.0 }, &f64s(&[5.0, 6.0]), &[1]);
        assert_eq!(got[0].to_f64_vec()[0], f64::INFINITY);
    }

    #[test]
    fn arg_ties_across_chunks_go_to_first() {
        // np.argmin([2, 1, 3, 1, 1, 4]) -> 1; np.argmax([4, 1, 3, 4, 1, 4]) -> 0
        let x = Block::I64(arr(&[6], vec![2, 1, 3, 1, 1, 4]));
        for cuts in [&[2, 4][..], &[1, 3, 5][..], &[][..]] {
            for got in chunks_1d(ReduceOp::ArgMin, &x, cuts) {
                assert_eq!(got, Block::I64(arr(&[], vec![1])));
            }
        }
        let x = Block::I32(arr(&[6], vec![4, 1, 3, 4, 1, 4]));
        for got in chunks_1d(ReduceOp::ArgMax, &x, &[1, 3, 5]) {
            assert_eq!(got, Block::I64(arr(&[], vec![0])));
        }
    }

    #[test]
    fn arg_first_nan_wins() {
        // np.argmin([2, nan, 1, nan]) -> 1; np.argmax(...) -> 1
        let x = f64s(&[2.0, f64::NAN, 1.0, f64::NAN]);
        for op in [ReduceOp::ArgMin, ReduceOp::ArgMax] {
            for cuts in [&[2][..], &[1, 2, 3][..]] {
                for got in chunks_1d(op, &x, cuts) {
                    assert_eq!(got, Block::I64(arr(&[], vec![1])), "{op:?} {cuts:?}");
                }
            }
        }
    }

    #[test]
    fn nan_variants_skip_nan_and_all_nan() {
        let x = f64s(&[f64::NAN, 2.0, f64::NAN, -1.0, f64::NAN]);
        let one = |op| chunks_1d(op, &x, &[2])[1].to_f64_vec()[0];
        assert_eq!(one(ReduceOp::NanSum), 1.0);
        assert_eq!(one(ReduceOp::NanMean), 0.5);
        assert_eq!(one(ReduceOp::NanMin), -1.0);
        assert_eq!(one(ReduceOp::NanMax), 2.0);
        assert!(one(ReduceOp::Min).is_nan());
        assert!(one(ReduceOp::Max).is_nan());
        assert!(one(ReduceOp::Sum).is_nan());
        // np.nanmin / np.nanmean of all-NaN -> nan, np.nansum -> 0
        let n = f64s(&[f64::NAN; 3]);
        for op in [ReduceOp::NanMin, ReduceOp::NanMax, ReduceOp::NanMean] {
            for got in chunks_1d(op, &n, &[1]) {
                assert!(got.to_f64_vec()[0].is_nan(), "{op:?}");
            }
        }
        assert_eq!(
            chunks_1d(ReduceOp::NanSum, &n, &[1])[0].to_f64_vec(),
            vec![0.0]
        );
    }

    #[test]
    fn keepdims_false_removes_axes() {
        let x = data(D_INT);
        let offset = [0, 0, 0];
        let pos = ChunkPos {
            offset: &offset,
            full_shape: &SHAPE,
        };
        let p = reduce_chunk(ReduceOp::Sum, &x, &[0, 2], pos);
        let got = finalize(ReduceOp::Sum, p, &[0, 2], false, DType::I64);
        // np.sum(xi, axis=(0, 2)) -> [-9, 10, -4, 4]
        assert_eq!(got, Block::I64(arr(&[4], vec![-9, 10, -4, 4])));
        let p = reduce_chunk(ReduceOp::Max, &x, &[0, 1, 2], pos);
        assert_eq!(
            finalize(ReduceOp::Max, p, &[0, 1, 2], false, DType::I64),
            Block::I64(arr(&[], vec![5]))
        );
        let p = reduce_chunk(ReduceOp::Mean, &x, &[1], pos);
        assert_eq!(
            finalize(ReduceOp::Mean, p, &[1], false, DType::I64).shape(),
            &[3, 5]
        );
    }

    #[test]
    fn result_dtypes_as_numpy() {
        use DType::*;
        use ReduceOp::*;
        for (op, x, want) in [
            (Sum, Bool, I64),
            (Sum, I32, I64),
            (Sum, F32, F32),
            (Prod, I32, I64),
            (NanSum, Bool, I64),
            (Min, Bool, Bool),
            (Max, I32, I32),
            (NanMin, F32, F32),
            (Any, F64, Bool),
            (All, I32, Bool),
            (Mean, Bool, F64),
            (Mean, I32, F64),
            (Mean, F32, F32),
            (Var { ddof: 0.0 }, I64, F64),
            (Std { ddof: 1.0 }, F32, F32),
            (NanMean, F64, F64),
            (ArgMin, F32, I64),
            (ArgMax, Bool, I64),
        ] {
            assert_eq!(op.result_dtype(x), want, "{op:?} of {x}");
            // and the kernels agree
            let b = Block::full(x, &[2, 3], crate::kernels::Scalar::Int(1));
            let (p, got) = whole(op, &b, &[1]);
            assert_eq!(got.dtype(), want, "{op:?} of {x}");
            let dts: Vec<DType> = p.0.iter().map(|b| b.dtype()).collect();
            assert_eq!(dts, op.record_dtypes(x), "{op:?} of {x}: record");
        }
        // np.sum of bools counts; np.min of bools is and
        let b = Block::Bool(arr(&[4], vec![true, false, true, true]));
        assert_eq!(whole(Sum, &b, &[0]).1, Block::I64(arr(&[1], vec![3])));
        assert_eq!(whole(Min, &b, &[0]).1, Block::Bool(arr(&[1], vec![false])));
        assert_eq!(whole(Max, &b, &[0]).1, Block::Bool(arr(&[1], vec![true])));
    }

    #[test]
    fn long_sums_and_non_standard_layout() {
        let n = 10_007;
        let x = f64s(&(0..n).map(|i| i as f64).collect::<Vec<_>>());
        let want = (n * (n - 1) / 2) as f64;
        assert_eq!(whole(ReduceOp::Sum, &x, &[0]).1.to_f64_vec(), vec![want]);
        assert_eq!(
            whole(ReduceOp::Mean, &x, &[0]).1.to_f64_vec(),
            vec![want / n as f64]
        );
        let mut v: Vec<f64> = (0..n).map(|i| i as f64).collect();
        v[5000] = f64::NAN;
        assert!(whole(ReduceOp::Max, &f64s(&v), &[0]).1.to_f64_vec()[0].is_nan());
        assert_eq!(
            whole(ReduceOp::NanMax, &f64s(&v), &[0]).1.to_f64_vec(),
            vec![(n - 1) as f64]
        );
        // Fortran-order block: sums over axis 0 of [[0, 1, 2], [3, 4, 5]]
        let t = Block::F64(arr(&[3, 2], vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]).reversed_axes());
        assert_eq!(
            whole(ReduceOp::Sum, &t, &[0]).1.to_f64_vec(),
            vec![3.0, 5.0, 7.0]
        );
        // float32 sums accumulate in f64: 1e8 + 1 + ... stays exact before the final cast
        let f = Block::F32(arr(&[3], vec![1.0e8f32, 1.0, -1.0e8]));
        assert_eq!(whole(ReduceOp::Sum, &f, &[0]).1.to_f64_vec(), vec![1.0]);
    }

    #[test]
    fn integer_sum_and_prod_wrap() {
        let x = Block::I64(arr(&[2], vec![i64::MAX, 1]));
        assert_eq!(
            whole(ReduceOp::Sum, &x, &[0]).1,
            Block::I64(arr(&[1], vec![i64::MIN]))
        );
        let x = Block::I64(arr(&[2], vec![1 << 62, 4]));
        assert_eq!(
            whole(ReduceOp::Prod, &x, &[0]).1,
            Block::I64(arr(&[1], vec![0]))
        );
    }

    #[test]
    #[ignore = "needs program::for_each_tile / eval_program (another worktree)"]
    fn fused_matches_materialised() {
        use crate::kernels::program::Instr;
        let x = data(D_NAN);
        let mut prog = Program::default();
        prog.push(Instr::Input(0), DType::F64);
        let offset = [0, 0, 0];
        let pos = ChunkPos {
            offset: &offset,
            full_shape: &SHAPE,
        };
        for name in [
            "Sum", "Mean", "Min", "Max", "Var", "Std", "NanSum", "NanMean", "NanMin", "ArgMin",
            "Any",
        ] {
            let op = op_of(name);
            for axes in [&[0, 1, 2][..], &[1][..]] {
                let fused = reduce_program_chunk(op, &prog, &[&x], &SHAPE, axes, pos);
                let direct = reduce_chunk(op, &x, axes, pos);
                let a = finalize(op, fused, axes, false, DType::F64).to_f64_vec();
                let b = finalize(op, direct, axes, false, DType::F64).to_f64_vec();
                close(&a, &b, name);
            }
        }
    }

    #[rustfmt::skip]
    const TABLE: &[(u8, &str, &[usize], W)] = &[
    (D_INT, "Sum", &[0, 1, 2], W::I(&[1])),
    (D_INT, "Sum", &[0], W::I(&[-2, -3, -4, 6, -6, 4, 3, 2, 1, 0, -1, -2, -3, -4, 6, -6, 4, 3, 2, 1])),
    (D_INT, "Sum", &[1], W::I(&[-8, -2, 4, -1, 5, 2, 8, -8, -2, 4, 1, -4, 2, 8, -8])),
    (D_INT, "Sum", &[0, 2], W::I(&[-9, 10, -4, 4])),
    (D_INT, "Prod", &[0, 1, 2], W::I(&[0])),
    (D_INT, "Prod", &[0], W::I(&[0, 8, 30, -10, 10, -30, -8, 0, -16, 0, 16, 0, 8, 30, -10, 10, -30, -8, 0, -16])),
    (D_INT, "Prod", &[1], W::I(&[-15, 120, 0, 0, -60, 120, -15, -15, 120, 0, 0, 0, 120, -15, -15])),
    (D_INT, "Prod", &[0, 2], W::I(&[0, 0, 0, 0])),
    (D_INT, "Min", &[0, 1, 2], W::I(&[-5])),
    (D_INT, "Min", &[0], W::I(&[-5, -4, -5, -1, -5, -3, -2, -3, -4, -3, -4, -5, -4, -5, -1, -5, -3, -2, -3, -4])),
    (D_INT, "Min", &[1], W::I(&[-5, -5, -2, -4, -4, -4, -1, -5, -5, -2, -5, -4, -4, -1, -5])),
    (D_INT, "Min", &[0, 2], W::I(&[-5, -4, -5, -5])),
    (D_INT, "Max", &[0, 1, 2], W::I(&[5])),
    (D_INT, "Max", &[0], W::I(&[3, 2, 3, 5, 1, 5, 4, 5, 4, 3, 4, 3, 2, 3, 5, 1, 5, 4, 5, 4])),
    (D_INT, "Max", &[1], W::I(&[1, 4, 4, 5, 5, 5, 5, 1, 4, 4, 4, 2, 5, 5, 1])),
    (D_INT, "Max", &[0, 2], W::I(&[5, 5, 5, 5])),
    (D_INT, "Any", &[0, 1, 2], W::F(&[1.0])),
    (D_INT, "Any", &[0], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_INT, "Any", &[1], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_INT, "Any", &[0, 2], W::F(&[1.0, 1.0, 1.0, 1.0])),
    (D_INT, "All", &[0, 1, 2], W::F(&[0.0])),
    (D_INT, "All", &[0], W::F(&[0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0])),
    (D_INT, "All", &[1], W::F(&[1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0])),
    (D_INT, "All", &[0, 2], W::F(&[0.0, 0.0, 0.0, 0.0])),
    (D_INT, "Mean", &[0, 1, 2], W::F(&[0.016666666666666666])),
    (D_INT, "Mean", &[0], W::F(&[-0.6666666666666666, -1.0, -1.3333333333333333, 2.0, -2.0, 1.3333333333333333, 1.0, 0.6666666666666666, 0.3333333333333333, 0.0, -0.3333333333333333, -0.6666666666666666, -1.0, -1.3333333333333333, 2.0, -2.0, 1.3333333333333333, 1.0, 0.6666666666666666, 0.3333333333333333])),
    (D_INT, "Mean", &[1], W::F(&[-2.0, -0.5, 1.0, -0.25, 1.25, 0.5, 2.0, -2.0, -0.5, 1.0, 0.25, -1.0, 0.5, 2.0, -2.0])),
    (D_INT, "Mean", &[0, 2], W::F(&[-0.6, 0.6666666666666666, -0.26666666666666666, 0.26666666666666666])),
    (D_INT, "Var", &[0, 1, 2], W::F(&[10.14972222222222])),
    (D_INT, "Var", &[0], W::F(&[10.888888888888886, 6.0, 10.888888888888888, 6.0, 6.0, 10.888888888888888, 6.0, 10.888888888888888, 10.888888888888886, 6.0, 10.888888888888888, 10.888888888888886, 6.0, 10.888888888888888, 6.0, 6.0, 10.888888888888888, 6.0, 10.888888888888888, 10.888888888888886])),
    (D_INT, "Var", &[1], W::F(&[5.0, 13.25, 5.0, 11.1875, 11.1875, 13.25, 5.0, 5.0, 13.25, 5.0, 11.1875, 5.0, 13.25, 5.0, 5.0])),
    (D_INT, "Var", &[0, 2], W::F(&[9.840000000000002, 9.155555555555555, 10.328888888888889, 10.328888888888889])),
    (D_INT, "Std", &[0, 1, 2], W::F(&[3.2127482647150205])),
    (D_INT, "Std", &[0], W::F(&[4.04145188432738, 3.0, 4.041451884327381, 3.0, 3.0, 4.041451884327381, 3.0, 4.041451884327381, 4.04145188432738, 3.0, 4.041451884327381, 4.04145188432738, 3.0, 4.041451884327381, 3.0, 3.0, 4.041451884327381, 3.0, 4.041451884327381, 4.04145188432738])),
    (D_INT, "Std", &[1], W::F(&[2.581988897471611, 4.203173404306164, 2.581988897471611, 3.8622100754188224, 3.8622100754188224, 4.203173404306164, 2.581988897471611, 2.581988897471611, 4.203173404306164, 2.581988897471611, 3.8622100754188224, 2.581988897471611, 4.203173404306164, 2.581988897471611, 2.581988897471611])),
    (D_INT, "Std", &[0, 2], W::F(&[3.2469766156929962, 3.132015933791495, 3.32665998663324, 3.32665998663324])),
    (D_INT, "ArgMin", &[0, 1, 2], W::I(&[0])),
    (D_INT, "ArgMin", &[0], W::I(&[0, 2, 1, 2, 2, 0, 2, 1, 0, 2, 1, 0, 2, 1, 2, 2, 0, 2, 1, 0])),
    (D_INT, "ArgMin", &[1], W::I(&[0, 2, 0, 1, 3, 2, 0, 0, 2, 0, 3, 0, 2, 0, 0])),
    (D_INT, "ArgMax", &[0, 1, 2], W::I(&[3])),
    (D_INT, "ArgMax", &[0], W::I(&[1, 0, 2, 0, 0, 1, 0, 2, 1, 0, 2, 1, 0, 2, 0, 0, 1, 0, 2, 1])),
    (D_INT, "ArgMax", &[1], W::I(&[3, 1, 3, 0, 2, 1, 3, 3, 1, 3, 2, 3, 1, 3, 3])),
    (D_INT, "NanSum", &[0, 1, 2], W::I(&[1])),
    (D_INT, "NanSum", &[0], W::I(&[-2, -3, -4, 6, -6, 4, 3, 2, 1, 0, -1, -2, -3, -4, 6, -6, 4, 3, 2, 1])),
    (D_INT, "NanSum", &[1], W::I(&[-8, -2, 4, -1, 5, 2, 8, -8, -2, 4, 1, -4, 2, 8, -8])),
    (D_INT, "NanSum", &[0, 2], W::I(&[-9, 10, -4, 4])),
    (D_INT, "NanMean", &[0, 1, 2], W::F(&[0.016666666666666666])),
    (D_INT, "NanMean", &[0], W::F(&[-0.6666666666666666, -1.0, -1.3333333333333333, 2.0, -2.0, 1.3333333333333333, 1.0, 0.6666666666666666, 0.3333333333333333, 0.0, -0.3333333333333333, -0.6666666666666666, -1.0, -1.3333333333333333, 2.0, -2.0, 1.3333333333333333, 1.0, 0.6666666666666666, 0.3333333333333333])),
    (D_INT, "NanMean", &[1], W::F(&[-2.0, -0.5, 1.0, -0.25, 1.25, 0.5, 2.0, -2.0, -0.5, 1.0, 0.25, -1.0, 0.5, 2.0, -2.0])),
    (D_INT, "NanMean", &[0, 2], W::F(&[-0.6, 0.6666666666666666, -0.26666666666666666, 0.26666666666666666])),
    (D_INT, "NanMin", &[0, 1, 2], W::I(&[-5])),
    (D_INT, "NanMin", &[0], W::I(&[-5, -4, -5, -1, -5, -3, -2, -3, -4, -3, -4, -5, -4, -5, -1, -5, -3, -2, -3, -4])),
    (D_INT, "NanMin", &[1], W::I(&[-5, -5, -2, -4, -4, -4, -1, -5, -5, -2, -5, -4, -4, -1, -5])),
    (D_INT, "NanMin", &[0, 2], W::I(&[-5, -4, -5, -5])),
    (D_INT, "NanMax", &[0, 1, 2], W::I(&[5])),
    (D_INT, "NanMax", &[0], W::I(&[3, 2, 3, 5, 1, 5, 4, 5, 4, 3, 4, 3, 2, 3, 5, 1, 5, 4, 5, 4])),
    (D_INT, "NanMax", &[1], W::I(&[1, 4, 4, 5, 5, 5, 5, 1, 4, 4, 4, 2, 5, 5, 1])),
    (D_INT, "NanMax", &[0, 2], W::I(&[5, 5, 5, 5])),
    (D_FLT, "Sum", &[0, 1, 2], W::F(&[22.75])),
    (D_FLT, "Sum", &[0], W::F(&[-11.25, -8.75, -6.25, -3.75, -1.25, 1.25, 3.75, 6.25, 8.75, 11.25, 13.75, -9.0, -6.5, -4.0, -1.5, 1.0, 3.5, 6.0, 8.5, 11.0])),
    (D_FLT, "Sum", &[1], W::F(&[2.25, -11.25, 0.5, 12.25, -1.25, 10.0, -3.5, 8.25, -5.25, 6.5, -7.5, 4.25, -9.25, 2.5, 14.25])),
    (D_FLT, "Sum", &[0, 2], W::F(&[-31.25, 31.25, -7.25, 30.0])),
    (D_FLT, "Prod", &[0, 1, 2], W::F(&[-1.7890612132227377e+40])),
    (D_FLT, "Prod", &[0], W::F(&[202.5, 173.9375, 153.5625, 83.125, 18.0, -18.0, -83.125, -153.5625, -173.9375, -202.5, -247.0, 177.1875, 134.375, 106.03125, 33.90625, -36.09375, -70.6875, -128.125, -194.0625, -203.65625])),
    (D_FLT, "Prod", &[1], W::F(&[-256.5, -2111.484375, 182.8125, -2376.1875, -120.5859375, 3412.5, 149.53125, -1378.125, -754.1015625, 71.25, 37.125, -573.5625, -1611.4921875, 166.03125, -2929.5])),
    (D_FLT, "Prod", &[0, 2], W::F(&[8092963626.306152, -8092963626.306152, -21142782993.63613, -12919564400.30247])),
    (D_FLT, "Min", &[0, 1, 2], W::F(&[-12.0])),
    (D_FLT, "Min", &[0], W::F(&[-12.0, -11.5, -10.5, -9.5, -9.0, -8.0, -7.0, -6.5, -5.5, -4.5, -4.0, -11.25, -10.75, -9.75, -8.75, -8.25, -7.25, -6.25, -5.75, -4.75])),
    (D_FLT, "Min", &[1], W::F(&[-12.0, -11.25, -6.25, -9.5, -8.75, -8.0, -7.25, -10.5, -9.75, -4.75, -8.25, -11.5, -10.75, -5.75, -9.0])),
    (D_FLT, "Min", &[0, 2], W::F(&[-12.0, -8.0, -11.25, -8.25])),
    (D_FLT, "Max", &[0, 1, 2], W::F(&[13.0])),
    (D_FLT, "Max", &[0], W::F(&[4.5, 5.5, 6.5, 7.0, 8.0, 9.0, 9.5, 10.5, 11.5, 12.0, 13.0, 5.25, 6.25, 7.25, 7.75, 8.75, 9.75, 10.25, 11.25, 12.25])),
    (D_FLT, "Max", &[1], W::F(&[9.0, 9.75, 6.5, 11.5, 12.25, 13.0, 5.5, 10.5, 11.25, 8.0, 4.5, 9.5, 10.25, 7.0, 12.0])),
    (D_FLT, "Max", &[0, 2], W::F(&[8.0, 12.0, 13.0, 12.25])),
    (D_FLT, "Any", &[0, 1, 2], W::F(&[1.0])),
    (D_FLT, "Any", &[0], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_FLT, "Any", &[1], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_FLT, "Any", &[0, 2], W::F(&[1.0, 1.0, 1.0, 1.0])),
    (D_FLT, "All", &[0, 1, 2], W::F(&[1.0])),
    (D_FLT, "All", &[0], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_FLT, "All", &[1], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_FLT, "All", &[0, 2], W::F(&[1.0, 1.0, 1.0, 1.0])),
    (D_FLT, "Mean", &[0, 1, 2], W::F(&[0.37916666666666665])),
    (D_FLT, "Mean", &[0], W::F(&[-3.75, -2.9166666666666665, -2.0833333333333335, -1.25, -0.4166666666666667, 0.4166666666666667, 1.25, 2.0833333333333335, 2.9166666666666665, 3.75, 4.583333333333333, -3.0, -2.1666666666666665, -1.3333333333333333, -0.5, 0.3333333333333333, 1.1666666666666667, 2.0, 2.8333333333333335, 3.6666666666666665])),
    (D_FLT, "Mean", &[1], W::F(&[0.5625, -2.8125, 0.125, 3.0625, -0.3125, 2.5, -0.875, 2.0625, -1.3125, 1.625, -1.875, 1.0625, -2.3125, 0.625, 3.5625])),
    (D_FLT, "Mean", &[0, 2], W::F(&[-2.0833333333333335, 2.0833333333333335, -0.48333333333333334, 2.0])),
    (D_FLT, "Var", &[0, 1, 2], W::F(&[53.10310763888889])),
    (D_FLT, "Var", &[0], W::F(&[45.375, 48.18055555555555, 48.18055555555555, 45.375, 48.18055555555555, 48.18055555555555, 45.375, 48.18055555555555, 48.18055555555555, 45.375, 48.18055555555555, 45.375, 48.18055555555555, 48.18055555555555, 45.375, 48.18055555555555, 48.18055555555555, 45.375, 48.18055555555555, 48.18055555555555])),
    (D_FLT, "Var", &[1], W::F(&[61.63671875, 61.63671875, 22.578125, 61.63671875, 61.63671875, 74.65625, 22.578125, 61.63671875, 61.63671875, 22.578125, 22.578125, 61.63671875, 61.63671875, 22.578125, 61.63671875])),
    (D_FLT, "Var", &[0, 2], W::F(&[48.44722222222222, 48.44722222222222, 54.17055555555555, 49.00833333333333])),
    (D_FLT, "Std", &[0, 1, 2], W::F(&[7.348684257112593])),
    (D_FLT, "Std", &[0], W::F(&[8.25, 8.501225401866094, 8.501225401866094, 8.25, 8.501225401866094, 8.501225401866094, 8.25, 8.501225401866094, 8.501225401866094, 8.25, 8.501225401866094, 8.25, 8.501225401866094, 8.501225401866094, 8.25, 8.501225401866094, 8.501225401866094, 8.25, 8.501225401866094, 8.501225401866094])),
    (D_FLT, "Std", &[1], W::F(&[9.065444923811885, 9.065444923811885, 5.486726407127174, 9.065444923811885, 9.065444923811885, 9.9770570143037, 5.486726407127174, 9.065444923811885, 9.065444923811885, 5.486726407127174, 5.486726407127174, 9.065444923811885, 9.065444923811885, 5.486726407127174, 9.065444923811885])),
    (D_FLT, "Std", &[0, 2], W::F(&[7.204702498732206, 7.204702498732206, 7.618390968726989, 7.246304476864643])),
    (D_FLT, "ArgMin", &[0, 1, 2], W::F(&[0.0])),
    (D_FLT, "ArgMin", &[0], W::F(&[0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 1.0])),
    (D_FLT, "ArgMin", &[1], W::F(&[0.0, 2.0, 3.0, 0.0, 2.0, 1.0, 3.0, 0.0, 2.0, 3.0, 3.0, 0.0, 2.0, 3.0, 0.0])),
    (D_FLT, "ArgMax", &[0, 1, 2], W::F(&[30.0])),
    (D_FLT, "ArgMax", &[0], W::F(&[2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0])),
    (D_FLT, "ArgMax", &[1], W::F(&[1.0, 3.0, 0.0, 1.0, 3.0, 2.0, 0.0, 1.0, 3.0, 0.0, 0.0, 1.0, 3.0, 0.0, 1.0])),
    (D_FLT, "NanSum", &[0, 1, 2], W::F(&[22.75])),
    (D_FLT, "NanSum", &[0], W::F(&[-11.25, -8.75, -6.25, -3.75, -1.25, 1.25, 3.75, 6.25, 8.75, 11.25, 13.75, -9.0, -6.5, -4.0, -1.5, 1.0, 3.5, 6.0, 8.5, 11.0])),
    (D_FLT, "NanSum", &[1], W::F(&[2.25, -11.25, 0.5, 12.25, -1.25, 10.0, -3.5, 8.25, -5.25, 6.5, -7.5, 4.25, -9.25, 2.5, 14.25])),
    (D_FLT, "NanSum", &[0, 2], W::F(&[-31.25, 31.25, -7.25, 30.0])),
    (D_FLT, "NanMean", &[0, 1, 2], W::F(&[0.37916666666666665])),
    (D_FLT, "NanMean", &[0], W::F(&[-3.75, -2.9166666666666665, -2.0833333333333335, -1.25, -0.4166666666666667, 0.4166666666666667, 1.25, 2.0833333333333335, 2.9166666666666665, 3.75, 4.583333333333333, -3.0, -2.1666666666666665, -1.3333333333333333, -0.5, 0.3333333333333333, 1.1666666666666667, 2.0, 2.8333333333333335, 3.6666666666666665])),
    (D_FLT, "NanMean", &[1], W::F(&[0.5625, -2.8125, 0.125, 3.0625, -0.3125, 2.5, -0.875, 2.0625, -1.3125, 1.625, -1.875, 1.0625, -2.3125, 0.625, 3.5625])),
    (D_FLT, "NanMean", &[0, 2], W::F(&[-2.0833333333333335, 2.0833333333333335, -0.48333333333333334, 2.0])),
    (D_FLT, "NanMin", &[0, 1, 2], W::F(&[-12.0])),
    (D_FLT, "NanMin", &[0], W::F(&[-12.0, -11.5, -10.5, -9.5, -9.0, -8.0, -7.0, -6.5, -5.5, -4.5, -4.0, -11.25, -10.75, -9.75, -8.75, -8.25, -7.25, -6.25, -5.75, -4.75])),
    (D_FLT, "NanMin", &[1], W::F(&[-12.0, -11.25, -6.25, -9.5, -8.75, -8.0, -7.25, -10.5, -9.75, -4.75, -8.25, -11.5, -10.75, -5.75, -9.0])),
    (D_FLT, "NanMin", &[0, 2], W::F(&[-12.0, -8.0, -11.25, -8.25])),
    (D_FLT, "NanMax", &[0, 1, 2], W::F(&[13.0])),
    (D_FLT, "NanMax", &[0], W::F(&[4.5, 5.5, 6.5, 7.0, 8.0, 9.0, 9.5, 10.5, 11.5, 12.0, 13.0, 5.25, 6.25, 7.25, 7.75, 8.75, 9.75, 10.25, 11.25, 12.25])),
    (D_FLT, "NanMax", &[1], W::F(&[9.0, 9.75, 6.5, 11.5, 12.25, 13.0, 5.5, 10.5, 11.25, 8.0, 4.5, 9.5, 10.25, 7.0, 12.0])),
    (D_FLT, "NanMax", &[0, 2], W::F(&[8.0, 12.0, 13.0, 12.25])),
    (D_NAN, "Sum", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Sum", &[0], W::F(&[f64::NAN, -8.75, -6.25, -3.75, -1.25, 1.25, 3.75, f64::NAN, 8.75, 11.25, 13.75, f64::NAN, -6.5, -4.0, f64::NAN, 1.0, 3.5, f64::NAN, 8.5, 11.0])),
    (D_NAN, "Sum", &[1], W::F(&[f64::NAN, -11.25, f64::NAN, 12.25, -1.25, 10.0, -3.5, f64::NAN, -5.25, f64::NAN, -7.5, f64::NAN, f64::NAN, 2.5, 14.25])),
    (D_NAN, "Sum", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "Prod", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Prod", &[0], W::F(&[f64::NAN, 173.9375, 153.5625, 83.125, 18.0, -18.0, -83.125, f64::NAN, -173.9375, -202.5, -247.0, f64::NAN, 134.375, 106.03125, f64::NAN, -36.09375, -70.6875, f64::NAN, -194.0625, -203.65625])),
    (D_NAN, "Prod", &[1], W::F(&[f64::NAN, -2111.484375, f64::NAN, -2376.1875, -120.5859375, 3412.5, 149.53125, f64::NAN, -754.1015625, f64::NAN, 37.125, f64::NAN, f64::NAN, 166.03125, -2929.5])),
    (D_NAN, "Prod", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "Min", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Min", &[0], W::F(&[f64::NAN, -11.5, -10.5, -9.5, -9.0, -8.0, -7.0, f64::NAN, -5.5, -4.5, -4.0, f64::NAN, -10.75, -9.75, f64::NAN, -8.25, -7.25, f64::NAN, -5.75, -4.75])),
    (D_NAN, "Min", &[1], W::F(&[f64::NAN, -11.25, f64::NAN, -9.5, -8.75, -8.0, -7.25, f64::NAN, -9.75, f64::NAN, -8.25, f64::NAN, f64::NAN, -5.75, -9.0])),
    (D_NAN, "Min", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "Max", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Max", &[0], W::F(&[f64::NAN, 5.5, 6.5, 7.0, 8.0, 9.0, 9.5, f64::NAN, 11.5, 12.0, 13.0, f64::NAN, 6.25, 7.25, f64::NAN, 8.75, 9.75, f64::NAN, 11.25, 12.25])),
    (D_NAN, "Max", &[1], W::F(&[f64::NAN, 9.75, f64::NAN, 11.5, 12.25, 13.0, 5.5, f64::NAN, 11.25, f64::NAN, 4.5, f64::NAN, f64::NAN, 7.0, 12.0])),
    (D_NAN, "Max", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "Any", &[0, 1, 2], W::F(&[1.0])),
    (D_NAN, "Any", &[0], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_NAN, "Any", &[1], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_NAN, "Any", &[0, 2], W::F(&[1.0, 1.0, 1.0, 1.0])),
    (D_NAN, "All", &[0, 1, 2], W::F(&[1.0])),
    (D_NAN, "All", &[0], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_NAN, "All", &[1], W::F(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])),
    (D_NAN, "All", &[0, 2], W::F(&[1.0, 1.0, 1.0, 1.0])),
    (D_NAN, "Mean", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Mean", &[0], W::F(&[f64::NAN, -2.9166666666666665, -2.0833333333333335, -1.25, -0.4166666666666667, 0.4166666666666667, 1.25, f64::NAN, 2.9166666666666665, 3.75, 4.583333333333333, f64::NAN, -2.1666666666666665, -1.3333333333333333, f64::NAN, 0.3333333333333333, 1.1666666666666667, f64::NAN, 2.8333333333333335, 3.6666666666666665])),
    (D_NAN, "Mean", &[1], W::F(&[f64::NAN, -2.8125, f64::NAN, 3.0625, -0.3125, 2.5, -0.875, f64::NAN, -1.3125, f64::NAN, -1.875, f64::NAN, f64::NAN, 0.625, 3.5625])),
    (D_NAN, "Mean", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "Var", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Var", &[0], W::F(&[f64::NAN, 48.18055555555555, 48.18055555555555, 45.375, 48.18055555555555, 48.18055555555555, 45.375, f64::NAN, 48.18055555555555, 45.375, 48.18055555555555, f64::NAN, 48.18055555555555, 48.18055555555555, f64::NAN, 48.18055555555555, 48.18055555555555, f64::NAN, 48.18055555555555, 48.18055555555555])),
    (D_NAN, "Var", &[1], W::F(&[f64::NAN, 61.63671875, f64::NAN, 61.63671875, 61.63671875, 74.65625, 22.578125, f64::NAN, 61.63671875, f64::NAN, 22.578125, f64::NAN, f64::NAN, 22.578125, 61.63671875])),
    (D_NAN, "Var", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "Std", &[0, 1, 2], W::F(&[f64::NAN])),
    (D_NAN, "Std", &[0], W::F(&[f64::NAN, 8.501225401866094, 8.501225401866094, 8.25, 8.501225401866094, 8.501225401866094, 8.25, f64::NAN, 8.501225401866094, 8.25, 8.501225401866094, f64::NAN, 8.501225401866094, 8.501225401866094, f64::NAN, 8.501225401866094, 8.501225401866094, f64::NAN, 8.501225401866094, 8.501225401866094])),
    (D_NAN, "Std", &[1], W::F(&[f64::NAN, 9.065444923811885, f64::NAN, 9.065444923811885, 9.065444923811885, 9.9770570143037, 5.486726407127174, f64::NAN, 9.065444923811885, f64::NAN, 5.486726407127174, f64::NAN, f64::NAN, 5.486726407127174, 9.065444923811885])),
    (D_NAN, "Std", &[0, 2], W::F(&[f64::NAN, f64::NAN, f64::NAN, f64::NAN])),
    (D_NAN, "ArgMin", &[0, 1, 2], W::F(&[0.0])),
    (D_NAN, "ArgMin", &[0], W::F(&[0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 0.0, 0.0, 1.0, 0.0, 2.0, 2.0, 2.0, 1.0, 1.0, 2.0, 1.0, 0.0, 2.0, 1.0])),
    (D_NAN, "ArgMin", &[1], W::F(&[0.0, 2.0, 1.0, 0.0, 2.0, 1.0, 3.0, 1.0, 2.0, 2.0, 3.0, 2.0, 1.0, 3.0, 0.0])),
    (D_NAN, "ArgMax", &[0, 1, 2], W::F(&[0.0])),
    (D_NAN, "ArgMax", &[0], W::F(&[0.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 0.0, 0.0, 2.0, 1.0, 2.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0])),
    (D_NAN, "ArgMax", &[1], W::F(&[0.0, 3.0, 1.0, 1.0, 3.0, 2.0, 0.0, 1.0, 3.0, 2.0, 0.0, 2.0, 1.0, 0.0, 1.0])),
    (D_NAN, "NanSum", &[0, 1, 2], W::F(&[30.0])),
    (D_NAN, "NanSum", &[0], W::F(&[0.75, -8.75, -6.25, -3.75, -1.25, 1.25, 3.75, 0.0, 8.75, 11.25, 13.75, -14.25, -6.5, -4.0, -1.0, 1.0, 3.5, 12.25, 8.5, 11.0])),
    (D_NAN, "NanSum", &[1], W::F(&[14.25, -11.25, 4.5, 12.25, -1.25, 10.0, -3.5, -2.25, -5.25, 7.0, -7.5, -1.0, -2.75, 2.5, 14.25])),
    (D_NAN, "NanSum", &[0, 2], W::F(&[-19.25, 25.0, -12.0, 36.25])),
    (D_NAN, "NanMean", &[0, 1, 2], W::F(&[0.5660377358490566])),
    (D_NAN, "NanMean", &[0], W::F(&[0.375, -2.9166666666666665, -2.0833333333333335, -1.25, -0.4166666666666667, 0.4166666666666667, 1.25, f64::NAN, 2.9166666666666665, 3.75, 4.583333333333333, -7.125, -2.1666666666666665, -1.3333333333333333, -0.5, 0.3333333333333333, 1.1666666666666667, 6.125, 2.8333333333333335, 3.6666666666666665])),
    (D_NAN, "NanMean", &[1], W::F(&[4.75, -2.8125, 2.25, 3.0625, -0.3125, 2.5, -0.875, -0.75, -1.3125, 2.3333333333333335, -1.875, -0.3333333333333333, -0.9166666666666666, 0.625, 3.5625])),
    (D_NAN, "NanMean", &[0, 2], W::F(&[-1.375, 2.0833333333333335, -0.9230769230769231, 2.5892857142857144])),
    (D_NAN, "NanMin", &[0, 1, 2], W::F(&[-11.5])),
    (D_NAN, "NanMin", &[0], W::F(&[-3.75, -11.5, -10.5, -9.5, -9.0, -8.0, -7.0, f64::NAN, -5.5, -4.5, -4.0, -11.25, -10.75, -9.75, -8.75, -8.25, -7.25, 2.0, -5.75, -4.75])),
    (D_NAN, "NanMin", &[1], W::F(&[0.5, -11.25, -2.0, -9.5, -8.75, -8.0, -7.25, -10.5, -9.75, -4.75, -8.25, -11.5, -10.75, -5.75, -9.0])),
    (D_NAN, "NanMin", &[0, 2], W::F(&[-11.5, -8.0, -11.25, -8.25])),
    (D_NAN, "NanMax", &[0, 1, 2], W::F(&[13.0])),
    (D_NAN, "NanMax", &[0], W::F(&[4.5, 5.5, 6.5, 7.0, 8.0, 9.0, 9.5, f64::NAN, 11.5, 12.0, 13.0, -3.0, 6.25, 7.25, 7.75, 8.75, 9.75, 10.25, 11.25, 12.25])),
    (D_NAN, "NanMax", &[1], W::F(&[9.0, 9.75, 6.5, 11.5, 12.25, 13.0, 5.5, 6.25, 11.25, 8.0, 4.5, 9.5, 10.25, 7.0, 12.0])),
    (D_NAN, "NanMax", &[0, 2], W::F(&[8.0, 12.0, 13.0, 12.25])),
    ];
}
