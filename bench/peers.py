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
    elif workload == "w8_matmul":
        a = rng.random((4000, 4000)); b = rng.random((4000, 4000))
        print((a @ b).sum())
    elif workload == "w6_svd":
        x = rng.random((1000000, 100))
        u, s, v = np.linalg.svd(x, full_matrices=False)
        print(s[:3], (u * u).sum(), (v * v).sum())
    elif workload == "w6_svd_compressed":
        sys.exit("numpy has no randomized SVD")
else:
    import dask
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
    elif workload == "w8_matmul":
        a = rng.random((4000, 4000), chunks=(1000, 1000)); b = rng.random((4000, 4000), chunks=(1000, 1000))
        print((a @ b).sum().compute())
    elif workload == "w6_svd":
        x = rng.random((1000000, 100), chunks=(50000, 100))
        u, s, v = da.linalg.svd(x)
        print(*dask.compute(s[:3], (u * u).sum(), (v * v).sum()))
    elif workload == "w6_svd_compressed":
        x = rng.random((20000, 5000), chunks=(2000, 2500))
        u, s, v = da.linalg.svd_compressed(x, 100, n_power_iter=2, seed=2)
        print(*dask.compute(s[:3], (u * u).sum(), (v * v).sum()))
