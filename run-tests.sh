#!/usr/bin/env bash
# Runs the test suite. Installs NumPy (for the parity test) and netCDF4, xarray and h5py (for
# the netCDF interop test) if python3 lacks them.
set -euo pipefail
cd "$(dirname "$0")"
# HDF5 (netCDF-4 reading) links against the system library: install it on a fresh Debian.
if ! pkg-config --exists hdf5 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update && $SUDO apt-get install -y libhdf5-dev pkg-config
fi
if ! python3 -c "import numpy" 2>/dev/null; then
  python3 -m pip install --quiet numpy || pip install --quiet numpy
fi
if ! python3 -c "import netCDF4, xarray, h5py" 2>/dev/null; then
  python3 -m pip install --quiet netCDF4 xarray h5py || pip install --quiet netCDF4 xarray h5py
fi
cargo test --release "$@"
