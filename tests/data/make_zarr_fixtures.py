"""Writes the small Zarr fixtures under tests/data with xarray and zarr-python 3, and beside
each array the values xarray reports (`<store>.<array>.npy`), for the golden script
tests/golden/zarr.arr (which also runs through the differential test).

Run: python3 tests/data/make_zarr_fixtures.py   (needs numpy, xarray, zarr>=3)
The outputs are committed; rerun only to change the fixtures.
"""
import os
import shutil

import numpy as np
import xarray as xr
import zarr
from zarr.codecs import BloscCodec, ZstdCodec

HERE = os.path.dirname(os.path.abspath(__file__))
NT, NLAT, NLON = 8, 19, 36


def field():
    t = np.arange(NT)[:, None, None]
    lat = np.linspace(90, -90, NLAT)[None, :, None]
    lon = np.linspace(0, 350, NLON)[None, None, :]
    return (288 - 40 * np.sin(np.deg2rad(lat)) ** 2
            + 5 * np.cos(np.deg2rad(lon) + t * np.pi / 2) + 0.01 * t).astype("f4")


def fresh(name):
    p = os.path.join(HERE, name)
    shutil.rmtree(p, ignore_errors=True)
    return p


# xarray, Zarr format 2: packed int16 with a missing value, a coordinate, one field a chunk.
p = fresh("zarr-v2-xarray.zarr")
t2m = field().astype("f8")
t2m[2, 3, 4] = np.nan
ds = xr.Dataset(
    {"t2m": (("time", "latitude", "longitude"), t2m, {"units": "K"})},
    coords={"latitude": ("latitude", np.linspace(90, -90, NLAT).astype("f4"))},
)
ds["t2m"].encoding = {"dtype": "int16", "scale_factor": 0.002, "add_offset": 280.0,
                      "_FillValue": -32767, "chunks": (1, NLAT, NLON)}
ds.to_zarr(p, mode="w", zarr_format=2)
back = xr.open_zarr(p, chunks=None)
for name in ("t2m", "latitude"):
    np.save(f"{p}.{name}.npy", back[name].values)

# zarr-python, format 3: sharded, blosc inside, chunks never written (fill value 0.5).
p = fresh("zarr-v3-sharded.zarr")
g = zarr.open_group(p, mode="w", zarr_format=3)
a = g.create_array("t2m", shape=(NT, NLAT, NLON), chunks=(2, 5, 9), shards=(4, 10, 18),
                   dtype="f4", fill_value=0.5, dimension_names=("time", "latitude", "longitude"),
                   compressors=[BloscCodec(cname="zstd", clevel=3, shuffle="bitshuffle")])
v = field()
v[4:, 10:, 18:] = 0.5  # the last shard is never written
a[:4] = v[:4]
a[4:, :10] = v[4:, :10]
a[4:, 10:, :18] = v[4:, 10:, :18]
g.create_array("flags", shape=(NLAT,), chunks=(4,), dtype="i1", fill_value=0,
               compressors=[ZstdCodec(level=1)])[:] = (np.arange(NLAT) % 3).astype("i1")
np.save(f"{p}.t2m.npy", a[:])
np.save(f"{p}.flags.npy", g["flags"][:].astype("i4"))
