#!/usr/bin/env bash
# Runs the test suite. Installs NumPy (for the parity test) and netCDF4, xarray and h5py (for
# the netCDF interop test) if python3 lacks them.
set -euo pipefail
cd "$(dirname "$0")"
if ! python3 -c "import numpy" 2>/dev/null; then
  python3 -m pip install --quiet numpy || pip install --quiet numpy
fi
if ! python3 -c "import netCDF4, xarray, h5py" 2>/dev/null; then
  python3 -m pip install --quiet netCDF4 xarray h5py || pip install --quiet netCDF4 xarray h5py
fi
cargo test --release "$@"
