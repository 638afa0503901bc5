"""Run arrlang task graphs on a Dask distributed cluster.

``arrlang --scheduler tcp://HOST:PORT script.arr`` compiles the script, then starts this
module as its driver: ``python3 -m arrlang.cluster --scheduler ADDR``. The driver connects a
``distributed.Client``, tells the CLI how many worker threads there are, reads the plan (one
JSON line on stdin), submits one Dask task per group of arrlang tasks and writes each result
the CLI asked for back on stdout as it completes. See ``src/cluster/mod.rs`` for the design.

Frames on stdout: a JSON line each; a ``result`` line is followed by ``len`` raw bytes. Every
group's key is held by this client until the scheduler reports it finished (then released
at once, so the scheduler frees its value as soon as its dependents ran): a group the CLI
does not want back is told as ``{"finished": k}``, so the CLI's progress bar follows the
scheduler's task states rather than only the results that come back.
Workers need the ``arrlang`` wheel installed (they call :func:`execute_group`).
"""

import argparse
import json
import signal
import sys

TASK_ERROR = "arrlang-task-error:"


def execute_group(plan, group, *deps):
    """Runs group ``group`` of ``plan`` (the worker-side JSON the CLI wrote) on the encoded
    results of the groups it depends on; returns its exported values, encoded (bytes)."""
    from arrlang import _native

    return _native.execute_task(plan, group, list(deps))


def _write(out, header, payload=None):
    out.write(json.dumps(header).encode() + b"\n")
    if payload is not None:
        out.write(payload)
    out.flush()


def _error_frame(exc):
    msg = str(exc)
    at = msg.find(TASK_ERROR)
    if at >= 0:
        try:
            return {"error": json.loads(msg[at + len(TASK_ERROR):])}
        except ValueError:
            pass
    return {"error": {"message": f"{type(exc).__name__}: {msg}"}}


def build_graph(request):
    """The Dask graph (old-style dict spec: key -> literal or task tuple) of a plan request,
    and the keys of the groups whose results the client wants back."""
    prefix = request["prefix"]
    plan_key = f"{prefix}-plan"
    dsk = {plan_key: request["plan"]}
    for k, g in enumerate(request["groups"]):
        deps = [f"{prefix}-{d}" for d in g["deps"]]
        dsk[f"{prefix}-{k}"] = (execute_group, plan_key, k, *deps)
    wanted = [f"{prefix}-{k}" for k in request["wanted"]]
    return dsk, wanted


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m arrlang.cluster")
    ap.add_argument("--scheduler", required=True, help="tcp://HOST:PORT")
    ap.add_argument("--timeout", default="10s", help="connection timeout")
    args = ap.parse_args(argv)
    out = sys.stdout.buffer

    # Anything a library prints must not mix with the frames.
    sys.stdout = sys.stderr
    futures = []
    client = None
    try:
        from distributed import Client, as_completed

        # distributed's sync `cancel` callback can raise inside tornado's loop while the
        # driver cancels after a task error (a race in distributed); it is logged as a
        # traceback that would bury arrlang's own report. Errors reach the CLI as frames.
        # (Set after the import: importing distributed configures these loggers.)
        import logging

        logging.getLogger("tornado.application").setLevel(logging.CRITICAL)

        try:
            client = Client(args.scheduler, timeout=args.timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            _write(out, {"error": {"message": f"cannot reach the Dask scheduler at `{args.scheduler}`: {e}"}})
            return 1
        nthreads = client.nthreads()
        _write(out, {"hello": {"threads": max(1, sum(nthreads.values())), "workers": len(nthreads)}})
        line = sys.stdin.readline()
        if not line:
            return 0
        request = json.loads(line)
        dsk, wanted = build_graph(request)
        if not wanted:
            _write(out, {"done": True})
            return 0
        wanted = set(wanted)
        keys = [k for k in dsk if k != f"{request['prefix']}-plan"]
        futures = client.get(dsk, keys, sync=False)
        # The client is not the default one: as_completed must be told its loop.
        for fut in as_completed(futures, loop=client.loop):
            if fut.status != "finished":
                exc = fut.exception()
                _write(out, _error_frame(exc))
                client.cancel(futures)
                return 1
            group = int(fut.key.rsplit("-", 1)[1])
            if fut.key in wanted:
                data = fut.result()
                _write(out, {"result": group, "len": len(data)}, data)
            else:
                _write(out, {"finished": group})
            fut.release()
        _write(out, {"done": True})
        return 0
    except KeyboardInterrupt:
        if client is not None and futures:
            client.cancel(futures)
        return 130
    finally:
        # The CLI signals the driver when it stops early (a task error, Ctrl-C): the
        # cleanup below must not be cut short by that signal into a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if client is not None:
            try:
                client.close(timeout=5)
            except Exception:
                pass


if __name__ == "__main__":
    sys.exit(main())
