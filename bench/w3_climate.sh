#!/usr/bin/env bash
# W3: the climate demo's three fields (mean over time, one moment's anomaly, 00 UTC minus
# 12 UTC) from daily netCDF-4 files written by examples/make_climate.arr, compressed and
# uncompressed, in arrlang and in xarray (open_mfdataset + dask, the same chunks), side by
# side, engines alternated. Wall time and peak RSS from /usr/bin/time.
# PY: a Python with xarray, dask, netCDF4 (default bench/.venv/bin/python). DAYS (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-bench/.venv/bin/python}
DAYS=${DAYS:-90}
ROUNDS=${ROUNDS:-2}
DIR=${DIR:-/tmp/arrlang-w3}
cargo build --release --quiet
for kind in compressed raw; do
  mkdir -p "$DIR/$kind"
  if [ "$(ls "$DIR/$kind"/era-*.nc 2>/dev/null | wc -l)" != "$DAYS" ]; then
    flag=True; [ $kind = raw ] && flag=False
    sed -e "s/^days = .*/days = $DAYS/" -e "s|\"data/|\"$DIR/$kind/|" \
        -e "s/compress=True/compress=$flag/" examples/make_climate.arr > "$DIR/make-$kind.arr"
    ./target/release/arrlang "$DIR/make-$kind.arr"
  fi
  cat > "$DIR/three-$kind.arr" <<ARR
x = load("$DIR/$kind/era-*.nc", "t2m", chunks=(4, 200, 200))
m = x.mean(0)
print(m.sum(), (x[300] - m).sum(), (x[::4].mean(0) - x[2::4].mean(0)).sum())
ARR
  cat > "$DIR/three-$kind.py" <<PY
import dask, xarray as xr
ds = xr.open_mfdataset("$DIR/$kind/era-*.nc", chunks={"time": 4, "latitude": 200, "longitude": 200},
                       combine="nested", concat_dim="time")
x = ds.t2m
m = x.mean("time")
a, b, c = dask.compute(m.sum(), (x[300] - m).sum(), (x[::4].mean("time") - x[2::4].mean("time")).sum())
print(float(a), float(b), float(c))
PY
  for round in $(seq "$ROUNDS"); do
    /usr/bin/time -f "W3 $kind arrlang round $round: %e s wall, %M kB peak RSS" ./target/release/arrlang "$DIR/three-$kind.arr"
    /usr/bin/time -f "W3 $kind xarray round $round: %e s wall, %M kB peak RSS" "$PY" "$DIR/three-$kind.py"
  done
done
