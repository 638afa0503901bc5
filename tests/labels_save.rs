//! `save` of labelled arrays: a netCDF-4 file and a Zarr store that xarray reopens with the
//! same dimensions, coordinates (values and attributes), decoded times and attributes as
//! xarray's own selection of the source file (tests/data/labels, CMOR-like and noleap files).
//! Needs python3 with numpy, netCDF4, xarray and zarr: skipped where absent, required on CI.

use crate::common::{python, run_session as run, skip_without_python, TempDir};

fn skip() -> bool {
    skip_without_python(
        "import numpy, netCDF4, xarray, zarr",
        "numpy, netCDF4, xarray and zarr",
    )
}

/// Python that compares saved variable `got` with xarray's `want` (dims, coordinate values,
/// coordinate attributes, decoded times and their encoding, attributes, values).
const SAME: &str = r#"
import numpy as np, xarray as xr
def same_attrs(a, b):
    assert set(a) == set(b) and all(np.array_equal(a[k], b[k]) for k in a), (a, b)
def same(got, want, coords):
    assert got.dims == want.dims, (got.dims, want.dims)
    assert set(got.coords) == set(coords), (list(got.coords), coords)
    for k in coords:
        assert got[k].dims == want[k].dims, k
        assert list(got[k].values) == list(want[k].values), (k, got[k].values, want[k].values)
        same_attrs(got[k].attrs, want[k].attrs)
        for e in ("units", "calendar"):
            assert got[k].encoding.get(e) == want[k].encoding.get(e), (k, e, got[k].encoding)
    same_attrs(got.attrs, want.attrs)
    np.testing.assert_allclose(got.values, want.values, rtol=1e-6)
"#;

#[test]
fn saved_selections_reopen_in_xarray_with_their_coordinates_and_times() {
    if skip() {
        return;
    }
    let dir = TempDir::new("labels-save");
    let (nc, zr, nl) = (dir.path("ta.nc"), dir.path("ta.zarr"), dir.path("pr.nc"));
    let cmor = "tests/data/labels/cmor.nc";
    let noleap = "tests/data/labels/noleap.nc";
    // Reversed pressure levels, a longitude slice, a time step dropped by a reduction.
    run(
        &format!(
            r#"
ta = load("{cmor}", "ta")[:, ::-1, :, 1:4]
save("{nc}", "ta", ta)
save("{nc}", "tmean", ta.mean("time"))
save("{zr}", "ta", ta)
save("{nl}", "pr", load("{noleap}", "pr")[1:])
"#
        ),
        2,
    )
    .unwrap();
    python(&format!(
        r#"{SAME}
src = xr.open_dataset("{cmor}")
want = src.ta[:, ::-1, :, 1:4]
coords = ["time", "plev", "lat", "lon"]
same(xr.open_dataset("{nc}").ta, want, coords)
same(xr.open_dataset("{nc}").tmean, want.mean("time", skipna=False), coords[1:])
same(xr.open_zarr("{zr}", chunks=None).ta, want, coords)
pr = xr.open_dataset("{noleap}", use_cftime=True).pr[1:]
got = xr.open_dataset("{nl}", use_cftime=True).pr
same(got, pr, ["time"])
assert got.time.encoding["calendar"] == "noleap"
"#
    ));
}
