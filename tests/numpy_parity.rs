//! NumPy parity: random expressions over `.npy` inputs that NumPy wrote, loaded with random
//! chunkings, saved by arrlang, and checked by NumPy evaluating the same text.
//! Needs python3 with numpy: skipped (with a message) where absent, required on CI.

use crate::common::{assert_check_passes, numpy_or_skip, python, run_on, Lcg};
use std::fmt::Write;

/// A random elementwise expression of shape (6, 8) over a (6, 8), b (8,), c (6, 8) int32.
fn elementwise(r: &mut Lcg, depth: usize) -> String {
    if depth == 0 {
        return r
            .pick(&[
                "a",
                "b",
                "c",
                "a.T.T",
                "a[::-1]",
                "c[:, ::-1]",
                "b[None, :]",
                "(a + 0)",
            ])
            .to_string();
    }
    let x = elementwise(r, depth - 1);
    // The second operand is sometimes a Python scalar (weak in numpy's promotion).
    let y = match r.next() % 4 {
        0 => r.pick(&["2.5", "3", "-1"]).to_string(),
        _ => elementwise(r, depth - 1),
    };
    match r.next() % 12 {
        0 => format!("({x} + {y})"),
        1 => format!("({x} - {y})"),
        2 => format!("({x} * {y})"),
        3 => format!("({x} / ({y} * {y} + 1))"),
        4 => format!("abs({x})"),
        5 => format!("sqrt(abs({x}))"),
        6 => format!("where({x} > {y}, {x}, {y})"),
        7 => format!("maximum({x}, {y})"),
        8 => format!("({x} // 3)"),
        9 => format!("({x} % 4)"),
        10 => format!("clip({x}, -1, 2)"),
        _ => format!("(-{x})"),
    }
}

fn expression(r: &mut Lcg) -> String {
    // Every operand may be `b` (8,): broadcast so the result is always (6, 8).
    let e = format!("broadcast_to({}, (6, 8))", elementwise(r, 2));
    match r.next() % 30 {
        // linear algebra, polynomials, edits (issue 11)
        22 => format!("ptp({e}, axis=1)"),
        23 => format!("rot90({e}, {})", 1 + r.next() % 3),
        24 => format!("convolve(({e})[2], b[:3], 'same')"),
        25 => format!("select([{e} > 0, {e} < -1], [{e}, a], default=-1)"),
        26 => format!("delete(insert({e}, 2, 7., axis=0), [0, 5], axis=1)"),
        27 => format!("polyval(b[:3], {e})"),
        28 => format!("kron(({e})[:2, :3], a[:2, :2])"),
        29 => format!("cross(({e})[:, :3], a[:, 2:5])"),
        // scans, neighbours, order statistics, sorting and search (issue 11)
        10 => format!("cumsum({e}, axis=0)"),
        11 => format!("diff({e}, axis=1)"),
        12 => format!("roll({e}, 3, axis=1)"),
        13 => format!("median({e}, axis=0)"),
        14 => format!("percentile({e}, 30, axis=1)"),
        15 => format!("sort({e}, axis=0)"),
        16 => format!("argsort({e}, axis=1, kind='stable')"),
        17 => format!("searchsorted(sort(b), {e})"),
        18 => format!("digitize({e}, array([-1., 0., 2.]))"),
        19 => format!("isin({e}, [0, 1, 2])"),
        20 => format!("interp({e}, sort(b), b)"),
        21 => format!("histogram({e}, 5)[0]"),
        0 => format!("({e}).sum(axis=0)"),
        1 => format!("({e}).mean(axis=1)"),
        2 => format!("({e}).std()"),
        3 => format!("({e}).var(axis=0, ddof=1)"),
        4 => format!("({e}).max(axis=(0, 1))"),
        5 => format!("({e}).argmin(axis=1)"),
        6 => format!("({e})[1:5:2, ::-3]"),
        7 => format!("dot(({e}).astype(float64), a.T)"),
        8 => format!("({e}).T.reshape((4, 12))"),
        _ => format!("concatenate([{e}, a], axis=0).min(axis=0)"),
    }
}

#[test]
fn random_expressions_agree_with_numpy() {
    if !numpy_or_skip() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("arrlang-parity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let d = dir.display().to_string();
    let make = format!(
        "import numpy as np\nr = np.random.default_rng(7)\nnp.save('{d}/a.npy', r.normal(size=(6, 8)))\nnp.save('{d}/b.npy', r.uniform(-2, 2, size=8))\nnp.save('{d}/c.npy', r.integers(-9, 9, size=(6, 8)).astype(np.int32))\n"
    );
    python(&make);
    let mut r = Lcg(2024);
    let exprs: Vec<String> = (0..100).map(|_| expression(&mut r)).collect();
    let mut script = String::new();
    for (i, e) in exprs.iter().enumerate() {
        let (c0, c1) = (1 + r.next() % 6, 1 + r.next() % 8);
        let _ = writeln!(script, "a = load(\"{d}/a.npy\", chunks=({c0}, {c1}))\nb = load(\"{d}/b.npy\", chunks={c1})\nc = load(\"{d}/c.npy\", chunks=({c1}, {c0}))\nsave(\"{d}/out{i}.npy\", {e})");
    }
    run_on(&script, 2, false, "parity.arr");
    let mut check = format!(
        "import numpy as np, sys\na = np.load('{d}/a.npy'); b = np.load('{d}/b.npy'); c = np.load('{d}/c.npy')\nfrom numpy import *\nbad = 0\n"
    );
    for (i, e) in exprs.iter().enumerate() {
        let _ = writeln!(
            check,
            "with np.errstate(all='ignore'):\n    want = np.asarray({e})\ngot = np.load('{d}/out{i}.npy')\nif got.shape != want.shape or got.dtype != want.dtype or not np.allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True):\n    bad += 1; print('MISMATCH {i}:', {e:?}, got.dtype, want.dtype, got.shape, want.shape, file=sys.stderr)"
        );
    }
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A random elementwise expression of shape (6, 8) mixing z (6, 8) complex128 with a (6, 8)
/// float64, b (8,) float64 and c (6, 8) int32 (issue 11's complex dtypes).
fn complex_elementwise(r: &mut Lcg, depth: usize) -> String {
    if depth == 0 {
        return r
            .pick(&[
                "z", "z", "a", "b", "c", "z.T.T", "z[::-1]", "conj(z)", "(a + 1j)",
            ])
            .to_string();
    }
    let x = complex_elementwise(r, depth - 1);
    let y = match r.next() % 4 {
        0 => r.pick(&["2.5", "3", "-1j", "(1 - 2j)"]).to_string(),
        _ => complex_elementwise(r, depth - 1),
    };
    match r.next() % 12 {
        0 => format!("({x} + {y})"),
        1 => format!("({x} - {y})"),
        2 => format!("({x} * {y})"),
        3 => format!("({x} / (abs({y}) + 1))"),
        4 => format!("abs({x})"),
        5 => format!("sqrt({x} + 0j)"),
        6 => format!("where(abs({x}) > abs({y}), {x}, {y})"),
        7 => format!("maximum({x}, {y})"),
        8 => format!("exp({x} / 4)"),
        9 => format!("({x}).imag"),
        10 => format!("angle({x} + 0j)"),
        _ => format!("(-{x})"),
    }
}

fn complex_expression(r: &mut Lcg) -> String {
    let e = format!("broadcast_to({}, (6, 8))", complex_elementwise(r, 2));
    match r.next() % 12 {
        0 => format!("({e}).sum(axis=0)"),
        1 => format!("({e}).mean(axis=1)"),
        2 => format!("({e}).var()"),
        3 => format!("({e}).prod(axis=1)"),
        4 => format!("cumsum({e}, axis=0)"),
        5 => format!("fft({e}, axis=0)"),
        6 => format!("ifft({e}, n=5)"),
        7 => format!("sort({e}, axis=1)"),
        8 => format!("({e}).max(axis=0)"),
        9 => format!("dot({e}, a.T)"),
        10 => format!("({e})[1:5:2, ::-3]"),
        _ => e,
    }
}

#[test]
fn random_complex_expressions_agree_with_numpy() {
    if !numpy_or_skip() {
        return;
    }
    let dir = crate::common::TempDir::new("parity-complex");
    let d = dir.0.display().to_string();
    crate::common::python(&format!(
        "import numpy as np\nr = np.random.default_rng(9)\nnp.save('{d}/a.npy', r.normal(size=(6, 8)))\nnp.save('{d}/b.npy', r.uniform(-2, 2, size=8))\nnp.save('{d}/c.npy', r.integers(-9, 9, size=(6, 8)).astype(np.int32))\nnp.save('{d}/z.npy', r.normal(size=(6, 8)) + 1j * r.normal(size=(6, 8)))\n"
    ));
    let mut r = Lcg(2026);
    let exprs: Vec<String> = (0..60).map(|_| complex_expression(&mut r)).collect();
    let mut script = String::new();
    for (i, e) in exprs.iter().enumerate() {
        let (c0, c1) = (1 + r.next() % 6, 1 + r.next() % 8);
        let _ = writeln!(script, "a = load(\"{d}/a.npy\", chunks=({c0}, {c1}))\nb = load(\"{d}/b.npy\", chunks={c1})\nc = load(\"{d}/c.npy\", chunks=({c1}, {c0}))\nz = load(\"{d}/z.npy\", chunks=({c0}, {c1}))\nsave(\"{d}/out{i}.npy\", {e})");
    }
    run_on(&script, 2, false, "parity.arr");
    let mut check = format!(
        "import numpy as np, sys\nfrom numpy import *\nfrom numpy.fft import fft, ifft\na = np.load('{d}/a.npy'); b = np.load('{d}/b.npy'); c = np.load('{d}/c.npy'); z = np.load('{d}/z.npy')\nbad = 0\n"
    );
    for (i, e) in exprs.iter().enumerate() {
        let _ = writeln!(
            check,
            "with np.errstate(all='ignore'):\n    want = np.asarray({e})\ngot = np.load('{d}/out{i}.npy')\nif got.shape != want.shape or got.dtype != want.dtype or not np.allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True):\n    bad += 1; print('MISMATCH {i}:', {e:?}, got.dtype, want.dtype, got.shape, want.shape, file=sys.stderr)"
        );
    }
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
}
