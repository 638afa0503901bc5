#!/usr/bin/env bash
# W10 rechunk: a (T, 721, 1440) float32 Zarr store chunked one time step per chunk, rechunked
# to time series (T, 40, 40) into a new Zarr store under one memory limit, by arrlang
# (`--memory-limit`: staged through a spill directory), rechunker 0.5 (dask threaded
# executor, max_mem = the limit / 4 per task: 2 workers each hold a read and a write) and
# cubed (allowed_mem = the limit / 2 per task, 2 threads). Wall time (counting the `sync`
# after each run) and peak RSS from /usr/bin/time; engines alternate round by round.
#   T=963 LIMIT=512MB bench/w10_rechunk.sh   (4 GB; the issue's 20 GB is T=4815, LIMIT=2GB)
# TIMEOUT=2400: stop a run after that many seconds (reported as failed; default: none).
# CUBED_OUT=zstd: cubed writes its output with zstd-3 as arrlang does (default: zarr's
# default blosc lz4, cheaper to compress).
# Needs a release build and a python with zarr 2, dask, rechunker and cubed (PY=...; e.g.
# `python3 -m venv --system-site-packages /tmp/w10venv; /tmp/w10venv/bin/pip install
# rechunker cubed`): rechunker reads and writes Zarr format 2 only, so the input is v2.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${T:-963}
LIMIT=${LIMIT:-512MB}
LIMIT_B=$(python3 -c "print(int(float('${LIMIT%%[A-Za-z]*}') * {'MB': 10**6, 'GB': 10**9}['${LIMIT##*[0-9.]}']))")
ROUNDS=${ROUNDS:-1}
CUBED_OUT=${CUBED_OUT:-default}
PY=${PY:-/tmp/w10venv/bin/python}
OUT=${OUT:-/tmp/arrlang-w10}
BIN=${ARRLANG:-$PWD/target/release/arrlang}
mkdir -p "$OUT"
if [ ! -d "$OUT/in.zarr" ]; then
  echo "writing the input: $T x 721 x 1440 float32, one step per chunk"
  "$PY" - "$OUT/in.zarr" "$T" <<'EOF'
import sys, numpy as np, zarr, numcodecs
path, T = sys.argv[1], int(sys.argv[2])
z = zarr.open_array(path, mode="w", shape=(T, 721, 1440), chunks=(1, 721, 1440), dtype="f4",
                    compressor=numcodecs.Zstd(3), zarr_version=2)
z.attrs["_ARRAY_DIMENSIONS"] = ["time", "lat", "lon"]
rng = np.random.default_rng(0)
lat = np.linspace(-90, 90, 721, dtype="f4")[:, None]
for t in range(T):
    # A smooth field plus noise: compresses a little, as real temperatures do.
    z[t] = 280 + 20 * np.cos(np.radians(lat)) + rng.standard_normal((721, 1440), dtype="f4")
EOF
fi
declare -A CMD=(
  [arrlang]="$BIN --no-progress --stats --memory-limit $LIMIT -e 'save(\"$OUT/out.zarr\", \"t2m\", rechunk(load(\"$OUT/in.zarr\", chunks=(1, 721, 1440)), ($T, 40, 40)))'"
  [rechunker]="$PY -c '
import zarr, dask, rechunker
dask.config.set(scheduler=\"threads\", num_workers=2)
src = zarr.open_array(\"$OUT/in.zarr\", mode=\"r\")
p = rechunker.rechunk(src, target_chunks=($T, 40, 40), max_mem=$LIMIT_B // 4, target_store=\"$OUT/out.zarr\", temp_store=\"$OUT/tmp.zarr\")
p.execute()'"
  [cubed]="$PY -c '
import cubed, cubed.array_api as xp
from cubed.runtime.executors.local import ThreadsExecutor
spec = cubed.Spec(work_dir=\"$OUT/cubed-work\", allowed_mem=$LIMIT_B // 2)
x = cubed.from_zarr(\"$OUT/in.zarr\", spec=spec)
y = x.rechunk(($T, 40, 40))
if \"$CUBED_OUT\" == \"zstd\":
    import zarr, numcodecs
    z = zarr.open_array(\"$OUT/out.zarr\", mode=\"w\", shape=y.shape, chunks=($T, 40, 40), dtype=y.dtype, compressor=numcodecs.Zstd(3))
    cubed.store(y, z, executor=ThreadsExecutor(max_workers=2))
else:
    cubed.to_zarr(y, \"$OUT/out.zarr\", executor=ThreadsExecutor(max_workers=2))'"
)
ORDER=(${ENGINES:-arrlang rechunker cubed})
declare -A TIMES RSS
for r in $(seq 1 "$ROUNDS"); do
  for e in "${ORDER[@]}"; do
    rm -rf "$OUT/out.zarr" "$OUT/tmp.zarr" "$OUT/cubed-work"; sync
    t0=$(date +%s.%N)
    if ! /usr/bin/time -f "%M" -o "$OUT.rss" timeout "${TIMEOUT:-0}" bash -c "${CMD[$e]}" 2> "$OUT.err"; then
      echo "round $r $e FAILED:"; tail -5 "$OUT.err"; continue
    fi
    sync
    t1=$(date +%s.%N)
    TIMES[$e]+="$(echo "$t1 - $t0" | bc) "
    RSS[$e]=$(tail -1 "$OUT.rss")
    grep -h "spilled\|tasks:" "$OUT.err" || true
    echo "round $r $e $(echo "$t1 - $t0" | bc) s, peak RSS $(( ${RSS[$e]} / 1024 )) MB, out $(du -sm "$OUT/out.zarr" | cut -f1) MB"
  done
done
echo
echo "W10: ($T, 721, 1440) float32 (1, 721, 1440) -> ($T, 40, 40), limit $LIMIT"
echo "| engine | median s (incl. sync) | peak RSS MB |"
echo "|---|---|---|"
for e in "${ORDER[@]}"; do
  [ -n "${TIMES[$e]:-}" ] || { echo "| $e | failed | |"; continue; }
  med=$(echo ${TIMES[$e]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "| $e | $med | $(( ${RSS[$e]} / 1024 )) |"
done
[ -n "${KEEP:-}" ] || rm -rf "$OUT"
rm -f "$OUT.rss" "$OUT.err"
