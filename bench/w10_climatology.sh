#!/usr/bin/env bash
# W10: the monthly climatology (`groupby("time.month").mean()`) of 40 years of monthly global
# fields, 480 x 721 x 1440 float32 in 40 netCDF-4 files (one a year, 12 x 721 x 1440, noleap
# time in "days since 1981-01-01", ascending latitude), arrlang vs xarray + dask (+ flox when
# it installs), each saving the 12 x 721 x 1440 result to netCDF; engines alternated round by
# round; wall time and peak RSS from /usr/bin/time; the two results compared value by value.
# PY: a Python with xarray, dask, netCDF4 (made as bench/.venv-w10 with flox when unset).
# ARRLANG (default: built here), DIR (default /tmp/arrlang-w10), YEARS (default 40), ROUNDS (default 2), COMPRESS (False).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp/arrlang-w10}
YEARS=${YEARS:-40}
ROUNDS=${ROUNDS:-2}
COMPRESS=${COMPRESS:-False}
if [ -z "${PY:-}" ]; then
  PY=bench/.venv-w10/bin/python
  if [ ! -x "$PY" ]; then
    python3 -m venv bench/.venv-w10
    "$PY" -m pip install --quiet numpy "dask[array]" xarray netCDF4
    "$PY" -m pip install --quiet flox || echo "flox not installed: xarray's own groupby"
  fi
fi
# ARRLANG: an arrlang binary to time (default: this checkout's, built here).
if [ -z "${ARRLANG:-}" ]; then
  cargo build --release --quiet
  ARRLANG=./target/release/arrlang
fi
mkdir -p "$DIR/data"
if [ "$(ls "$DIR"/data/monthly-*.nc 2>/dev/null | wc -l)" != "$YEARS" ]; then
  rm -f "$DIR"/data/monthly-*.nc
  {
    echo 'lat = linspace(-90, 90, 721).astype(float32)'
    echo 'lon = (arange(1440) * 0.25).astype(float32)'
    echo 'mid = array([15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349]) - 1.0'
    echo 'phi = deg2rad(lat.astype(float64))[None, :, None]'
    echo 'lam = deg2rad(lon.astype(float64))[None, None, :]'
    echo 'fn field(y) = (301 - 45 * sin(phi) ** 2 + 3 * cos(3 * lam)'
    echo '    - 10 * sin(phi) * cos(2 * pi * (mid[:, None, None] - 15) / 365)'
    echo '    + 0.03 * (y - 1981) + normal((12, 721, 1440), seed=y, chunks=(1, 721, 1440))).astype(float32)'
    echo 'fn write(path, y) = ('
    echo '    save(path, "time", (y - 1981) * 365 + mid, dims=("time",),'
    echo '         attrs=(("units", "days since 1981-01-01"), ("calendar", "noleap"), ("standard_name", "time"))),'
    echo '    save(path, "lat", lat, dims=("lat",), attrs=(("units", "degrees_north"), ("standard_name", "latitude"))),'
    echo '    save(path, "lon", lon, dims=("lon",), attrs=(("units", "degrees_east"), ("standard_name", "longitude"))),'
    echo "    save(path, \"tas\", field(y), dims=(\"time\", \"lat\", \"lon\"), compress=$COMPRESS,"
    echo '         attrs=(("units", "K"), ("long_name", "Near-Surface Air Temperature"))),'
    echo ')'
    for y in $(seq 1981 $((1980 + YEARS))); do
      echo "w$y = write(\"$DIR/data/monthly-$y.nc\", $y)"
    done
  } > "$DIR/make.arr"
  /usr/bin/time -f "generated $YEARS files: %e s" "$ARRLANG" --no-progress "$DIR/make.arr"
fi
cat > "$DIR/clim.arr" <<ARR
x = load("$DIR/data/monthly-*.nc", "tas")
save("$DIR/clim-arrlang.nc", "tas", x.groupby("time.month").mean())
ARR
cat > "$DIR/clim.py" <<PY
import sys, xarray as xr
try:
    import flox  # noqa: F401  (xarray uses it for groupby when installed)
    how = "flox " + flox.__version__
except ImportError:
    how = "no flox"
x = xr.open_mfdataset("$DIR/data/monthly-*.nc", combine="by_coords", parallel=False)["tas"]
x.groupby("time.month").mean().to_netcdf("$DIR/clim-xarray.nc")
print("xarray", xr.__version__, how, "chunks", x.data.chunksize, file=sys.stderr)
PY
uptime
for round in $(seq "$ROUNDS"); do
  rm -f "$DIR"/clim-*.nc; sync
  /usr/bin/time -f "W10 arrlang round $round: %e s wall, %M kB peak RSS" "$ARRLANG" --no-progress "$DIR/clim.arr"
  rm -f "$DIR"/clim-xarray.nc; sync
  /usr/bin/time -f "W10 xarray  round $round: %e s wall, %M kB peak RSS" "$PY" "$DIR/clim.py"
done
"$PY" - <<PY
import numpy as np, xarray as xr
a = xr.open_dataset("$DIR/clim-arrlang.nc")["tas"]
b = xr.open_dataset("$DIR/clim-xarray.nc")["tas"]
assert a.dims == b.dims and a.shape == b.shape, (a.dims, b.dims)
for k in b.coords:
    assert k in a.coords and (a[k].values == b[k].values).all(), f"coordinate {k} differs"
d = float(abs(a.values.astype("f8") - b.values.astype("f8")).max())
print("results agree: max |arrlang - xarray| =", d)
assert d < 1e-3
PY
