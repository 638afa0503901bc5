"""Writes the small netCDF/HDF5 fixtures under tests/data with the netCDF C library
(through netCDF4-python) and HDF5 (through h5py), and, beside each, the values those
libraries report, as .npy files, so arrlang's readers are checked against them.

Run: python3 tests/data/make_fixtures.py   (needs numpy, netCDF4, h5py)
The outputs are committed; rerun only to change the fixtures.
"""
import os
import numpy as np
import netCDF4
import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
NT, NLAT, NLON = 8, 19, 36


def field(day):
    """A smooth, recognisable t2m-like field in kelvin: (time, lat, lon)."""
    t = np.arange(NT)[:, None, None] + day * NT
    lat = np.linspace(90, -90, NLAT)[None, :, None]
    lon = np.linspace(0, 350, NLON)[None, None, :]
    return (288 - 40 * np.sin(np.deg2rad(lat)) ** 2
            + 5 * np.cos(np.deg2rad(lon) + t * np.pi / 2)
            + 0.01 * t).astype("f4")


def coords(ds, day, unlimited=False):
    ds.createDimension("time", None if unlimited else NT)
    ds.createDimension("latitude", NLAT)
    ds.createDimension("longitude", NLON)
    t = ds.createVariable("time", "i4", ("time",))
    t.units = "hours since 2014-01-01 00:00:00"
    t[:] = (np.arange(NT) + day * NT) * 6
    la = ds.createVariable("latitude", "f4", ("latitude",))
    la.units = "degrees_north"
    la[:] = np.linspace(90, -90, NLAT)
    lo = ds.createVariable("longitude", "f4", ("longitude",))
    lo.units = "degrees_east"
    lo[:] = np.linspace(0, 350, NLON)


def expected(path, var):
    with netCDF4.Dataset(path) as ds:
        v = ds[var][:]
        a = np.ma.filled(v.astype("f8") if np.ma.isMaskedArray(v) and v.dtype.kind in "iu" else v,
                         np.nan)
        np.save(path + "." + var + ".npy", np.asarray(a))


def nc4_compressed(day):
    path = os.path.join(HERE, f"nc4-day{day}.nc")
    with netCDF4.Dataset(path, "w", format="NETCDF4") as ds:
        coords(ds, day)
        v = ds.createVariable("t2m", "f4", ("time", "latitude", "longitude"), zlib=True,
                              complevel=4, shuffle=True, chunksizes=(1, NLAT, NLON))
        v.units = "K"
        v.long_name = "2 metre temperature"
        v[:] = field(day)
    expected(path, "t2m")


def nc4_packed():
    path = os.path.join(HERE, "nc4-packed.nc")
    with netCDF4.Dataset(path, "w", format="NETCDF4") as ds:
        coords(ds, 0)
        v = ds.createVariable("t2m", "i2", ("time", "latitude", "longitude"), zlib=True,
                              shuffle=True, chunksizes=(2, 10, 36), fill_value=np.int16(-32767))
        v.scale_factor = 0.002
        v.add_offset = 265.0
        v.units = "K"
        v.set_auto_maskandscale(True)
        data = np.ma.masked_array(field(0).astype("f8"))
        data[0, 0, :5] = np.ma.masked  # a few missing values
        v[:] = data
    expected(path, "t2m")


def nc3(fmt, name):
    path = os.path.join(HERE, name)
    with netCDF4.Dataset(path, "w", format=fmt) as ds:
        coords(ds, 0, unlimited=True)
        v = ds.createVariable("t2m", "f4", ("time", "latitude", "longitude"))
        v.units = "K"
        v[:] = field(0)
        # a record variable of another type, and a fixed one with a fill value
        p = ds.createVariable("precip", "f8", ("time", "longitude"), fill_value=-9999.0)
        pr = np.arange(NT * NLON, dtype="f8").reshape(NT, NLON) / 10
        pr[1, 3] = -9999.0
        p[:] = pr
        m = ds.createVariable("mask", "i1", ("latitude", "longitude"))
        m[:] = (np.arange(NLAT * NLON).reshape(NLAT, NLON) % 3).astype("i1")
        s = ds.createVariable("height", "i2", ("latitude",))
        s.scale_factor = 0.5
        s.add_offset = 100.0
        s[:] = np.arange(NLAT) * 10.0
        ds.title = "arrlang netCDF-3 fixture"
    for var in ("t2m", "precip", "mask", "height"):
        expected(path, var)


def expected_raw(path, var):
    """The stored values, no CF decoding, widened to int64/float64 (arrlang's .npy reader has
    no 8/16-bit or unsigned dtypes)."""
    with netCDF4.Dataset(path) as ds:
        v = ds[var]
        v.set_auto_maskandscale(False)
        a = np.asarray(v[:])
        a = a.astype("i8") if a.dtype.kind in "iu" else a.astype("f8")
        np.save(path + "." + var + ".raw.npy", a)


def nc3_types():
    """CDF-5's extra types (ubyte, ushort, uint, int64, uint64), and record variables whose
    slots need padding (an odd number of bytes per record)."""
    path = os.path.join(HERE, "nc3-cdf5-types.nc")
    with netCDF4.Dataset(path, "w", format="NETCDF3_64BIT_DATA") as ds:
        ds.createDimension("time", None)
        ds.createDimension("x", 3)
        r = np.arange(5 * 3).reshape(5, 3)
        for name, t, dims, data in [
            ("u1", "u1", ("x",), np.array([0, 200, 255])),
            ("u2", "u2", ("x",), np.array([1, 40000, 65535])),
            ("u4", "u4", ("x",), np.array([7, 3000000000, 4294967295])),
            ("u8", "u8", ("x",), np.array([9, 2**40 + 3, 2**62])),
            ("i8", "i8", ("time", "x"), r * 10**12 - 7),
            ("b", "i1", ("time", "x"), (r % 7) - 3),
            ("s", "i2", ("time", "x"), r * 1000 - 5000),
        ]:
            v = ds.createVariable(name, t, dims)
            v.set_auto_maskandscale(False)
            v[:] = data.astype(t)
        ds.variables["u2"].valid_max = np.uint16(65535)
        ds.variables["i8"].big = np.int64(-(2**40))
        ds.variables["u1"].note = "ubyte values"
    for var in ("u1", "u2", "u4", "u8", "i8", "b", "s"):
        expected_raw(path, var)


def nc3_one_record_var():
    """A classic file with a single record variable: its records are packed without padding."""
    path = os.path.join(HERE, "nc3-onerec.nc")
    with netCDF4.Dataset(path, "w", format="NETCDF3_CLASSIC") as ds:
        ds.createDimension("time", None)
        ds.createDimension("x", 3)
        f = ds.createVariable("fixed", "i1", ("x",))
        f[:] = np.array([1, -2, 3], "i1")
        v = ds.createVariable("s", "i2", ("time", "x"))
        v.set_auto_maskandscale(False)
        v[:] = (np.arange(7 * 3).reshape(7, 3) * 3 - 20).astype("i2")
    for var in ("fixed", "s"):
        expected_raw(path, var)


def plain_hdf5():
    path = os.path.join(HERE, "plain.h5")
    a = np.arange(6 * 10 * 12, dtype="f8").reshape(6, 10, 12) / 7
    with h5py.File(path, "w") as f:
        f.create_dataset("grid", data=a, chunks=(2, 5, 12), compression="gzip", shuffle=True)
        f.create_dataset("counts", data=np.arange(50, dtype="i4"))  # contiguous
        g = f.create_group("group")
        g.create_dataset("inner", data=np.eye(4, dtype="f4"), chunks=(2, 2), compression="gzip")
    np.save(path + ".grid.npy", a)
    np.save(path + ".counts.npy", np.arange(50, dtype="i4"))
    np.save(path + ".group-inner.npy", np.eye(4, dtype="f4"))


if __name__ == "__main__":
    for day in range(3):
        nc4_compressed(day)
    nc4_packed()
    nc3("NETCDF3_CLASSIC", "nc3-classic.nc")
    nc3("NETCDF3_64BIT_OFFSET", "nc3-64bit.nc")
    nc3("NETCDF3_64BIT_DATA", "nc3-cdf5.nc")
    nc3_types()
    nc3_one_record_var()
    plain_hdf5()
    print("fixtures written to", HERE)
