#!/usr/bin/env bash
# Builds arrlang (release) and runs the demo script.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p out
cargo build --release --quiet
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "demo: %e s wall, %M kB peak memory" ./target/release/arrlang examples/demo.arr
else
  ./target/release/arrlang examples/demo.arr
fi
