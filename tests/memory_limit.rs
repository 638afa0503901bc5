//! `--memory-limit` bounds the process's real peak RSS (issue 15): representative workloads
//! on inputs four times the limit — a reduction over compressed netCDF files, a rechunk, a
//! matmul, a sort, an `imshow` — run in a child `arrlang` whose own high-water mark
//! (`/proc/PID/status` VmHWM, polled as in `spill.rs`) must stay under the limit plus
//! [`ALLOWANCE`]. Each result is checked against a value computed here or by NumPy.

use crate::common::{python, TempDir};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");

/// The limit every workload runs under.
const LIMIT_MB: usize = 300;

/// What the process holds besides the blocks the plan counts: the binary's own pages and
/// libraries (HDF5, Python-free), thread stacks, and the allocator's slack. Measured: an
/// `arrlang -e 1` run peaks at about 10 MB here.
const ALLOWANCE_MB: usize = 25;

/// Runs `script` under the limit on two threads: (exit code, stdout, stderr, peak RSS).
pub fn run_measured(
    script: &str,
    limit_mb: usize,
    spill: &std::path::Path,
) -> (i32, String, String, usize) {
    // Reaped with `libc::waitpid`/`wait4` below, which clippy does not see.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(BIN)
        .args([
            "--memory-limit",
            &format!("{limit_mb}MB"),
            "--threads",
            "2",
            "--no-progress",
        ])
        .args(["-e", script])
        .env("ARRLANG_SPILL_DIR", spill)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("arrlang starts");
    let pid = child.id() as libc::pid_t;
    let hwm = crate::common::poll_vmhwm(pid);
    let mut stdout = child.stdout.expect("piped");
    let mut stderr = child.stderr.expect("piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let mut status = 0;
    // SAFETY: waitpid reaps our own child.
    let r = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(r, pid, "waitpid failed");
    let peak = hwm.join().expect("VmHWM poll");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (
        code,
        out.join().expect("stdout"),
        err.join().expect("stderr"),
        peak,
    )
}

/// Runs a workload and checks its peak against the limit; returns its output.
fn within_limit(name: &str, script: &str) -> String {
    let spill = TempDir::new(&format!("memlimit-spill-{name}"));
    let (code, out, err, peak) = run_measured(script, LIMIT_MB, &spill.0);
    assert_eq!(code, 0, "{name}: {err}");
    let mb = peak as f64 / 1e6;
    eprintln!("{name}: peak RSS {mb:.0} MB under --memory-limit {LIMIT_MB}MB");
    assert!(peak > 1_000_000, "{name}: no peak RSS measured");
    assert!(
        peak <= (LIMIT_MB + ALLOWANCE_MB) * 1_000_000,
        "{name}: peak RSS {mb:.0} MB over the limit {LIMIT_MB} MB (+{ALLOWANCE_MB} MB)\n{err}"
    );
    out
}

fn numbers(out: &str) -> Vec<f64> {
    out.split(|c: char| !(c.is_ascii_digit() || ".-e+".contains(c)))
        .filter_map(|t| t.parse().ok())
        .collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1.0)
}

/// A mean over 24 zlib-compressed netCDF-4 files (1.2 GB of float32 once decoded).
#[test]
fn netcdf_reduction_keeps_the_limit() {
    if crate::netcdf_interop::skip() {
        return;
    }
    let dir = TempDir::new("memlimit-nc");
    let want = python(&format!(
        "import numpy as np, netCDF4\n\
         base = (np.arange(1000)[:, None] % 50 * 0.5 + np.arange(1250)[None, :] % 9).astype(np.float32)\n\
         total = 0.0\n\
         for k in range(24):\n\
         \x20   with netCDF4.Dataset('{d}/f%02d.nc' % k, 'w') as f:\n\
         \x20       f.createDimension('time', 10); f.createDimension('y', 1000); f.createDimension('x', 1250)\n\
         \x20       v = f.createVariable('t2m', 'f4', ('time', 'y', 'x'), zlib=True, complevel=1, chunksizes=(1, 1000, 1250))\n\
         \x20       for t in range(10):\n\
         \x20           a = base + np.float32(k * 10 + t)\n\
         \x20           v[t] = a\n\
         \x20           total += a.astype(np.float64).sum()\n\
         print(repr(float(total / (240 * 1000 * 1250))))",
        d = dir.0.display()
    ));
    let want: f64 = want.trim().parse().expect("a mean");
    let out = within_limit(
        "netcdf-mean",
        &format!("print(load(\"{}/f*.nc\", \"t2m\").mean())", dir.0.display()),
    );
    let got = numbers(&out)[0];
    assert!(close(got, want, 1e-9), "{got} vs {want}");
}

/// Row chunks to column chunks: every output chunk needs every input chunk (1.2 GB).
#[test]
fn rechunk_keeps_the_limit() {
    let (n, m) = (12000usize, 12500usize);
    let out = within_limit(
        "rechunk",
        &format!(
            "x = arange({n}, chunks=250)[:, None] * 1.0 + arange({m}, chunks={m})[None, :] * 0.001\n\
             print(rechunk(x, ({n}, 250)).sum(axis=0)[::2500])"
        ),
    );
    // Column j sums i + 0.001 j over i < n.
    let got = numbers(&out);
    assert_eq!(got.len(), 5, "{out}");
    for (k, g) in got.iter().enumerate() {
        let j = (k * 2500) as f64;
        let want = (n * (n - 1) / 2) as f64 + n as f64 * 0.001 * j;
        assert!(close(*g, want, 1e-9), "column {j}: {g} vs {want}");
    }
}

/// `(a @ b).sum()` with `a` 30000×5000 (1.2 GB).
#[test]
fn matmul_keeps_the_limit() {
    let out = within_limit(
        "matmul",
        "a = (arange(30000, chunks=1000)[:, None] % 7 + arange(5000, chunks=5000)[None, :] % 3) * 1.0\n\
         b = ones((5000, 500), chunks=(5000, 500))\n\
         print((a @ b).sum())",
    );
    let sum_a = 5000.0 * (0..30000).map(|i| (i % 7) as f64).sum::<f64>()
        + 30000.0 * (0..5000).map(|j| (j % 3) as f64).sum::<f64>();
    let got = numbers(&out)[0];
    assert!(
        close(got, 500.0 * sum_a, 1e-12),
        "{got} vs {}",
        500.0 * sum_a
    );
}

/// Sorting every column of a 40000×4000 int64 array (1.28 GB): each column is a
/// permutation of 0..40000, so sorted it is `arange(40000)`.
#[test]
fn sort_keeps_the_limit() {
    let out = within_limit(
        "sort",
        "x = (arange(40000, chunks=40000)[:, None] * 7919 + arange(4000, chunks=100)[None, :]) % 40000\n\
         s = sort(x, axis=0)\n\
         print(abs(s - arange(40000, chunks=40000)[:, None]).sum(), s[-1].min())",
    );
    assert_eq!(numbers(&out), vec![0.0, 39999.0], "{out}");
}

/// `imshow` of a 16000×20000 array (2.56 GB): streamed to its 2000×2500... block means.
#[test]
fn imshow_keeps_the_limit() {
    let dir = TempDir::new("memlimit-imshow");
    let png = dir.path("big.png");
    let out = within_limit(
        "imshow",
        &format!(
            "x = arange(16000, chunks=1000)[:, None] * 1.0 + arange(20000, chunks=2000)[None, :]\n\
             imshow(x, path=\"{png}\")"
        ),
    );
    // Blocks of 10: block (r, c) averages i + j over 10×10 elements.
    assert!(
        out.contains(
            "16000×20000 shown as 1600×2000 means of 10×10 blocks, viridis, vmin=0, vmax=3.6e+04"
        ),
        "{out}"
    );
    assert!(std::path::Path::new(&png).exists());
}

/// A Zarr store zarr-python 3 wrote in row chunks (1.2 GB of float32, zstd) saved into a
/// new store in column chunks: every output chunk needs every input chunk, so the rechunk
/// goes through the spill directory (a sharded temporary store). zarr-python reads the
/// result back and checks every value.
#[test]
fn zarr_rechunk_keeps_the_limit() {
    if crate::spill::skip() {
        return;
    }
    let dir = TempDir::new("memlimit-zarr");
    let (n, m) = (12000usize, 25000usize);
    // Values below 2^24 are exact in float32; rows differ, so a transposed or shifted
    // chunk is caught.
    let field = "(np.arange({r0}, {r1}, dtype=np.int64)[:, None] * 7919 + np.arange({c0}, {c1}, dtype=np.int64)[None, :]) % 16777213";
    let rows = |r0: &str, r1: &str, c0: &str, c1: &str| {
        field
            .replace("{r0}", r0)
            .replace("{r1}", r1)
            .replace("{c0}", c0)
            .replace("{c1}", c1)
    };
    python(&format!(
        "import numpy as np, zarr\n\
         z = zarr.create_array('{d}/in.zarr', shape=({n}, {m}), chunks=(100, {m}), dtype='f4')\n\
         for r in range(0, {n}, 100):\n\
         \x20   z[r:r + 100] = {f}\n",
        d = dir.0.display(),
        f = rows("r", "r + 100", "0", &m.to_string()),
    ));
    within_limit(
        "zarr-rechunk",
        &format!(
            "x = load(\"{d}/in.zarr\")\n\
             save(\"{d}/out.zarr\", \"x\", rechunk(x, ({n}, 250)))",
            d = dir.0.display()
        ),
    );
    let out = python(&format!(
        "import numpy as np, zarr\n\
         z = zarr.open_array('{d}/out.zarr', path='x', mode='r')\n\
         assert z.shape == ({n}, {m}) and z.chunks == ({n}, 250), (z.shape, z.chunks)\n\
         bad = 0\n\
         for c in range(0, {m}, 500):\n\
         \x20   bad += int((z[:, c:c + 500] != {f}).sum())\n\
         print(bad)",
        d = dir.0.display(),
        f = rows("0", &n.to_string(), "c", "c + 500"),
    ));
    assert_eq!(out.trim(), "0", "values differ from NumPy's");
}
