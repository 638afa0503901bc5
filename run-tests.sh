#!/usr/bin/env bash
# Runs the test suite. Installs NumPy (for the parity test) if python3 lacks it.
set -euo pipefail
cd "$(dirname "$0")"
if ! python3 -c "import numpy" 2>/dev/null; then
  python3 -m pip install --quiet numpy || pip install --quiet numpy
fi
cargo test --release "$@"
