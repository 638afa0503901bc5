"""bench/run's driver: every workload in every engine as a separate process, alternated round
by round, with median wall time and peak RSS (from wait4), ratios to arrlang from the same run,
a correctness check on shared input files, and the machine's own limits for scale."""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from workloads import BY_NAME, SAVE_PATH, W3_DIR, WORKLOADS, scaled  # noqa: E402

ARRLANG = os.path.join(ROOT, "target", "release", "arrlang")
# Another arrlang binary (main's, say) timed as engine "before", alternated with this one.
BEFORE = os.environ.get("BEFORE")
# The rows of issue 14's table (`--issue14` runs just these).
ISSUE14 = ["sum_random", "w1_fused", "normal_sum", "w6_svd", "w6_svd_compressed", "w3_compressed",
           "w3_raw", "w5_overhead_1m", "w8_matmul", "w2_gram", "save_npy", "transpose_mean"]
NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|nan|inf")


def arrlang_script(w, check_dir):
    lines = []
    for inp in w.inputs:
        if check_dir:
            inp = scaled(inp, w.check)
        chunks = "(" + ", ".join(map(str, inp.chunks)) + ("," if len(inp.chunks) == 1 else "") + ")"
        shape = "(" + ", ".join(map(str, inp.shape)) + ("," if len(inp.shape) == 1 else "") + ")"
        if inp.kind == "ones":
            src = f"ones({shape}, chunks={chunks})"
        elif check_dir:
            src = f'load("{check_dir}/{w.name}-{inp.name}.npy", chunks={chunks})'
        else:
            src = f"random({shape}, chunks={chunks}, seed={inp.seed})"
        lines.append(f"{inp.name} = {src}")
    stmts, expr = w.code.get("arrlang", (w.stmts, w.expr))
    return "\n".join(lines + stmts + [expr]) + "\n"


def command(engine, w, py, check_dir, tmp):
    if engine in ("arrlang", "before"):
        path = os.path.join(tmp, f"{w.name}{'-check' if check_dir else ''}.arr")
        with open(path, "w") as f:
            f.write(arrlang_script(w, check_dir))
        cmd = [ARRLANG if engine == "arrlang" else BEFORE, "--no-progress", path]
    else:
        cmd = [py, os.path.join(HERE, "peers.py"), engine, w.name]
        cmd += ["--check", check_dir] if check_dir else []
    if w.name == "save_npy":
        # What is written counts once it is on disk: the `sync` is timed, earlier output not.
        return ["sh", "-c", f'"$@" && sync && rm -f {SAVE_PATH}', "sh", *cmd]
    return cmd


def run_measured(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    out = p.stdout.read().decode()
    err = p.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    last = out.strip().splitlines()[-1] if out.strip() else ""
    return secs, ru.ru_maxrss / 1024, last


def value_of(line):
    """The number an engine printed last (after any `np.float64(` wrapper)."""
    tok = NUMBER.search(line.split("(")[-1])
    return float(tok.group(0)) if tok else None


def write_check_inputs(py, dirname, names):
    code = (
        "import sys, numpy as np\nsys.path.insert(0, %r)\nfrom workloads import BY_NAME, scaled\n"
        "for n in %r:\n"
        "    w = BY_NAME[n]\n"
        "    for inp in w.inputs:\n"
        "        inp = scaled(inp, w.check)\n"
        "        if inp.kind == 'random':\n"
        "            a = np.random.default_rng(100 + inp.seed).random(inp.shape)\n"
        "            np.save(%r + '/' + n + '-' + inp.name + '.npy', a)\n" % (HERE, names, dirname)
    )
    subprocess.run([py, "-c", code], check=True)


def limits(py):
    """The machine's limits, measured with NumPy, zlib and dd: {key: (label, value, unit)}."""
    code = r"""
import os, subprocess, tempfile, time, zlib, numpy as np
def best(f, n=3):
    t = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
    return min(t)
a = np.ones(2**27); b = np.empty_like(a)          # 1 GiB each
s = best(lambda: np.copyto(b, a)); print(f"copy|memory bandwidth (copy, 1 core)|{2 * a.nbytes / s / 1e9:.2f}|GB/s")
m = np.random.default_rng(0).random((4000, 4000))
s = best(lambda: m @ m); print(f"dgemm|dgemm 4000² (NumPy's BLAS, all cores)|{2 * 4000**3 / s / 1e9:.1f}|GFLOP/s")
r = np.random.default_rng(0)
s = best(lambda: r.random(10**8)); print(f"rng|uniform RNG (NumPy PCG64, 1 core)|{1e8 / s / 1e6:.0f}|M numbers/s")
f = (280 + np.cumsum(r.normal(size=4 * 721 * 1440)) * 0.01).astype("f4")
raw = f.view("u1").reshape(-1, 4).T.copy().tobytes()          # shuffled, as netCDF stores it
z = zlib.compress(raw, 4)
s = best(lambda: zlib.decompress(z)); print(f"zlib|deflate decode (zlib, 1 core)|{len(raw) / s / 1e6:.0f}|MB/s out")
d = tempfile.mkdtemp(prefix="arrlang-limits-", dir="/tmp")
p = os.path.join(d, "f")
a.tofile(p)
s = best(lambda: np.fromfile(p)); print(f"pagecache|page-cache file read (1 core)|{a.nbytes / s / 1e9:.2f}|GB/s")
os.remove(p); subprocess.run(["sync"])
t0 = time.perf_counter()
subprocess.run(["dd", "if=/dev/zero", "of=" + p, "bs=1M", "count=1526", "conv=fdatasync"],
               check=True, capture_output=True)
s = time.perf_counter() - t0
print(f"dd|disk write (dd 1.6 GB, conv=fdatasync)|{1526 * 2**20 / s / 1e6:.0f}|MB/s")
os.remove(p); os.rmdir(d)
"""
    out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True).stdout
    rows = [l.split("|") for l in out.strip().splitlines()]
    return {k: (label, float(v), unit) for k, label, v, unit in rows}


def ensure_w3_files(ws):
    """Writes W3's 90 daily files (compressed and uncompressed, as bench/w3_climate.sh does:
    examples/make_climate.arr pointed at W3_DIR) for the W3 rows among `ws` when missing."""
    for w in ws:
        if not w.name.startswith("w3_") or os.path.exists(w.needs):
            continue
        kind = w.name[len("w3_"):]
        os.makedirs(os.path.join(W3_DIR, kind), exist_ok=True)
        with open(os.path.join(ROOT, "examples", "make_climate.arr")) as f:
            src = f.read()
        src = re.sub(r"(?m)^days = .*$", "days = 90", src).replace('"data/', f'"{W3_DIR}/{kind}/')
        src = src.replace("compress=True", f"compress={kind == 'compressed'}")
        script = os.path.join(W3_DIR, f"make-{kind}.arr")
        with open(script, "w") as f:
            f.write(src)
        print(f"writing W3's {kind} files to {W3_DIR}/{kind} ...", flush=True)
        subprocess.run([ARRLANG, "--no-progress", script], check=True)


def w3_limits(py):
    """W3's inflate limit: every stored chunk of the compressed files (read raw with h5py)
    inflated by libdeflate, the decoder arrlang uses, on one core (ctypes; best of 2)."""
    code = r"""
import ctypes, ctypes.util, glob, math, sys, time, h5py
from ctypes import POINTER, byref, c_size_t, c_void_p, c_char_p
lib = ctypes.CDLL(ctypes.util.find_library("deflate") or "libdeflate.so.0")
lib.libdeflate_alloc_decompressor.restype = c_void_p
lib.libdeflate_zlib_decompress.argtypes = [c_void_p, c_char_p, c_size_t, c_void_p, c_size_t,
                                           POINTER(c_size_t)]
d = lib.libdeflate_alloc_decompressor()
stored, size = [], 0
for p in sorted(glob.glob(sys.argv[1] + "/compressed/era-*.nc")):
    with h5py.File(p, "r") as f:
        v = f["t2m"]
        ds = v.id
        size = max(size, v.dtype.itemsize * math.prod(v.chunks))
        for i in range(ds.get_num_chunks()):
            stored.append(ds.read_direct_chunk(ds.get_chunk_info(i).chunk_offset)[1])
out = ctypes.create_string_buffer(size)
n = c_size_t()
best, total = None, 0
for _ in range(2):
    t0, total = time.perf_counter(), 0
    for c in stored:
        if lib.libdeflate_zlib_decompress(d, c, len(c), out, size, byref(n)) != 0:
            raise SystemExit("libdeflate failed on a stored chunk")
        total += n.value
    s = time.perf_counter() - t0
    best = s if best is None else min(best, s)
print(f"libdeflate|deflate decode of W3's chunks (libdeflate, 1 core)|{total / best / 1e6:.0f}|MB/s out")
print(f"w3stored|W3's compressed files: stored chunk bytes ({total / 1e6:.0f} MB decoded)|{sum(map(len, stored)) / 1e6:.0f}|MB")
"""
    try:
        out = subprocess.run([py, "-c", code, W3_DIR], check=True, capture_output=True,
                             text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"W3 inflate limit not measured: {getattr(e, 'stderr', e)}", flush=True)
        return {}
    rows = [l.split("|") for l in out.strip().splitlines()]
    return {k: (label, float(v), unit) for k, label, v, unit in rows}


def transpose_tasks(tmp, binary=ARRLANG):
    """Tasks of the optimized graph of `(x + x.T).mean(0)` that only transpose."""
    src = "x = random((8000, 8000), chunks=(2000, 2000), seed=0)\n(x + x.T).mean(0).sum()\n"
    path = os.path.join(tmp, "transpose-graph.arr")
    with open(path, "w") as f:
        f.write(src)
    dot = subprocess.run([binary, "--emit-graph", path], check=True, capture_output=True,
                         text=True).stdout
    return len(re.findall(r'label="transpose \(', dot))


def issue_table(med, rss, lim, ncores, tmp):
    """Issue 14's rows: arrlang's figure, the machine's limit for it (how it is bounded),
    and the figure as % of the limit (limit time / arrlang time; 100% = at the limit)."""
    dgemm = lim["dgemm"][1] * 1e9
    rows = []
    engines = ["before", "arrlang"] if BEFORE else ["arrlang"]

    def fig(key, e):
        t = med.get((key, e))
        return f"{t:.2f} s, {rss[(key, e)]:.0f} MB" if t is not None else "—"

    def pct(key, e, limit_s):
        t = med.get((key, e))
        return f"{100 * limit_s / t:.0f}%" if t and limit_s else "—"

    def row(what, key, limit_s, basis, target):
        lim_txt = f"{limit_s:.2f} s" if limit_s else "—"
        figs = " | ".join(fig(key, e) for e in engines)
        pcts = " → ".join(pct(key, e, limit_s) for e in engines)
        rows.append(f"| {what} | {figs} | {lim_txt}: {basis} | {pcts} | {target} |")

    t_unif = med.get(("sum_random", "arrlang"))
    row("W1 `((2*x+1)**3).sum()` 20000²", "w1_fused", t_unif,
        "`random(...).sum()` of the same array, same run (the draws and one pass)", "≤ 0.25 s")
    if t_unif:
        def rate(e):
            t = med.get(("normal_sum", e))
            return f"{t:.2f} s = {4e8 / t / ncores / 1e6:.0f} M/s/core (wall)" if t else "—"
        figs = " | ".join(rate(e) for e in engines)
        pcts = " → ".join(pct("normal_sum", e, t_unif) for e in engines)
        rows.append(f"| `normal(...)` 4e8 values | {figs} | {t_unif:.2f} s: uniform draws of the "
                    f"same count | {pcts} | ≥ 500 M/s/core |")
    row("W6 `svd` 1e6×100", "w6_svd", 4e10 / dgemm, "4e10 TSQR flops at dgemm speed", "≤ 1.5 s, ≤ 1 GB")
    row("W6 `svd_compressed` 20000×5000 k=100", "w6_svd_compressed", 1.1e11 / dgemm,
        "1.1e11 flops at dgemm speed", "≤ 1.5 s")
    nbytes = 360 * 721 * 1440 * 4
    if "libdeflate" in lim:
        inflate, decoder = lim["libdeflate"][1] * 1e6, "libdeflate, the decoder in use,"
    else:
        inflate, decoder = lim["zlib"][1] * 1e6, "zlib's rate (libdeflate, in use, is faster)"
    row("W3 climate, compressed files", "w3_compressed", nbytes / (inflate * ncores),
        f"{nbytes / 1e9:.2f} GB inflated by {decoder} on {ncores} cores", "≤ 1.5 s, ≤ 300 MB")
    row("W3 climate, uncompressed files", "w3_raw", nbytes / (lim["pagecache"][1] * 1e9),
        f"{nbytes / 1e9:.2f} GB from the page cache, 1 core", "≤ 0.6 s")
    row("W5 1M-chunk `ones(...).sum()`", "w5_overhead_1m", 2e7 * 8 / (lim["copy"][1] * 1e9),
        "reading 2e7 float64 once at the copy bandwidth (the work itself is nothing)",
        "< 1 s, < 300 MB")
    row("W8 `(a @ b).sum()` 4000²", "w8_matmul", 2 * 4000**3 / dgemm, "1.28e11 flops at dgemm speed",
        "≤ 1.4 s")
    if rss.get(("w2_gram", "arrlang")):
        figs = " | ".join(fig("w2_gram", e) for e in engines)
        pcts = " → ".join(f"{100 * 110 / rss[('w2_gram', e)]:.0f}%" if rss.get(("w2_gram", e))
                          else "—" for e in engines)
        rows.append(f"| W2 gram `x.T.dot(y)` memory | {figs} | 110 MB: two threads' x and y blocks "
                    f"(20 MB each) and their products, no transposed copy | {pcts} | ≤ 110 MB |")
    row("save 1.6 GB float32 to `.npy`", "save_npy", 1526 * 2**20 / (lim["dd"][1] * 1e6),
        "`dd` of the same bytes with `conv=fdatasync`, same run", "≤ 1.3× `dd`")
    try:
        figs = []
        for e in engines:
            n = transpose_tasks(tmp, BEFORE if e == "before" else ARRLANG)
            figs.append(f"{fig('transpose_mean', e)}, {n} transpose tasks")
        rows.append(f"| `(x + x.T).mean(0)` graph | {' | '.join(figs)} | 0 transpose tasks: a "
                    f"transpose as an index permutation inside the fused program | — | fused |")
    except (OSError, subprocess.CalledProcessError) as e:
        rows.append(f"| `(x + x.T).mean(0)` graph | failed: {e} | | | fused |")
    cols = " | ".join(f"arrlang {e}" if e == "before" else "arrlang" for e in engines)
    pc = "% of limit (before → after)" if BEFORE else "% of limit"
    head = ["", "Issue 14's rows: arrlang against the machine's limit for each (same run):", "",
            f"| workload | {cols} | limit: what bounds it | {pc} | target |",
            "|---|" + "---|" * (len(engines) + 3)]
    return head + rows


def engines_of(w):
    """The engines that run workload `w`: "before" beside arrlang when BEFORE is set."""
    return (["before"] if BEFORE and "arrlang" in w.engines else []) + list(w.engines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workloads", nargs="*")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", 3)))
    ap.add_argument("--py", default=sys.executable)
    ap.add_argument("--engines", default="arrlang,numpy,dask,numexpr")
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--no-limits", action="store_true")
    ap.add_argument("--out", default=None)
    ap.add_argument("--issue14", action="store_true", help="only the rows of issue 14's table")
    a = ap.parse_args()
    wanted = a.engines.split(",")
    if BEFORE:
        wanted.append("before")
    names = a.workloads or (ISSUE14 if a.issue14 else None)
    ws = [BY_NAME[n] for n in names] if names else WORKLOADS
    ensure_w3_files(ws)
    skipped = [w.name for w in ws if w.needs and not os.path.exists(w.needs)]
    if skipped:
        print(f"skipped (input files missing; see bench/w3_climate.sh): {skipped}", flush=True)
    ws = [w for w in ws if w.name not in skipped]
    tmp = tempfile.mkdtemp(prefix="arrlang-bench-")
    lines = []

    # 1. correctness: every engine on the same (small) inputs.
    write_check_inputs(a.py, tmp, [w.name for w in ws])
    checks = {}
    for w in ws:
        if not w.compare:
            checks[w.name] = (None, {})
            continue
        vals = {}
        for e in engines_of(w):
            if e in wanted:
                vals[e] = value_of(run_measured(command(e, w, a.py, tmp, tmp))[2])
        ref = vals.get("numpy", next(iter(vals.values())))
        ok = all(v is not None and abs(v - ref) <= 1e-6 * max(1.0, abs(ref)) for v in vals.values())
        checks[w.name] = (ok, vals)
        print(f"check {w.name}: {'ok' if ok else 'MISMATCH'} {vals}", flush=True)
    if a.check_only:
        return 0 if all(ok is not False for ok, _ in checks.values()) else 1

    # 2. timing: engines alternated within each round.
    times = {}
    for w in ws:
        for r in range(a.rounds):
            for e in engines_of(w):
                if e not in wanted:
                    continue
                secs, rss, _ = run_measured(command(e, w, a.py, None, tmp))
                times.setdefault((w.name, e), []).append((secs, rss))
                print(f"{w.name} {e} round {r + 1}: {secs:.2f} s, {rss:.0f} MB", flush=True)

    engines = [e for e in ["before", "arrlang", "numpy", "dask", "numexpr"] if e in wanted]
    head = "| workload | " + " | ".join(engines) + " | best peer ÷ arrlang | same answer |"
    lines += [f"# bench/run, {datetime.datetime.now():%Y-%m-%d %H:%M}", "",
              f"{os.cpu_count()} cores; medians of {a.rounds} rounds (engines alternated); "
              "time and peak RSS per engine.", "", head, "|" + "---|" * (len(engines) + 3)]
    for w in ws:
        cells, med = [], {}
        for e in engines:
            m = times.get((w.name, e))
            if not m:
                cells.append("—")
                continue
            med[e] = statistics.median(s for s, _ in m)
            cells.append(f"{med[e]:.2f} s, {max(r for _, r in m):.0f} MB")
        peers = [med[e] for e in med if e not in ("arrlang", "before")]
        ratio = f"{min(peers) / med['arrlang']:.1f}×" if peers and "arrlang" in med else "—"
        ok = {True: "yes", False: "NO", None: "—"}[checks[w.name][0]]
        lines.append(f"| {w.title} | " + " | ".join(cells) + f" | {ratio} | {ok} |")
    notes = [f"- {w.name}: {w.note}" for w in ws if w.note]
    if notes:
        lines += ["", *notes]
    if not a.no_limits:
        lim = limits(a.py)
        if any(w.name.startswith("w3_") for w in ws):
            lim.update(w3_limits(a.py))
        lines += ["", "Machine limits (NumPy, zlib and dd on this machine, same run):", "",
                  "| what | figure |", "|---|---|"]
        lines += [f"| {label} | {v:g} {unit} |" for label, v, unit in lim.values()]
        med = {k: statistics.median(s for s, _ in m) for k, m in times.items()}
        rss = {k: max(r for _, r in m) for k, m in times.items()}
        lines += issue_table(med, rss, lim, os.cpu_count(), tmp)
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    out = a.out or os.path.join(HERE, "results", f"{datetime.date.today()}.md")
    if os.path.exists(out) and not a.out:
        out = out[:-3] + f"-{datetime.datetime.now():%H%M}.md"
    with open(out, "w") as f:
        f.write(text)
    print(f"written to {os.path.relpath(out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
