use super::*;

// Expected values below were computed with numpy 2.4.

fn bin_i64(op: BinaryOp, a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = vec![0; a.len()];
    binary_tile(
        op,
        AnySrc::I64(Src::Tile(a)),
        AnySrc::I64(Src::Tile(b)),
        TileMut::I64(&mut out),
    );
    out
}

fn bin_i32(op: BinaryOp, a: &[i32], b: &[i32]) -> Vec<i32> {
    let mut out = vec![0; a.len()];
    binary_tile(
        op,
        AnySrc::I32(Src::Tile(a)),
        AnySrc::I32(Src::Tile(b)),
        TileMut::I32(&mut out),
    );
    out
}

fn bin_f64(op: BinaryOp, a: Src<f64>, b: Src<f64>, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    binary_tile(op, AnySrc::F64(a), AnySrc::F64(b), TileMut::F64(&mut out));
    out
}

fn un_f64(op: UnaryOp, x: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; x.len()];
    unary_tile(op, AnySrc::F64(Src::Tile(x)), TileMut::F64(&mut out));
    out
}

/// Equal as numpy prints them: NaN equals NaN, and the sign of zero counts.
fn assert_same(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let same =
            (g.is_nan() && w.is_nan()) || (g == w && g.is_sign_negative() == w.is_sign_negative());
        assert!(
            same,
            "element {i}: got {g:?}, want {w:?}\n got {got:?}\nwant {want:?}"
        );
    }
}

#[test]
fn int_floordiv_mod_follow_python_and_never_panic() {
    let a = [7, -7, 7, -7, 0, 5, i64::MIN, 3];
    let b = [2, 2, -2, -2, 3, 0, -1, 0];
    assert_eq!(
        bin_i64(BinaryOp::FloorDiv, &a, &b),
        [3, -4, -4, 3, 0, 0, i64::MIN, 0]
    );
    assert_eq!(bin_i64(BinaryOp::Mod, &a, &b), [1, 1, -1, -1, 0, 0, 0, 0]);
    let a = [7, -7, 7, -7, 0, 5, i32::MIN, 3];
    let b = [2, 2, -2, -2, 3, 0, -1, 0];
    assert_eq!(
        bin_i32(BinaryOp::FloorDiv, &a, &b),
        [3, -4, -4, 3, 0, 0, i32::MIN, 0]
    );
    assert_eq!(bin_i32(BinaryOp::Mod, &a, &b), [1, 1, -1, -1, 0, 0, 0, 0]);
}

#[test]
fn float_floordiv_mod_match_numpy() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let a = [
        7.5, -7.5, 7.5, -7.5, 0.0, -0.0, 5.0, -1.0, 1.0, inf, nan, 5.0, -5.0,
    ];
    let b = [
        2.0, 2.0, -2.0, -2.0, 3.0, 3.0, 0.0, inf, inf, 2.0, 1.0, -0.0, inf,
    ];
    let n = a.len();
    let fd = bin_f64(BinaryOp::FloorDiv, Src::Tile(&a), Src::Tile(&b), n);
    assert_same(
        &fd,
        &[
            3.0, -4.0, -4.0, 3.0, 0.0, -0.0, inf, -1.0, 0.0, nan, nan, -inf, -1.0,
        ],
    );
    let m = bin_f64(BinaryOp::Mod, Src::Tile(&a), Src::Tile(&b), n);
    assert_same(
        &m,
        &[
            1.5, 0.5, -0.5, -1.5, 0.0, 0.0, nan, inf, 1.0, nan, nan, nan, inf,
        ],
    );
}

#[test]
fn round_is_half_to_even() {
    let x = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.7];
    assert_same(
        &un_f64(UnaryOp::Round, &x),
        &[0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 0.0, 4.0],
    );
    let x = [-3.7f32, -0.5, 0.5, 2.5, 3.5];
    let mut out = [0.0f32; 5];
    unary_tile(
        UnaryOp::Round,
        AnySrc::F32(Src::Tile(&x)),
        TileMut::F32(&mut out),
    );
    assert_eq!(out, [-4.0, -0.0, 0.0, 2.0, 4.0]);
}

#[test]
fn sign_keeps_nan() {
    let x = [-2.0, -0.0, 0.0, 3.0, f64::NAN, f64::NEG_INFINITY];
    assert_same(
        &un_f64(UnaryOp::Sign, &x),
        &[-1.0, 0.0, 0.0, 1.0, f64::NAN, -1.0],
    );
    let mut out = [0i64; 3];
    unary_tile(
        UnaryOp::Sign,
        AnySrc::I64(Src::Tile(&[-5, 0, 9])),
        TileMut::I64(&mut out),
    );
    assert_eq!(out, [-1, 0, 1]);
}

#[test]
fn maximum_minimum_propagate_nan() {
    let a = [1.0, f64::NAN, 3.0, 2.0];
    let b = [f64::NAN, 2.0, 1.0, 5.0];
    assert_same(
        &bin_f64(BinaryOp::Maximum, Src::Tile(&a), Src::Tile(&b), 4),
        &[f64::NAN, f64::NAN, 3.0, 5.0],
    );
    assert_same(
        &bin_f64(BinaryOp::Minimum, Src::Tile(&a), Src::Tile(&b), 4),
        &[f64::NAN, f64::NAN, 1.0, 2.0],
    );
    assert_same(
        &bin_f64(BinaryOp::Maximum, Src::Tile(&a), Src::Scalar(f64::NAN), 4),
        &[f64::NAN; 4],
    );
}

#[test]
fn integer_overflow_wraps() {
    let x = [1i64 << 62, 1 << 31, i64::MIN];
    assert_eq!(bin_i64(BinaryOp::Mul, &x, &[4, 4, 4]), [0, 8589934592, 0]);
    assert_eq!(bin_i64(BinaryOp::Add, &x, &x), [i64::MIN, 4294967296, 0]);
    let mut out = [0i64; 3];
    unary_tile(
        UnaryOp::Abs,
        AnySrc::I64(Src::Tile(&x)),
        TileMut::I64(&mut out),
    );
    assert_eq!(out, [4611686018427387904, 2147483648, i64::MIN]);
    unary_tile(
        UnaryOp::Neg,
        AnySrc::I64(Src::Tile(&x)),
        TileMut::I64(&mut out),
    );
    assert_eq!(out, [-4611686018427387904, -2147483648, i64::MIN]);
    let y = [i32::MAX, i32::MIN];
    assert_eq!(bin_i32(BinaryOp::Add, &y, &[1, 1]), [i32::MIN, -2147483647]);
    assert_eq!(bin_i32(BinaryOp::Mul, &y, &y), [1, 0]);
    assert_eq!(bin_i32(BinaryOp::Sub, &[i32::MIN], &[1]), [i32::MAX]);
}

#[test]
fn int_pow_wraps_and_negative_exponents_do_not_panic() {
    assert_eq!(
        bin_i64(BinaryOp::Pow, &[3, -2, 10, 2], &[4, 3, 20, 63]),
        [81, -8, 7766279631452241920, i64::MIN]
    );
    assert_eq!(
        bin_i32(BinaryOp::Pow, &[3, 7], &[21, 15]),
        [1870418611, 1622647863]
    );
    assert_eq!(
        bin_i64(
            BinaryOp::Pow,
            &[2, 1, -1, -1, 0, 5],
            &[-1, -3, -3, -2, -1, 0]
        ),
        [0, 1, -1, 1, 0, 1]
    );
}

#[test]
fn float_pow_constant_exponents_match_powf() {
    let x: Vec<f64> = (0..50).map(|i| (i as f64 - 25.0) * 0.37).collect();
    for e in [0.0, 1.0, 2.0, 3.0, 4.0, -1.0, -2.0, 5.0, -7.0, 2.5, 0.5] {
        let got = bin_f64(BinaryOp::Pow, Src::Tile(&x), Src::Scalar(e), x.len());
        let want = bin_f64(
            BinaryOp::Pow,
            Src::Tile(&x),
            Src::Tile(&vec![e; x.len()]),
            x.len(),
        );
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g.is_nan() && w.is_nan()) || g == w || (g - w).abs() <= 4e-16 * w.abs(),
                "x**{e}: {g} vs {w}"
            );
        }
    }
    let mut out = [0.0f32; 3];
    let x = [1.0f32, 2.0, 3.0];
    binary_tile(
        BinaryOp::Pow,
        AnySrc::F32(Src::Tile(&x)),
        AnySrc::F32(Src::Scalar(2.5)),
        TileMut::F32(&mut out),
    );
    assert_eq!(out, [1.0, 5.656_854, 15.588_457]);
}

#[test]
fn scalar_operands_on_either_side() {
    let x = [1.0, 2.0, 4.0];
    assert_eq!(
        bin_f64(BinaryOp::Sub, Src::Scalar(1.0), Src::Tile(&x), 3),
        [0.0, -1.0, -3.0]
    );
    assert_eq!(
        bin_f64(BinaryOp::Div, Src::Tile(&x), Src::Scalar(2.0), 3),
        [0.5, 1.0, 2.0]
    );
    assert_eq!(
        bin_f64(BinaryOp::Add, Src::Scalar(1.0), Src::Scalar(2.0), 2),
        [3.0, 3.0]
    );
}

#[test]
fn bitwise_on_ints_logical_on_bools() {
    assert_eq!(bin_i64(BinaryOp::And, &[12, -6], &[10, 3]), [8, 2]);
    assert_eq!(bin_i64(BinaryOp::Or, &[12, -6], &[10, 3]), [14, -5]);
    assert_eq!(bin_i64(BinaryOp::Xor, &[12, -6], &[10, 3]), [6, -7]);
    let mut out = [0i32; 3];
    unary_tile(
        UnaryOp::Invert,
        AnySrc::I32(Src::Tile(&[0, 5, -1])),
        TileMut::I32(&mut out),
    );
    assert_eq!(out, [-1, -6, 0]);
    let (a, b) = ([true, true, false, false], [true, false, true, false]);
    let mut o = [false; 4];
    let run = |op, o: &mut [bool]| {
        binary_tile(
            op,
            AnySrc::Bool(Src::Tile(&a)),
            AnySrc::Bool(Src::Tile(&b)),
            TileMut::Bool(o),
        )
    };
    run(BinaryOp::And, &mut o);
    assert_eq!(o, [true, false, false, false]);
    run(BinaryOp::Or, &mut o);
    assert_eq!(o, [true, true, true, false]);
    run(BinaryOp::Xor, &mut o);
    assert_eq!(o, [false, true, true, false]);
    run(BinaryOp::Add, &mut o);
    assert_eq!(o, [true, true, true, false]);
    run(BinaryOp::Gt, &mut o);
    assert_eq!(o, [false, true, false, false]);
    unary_tile(
        UnaryOp::Invert,
        AnySrc::Bool(Src::Tile(&a)),
        TileMut::Bool(&mut o),
    );
    assert_eq!(o, [false, false, true, true]);
}

#[test]
fn comparisons_with_nan() {
    let a = [1.0, f64::NAN, 2.0];
    let b = [1.0, f64::NAN, 3.0];
    let mut o = [false; 3];
    let mut cmp = |op| {
        binary_tile(
            op,
            AnySrc::F64(Src::Tile(&a)),
            AnySrc::F64(Src::Tile(&b)),
            TileMut::Bool(&mut o),
        );
        o
    };
    assert_eq!(cmp(BinaryOp::Eq), [true, false, false]);
    assert_eq!(cmp(BinaryOp::Ne), [false, true, true]);
    assert_eq!(cmp(BinaryOp::Le), [true, false, true]);
    assert_eq!(cmp(BinaryOp::Gt), [false, false, false]);
    unary_tile(
        UnaryOp::IsNan,
        AnySrc::F64(Src::Tile(&a)),
        TileMut::Bool(&mut o),
    );
    assert_eq!(o, [false, true, false]);
    let c = [1.0, f64::INFINITY, f64::NAN];
    unary_tile(
        UnaryOp::IsFinite,
        AnySrc::F64(Src::Tile(&c)),
        TileMut::Bool(&mut o),
    );
    assert_eq!(o, [true, false, false]);
}

#[test]
fn where_and_cast() {
    let mut out = [0i64; 3];
    where_tile(
        Src::Tile(&[true, false, true]),
        AnySrc::I64(Src::Tile(&[1, 2, 3])),
        AnySrc::I64(Src::Scalar(9)),
        TileMut::I64(&mut out),
    );
    assert_eq!(out, [1, 9, 3]);
    let mut out = [0i32; 6];
    let x = [1.7, -1.7, f64::NAN, f64::INFINITY, -1e300, 3e9];
    cast_tile(AnySrc::F64(Src::Tile(&x)), TileMut::I32(&mut out));
    // Block::cast's conversions: truncate, saturate, NaN to 0
    assert_eq!(out, [1, -1, 0, i32::MAX, i32::MIN, i32::MAX]);
    let mut b = [false; 3];
    cast_tile(
        AnySrc::F32(Src::Tile(&[0.0, -0.0, 0.1])),
        TileMut::Bool(&mut b),
    );
    assert_eq!(b, [false, false, true]);
    let mut f = [0.0f64; 2];
    cast_tile(
        AnySrc::Bool(Src::Tile(&[true, false])),
        TileMut::F64(&mut f),
    );
    assert_eq!(f, [1.0, 0.0]);
}

#[test]
fn math_functions() {
    let x = [0.25, 1.0, 4.0];
    assert_eq!(un_f64(UnaryOp::Sqrt, &x), [0.5, 1.0, 2.0]);
    assert_eq!(
        un_f64(UnaryOp::Log, &[1.0, 0.0, -1.0])[..2],
        [0.0, f64::NEG_INFINITY]
    );
    assert!(un_f64(UnaryOp::Log, &[-1.0])[0].is_nan());
    assert_eq!(un_f64(UnaryOp::Floor, &[-1.5, 1.5]), [-2.0, 1.0]);
    assert_eq!(un_f64(UnaryOp::Ceil, &[-1.5, 1.5]), [-1.0, 2.0]);
    assert_eq!(un_f64(UnaryOp::Abs, &[-1.5, 1.5]), [1.5, 1.5]);
    assert_eq!(un_f64(UnaryOp::Neg, &[-1.5, 1.5]), [1.5, -1.5]);
}
