//! `map_blocks` and `map_overlap` against dask.array itself: the same block functions, written
//! once in arrlang and once in Python, over the same chunked inputs (several chunkings, both
//! schedulers), compared value for value. Needs python3 with numpy and dask: skipped (with a
//! message) where absent, required on CI.

use crate::common::{assert_check_passes, python, run_on};
use std::fmt::Write;
use std::process::Command;

/// Block functions in both languages: (arrlang definition, Python definition).
const FUNCTIONS: &[(&str, &str)] = &[
    ("fn lin(b) = b * 2 + 1", "def lin(b): return b * 2 + 1"),
    ("fn demin(b) = b - b.min()", "def demin(b): return b - b.min()"),
    (
        "fn colmean(b) = b - b.mean(axis=0, keepdims=True)",
        "def colmean(b): return b - b.mean(axis=0, keepdims=True)",
    ),
    (
        "fn smooth(b) = (roll(b, 1, axis=0) + b + roll(b, -1, axis=0)) / 3",
        "def smooth(b): return (np.roll(b, 1, axis=0) + b + np.roll(b, -1, axis=0)) / 3",
    ),
    (
        "fn lap(b) = roll(b, 1, axis=0) + roll(b, -1, axis=0) + roll(b, 1, axis=1) + roll(b, -1, axis=1) - 4 * b",
        "def lap(b): return np.roll(b, 1, axis=0) + np.roll(b, -1, axis=0) + np.roll(b, 1, axis=1) + np.roll(b, -1, axis=1) - 4 * b",
    ),
    (
        "fn wsum(p, q) = p * q.sum() + q",
        "def wsum(p, q): return p * q.sum() + q",
    ),
    ("fn rowsum(b) = b.sum(axis=1)", "def rowsum(b): return b.sum(axis=1)"),
];

/// (arrlang expression, dask expression) over `x` (13, 11) float64 and `y` (11,) float64,
/// chunked as each configuration says (`X`, `Y` are the dask arrays).
const CASES: &[(&str, &str)] = &[
    ("map_blocks(lin, x)", "da.map_blocks(lin, X)"),
    ("map_blocks(demin, x)", "da.map_blocks(demin, X)"),
    ("map_blocks(colmean, x)", "da.map_blocks(colmean, X)"),
    ("map_blocks(wsum, x, y)", "da.map_blocks(wsum, X, Y)"),
    (
        "map_blocks(rowsum, x, drop_axis=1)",
        "da.map_blocks(rowsum, X, drop_axis=1)",
    ),
    (
        "map_overlap(smooth, x, depth=(1, 0), boundary='periodic')",
        "da.map_overlap(smooth, X, depth={0: 1, 1: 0}, boundary='periodic')",
    ),
    (
        "map_overlap(smooth, x, depth=(2, 0), boundary='reflect')",
        "da.map_overlap(smooth, X, depth={0: 2, 1: 0}, boundary='reflect')",
    ),
    (
        "map_overlap(smooth, x, depth=(1, 0), boundary='nearest')",
        "da.map_overlap(smooth, X, depth={0: 1, 1: 0}, boundary='nearest')",
    ),
    (
        "map_overlap(smooth, x, depth=(1, 0), boundary=-1.5)",
        "da.map_overlap(smooth, X, depth={0: 1, 1: 0}, boundary=-1.5)",
    ),
    (
        "map_overlap(smooth, x, depth=(1, 0))",
        "da.map_overlap(smooth, X, depth={0: 1, 1: 0}, boundary='none')",
    ),
    (
        "map_overlap(lap, x, depth=1, boundary='periodic')",
        "da.map_overlap(lap, X, depth=1, boundary='periodic')",
    ),
    // Depths no larger than any chunk: dask rechunks an axis with a smaller chunk (arrlang
    // reads the halo across several blocks instead), which moves block-dependent results.
    (
        "map_overlap(lap, x, depth=(1, 2), boundary='none')",
        "da.map_overlap(lap, X, depth={0: 1, 1: 2}, boundary='none')",
    ),
    (
        "map_overlap(demin, x, depth=1, boundary='reflect')",
        "da.map_overlap(demin, X, depth=1, boundary='reflect')",
    ),
];

#[test]
fn block_functions_agree_with_dask() {
    let have = Command::new("python3")
        .args(["-c", "import numpy, dask.array"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have python3 with numpy and dask (see .ci/run)"
        );
        eprintln!("skipped: python3 with numpy and dask is not available");
        return;
    }
    let dir = std::env::temp_dir().join(format!("arrlang-dask-blocks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let d = dir.display().to_string();
    let make = format!(
        "import numpy as np\nr = np.random.default_rng(5)\nnp.save('{d}/x.npy', r.normal(size=(13, 11)))\nnp.save('{d}/y.npy', r.uniform(1, 2, size=11))\n"
    );
    python(&make);
    // (chunks of x, chunks of y, threads, sequential): uneven blocks, depth wider than a block.
    let configs = [
        ("(4, 3)", "3", 2, false),
        ("(5, 11)", "11", 1, true),
        ("(2, 4)", "((4, 4, 3),)", 3, false),
    ];
    let defs: String = FUNCTIONS.iter().map(|f| format!("{}\n", f.0)).collect();
    for (ci, (cx, cy, threads, sequential)) in configs.iter().enumerate() {
        let mut script = format!(
            "{defs}x = load(\"{d}/x.npy\", chunks={cx})\ny = load(\"{d}/y.npy\", chunks={cy})\n"
        );
        for (k, (e, _)) in CASES.iter().enumerate() {
            let _ = writeln!(script, "save(\"{d}/out{ci}_{k}.npy\", {e})");
        }
        run_on(&script, *threads, *sequential, "blocks.arr");
    }
    let pydefs: String = FUNCTIONS.iter().map(|f| format!("{}\n", f.1)).collect();
    let mut check = format!(
        "import numpy as np, sys, dask, dask.array as da\ndask.config.set(scheduler='sync')\n{pydefs}x = np.load('{d}/x.npy'); y = np.load('{d}/y.npy')\nbad = 0\n"
    );
    for (ci, (cx, cy, _, _)) in configs.iter().enumerate() {
        let _ = writeln!(
            check,
            "X = da.from_array(x, chunks={cx}); Y = da.from_array(y, chunks={cy})"
        );
        for (k, (e, pe)) in CASES.iter().enumerate() {
            let _ = writeln!(
                check,
                "want = np.asarray(({pe}).compute())\ngot = np.load('{d}/out{ci}_{k}.npy')\nif got.shape != want.shape or not np.allclose(got, want, rtol=1e-12, atol=1e-12):\n    bad += 1; print('MISMATCH', {ci}, {e:?}, got.shape, want.shape, got.ravel()[:5], want.ravel()[:5], file=sys.stderr)"
            );
        }
    }
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "dask");
    let _ = std::fs::remove_dir_all(&dir);
}
