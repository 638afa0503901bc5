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
from workloads import BY_NAME, WORKLOADS, scaled  # noqa: E402

ARRLANG = os.path.join(ROOT, "target", "release", "arrlang")
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
    if engine == "arrlang":
        path = os.path.join(tmp, f"{w.name}{'-check' if check_dir else ''}.arr")
        with open(path, "w") as f:
            f.write(arrlang_script(w, check_dir))
        return [ARRLANG, path]
    cmd = [py, os.path.join(HERE, "peers.py"), engine, w.name]
    return cmd + (["--check", check_dir] if check_dir else [])


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
    """The machine's limits, measured with NumPy and zlib, for scale."""
    code = r"""
import time, zlib, numpy as np
def best(f, n=3):
    t = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
    return min(t)
a = np.ones(2**27); b = np.empty_like(a)          # 1 GiB each
s = best(lambda: np.copyto(b, a)); print(f"memory bandwidth (copy, 1 core)|{2 * a.nbytes / s / 1e9:.1f} GB/s")
m = np.random.default_rng(0).random((4000, 4000))
s = best(lambda: m @ m); print(f"dgemm 4000² (NumPy's BLAS, all cores)|{2 * 4000**3 / s / 1e9:.1f} GFLOP/s")
r = np.random.default_rng(0)
s = best(lambda: r.random(10**8)); print(f"uniform RNG (NumPy PCG64, 1 core)|{1e8 / s / 1e6:.0f} M numbers/s")
f = (280 + np.cumsum(r.normal(size=4 * 721 * 1440)) * 0.01).astype("f4")
raw = f.view("u1").reshape(-1, 4).T.copy().tobytes()          # shuffled, as netCDF stores it
z = zlib.compress(raw, 4)
s = best(lambda: zlib.decompress(z)); print(f"deflate decode (zlib, 1 core)|{len(raw) / s / 1e6:.0f} MB/s out")
"""
    out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True).stdout
    return [l.split("|") for l in out.strip().splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workloads", nargs="*")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", 3)))
    ap.add_argument("--py", default=sys.executable)
    ap.add_argument("--engines", default="arrlang,numpy,dask,numexpr")
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--no-limits", action="store_true")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    wanted = a.engines.split(",")
    ws = [BY_NAME[n] for n in a.workloads] if a.workloads else WORKLOADS
    tmp = tempfile.mkdtemp(prefix="arrlang-bench-")
    lines = []

    # 1. correctness: every engine on the same (small) inputs.
    write_check_inputs(a.py, tmp, [w.name for w in ws])
    checks = {}
    for w in ws:
        vals = {}
        for e in w.engines:
            if e in wanted:
                vals[e] = value_of(run_measured(command(e, w, a.py, tmp, tmp))[2])
        ref = vals.get("numpy", next(iter(vals.values())))
        ok = all(v is not None and abs(v - ref) <= 1e-6 * max(1.0, abs(ref)) for v in vals.values())
        checks[w.name] = (ok, vals)
        print(f"check {w.name}: {'ok' if ok else 'MISMATCH'} {vals}", flush=True)
    if a.check_only:
        return 0 if all(ok for ok, _ in checks.values()) else 1

    # 2. timing: engines alternated within each round.
    times = {}
    for w in ws:
        for r in range(a.rounds):
            for e in w.engines:
                if e not in wanted:
                    continue
                secs, rss, _ = run_measured(command(e, w, a.py, None, tmp))
                times.setdefault((w.name, e), []).append((secs, rss))
                print(f"{w.name} {e} round {r + 1}: {secs:.2f} s, {rss:.0f} MB", flush=True)

    engines = [e for e in ["arrlang", "numpy", "dask", "numexpr"] if e in wanted]
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
        peers = [med[e] for e in med if e != "arrlang"]
        ratio = f"{min(peers) / med['arrlang']:.1f}×" if peers and "arrlang" in med else "—"
        ok = "yes" if checks[w.name][0] else "NO"
        lines.append(f"| {w.title} | " + " | ".join(cells) + f" | {ratio} | {ok} |")
    notes = [f"- {w.name}: {w.note}" for w in ws if w.note]
    if notes:
        lines += ["", *notes]
    if not a.no_limits:
        lines += ["", "Machine limits (NumPy/zlib on this machine, same run):", "",
                  "| what | figure |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in limits(a.py)]
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
