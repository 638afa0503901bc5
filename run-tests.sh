#!/usr/bin/env bash
# Runs the test suite. Installs NumPy (for the parity test) and netCDF4, xarray and h5py (for
# the netCDF interop test) and zarr 3 (the Zarr interop test) if python3 lacks them, then
# builds the Python package (`python/`, with maturin) and runs its pytest suite.
set -euo pipefail
cd "$(dirname "$0")"
# HDF5 (netCDF-4 reading) links against the system library: install it on a fresh Debian.
if ! pkg-config --exists hdf5 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update && $SUDO apt-get install -y libhdf5-dev pkg-config
fi
# pip where python3 allows it; Debian's own python3 (PEP 668) needs the flag or its packages.
pip_install() {
  python3 -m pip install --quiet "$@" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "$@" 2>/dev/null \
    || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
         # No pip at all (a bare Debian): get it from apt, then the packages from PyPI —
         # Debian's own xarray/numpy are too old for zarr 3.
         $SUDO apt-get update && $SUDO apt-get install -y python3 python3-pip python3-dev \
           && python3 -m pip install --quiet --break-system-packages "$@"; }
}
python3 -c "import numpy" 2>/dev/null || pip_install numpy
python3 -c "import netCDF4, xarray, h5py" 2>/dev/null || pip_install netCDF4 xarray h5py
# zarr-python 3 (Zarr interop test: stores it and xarray write are read, ours are read back).
python3 -c "import zarr; assert int(zarr.__version__.split('.')[0]) >= 3" 2>/dev/null \
  || pip_install "zarr>=3"
# moto's S3 server and boto3 (the object-store tests start the server on 127.0.0.1).
python3 -c "import moto.server, flask, flask_cors, boto3" 2>/dev/null || pip_install "moto[server]"
# Dask's distributed scheduler (the cluster tests start a LocalCluster on 127.0.0.1).
python3 -c "import distributed" 2>/dev/null || pip_install "dask[distributed]"
# The Python package: maturin builds it into the shared target dir (the workspace's), so
# the core crate compiled for `cargo test --release` is reused.
python3 -c "import maturin, pytest" 2>/dev/null || pip_install "maturin>=1.5,<2" pytest
# Installed before `cargo test`: the cluster tests' Dask workers call the package's kernels.
if [ "$#" -eq 0 ]; then
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --no-build-isolation ./python
fi
cargo test --release "$@"
if [ "$#" -eq 0 ]; then
  python3 -m pytest -q python/tests
fi
