//! Zarr interop: stores written by zarr-python 3 (v2 and v3; blosc, zstd, gzip, crc32c,
//! big-endian, transpose, sharded) and by `xarray.to_zarr` are read with NumPy's (xarray's)
//! values and dims, whole and strided, on 1 and 2 workers; stores arrlang writes are read
//! back by zarr-python and `xarray.open_zarr`. Needs python3 with numpy, zarr 3 and xarray:
//! skipped (with a message) where absent, required on CI (`run-tests.sh` installs them).

use crate::common::{python, run_session as run, TempDir};
use arrlang::session::{Options, Session};
use std::process::Command;

fn zarr_python_available() -> bool {
    Command::new("python3")
        .args([
            "-c",
            "import numpy, xarray, zarr; assert int(zarr.__version__.split('.')[0]) >= 3",
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn skip() -> bool {
    if zarr_python_available() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have python3 with numpy, xarray and zarr>=3 (see run-tests.sh)"
    );
    eprintln!("skipped: python3 with zarr>=3/xarray is not available");
    true
}

/// arrlang source that prints whether `x` equals the reference `r` (NaN where `r` is NaN,
/// relative 1e-6 elsewhere: xarray unpacks in float32 where arrlang uses float64).
fn same(x: &str, r: &str) -> String {
    format!("print(((abs({x} - {r}) <= 1e-6 * abs({r})) | (isnan({x} * 1.0) & isnan({r} * 1.0))).all())")
}

#[test]
fn reads_stores_of_zarr_python_and_xarray() {
    if skip() {
        return;
    }
    let dir = TempDir::new("zarr-read");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/zarr_fixtures.py");
    let listing = Command::new("python3")
        .args([fixtures, &dir.0.display().to_string()])
        .output()
        .expect("python3 runs");
    assert!(
        listing.status.success(),
        "fixtures failed: {}",
        String::from_utf8_lossy(&listing.stderr)
    );
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    let mut n = 0;
    for line in listing.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let (case, var, dims) = (parts[0], parts[1], parts.get(2).copied().unwrap_or(""));
        let store = dir.path(&format!("{case}.zarr"));
        let reference = dir.path(&format!("{case}-{}.npy", var.replace('/', "-")));
        let ndim = if dims.is_empty() {
            2
        } else {
            dims.split(',').count()
        };
        // Blocks that cut stored chunks, and steps that skip whole chunks.
        let (chunks, strided) = match ndim {
            1 => ("(4,)", "[::-3]"),
            2 => ("(2, 5)", "[::2, 1::3]"),
            _ => ("(4, 3, 5)", "[1::4, ::-2, 2:8:3]"),
        };
        let src = format!(
            "x = load(\"{store}\", \"{var}\", chunks={chunks})\n\
             r = load(\"{reference}\")\n\
             {}\n{}\n{}\nprint(x.dims)\n",
            same("x", "r"),
            same(&format!("x{strided}"), &format!("r{strided}")),
            same(&format!("load(\"{store}\", \"{var}\")"), "r"),
        );
        for threads in [1, 2] {
            let out = run(&src, threads).unwrap_or_else(|e| panic!("{case} {var}: {e}"));
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(&lines[..3], ["True"; 3], "{case} {var}: {out}");
            if !dims.is_empty() {
                let want = format!(
                    "({})",
                    dims.split(',')
                        .map(|d| format!("'{d}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let want = if ndim == 1 {
                    want.replace(')', ",)")
                } else {
                    want
                };
                assert_eq!(lines[3], want, "{case} {var} dims");
            }
        }
        n += 1;
    }
    assert!(n >= 18, "only {n} fixture arrays: {listing}");
    // `vars` descends groups and lists every array of a store.
    let out = run(&format!("vars(\"{}\")", dir.path("v2-fill-group.zarr")), 1).unwrap();
    assert!(
        out.contains("inner/counts") && out.contains("(5, 4)") && out.contains("(5, 4)  int16"),
        "{out}"
    );
    assert!(
        out.contains("sparse") && out.contains("2 variables"),
        "{out}"
    );
    let out = run(&format!("vars(\"{}\")", dir.path("xarray-v3.zarr")), 1).unwrap();
    assert!(
        out.contains("packed") && out.contains("(lat, lon)") && out.contains("3 variables"),
        "{out}"
    );
}

#[test]
fn zarr_python_and_xarray_read_saved_stores() {
    if skip() {
        return;
    }
    let dir = TempDir::new("zarr-write");
    let z = dir.path("out.zarr");
    // Uneven blocks (rechunked to regular stored chunks on save), a coordinate, a boolean and
    // an integer array, a 0-d array, attributes of every kind, a group.
    let src = format!(
        r#"
x = arange(5 * 7 * 9, dtype=float32, chunks=50).reshape((5, 7, 9)).rechunk(((2, 2, 1), (3, 4), (4, 4, 1)))
t2m = sin(x / 10.0) * 20 + 273.15
save("{z}", "t2m", t2m, dims=("time", "lat", "lon"), attrs=(("units", "K"), ("long_name", "2 metre temperature"), ("scale", 0.5), ("count", 3), ("valid_range", (200.0, 350.0))))
save("{z}", "lat", linspace(-90, 90, 7, chunks=3), dims=("lat",), attrs=("units", "degrees_north"))
save("{z}", "mask", (arange(63, chunks=10).reshape((7, 9)) % 3) == 0, dims=("lat", "lon"), compress=False)
save("{z}", "total", t2m.sum(axis=0).astype(int64), dims=("lat", "lon"))
save("{z}", "stats/mean", t2m.mean())
"#
    );
    for threads in [1, 2] {
        run(&src, threads).unwrap();
        python(&format!(
            r#"
import numpy as np, xarray as xr, zarr
x = np.arange(5 * 7 * 9, dtype="f4").reshape((5, 7, 9))
t2m = (np.sin(x / np.float32(10.0)) * 20 + np.float32(273.15)).astype("f4")
g = zarr.open_group("{z}", mode="r")
a = g["t2m"]
assert a.shape == (5, 7, 9) and a.dtype == np.float32 and a.chunks == (2, 4, 4), (a.chunks,)
assert a.metadata.dimension_names == ("time", "lat", "lon")
assert a.attrs["units"] == "K" and a.attrs["count"] == 3 and a.attrs["valid_range"] == [200.0, 350.0]
np.testing.assert_allclose(a[:], t2m, rtol=1e-6)
assert g["stats/mean"].shape == () and abs(g["stats/mean"][()] - t2m.mean(dtype="f8")) < 1e-3
np.testing.assert_array_equal(g["total"][:], t2m.sum(axis=0, dtype="f4").astype("i8"))
assert g.metadata.consolidated_metadata is not None
assert set(g.metadata.consolidated_metadata.metadata) == {{"t2m", "lat", "mask", "total", "stats"}}
assert {{k for k, _ in g.members(max_depth=None)}} == {{"t2m", "lat", "mask", "total", "stats", "stats/mean"}}
d = xr.open_zarr("{z}", chunks=None)
assert d["t2m"].dims == ("time", "lat", "lon") and d["t2m"].attrs["units"] == "K"
assert list(d.coords) == ["lat"], list(d.coords)
np.testing.assert_array_equal(d["lat"].values, np.linspace(-90, 90, 7))
assert d["mask"].dtype == bool and d["mask"].dims == ("lat", "lon")
np.testing.assert_array_equal(d["mask"].values, (np.arange(63).reshape((7, 9)) % 3) == 0)
np.testing.assert_allclose(d["t2m"].values, t2m, rtol=1e-6)
"#
        ));
    }
    // Read back by arrlang too, with the dims it wrote.
    let out = run(
        &format!("y = load(\"{z}\", \"t2m\", chunks=(2, 4, 4))\nprint(y.dims)\nprint(y.chunks)\nprint(load(\"{z}\", \"total\").dtype)"),
        2,
    )
    .unwrap();
    assert_eq!(
        out,
        "('time', 'lat', 'lon')\n((2, 2, 1), (4, 3), (4, 4, 1))\nint64\n"
    );
}

#[test]
fn failed_run_leaves_no_store() {
    let dir = TempDir::new("zarr-fail");
    let input = dir.path("in.npy");
    let out = dir.path("out.zarr");
    run(&format!(r#"save("{input}", arange(100.0))"#), 2).unwrap();
    let mut s = Session::new(Options::default());
    s.exec(&format!(
        r#"save("{out}", "a", load("{input}", chunks=10) * 2)"#
    ))
    .unwrap();
    // The input disappears after the script is checked: the computation fails mid-run.
    std::fs::remove_file(&input).unwrap();
    assert!(s.flush().is_err());
    let left: Vec<_> = std::fs::read_dir(&dir.0).unwrap().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn saving_over_a_store_replaces_it_and_never_a_plain_directory() {
    let dir = TempDir::new("zarr-replace");
    let z = dir.path("a.zarr");
    run(&format!(r#"save("{z}", "x", arange(10.0, chunks=4))"#), 1).unwrap();
    run(&format!(r#"save("{z}", "y", ones((2, 3)))"#), 1).unwrap();
    let out = run(&format!(r#"vars("{z}")"#), 1).unwrap();
    assert!(out.contains("1 variable") && out.contains("y"), "{out}");
    let plain = dir.path("plain.zarr");
    std::fs::create_dir(&plain).unwrap();
    std::fs::write(dir.0.join("plain.zarr/keep.txt"), "mine").unwrap();
    let err = run(&format!(r#"save("{plain}", "x", ones(3))"#), 1).unwrap_err();
    assert!(err.contains("not a Zarr store"), "{err}");
    assert!(dir.0.join("plain.zarr/keep.txt").exists());
}
