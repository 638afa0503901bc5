"""xarray DataArrays in and out: dims, coordinates, attributes and names through arrlang's
labels, checked against xarray doing the same operations."""

import numpy as np
import pandas as pd
import pytest

import arrlang

xr = pytest.importorskip("xarray")


def field():
    rng = np.random.default_rng(1)
    return xr.DataArray(
        rng.standard_normal((8, 5, 6)).astype(np.float32) + 280,
        dims=("time", "lat", "lon"),
        coords={
            "time": pd.date_range("2000-01-01", periods=8, freq="6h"),
            "lat": np.linspace(-60, 60, 5),
            "lon": np.arange(6) * 60.0,
        },
        name="t2m",
        attrs={"units": "K", "long_name": "2 metre temperature"},
    )


def test_dataarray_in_dataarray_out_reduction():
    t = field()
    got = arrlang.run('t.mean("time")', t=t, chunks=(3, 5, 6))
    want = t.mean("time")
    assert isinstance(got, xr.DataArray)
    assert got.dims == ("lat", "lon") and got.name == "t2m"
    np.testing.assert_allclose(got.values, want.values, rtol=1e-6)
    np.testing.assert_array_equal(got["lat"].values, t["lat"].values)
    np.testing.assert_array_equal(got["lon"].values, t["lon"].values)
    assert got.attrs["units"] == "K"


def test_slicing_keeps_sliced_coordinates_and_times():
    t = field()
    got = arrlang.run("t[::2, 1:4, ::-1]", t=t, chunks=3)
    want = t[::2, 1:4, ::-1]
    assert got.dims == want.dims
    np.testing.assert_array_equal(got.values, want.values)
    for d in ("time", "lat", "lon"):
        np.testing.assert_array_equal(got[d].values, want[d].values)
    assert got["time"].dtype.kind == "M"


def test_sel_on_a_coordinate():
    t = field()
    got = arrlang.run("t.sel(lat=slice(-30, 30))", t=t)
    want = t.sel(lat=slice(-30, 30))
    np.testing.assert_array_equal(got.values, want.values)
    np.testing.assert_array_equal(got["lat"].values, want["lat"].values)


def test_anomaly_keeps_units_square_drops_them():
    t = field()
    anom = arrlang.run('t - t.mean("time")', t=t)
    np.testing.assert_allclose(anom.values, (t - t.mean("time")).values, rtol=1e-5, atol=1e-4)
    assert anom.attrs.get("units") == "K"
    sq = arrlang.run("t * t", t=t)
    assert "units" not in sq.attrs


def test_xarray_false_gives_numpy_and_true_wraps_plain_results():
    t = field()
    got = arrlang.run('t.mean("time")', t=t, xarray=False)
    assert isinstance(got, np.ndarray) and got.shape == (5, 6)
    got = arrlang.run("x + 1", x=np.arange(3.0), xarray=True)
    assert isinstance(got, xr.DataArray) and got.dims == ("dim_0",)
    np.testing.assert_array_equal(got.values, [1.0, 2.0, 3.0])


def test_plain_numpy_stays_numpy():
    got = arrlang.run("x + 1", x=np.arange(3.0))
    assert type(got) is np.ndarray


def test_dims_only_dataarray():
    a = xr.DataArray(np.arange(12.0).reshape(3, 4), dims=("y", "x"))
    got = arrlang.run('a.sum("y")', a=a)
    assert isinstance(got, xr.DataArray) and got.dims == ("x",)
    np.testing.assert_array_equal(got.values, a.sum("y").values)
