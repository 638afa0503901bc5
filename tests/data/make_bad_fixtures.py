"""Writes the broken and mismatched files under tests/data/bad that arrlang's load errors
are tested on (netCDF4-python and h5py; rerun only to change them):

  shape-a.nc, shape-b.nc   t2m (2, 3, 4) and (2, 3, 5): a glob of them cannot be joined
  novar-a.nc, novar-b.nc   t2m, and only u10: a variable missing from one file of a glob
  truncated.nc             the first 3000 bytes of a valid netCDF-4 file
  notnetcdf.nc             a text file
  badchunk.nc              a valid file whose second stored chunk of t2m is overwritten
"""
import os
import numpy as np
import netCDF4
import h5py

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bad")
os.makedirs(HERE, exist_ok=True)


def small(name, var, shape, zlib=True):
    with netCDF4.Dataset(os.path.join(HERE, name), "w", format="NETCDF4") as ds:
        for d, n in zip(("time", "latitude", "longitude"), shape):
            ds.createDimension(d, n)
        v = ds.createVariable(var, "f4", ("time", "latitude", "longitude"), zlib=zlib,
                              chunksizes=(1,) + shape[1:])
        v[:] = np.arange(np.prod(shape), dtype="f4").reshape(shape)


small("shape-a.nc", "t2m", (2, 3, 4))
small("shape-b.nc", "t2m", (2, 3, 5))
small("novar-a.nc", "t2m", (2, 3, 4))
small("novar-b.nc", "u10", (2, 3, 4))
small("badchunk.nc", "t2m", (2, 30, 40))
with h5py.File(os.path.join(HERE, "badchunk.nc"), "r") as f:
    info = f["t2m"].id.get_chunk_info(1)
with open(os.path.join(HERE, "badchunk.nc"), "r+b") as f:
    f.seek(info.byte_offset + 2)
    f.write(b"\x55" * (info.size - 2))
src = open(os.path.join(HERE, "shape-a.nc"), "rb").read()
open(os.path.join(HERE, "truncated.nc"), "wb").write(src[:3000])
open(os.path.join(HERE, "notnetcdf.nc"), "w").write("time,t2m\n0,288.1\n")
print("bad fixtures written to", HERE)
