//! NumPy parity for the random and uninitialised creators of issue 11 (`empty empty_like
//! permutation choice integers uniform`). arrlang's generator is its own (counter-based, the
//! same values for a seed whatever the chunking), not numpy's stream, so the comparison is on
//! what numpy defines: the shape and dtype of the same call on a `numpy.random.Generator`, and
//! each result's defining property (a permutation of the input, draws from the population,
//! distinct without replacement, zero-probability entries never drawn, the range). Each case
//! runs chunked by 3 and by 1 on 2 threads and in one chunk sequentially: the values must be
//! the same in every configuration. Needs python3 with numpy.

use crate::common::{assert_check_passes, numpy_or_skip, run_on, TempDir};
use std::fmt::Write;

/// `(arrlang, numpy, property)`: `{c}` in the arrlang text is the configuration's chunk
/// size, `g` a numpy Generator; the property is python over `got` (arrlang's values) and
/// `want` (numpy's), with `b` (7,) float64 and `i` (5, 7) int64 the inputs.
const CASES: &[(&str, &str, &str)] = &[
    // empty: shape and dtype (the values are undefined)
    ("empty((5, 7), chunks={c})", "np.empty((5, 7))", "True"),
    (
        "empty((4, 3), dtype=int16, chunks={c})",
        "np.empty((4, 3), dtype=np.int16)",
        "True",
    ),
    ("empty(6, dtype=uint8, chunks={c})", "np.empty(6, dtype=np.uint8)", "True"),
    ("empty_like(rechunk(i, {c}))", "np.empty_like(i)", "True"),
    (
        "empty_like(rechunk(b, {c}), dtype=float32)",
        "np.empty_like(b, dtype=np.float32)",
        "True",
    ),
    // permutation: of arange(n), of an array's rows, along another axis
    (
        "permutation(40, seed=1)",
        "g.permutation(40)",
        "np.array_equal(np.sort(got), np.arange(40)) and not np.array_equal(got, np.arange(40))",
    ),
    (
        "permutation(rechunk(b, {c}), seed=2)",
        "g.permutation(b)",
        "np.array_equal(np.sort(got), np.sort(b))",
    ),
    (
        "permutation(rechunk(i, {c}), seed=3)",
        "g.permutation(i)",
        "sorted(map(tuple, got.tolist())) == sorted(map(tuple, i.tolist()))",
    ),
    (
        "permutation(rechunk(i, {c}), axis=1, seed=4)",
        "g.permutation(i, axis=1)",
        "sorted(map(tuple, got.T.tolist())) == sorted(map(tuple, i.T.tolist()))",
    ),
    // choice: from the population, distinct without replacement, p respected
    (
        "choice(rechunk(b, {c}), size=50, chunks={c}, seed=5)",
        "g.choice(b, size=50)",
        "np.isin(got, b).all()",
    ),
    (
        "choice(10, size=(4, 5), chunks={c}, seed=6)",
        "g.choice(10, size=(4, 5))",
        "got.min() >= 0 and got.max() < 10",
    ),
    (
        "choice(20, size=20, replace=False, chunks={c}, seed=7)",
        "g.choice(20, size=20, replace=False)",
        "np.array_equal(np.sort(got), np.arange(20))",
    ),
    (
        "choice(rechunk(b, {c}), size=5, replace=False, chunks={c}, seed=8)",
        "g.choice(b, size=5, replace=False)",
        "len(set(got.tolist())) == 5 and np.isin(got, b).all()",
    ),
    (
        "choice(5, size=2000, p=[0.1, 0.0, 0.4, 0.5, 0.0], chunks={c}, seed=9)",
        "g.choice(5, size=2000, p=[0.1, 0.0, 0.4, 0.5, 0.0])",
        // 2000 draws: the standard error of a frequency is at most 0.011
        "np.isin(got, [0, 2, 3]).all() and abs((got == 3).mean() - 0.5) < 0.05 and abs((got == 0).mean() - 0.1) < 0.04",
    ),
    (
        "choice(rechunk(i[0], {c}), size=(2, 2), replace=False, p=[0.2, 0.0, 0.3, 0.2, 0.3, 0.0, 0.0], chunks={c}, seed=10)",
        "g.choice(i[0], size=(2, 2), replace=False, p=[0.2, 0.0, 0.3, 0.2, 0.3, 0.0, 0.0])",
        // distinct positions 0, 2, 3, 4 (the only ones with p > 0), so their values
        "sorted(got.ravel().tolist()) == sorted(i[0][[0, 2, 3, 4]].tolist())",
    ),
    ("choice(5, seed=11)", "g.choice(5)", "0 <= got < 5"),
    // integers: [low, high) in numpy's dtype
    (
        "integers(-5, 7, size=(5, 7), chunks={c}, seed=12)",
        "g.integers(-5, 7, size=(5, 7))",
        "got.min() >= -5 and got.max() < 7",
    ),
    (
        "integers(9, size=40, chunks={c}, seed=13)",
        "g.integers(9, size=40)",
        "got.min() >= 0 and got.max() < 9",
    ),
    (
        "integers(-3, 3, size=200, endpoint=True, chunks={c}, seed=14)",
        "g.integers(-3, 3, size=200, endpoint=True)",
        "got.min() == -3 and got.max() == 3",
    ),
    (
        "integers(0, 200, size=300, dtype=uint8, chunks={c}, seed=15)",
        "g.integers(0, 200, size=300, dtype=np.uint8)",
        "got.max() < 200",
    ),
    (
        "integers(-100, 100, size=(3, 4), dtype=int8, chunks={c}, seed=16)",
        "g.integers(-100, 100, size=(3, 4), dtype=np.int8)",
        "got.min() >= -100 and got.max() < 100",
    ),
    (
        "integers(1000, 60000, size=30, dtype=uint16, chunks={c}, seed=17)",
        "g.integers(1000, 60000, size=30, dtype=np.uint16)",
        "got.min() >= 1000 and got.max() < 60000",
    ),
    ("integers(5, seed=18)", "g.integers(5)", "0 <= got < 5"),
    // uniform: [low, high), float64
    (
        "uniform(-2, 3, size=(6, 4), chunks={c}, seed=19)",
        "g.uniform(-2, 3, size=(6, 4))",
        "got.min() >= -2 and got.max() < 3 and got.std() > 0.5",
    ),
    (
        "uniform(size=25, chunks={c}, seed=20)",
        "g.uniform(size=25)",
        "got.min() >= 0 and got.max() < 1",
    ),
    ("uniform(1, 2, seed=21)", "g.uniform(1, 2)", "1 <= got < 2"),
];

#[test]
fn random_creators_agree_with_numpy() {
    if !numpy_or_skip() {
        return;
    }
    let dir = TempDir::new("numpy-random");
    let d = dir.0.display().to_string();
    crate::common::python(&format!(
        "import numpy as np\nr = np.random.default_rng(5)\n\
         np.save('{d}/b.npy', r.uniform(-2, 2, size=7))\n\
         np.save('{d}/i.npy', r.integers(-9, 9, size=(5, 7)))\n"
    ));
    // (chunk size, threads, sequential): small odd chunks and single elements threaded, one
    // chunk in order.
    let configs = [("3", 2, false), ("1", 2, false), ("-1", 1, true)];
    for (ci, (c, threads, sequential)) in configs.iter().enumerate() {
        let mut script = format!("b = load(\"{d}/b.npy\")\ni = load(\"{d}/i.npy\")\n");
        for (k, (e, _, _)) in CASES.iter().enumerate() {
            let _ = writeln!(
                script,
                "save(\"{d}/out{ci}_{k}.npy\", {})",
                e.replace("{c}", c)
            );
        }
        run_on(&script, *threads, *sequential, "random.arr");
    }
    let mut check = format!(
        "import numpy as np, sys\ng = np.random.default_rng(0)\n\
         b = np.load('{d}/b.npy'); i = np.load('{d}/i.npy')\nbad = 0\n\
         def fail(*a):\n    global bad\n    bad += 1; print('MISMATCH', *a, file=sys.stderr)\n"
    );
    for (k, (e, np_e, prop)) in CASES.iter().enumerate() {
        let _ = writeln!(check, "want = np.asarray({np_e})\nfirst = None");
        for ci in 0..configs.len() {
            let _ = writeln!(
                check,
                "got = np.load('{d}/out{ci}_{k}.npy')\n\
                 if got.shape != want.shape or got.dtype != want.dtype:\n    fail({ci}, {e:?}, got.dtype, want.dtype, got.shape, want.shape)\n\
                 elif not ({prop}):\n    fail({ci}, {e:?}, 'property', {prop:?}, got.ravel()[:8])\n\
                 if first is not None and not np.array_equal(got, first):\n    fail({ci}, {e:?}, 'differs across chunkings', got.ravel()[:8], first.ravel()[:8])\n\
                 first = got"
            );
        }
    }
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
}
