"""The workloads of bench/run, one definition each, shared by every engine.

A workload has inputs (random arrays, or `ones`), statements and a final expression whose
value every engine prints. Statements are written once where the syntax is common to arrlang,
NumPy and dask (it usually is); `code` overrides them per engine where it is not.
In check mode the inputs shrink by `check` along every axis and random inputs are read from
.npy files that NumPy wrote, so every engine computes on the same numbers and the answers
can be compared.
"""
from dataclasses import dataclass, field


@dataclass
class Input:
    name: str
    shape: tuple
    chunks: tuple
    kind: str = "random"  # random | ones
    seed: int = 0


@dataclass
class Workload:
    name: str
    title: str
    inputs: list
    expr: str  # the printed value, after `stmts`
    stmts: list = field(default_factory=list)
    engines: tuple = ("arrlang", "numpy", "dask")
    code: dict = field(default_factory=dict)  # engine -> (stmts, expr) override
    check: int = 10  # shrink factor for the correctness check
    note: str = ""
    compare: bool = True  # False: engines draw different numbers or print no comparable value
    needs: str = ""  # a path that must exist (else the workload is skipped)


def rand(name, shape, chunks, seed=0):
    return Input(name, shape, chunks, "random", seed)


WORKLOADS = [
    Workload("sum_random", "`random((20000,20000), chunks=(2000,2000)).sum()`",
             [rand("x", (20000, 20000), (2000, 2000))], "x.sum()"),
    Workload("w1_fused", "W1 `((2*x + 1)**3).sum()`, x 20000×20000 random, chunks 2000²",
             [rand("x", (20000, 20000), (2000, 2000))], "((2 * x + 1) ** 3).sum()",
             engines=("arrlang", "numpy", "dask", "numexpr"),
             code={"numexpr": ([], "ne.evaluate('sum((2 * x + 1) ** 3)')")}),
    Workload("w2_gram", "W2 `(x.T.dot(y) - y.mean(axis=0)).sum()`, 100000×500, chunks (5000,500)",
             [rand("x", (100000, 500), (5000, 500), 1), rand("y", (100000, 500), (5000, 500), 2)],
             "(x.T.dot(y) - y.mean(axis=0)).sum()"),
    Workload("w2_centre", "W2 `abs(x - x.mean(0)).mean()`, 100000×500, chunks (5000,500)",
             [rand("x", (100000, 500), (5000, 500), 1)], "abs(x - x.mean(0)).mean()"),
    Workload("w4_big_mean", "W4 `random((100000,50000), chunks=(5000,5000)).mean()` (40 GB)",
             [rand("x", (100000, 50000), (5000, 5000))], "x.mean()",
             engines=("arrlang", "dask"), check=100,
             note="NumPy would need 40 GB of memory (this machine has 24 GB)"),
    Workload("w5_overhead_100k", "W5 `ones((2000000,), chunks=20).sum()` (100k chunks)",
             [Input("x", (2000000,), (20,), "ones")], "x.sum()", check=100),
    Workload("w5_overhead_1m", "W5 `ones((20000000,), chunks=20).sum()` (1M chunks)",
             [Input("x", (20000000,), (20,), "ones")], "x.sum()", engines=("arrlang", "numpy"),
             check=100, note="dask: ~200 µs/task would take minutes; measured at 100k instead"),
    Workload("w7_mask", "W7 `x[x > 0].mean()`, x = random(2e8, chunks=1e7)*2 - 1",
             [rand("x", (200000000,), (10000000,))], "x[x > 0].mean()",
             stmts=["x = x * 2 - 1"], check=1000),
    Workload("w6_svd", "W6 `u, s, v = svd(x, full_matrices=False)`, x 1000000×100, chunks (50000,100)",
             [rand("x", (1000000, 100), (50000, 100))],
             "s.sum() + abs(u[:, 0]).sum() + abs(v[0]).sum()", stmts=["u, s, v = svd(x, full_matrices=False)"],
             code={"numpy": (["u, s, v = np.linalg.svd(x, full_matrices=False)"],
                             "s.sum() + abs(u[:, 0]).sum() + abs(v[0]).sum()"),
                   # dask's svd is always thin (it has no full_matrices)
                   "dask": (["u, s, v = da.linalg.svd(x)"],
                            "s.sum() + abs(u[:, 0]).sum() + abs(v[0]).sum()")}),
    Workload("w6_svd_compressed",
             "W6 `svd_compressed(x, 100, n_power_iter=2)`, x 20000×5000, chunks (2000,2500)",
             [rand("x", (20000, 5000), (2000, 2500))],
             "s[0] + 0 * (abs(u).sum() + abs(v).sum())",
             stmts=["u, s, v = svd_compressed(x, 100, n_power_iter=2, seed=2)"],
             engines=("arrlang", "dask"),
             code={"dask": (["u, s, v = da.linalg.svd_compressed(x, 100, n_power_iter=2, seed=2)"],
                            "s[0] + 0 * (abs(u).sum() + abs(v).sum())")},
             note="NumPy has no randomized SVD; the check compares the top singular value"),
    Workload("w8_matmul", "W8 `(a @ b).sum()`, 4000×4000, chunks 1000²",
             [rand("a", (4000, 4000), (1000, 1000), 1), rand("b", (4000, 4000), (1000, 1000), 2)],
             "(a @ b).sum()", check=4),
]

# Rows of issue 14's table that the workloads above do not cover.
W3_DIR = "/tmp/arrlang-w3"  # bench/w3_climate.sh writes the files (DIR=... to change)
SAVE_PATH = "/tmp/arrlang-bench-save.npy"


def w3(kind):
    load = f'x = load("{W3_DIR}/{kind}/era-*.nc", "t2m", chunks=(4, 200, 200))'
    return Workload(
        f"w3_{kind}", f"W3 three climate fields, 90 {kind} daily files, chunks (4,200,200)", [],
        "(x[::4].mean(0) - x[2::4].mean(0)).sum()", engines=("arrlang",), compare=False,
        needs=f"{W3_DIR}/{kind}/era-090.nc",
        code={"arrlang": ([load, "m = x.mean(0)", "print(m.sum(), (x[300] - m).sum())"],
                          "(x[::4].mean(0) - x[2::4].mean(0)).sum()")})


WORKLOADS += [
    Workload("normal_sum", "`normal((20000,20000), chunks=(2000,2000)).sum()` (4e8 normals)", [],
             "normal((20000, 20000), chunks=(2000, 2000), seed=0).sum()",
             engines=("arrlang", "numpy"), compare=False,
             code={"numpy": ([], "np.random.default_rng(0).standard_normal((20000, 20000)).sum()")}),
    w3("compressed"),
    w3("raw"),
    Workload("save_npy", "save 20000×20000 float32 (1.6 GB) to `.npy`, then `sync`",
             [rand("x", (20000, 20000), (2000, 2000))], "0",
             stmts=[f'save("{SAVE_PATH}", x.astype(float32))'], engines=("arrlang", "numpy"),
             compare=False,
             code={"numpy": ([f'np.save("{SAVE_PATH}", x.astype(np.float32))'], "0")}),
    Workload("transpose_mean", "`(x + x.T).mean(0).sum()`, x 8000×8000, chunks 2000²",
             [rand("x", (8000, 8000), (2000, 2000))], "(x + x.T).mean(0).sum()"),
]

# Issue 11's rows: scans, order statistics, sorting and search.
WORKLOADS += [
    Workload("cumsum", "`cumsum(x, axis=0).sum()`, x 20000×20000, chunks 2000²",
             [rand("x", (20000, 20000), (2000, 2000))], "cumsum(x, axis=0).sum()",
             code={"numpy": ([], "np.cumsum(x, axis=0).sum()"),
                   "dask": ([], "da.cumsum(x, axis=0).sum()")}),
    Workload("median_axis0", "`median(x, axis=0).sum()`, x 2000×1,000,000, chunks (2000,10000)",
             [rand("x", (2000, 1000000), (2000, 10000))], "median(x, axis=0).sum()",
             engines=("arrlang", "dask"),
             code={"dask": ([], "da.median(x, axis=0).sum()")},
             check=100,
             note="issue 11's size: 16 GB of float64, more than NumPy can hold here with its copy"),
    Workload("histogram", "`histogram(x, 100, range=(0, 1))`, x 1e9 random, chunks 1e7",
             [rand("x", (1000000000,), (10000000,))],
             "(histogram(x, 100, range=(0, 1))[0] * arange(100)).sum()",
             engines=("arrlang", "dask"), check=1000,
             code={"dask": ([], "(da.histogram(x, bins=100, range=(0, 1))[0]"
                                " * np.arange(100)).sum()")},
             note="NumPy would hold 8 GB of input; dask needs range= (no data-dependent edges)"),
]

BY_NAME = {w.name: w for w in WORKLOADS}


def scaled(inp, factor):
    """The input shrunk for the correctness check (at least one chunk of at least 1)."""
    shape = tuple(max(1, s // factor) for s in inp.shape)
    chunks = tuple(max(1, min(c // factor, s)) for c, s in zip(inp.chunks, shape))
    return Input(inp.name, shape, chunks, inp.kind, inp.seed)
