#!/usr/bin/env bash
# W9 write: a computed 1.5 GB float32 array (362 x 721 x 1440, blocks of one 4-step slab)
# saved by arrlang to .npy, .nc (raw; deflate 4 + shuffle) and .zarr (zstd), beside NumPy's
# np.save, xarray's to_netcdf (same two encodings, chunks of one 4-step slab) and to_zarr
# (zstd, same chunks) and dd (the disk's sequential limit). T=... for a smaller array. Each run starts
# after `sync`, and the time counts the `sync` after it, so the page cache cannot hide the
# disk. Engines alternate round by round; medians and peak RSS are printed.
#   bench/w9_write.sh [ROUNDS=3]   (needs a release build, python3 with numpy, xarray, zarr>=3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-/tmp/arrlang-w9}
BIN=${ARRLANG:-target/release/arrlang}
mkdir -p "$OUT"
T=${T:-362}
SHAPE="($T, 721, 1440)"
MB=$(( T * 721 * 1440 * 4 / 1048576 ))
X="random($SHAPE, chunks=(4, 721, 1440), seed=0).astype(float32)"
declare -A CMD=(
  [dd]="dd if=/dev/zero of=$OUT/dd.bin bs=1M count=$MB status=none"
  [arrlang-npy]="$BIN --no-progress -e 'save(\"$OUT/a.npy\", $X)'"
  [arrlang-zarr]="$BIN --no-progress -e 'save(\"$OUT/a.zarr\", \"t2m\", $X, dims=(\"time\", \"lat\", \"lon\"))'"
  [arrlang-nc]="$BIN --no-progress -e 'save(\"$OUT/a.nc\", \"t2m\", $X, dims=(\"time\", \"lat\", \"lon\"))'"
  [arrlang-nc-z]="$BIN --no-progress -e 'save(\"$OUT/a.nc\", \"t2m\", $X, dims=(\"time\", \"lat\", \"lon\"), compress=True)'"
  [xarray-nc]="python3 -c 'import numpy as np, xarray as xr; x = xr.DataArray(np.random.default_rng(0).random($SHAPE, dtype=np.float32), dims=(\"time\", \"lat\", \"lon\"), name=\"t2m\"); x.to_netcdf(\"$OUT/x.nc\")'"
  [xarray-nc-z]="python3 -c 'import numpy as np, xarray as xr; x = xr.DataArray(np.random.default_rng(0).random($SHAPE, dtype=np.float32), dims=(\"time\", \"lat\", \"lon\"), name=\"t2m\"); x.to_netcdf(\"$OUT/x.nc\", encoding={\"t2m\": {\"zlib\": True, \"complevel\": 4, \"shuffle\": True, \"chunksizes\": (4, 721, 1440)}})'"
  [numpy-npy]="python3 -c 'import numpy as np; np.save(\"$OUT/n.npy\", np.random.default_rng(0).random($SHAPE, dtype=np.float32))'"
  [xarray-zarr]="python3 -c 'import numpy as np, xarray as xr; x = xr.DataArray(np.random.default_rng(0).random($SHAPE, dtype=np.float32), dims=(\"time\", \"lat\", \"lon\"), name=\"t2m\"); x.encoding[\"chunks\"] = (4, 721, 1440); x.to_dataset().to_zarr(\"$OUT/x.zarr\", mode=\"w\", zarr_format=3)'"
)
ORDER=(${ENGINES:-dd arrlang-npy numpy-npy arrlang-nc xarray-nc arrlang-nc-z xarray-nc-z arrlang-zarr xarray-zarr})
declare -A TIMES RSS
for r in $(seq 1 "$ROUNDS"); do
  for e in "${ORDER[@]}"; do
    rm -rf "$OUT"/*; sync
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$OUT.rss" bash -c "${CMD[$e]}"
    sync
    t1=$(date +%s.%N)
    TIMES[$e]+="$(echo "$t1 - $t0" | bc) "
    RSS[$e]=$(cat "$OUT.rss")
    echo "round $r $e $(echo "$t1 - $t0" | bc) s, $(( $(cat "$OUT.rss") / 1024 )) MB, $(du -sm "$OUT" | cut -f1) MB on disk"
  done
done
echo
echo "| engine | median s (incl. sync) | peak RSS MB |"
echo "|---|---|---|"
for e in "${ORDER[@]}"; do
  med=$(echo ${TIMES[$e]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "| $e | $med | $(( ${RSS[$e]} / 1024 )) |"
done
rm -rf "$OUT" "$OUT.rss"
