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

use super::program::{eval_program, for_each_tile, Program};
use super::Block;
use crate::dtype::DType;
use crate::with_dtype as with_elem;
use ndarray::{ArrayD, IxDyn};

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

mod combine;
mod elem;
#[cfg(test)]
mod tests;

use combine::chan;
pub use combine::{combine, finalize};
pub(crate) use elem::Elem;
use elem::{fmax, fmin, nan_to_f64, nan_to_s, not_nan, pmax, pmin, tree_fold, Acc};

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
pub(crate) struct AllAcc<T: Elem> {
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
    pub(crate) fn new(op: ReduceOp) -> Self {
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

    pub(crate) fn feed(&mut self, t: &[T]) {
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

    /// Merges the record of the chunk after this one, as [`combine`] merges their partials
    /// (the same operations in the same order: bit for bit its result).
    pub(crate) fn merge(&mut self, o: &Self) {
        use ReduceOp::*;
        match self.op {
            Sum | NanSum => self.s = self.s.add(o.s),
            Prod => self.s = self.s.mul(o.s),
            Min => self.v = pmin(self.v, o.v),
            Max => self.v = pmax(self.v, o.v),
            NanMin => self.v = fmin(self.v, o.v),
            NanMax => self.v = fmax(self.v, o.v),
            Any => self.flag |= o.flag,
            All => self.flag &= o.flag,
            Mean | NanMean => {
                self.n += o.n;
                self.total += o.total;
            }
            Var { .. } | Std { .. } => {
                (self.n, self.mean, self.m2) = chan(self.n, self.mean, self.m2, o.n, o.mean, o.m2)
            }
            ArgMin | ArgMax => unreachable!("arg reductions go through arg_typed"),
        }
    }

    pub(crate) fn finish(self, ndim: usize) -> Partial {
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
