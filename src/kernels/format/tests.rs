//! Unit tests of the printer: numpy's repr and str of every dtype, shape and summarised form.

use super::*;
use ndarray::ArrayD;

/// How a case's data is given: the flat values, or `arange(n) / div` for big cases.
enum Data {
    Vals(&'static str),
    Arange(u32),
}

struct Case {
    expr: &'static str,
    dtype: DType,
    shape: &'static [usize],
    data: Data,
    repr: &'static str,
    str: &'static str,
}

fn build(c: &Case) -> Block {
    let n: usize = c.shape.iter().product();
    let words: Vec<&str> = match c.data {
        Data::Vals(s) => s.split_whitespace().collect(),
        Data::Arange(_) => Vec::new(),
    };
    fn arr<T>(shape: &[usize], v: Vec<T>) -> ArrayD<T> {
        ArrayD::from_shape_vec(IxDyn(shape), v).expect("case data fits its shape")
    }
    let div = match c.data {
        Data::Arange(d) => d,
        Data::Vals(_) => 1,
    };
    macro_rules! vals {
        ($t:ty, $arange:expr) => {
            if words.is_empty() && n > 0 {
                (0..n).map($arange).collect::<Vec<$t>>()
            } else {
                words
                    .iter()
                    .map(|w| w.parse::<$t>().expect(w))
                    .collect::<Vec<$t>>()
            }
        };
    }
    match c.dtype {
        DType::Bool => Block::Bool(arr(c.shape, vals!(bool, |i| i % 2 == 1))),
        DType::I32 => Block::I32(arr(c.shape, vals!(i32, |i| i as i32))),
        DType::I64 => Block::I64(arr(c.shape, vals!(i64, |i| i as i64))),
        DType::I8 => Block::I8(arr(c.shape, vals!(i8, |i| i as i8))),
        DType::I16 => Block::I16(arr(c.shape, vals!(i16, |i| i as i16))),
        DType::U8 => Block::U8(arr(c.shape, vals!(u8, |i| i as u8))),
        DType::U16 => Block::U16(arr(c.shape, vals!(u16, |i| i as u16))),
        DType::U32 => Block::U32(arr(c.shape, vals!(u32, |i| i as u32))),
        DType::U64 => Block::U64(arr(c.shape, vals!(u64, |i| i as u64))),
        DType::F32 => Block::F32(arr(c.shape, vals!(f32, |i| i as f32 / div as f32))),
        DType::F64 => Block::F64(arr(c.shape, vals!(f64, |i| i as f64 / div as f64))),
        DType::C64 | DType::C128 => {
            unreachable!("complex cases are in complex_repr_matches_numpy")
        }
    }
}

#[test]
fn complex_repr_matches_numpy() {
    use crate::kernels::complex::C128;
    let b = |v: &[(f64, f64)]| {
        let z = v.iter().map(|&(r, i)| C128::new(r, i)).collect();
        Block::C128(ArrayD::from_shape_vec(IxDyn(&[v.len()]), z).unwrap())
    };
    // numpy 2.4: repr(np.array([...]))
    let cases: [(&[(f64, f64)], &str); 4] = [
        (
            &[(1.0, 2.0), (-0.0, -1.0), (3.5, 0.0)],
            "array([ 1. +2.j, -0. -1.j,  3.5+0.j])",
        ),
        (
            &[(0.0, 1e10), (1.0, 0.0)],
            "array([0.+1.e+10j, 1.+0.e+00j])",
        ),
        (
            &[(1.0, f64::INFINITY), (f64::NAN, 1.0), (2.0, -3.0)],
            "array([ 1.+infj, nan +1.j,  2. -3.j])",
        ),
        (&[(0.5, 0.0), (0.0, 2.5)], "array([0.5+0.j , 0. +2.5j])"),
    ];
    for (v, want) in cases {
        assert_eq!(repr(&b(v)), want);
    }
    let c64 = b(&[(1.0, 2.0)]).cast(DType::C64);
    assert_eq!(repr(&c64), "array([1.+2.j], dtype=complex64)");
    // Python's repr(complex)
    assert_eq!(py_complex(1.0, 2.0), "(1+2j)");
    assert_eq!(py_complex(0.0, 2.5), "2.5j");
    assert_eq!(py_complex(-0.0, -1.0), "(-0-1j)");
    assert_eq!(py_complex(1.0, f64::NAN), "(1+nanj)");
}

#[test]
fn repr_and_str_match_numpy() {
    let mut failures = Vec::new();
    for c in CASES {
        let b = build(c);
        let (r, s) = (repr(&b), str(&b));
        if r != c.repr {
            failures.push(format!(
                "repr({}):\n  want {:?}\n  got  {:?}",
                c.expr, c.repr, r
            ));
        }
        if s != c.str {
            failures.push(format!(
                "str({}):\n  want {:?}\n  got  {:?}",
                c.expr, c.str, s
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn print_options_change_wrapping_and_summary() {
    let b = Block::I64(ArrayD::from_shape_vec(IxDyn(&[10]), (0..10).collect()).unwrap());
    let o = PrintOptions {
        threshold: 5,
        edgeitems: 2,
        linewidth: 20,
        ..PrintOptions::default()
    };
    assert_eq!(
        repr_with(&b, &o),
        "array([0, 1, ...,\n       8, 9],\n      shape=(10,))"
    );
    assert_eq!(str_with(&b, &o), "[0 1 ... 8 9]");
}

/// (expression, dtype, shape, data, numpy's `repr`, numpy's `str`), generated with
/// numpy 2.4.6: `repr(a)` (for 0-d, `str(a[()])`) and `str(a)`.
const CASES: &[Case] = &[
Case { expr: "A([1, 2, 3])", dtype: DType::I64, shape: &[3], data: Data::Vals("1 2 3"), repr: "array([1, 2, 3])", str: "[1 2 3]" },
Case { expr: "A([1, 2, 3], dtype=np.int32)", dtype: DType::I32, shape: &[3], data: Data::Vals("1 2 3"), repr: "array([1, 2, 3], dtype=int32)", str: "[1 2 3]" },
Case { expr: "A([-1, 10, -100])", dtype: DType::I64, shape: &[3], data: Data::Vals("-1 10 -100"), repr: "array([  -1,   10, -100])", str: "[  -1   10 -100]" },
Case { expr: "A([-5, 3], dtype=np.int32)", dtype: DType::I32, shape: &[2], data: Data::Vals("-5 3"), repr: "array([-5,  3], dtype=int32)", str: "[-5  3]" },
Case { expr: "A([0])", dtype: DType::I64, shape: &[1], data: Data::Vals("0"), repr: "array([0])", str: "[0]" },
Case { expr: "A([2**40, -1])", dtype: DType::I64, shape: &[2], data: Data::Vals("1099511627776 -1"), repr: "array([1099511627776,            -1])", str: "[1099511627776            -1]" },
Case { expr: "A([2147483647, -2147483648], dtype=np.int32)", dtype: DType::I32, shape: &[2], data: Data::Vals("2147483647 -2147483648"), repr: "array([ 2147483647, -2147483648], dtype=int32)", str: "[ 2147483647 -2147483648]" },
Case { expr: "A([[1, -2], [30, 4]])", dtype: DType::I64, shape: &[2, 2], data: Data::Vals("1 -2 30 4"), repr: "array([[ 1, -2],\n       [30,  4]])", str: "[[ 1 -2]\n [30  4]]" },
Case { expr: "A([1., 2., 3.])", dtype: DType::F64, shape: &[3], data: Data::Vals("1.0 2.0 3.0"), repr: "array([1., 2., 3.])", str: "[1. 2. 3.]" },
Case { expr: "A([0.001, 1000.])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.001 1000.0"), repr: "array([1.e-03, 1.e+03])", str: "[1.e-03 1.e+03]" },
Case { expr: "A([1e-5, 1.])", dtype: DType::F64, shape: &[2], data: Data::Vals("1e-05 1.0"), repr: "array([1.e-05, 1.e+00])", str: "[1.e-05 1.e+00]" },
Case { expr: "A([1e20])", dtype: DType::F64, shape: &[1], data: Data::Vals("1e+20"), repr: "array([1.e+20])", str: "[1.e+20]" },
Case { expr: "A([0.1, 0.25])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.1 0.25"), repr: "array([0.1 , 0.25])", str: "[0.1  0.25]" },
Case { expr: "A([1/3])", dtype: DType::F64, shape: &[1], data: Data::Vals("0.3333333333333333"), repr: "array([0.33333333])", str: "[0.33333333]" },
Case { expr: "A([1., 2.5])", dtype: DType::F64, shape: &[2], data: Data::Vals("1.0 2.5"), repr: "array([1. , 2.5])", str: "[1.  2.5]" },
Case { expr: "A([0., -0.])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.0 -0.0"), repr: "array([ 0., -0.])", str: "[ 0. -0.]" },
Case { expr: "A([-0.])", dtype: DType::F64, shape: &[1], data: Data::Vals("-0.0"), repr: "array([-0.])", str: "[-0.]" },
Case { expr: "A([-1.5, 2.25, 100.])", dtype: DType::F64, shape: &[3], data: Data::Vals("-1.5 2.25 100.0"), repr: "array([ -1.5 ,   2.25, 100.  ])", str: "[ -1.5    2.25 100.  ]" },
Case { expr: "A([1e8])", dtype: DType::F64, shape: &[1], data: Data::Vals("100000000.0"), repr: "array([1.e+08])", str: "[1.e+08]" },
Case { expr: "A([99999999.])", dtype: DType::F64, shape: &[1], data: Data::Vals("99999999.0"), repr: "array([99999999.])", str: "[99999999.]" },
Case { expr: "A([123456.789])", dtype: DType::F64, shape: &[1], data: Data::Vals("123456.789"), repr: "array([123456.789])", str: "[123456.789]" },
Case { expr: "A([1e-4, 0.1])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.0001 0.1"), repr: "array([0.0001, 0.1   ])", str: "[0.0001 0.1   ]" },
Case { expr: "A([1000., 1.])", dtype: DType::F64, shape: &[2], data: Data::Vals("1000.0 1.0"), repr: "array([1000.,    1.])", str: "[1000.    1.]" },
Case { expr: "A([1001., 1.])", dtype: DType::F64, shape: &[2], data: Data::Vals("1001.0 1.0"), repr: "array([1.001e+03, 1.000e+00])", str: "[1.001e+03 1.000e+00]" },
Case { expr: "A([1e16, 1.])", dtype: DType::F64, shape: &[2], data: Data::Vals("1e+16 1.0"), repr: "array([1.e+16, 1.e+00])", str: "[1.e+16 1.e+00]" },
Case { expr: "A([1e100, 1e-100])", dtype: DType::F64, shape: &[2], data: Data::Vals("1e+100 1e-100"), repr: "array([1.e+100, 1.e-100])", str: "[1.e+100 1.e-100]" },
Case { expr: "A([3.14159265358979])", dtype: DType::F64, shape: &[1], data: Data::Vals("3.14159265358979"), repr: "array([3.14159265])", str: "[3.14159265]" },
Case { expr: "A([2.**-30, 1.])", dtype: DType::F64, shape: &[2], data: Data::Vals("9.313225746154785e-10 1.0"), repr: "array([9.31322575e-10, 1.00000000e+00])", str: "[9.31322575e-10 1.00000000e+00]" },
Case { expr: "A([0.1 + 0.2])", dtype: DType::F64, shape: &[1], data: Data::Vals("0.30000000000000004"), repr: "array([0.3])", str: "[0.3]" },
Case { expr: "A([1e-300])", dtype: DType::F64, shape: &[1], data: Data::Vals("1e-300"), repr: "array([1.e-300])", str: "[1.e-300]" },
Case { expr: "A([5e-324])", dtype: DType::F64, shape: &[1], data: Data::Vals("5e-324"), repr: "array([5.e-324])", str: "[5.e-324]" },
Case { expr: "A([0.001953125])", dtype: DType::F64, shape: &[1], data: Data::Vals("0.001953125"), repr: "array([0.00195312])", str: "[0.00195312]" },
Case { expr: "A([0.005859375])", dtype: DType::F64, shape: &[1], data: Data::Vals("0.005859375"), repr: "array([0.00585938])", str: "[0.00585938]" },
Case { expr: "A([-1e-5, 123.])", dtype: DType::F64, shape: &[2], data: Data::Vals("-1e-05 123.0"), repr: "array([-1.00e-05,  1.23e+02])", str: "[-1.00e-05  1.23e+02]" },
Case { expr: "A([1.5e300, -2.])", dtype: DType::F64, shape: &[2], data: Data::Vals("1.5e+300 -2.0"), repr: "array([ 1.5e+300, -2.0e+000])", str: "[ 1.5e+300 -2.0e+000]" },
Case { expr: "A([0., 1e-5])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.0 1e-05"), repr: "array([0.e+00, 1.e-05])", str: "[0.e+00 1.e-05]" },
Case { expr: "A([12345678.9, 0.5])", dtype: DType::F64, shape: &[2], data: Data::Vals("12345678.9 0.5"), repr: "array([1.23456789e+07, 5.00000000e-01])", str: "[1.23456789e+07 5.00000000e-01]" },
Case { expr: "A([0.99999999999])", dtype: DType::F64, shape: &[1], data: Data::Vals("0.99999999999"), repr: "array([1.])", str: "[1.]" },
Case { expr: "A([9.9999999999e7])", dtype: DType::F64, shape: &[1], data: Data::Vals("99999999.999"), repr: "array([99999999.999])", str: "[99999999.999]" },
Case { expr: "A([1.23456789012e-7, 1.])", dtype: DType::F64, shape: &[2], data: Data::Vals("1.23456789012e-07 1.0"), repr: "array([1.23456789e-07, 1.00000000e+00])", str: "[1.23456789e-07 1.00000000e+00]" },
Case { expr: "A([-123.456, 0.001])", dtype: DType::F64, shape: &[2], data: Data::Vals("-123.456 0.001"), repr: "array([-1.23456e+02,  1.00000e-03])", str: "[-1.23456e+02  1.00000e-03]" },
Case { expr: "A([nan])", dtype: DType::F64, shape: &[1], data: Data::Vals("nan"), repr: "array([nan])", str: "[nan]" },
Case { expr: "A([inf])", dtype: DType::F64, shape: &[1], data: Data::Vals("inf"), repr: "array([inf])", str: "[inf]" },
Case { expr: "A([-inf])", dtype: DType::F64, shape: &[1], data: Data::Vals("-inf"), repr: "array([-inf])", str: "[-inf]" },
Case { expr: "A([nan, inf])", dtype: DType::F64, shape: &[2], data: Data::Vals("nan inf"), repr: "array([nan, inf])", str: "[nan inf]" },
Case { expr: "A([nan, -inf])", dtype: DType::F64, shape: &[2], data: Data::Vals("nan -inf"), repr: "array([ nan, -inf])", str: "[ nan -inf]" },
Case { expr: "A([1., nan])", dtype: DType::F64, shape: &[2], data: Data::Vals("1.0 nan"), repr: "array([ 1., nan])", str: "[ 1. nan]" },
Case { expr: "A([1.5, -inf, nan])", dtype: DType::F64, shape: &[3], data: Data::Vals("1.5 -inf nan"), repr: "array([ 1.5, -inf,  nan])", str: "[ 1.5 -inf  nan]" },
Case { expr: "A([1e-10, nan])", dtype: DType::F64, shape: &[2], data: Data::Vals("1e-10 nan"), repr: "array([1.e-10,    nan])", str: "[1.e-10    nan]" },
Case { expr: "A([0., nan])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.0 nan"), repr: "array([ 0., nan])", str: "[ 0. nan]" },
Case { expr: "A([-1e20, inf])", dtype: DType::F64, shape: &[2], data: Data::Vals("-1e+20 inf"), repr: "array([-1.e+20,     inf])", str: "[-1.e+20     inf]" },
Case { expr: "A([0.125, -inf])", dtype: DType::F64, shape: &[2], data: Data::Vals("0.125 -inf"), repr: "array([0.125,  -inf])", str: "[0.125  -inf]" },
Case { expr: "A([True, False])", dtype: DType::Bool, shape: &[2], data: Data::Vals("true false"), repr: "array([ True, False])", str: "[ True False]" },
Case { expr: "A([True, True])", dtype: DType::Bool, shape: &[2], data: Data::Vals("true true"), repr: "array([ True,  True])", str: "[ True  True]" },
Case { expr: "A([[True, False], [False, False]])", dtype: DType::Bool, shape: &[2, 2], data: Data::Vals("true false false false"), repr: "array([[ True, False],\n       [False, False]])", str: "[[ True False]\n [False False]]" },
Case { expr: "A([False])", dtype: DType::Bool, shape: &[1], data: Data::Vals("false"), repr: "array([False])", str: "[False]" },
Case { expr: "np.arange(6).reshape(2, 3)", dtype: DType::I64, shape: &[2, 3], data: Data::Vals("0 1 2 3 4 5"), repr: "array([[0, 1, 2],\n       [3, 4, 5]])", str: "[[0 1 2]\n [3 4 5]]" },
Case { expr: "np.arange(6.).reshape(3, 2) / 4", dtype: DType::F64, shape: &[3, 2], data: Data::Vals("0.0 0.25 0.5 0.75 1.0 1.25"), repr: "array([[0.  , 0.25],\n       [0.5 , 0.75],\n       [1.  , 1.25]])", str: "[[0.   0.25]\n [0.5  0.75]\n [1.   1.25]]" },
Case { expr: "np.arange(24).reshape(2, 3, 4)", dtype: DType::I64, shape: &[2, 3, 4], data: Data::Vals("0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23"), repr: "array([[[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]],\n\n       [[12, 13, 14, 15],\n        [16, 17, 18, 19],\n        [20, 21, 22, 23]]])", str: "[[[ 0  1  2  3]\n  [ 4  5  6  7]\n  [ 8  9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]" },
Case { expr: "np.arange(24.).reshape(2, 3, 4)", dtype: DType::F64, shape: &[2, 3, 4], data: Data::Vals("0.0 1.0 2.0 3.0 4.0 5.0 6.0 7.0 8.0 9.0 10.0 11.0 12.0 13.0 14.0 15.0 16.0 17.0 18.0 19.0 20.0 21.0 22.0 23.0"), repr: "array([[[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]],\n\n       [[12., 13., 14., 15.],\n        [16., 17., 18., 19.],\n        [20., 21., 22., 23.]]])", str: "[[[ 0.  1.  2.  3.]\n  [ 4.  5.  6.  7.]\n  [ 8.  9. 10. 11.]]\n\n [[12. 13. 14. 15.]\n  [16. 17. 18. 19.]\n  [20. 21. 22. 23.]]]" },
Case { expr: "A([[1.5, nan], [-inf, 2.]])", dtype: DType::F64, shape: &[2, 2], data: Data::Vals("1.5 nan -inf 2.0"), repr: "array([[ 1.5,  nan],\n       [-inf,  2. ]])", str: "[[ 1.5  nan]\n [-inf  2. ]]" },
Case { expr: "np.arange(3.).reshape(3, 1)", dtype: DType::F64, shape: &[3, 1], data: Data::Vals("0.0 1.0 2.0"), repr: "array([[0.],\n       [1.],\n       [2.]])", str: "[[0.]\n [1.]\n [2.]]" },
Case { expr: "np.arange(3).reshape(1, 3)", dtype: DType::I64, shape: &[1, 3], data: Data::Vals("0 1 2"), repr: "array([[0, 1, 2]])", str: "[[0 1 2]]" },
Case { expr: "np.arange(16).reshape(2, 2, 2, 2)", dtype: DType::I64, shape: &[2, 2, 2, 2], data: Data::Vals("0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"), repr: "array([[[[ 0,  1],\n         [ 2,  3]],\n\n        [[ 4,  5],\n         [ 6,  7]]],\n\n\n       [[[ 8,  9],\n         [10, 11]],\n\n        [[12, 13],\n         [14, 15]]]])", str: "[[[[ 0  1]\n   [ 2  3]]\n\n  [[ 4  5]\n   [ 6  7]]]\n\n\n [[[ 8  9]\n   [10 11]]\n\n  [[12 13]\n   [14 15]]]]" },
Case { expr: "np.arange(6, dtype=np.int32).reshape(2, 3) - 3", dtype: DType::I32, shape: &[2, 3], data: Data::Vals("-3 -2 -1 0 1 2"), repr: "array([[-3, -2, -1],\n       [ 0,  1,  2]], dtype=int32)", str: "[[-3 -2 -1]\n [ 0  1  2]]" },
Case { expr: "np.arange(30.)", dtype: DType::F64, shape: &[30], data: Data::Vals("0.0 1.0 2.0 3.0 4.0 5.0 6.0 7.0 8.0 9.0 10.0 11.0 12.0 13.0 14.0 15.0 16.0 17.0 18.0 19.0 20.0 21.0 22.0 23.0 24.0 25.0 26.0 27.0 28.0 29.0"), repr: "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n       26., 27., 28., 29.])", str: "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]" },
Case { expr: "np.arange(30)", dtype: DType::I64, shape: &[30], data: Data::Vals("0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29"), repr: "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])", str: "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29]" },
Case { expr: "np.arange(100, dtype=np.int32)", dtype: DType::I32, shape: &[100], data: Data::Arange(1), repr: "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,\n       34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,\n       51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67,\n       68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84,\n       85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99],\n      dtype=int32)", str: "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47\n 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71\n 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95\n 96 97 98 99]" },
Case { expr: "np.linspace(0, 1, 20)", dtype: DType::F64, shape: &[20], data: Data::Vals("0.0 0.05263157894736842 0.10526315789473684 0.15789473684210525 0.21052631578947367 0.2631578947368421 0.3157894736842105 0.3684210526315789 0.42105263157894735 0.47368421052631576 0.5263157894736842 0.5789473684210527 0.631578947368421 0.6842105263157894 0.7368421052631579 0.7894736842105263 0.8421052631578947 0.894736842105263 0.9473684210526315 1.0"), repr: "array([0.        , 0.05263158, 0.10526316, 0.15789474, 0.21052632,\n       0.26315789, 0.31578947, 0.36842105, 0.42105263, 0.47368421,\n       0.52631579, 0.57894737, 0.63157895, 0.68421053, 0.73684211,\n       0.78947368, 0.84210526, 0.89473684, 0.94736842, 1.        ])", str: "[0.         0.05263158 0.10526316 0.15789474 0.21052632 0.26315789\n 0.31578947 0.36842105 0.42105263 0.47368421 0.52631579 0.57894737\n 0.63157895 0.68421053 0.73684211 0.78947368 0.84210526 0.89473684\n 0.94736842 1.        ]" },
Case { expr: "np.arange(30.).reshape(2, 15) * 1.5", dtype: DType::F64, shape: &[2, 15], data: Data::Vals("0.0 1.5 3.0 4.5 6.0 7.5 9.0 10.5 12.0 13.5 15.0 16.5 18.0 19.5 21.0 22.5 24.0 25.5 27.0 28.5 30.0 31.5 33.0 34.5 36.0 37.5 39.0 40.5 42.0 43.5"), repr: "array([[ 0. ,  1.5,  3. ,  4.5,  6. ,  7.5,  9. , 10.5, 12. , 13.5, 15. ,\n        16.5, 18. , 19.5, 21. ],\n       [22.5, 24. , 25.5, 27. , 28.5, 30. , 31.5, 33. , 34.5, 36. , 37.5,\n        39. , 40.5, 42. , 43.5]])", str: "[[ 0.   1.5  3.   4.5  6.   7.5  9.  10.5 12.  13.5 15.  16.5 18.  19.5\n  21. ]\n [22.5 24.  25.5 27.  28.5 30.  31.5 33.  34.5 36.  37.5 39.  40.5 42.\n  43.5]]" },
Case { expr: "np.sin(np.arange(20.))", dtype: DType::F64, shape: &[20], data: Data::Vals("0.0 0.8414709848078965 0.9092974268256817 0.1411200080598672 -0.7568024953079282 -0.9589242746631385 -0.27941549819892586 0.6569865987187891 0.9893582466233818 0.4121184852417566 -0.5440211108893698 -0.9999902065507035 -0.5365729180004349 0.4201670368266409 0.9906073556948704 0.6502878401571168 -0.2879033166650653 -0.9613974918795568 -0.750987246771676 0.14987720966295234"), repr: "array([ 0.        ,  0.84147098,  0.90929743,  0.14112001, -0.7568025 ,\n       -0.95892427, -0.2794155 ,  0.6569866 ,  0.98935825,  0.41211849,\n       -0.54402111, -0.99999021, -0.53657292,  0.42016704,  0.99060736,\n        0.65028784, -0.28790332, -0.96139749, -0.75098725,  0.14987721])", str: "[ 0.          0.84147098  0.90929743  0.14112001 -0.7568025  -0.95892427\n -0.2794155   0.6569866   0.98935825  0.41211849 -0.54402111 -0.99999021\n -0.53657292  0.42016704  0.99060736  0.65028784 -0.28790332 -0.96139749\n -0.75098725  0.14987721]" },
Case { expr: "np.arange(25, dtype=np.int32) * 1000", dtype: DType::I32, shape: &[25], data: Data::Vals("0 1000 2000 3000 4000 5000 6000 7000 8000 9000 10000 11000 12000 13000 14000 15000 16000 17000 18000 19000 20000 21000 22000 23000 24000"), repr: "array([    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,\n        9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000,\n       18000, 19000, 20000, 21000, 22000, 23000, 24000], dtype=int32)", str: "[    0  1000  2000  3000  4000  5000  6000  7000  8000  9000 10000 11000\n 12000 13000 14000 15000 16000 17000 18000 19000 20000 21000 22000 23000\n 24000]" },
Case { expr: "np.arange(18, dtype=np.int32) * 100000", dtype: DType::I32, shape: &[18], data: Data::Vals("0 100000 200000 300000 400000 500000 600000 700000 800000 900000 1000000 1100000 1200000 1300000 1400000 1500000 1600000 1700000"), repr: "array([      0,  100000,  200000,  300000,  400000,  500000,  600000,\n        700000,  800000,  900000, 1000000, 1100000, 1200000, 1300000,\n       1400000, 1500000, 1600000, 1700000], dtype=int32)", str: "[      0  100000  200000  300000  400000  500000  600000  700000  800000\n  900000 1000000 1100000 1200000 1300000 1400000 1500000 1600000 1700000]" },
Case { expr: "np.arange(40) * 10**12", dtype: DType::I64, shape: &[40], data: Data::Vals("0 1000000000000 2000000000000 3000000000000 4000000000000 5000000000000 6000000000000 7000000000000 8000000000000 9000000000000 10000000000000 11000000000000 12000000000000 13000000000000 14000000000000 15000000000000 16000000000000 17000000000000 18000000000000 19000000000000 20000000000000 21000000000000 22000000000000 23000000000000 24000000000000 25000000000000 26000000000000 27000000000000 28000000000000 29000000000000 30000000000000 31000000000000 32000000000000 33000000000000 34000000000000 35000000000000 36000000000000 37000000000000 38000000000000 39000000000000"), repr: "array([             0,  1000000000000,  2000000000000,  3000000000000,\n        4000000000000,  5000000000000,  6000000000000,  7000000000000,\n        8000000000000,  9000000000000, 10000000000000, 11000000000000,\n       12000000000000, 13000000000000, 14000000000000, 15000000000000,\n       16000000000000, 17000000000000, 18000000000000, 19000000000000,\n       20000000000000, 21000000000000, 22000000000000, 23000000000000,\n       24000000000000, 25000000000000, 26000000000000, 27000000000000,\n       28000000000000, 29000000000000, 30000000000000, 31000000000000,\n       32000000000000, 33000000000000, 34000000000000, 35000000000000,\n       36000000000000, 37000000000000, 38000000000000, 39000000000000])", str: "[             0  1000000000000  2000000000000  3000000000000\n  4000000000000  5000000000000  6000000000000  7000000000000\n  8000000000000  9000000000000 10000000000000 11000000000000\n 12000000000000 13000000000000 14000000000000 15000000000000\n 16000000000000 17000000000000 18000000000000 19000000000000\n 20000000000000 21000000000000 22000000000000 23000000000000\n 24000000000000 25000000000000 26000000000000 27000000000000\n 28000000000000 29000000000000 30000000000000 31000000000000\n 32000000000000 33000000000000 34000000000000 35000000000000\n 36000000000000 37000000000000 38000000000000 39000000000000]" },
Case { expr: "np.exp(np.arange(12.) * 3)", dtype: DType::F64, shape: &[12], data: Data::Vals("1.0 20.085536923187668 403.4287934927351 8103.083927575384 162754.79141900392 3269017.3724721107 65659969.13733051 1318815734.4832146 26489122129.84347 532048240601.79865 10686474581524.463 214643579785916.06"), repr: "array([1.00000000e+00, 2.00855369e+01, 4.03428793e+02, 8.10308393e+03,\n       1.62754791e+05, 3.26901737e+06, 6.56599691e+07, 1.31881573e+09,\n       2.64891221e+10, 5.32048241e+11, 1.06864746e+13, 2.14643580e+14])", str: "[1.00000000e+00 2.00855369e+01 4.03428793e+02 8.10308393e+03\n 1.62754791e+05 3.26901737e+06 6.56599691e+07 1.31881573e+09\n 2.64891221e+10 5.32048241e+11 1.06864746e+13 2.14643580e+14]" },
Case { expr: "np.arange(20.).reshape(4, 5) ** 5", dtype: DType::F64, shape: &[4, 5], data: Data::Vals("0.0 1.0 32.0 243.0 1024.0 3125.0 7776.0 16807.0 32768.0 59049.0 100000.0 161051.0 248832.0 371293.0 537824.0 759375.0 1048576.0 1419857.0 1889568.0 2476099.0"), repr: "array([[0.000000e+00, 1.000000e+00, 3.200000e+01, 2.430000e+02,\n        1.024000e+03],\n       [3.125000e+03, 7.776000e+03, 1.680700e+04, 3.276800e+04,\n        5.904900e+04],\n       [1.000000e+05, 1.610510e+05, 2.488320e+05, 3.712930e+05,\n        5.378240e+05],\n       [7.593750e+05, 1.048576e+06, 1.419857e+06, 1.889568e+06,\n        2.476099e+06]])", str: "[[0.000000e+00 1.000000e+00 3.200000e+01 2.430000e+02 1.024000e+03]\n [3.125000e+03 7.776000e+03 1.680700e+04 3.276800e+04 5.904900e+04]\n [1.000000e+05 1.610510e+05 2.488320e+05 3.712930e+05 5.378240e+05]\n [7.593750e+05 1.048576e+06 1.419857e+06 1.889568e+06 2.476099e+06]]" },
Case { expr: "np.arange(2000)", dtype: DType::I64, shape: &[2000], data: Data::Arange(1), repr: "array([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))", str: "[   0    1    2 ... 1997 1998 1999]" },
Case { expr: "np.arange(2000.)", dtype: DType::F64, shape: &[2000], data: Data::Arange(1), repr: "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n       1.999e+03], shape=(2000,))", str: "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]" },
Case { expr: "np.arange(10000).reshape(100, 100)", dtype: DType::I64, shape: &[100, 100], data: Data::Arange(1), repr: "array([[   0,    1,    2, ...,   97,   98,   99],\n       [ 100,  101,  102, ...,  197,  198,  199],\n       [ 200,  201,  202, ...,  297,  298,  299],\n       ...,\n       [9700, 9701, 9702, ..., 9797, 9798, 9799],\n       [9800, 9801, 9802, ..., 9897, 9898, 9899],\n       [9900, 9901, 9902, ..., 9997, 9998, 9999]], shape=(100, 100))", str: "[[   0    1    2 ...   97   98   99]\n [ 100  101  102 ...  197  198  199]\n [ 200  201  202 ...  297  298  299]\n ...\n [9700 9701 9702 ... 9797 9798 9799]\n [9800 9801 9802 ... 9897 9898 9899]\n [9900 9901 9902 ... 9997 9998 9999]]" },
Case { expr: "np.arange(10000.).reshape(100, 100) / 7", dtype: DType::F64, shape: &[100, 100], data: Data::Arange(7), repr: "array([[0.00000000e+00, 1.42857143e-01, 2.85714286e-01, ...,\n        1.38571429e+01, 1.40000000e+01, 1.41428571e+01],\n       [1.42857143e+01, 1.44285714e+01, 1.45714286e+01, ...,\n        2.81428571e+01, 2.82857143e+01, 2.84285714e+01],\n       [2.85714286e+01, 2.87142857e+01, 2.88571429e+01, ...,\n        4.24285714e+01, 4.25714286e+01, 4.27142857e+01],\n       ...,\n       [1.38571429e+03, 1.38585714e+03, 1.38600000e+03, ...,\n        1.39957143e+03, 1.39971429e+03, 1.39985714e+03],\n       [1.40000000e+03, 1.40014286e+03, 1.40028571e+03, ...,\n        1.41385714e+03, 1.41400000e+03, 1.41414286e+03],\n       [1.41428571e+03, 1.41442857e+03, 1.41457143e+03, ...,\n        1.42814286e+03, 1.42828571e+03, 1.42842857e+03]], shape=(100, 100))", str: "[[0.00000000e+00 1.42857143e-01 2.85714286e-01 ... 1.38571429e+01\n  1.40000000e+01 1.41428571e+01]\n [1.42857143e+01 1.44285714e+01 1.45714286e+01 ... 2.81428571e+01\n  2.82857143e+01 2.84285714e+01]\n [2.85714286e+01 2.87142857e+01 2.88571429e+01 ... 4.24285714e+01\n  4.25714286e+01 4.27142857e+01]\n ...\n [1.38571429e+03 1.38585714e+03 1.38600000e+03 ... 1.39957143e+03\n  1.39971429e+03 1.39985714e+03]\n [1.40000000e+03 1.40014286e+03 1.40028571e+03 ... 1.41385714e+03\n  1.41400000e+03 1.41414286e+03]\n [1.41428571e+03 1.41442857e+03 1.41457143e+03 ... 1.42814286e+03\n  1.42828571e+03 1.42842857e+03]]" },
Case { expr: "np.arange(1001, dtype=np.int32)", dtype: DType::I32, shape: &[1001], data: Data::Arange(1), repr: "array([   0,    1,    2, ...,  998,  999, 1000],\n      shape=(1001,), dtype=int32)", str: "[   0    1    2 ...  998  999 1000]" },
Case { expr: "np.arange(3000).reshape(10, 10, 30)", dtype: DType::I64, shape: &[10, 10, 30], data: Data::Arange(1), repr: "array([[[   0,    1,    2, ...,   27,   28,   29],\n        [  30,   31,   32, ...,   57,   58,   59],\n        [  60,   61,   62, ...,   87,   88,   89],\n        ...,\n        [ 210,  211,  212, ...,  237,  238,  239],\n        [ 240,  241,  242, ...,  267,  268,  269],\n        [ 270,  271,  272, ...,  297,  298,  299]],\n\n       [[ 300,  301,  302, ...,  327,  328,  329],\n        [ 330,  331,  332, ...,  357,  358,  359],\n        [ 360,  361,  362, ...,  387,  388,  389],\n        ...,\n        [ 510,  511,  512, ...,  537,  538,  539],\n        [ 540,  541,  542, ...,  567,  568,  569],\n        [ 570,  571,  572, ...,  597,  598,  599]],\n\n       [[ 600,  601,  602, ...,  627,  628,  629],\n        [ 630,  631,  632, ...,  657,  658,  659],\n        [ 660,  661,  662, ...,  687,  688,  689],\n        ...,\n        [ 810,  811,  812, ...,  837,  838,  839],\n        [ 840,  841,  842, ...,  867,  868,  869],\n        [ 870,  871,  872, ...,  897,  898,  899]],\n\n       ...,\n\n       [[2100, 2101, 2102, ..., 2127, 2128, 2129],\n        [2130, 2131, 2132, ..., 2157, 2158, 2159],\n        [2160, 2161, 2162, ..., 2187, 2188, 2189],\n        ...,\n        [2310, 2311, 2312, ..., 2337, 2338, 2339],\n        [2340, 2341, 2342, ..., 2367, 2368, 2369],\n        [2370, 2371, 2372, ..., 2397, 2398, 2399]],\n\n       [[2400, 2401, 2402, ..., 2427, 2428, 2429],\n        [2430, 2431, 2432, ..., 2457, 2458, 2459],\n        [2460, 2461, 2462, ..., 2487, 2488, 2489],\n        ...,\n        [2610, 2611, 2612, ..., 2637, 2638, 2639],\n        [2640, 2641, 2642, ..., 2667, 2668, 2669],\n        [2670, 2671, 2672, ..., 2697, 2698, 2699]],\n\n       [[2700, 2701, 2702, ..., 2727, 2728, 2729],\n        [2730, 2731, 2732, ..., 2757, 2758, 2759],\n        [2760, 2761, 2762, ..., 2787, 2788, 2789],\n        ...,\n        [2910, 2911, 2912, ..., 2937, 2938, 2939],\n        [2940, 2941, 2942, ..., 2967, 2968, 2969],\n        [2970, 2971, 2972, ..., 2997, 2998, 2999]]], shape=(10, 10, 30))", str: "[[[   0    1    2 ...   27   28   29]\n  [  30   31   32 ...   57   58   59]\n  [  60   61   62 ...   87   88   89]\n  ...\n  [ 210  211  212 ...  237  238  239]\n  [ 240  241  242 ...  267  268  269]\n  [ 270  271  272 ...  297  298  299]]\n\n [[ 300  301  302 ...  327  328  329]\n  [ 330  331  332 ...  357  358  359]\n  [ 360  361  362 ...  387  388  389]\n  ...\n  [ 510  511  512 ...  537  538  539]\n  [ 540  541  542 ...  567  568  569]\n  [ 570  571  572 ...  597  598  599]]\n\n [[ 600  601  602 ...  627  628  629]\n  [ 630  631  632 ...  657  658  659]\n  [ 660  661  662 ...  687  688  689]\n  ...\n  [ 810  811  812 ...  837  838  839]\n  [ 840  841  842 ...  867  868  869]\n  [ 870  871  872 ...  897  898  899]]\n\n ...\n\n [[2100 2101 2102 ... 2127 2128 2129]\n  [2130 2131 2132 ... 2157 2158 2159]\n  [2160 2161 2162 ... 2187 2188 2189]\n  ...\n  [2310 2311 2312 ... 2337 2338 2339]\n  [2340 2341 2342 ... 2367 2368 2369]\n  [2370 2371 2372 ... 2397 2398 2399]]\n\n [[2400 2401 2402 ... 2427 2428 2429]\n  [2430 2431 2432 ... 2457 2458 2459]\n  [2460 2461 2462 ... 2487 2488 2489]\n  ...\n  [2610 2611 2612 ... 2637 2638 2639]\n  [2640 2641 2642 ... 2667 2668 2669]\n  [2670 2671 2672 ... 2697 2698 2699]]\n\n [[2700 2701 2702 ... 2727 2728 2729]\n  [2730 2731 2732 ... 2757 2758 2759]\n  [2760 2761 2762 ... 2787 2788 2789]\n  ...\n  [2910 2911 2912 ... 2937 2938 2939]\n  [2940 2941 2942 ... 2967 2968 2969]\n  [2970 2971 2972 ... 2997 2998 2999]]]" },
Case { expr: "np.arange(2000).reshape(2, 1000)", dtype: DType::I64, shape: &[2, 1000], data: Data::Arange(1), repr: "array([[   0,    1,    2, ...,  997,  998,  999],\n       [1000, 1001, 1002, ..., 1997, 1998, 1999]], shape=(2, 1000))", str: "[[   0    1    2 ...  997  998  999]\n [1000 1001 1002 ... 1997 1998 1999]]" },
Case { expr: "np.arange(1001.) / 3", dtype: DType::F64, shape: &[1001], data: Data::Arange(3), repr: "array([  0.        ,   0.33333333,   0.66666667, ..., 332.66666667,\n       333.        , 333.33333333], shape=(1001,))", str: "[  0.           0.33333333   0.66666667 ... 332.66666667 333.\n 333.33333333]" },
Case { expr: "np.arange(2000.).reshape(1000, 2)", dtype: DType::F64, shape: &[1000, 2], data: Data::Arange(1), repr: "array([[0.000e+00, 1.000e+00],\n       [2.000e+00, 3.000e+00],\n       [4.000e+00, 5.000e+00],\n       ...,\n       [1.994e+03, 1.995e+03],\n       [1.996e+03, 1.997e+03],\n       [1.998e+03, 1.999e+03]], shape=(1000, 2))", str: "[[0.000e+00 1.000e+00]\n [2.000e+00 3.000e+00]\n [4.000e+00 5.000e+00]\n ...\n [1.994e+03 1.995e+03]\n [1.996e+03 1.997e+03]\n [1.998e+03 1.999e+03]]" },
Case { expr: "np.arange(1200, dtype=np.float32)", dtype: DType::F32, shape: &[1200], data: Data::Arange(1), repr: "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.197e+03, 1.198e+03,\n       1.199e+03], shape=(1200,), dtype=float32)", str: "[0.000e+00 1.000e+00 2.000e+00 ... 1.197e+03 1.198e+03 1.199e+03]" },
Case { expr: "A([0.1, 0.2], dtype=np.float32)", dtype: DType::F32, shape: &[2], data: Data::Vals("0.1 0.2"), repr: "array([0.1, 0.2], dtype=float32)", str: "[0.1 0.2]" },
Case { expr: "A([1e6, 1.], dtype=np.float32)", dtype: DType::F32, shape: &[2], data: Data::Vals("1e+06 1.0"), repr: "array([1.e+06, 1.e+00], dtype=float32)", str: "[1.e+06 1.e+00]" },
Case { expr: "A([1/3], dtype=np.float32)", dtype: DType::F32, shape: &[1], data: Data::Vals("0.33333334"), repr: "array([0.33333334], dtype=float32)", str: "[0.33333334]" },
Case { expr: "A([16777216.], dtype=np.float32)", dtype: DType::F32, shape: &[1], data: Data::Vals("1.6777216e+07"), repr: "array([1.6777216e+07], dtype=float32)", str: "[1.6777216e+07]" },
Case { expr: "A([1.5, nan], dtype=np.float32)", dtype: DType::F32, shape: &[2], data: Data::Vals("1.5 nan"), repr: "array([1.5, nan], dtype=float32)", str: "[1.5 nan]" },
Case { expr: "np.arange(30, dtype=np.float32)", dtype: DType::F32, shape: &[30], data: Data::Vals("0.0 1.0 2.0 3.0 4.0 5.0 6.0 7.0 8.0 9.0 10.0 11.0 12.0 13.0 14.0 15.0 16.0 17.0 18.0 19.0 20.0 21.0 22.0 23.0 24.0 25.0 26.0 27.0 28.0 29.0"), repr: "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n       26., 27., 28., 29.], dtype=float32)", str: "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]" },
Case { expr: "A([1e-5], dtype=np.float32)", dtype: DType::F32, shape: &[1], data: Data::Vals("1e-05"), repr: "array([1.e-05], dtype=float32)", str: "[1.e-05]" },
Case { expr: "A([123456.7], dtype=np.float32)", dtype: DType::F32, shape: &[1], data: Data::Vals("123456.7"), repr: "array([123456.7], dtype=float32)", str: "[123456.7]" },
Case { expr: "A([999999.], dtype=np.float32)", dtype: DType::F32, shape: &[1], data: Data::Vals("999999.0"), repr: "array([999999.], dtype=float32)", str: "[999999.]" },
Case { expr: "A([1e-4, 0.1], dtype=np.float32)", dtype: DType::F32, shape: &[2], data: Data::Vals("1e-04 0.1"), repr: "array([1.e-04, 1.e-01], dtype=float32)", str: "[1.e-04 1.e-01]" },
Case { expr: "A([1000., 1.], dtype=np.float32)", dtype: DType::F32, shape: &[2], data: Data::Vals("1000.0 1.0"), repr: "array([1000.,    1.], dtype=float32)", str: "[1000.    1.]" },
Case { expr: "np.sin(np.arange(10, dtype=np.float32))", dtype: DType::F32, shape: &[10], data: Data::Vals("0.0 0.841471 0.9092974 0.14112 -0.7568025 -0.9589243 -0.2794155 0.6569866 0.98935825 0.41211846"), repr: "array([ 0.        ,  0.841471  ,  0.9092974 ,  0.14112   , -0.7568025 ,\n       -0.9589243 , -0.2794155 ,  0.6569866 ,  0.98935825,  0.41211846],\n      dtype=float32)", str: "[ 0.          0.841471    0.9092974   0.14112    -0.7568025  -0.9589243\n -0.2794155   0.6569866   0.98935825  0.41211846]" },
Case { expr: "A([[1., 2.5], [3e10, -1.]], dtype=np.float32)", dtype: DType::F32, shape: &[2, 2], data: Data::Vals("1.0 2.5 3e+10 -1.0"), repr: "array([[ 1.0e+00,  2.5e+00],\n       [ 3.0e+10, -1.0e+00]], dtype=float32)", str: "[[ 1.0e+00  2.5e+00]\n [ 3.0e+10 -1.0e+00]]" },
Case { expr: "A([])", dtype: DType::F64, shape: &[0], data: Data::Vals(""), repr: "array([], dtype=float64)", str: "[]" },
Case { expr: "np.zeros((2, 0))", dtype: DType::F64, shape: &[2, 0], data: Data::Vals(""), repr: "array([], shape=(2, 0), dtype=float64)", str: "[]" },
Case { expr: "A([], dtype=np.int64)", dtype: DType::I64, shape: &[0], data: Data::Vals(""), repr: "array([], dtype=int64)", str: "[]" },
Case { expr: "A([], dtype=np.int32)", dtype: DType::I32, shape: &[0], data: Data::Vals(""), repr: "array([], dtype=int32)", str: "[]" },
Case { expr: "A([], dtype=bool)", dtype: DType::Bool, shape: &[0], data: Data::Vals(""), repr: "array([], dtype=bool)", str: "[]" },
Case { expr: "np.zeros((0, 3))", dtype: DType::F64, shape: &[0, 3], data: Data::Vals(""), repr: "array([], shape=(0, 3), dtype=float64)", str: "[]" },
Case { expr: "A([], dtype=np.float32)", dtype: DType::F32, shape: &[0], data: Data::Vals(""), repr: "array([], dtype=float32)", str: "[]" },
Case { expr: "np.zeros((2, 0, 3), dtype=np.int32)", dtype: DType::I32, shape: &[2, 0, 3], data: Data::Vals(""), repr: "array([], shape=(2, 0, 3), dtype=int32)", str: "[]" },
Case { expr: "A(3.0)", dtype: DType::F64, shape: &[], data: Data::Vals("3.0"), repr: "3.0", str: "3.0" },
Case { expr: "A(1e-5)", dtype: DType::F64, shape: &[], data: Data::Vals("1e-05"), repr: "1e-05", str: "1e-05" },
Case { expr: "A(nan)", dtype: DType::F64, shape: &[], data: Data::Vals("nan"), repr: "nan", str: "nan" },
Case { expr: "A(inf)", dtype: DType::F64, shape: &[], data: Data::Vals("inf"), repr: "inf", str: "inf" },
Case { expr: "A(-inf)", dtype: DType::F64, shape: &[], data: Data::Vals("-inf"), repr: "-inf", str: "-inf" },
Case { expr: "A(-0.0)", dtype: DType::F64, shape: &[], data: Data::Vals("-0.0"), repr: "-0.0", str: "-0.0" },
Case { expr: "A(1e16)", dtype: DType::F64, shape: &[], data: Data::Vals("1e+16"), repr: "1e+16", str: "1e+16" },
Case { expr: "A(1e15 + 0.5)", dtype: DType::F64, shape: &[], data: Data::Vals("1000000000000000.5"), repr: "1000000000000000.5", str: "1000000000000000.5" },
Case { expr: "A(0.1, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("0.1"), repr: "0.1", str: "0.1" },
Case { expr: "A(3)", dtype: DType::I64, shape: &[], data: Data::Vals("3"), repr: "3", str: "3" },
Case { expr: "A(7, dtype=np.int32)", dtype: DType::I32, shape: &[], data: Data::Vals("7"), repr: "7", str: "7" },
Case { expr: "A(True)", dtype: DType::Bool, shape: &[], data: Data::Vals("true"), repr: "True", str: "True" },
Case { expr: "A(False)", dtype: DType::Bool, shape: &[], data: Data::Vals("false"), repr: "False", str: "False" },
Case { expr: "A(1/3)", dtype: DType::F64, shape: &[], data: Data::Vals("0.3333333333333333"), repr: "0.3333333333333333", str: "0.3333333333333333" },
Case { expr: "A(1e-4)", dtype: DType::F64, shape: &[], data: Data::Vals("0.0001"), repr: "0.0001", str: "0.0001" },
Case { expr: "A(123456789.0)", dtype: DType::F64, shape: &[], data: Data::Vals("123456789.0"), repr: "123456789.0", str: "123456789.0" },
Case { expr: "A(1/3, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("0.33333334"), repr: "0.33333334", str: "0.33333334" },
Case { expr: "A(1e20, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("1e+20"), repr: "1e+20", str: "1e+20" },
Case { expr: "A(16777216., dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("1.6777216e+07"), repr: "1.6777216e+07", str: "1.6777216e+07" },
Case { expr: "A(1.5e300)", dtype: DType::F64, shape: &[], data: Data::Vals("1.5e+300"), repr: "1.5e+300", str: "1.5e+300" },
Case { expr: "A(0.0)", dtype: DType::F64, shape: &[], data: Data::Vals("0.0"), repr: "0.0", str: "0.0" },
Case { expr: "A(2.5e-7, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("2.5e-07"), repr: "2.5e-07", str: "2.5e-07" },
Case { expr: "A(1e-4, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("1e-04"), repr: "1e-04", str: "1e-04" },
Case { expr: "A(999999., dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("999999.0"), repr: "999999.0", str: "999999.0" },
Case { expr: "A(1e6, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("1e+06"), repr: "1e+06", str: "1e+06" },
Case { expr: "A(1234567., dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("1.234567e+06"), repr: "1.234567e+06", str: "1.234567e+06" },
Case { expr: "A(-1e-5, dtype=np.float32)", dtype: DType::F32, shape: &[], data: Data::Vals("-1e-05"), repr: "-1e-05", str: "-1e-05" },
];
