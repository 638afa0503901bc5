//! Unit tests of the reductions: every op over uneven chunks against hand-computed values.

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
        let ok = (g.is_nan() && w.is_nan()) || g == w || (g - w).abs() <= 1e-12 * w.abs().max(1.0);
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
                        Range1::contiguous(BOUNDS[d][c[d]].0, BOUNDS[d][c[d]].1 - BOUNDS[d][c[d]].0)
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
        "Sum", "Mean", "Min", "Max", "Var", "Std", "NanSum", "NanMean", "NanMin", "ArgMin", "Any",
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
