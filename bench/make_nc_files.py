"""Writes N daily netCDF-4 files of ERA-like 2-metre temperature for the read benchmark:
t2m(time=4, latitude=721, longitude=1440) float32, zlib level 4 + shuffle, one stored chunk
per time step (as ERA5 downloads are), with dims and coordinate variables.

Run: /work/benchvenv/bin/python bench/make_nc_files.py /tmp/arrlang-bench-nc 90
"""
import os
import sys
import numpy as np
import netCDF4

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/arrlang-bench-nc"
days = int(sys.argv[2]) if len(sys.argv) > 2 else 90
os.makedirs(out, exist_ok=True)
NT, NLAT, NLON = 4, 721, 1440
lat = np.linspace(90, -90, NLAT, dtype="f4")
lon = np.linspace(0, 359.75, NLON, dtype="f4")
rng = np.random.default_rng(0)
base = (288 - 40 * np.sin(np.deg2rad(lat))[:, None] ** 2
        + 3 * np.cos(np.deg2rad(3 * lon))[None, :]).astype("f4")
for day in range(days):
    path = os.path.join(out, f"2014-{day:03d}.nc")
    if os.path.exists(path):
        continue
    with netCDF4.Dataset(path, "w", format="NETCDF4") as ds:
        ds.createDimension("time", NT)
        ds.createDimension("latitude", NLAT)
        ds.createDimension("longitude", NLON)
        t = ds.createVariable("time", "i4", ("time",))
        t.units = "hours since 2014-01-01 00:00:00"
        t[:] = (np.arange(NT) + day * NT) * 6
        ds.createVariable("latitude", "f4", ("latitude",))[:] = lat
        ds.createVariable("longitude", "f4", ("longitude",))[:] = lon
        v = ds.createVariable("t2m", "f4", ("time", "latitude", "longitude"), zlib=True,
                              complevel=4, shuffle=True, chunksizes=(1, NLAT, NLON))
        v.units = "K"
        season = 10 * np.cos(2 * np.pi * day / 365)
        for k in range(NT):
            diurnal = 4 * np.cos(np.deg2rad(lon + 90 * k))[None, :]
            noise = rng.normal(0, 1.5, (NLAT, NLON)).astype("f4")
            # Quantised to 0.01 K like real reanalysis output, so zlib has something to do.
            v[k] = np.round(base + season + diurnal + noise, 2)
print("wrote", days, "files to", out)
