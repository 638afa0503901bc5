//! Interop of the small integer dtypes and of packed netCDF variables (issue 11): files
//! arrlang writes (netCDF-4, Zarr) are read by netCDF4-python, xarray and zarr-python with the
//! same dtypes and values NumPy computes; files netCDF4-python writes are read by arrlang. A
//! packed int16 `save(..., encoding=...)` unpacks in netCDF4-python and xarray to the values
//! saved. Needs python3 with numpy, netCDF4, xarray and zarr>=3: skipped (with a message)
//! where absent, required on CI (`run-tests.sh` installs them).

use crate::common::{python, run_session as run, skip_without_python, TempDir};

const INTS: [&str; 8] = [
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
];

fn skip() -> bool {
    skip_without_python(
        "import numpy, netCDF4, xarray, zarr; assert int(zarr.__version__.split('.')[0]) >= 3",
        "numpy, netCDF4, xarray and zarr>=3",
    )
}

#[test]
fn integer_dtypes_round_trip_through_netcdf_and_zarr() {
    if skip() {
        return;
    }
    let dir = TempDir::new("dtype-interop");
    let (nc, zr, theirs) = (
        dir.path("ints.nc"),
        dir.path("ints.zarr"),
        dir.path("theirs.nc"),
    );
    // Values that wrap in the narrow types: numpy computes the same expression below.
    let mut src = String::new();
    for d in INTS {
        let e = format!("(arange(12, chunks=5).reshape((3, 4)).astype({d}) * 37 - 100)");
        src.push_str(&format!(
            "save(\"{nc}\", \"v_{d}\", {e}, dims=(\"a\", \"b\"))\nsave(\"{zr}\", \"v_{d}\", {e}, dims=(\"a\", \"b\"))\n"
        ));
    }
    for threads in [1, 2] {
        run(&src, threads).unwrap();
        let out = python(&format!(
            r#"
import numpy as np, netCDF4, xarray as xr, zarr
bad = 0
z = zarr.open_group("{zr}", mode="r")
xd = xr.open_dataset("{nc}")
with netCDF4.Dataset("{nc}") as ds:
    for d in {INTS:?}:
        with np.errstate(all="ignore"):
            want = np.arange(12).reshape((3, 4)).astype(d) * 37 - 100
        for name, got in (("netCDF4", ds["v_" + d][:]), ("xarray", xd["v_" + d].values), ("zarr", z["v_" + d][:])):
            got = np.asarray(got)
            if got.dtype != want.dtype or not np.array_equal(got, want):
                bad += 1; print(name, d, got.dtype, got.ravel()[:5], want.ravel()[:5])
print(bad)
"#
        ));
        assert_eq!(out.lines().last(), Some("0"), "{out}");
    }
    // The other way: netCDF4-python writes every integer type, arrlang reads each unchanged.
    python(&format!(
        r#"
import numpy as np, netCDF4
with netCDF4.Dataset("{theirs}", "w") as ds:
    ds.createDimension("n", 5)
    for d in {INTS:?}:
        info = np.iinfo(d)
        v = ds.createVariable("v_" + d, d, ("n",))
        v.set_auto_maskandscale(False)
        v[:] = np.array([info.min, info.min + 1, 0, info.max - 1, info.max], dtype=d)
"#
    ));
    let mut check = String::new();
    for d in INTS {
        check.push_str(&format!(
            "x = load(\"{theirs}\", \"v_{d}\", chunks=2)\nprint(x.dtype, x.min() == iinfo_min_{d}, (x[1:4] == x[1:4]).all())\nsave(\"{}\", x)\n",
            dir.path(&format!("back_{d}.npy"))
        ));
    }
    // The minima as arrlang can write them (uint64's max is beyond a Python-int literal).
    let mins: String = INTS
        .iter()
        .map(|d| {
            let m = match *d {
                "int8" => "-128",
                "int16" => "-32768",
                "int32" => "-2147483648",
                "int64" => "-2**62 * 2",
                _ => "0",
            };
            format!("iinfo_min_{d} = {m}\n")
        })
        .collect();
    let out = run(&format!("{mins}{check}"), 2).unwrap();
    let want: Vec<String> = INTS.iter().map(|d| format!("{d} True True")).collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), want, "{out}");
    let out = python(&format!(
        r#"
import numpy as np
bad = 0
for d in {INTS:?}:
    info = np.iinfo(d)
    want = np.array([info.min, info.min + 1, 0, info.max - 1, info.max], dtype=d)
    got = np.load("{}/back_" + d + ".npy")
    if got.dtype != want.dtype or not np.array_equal(got, want):
        bad += 1; print(d, got, want)
print(bad)
"#,
        dir.0.display()
    ));
    assert_eq!(out.lines().last(), Some("0"), "{out}");
}

#[test]
fn packed_int16_saves_unpack_in_netcdf4_and_xarray() {
    if skip() {
        return;
    }
    let dir = TempDir::new("packed-save");
    let f = dir.path("packed.nc");
    let src = format!(
        r#"
x = linspace(250, 310, 60, chunks=7).reshape((6, 10)).rechunk((4, 3))
x = where(x > 300, nan, x)
save("{f}", "t2m", x, dims=("y", "x"), attrs=(("units", "K"),), encoding=(("dtype", int16), ("scale_factor", 0.01), ("add_offset", 280.0)))
save("{f}", "small", x.astype(float32), dims=("y", "x"), encoding=(("dtype", uint8), ("scale_factor", 0.25), ("add_offset", 250.0), ("_FillValue", 255)))
"#
    );
    run(&src, 2).unwrap();
    let out = python(&format!(
        r#"
import numpy as np, netCDF4, xarray as xr
x = np.linspace(250, 310, 60).reshape((6, 10))
x[x > 300] = np.nan
bad = 0
with netCDF4.Dataset("{f}") as ds:
    v = ds["t2m"]
    assert v.dtype == np.int16, v.dtype
    assert v.scale_factor == 0.01 and v.add_offset == 280.0 and v._FillValue == -32767, v.ncattrs()
    assert v.units == "K"
    got = v[:]
    # packed as xarray packs: round((x - 280) / 0.01), NaN as the fill value
    want = np.round((x - 280.0) / 0.01) * 0.01 + 280.0
    if not (np.array_equal(np.ma.getmaskarray(got), np.isnan(x)) and np.allclose(got.filled(np.nan), want, atol=1e-9, equal_nan=True)):
        bad += 1; print("netCDF4 t2m", got)
    v.set_auto_maskandscale(False)
    raw = v[:]
    want_raw = np.where(np.isnan(x), -32767, np.round((x - 280.0) / 0.01)).astype(np.int16)
    if not np.array_equal(raw, want_raw):
        bad += 1; print("raw", raw, want_raw)
    s = ds["small"]
    assert s.dtype == np.uint8 and s._FillValue == 255
    got = s[:]
    xs = x.astype(np.float32).astype(np.float64)
    want = np.round((xs - 250.0) / 0.25) * 0.25 + 250.0
    if not (np.array_equal(np.ma.getmaskarray(got), np.isnan(x)) and np.allclose(got.filled(np.nan), want, atol=1e-9, equal_nan=True)):
        bad += 1; print("netCDF4 small", got)
xd = xr.open_dataset("{f}")
if not np.allclose(xd["t2m"].values, np.round((x - 280.0) / 0.01) * 0.01 + 280.0, atol=1e-9, equal_nan=True) or xd["t2m"].encoding["dtype"] != np.int16:
    bad += 1; print("xarray", xd["t2m"].values)
print(bad)
"#
    ));
    assert_eq!(out.lines().last(), Some("0"), "{out}");
    // arrlang reads its own packed file back unpacked, within half a packing step.
    let out = run(
        &format!(
            "x = linspace(250, 310, 60).reshape((6, 10))\nx = where(x > 300, nan, x)\ny = load(\"{f}\", \"t2m\")\nprint(y.dtype, (isnan(y) == isnan(x)).all(), nanmax(abs(y - x)) <= 0.005)\n"
        ),
        1,
    )
    .unwrap();
    assert_eq!(out.trim(), "float64 True True", "{out}");
}
