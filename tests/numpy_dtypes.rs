//! NumPy parity for the small integer dtypes (issue 11): every expression runs in arrlang over
//! `.npy` inputs of each dtype that NumPy wrote (chunked (2, 3) on 2 threads, and in one chunk
//! sequentially), is saved, and NumPy evaluates the same text and compares values, shapes and
//! dtypes. The promotion table is checked against NumPy's `result_type` for every pair. Needs
//! python3 with numpy: skipped (with a message) where absent, required on CI.

use crate::common::{assert_check_passes, numpy_or_skip, python, run_on, TempDir};
use arrlang::dtype::{DType, ALL_DTYPES};
use std::fmt::Write;

/// The input array name of each dtype: `int8` is `x_int8`, ...
fn var(d: DType) -> String {
    format!("x_{}", d.name())
}

fn skip() -> bool {
    !numpy_or_skip()
}

#[test]
fn promotion_table_is_numpys_result_type() {
    if skip() {
        return;
    }
    let names: Vec<&str> = ALL_DTYPES.iter().map(|d| d.name()).collect();
    let out = python(&format!(
        "import numpy as np\nn = {names:?}\nfor a in n:\n    print(' '.join(np.result_type(a, b).name for b in n))\n"
    ));
    for (a, line) in ALL_DTYPES.iter().zip(out.lines()) {
        for (b, want) in ALL_DTYPES.iter().zip(line.split(' ')) {
            assert_eq!(DType::promote(*a, *b).name(), want, "result_type({a}, {b})");
        }
    }
}

/// Expressions of one input `X` of every dtype.
fn unary_cases(d: DType) -> Vec<String> {
    let mut v: Vec<&str> = vec![
        "X + 1",
        "X * 3",
        "3 - X",
        "X + 1.5",
        "X / 3",
        "X > 3",
        "X == X",
        "maximum(X, 3)",
        "minimum(X, X[::-1])",
        "where(X > 2, X, 0)",
        "X.sum()",
        "X.sum(axis=0)",
        "X.prod(axis=1)",
        "X.min()",
        "X.max(axis=0)",
        "X.mean()",
        "X.mean(axis=1)",
        "X.std()",
        "X.var(axis=0)",
        "X.argmax()",
        "X.argmin(axis=1)",
        "cumsum(X, axis=1)",
        "cumprod(X, axis=0)",
        "X.T",
        "X[::2, 1:]",
        "concatenate([X, X], axis=0)",
        "X @ X.T",
        "X.astype(float64)",
        "X.astype(int8)",
        "X.astype(uint16)",
        "X.astype(uint64)",
        "X.astype(bool)",
        "any(X, axis=0)",
        "clip(X, 2, 100)",
        "count_nonzero(X, axis=1)",
    ];
    if d != DType::Bool {
        v.extend([
            "X // 3",
            "X % 5",
            "X * X",
            "X - X[::-1]",
            "abs(X)",
            "sign(X)",
            "X ** 2",
        ]);
        if d != DType::U64 && d != DType::I64 {
            v.push("-X");
        }
    }
    if d.is_int() || d == DType::Bool {
        v.extend(["X & 5", "X | 2", "X ^ X[::-1]", "~X"]);
    }
    // numpy gives float16 for 8-bit integers here, arrlang float32 (it has no float16)
    if !matches!(d, DType::I8 | DType::U8 | DType::Bool) {
        v.extend(["sqrt(abs(X))", "exp(X / 100)", "floor(X)", "sin(X)"]);
    }
    if d.is_float() {
        // numpy's float -> int casts are undefined out of range: these values are in range
        v.extend(["(X / 4).astype(int16)", "(X / 4).astype(uint8)"]);
    }
    v.into_iter().map(String::from).collect()
}

#[test]
fn small_integer_dtypes_agree_with_numpy() {
    if skip() {
        return;
    }
    let dir = TempDir::new("numpy-dtypes");
    let d = dir.0.display().to_string();
    // Full-range integers (sums, products and negation wrap), floats of magnitude < 100.
    let mut make = String::from("import numpy as np\nr = np.random.default_rng(17)\n");
    for dt in ALL_DTYPES {
        let name = dt.name();
        let gen = if dt == DType::Bool {
            "r.integers(0, 2, size=(5, 7)).astype(bool)".to_string()
        } else if dt.is_float() {
            format!("r.uniform(-100, 100, size=(5, 7)).astype('{name}')")
        } else if dt.is_complex() {
            format!("(r.uniform(-9, 9, size=(5, 7)) + 1j * r.uniform(-9, 9, size=(5, 7))).astype('{name}')")
        } else {
            format!("r.integers(np.iinfo('{name}').min, np.iinfo('{name}').max, size=(5, 7), dtype='{name}', endpoint=True)")
        };
        let _ = writeln!(make, "np.save('{d}/{}.npy', {gen})", var(dt));
    }
    python(&make);
    let mut cases: Vec<String> = Vec::new();
    // complex dtypes have their own parity test (numpy_complex.rs): no `//`, `%`, floor
    let real: Vec<DType> = ALL_DTYPES.into_iter().filter(|d| !d.is_complex()).collect();
    for &a in &real {
        for e in unary_cases(a) {
            cases.push(e.replace('X', &var(a)));
        }
        for &b in &real {
            cases.push(format!("{} + {}", var(a), var(b)));
            cases.push(format!("{} * {}", var(a), var(b)));
            cases.push(format!("{} < {}", var(a), var(b)));
        }
    }
    let configs = [("(2, 3)", 2, false), ("-1", 1, true)];
    for (ci, (chunks, threads, sequential)) in configs.iter().enumerate() {
        let mut script = String::new();
        for dt in ALL_DTYPES {
            let _ = writeln!(
                script,
                "{v} = load(\"{d}/{v}.npy\", chunks={chunks})",
                v = var(dt)
            );
        }
        for (k, e) in cases.iter().enumerate() {
            let _ = writeln!(script, "save(\"{d}/out{ci}_{k}.npy\", {e})");
        }
        run_on(&script, *threads, *sequential, "dtypes.arr");
    }
    let mut check = String::from("import numpy as np, sys\nfrom numpy import *\nbad = 0\n");
    for dt in ALL_DTYPES {
        let _ = writeln!(check, "{v} = np.load('{d}/{v}.npy')", v = var(dt));
    }
    let _ = writeln!(check, "cases = {cases:?}");
    let _ = writeln!(
        check,
        "for k, e in enumerate(cases):\n    with np.errstate(all='ignore'):\n        want = np.asarray(eval(e))\n    for ci in range({n}):\n        got = np.load(f'{d}/out{{ci}}_{{k}}.npy')\n        exact = want.dtype.kind in 'biu'\n        if got.shape != want.shape or got.dtype != want.dtype or not (np.array_equal(got, want) if exact else np.allclose(got, want, rtol=(1e-5 if want.dtype == np.float32 else 1e-9), atol=0, equal_nan=True)):\n            bad += 1; print('MISMATCH', ci, e, got.dtype, want.dtype, got.shape, want.shape, got.ravel()[:6], want.ravel()[:6], file=sys.stderr)",
        n = configs.len()
    );
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
}
