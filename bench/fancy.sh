#!/usr/bin/env bash
# Fancy indexing (issue 11's bench): `x[:, idx].sum()` with K random column indices from an
# N x M float64 random array (chunks R x C), arrlang against dask.array, side by side,
# engines alternated. Wall time and peak RSS from /usr/bin/time.
# arrlang's indices are computed (random), so every output block reads every block of its
# rows; dask's are a NumPy array (known before computing), its usual form.
# PY: a Python with dask (default python3). N M R C K ROUNDS as below; SCALE=5 divides N by 5.
# BEFORE=/path/to/another/arrlang also runs that binary in each round (before/after a change);
# ARRLANG: the binary measured (default target/release/arrlang).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
SCALE=${SCALE:-1}
N=${N:-$((100000 / SCALE))}
M=${M:-20000}
R=${R:-10000}
C=${C:-2000}
K=${K:-10000}
ROUNDS=${ROUNDS:-2}
DIR=$(mktemp -d /tmp/fancy-bench-XXXX)
trap 'rm -rf "$DIR"' EXIT
ARRLANG=${ARRLANG:-./target/release/arrlang}
[ -x "$ARRLANG" ] || cargo build --release --quiet -j 2
cat > "$DIR/fancy.arr" <<ARR
x = random(($N, $M), chunks=($R, $C), seed=0)
idx = (random(($K,), seed=1) * $M).astype(int64)
print(x[:, idx].sum())
ARR
cat > "$DIR/fancy.py" <<PY
import numpy as np, dask, dask.array as da
dask.config.set({"array.slicing.split_large_chunks": False})
x = da.random.default_rng(0).random(($N, $M), chunks=($R, $C))
idx = (np.random.default_rng(1).random($K) * $M).astype(np.int64)
print(float(x[:, idx].sum().compute()))
PY
echo "x: $N x $M float64, chunks $R x $C; $K column indices; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  if [ -n "${BEFORE:-}" ]; then
    /usr/bin/time -f "before  round $round: %e s wall, %M kB peak RSS" "$BEFORE" "$DIR/fancy.arr"
  fi
  /usr/bin/time -f "arrlang round $round: %e s wall, %M kB peak RSS" "$ARRLANG" "$DIR/fancy.arr"
  /usr/bin/time -f "dask    round $round: %e s wall, %M kB peak RSS" "$PY" "$DIR/fancy.py"
done
