#!/usr/bin/env bash
# The main demo: arrlang writes a synthetic ERA-like season of 6-hourly global 2-metre
# temperature (one compressed netCDF-4 file a day, data/era-*.nc; DAYS=365 for a year), then
# examples/climate.arr reads it lazily and draws three pictures into out/.
set -euo pipefail
cd "$(dirname "$0")"
# HDF5 (netCDF-4 files) links against the system library: install it on a fresh Debian.
if ! pkg-config --exists hdf5 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update && $SUDO apt-get install -y libhdf5-dev pkg-config
fi
cargo build --release --quiet
DAYS=${DAYS:-90}
mkdir -p out data
timed() { if [ -x /usr/bin/time ]; then /usr/bin/time -f "$1: %e s wall, %M kB peak memory" "${@:2}"; else "${@:2}"; fi; }
if [ "$(ls data/era-*.nc 2>/dev/null | wc -l)" != "$DAYS" ]; then
  rm -f data/era-*.nc
  sed "s/^days = .*/days = $DAYS/" examples/make_climate.arr > out/make_climate.arr
  timed "writing $DAYS days" ./target/release/arrlang out/make_climate.arr
fi
climate=examples/climate.arr
if [ "$DAYS" -lt 76 ]; then  # the anomaly picture shows field 300 (day 76)
  sed "s/x\[300\]/x[$((DAYS * 4 / 2))]/" examples/climate.arr > out/climate.arr
  climate=out/climate.arr
fi
timed "three pictures" ./target/release/arrlang "$climate"
echo "The pictures are in $(pwd)/out/ (imshow-*.png); the data in $(pwd)/data/."
