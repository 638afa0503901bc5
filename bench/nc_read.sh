#!/usr/bin/env bash
# The netCDF read benchmark: mean over time of t2m from 90 daily compressed netCDF-4 files
# (4x721x1440 float32 each, zlib+shuffle, one stored chunk per time step), user chunks
# (4, 200, 200). arrlang with 1 and 2 workers, xarray open_mfdataset + dask (same chunks and
# file-aligned chunks), and h5py file by file. Wall time and peak RSS from /usr/bin/time.
# PY: a Python with numpy, netCDF4, h5py, xarray, dask (default /work/benchvenv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/work/benchvenv/bin/python}
DIR=${DIR:-/tmp/arrlang-bench-nc}
ROUNDS=${ROUNDS:-2}
[ -f "$DIR/2014-089.nc" ] || "$PY" bench/make_nc_files.py "$DIR" 90
cargo build --release --quiet
for round in $(seq "$ROUNDS"); do
  for t in 1 2; do
    /usr/bin/time -f "arrlang threads=$t round $round: %e s wall, %M kB peak RSS" \
      ./target/release/arrlang --threads $t bench/nc_read.arr
  done
  for e in h5py xarray xarray-aligned; do
    /usr/bin/time -f "$e round $round: %e s wall, %M kB peak RSS" "$PY" bench/nc_read_peers.py $e "$DIR"
  done
done
