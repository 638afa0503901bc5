#!/usr/bin/env bash
# Issue 13 B: arrlang on a Dask cluster, side by side on one LocalCluster (2 worker
# processes × 1 thread, 127.0.0.1): arrlang --scheduler, dask.array on the same cluster, and
# local arrlang (--threads 2), engines alternated, ROUNDS rounds. Workloads: W1
# ((2*x+1)**3).sum() over random 20000² (chunks 2000²) and W3 the climate demo's three
# pictures (90 compressed daily files, chunks (4,200,200); dask: xarray open_mfdataset with
# the same chunks, the three fields computed to NumPy). Whole-process wall time from
# /usr/bin/time; each Python engine also prints its compute time alone. W1 on the cluster
# runs with a driver per run (the default: import distributed + connect each time) and with
# a kept driver (ARRLANG_KEEP_DRIVER: the first run starts it, later runs reuse its
# connection — like dask's figure, which is compute on an already-connected client).
# WORK="W1" or "W3" runs one workload only. After each cluster run the bytes the workers
# sent (to each other and to clients: distributed's `transfer_outgoing_bytes_total`) are
# printed. NO_DASK=1 leaves dask out; DAYS=30 makes a smaller W3. PROFILE=1 starts the
# workers with ARRLANG_CLUSTER_PROFILE=1 and sums, after each arrlang cluster run, where the
# groups' seconds went on the workers (plan rebuild, decode, compute, encode; the rest of a
# group's wall time is Dask's: transfer, (un)pickling, scheduling). The cluster's stderr
# goes to $W/cluster.err.
# Needs: python3 with distributed, xarray, netCDF4 and the arrlang package built from this
# checkout (a venv: `PY=/tmp/venv/bin/python`; the CLI's driver and the workers use it too).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
export ARRLANG_PYTHON=$PY
ROUNDS=${ROUNDS:-3}
DAYS=${DAYS:-90}
DIR=${DIR:-/tmp/arrlang-w3}
W=${W:-/tmp/arrlang-cluster-bench}
WORK=${WORK:-W1 W3}   # which workloads
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
BIN=$PWD/target/release/arrlang
mkdir -p "$DIR/compressed" "$W"
if [ "$(ls "$DIR/compressed"/era-*.nc 2>/dev/null | wc -l)" != "$DAYS" ]; then
  sed -e "s/^days = .*/days = $DAYS/" -e "s|\"data/|\"$DIR/compressed/|" \
      examples/make_climate.arr > "$DIR/make-compressed.arr"
  "$BIN" "$DIR/make-compressed.arr"
fi

# The cluster: runs until its stdin closes.
mkfifo "$W/hold" 2>/dev/null || true
[ -z "${PROFILE:-}" ] || export ARRLANG_CLUSTER_PROFILE=1
: > "$W/cluster.err"
"$PY" -c '
import sys
from distributed import LocalCluster
c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                 dashboard_address=None)
print(c.scheduler_address, flush=True)
sys.stdin.read()
c.close()
' < "$W/hold" > "$W/addr" 2>> "$W/cluster.err" &
CLUSTER=$!
exec 3> "$W/hold"
trap 'exec 3>&-; wait $CLUSTER 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$W/addr" ] && break; sleep 0.2; done
ADDR=$(head -1 "$W/addr")
echo "LocalCluster at $ADDR"

cat > "$W/w1.arr" <<ARR
x = random((20000, 20000), chunks=(2000, 2000), seed=0)
print(((2 * x + 1) ** 3).sum())
ARR
cat > "$W/w1_dask.py" <<PY
import time, dask.array as da
from distributed import Client
c = Client("$ADDR")
x = da.random.random((20000, 20000), chunks=(2000, 2000))
t = time.perf_counter()
print(float(((2 * x + 1) ** 3).sum().compute()))
print(f"dask compute {time.perf_counter() - t:.2f} s")
PY
cat > "$W/w3.arr" <<ARR
x = load("$DIR/compressed/era-*.nc", "t2m", chunks=(4, 200, 200))
imshow(x.mean(0), cmap="bone", path="$W/a.png")
imshow(x[300] - x.mean(0), cmap="RdBu_r", path="$W/b.png")
imshow(x[::4].mean(0) - x[2::4].mean(0), cmap="RdBu_r", path="$W/c.png")
ARR
cat > "$W/w3_dask.py" <<PY
import time, dask, xarray as xr
from distributed import Client
c = Client("$ADDR")
t = time.perf_counter()
ds = xr.open_mfdataset("$DIR/compressed/era-*.nc", chunks={"time": 4, "latitude": 200, "longitude": 200},
                       combine="nested", concat_dim="time", parallel=True)
x = ds.t2m
m = x.mean("time")
a, b, d = dask.compute(m, x[300] - m, x[::4].mean("time") - x[2::4].mean("time"))
print(float(a.sum()), float(b.sum()), float(d.sum()))
print(f"dask compute {time.perf_counter() - t:.2f} s")
PY

tm() { /usr/bin/time -f "$1: %e s wall, %M kB peak RSS" "${@:2}"; }
# Bytes the workers have sent so far (summed over workers).
cat > "$W/moved.py" <<PY
from distributed import Client
with Client("$ADDR", set_as_default=False) as c:
    print(sum(c.run(lambda dask_worker: dask_worker.transfer_outgoing_bytes_total).values()))
PY
moved() { "$PY" "$W/moved.py"; }
# Runs "$@" timed (label $1) and prints the MB the workers sent meanwhile.
tm_moved() {
  local b0 b1 l0
  b0=$(moved)
  l0=$(wc -l < "$W/cluster.err")
  tm "$@"
  b1=$(moved)
  echo "$1: workers sent $(( (b1 - b0) / 1000000 )) MB"
  # The groups' own seconds on the workers (PROFILE=1), summed over both workers.
  tail -n +"$((l0 + 1))" "$W/cluster.err" | awk -v label="$1" '
    /^arrlang-profile / { n++; for (i = 2; i <= NF; i++) { split($i, kv, "="); s[kv[1]] += kv[2] } }
    END { if (n) printf "%s: %d groups; worker seconds: plan %.2f, decode %.2f, compute %.2f, encode %.2f; MB in %.0f, out %.0f\n",
          label, n, s["plan_s"], s["decode_s"], s["compute_s"], s["encode_s"], s["in_bytes"] / 1e6, s["out_bytes"] / 1e6 }'
}
# The driver's fixed cost, piece by piece (python start, import, connect, one tiny task).
cat > "$W/driver_cost.py" <<PY
import time, subprocess, sys
t0 = time.perf_counter()
import distributed
t1 = time.perf_counter()
c = distributed.Client("$ADDR", set_as_default=False)
c.nthreads()
t2 = time.perf_counter()
c.submit(sum, [1, 2], pure=False).result()
t3 = time.perf_counter()
c.close()
t4 = time.perf_counter()
print(f"driver cost: import distributed {t1 - t0:.2f} s, connect {t2 - t1:.2f} s, "
      f"one task round trip {t3 - t2:.3f} s, close {t4 - t3:.2f} s")
PY
tm "python3 -c pass (interpreter start)" "$PY" -c pass
tm "driver cost" "$PY" "$W/driver_cost.py"

# A kept driver (ARRLANG_KEEP_DRIVER): its socket in $W; stopped at the end.
KEEP="env TMPDIR=$W ARRLANG_KEEP_DRIVER=600"
stop_kept() {
  "$PY" - "$W" <<'PY'
import glob, socket, sys
for p in glob.glob(sys.argv[1] + "/arrlang-driver-*.sock"):
    s = socket.socket(socket.AF_UNIX); s.connect(p); s.makefile("rb").readline()
    s.sendall(b'{"stop": true}\n'); s.close()
PY
}
trap 'stop_kept 2>/dev/null || true; exec 3>&-; wait $CLUSTER 2>/dev/null || true' EXIT

case " $WORK " in *" W1 "*) for r in $(seq "$ROUNDS"); do
  tm_moved "W1 arrlang-cluster r$r (one-shot driver)" "$BIN" --no-progress --stats --scheduler "$ADDR" "$W/w1.arr"
  if [ "$r" = 1 ]; then
    tm "W1 arrlang-cluster r$r (kept driver, cold: starts it)" $KEEP "$BIN" --no-progress --scheduler "$ADDR" "$W/w1.arr"
  fi
  tm "W1 arrlang-cluster r$r (kept driver, warm)" $KEEP "$BIN" --no-progress --scheduler "$ADDR" "$W/w1.arr"
  [ -n "${NO_DASK:-}" ] || tm_moved "W1 dask-cluster    r$r" "$PY" "$W/w1_dask.py"
  tm "W1 arrlang-local   r$r" "$BIN" --no-progress --threads 2 "$W/w1.arr"
done ;; esac
case " $WORK " in *" W3 "*) for r in $(seq "$ROUNDS"); do
  tm_moved "W3 arrlang-cluster r$r (one-shot driver)" "$BIN" --no-progress --stats --scheduler "$ADDR" "$W/w3.arr"
  # netCDF4 under dask's threads sometimes fails a read ("NetCDF: HDF error"): noted, not fatal.
  [ -n "${NO_DASK:-}" ] || tm_moved "W3 dask-cluster    r$r" "$PY" "$W/w3_dask.py" \
    || echo "W3 dask-cluster    r$r: FAILED (its error above)"
  tm "W3 arrlang-local   r$r" "$BIN" --no-progress --threads 2 "$W/w3.arr"
done ;; esac
