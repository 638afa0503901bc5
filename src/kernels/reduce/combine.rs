//! Reductions, steps two and three: pairwise `combine` of neighbouring chunks' [`Partial`]
//! records, then `finalize` into the result block.

use super::elem::{fmax, fmin, pmax, pmin, Acc, Elem};
use super::{arg_beats, Partial, ReduceOp};
use crate::dtype::DType;
use crate::kernels::complex::{Cx, C128};
use crate::kernels::Block;
use crate::map_block;
use ndarray::{ArrayD, Axis, Zip};

use crate::with_dtype as with_elem;

/// Chan et al.'s pairwise merge of (count, mean, M2) moments.
#[inline(always)]
pub(super) fn chan(na: f64, ma: f64, m2a: f64, nb: f64, mb: f64, m2b: f64) -> (f64, f64, f64) {
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
