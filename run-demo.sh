#!/usr/bin/env bash
# Builds arrlang (release) and runs the demo script.
set -euo pipefail
cd "$(dirname "$0")"
# HDF5 (netCDF-4 reading) links against the system library: install it on a fresh Debian.
if ! pkg-config --exists hdf5 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update && $SUDO apt-get install -y libhdf5-dev pkg-config
fi
mkdir -p out
cargo build --release --quiet
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "demo: %e s wall, %M kB peak memory" ./target/release/arrlang examples/demo.arr
else
  ./target/release/arrlang examples/demo.arr
fi
