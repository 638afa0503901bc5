"""Zarr stores written by zarr-python 3 and xarray, with NumPy's values beside them.

Usage: python3 zarr_fixtures.py DIR. Writes DIR/<case>.zarr stores and DIR/<case>-<array>.npy
reference values (what xarray's default decoding gives), and prints one line per case:
`case store array dims` for the Rust test to load and compare. Used by tests/zarr_interop.rs.
"""

import sys

import numpy as np
import xarray as xr
import zarr
from zarr.codecs import (
    BloscCodec,
    BytesCodec,
    Crc32cCodec,
    GzipCodec,
    ShardingCodec,
    TransposeCodec,
    ZstdCodec,
)
import numcodecs

out = sys.argv[1]
cases = []


def ref(case, name, values):
    np.save(f"{out}/{case}-{name.replace('/', '-')}.npy", values)


def t2m(shape, dtype="f4"):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) / 10.0) * 20 + 273.15).reshape(shape).astype(dtype)


shape = (10, 7, 9)
data = t2m(shape)

# --- zarr-python, format 2: blosc (lz4, zstd with shuffle), zstd, gzip, big-endian ---
for case, comp, dtype in [
    ("v2-blosc-lz4", numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE), "<f4"),
    ("v2-blosc-zstd", numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.BITSHUFFLE), "<f8"),
    ("v2-zstd", numcodecs.Zstd(level=3), "<f4"),
    ("v2-gzip", numcodecs.GZip(level=5), ">f8"),
]:
    g = zarr.open_group(f"{out}/{case}.zarr", mode="w", zarr_format=2)
    a = g.create_array("t2m", shape=shape, chunks=(3, 4, 5), dtype=dtype, compressors=[comp], fill_value=np.nan)
    a[:] = data.astype(dtype)
    a.attrs["units"] = "K"
    a.attrs["_ARRAY_DIMENSIONS"] = ["time", "lat", "lon"]
    ref(case, "t2m", data.astype(dtype).astype(dtype.replace(">", "<")))
    cases.append((case, "t2m", "time,lat,lon"))

# format 2, missing chunks read as the fill value (xarray masks a v2 fill value as NaN), an
# int16 array in a group, consolidated metadata
case = "v2-fill-group"
g = zarr.open_group(f"{out}/{case}.zarr", mode="w", zarr_format=2)
a = g.create_array("sparse", shape=(6, 8), chunks=(3, 3), dtype="f8", fill_value=-9.0)
a[0:3, 0:3] = 1.5
want = np.full((6, 8), np.nan)
want[0:3, 0:3] = 1.5
ref(case, "sparse", want)
cases.append((case, "sparse", ""))
sub = g.create_group("inner")
i = sub.create_array("counts", shape=(5, 4), chunks=(2, 3), dtype="i2", fill_value=None, compressors=[numcodecs.Zstd()])
i[:] = np.arange(20, dtype="i2").reshape((5, 4)) - 7
ref(case, "inner/counts", (np.arange(20).reshape((5, 4)) - 7).astype("i4"))
cases.append((case, "inner/counts", ""))
zarr.consolidate_metadata(f"{out}/{case}.zarr")

# --- zarr-python, format 3: zstd, gzip, blosc, crc32c, big-endian bytes, transpose, sharding ---
for case, kw in [
    ("v3-zstd", dict(compressors=[ZstdCodec(level=3)])),
    ("v3-gzip", dict(compressors=[GzipCodec(level=5)])),
    ("v3-blosc", dict(compressors=[BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")])),
    ("v3-crc32c-big", dict(serializer=BytesCodec(endian="big"), compressors=[ZstdCodec(level=1), Crc32cCodec()])),
    ("v3-transpose", dict(filters=[TransposeCodec(order=(2, 0, 1))], compressors=[ZstdCodec(level=1)])),
    ("v3-sharded", dict(shards=(6, 8, 10), compressors=[ZstdCodec(level=1)])),
]:
    g = zarr.open_group(f"{out}/{case}.zarr", mode="w", zarr_format=3)
    a = g.create_array("t2m", shape=shape, chunks=(3, 4, 5), dtype="f4", dimension_names=("time", "lat", "lon"), fill_value=np.nan, **kw)
    a[:] = data
    a.attrs["units"] = "K"
    ref(case, "t2m", data)
    cases.append((case, "t2m", "time,lat,lon"))

# --- xarray to_zarr, both formats: dims, attributes, a coordinate, packed int16 ---
for fmt in (2, 3):
    case = f"xarray-v{fmt}"
    lat = np.linspace(-90, 90, 7)
    ds = xr.Dataset(
        {
            "t2m": (("time", "lat", "lon"), data, {"units": "K", "long_name": "2 metre temperature"}),
            "packed": (("lat", "lon"), data[0].astype("f8")),
        },
        coords={"lat": ("lat", lat, {"units": "degrees_north"})},
        attrs={"title": "synthetic"},
    )
    ds["packed"].encoding = {"dtype": "int16", "scale_factor": 0.01, "add_offset": 273.0, "_FillValue": -32767, "chunks": (4, 5)}
    ds["packed"].values[2, 3] = np.nan
    ds["t2m"].encoding = {"chunks": (4, 7, 9)}
    ds.to_zarr(f"{out}/{case}.zarr", mode="w", zarr_format=fmt)
    back = xr.open_zarr(f"{out}/{case}.zarr", chunks=None)
    for name in ("t2m", "packed", "lat"):
        ref(case, name, back[name].values)
        cases.append((case, name, ",".join(back[name].dims)))

for c in cases:
    print(" ".join(c))
