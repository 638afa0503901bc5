//! netCDF-4 interop: files `save` writes are read back by netCDF4-python (the netCDF C
//! library) and xarray, which must see the same values (checked against NumPy computing the
//! same expressions), dimensions and attributes. Needs python3 with numpy, netCDF4 and xarray:
//! skipped (with a message) where absent, required on CI (`run-tests.sh` installs them).

use crate::common::{python, run_session as run, skip_without_python, TempDir};
use arrlang::session::{Options, Session};

pub fn skip() -> bool {
    skip_without_python(
        "import numpy, netCDF4, xarray, h5py",
        "numpy, netCDF4, xarray and h5py",
    )
}

#[test]
fn netcdf4_python_and_xarray_read_saved_files() {
    if skip() {
        return;
    }
    let dir = TempDir::new("nc4-interop");
    let f = dir.path("out.nc");
    let h = dir.path("plain.h5");
    // Several variables in one file share dimensions; `lat` is a coordinate variable; chunks
    // are uneven so blocks land at every kind of offset; `t2m` is compressed.
    let src = format!(
        r#"
x = arange(5 * 7 * 9, dtype=float32, chunks=50).reshape((5, 7, 9)).rechunk((2, 3, 4))
t2m = sin(x / 10.0) * 20 + 273.15
save("{f}", "t2m", t2m, dims=("time", "lat", "lon"), attrs=(("units", "K"), ("long_name", "2 metre temperature"), ("scale", 0.5), ("count", 3), ("valid_range", (200.0, 350.0))), compress=True)
save("{f}", "lat", linspace(-90, 90, 7, chunks=3), dims=("lat",), attrs=("units", "degrees_north"))
save("{f}", "mask", (arange(63, chunks=10).reshape((7, 9)) % 3) == 0, dims=("lat", "lon"))
save("{f}", "total", t2m.sum(axis=0).astype(int64), dims=("lat", "lon"))
save("{f}", "mean", t2m.mean())
save("{h}", "y", arange(12, dtype=int32, chunks=5).reshape((3, 4)))
"#
    );
    for threads in [1, 2] {
        let _ = std::fs::remove_file(&f);
        run(&src, threads).unwrap();
        python(&format!(
            r#"
import numpy as np, netCDF4, xarray as xr
x = np.arange(5 * 7 * 9, dtype="f4").reshape((5, 7, 9))
t2m = (np.sin(x / np.float32(10.0)) * 20 + 273.15).astype("f4")
with netCDF4.Dataset("{f}") as ds:
    assert list(ds.dimensions) == ["time", "lat", "lon"], list(ds.dimensions)
    assert [len(d) for d in ds.dimensions.values()] == [5, 7, 9]
    v = ds["t2m"]
    assert v.dimensions == ("time", "lat", "lon") and v.dtype == np.float32
    assert v.units == "K" and v.long_name == "2 metre temperature", v.ncattrs()
    assert v.getncattr("scale") == 0.5 and v.getncattr("count") == 3 and list(v.valid_range) == [200.0, 350.0]
    assert v.filters()["zlib"] and v.filters()["shuffle"] and v.chunking() == [2, 3, 4]
    v.set_auto_maskandscale(False)
    np.testing.assert_allclose(v[:], t2m, rtol=1e-6)
    assert ds["lat"].dimensions == ("lat",) and ds["lat"].units == "degrees_north"
    np.testing.assert_array_equal(ds["lat"][:], np.linspace(-90, 90, 7))
    assert ds["total"].dtype == np.int64
    np.testing.assert_array_equal(ds["total"][:], t2m.sum(axis=0, dtype="f4").astype("i8"))
    assert ds["mean"].dimensions == () and abs(ds["mean"][...] - t2m.mean(dtype="f8")) < 1e-3
a = xr.open_dataset("{f}")
assert a["t2m"].dims == ("time", "lat", "lon") and a["t2m"].attrs["units"] == "K"
assert list(a.coords) == ["lat"], list(a.coords)
np.testing.assert_array_equal(a["lat"].values, np.linspace(-90, 90, 7))
assert a["mask"].dtype == bool and a["mask"].dims == ("lat", "lon")
np.testing.assert_array_equal(a["mask"].values, (np.arange(63).reshape((7, 9)) % 3) == 0)
np.testing.assert_allclose(a["t2m"].values, t2m, rtol=1e-6)
b = xr.open_dataset("{h}")
assert b["y"].dims == ("dim_0", "dim_1") and b["y"].dtype == np.int32
np.testing.assert_array_equal(b["y"].values, np.arange(12).reshape((3, 4)))
"#
        ));
    }
}

#[test]
fn saved_results_keep_their_attributes_but_not_the_source_packing() {
    if skip() {
        return;
    }
    let dir = TempDir::new("nc4-attrs");
    let out = dir.path("mean.nc");
    // nc4-packed.nc's t2m is int16 with scale_factor/add_offset/_FillValue and units "K":
    // the mean is in kelvin, unpacked, so `units` stays and the packing attributes go.
    run(
        &format!(r#"save("{out}", "t2m", load("tests/data/nc4-packed.nc", "t2m").mean(0))"#),
        2,
    )
    .unwrap();
    python(&format!(
        r#"
import numpy as np, xarray as xr
src = xr.open_dataset("tests/data/nc4-packed.nc").t2m
got = xr.open_dataset("{out}").t2m
assert dict(got.attrs) == {{"units": src.attrs["units"]}}, got.attrs
assert "scale_factor" not in got.encoding and "add_offset" not in got.encoding, got.encoding
np.testing.assert_allclose(got.values, src.mean(src.dims[0], skipna=False).values, rtol=1e-12)
"#
    ));
}

#[test]
fn failed_run_leaves_no_file() {
    let dir = TempDir::new("nc4-fail");
    let input = dir.path("in.npy");
    let out = dir.path("out.nc");
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
fn climatology_example_matches_xarray_and_reopens_with_its_labels() {
    if skip() {
        return;
    }
    let dir = TempDir::new("nc4-climatology");
    let root = env!("CARGO_MANIFEST_DIR");
    for script in ["make_monthly.arr", "climatology.arr"] {
        let src = std::fs::read_to_string(format!("{root}/examples/{script}"))
            .expect("example")
            .replace("\"data/", &format!("\"{}/", dir.0.display()))
            .replace("\"out/", &format!("\"{}/", dir.0.display()));
        run(&src, 2).unwrap_or_else(|e| panic!("{script}: {e}"));
    }
    // xarray computes the same climatology and anomalies from the files make_monthly wrote,
    // and reopens what climatology.arr saved with the same coordinates, dates and attributes.
    python(&format!(
        r#"
import glob, numpy as np, xarray as xr
d = "{d}"
x = xr.concat([xr.open_dataset(f)["tas"] for f in sorted(glob.glob(d + "/monthly-*.nc"))], "time")
clim = x.groupby("time.month").mean()
c = xr.open_dataset(d + "/climatology.nc")["tas"]
assert c.dims == ("month", "lat", "lon"), c.dims
assert (c.month.values == np.arange(1, 13)).all()
assert (c.lat.values == x.lat.values).all() and (c.lon.values == x.lon.values).all()
assert c.attrs["units"] == "K" and c.attrs["long_name"] == "Near-Surface Air Temperature"
assert c.lat.attrs["units"] == "degrees_north"
np.testing.assert_allclose(c.values, clim.values, rtol=0, atol=1e-4)
anom = (x.groupby("time.month") - clim).sel(time="2004")
a = xr.open_dataset(d + "/anomaly-2004.nc")["tas"]
assert list(a.time.values) == list(anom.time.values), (a.time.values, anom.time.values)
assert a.time.encoding["calendar"] == "noleap"
assert a.time.encoding["units"] == "days since 2000-01-01", a.time.encoding
assert set(a.coords) == {{"time", "lat", "lon"}}, a.coords
assert a.time.attrs == {{"standard_name": "time"}}, a.time.attrs
np.testing.assert_allclose(a.values, anom.values, rtol=0, atol=1e-4)
# The saved files' coordinate variables came with `save` of the data alone.
assert set(c.coords) == {{"month", "lat", "lon"}}, c.coords
assert c.lon.attrs == x.lon.attrs and c.lat.attrs == x.lat.attrs, (c.lat.attrs, x.lat.attrs)
z = xr.open_zarr(d + "/climatology.zarr", chunks=None)["tas"]
assert z.dims == c.dims and set(z.coords) == set(c.coords), (z.dims, z.coords)
for k in ("month", "lat", "lon"):
    assert (z[k].values == c[k].values).all() and z[k].attrs == c[k].attrs, k
assert z.attrs == c.attrs, (z.attrs, c.attrs)
np.testing.assert_array_equal(z.values, c.values)
"#,
        d = dir.0.display()
    ));
}

/// Every storage layout arrlang reads itself, outside HDF5 (contiguous storage: positional
/// reads, short rows grouped whole; chunked uncompressed and deflate+shuffle chunks, whole
/// or cut by the user's chunks), gives netCDF4-python's values bit for bit: whole variables
/// and slices with steps, negative steps and single indices.
#[test]
fn uncompressed_and_compressed_layouts_read_as_netcdf4_python() {
    if skip() {
        return;
    }
    let dir = TempDir::new("nc4-layouts");
    let f = dir.path("layouts.nc");
    python(&format!(
        r#"
import numpy as np, netCDF4
rng = np.random.default_rng(7)
with netCDF4.Dataset("{f}", "w") as ds:
    for d, n in [("t", 6), ("y", 7), ("x", 50), ("w", 5000)]:
        ds.createDimension(d, n)
    a = rng.normal(280, 20, (6, 7, 50))
    ds.createVariable("cont", "f4", ("t", "y", "x"), contiguous=True)[:] = a
    ds.createVariable("chunked", "f4", ("t", "y", "x"), chunksizes=(4, 3, 16))[:] = a
    ds.createVariable("deflated", "f8", ("t", "y", "x"), zlib=True, shuffle=True,
                      chunksizes=(1, 7, 50))[:] = a
    p = ds.createVariable("packed", "i2", ("t", "y", "x"), zlib=True, shuffle=True,
                          chunksizes=(3, 7, 25))
    p.scale_factor, p.add_offset = 0.01, 280.0
    p[:] = a
    ds.createVariable("wide", "f8", ("t", "w"), contiguous=True)[:] = rng.normal(0, 1, (6, 5000))
"#
    ));
    let out = |v: &str, k: usize| dir.path(&format!("{v}-{k}.npy"));
    let cube = [
        "[:, :, :]",
        "[::-2, 1:6, 3::7]",
        "[4]",
        "[1:5, :, 7:9]",
        "[:, 6, ::-3]",
    ];
    let plane = ["[:, :]", "[::-2, 3::7]", "[4]", "[1:5, 4990:]", "[2, ::-3]"];
    let vars = [
        ("cont", "(4, 3, 16)"),
        ("chunked", "(3, 2, 20)"),
        ("deflated", "(2, 7, 50)"),
        ("packed", "(3, 4, 10)"),
        ("wide", "(4, 700)"),
    ];
    let mut src = String::new();
    for (v, chunks) in vars {
        src += &format!("{v} = load(\"{f}\", \"{v}\", chunks={chunks})\n");
        let slices = if v == "wide" { plane } else { cube };
        for (k, s) in slices.iter().enumerate() {
            src += &format!("save(\"{}\", {v}{s})\n", out(v, k));
        }
    }
    run(&src, 2).unwrap();
    python(&format!(
        r#"
import numpy as np, netCDF4
with netCDF4.Dataset("{f}") as ds:
    for v in ["cont", "chunked", "deflated", "packed", "wide"]:
        for k, s in enumerate({plane:?} if v == "wide" else {cube:?}):
            want = np.asarray(eval("ds[v]" + s))
            got = np.load("{d}/%s-%d.npy" % (v, k))
            assert got.dtype == want.dtype and got.shape == want.shape, (v, s, got.dtype, want.dtype, got.shape, want.shape)
            assert np.array_equal(got, want), (v, s, np.abs(got - want).max())
"#,
        d = dir.0.display()
    ));
}
