//! NumPy parity for the function families of issue 11, table-driven: every expression runs in
//! arrlang over `.npy` inputs NumPy wrote (chunked (2, 3) on 2 threads, and in one chunk
//! sequentially), is saved, and NumPy evaluates the same text and compares values, shapes
//! and dtypes. Needs python3 with numpy: skipped (with a message) where absent, required on CI.

use crate::common::{assert_check_passes, numpy_or_skip, python, run_on};
use std::fmt::Write;

/// Expressions valid in both languages (argsort with kind='stable': numpy's default orders
/// ties arbitrarily) over a (5, 7) float64 with NaN and inf, b (7,)
/// float64, i (5, 7) int64, s (4, 4) float64, p (5, 7) positive float64.
const CASES: &[&str] = &[
    // elementwise
    "log2(p)",
    "exp2(a)",
    "cbrt(a)",
    "sinh(b)",
    "cosh(b)",
    "tanh(b)",
    "arcsinh(a)",
    "arccosh(p + 1)",
    "arctanh(b / 3)",
    "arctan2(a, b)",
    "arctan2(i, 3)",
    "trunc(a)",
    "trunc(i)",
    "rint(a)",
    "rint(i)",
    "fix(a)",
    "reciprocal(p)",
    "reciprocal(i)",
    "exp2(i)",
    "power(p, b)",
    "power(i, 2)",
    "isinf(a)",
    "isfinite(a)",
    "nan_to_num(a)",
    "nan_to_num(a, nan=-1.0, posinf=9.0)",
    "fmax(a, b)",
    "fmin(a, 0.5)",
    "round(a, 2)",
    "round(a * 100, -1)",
    "round(i * 37, -1)",
    "floor(i)",
    "absolute(i)",
    "add(i, b)",
    "floor_divide(i, 3)",
    "remainder(i, 4)",
    // comparison and logic
    "logical_and(a > 0, i)",
    "logical_or(a, i)",
    "logical_xor(i, b > 0)",
    "logical_not(a)",
    "isclose(a, a + 1e-9)",
    "isclose(a, b, atol=0.5)",
    "isclose(a, a, equal_nan=True)",
    "allclose(p, p * (1 + 1e-7))",
    "allclose(a, a)",
    "array_equal(i, i)",
    "array_equal(a, a, equal_nan=True)",
    "(-1 < i) & (i < 5)",
    "equal(i, 3)",
    "less_equal(a, b)",
    "bitwise_and(i, 6)",
    // creation
    "logspace(0, 2, num=5)",
    "identity(4)",
    "zeros_like(i)",
    "ones_like(a)",
    "full_like(a, 7)",
    "full_like(i, 2.5)",
    "asarray(b)",
    "diag(b)",
    "diag(b, k=-2)",
    "diag(a, k=1)",
    "diag(i, k=-2)",
    "tril(a)",
    "triu(i, k=1)",
    "tril(i, k=-1)",
    "meshgrid(b, arange(3))[0]",
    "meshgrid(b, arange(3))[1]",
    "meshgrid(b, arange(3), indexing='ij')[1]",
    // shape
    "ravel(a)",
    "swapaxes(a, 0, 1)",
    "moveaxis(i.reshape((5, 7, 1)), 0, -1)",
    "hstack([a, i])",
    "hstack([b, b])",
    "vstack([a, b])",
    "column_stack([b, b * 2])",
    "split(i, [1, 3], axis=0)[1]",
    "array_split(a, 3, axis=1)[2]",
    "split(b, 7)[3]",
    "tile(b, (2, 1))",
    "tile(i, 2)",
    "repeat(i, 3, axis=0)",
    "repeat(a, 2)",
    "flip(a)",
    "flip(i, axis=1)",
    "fliplr(a)",
    "flipud(i)",
    "atleast_2d(b)",
    "atleast_3d(a)",
    "concat([a, i], axis=1)",
    // reductions
    "count_nonzero(i)",
    "count_nonzero(i, axis=0)",
    "amax(i, axis=1)",
    "amin(p)",
    "average(p, axis=1, weights=b * b)",
    "average(p)",
    "average(i, axis=1, weights=arange(7))",
    "nanvar(a, axis=0)",
    "nanstd(a, axis=1, ddof=1)",
    "nanargmax(a, axis=0)",
    "nanargmin(a, axis=1)",
    "mean(i, dtype=float32)",
    "mean(p, axis=0, dtype=float32)",
    // linear algebra
    "inner(b, b)",
    "inner(a[:, :3], i[:, :3])",
    "trace(s)",
    "trace(i, offset=1)",
    "det(s)",
    "cov(p)",
    "cov(p, rowvar=False)",
    "cov(b, bias=True)",
    "cov(p, ddof=2)",
    "corrcoef(p)",
    "corrcoef(b, b * b)",
    // sorting and search
    "sort(a)",
    "sort(a, axis=0)",
    "sort(i, axis=None)",
    "argsort(b, kind='stable')",
    "argsort(a, axis=0, kind='stable')",
    "argsort(i, kind='stable')",
    "searchsorted(sort(b), a)",
    "searchsorted(sort(b), i, side='right')",
    "digitize(a, sort(b))",
    "digitize(i, array([5, 0, -5]), right=True)",
    "isin(i, [1, 2, 3, -4])",
    "isin(a, b, invert=True)",
    "interp(a, sort(b), b)",
    "interp(i, array([-5., 0., 5.]), array([1., -1., 2.]), left=0, right=9)",
    "histogram(p, 6)[0]",
    "histogram(p, 6)[1]",
    "histogram(i, [-9, -3, 0, 4, 9])[0]",
    "histogram(a, 4, range=(-3, 3))[0]",
    "histogram(p, 5, weights=b * i)[0]",
    "histogram(p, 3, density=True)[0]",
    "bincount(i[0] + 9, minlength=20)",
    "bincount(i[1] + 9, weights=b, minlength=18)",
    // more linear algebra (lstsq's residuals are in tests/golden/linalg_more.arr)
    "lstsq(p.T, b)[2]",
    "lstsq(s[:, :2] @ s[:2], s[:, 0])[2]",
    "lstsq(p, i[:, 0])[0]",
    "lstsq(p.T, b)[0]",
    "lstsq(p.T, p.T[:, :2] * 3 + 1)[0]",
    "lstsq(p.T, b)[3]",
    "lstsq(s[:, :2] @ s[:2], s[:, 0])[0]",
    "pinv(p)",
    "pinv(s[:, :2] @ s[:2])",
    "matrix_rank(p)",
    "matrix_rank(s[:, :2] @ s[:2])",
    // svd as numpy (`rechunk` is the identity on the numpy side): the full factors where the
    // long axis is one chunk, the thin TSQR one with full_matrices=False; singular vectors
    // through sign-free quantities (magnitudes, products; the basis completion past k is any)
    "svd(rechunk(p.T, (-1, 2)))[1]",
    "abs(svd(rechunk(p.T, (-1, 2)))[0][:, :5])",
    "svd(rechunk(p.T, (-1, 2)))[0].T @ svd(rechunk(p.T, (-1, 2)))[0]",
    "abs(svd(rechunk(p.T, (-1, 2)))[2])",
    "svd(rechunk(p, (2, -1)))[2] @ svd(rechunk(p, (2, -1)))[2].T",
    "abs(svd(rechunk(p, (2, -1)))[2][:5])",
    "abs(svd(rechunk(p, (2, -1)))[0])",
    "(svd(rechunk(p, (2, -1)))[0] * svd(rechunk(p, (2, -1)))[1]) @ svd(rechunk(p, (2, -1)))[2][:5]",
    "svd(p, compute_uv=False)",
    "svd(p.T, full_matrices=False)[1]",
    "abs(svd(p.T, full_matrices=False)[0])",
    "abs(svd(s, full_matrices=True)[2])",
    "slogdet(s)[0]",
    "slogdet(s)[1]",
    "outer(b, b)",
    "outer(i, b)",
    "kron(s, s[:2, :3])",
    "kron(b, i[0])",
    "cross(a[:, :3], p[:, :3])",
    "cross(p[0, :3], b[:3])",
    "cross(p[:2, :2], i[:2, :2])",
    "vdot(p, i)",
    "polyval(b[:4], p)",
    "polyval(i[0], b)",
    "polyfit(b, p[0], 2)",
    "polyfit(b, p[:2].T, 3)",
    "polyfit(b, p[0], 1, w=p[1])",
    "vander(b, 4)",
    "vander(i[0])",
    "vander(b, 3, increasing=True)",
    "convolve(b, p[0, :3])",
    "convolve(p[0, :3], b, 'same')",
    "convolve(i[0], i[1], 'valid')",
    "correlate(b, p[1, :4], 'full')",
    "correlate(b, i[2])",
    "correlate(p[0, :3], b, 'same')",
    // ptp, select, rot90, edits, grids
    "ptp(i, axis=0)",
    "ptp(p)",
    "ptp(a, axis=1, keepdims=True)",
    "select([a > 0, i < 0], [a, i], default=7)",
    "select([i > 2, i < -2], [i, i * 2])",
    "rot90(i)",
    "rot90(a, 3)",
    "rot90(i, 1, axes=(1, 0))",
    "append(i, a)",
    "append(i, a[:1], axis=0)",
    "insert(i, 2, 5, axis=1)",
    "insert(a, [1, 4], 0.5)",
    "insert(i, [0, 2, 2], b, axis=0)",
    "delete(i, [0, 3], axis=1)",
    "delete(a, 4)",
    "delete(p, slice(1, None, 2), axis=0)",
    "indices((2, 3, 4))",
    "triu_indices(4, 1)[1]",
    "tril_indices(5, -1, 3)[0]",
    // the rest of issue 11's table (data-dependent lengths through a reduction)
    "gradient(b)",
    "gradient(a, axis=1)",
    "i.flatten()",
    "pad(b, 2)",
    "pad(i, ((1, 0), (2, 1)), mode='edge')",
    "nanmedian(a, axis=1)",
    "quantile(p, 0.3)",
    "quantile(p, 0.75, axis=0)",
    "unique(i).sum()",
    // quantiles of a list of q: the q axis first; axis= tuples; keepdims
    "quantile(a, [0.1, 0.5, 0.9], axis=1)",
    "nanquantile(where(i > 3, nan, p), [0.25, 0.75], axis=0, keepdims=True)",
    "percentile(p, [10, 90])",
    "nanpercentile(a, array([5., 50.]), axis=(0, 1))",
    "quantile(p, 0.3, axis=(0, 1), keepdims=True)",
    "quantile(p.reshape((5, 7, 1)), [0.2, 0.4], axis=(0, 2))",
    "median(i, axis=(1, 0))",
    "quantile(p.astype(float32), 0.5, axis=0)",
    "quantile(p.astype(float32), [0.5], axis=0)",
    "percentile(i, [[10, 20], [30, 40]], axis=1)",
    "quantile(p, [], axis=0)",
    "quantile(i, (0.5, 1.0), axis=-1, keepdims=True)",
    // infinities: numpy's _lerp gives NaN for inf - inf and inf * 0 (a float q, even 0.0),
    // an integer q takes the value, median is the mean of the middle two
    "nanquantile(a, [0.0, 0.25, 0.5, 0.9, 1.0], axis=0)",
    "nanquantile(a, 0.5, axis=1)",
    "nanquantile(where(abs(a) > 2, a * inf, a), [0.0, 0.3, 0.5, 0.75, 1.0], axis=0)",
    "nanquantile(where(abs(a) > 1, -a * inf, a), [0, 1], axis=0)",
    "nanquantile(where(abs(a) > 1, -a * inf, a), 0, axis=1)",
    "quantile(where(p > 3, p * inf, p), 1, axis=0)",
    "quantile(where(p > 3, p * inf, -p * inf), [0.2, 0.5, 1.0], axis=0)",
    "nanmedian(where(abs(a) > 2, a * inf, a), axis=0)",
    "nanmedian(where(abs(a) > 2, a * inf, a), axis=1)",
    "median(where(p > 4, inf, p), axis=1)",
    "median(where(p > 2.5, p * inf, -p * inf), axis=0)",
    "nanpercentile(where(abs(a) > 2, a * inf, a), [0, 50, 100], axis=0)",
    "median(where(p > 4, inf, p))",
    "nonzero(i > 2)[1].sum()",
    "argwhere(i > 2).sum()",
    "i.astype(uint32) + 3",
    "i.astype(uint64) * 2",
];

/// Fancy indexing over the same inputs: index arrays written out (known before computing)
/// and computed from the data (`i`, argsort), per-axis masks, pointwise indexing.
const FANCY: &[&str] = &[
    "a[[0, 4, -1, 2]]",
    "a[:, [6, 0, 3, 3]]",
    "a[[1, 3], 2:6]",
    "a[1:4, [5, -7]]",
    "a[[0, 1, 4], [6, 0, 2]]",
    "a[[[0], [4]], [1, 5, 6]]",
    "i[:, [True, False, True, True, False, False, True]]",
    "i[[False, True, True, False, True], ::-2]",
    "a[:, abs(i[0]) % 7]",
    "a[abs(i[:, 0]) % 5]",
    "a[abs(i) % 5, abs(i[::-1]) % 7]",
    "i[argsort(b, kind='stable')[:3, None] % 5, argsort(b, kind='stable')[None, :4]]",
    "a[None, [2, 3], ..., [1, 2]]",
    "p[abs(i[2]) % 5, 3]",
    "take(a, abs(i[1]) % 35)",
    "take(i, [6, 1, 1], axis=1)",
    "take_along_axis(a, argsort(i, axis=1, kind='stable'), axis=1)",
    "take_along_axis(p, argsort(p, axis=0, kind='stable')[:2], axis=0)",
    "diagonal(a)",
    "diagonal(i, -2)",
    "diagonal(p, 3)",
    "compress([True, False, True, False, True, True], i, axis=1)",
];

/// Functional updates: `(statements, result)`; the statements give `c` a copy first.
const UPDATES: &[(&str, &str)] = &[
    ("c = a.copy(); c[[1, 3]] = 0.5", "c"),
    ("c = a.copy(); c[:, abs(i[0]) % 7] = -b[:7]", "c"),
    ("c = i.copy(); c[c > 2] = 0", "c"),
    ("c = i.copy(); c[c < 0] += 100", "c"),
    ("c = p.copy(); c[1:4, ::3] = b[None, :3]", "c"),
    ("c = p.copy(); c[::-2, 1] *= 10", "c"),
    ("c = a.copy(); c[[0, 4], [1, 6]] = [7.5, -7.5]", "c"),
    ("c = i.copy(); c += 3; c //= 2", "c"),
    ("c = p.copy(); c[abs(i) % 5, 2] = 99", "c"),
    ("c = a.copy(); c[:, b > 0] = -1", "c"),
    ("c = i.copy(); c[i.sum(axis=1) > 0, :] = 7", "c"),
    // One value: the update tasks carry it (no block of the selection's size).
    ("c = a.copy(); c[[4, 0, 4]] = 2.5", "c"),
    ("c = i.copy(); c[abs(i[:, 0]) % 5] = -3", "c"),
    ("c = p.copy(); c[1:5:2] = array([7.0])", "c"),
    ("c = p.copy(); c[::-2, 1:6] = array([[7.0]])", "c"),
    ("c = a.copy(); c[:, [6, 1, 6]] = 0", "c"),
    ("c = i.copy(); c[[1, 2], [3, 4]] = 9", "c"),
    (
        "c = i.copy(); c[abs(i) % 5, 2] = array([1]).astype(int8)",
        "c",
    ),
    ("c = a.copy(); c[:] = 4", "c"),
];

/// Runs arrlang over the inputs for `exprs` (after `setup` statements, one each) in every
/// configuration, saving each result; then NumPy evaluates the same and compares.
fn parity(tag: &str, exprs: &[(&str, &str)], configs: &[(&str, &str, usize, bool)]) {
    let dir = std::env::temp_dir().join(format!("arrlang-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let d = dir.display().to_string();
    let make = format!(
        "import numpy as np\nr = np.random.default_rng(11)\na = r.normal(size=(5, 7)) * 3\na[1, 2] = np.nan; a[3, 0] = np.inf; a[4, 6] = -np.inf; a[0, 5] = np.nan\nnp.save('{d}/a.npy', a)\nnp.save('{d}/b.npy', r.uniform(-2, 2, size=7))\nnp.save('{d}/i.npy', r.integers(-9, 9, size=(5, 7)))\nnp.save('{d}/s.npy', r.normal(size=(4, 4)))\nnp.save('{d}/p.npy', r.uniform(0.1, 5, size=(5, 7)))\n"
    );
    python(&make);
    for (ci, (c2, c1, threads, sequential)) in configs.iter().enumerate() {
        let mut script = format!(
            "a = load(\"{d}/a.npy\", chunks={c2})\nb = load(\"{d}/b.npy\", chunks={c1})\ni = load(\"{d}/i.npy\", chunks={c2})\ns = load(\"{d}/s.npy\", chunks={c2})\np = load(\"{d}/p.npy\", chunks={c2})\n"
        );
        for (k, (setup, e)) in exprs.iter().enumerate() {
            for st in setup.split("; ").filter(|s| !s.is_empty()) {
                let _ = writeln!(script, "{st}");
            }
            let _ = writeln!(script, "save(\"{d}/out{ci}_{k}.npy\", {e})");
        }
        run_on(&script, *threads, *sequential, "parity.arr");
    }
    let mut check = format!(
        "import numpy as np, sys\nfrom numpy import *\na = np.load('{d}/a.npy'); b = np.load('{d}/b.npy'); i = np.load('{d}/i.npy'); s = np.load('{d}/s.npy'); p = np.load('{d}/p.npy')\nbad = 0\n"
    );
    for (k, (setup, e)) in exprs.iter().enumerate() {
        for ci in 0..configs.len() {
            let _ = writeln!(
                check,
                "{setup}\nwant = np.asarray({e})\ngot = np.load('{d}/out{ci}_{k}.npy')\nif got.shape != want.shape or got.dtype != want.dtype or not np.array_equal(got, want, equal_nan=True):\n    bad += 1; print('MISMATCH', {ci}, {setup:?}, {e:?}, got.dtype, want.dtype, got.shape, want.shape, got.ravel()[:6], want.ravel()[:6], file=sys.stderr)"
            );
        }
    }
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fancy_indexing_and_updates_agree_with_numpy() {
    if !numpy_or_skip() {
        return;
    }
    // (chunks of the 2-d inputs, chunk of b, threads, sequential): odd small chunks,
    // single elements, and one chunk each.
    let configs = [
        ("(2, 3)", "3", 2, false),
        ("(1, 1)", "1", 2, false),
        ("(3, 2)", "2", 1, true),
        ("-1", "-1", 1, true),
    ];
    let mut cases: Vec<(&str, &str)> = FANCY.iter().map(|e| ("", *e)).collect();
    cases.extend(UPDATES.iter().copied());
    parity("fancy", &cases, &configs);
}

#[test]
fn family_functions_agree_with_numpy() {
    if !numpy_or_skip() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("arrlang-families-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let d = dir.display().to_string();
    let make = format!(
        "import numpy as np\nr = np.random.default_rng(11)\na = r.normal(size=(5, 7)) * 3\na[1, 2] = np.nan; a[3, 0] = np.inf; a[4, 6] = -np.inf; a[0, 5] = np.nan\nnp.save('{d}/a.npy', a)\nnp.save('{d}/b.npy', r.uniform(-2, 2, size=7))\nnp.save('{d}/i.npy', r.integers(-9, 9, size=(5, 7)))\nnp.save('{d}/s.npy', r.normal(size=(4, 4)))\nnp.save('{d}/p.npy', r.uniform(0.1, 5, size=(5, 7)))\n"
    );
    python(&make);
    // (chunks of the 2-d inputs, chunk of b, threads, sequential)
    let configs = [("(2, 3)", "3", 2, false), ("-1", "-1", 1, true)];
    for (ci, (c2, c1, threads, sequential)) in configs.iter().enumerate() {
        let mut script = format!(
            "a = load(\"{d}/a.npy\", chunks={c2})\nb = load(\"{d}/b.npy\", chunks={c1})\ni = load(\"{d}/i.npy\", chunks={c2})\ns = load(\"{d}/s.npy\", chunks={c2})\np = load(\"{d}/p.npy\", chunks={c2})\n"
        );
        for (k, e) in CASES.iter().enumerate() {
            let _ = writeln!(script, "save(\"{d}/out{ci}_{k}.npy\", {e})");
        }
        run_on(&script, *threads, *sequential, "families.arr");
    }
    let mut check = format!(
        "import numpy as np, sys\nfrom numpy import *\nfrom numpy.linalg import det, lstsq, pinv, matrix_rank, slogdet, svd\nrechunk = lambda x, c: x\na = np.load('{d}/a.npy'); b = np.load('{d}/b.npy'); i = np.load('{d}/i.npy'); s = np.load('{d}/s.npy'); p = np.load('{d}/p.npy')\nbad = 0\n"
    );
    for (k, e) in CASES.iter().enumerate() {
        for ci in 0..configs.len() {
            let _ = writeln!(
                check,
                "with np.errstate(all='ignore'):\n    want = np.asarray({e})\ngot = np.load('{d}/out{ci}_{k}.npy')\nif got.shape != want.shape or got.dtype != want.dtype or not np.allclose(got, want, rtol=(1e-6 if want.dtype == np.float32 else 1e-9), atol=1e-12, equal_nan=True):\n    bad += 1; print('MISMATCH', {ci}, {e:?}, got.dtype, want.dtype, got.shape, want.shape, got.ravel()[:6], want.ravel()[:6], file=sys.stderr)"
            );
        }
    }
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `x[idx] = scalar` and `x[a:b:c] = scalar` on rows of a 2-D array: the update tasks carry
/// the scalar, so the blocks held at once stay a few of x's 12.8 MB blocks on one worker
/// (before: the scalar broadcast to the selection's shape, 141 MB and 58 MB held here); the
/// values hand-computed (numpy compares the same forms on small arrays in UPDATES).
#[test]
fn scalar_updates_hold_no_selection_sized_block() {
    let cases = [
        (
            "x[arange(0, 40000, 2)] = 1.5\nx[3:40000:4] = 2",
            // 20000 even rows of 1.5, 10000 rows 3 mod 4 of 2, 400 columns
            20000.0 * 1.5 * 400.0 + 10000.0 * 2.0 * 400.0,
        ),
        (
            "x[[0, 2, 4, 39999]] = 1.5\nx[0:40000:4] = 2",
            // rows 0 mod 4 end as 2; rows 2 and 39999 keep 1.5
            10000.0 * 2.0 * 400.0 + 2.0 * 1.5 * 400.0,
        ),
    ];
    for (update, want) in cases {
        let script =
            format!("x = zeros((40000, 400), chunks=(4000, 400))\n{update}\nprint(x.sum())\n");
        // Sequential: the plan's order decides what is held, not the timing of a worker.
        let mut s = arrlang::session::Session::new(arrlang::session::Options {
            sequential: true,
            ..arrlang::session::Options::default()
        });
        let out = s.run(&script).map_err(|e| format!("{e:?}")).expect("runs");
        let got: f64 = out.trim().parse().expect("a number");
        assert_eq!(got, want, "{update}");
        let held = s.last_stats.peak_bytes;
        assert!(
            held < 40_000_000,
            "{update}: {held} bytes held at once (x's blocks are 12.8 MB, the selection 64 MB)"
        );
    }
}

/// `histogram(x, bins)` without `range=`: the edges come from a chunked min/max reduction
/// feeding the per-chunk counts, so no block near x's size is ever held (x is 8 MB in 80 KB
/// chunks). Hand-computed: arange(10^6) in 10 bins of width 99999.9 holds 10^5 in each.
#[test]
fn histogram_without_range_reduces_instead_of_materializing() {
    let script = "x = arange(1000000, chunks=10000)\nh, e = histogram(x, 10)\n\
                  print((h == 100000).all(), h.sum(), e[0], e[-1])\n";
    // Sequential: what a threaded run holds depends on timing (2-6 MB seen on one thread
    // worker); the plan's own order is what shows whether x is ever held whole.
    let mut s = arrlang::session::Session::new(arrlang::session::Options {
        sequential: true,
        ..arrlang::session::Options::default()
    });
    let out = s.run(script).map_err(|e| format!("{e:?}")).expect("runs");
    assert_eq!(out.trim(), "True 1000000 0.0 999999.0");
    let held = s.last_stats.peak_bytes;
    assert!(
        held < 2_000_000,
        "{held} bytes held at once (x is 8 MB, its chunks 80 KB)"
    );
}
