"""Fixtures for labelled-array expressions (sel, groupby, resample, anomalies), written by
netCDF-C through netCDF4-python, and the values xarray computes from them, as .npy files
beside them (tests/data/labelx/), so arrlang's results are checked against xarray's.

Run: python3 tests/data/make_labelx_fixtures.py   (needs numpy, netCDF4, xarray)
The outputs are committed; rerun only to change the fixtures.
"""
import os
import sys
import datetime
import numpy as np
import netCDF4
import xarray as xr

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "labelx")
os.makedirs(HERE, exist_ok=True)
LAT = np.arange(-80, 81, 20, dtype="f4")          # ascending, as real files store it
LON = np.arange(0, 360, 30, dtype="f4")
YEARS = [2000, 2001, 2002, 2003]


def field(t, nlat, nlon, seed):
    rng = np.random.default_rng(seed)
    lat = np.linspace(-80, 80, nlat)[None, :, None]
    season = np.cos(2 * np.pi * t / 365.25)[:, None, None]
    base = 288 - 30 * np.sin(np.deg2rad(lat)) ** 2 + 10 * season * np.sin(np.deg2rad(lat))
    return (base + rng.normal(0, 1, (len(t), nlat, nlon))).astype("f4")


def monthly(year):
    """One year of monthly means, time at mid-month in days since 2000-01-01."""
    path = os.path.join(HERE, f"monthly-{year}.nc")
    start = netCDF4.date2num(
        [datetime.datetime(year, m, 15) for m in range(1, 13)],
        "days since 2000-01-01", "standard")
    with netCDF4.Dataset(path, "w", format="NETCDF4") as ds:
        ds.createDimension("time", None)
        ds.createDimension("lat", len(LAT))
        ds.createDimension("lon", len(LON))
        t = ds.createVariable("time", "f8", ("time",))
        t.units = "days since 2000-01-01"
        t.calendar = "standard"
        t.standard_name = "time"
        t[:] = start
        la = ds.createVariable("lat", "f4", ("lat",))
        la.units = "degrees_north"
        la.standard_name = "latitude"
        la[:] = LAT
        lo = ds.createVariable("lon", "f4", ("lon",))
        lo.units = "degrees_east"
        lo.standard_name = "longitude"
        lo[:] = LON
        v = ds.createVariable("tas", "f4", ("time", "lat", "lon"), zlib=True,
                              chunksizes=(1, len(LAT), len(LON)))
        v.units = "K"
        v.long_name = "Near-Surface Air Temperature"
        v.standard_name = "air_temperature"
        v[:] = field(np.asarray(start), len(LAT), len(LON), year)


def sixhourly():
    """60 days of 6-hourly values in the noleap calendar, from 2001-02-20 (over the end of
    February, which has no 29th)."""
    path = os.path.join(HERE, "sixhourly-noleap.nc")
    n = 60 * 4
    with netCDF4.Dataset(path, "w", format="NETCDF4") as ds:
        ds.createDimension("time", n)
        ds.createDimension("y", 3)
        ds.createDimension("x", 4)
        t = ds.createVariable("time", "i4", ("time",))
        t.units = "hours since 2001-02-20 00:00:00"
        t.calendar = "noleap"
        t[:] = np.arange(n) * 6
        v = ds.createVariable("pr", "f8", ("time", "y", "x"))
        v.units = "kg m-2 s-1"
        rng = np.random.default_rng(7)
        v[:] = rng.gamma(2.0, 1.0, (n, 3, 4))


def save(name, a):
    np.save(os.path.join(HERE, name + ".npy"), np.asarray(a))


def expected():
    x = xr.concat([xr.open_dataset(os.path.join(HERE, f"monthly-{y}.nc"))["tas"]
                   for y in YEARS], "time")
    g = x.groupby("time.month")
    for op in ["mean", "std", "min", "max", "sum"]:
        save(f"clim-{op}", getattr(g, op)())
    save("clim-month", g.mean().month)
    save("season-mean", x.groupby("time.season").mean())
    save("year-mean", x.groupby("time.year").mean())
    clim = g.mean()
    anom = x.groupby("time.month") - clim
    save("anom", anom)
    save("anom-last", anom.isel(time=-1))
    save("resample-1YS", x.resample(time="1YS").mean())
    save("sel-lat", x.sel(lat=slice(30, 60)))
    save("sel-lat-rev", x.isel(lat=slice(None, None, -1)).sel(lat=slice(60, 30)))
    save("sel-nearest", x.sel(lon=100.3, method="nearest"))
    save("sel-month", x.sel(time="2001-03"))
    save("sel-range", x.sel(time=slice("2000-06-01", "2001-02-15")))
    s = xr.open_dataset(os.path.join(HERE, "sixhourly-noleap.nc"))["pr"]
    save("hour-mean", s.groupby("time.hour").mean())
    save("doy-max", s.groupby("time.dayofyear").max())
    save("doy", s.groupby("time.dayofyear").max().dayofyear)
    save("resample-1MS", s.resample(time="1MS").mean())
    save("sixhourly-sel-day", s.sel(time="2001-02-28"))


def expected_more():
    """groupby std/var with ddof, resample frequencies beyond YS/MS (values, and the period
    starts in the time units of the files, as the coordinates arrlang gives)."""
    import cftime
    x = xr.concat([xr.open_dataset(os.path.join(HERE, f"monthly-{y}.nc"))["tas"]
                   for y in YEARS], "time")
    g = x.groupby("time.month")
    save("clim-std-ddof1", g.std(ddof=1))
    save("clim-var-ddof1", g.var(ddof=1))
    def days(t, epoch):
        return (t.values - np.datetime64(epoch)) / np.timedelta64(1, "D")
    q = x.resample(time="QS-DEC").mean()
    save("resample-QS-DEC", q)
    save("resample-QS-DEC-time", days(q.time, "2000-01-01"))
    s = xr.open_dataset(os.path.join(HERE, "sixhourly-noleap.nc"))["pr"]
    for f in ["D", "12h", "2D"]:
        r = s.resample(time=f).mean()
        save(f"resample-{f}", r)
        save(f"resample-{f}-time", cftime.date2num(r.time.values, "hours since 2001-02-20 00:00:00", "noleap"))


if sys.argv[1:] == ["more"]:
    expected_more()
else:
    for y in YEARS:
        monthly(y)
    sixhourly()
    expected()
    expected_more()
