"""Runs one workload in one Python engine and prints its value:
`python peers.py ENGINE WORKLOAD [--check DIR]` with ENGINE numpy | dask | numexpr.
With --check, random inputs are read from DIR/<workload>-<input>.npy (written by harness.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import BY_NAME, scaled  # noqa: E402

engine, name = sys.argv[1], sys.argv[2]
check_dir = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--check" else None
w = BY_NAME[name]

import numpy as np  # noqa: E402

ns = {"np": np, "abs": abs}
if engine == "dask":
    import dask
    import dask.array as da

    dask.config.set(scheduler="threads")
    ns["da"] = da
if engine == "numexpr":
    import numexpr as ne

    ns["ne"] = ne

for inp in w.inputs:
    if check_dir:
        inp = scaled(inp, w.check)
    if inp.kind == "ones":
        v = da.ones(inp.shape, chunks=inp.chunks) if engine == "dask" else np.ones(inp.shape)
    elif check_dir:
        path = os.path.join(check_dir, f"{name}-{inp.name}.npy")
        v = np.load(path)
        if engine == "dask":
            v = da.from_array(v, chunks=inp.chunks)
    elif engine == "dask":
        v = da.random.default_rng(inp.seed).random(inp.shape, chunks=inp.chunks)
    else:
        v = np.random.default_rng(inp.seed).random(inp.shape)
    ns[inp.name] = v

stmts, expr = w.code.get(engine, (w.stmts, w.expr))
for s in stmts:
    exec(s, ns)
value = eval(expr, ns)
if engine == "dask" and hasattr(value, "compute"):
    value = value.compute()
print(repr(float(value)))
