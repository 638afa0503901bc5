"""Peers for the netCDF read benchmark: the mean over time of t2m from many files.
  xarray:  open_mfdataset + dask, chunks (4, 200, 200) like arrlang's load
  xarray-aligned: the same with chunks aligned to the files (one stored chunk per time step)
  h5py:    one process, file by file, each read whole and summed (the C library's decode)
Run: /work/benchvenv/bin/python bench/nc_read_peers.py ENGINE DIR
"""
import glob
import sys
import time
import warnings
import numpy as np

warnings.simplefilter("ignore")  # xarray warns that (4, 200, 200) cuts the stored chunks

engine, d = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(f"{d}/2014-*.nc"))
t = time.perf_counter()
if engine.startswith("xarray"):
    import xarray as xr
    chunks = {"time": 4, "latitude": 200, "longitude": 200}
    if engine == "xarray-aligned":
        chunks = {"time": 1, "latitude": -1, "longitude": -1}
    ds = xr.open_mfdataset(files, combine="nested", concat_dim="time", chunks=chunks,
                           parallel=False)
    m = ds.t2m.mean("time").values
elif engine == "h5py":
    import h5py
    acc, n = None, 0
    for f in files:
        with h5py.File(f, "r") as h:
            a = h["t2m"][...].astype("f8")
        acc = a.sum(0) if acc is None else acc + a.sum(0)
        n += a.shape[0]
    m = acc / n
print(engine, f"{time.perf_counter() - t:.2f} s", float(np.nanmean(m)))
