//! NumPy parity for complex dtypes, Fourier transforms and eigendecompositions (issue 11):
//! every expression runs in arrlang over `.npy` inputs NumPy wrote (chunked (2, 3) on 2
//! threads, and in one chunk sequentially), is saved, and NumPy evaluates the same text and
//! compares values, shapes and dtypes. Eigenvectors are checked through `A v - v w` (their
//! sign and phase are the library's choice). Needs python3 with numpy: skipped (with a
//! message) where absent, required on CI.

use crate::common::{assert_check_passes, numpy_or_skip, python, run_on, TempDir};
use std::fmt::Write;

/// Expressions valid in both languages over c (5, 7) complex128, w (5, 7) complex64,
/// z (5, 7) complex128 with NaN parts, x (5, 7) float64, f (5, 7) float32, i (5, 7) int16,
/// s (4, 4) float64 and its symmetric part h.
const CASES: &[&str] = &[
    // promotion and arithmetic
    "c + x",
    "c * f",
    "w * f",
    "w + i",
    "w + x",
    "x + 1j",
    "f + 1j",
    "f * (2 - 1j)",
    "i * 2j",
    "c - w",
    "c / w",
    "c / x",
    "w / 3",
    "c ** 2",
    "c ** -1",
    "c ** 0.5",
    "c ** x",
    "2 ** c",
    "-c",
    // parts and elementwise functions
    "abs(c)",
    "abs(w)",
    "angle(c)",
    "angle(x)",
    "angle(c, deg=True)",
    "c.real",
    "w.imag",
    "real(x)",
    "imag(i)",
    "conj(w)",
    "c.conj()",
    "exp(c)",
    "exp(w)",
    "log(c)",
    "sqrt(c)",
    "sqrt(w)",
    "sin(c)",
    "cos(w)",
    "tan(c)",
    "sinh(c)",
    "cosh(c)",
    "tanh(c)",
    "arcsin(c)",
    "arccos(c)",
    "arctan(c)",
    "arcsinh(c)",
    "arctanh(c)",
    "log10(c)",
    "log2(c)",
    "exp2(c)",
    "expm1(c)",
    "log1p(c)",
    "sign(c)",
    "round(c * 10, 1)",
    "isnan(z)",
    "isfinite(z)",
    "isinf(z)",
    "where(x > 0, c, 1j)",
    "maximum(c, c[::-1])",
    "minimum(c, 0.5)",
    // comparisons (numpy orders complex lexicographically)
    "c == c[::-1]",
    "c != c",
    "c < c[::-1]",
    "c >= 0",
    // reductions and scans
    "c.sum()",
    "c.sum(axis=0)",
    "w.sum(axis=1)",
    "c.mean()",
    "c.mean(axis=1)",
    "w.mean(axis=0)",
    "c.var()",
    "c.std(axis=0)",
    "w.var(axis=1)",
    "c.var(ddof=1)",
    "c.prod(axis=0)",
    "cumsum(c, axis=1)",
    "cumprod(w, axis=0)",
    "nansum(z[:, :6])",
    "nanmean(z, axis=0)",
    "c.max()",
    "c.min(axis=0)",
    "c.argmax()",
    "c.argmin(axis=1)",
    "sort(c, axis=1)",
    "sort(z, axis=0)",
    // conversions
    "c.astype(float64)",
    "c.astype(complex64)",
    "w.astype(complex128)",
    "x.astype(complex128)",
    "i.astype(complex64)",
    "c.astype(int32)",
    "c.astype(bool)",
    // products
    "c @ c.T",
    "w @ w.T",
    "c @ x.T",
    "dot(c[0], w[1])",
    // Fourier transforms
    "fft(x)",
    "fft(c, axis=0)",
    "fft(w)",
    "fft(i)",
    "ifft(c, n=9)",
    "ifft(c, n=4, axis=0)",
    "rfft(x, n=6, norm='ortho')",
    "rfft(f, axis=0)",
    "irfft(c, axis=0)",
    "irfft(c, n=7, norm='forward')",
    "fft2(c)",
    "fftn(w)",
    "ifft2(x, s=(3, 4))",
    "fftn(c, axes=(0,))",
    "fftshift(c)",
    "ifftshift(x, axes=0)",
    "fftfreq(7, d=0.5)",
    "rfftfreq(10)",
    // eigendecompositions
    "sort(eigvals(s))",
    "sort(eig(s)[0])",
    "s @ eig(s)[1] - eig(s)[1] * eig(s)[0]",
    "(abs(eig(s)[1]) ** 2).sum(axis=0)",
    "eigvalsh(h)",
    "eigh(h)[0]",
    "h @ eigh(h)[1] - eigh(h)[1] * eigh(h)[0]",
    "eigh(h)[1].T @ eigh(h)[1]",
];

#[test]
fn complex_fft_and_eig_agree_with_numpy() {
    agree(
        "numpy-complex",
        "c = n() + 1j * n()\nnp.save(f'{d}/c.npy', c)\n\
         np.save(f'{d}/w.npy', (n() + 1j * n()).astype(np.complex64))\n\
         z = n() + 1j * n(); z[1, 2] = complex(np.nan, 1); z[3, 0] = complex(2, np.nan); z[0, 6] = complex(np.inf, 0)\n\
         np.save(f'{d}/z.npy', z)\n\
         np.save(f'{d}/x.npy', n())\nnp.save(f'{d}/f.npy', n().astype(np.float32))\n\
         np.save(f'{d}/i.npy', r.integers(-9, 9, size=(5, 7)).astype(np.int16))\n\
         s = r.normal(size=(4, 4))\nnp.save(f'{d}/s.npy', s)\nnp.save(f'{d}/h.npy', s + s.T)\n",
        &["c", "w", "z", "x", "f", "i", "s", "h"],
        CASES,
    );
}

/// Complex linear algebra over sc (4, 4) complex128, sw (4, 4) complex64, hp (4, 4)
/// Hermitian positive definite, tc (9, 3) complex128, tw (9, 3) complex64, wc (3, 8)
/// complex128, bc_1d (4,) and bm (4, 2) complex128, bw_1d (4,) complex64, yt_1d (9,)
/// complex128, x4_1d (4,) float64. Factors are compared through phase-free quantities
/// (products, magnitudes; full `u`/`vh` need the long axis in one chunk: in the golden test).
const LINALG_CASES: &[&str] = &[
    "solve(sc, bc_1d)",
    "solve(sc, bm)",
    "solve(sw, bw_1d)",
    "solve(sc, x4_1d)",
    "inv(sc)",
    "inv(sw)",
    "det(sc)",
    "det(sw)",
    "cholesky(hp)",
    "cholesky(hp.astype(complex64))",
    "abs(qr(tc)[1])",
    "qr(tc)[0] @ qr(tc)[1]",
    "qr(tw)[0] @ qr(tw)[1]",
    "qr(tc)[0].conj().T @ qr(tc)[0]",
    "svd(tc, full_matrices=False)[1]",
    "svd(tw, full_matrices=False)[1]",
    "abs(svd(tc, full_matrices=False)[2])",
    "abs(svd(tc, full_matrices=False)[0])",
    "svd(wc, full_matrices=False)[1]",
    "svd(wc, compute_uv=False)",
    "abs(svd(wc, full_matrices=False)[2])",
    "lstsq(tc, yt_1d)[0]",
    "lstsq(tc, yt_1d)[1].sum()",
    "lstsq(tc, yt_1d)[3]",
    "lstsq(tw, yt_1d.astype(complex64))[0]",
    "pinv(sc)",
    "pinv(tc)",
    "matrix_rank(sc)",
    "eigvalsh(hp)",
    "eigh(hp)[0]",
    "eigvalsh(hp.astype(complex64))",
    "hp @ eigh(hp)[1] - eigh(hp)[1] * eigh(hp)[0]",
    "eigh(hp)[1].conj().T @ eigh(hp)[1]",
    "sort(eigvals(sc))",
    "sc @ eig(sc)[1] - eig(sc)[1] * eig(sc)[0]",
    "eigvals(sw).sum()",
    "norm(sc)",
    "norm(bc_1d)",
    "norm(sc, 1)",
    "norm(sc, 2)",
    "norm(sc, 'nuc')",
    "norm(sw)",
    "slogdet(sc)[0]",
    "slogdet(sc)[1]",
];

#[test]
fn complex_linalg_agrees_with_numpy() {
    agree(
        "numpy-complex-linalg",
        "m = lambda *s: r.normal(size=s) + 1j * r.normal(size=s)\n\
         sc = m(4, 4)\nnp.save(f'{d}/sc.npy', sc)\nnp.save(f'{d}/sw.npy', m(4, 4).astype(np.complex64))\n\
         np.save(f'{d}/hp.npy', sc @ sc.conj().T + 4 * np.eye(4))\n\
         np.save(f'{d}/tc.npy', m(9, 3))\nnp.save(f'{d}/tw.npy', m(9, 3).astype(np.complex64))\n\
         np.save(f'{d}/wc.npy', m(3, 8))\nnp.save(f'{d}/bc_1d.npy', m(4))\nnp.save(f'{d}/bm.npy', m(4, 2))\n\
         np.save(f'{d}/bw_1d.npy', m(4).astype(np.complex64))\nnp.save(f'{d}/yt_1d.npy', m(9))\n\
         np.save(f'{d}/x4_1d.npy', r.normal(size=4))\n",
        &["sc", "sw", "hp", "tc", "tw", "wc", "bc_1d", "bm", "bw_1d", "yt_1d", "x4_1d"],
        LINALG_CASES,
    );
}

/// Runs `cases` in arrlang over the arrays `setup` saves (python with `np`, a generator `r`,
/// `n()` normal (5, 7) and the directory `d`), chunked (2, 3) on 2 threads and in one chunk
/// sequentially, and has NumPy compare values, shapes and dtypes.
/// Names ending in `_1d` are 1-d arrays (chunked by 2, or in one chunk).
fn agree(tag: &str, setup: &str, names: &[&str], cases: &[&str]) {
    if !numpy_or_skip() {
        return;
    }
    let dir = TempDir::new(tag);
    let d = dir.0.display().to_string();
    python(&format!(
        "import numpy as np\nr = np.random.default_rng(23)\nd = '{d}'\n\
         n = lambda: r.normal(size=(5, 7))\n{setup}"
    ));
    let configs = [("(2, 3)", "2", 2, false), ("-1", "-1", 1, true)];
    for (ci, (chunks, chunks_1d, threads, sequential)) in configs.iter().enumerate() {
        let mut script = String::new();
        for v in names {
            let c = if v.ends_with("_1d") {
                chunks_1d
            } else {
                chunks
            };
            let _ = writeln!(script, "{v} = load(\"{d}/{v}.npy\", chunks={c})");
        }
        for (k, e) in cases.iter().enumerate() {
            let _ = writeln!(script, "save(\"{d}/out{ci}_{k}.npy\", {e})");
        }
        run_on(&script, *threads, *sequential, "complex.arr");
    }
    let mut check = String::from(
        "import numpy as np, sys, warnings\nfrom numpy import *\nfrom numpy.fft import *\n\
         from numpy.linalg import solve, inv, det, cholesky, qr, svd, lstsq, pinv, matrix_rank, eig, eigh, eigvals, eigvalsh, norm, slogdet\nwarnings.simplefilter('ignore')\nbad = 0\n",
    );
    for v in names {
        let _ = writeln!(check, "{v} = np.load('{d}/{v}.npy')");
    }
    let _ = writeln!(check, "cases = {cases:?}");
    let _ = writeln!(
        check,
        "for k, e in enumerate(cases):\n    with np.errstate(all='ignore'):\n        want = np.asarray(eval(e))\n    single = want.dtype in (np.float32, np.complex64)\n    for ci in range({n}):\n        got = np.load(f'{d}/out{{ci}}_{{k}}.npy')\n        exact = want.dtype.kind in 'biu'\n        tol = dict(rtol=2e-5, atol=2e-5) if single else dict(rtol=1e-9, atol=1e-12)\n        if got.shape != want.shape or got.dtype != want.dtype or not (np.array_equal(got, want) if exact else np.allclose(got, want, equal_nan=True, **tol)):\n            bad += 1; print('MISMATCH', ci, e, got.dtype, want.dtype, got.shape, want.shape, got.ravel()[:4], want.ravel()[:4], file=sys.stderr)",
        n = configs.len()
    );
    check.push_str("print(bad)\n");
    assert_check_passes(&dir, &check, "numpy");
}
