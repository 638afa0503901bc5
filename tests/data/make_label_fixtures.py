"""Writes the labelled-array fixtures under tests/data/labels: small netCDF-4 files made by
netCDF-C (through netCDF4-python) and by h5py with dimension scales, a netCDF-3 file, and
beside them what netCDF4-python and xarray report (expected.json; values as .npy), so
arrlang's dimension names, attributes, coordinates, CF times and fill values are checked
against them.

Run: python3 tests/data/make_label_fixtures.py   (needs numpy, netCDF4, h5py, xarray, cftime)
The outputs are committed (a few KB each); rerun only to change the fixtures.

Cases (issue 10):
  cmor.nc         netCDF-C, CMOR-like: ta(time, plev, lat, lon), bounds variables
                  lat_bnds(lat, bnds) with a dimension-only `bnds`, ascending latitude, and
                  `_Netcdf4Dimid` on the data and bounds variables as netCDF-C 4.7 wrote it;
                  a 0-d variable and a char variable
  nemo.nc         h5py with dimension scales and no `_Netcdf4*` attribute at all (NEMO-like):
                  dimension-only x, y, nvertex; nav_lat(y, x); a string variable
  h5named.h5      h5py, scales with real names (make_scale("lat")), no netCDF attributes
  deffill.nc      netCDF-C: float/int/double variables holding the default fill values and
                  no `_FillValue` (netCDF4-python masks them)
  deffill3.nc     the same in netCDF-3 classic
  epochs/a.nc     two files whose time units use different epochs
  epochs/b.nc     (days since 1850-01-01 / days since 2000-01-01), a static `orog(lat, lon)`
  noleap.nc       time in the noleap calendar across the end of February
  plevmix/*.nc    a glob whose files have different plev values (same length)
  calmix/*.nc     netCDF-3 files whose time axes use the standard and noleap calendars
"""
import json
import os

import cftime
import h5py
import netCDF4
import numpy as np
import xarray as xr

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "labels")
PLACEHOLDER = "This is a netCDF dimension but not a netCDF variable."
EXPECTED = {}


def path(name):
    p = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def attr_json(v):
    """An attribute value as JSON: text, or a list of numbers (ints kept as ints)."""
    if isinstance(v, (str, bytes)):
        return v.decode() if isinstance(v, bytes) else v
    a = np.atleast_1d(np.asarray(v))
    if a.dtype.kind in "iu":
        return {"ints": [int(x) for x in a]}
    return {"numbers": [float(x) for x in a]}


def record(name, only=None):
    """What netCDF4-python reports for every variable of the file: dims, shape, attrs (in
    ncattrs() order), values (masked -> NaN) saved as <file>.<var>.npy."""
    p = path(name)
    out = {"variables": {}, "dimensions": {}}
    with netCDF4.Dataset(p) as ds:
        for d, dim in ds.dimensions.items():
            out["dimensions"][d] = {"len": len(dim), "unlimited": dim.isunlimited()}
        for vn, v in ds.variables.items():
            if only and vn not in only:
                continue
            info = {
                "dims": list(v.dimensions),
                "shape": list(v.shape),
                "attrs": [[k, attr_json(v.getncattr(k))] for k in v.ncattrs()],
                "dtype": str(v.dtype),
            }
            if isinstance(v.dtype, np.dtype) and v.dtype.kind in "iuf":
                x = v[...]
                a = np.ma.filled(np.ma.asarray(x).astype("f8"), np.nan)
                np.save(p + "." + vn + ".npy", np.asarray(a))
            out["variables"][vn] = info
    EXPECTED[name] = out


def cmor():
    p = path("cmor.nc")
    with netCDF4.Dataset(p, "w", format="NETCDF4") as ds:
        ds.createDimension("time", None)
        ds.createDimension("plev", 3)
        ds.createDimension("lat", 4)
        ds.createDimension("lon", 5)
        ds.createDimension("bnds", 2)
        t = ds.createVariable("time", "f8", ("time",))
        t.bounds = "time_bnds"
        t.units = "days since 1850-01-01"
        t.calendar = "standard"
        t.axis = "T"
        t.long_name = "time"
        t.standard_name = "time"
        t[:] = [15.5, 45.0]
        tb = ds.createVariable("time_bnds", "f8", ("time", "bnds"))
        tb[:] = [[0, 31], [31, 59]]
        pl = ds.createVariable("plev", "f8", ("plev",))
        pl.units = "Pa"
        pl.positive = "down"
        pl.standard_name = "air_pressure"
        pl[:] = [100000.0, 85000.0, 50000.0]
        la = ds.createVariable("lat", "f8", ("lat",))
        la.bounds = "lat_bnds"
        la.units = "degrees_north"
        la.standard_name = "latitude"
        la[:] = [-67.5, -22.5, 22.5, 67.5]
        lb = ds.createVariable("lat_bnds", "f8", ("lat", "bnds"))
        lb[:] = [[-90, -45], [-45, 0], [0, 45], [45, 90]]
        lo = ds.createVariable("lon", "f8", ("lon",))
        lo.units = "degrees_east"
        lo.standard_name = "longitude"
        lo[:] = [0.0, 72.0, 144.0, 216.0, 288.0]
        ta = ds.createVariable("ta", "f4", ("time", "plev", "lat", "lon"), fill_value=np.float32(1e20))
        ta.standard_name = "air_temperature"
        ta.long_name = "Air Temperature"
        ta.units = "K"
        ta.cell_methods = "time: mean"
        ta.missing_value = np.float32(1e20)
        ta.flag_values = np.array([1, 2, 3], dtype="i2")
        vals = 200 + np.arange(2 * 3 * 4 * 5, dtype="f4").reshape(2, 3, 4, 5) / 4
        vals = np.ma.masked_array(vals)
        vals[1, 2, 0, :2] = np.ma.masked
        ta[:] = vals
        h = ds.createVariable("height", "f8", ())
        h.units = "m"
        h[...] = 2.0
        ds.createDimension("strlen", 6)
        c = ds.createVariable("source_id", "S1", ("strlen",))
        c[:] = netCDF4.stringtochar(np.array(["IPSL01"], "S6"))[0]
        ds.Conventions = "CF-1.7 CMIP-6.2"
    # netCDF-C 4.7 also wrote `_Netcdf4Dimid` on data and bounds variables (4.9+ does not);
    # the old reader matched those ids and named ta's lat axis `lat_bnds`.
    with h5py.File(p, "a") as f:
        dimid = {n: int(f[n].attrs["_Netcdf4Dimid"]) for n in ("time", "plev", "lat", "lon", "bnds")}
        f["lat_bnds"].attrs["_Netcdf4Dimid"] = np.int32(dimid["lat"])
        f["time_bnds"].attrs["_Netcdf4Dimid"] = np.int32(dimid["time"])
        f["ta"].attrs["_Netcdf4Dimid"] = np.int32(dimid["time"])
    record("cmor.nc")


def nemo():
    """h5py with dimension scales, no _Netcdf4* attributes, dimension-only datasets."""
    p = path("nemo.nc")
    with h5py.File(p, "w") as f:
        ny, nx, nz, nv = 3, 4, 2, 4
        for name, n in (("x", nx), ("y", ny), ("nvertex", nv)):
            d = f.create_dataset(name, (n,), "f4")
            d.make_scale(f"{PLACEHOLDER}{n:10d}")
        tc = f.create_dataset("time_counter", data=np.array([3600.0, 7200.0]))
        tc.make_scale("time_counter")
        tc.attrs["units"] = np.bytes_("seconds since 1900-01-01 00:00:00")
        tc.attrs["calendar"] = np.bytes_("gregorian")
        dep = f.create_dataset("deptht", data=np.array([5.0, 15.0], "f4"))
        dep.make_scale("deptht")
        dep.attrs["units"] = np.bytes_("m")
        dep.attrs["positive"] = np.bytes_("down")
        lat = f.create_dataset("nav_lat", data=np.linspace(-10, 10, ny * nx, dtype="f4").reshape(ny, nx))
        lat.attrs["units"] = np.bytes_("degrees_north")
        lat.dims[0].attach_scale(f["y"])
        lat.dims[1].attach_scale(f["x"])
        bl = f.create_dataset("bounds_lat", data=np.zeros((ny, nx, nv), "f4"))
        for i, s in enumerate(("y", "x", "nvertex")):
            bl.dims[i].attach_scale(f[s])
        v = f.create_dataset("votemper", data=(10 + np.arange(2 * nz * ny * nx, dtype="f4") / 8)
                             .reshape(2, nz, ny, nx))
        v.attrs["_FillValue"] = np.float32(0.0)
        v[0, 0, 0, 0] = 0.0
        v.attrs["units"] = np.bytes_("degC")
        v.attrs["long_name"] = np.bytes_("temperature")
        v.attrs["coordinates"] = np.bytes_("nav_lat")
        for i, s in enumerate(("time_counter", "deptht", "y", "x")):
            v.dims[i].attach_scale(f[s])
        names = f.create_dataset("label", data=np.array([b"a", b"bb"], dtype="S2"))
        names.dims[0].attach_scale(f["deptht"])
    record("nemo.nc")


def h5named():
    """h5py scales with real names and no netCDF attributes; a plain 0-d dataset."""
    p = path("h5named.h5")
    with h5py.File(p, "w") as f:
        lat = f.create_dataset("latitude", data=np.array([10.0, 20.0, 30.0]))
        lat.make_scale("latitude")
        lon = f.create_dataset("longitude", data=np.array([1.0, 2.0]))
        lon.make_scale("longitude")
        g = f.create_dataset("grid", data=np.arange(6, dtype="i4").reshape(3, 2))
        g.dims[0].attach_scale(lat)
        g.dims[1].attach_scale(lon)
        g.attrs["units"] = "1"  # a variable-length string, as h5py writes str
        g.attrs["scale"] = np.array([0.5, 2.0])
        f.create_dataset("scalar", data=np.float64(7.5))
    record("h5named.h5")


def deffill(fmt, name):
    p = path(name)
    with netCDF4.Dataset(p, "w", format=fmt) as ds:
        ds.createDimension("y", 2)
        ds.createDimension("x", 3)
        f = ds.createVariable("tas", "f4", ("y", "x"), fill_value=False)
        f.units = "K"
        a = np.array([[280, 281, 282], [283, 284, 285]], "f4")
        a[0, 1] = netCDF4.default_fillvals["f4"]
        f.set_auto_mask(False)
        f[:] = a
        i = ds.createVariable("count", "i4", ("y", "x"), fill_value=False)
        b = np.arange(6, dtype="i4").reshape(2, 3)
        b[1, 2] = netCDF4.default_fillvals["i4"]
        i.set_auto_mask(False)
        i[:] = b
        d = ds.createVariable("prd", "f8", ("y", "x"), fill_value=False)
        c = np.arange(6, dtype="f8").reshape(2, 3) / 2
        c[1, 0] = netCDF4.default_fillvals["f8"]
        d.set_auto_mask(False)
        d[:] = c
        s = ds.createVariable("small", "i2", ("x",), fill_value=False)
        s.set_auto_mask(False)
        s[:] = np.array([1, netCDF4.default_fillvals["i2"], 3], "i2")
    record(name)


def epochs():
    for part, units, tvals in (("a", "days since 1850-01-01", [54786.0 + 15.5, 54786.0 + 45.0]),
                               ("b", "days since 2000-01-01", [74.5, 105.0])):
        p = path(f"epochs/{part}.nc")
        with netCDF4.Dataset(p, "w", format="NETCDF4") as ds:
            ds.createDimension("time", None)
            ds.createDimension("lat", 2)
            ds.createDimension("lon", 3)
            t = ds.createVariable("time", "f8", ("time",))
            t.units = units
            t.calendar = "standard"
            t[:] = tvals
            la = ds.createVariable("lat", "f4", ("lat",))
            la.units = "degrees_north"
            la[:] = [10.0, 20.0]
            lo = ds.createVariable("lon", "f4", ("lon",))
            lo[:] = [0.0, 1.0, 2.0]
            o = ds.createVariable("orog", "f4", ("lat", "lon"))
            o.units = "m"
            o[:] = np.arange(6, dtype="f4").reshape(2, 3) + (0 if part == "a" else 100)
            v = ds.createVariable("tas", "f4", ("time", "lat", "lon"))
            v.units = "K"
            off = 0 if part == "a" else 2
            v[:] = np.arange(6 * 2, dtype="f4").reshape(2, 2, 3) + 6 * off
        record(f"epochs/{part}.nc")
    a = xr.open_dataset(path("epochs/a.nc"), decode_times=xr.coders.CFDatetimeCoder(use_cftime=True))
    b = xr.open_dataset(path("epochs/b.nc"), decode_times=xr.coders.CFDatetimeCoder(use_cftime=True))
    joined = xr.concat([a.tas, b.tas], dim="time")
    EXPECTED["epochs/*.nc"] = {
        "time_iso": [t.isoformat() for t in joined.time.values],
        "time_days_since_1850": [float(x) for x in cftime.date2num(
            list(joined.time.values), "days since 1850-01-01", "standard")],
        "tas_shape": list(joined.shape),
    }
    np.save(path("epochs/joined.tas.npy"), joined.values.astype("f8"))


def noleap():
    p = path("noleap.nc")
    with netCDF4.Dataset(p, "w", format="NETCDF4") as ds:
        ds.createDimension("time", 4)
        t = ds.createVariable("time", "f8", ("time",))
        t.units = "days since 2001-02-27 12:00"
        t.calendar = "noleap"
        t[:] = [0.0, 1.0, 1.5, 365.0]
        v = ds.createVariable("pr", "f4", ("time",))
        v[:] = [1, 2, 3, 4]
    record("noleap.nc")
    x = xr.open_dataset(p, decode_times=xr.coders.CFDatetimeCoder(use_cftime=True))
    EXPECTED["noleap.nc"]["time_iso"] = [t.isoformat() for t in x.time.values]
    EXPECTED["noleap.nc"]["dayofyear"] = [int(d) for d in x.time.dt.dayofyear.values]


def plevmix():
    for part, plev in (("day", [100000.0, 85000.0, 70000.0]), ("mon", [100000.0, 85000.0, 50000.0])):
        p = path(f"plevmix/{part}.nc")
        with netCDF4.Dataset(p, "w", format="NETCDF4") as ds:
            ds.createDimension("time", None)
            ds.createDimension("plev", 3)
            t = ds.createVariable("time", "f8", ("time",))
            t.units = "days since 2000-01-01"
            t[:] = [0.0, 1.0] if part == "day" else [2.0, 3.0]
            pl = ds.createVariable("plev", "f8", ("plev",))
            pl.units = "Pa"
            pl[:] = plev
            v = ds.createVariable("ua", "f4", ("time", "plev"))
            v[:] = np.ones((2, 3), "f4")


def cftime_cases():
    """Decoded dates for every calendar, from cftime itself, one case a line:
    calendar, units, value, decoded (y m d h mi s us), day of year, ISO text, re-encoded."""
    units = ["days since 1850-01-01", "hours since 2000-02-28 18:00:00", "seconds since 1970-01-01",
             "minutes since 1582-10-01 12:00", "days since -0100-03-01",
             "microseconds since 2000-01-01 00:00:00.5"]
    values = [-1e6 / 7, -400.25, -1, 0, 0.5, 29.75, 365.25, 36524.5 + 1 / 3, 123456.789, 2.5e6]
    cals = ["standard", "proleptic_gregorian", "noleap", "all_leap", "360_day", "julian"]
    rows = [(c, u, v) for c in cals for u in units for v in values]
    rows += [("360_day", "months since 2000-01-01", v) for v in (0, 1, 13.5, 25)]
    lines = []
    for cal, u, v in rows:
        try:
            d = cftime.num2date(v, u, calendar=cal)
        except Exception:
            continue
        enc = cftime.date2num(d, u, calendar=cal) if not u.startswith("months") else v
        lines.append("\t".join([cal, u, repr(float(v)),
                                " ".join(str(x) for x in (d.year, d.month, d.day, d.hour, d.minute,
                                                          d.second, d.microsecond)),
                                str(d.dayofyr), d.isoformat(), repr(float(enc))]))
    with open(path("cftime_cases.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


def calmix():
    """A glob whose time axes use different calendars: not joinable."""
    for part, cal in (("a", "standard"), ("b", "noleap")):
        with netCDF4.Dataset(path(f"calmix/{part}.nc"), "w", format="NETCDF3_CLASSIC") as ds:
            ds.createDimension("time", None)
            t = ds.createVariable("time", "f8", ("time",))
            t.units = "days since 2000-01-01"
            t.calendar = cal
            t[:] = [0.0, 1.0] if part == "a" else [400.0, 401.0]
            v = ds.createVariable("pr", "f4", ("time",))
            v[:] = [1.0, 2.0]


def main():
    cftime_cases()
    cmor()
    nemo()
    h5named()
    deffill("NETCDF4", "deffill.nc")
    deffill("NETCDF3_CLASSIC", "deffill3.nc")
    epochs()
    noleap()
    plevmix()
    calmix()
    with open(path("expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
