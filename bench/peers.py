"""The peers' side of bench/run: `python peers.py ENGINE WORKLOAD` with ENGINE numpy|dask."""
import sys

engine, workload = sys.argv[1], sys.argv[2]
if engine == "numpy":
    import numpy as np

    rng = np.random.default_rng(0)
    if workload == "sum_random":
        print(rng.random((20000, 20000)).sum())
    elif workload == "w1_fused":
        x = rng.random((20000, 20000))
        print(((2 * x + 1) ** 3).sum())
    elif workload == "w2_gram":
        x = rng.random((100000, 500)); y = rng.random((100000, 500))
        print((x.T.dot(y) - y.mean(axis=0)).sum())
    elif workload == "w2_centre":
        x = rng.random((100000, 500))
        print(abs(x - x.mean(0)).mean())
else:
    import dask.array as da

    rng = da.random.default_rng(0)
    if workload == "sum_random":
        print(rng.random((20000, 20000), chunks=(2000, 2000)).sum().compute())
    elif workload == "w1_fused":
        x = rng.random((20000, 20000), chunks=(2000, 2000))
        print(((2 * x + 1) ** 3).sum().compute())
    elif workload == "w2_gram":
        x = rng.random((100000, 500), chunks=(5000, 500)); y = rng.random((100000, 500), chunks=(5000, 500))
        print((x.T.dot(y) - y.mean(axis=0)).sum().compute())
    elif workload == "w2_centre":
        x = rng.random((100000, 500), chunks=(5000, 500))
        print(abs(x - x.mean(0)).mean().compute())
