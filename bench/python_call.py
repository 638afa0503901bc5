"""Times arrlang called from Python (`pip install ./python` first):

1. per-call overhead of `arrlang.run` on small arrays against NumPy doing the same;
2. W1 `((2*x+1)**3).sum()` on random 20000x20000 (chunks 2000²): `arrlang.run` from Python
   against the `arrlang` CLI, alternated run by run (medians);
3. W1 on a NumPy array bound as input (10000x10000 float64, 800 MB; read in place),
   against NumPy itself.

    python3 bench/python_call.py [--rounds 3] [--cli target/release/arrlang]
"""

import argparse
import statistics
import subprocess
import sys
import time
import timeit

import numpy as np

import arrlang

W1 = "x = random((20000, 20000), chunks=(2000, 2000), seed=0)\n((2 * x + 1) ** 3).sum()"


def per_call(n_calls=300):
    # CPU time (all threads of the process) as well as wall time: on a loaded machine the
    # wall time of a sub-millisecond call is mostly waiting for a core.
    print(f"## per-call overhead (median of 5 x {n_calls} calls), µs per call: wall / CPU")
    print("| size | arrlang.run('x + 1') | numpy x + 1 | arrlang.run('x.sum()') | numpy x.sum() |"
          " arrlang.run('x + 1', threads=1) |")
    print("|---|---|---|---|---|---|")
    for size in (10, 1000, 100_000):
        x = np.arange(size, dtype=np.float64)
        row = []
        for stmt in (
            lambda: arrlang.run("x + 1", x=x),
            lambda: x + 1,
            lambda: arrlang.run("x.sum()", x=x),
            lambda: x.sum(),
            lambda: arrlang.run("x + 1", x=x, threads=1),
        ):
            wall = timeit.repeat(stmt, number=n_calls, repeat=5)
            cpu = timeit.repeat(stmt, number=n_calls, repeat=5, timer=time.process_time)
            w = statistics.median(wall) / n_calls * 1e6
            c = statistics.median(cpu) / n_calls * 1e6
            row.append(f"{w:.1f} / {c:.1f}")
        print(f"| {size} | " + " | ".join(row) + " |")


def w1(rounds, cli):
    print(f"\n## W1 20000², chunks 2000², {rounds} rounds alternated, seconds")
    py, sh = [], []
    want = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        v = arrlang.run(W1)
        py.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        out = subprocess.run([cli, "-e", W1], capture_output=True, text=True, check=True)
        sh.append(time.perf_counter() - t0)
        want = float(out.stdout.strip())
        assert abs(float(v) - want) <= 1e-9 * abs(want), (v, want)
    print(f"| arrlang.run | {statistics.median(py):.3f} | all: {', '.join(f'{t:.3f}' for t in py)} |")
    print(f"| CLI | {statistics.median(sh):.3f} | all: {', '.join(f'{t:.3f}' for t in sh)} |")
    print(f"ratio python/CLI: {statistics.median(py) / statistics.median(sh):.2f}; value {want}")


def w1_numpy_input(rounds):
    print(f"\n## W1 on a bound NumPy input, 10000² float64 (800 MB), {rounds} rounds, seconds")
    x = np.random.default_rng(0).random((10000, 10000))
    a, n = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        got = arrlang.run("((2 * x + 1) ** 3).sum()", x=x, chunks=2000)
        a.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ref = ((2 * x + 1) ** 3).sum()
        n.append(time.perf_counter() - t0)
        assert abs(got - ref) <= 1e-9 * abs(ref), (got, ref)
    print(f"| arrlang.run | {statistics.median(a):.3f} |")
    print(f"| NumPy | {statistics.median(n):.3f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cli", default="target/release/arrlang")
    ap.add_argument("--only", choices=["calls", "w1", "numpy"], default=None)
    a = ap.parse_args()
    if a.only in (None, "calls"):
        per_call()
    if a.only in (None, "w1"):
        w1(a.rounds, a.cli)
    if a.only in (None, "numpy"):
        w1_numpy_input(a.rounds)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
