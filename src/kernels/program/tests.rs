//! Tests of fused programs: broadcasting, chunk offsets, layouts and tiling.

use ndarray::{ArrayD, IxDyn, ShapeBuilder};

use super::super::elementwise::{BinaryOp, UnaryOp};
use super::super::random;
use super::super::{Block, Scalar};
use super::plan::Plan;
use super::{eval_program, eval_program_sized, for_each_tile_sized, Instr, Program, TileRef};
use crate::dtype::DType;

const TILES: [usize; 6] = [1, 3, 7, 64, 2500, 4096];

fn f64_block(shape: &[usize], v: Vec<f64>) -> Block {
    Block::F64(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
}

fn i64_block(shape: &[usize], v: Vec<i64>) -> Block {
    Block::I64(ArrayD::from_shape_vec(IxDyn(shape), v).unwrap())
}

/// Evaluates with every tile size, through both entry points, and checks they agree.
fn eval_all(prog: &Program, inputs: &[&Block], out_shape: &[usize]) -> Block {
    let want = eval_program(prog, inputs, out_shape);
    assert_eq!(want.shape(), out_shape);
    assert_eq!(want.dtype(), prog.out_dtype());
    let flat = want.to_f64_vec();
    for tile in TILES {
        let got = eval_program_sized(prog, inputs, out_shape, tile);
        assert_eq!((got.shape(), got.dtype()), (want.shape(), want.dtype()));
        let same = got
            .to_f64_vec()
            .iter()
            .zip(&flat)
            .all(|(g, w)| g == w || (g.is_nan() && w.is_nan()));
        assert!(same, "tile {tile}: {got:?} vs {want:?}");
        let mut seen = Vec::new();
        for_each_tile_sized(prog, inputs, out_shape, tile, &mut |start, t| {
            assert_eq!(start, seen.len(), "tiles arrive in order");
            let vals: Vec<f64> = match t {
                TileRef::Bool(s) => s.iter().map(|&v| v as u8 as f64).collect(),
                TileRef::I32(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::I64(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::I8(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::I16(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::U8(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::U16(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::U32(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::U64(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::F32(s) => s.iter().map(|&v| v as f64).collect(),
                TileRef::F64(s) => s.to_vec(),
                TileRef::C64(s) => s.iter().map(|v| v.re() as f64).collect(),
                TileRef::C128(s) => s.iter().map(|v| v.re()).collect(),
            };
            assert!(vals.len() <= tile);
            seen.extend(vals);
        });
        assert_eq!(seen.len(), flat.len());
        for (g, w) in seen.iter().zip(&flat) {
            assert!(
                g == w || (g.is_nan() && w.is_nan()),
                "for_each_tile, tile {tile}: {g} vs {w}"
            );
        }
    }
    want
}

fn random_leaf(seed: u64, full: &[usize], offset: &[usize], shape: &[usize]) -> Instr {
    Instr::Random {
        seed,
        normal: false,
        full_shape: full.to_vec(),
        offset: offset.to_vec(),
        shape: shape.to_vec(),
    }
}

/// `((2*x + 1)**3)` on top of instruction `x`.
fn push_cubic(p: &mut Program, x: usize) -> usize {
    let two = p.push(Instr::Const(Scalar::Int(2)), DType::F64);
    let m = p.push(Instr::Binary(BinaryOp::Mul, two, x), DType::F64);
    let one = p.push(Instr::Const(Scalar::Int(1)), DType::F64);
    let a = p.push(Instr::Binary(BinaryOp::Add, m, one), DType::F64);
    let three = p.push(Instr::Const(Scalar::Int(3)), DType::F64);
    p.push(Instr::Binary(BinaryOp::Pow, a, three), DType::F64)
}

#[test]
fn broadcast_column_against_row() {
    // numpy: np.array([[7],[-7],[5]]) // np.array([2,-3,4,0]) and the same with %
    let a = i64_block(&[3, 1], vec![7, -7, 5]);
    let b = i64_block(&[4], vec![2, -3, 4, 0]);
    for (op, want) in [
        (
            BinaryOp::FloorDiv,
            vec![3, -3, 1, 0, -4, 2, -2, 0, 2, -2, 1, 0],
        ),
        (BinaryOp::Mod, vec![1, -2, 3, 0, 1, -1, 1, 0, 1, -1, 1, 0]),
    ] {
        let mut p = Program::default();
        let x = p.push(Instr::Input(0), DType::I64);
        let y = p.push(Instr::Input(1), DType::I64);
        p.push(Instr::Binary(op, x, y), DType::I64);
        assert_eq!(eval_all(&p, &[&a, &b], &[3, 4]), i64_block(&[3, 4], want));
    }
}

#[test]
fn broadcast_maximum_keeps_nan() {
    // numpy: np.maximum([[1.5,-2.0],[nan,0.25]], [0.0, 1.0])
    let a = f64_block(&[2, 2], vec![1.5, -2.0, f64::NAN, 0.25]);
    let b = f64_block(&[2], vec![0.0, 1.0]);
    let mut p = Program::default();
    let x = p.push(Instr::Input(0), DType::F64);
    let y = p.push(Instr::Input(1), DType::F64);
    p.push(Instr::Binary(BinaryOp::Maximum, x, y), DType::F64);
    let got = eval_all(&p, &[&a, &b], &[2, 2]).to_f64_vec();
    assert_eq!((got[0], got[1], got[3]), (1.5, 1.0, 1.0));
    assert!(got[2].is_nan());
}

#[test]
fn broadcast_leading_dims_and_size_one_dims() {
    // (2,1,3) + (4,1) -> (2,4,3)
    let a = f64_block(&[2, 1, 3], (0..6).map(|v| v as f64 * 100.0).collect());
    let b = f64_block(&[4, 1], (0..4).map(|v| v as f64).collect());
    let mut p = Program::default();
    let x = p.push(Instr::Input(0), DType::F64);
    let y = p.push(Instr::Input(1), DType::F64);
    p.push(Instr::Binary(BinaryOp::Add, x, y), DType::F64);
    let got = eval_all(&p, &[&a, &b], &[2, 4, 3]).to_f64_vec();
    let mut want = Vec::new();
    for i in 0..2 {
        for j in 0..4 {
            for k in 0..3 {
                want.push((i * 3 + k) as f64 * 100.0 + j as f64);
            }
        }
    }
    assert_eq!(got, want);
}

#[test]
fn fused_cubic_matches_direct_computation() {
    let xs: Vec<f64> = (0..1000).map(|i| random::uniform(5, i)).collect();
    let x = f64_block(&[40, 25], xs.clone());
    let mut p = Program::default();
    let i = p.push(Instr::Input(0), DType::F64);
    push_cubic(&mut p, i);
    let got = eval_all(&p, &[&x], &[40, 25]).to_f64_vec();
    for (g, &v) in got.iter().zip(&xs) {
        let w = (2.0 * v + 1.0).powf(3.0);
        assert!((g - w).abs() <= 1e-15 * w, "{g} vs {w}");
    }
    // The input is read in place and the chain needs at most two scratch tiles.
    let plan = Plan::new(&p, &[&x], &[40, 25], true);
    assert_eq!(plan.nodes[0].kind.name(), "direct");
    assert!(plan.slots.len() <= 2, "{:?}", plan.slots);
}

#[test]
fn cubic_over_random_leaf_in_sub_tiles() {
    // 5050 elements: tiles of 2500 and 4096 are evaluated in L1-sized pieces, the last ragged.
    let shape = [50usize, 101];
    let mut p = Program::default();
    let x = p.push(random_leaf(3, &shape, &[0, 0], &shape), DType::F64);
    push_cubic(&mut p, x);
    let got = eval_all(&p, &[], &shape).to_f64_vec();
    for (k, g) in got.iter().enumerate() {
        let w = (2.0 * random::uniform(3, k as u64) + 1.0).powf(3.0);
        assert!((g - w).abs() <= 1e-15 * w, "{k}: {g} vs {w}");
    }
}

#[test]
fn random_is_independent_of_chunking() {
    let full = [5usize, 7];
    let mut whole = Program::default();
    whole.push(random_leaf(9, &full, &[0, 0], &full), DType::F64);
    let w = eval_all(&whole, &[], &full).to_f64_vec();
    for (g, v) in w.iter().enumerate() {
        assert_eq!(*v, random::uniform(9, g as u64));
    }
    // the same array as 2x3 chunks (ragged at the edges)
    for r0 in (0..5).step_by(2) {
        for c0 in (0..7).step_by(3) {
            let shape = [2.min(5 - r0), 3.min(7 - c0)];
            let mut p = Program::default();
            p.push(random_leaf(9, &full, &[r0, c0], &shape), DType::F64);
            let got = eval_all(&p, &[], &shape).to_f64_vec();
            for r in 0..shape[0] {
                for c in 0..shape[1] {
                    assert_eq!(got[r * shape[1] + c], w[(r0 + r) * 7 + c0 + c]);
                }
            }
        }
    }
    // normal and float32 leaves too
    let mut p = Program::default();
    p.push(
        Instr::Random {
            seed: 3,
            normal: true,
            full_shape: vec![4, 6],
            offset: vec![1, 2],
            shape: vec![3, 4],
        },
        DType::F32,
    );
    let got = eval_all(&p, &[], &[3, 4]).to_f64_vec();
    for r in 0..3 {
        for c in 0..4 {
            let g = ((1 + r) * 6 + 2 + c) as u64;
            assert_eq!(got[r * 4 + c], random::normal(3, g) as f32 as f64);
        }
    }
}

#[test]
fn random_leaf_broadcasts() {
    // a (3,1) random leaf of a (3,1) array, broadcast against (3,4)
    let mut p = Program::default();
    p.push(random_leaf(1, &[3, 1], &[0, 0], &[3, 1]), DType::F64);
    let got = eval_all(&p, &[], &[3, 4]).to_f64_vec();
    for r in 0..3 {
        for c in 0..4 {
            assert_eq!(got[r * 4 + c], random::uniform(1, r as u64));
        }
    }
}

#[test]
fn arange_across_chunk_offsets() {
    // numpy: np.arange(3, 50, 4)[5:9] and np.arange(0.5, 3.0, 0.25)[3:7]
    let mut p = Program::default();
    p.push(
        Instr::Arange {
            start: 3.0,
            step: 4.0,
            offset: 5,
            len: 4,
        },
        DType::I64,
    );
    assert_eq!(
        eval_all(&p, &[], &[4]),
        i64_block(&[4], vec![23, 27, 31, 35])
    );
    let mut p = Program::default();
    p.push(
        Instr::Arange {
            start: 0.5,
            step: 0.25,
            offset: 3,
            len: 4,
        },
        DType::F64,
    );
    assert_eq!(
        eval_all(&p, &[], &[4]),
        f64_block(&[4], vec![1.25, 1.5, 1.75, 2.0])
    );
    // exact beyond 2^53 in int64
    let mut p = Program::default();
    p.push(
        Instr::Arange {
            start: 9007199254740991.0,
            step: 1.0,
            offset: 2,
            len: 2,
        },
        DType::I64,
    );
    assert_eq!(
        eval_all(&p, &[], &[2]),
        i64_block(&[2], vec![9007199254740993, 9007199254740994])
    );
    // broadcast against (2, 3) rows
    let mut p = Program::default();
    p.push(
        Instr::Arange {
            start: 0.0,
            step: 1.0,
            offset: 10,
            len: 3,
        },
        DType::I32,
    );
    let got = eval_all(&p, &[], &[2, 3]);
    assert_eq!(
        got,
        Block::I32(ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![10, 11, 12, 10, 11, 12]).unwrap())
    );
}

#[test]
fn eye_across_chunk_offsets() {
    // numpy: np.eye(5, 6, k=1)[1:4, 2:6]
    let mut p = Program::default();
    p.push(
        Instr::Eye {
            k: 1,
            offset: [1, 2],
            shape: [3, 4],
        },
        DType::F64,
    );
    let want = vec![1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0];
    assert_eq!(eval_all(&p, &[], &[3, 4]), f64_block(&[3, 4], want));
    let mut p = Program::default();
    p.push(
        Instr::Eye {
            k: -2,
            offset: [4, 0],
            shape: [2, 3],
        },
        DType::Bool,
    );
    let got = eval_all(&p, &[], &[2, 3]);
    let want = vec![false, false, true, false, false, false];
    assert_eq!(
        got,
        Block::Bool(ArrayD::from_shape_vec(IxDyn(&[2, 3]), want).unwrap())
    );
}

#[test]
fn zero_d_and_empty_shapes() {
    let mut p = Program::default();
    let c = p.push(Instr::Const(Scalar::Float(2.5)), DType::F64);
    let x = p.push(Instr::Input(0), DType::F64);
    p.push(Instr::Binary(BinaryOp::Mul, c, x), DType::F64);
    let x0 = f64_block(&[], vec![4.0]);
    assert_eq!(eval_all(&p, &[&x0], &[]), f64_block(&[], vec![10.0]));
    let e = f64_block(&[0, 3], vec![]);
    assert_eq!(eval_all(&p, &[&e], &[0, 3]), f64_block(&[0, 3], vec![]));
    let e = f64_block(&[3], vec![1.0, 2.0, 3.0]);
    assert_eq!(eval_all(&p, &[&e], &[0, 3]), f64_block(&[0, 3], vec![]));
    // a constant program fills its shape
    let mut p = Program::default();
    p.push(Instr::Const(Scalar::Int(7)), DType::I32);
    let got = eval_all(&p, &[], &[2, 2]);
    assert_eq!(got, Block::I32(ArrayD::from_elem(IxDyn(&[2, 2]), 7)));
    let mut p = Program::default();
    p.push(random_leaf(1, &[], &[], &[]), DType::F64);
    assert_eq!(
        eval_all(&p, &[], &[]),
        f64_block(&[], vec![random::uniform(1, 0)])
    );
}

#[test]
fn single_input_program_copies_or_broadcasts() {
    let x = i64_block(&[2, 3], (0..6).collect());
    let mut p = Program::default();
    p.push(Instr::Input(0), DType::I64);
    assert_eq!(eval_all(&p, &[&x], &[2, 3]), x);
    let got = eval_all(&p, &[&x], &[2, 2, 3]);
    assert_eq!(
        got,
        i64_block(&[2, 2, 3], vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5])
    );
    // an input of another dtype is converted
    let mut p = Program::default();
    p.push(Instr::Input(0), DType::F32);
    assert_eq!(eval_all(&p, &[&x], &[2, 3]), x.cast(DType::F32));
}

#[test]
fn non_standard_layouts() {
    let base = ArrayD::from_shape_vec(
        IxDyn(&[4, 6]),
        (0..24).map(|v| v as f64).collect::<Vec<_>>(),
    )
    .unwrap();
    let fortran = ArrayD::from_shape_vec(
        IxDyn(&[4, 6]).f(),
        (0..24).map(|v| v as f64).collect::<Vec<_>>(),
    )
    .unwrap();
    let views: Vec<ArrayD<f64>> = vec![
        base.t().to_owned().reversed_axes().reversed_axes(), // standard copy
        base.clone().reversed_axes(),                        // transposed, memory order
        fortran,
        base.slice(ndarray::s![..;-1, ..]).to_owned().into_dyn(),
        {
            let mut a = base.clone();
            a.invert_axis(ndarray::Axis(1));
            a
        }, // negative stride, contiguous
        base.slice(ndarray::s![.., ..;2]).to_owned().into_dyn(),
        {
            let mut a = base.clone();
            a.slice_collapse(ndarray::s![1..3, ..;2]);
            a
        }, // gaps: not contiguous
    ];
    for a in views {
        let shape = a.shape().to_vec();
        let standard: Vec<f64> = a.iter().copied().collect();
        let b = Block::F64(a);
        let mut p = Program::default();
        let x = p.push(Instr::Input(0), DType::F64);
        let one = p.push(Instr::Const(Scalar::Float(1.0)), DType::F64);
        p.push(Instr::Binary(BinaryOp::Add, x, one), DType::F64);
        let got = eval_all(&p, &[&b], &shape).to_f64_vec();
        let want: Vec<f64> = standard.iter().map(|v| v + 1.0).collect();
        assert_eq!(got, want, "shape {shape:?}");
        // and broadcast along a new leading dim
        let mut big = vec![2];
        big.extend(&shape);
        let got = eval_all(&p, &[&b], &big).to_f64_vec();
        assert_eq!(got[..want.len()], want[..]);
        assert_eq!(got[want.len()..], want[..]);
    }
}

#[test]
fn dtype_fixups_and_where() {
    // int / int is true division in float64; mismatched operands are promoted
    let a = i64_block(&[3], vec![1, 2, 3]);
    let b = i64_block(&[3], vec![2, 0, -4]);
    let mut p = Program::default();
    let x = p.push(Instr::Input(0), DType::I64);
    let y = p.push(Instr::Input(1), DType::I64);
    p.push(Instr::Binary(BinaryOp::Div, x, y), DType::F64);
    assert_eq!(
        eval_all(&p, &[&a, &b], &[3]).to_f64_vec(),
        [0.5, f64::INFINITY, -0.75]
    );
    // where(x > 1, x, 9)
    let mut p = Program::default();
    let x = p.push(Instr::Input(0), DType::I64);
    let one = p.push(Instr::Const(Scalar::Int(1)), DType::I64);
    let c = p.push(Instr::Binary(BinaryOp::Gt, x, one), DType::Bool);
    let nine = p.push(Instr::Const(Scalar::Int(9)), DType::I64);
    p.push(Instr::Where(c, x, nine), DType::I64);
    assert_eq!(eval_all(&p, &[&a], &[3]), i64_block(&[3], vec![9, 2, 3]));
    // constant condition, casts, unary on a cast
    let mut p = Program::default();
    let t = p.push(Instr::Const(Scalar::Bool(false)), DType::Bool);
    let x = p.push(Instr::Input(0), DType::I64);
    let f = p.push(Instr::Cast(x), DType::F64);
    let s = p.push(Instr::Unary(UnaryOp::Sqrt, f), DType::F64);
    let w = p.push(Instr::Where(t, x, s), DType::F64);
    p.push(Instr::Cast(w), DType::F64);
    let got = eval_all(&p, &[&a], &[3]).to_f64_vec();
    assert_eq!(got, [1.0, 2f64.sqrt(), 3f64.sqrt()]);
    // scalar-only subexpressions are folded: (2 + 3) * x
    let mut p = Program::default();
    let two = p.push(Instr::Const(Scalar::Int(2)), DType::I64);
    let three = p.push(Instr::Const(Scalar::Int(3)), DType::I64);
    let five = p.push(Instr::Binary(BinaryOp::Add, two, three), DType::I64);
    let x = p.push(Instr::Input(0), DType::I64);
    p.push(Instr::Binary(BinaryOp::Mul, five, x), DType::I64);
    assert_eq!(eval_all(&p, &[&a], &[3]), i64_block(&[3], vec![5, 10, 15]));
    let plan = Plan::new(&p, &[&a], &[3], true);
    assert_eq!(plan.nodes[2].kind.name(), "scalar");
}

/// Sum in eight independent lanes, so the consumer is not the bottleneck of the benchmark.
fn lane_sum(s: &[f64]) -> f64 {
    let mut lanes = [0.0; 8];
    let chunks = s.chunks_exact(8);
    let rest: f64 = chunks.remainder().iter().sum();
    for c in chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l += v;
        }
    }
    lanes.iter().sum::<f64>() + rest
}

/// Median throughput of `f` over `runs` runs, in M elements/s.
fn throughput(n: usize, runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    n as f64 / times[runs / 2] / 1e6
}

/// `cargo test --release --lib kernels::program -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_fused_cubic_over_random() {
    let n = 2000;
    let shape = [n, n];
    let mut p = Program::default();
    let x = p.push(random_leaf(1, &shape, &[0, 0], &shape), DType::F64);
    push_cubic(&mut p, x);
    let mut only_random = Program::default();
    only_random.push(p.instrs[0].clone(), DType::F64);
    let xb = eval_program(&only_random, &[], &shape);
    let mut q = Program::default();
    let i = q.push(Instr::Input(0), DType::F64);
    push_cubic(&mut q, i);

    let mut total = 0.0;
    let mut tiles_sum = |prog: &Program, inputs: &[&Block]| {
        super::for_each_tile(prog, inputs, &shape, &mut |_, t| {
            if let TileRef::F64(s) = t {
                total += lane_sum(s);
            }
        })
    };
    let fused = throughput(n * n, 7, || tiles_sum(&p, &[]));
    let random_only = throughput(n * n, 7, || tiles_sum(&only_random, &[]));
    let over_input = throughput(n * n, 7, || tiles_sum(&q, &[&xb]));
    let eval = throughput(n * n, 5, || {
        assert_eq!(eval_program(&p, &[], &shape).len(), n * n)
    });
    println!("M elements/s, one thread, medians ({total:.3e}):");
    println!("  for_each_tile ((2*x+1)**3) over a Random leaf, summed: {fused:.0}");
    println!("  for_each_tile of the Random leaf alone, summed:        {random_only:.0}");
    println!("  for_each_tile ((2*x+1)**3) over an input block, summed: {over_input:.0}");
    println!("  eval_program ((2*x+1)**3) over a Random leaf:           {eval:.0}");
}
