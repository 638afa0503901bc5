"""Run arrlang task graphs on a Dask distributed cluster.

``arrlang --scheduler tcp://HOST:PORT script.arr`` compiles the script, then starts this
module as its driver: ``python3 -m arrlang.cluster --scheduler ADDR``. The driver connects a
``distributed.Client``, tells the CLI how many worker threads there are, reads the plan (one
JSON line on stdin), submits one Dask task per group of arrlang tasks (its value: the
group's one message, bytes, that every reader fetches) and writes each result the CLI asked
for back on stdout as it completes. See ``src/cluster/mod.rs`` for the design.

Frames on stdout: a JSON line each; a ``result`` line is followed by ``len`` raw bytes. Every
group's key is held by this client until the scheduler reports it finished (then released
at once, so the scheduler frees its value as soon as its dependents ran): a group the CLI
does not want back is told as ``{"finished": k}``, so the CLI's progress bar follows the
scheduler's task states rather than only the results that come back.
Workers need the ``arrlang`` wheel installed (they call :func:`execute_group`).

Kept driver (``ARRLANG_KEEP_DRIVER=SECONDS`` in the CLI): ``--serve SOCKET --idle SECONDS``
connects once, writes ``{"ready": true}`` (or an error frame) on stdout and closes it, then
serves CLI runs on the unix socket, one connection each, with the same frames (the hello
first, then one request line, then the results). A connection closed before ``done``
cancels its keys. The driver exits after SECONDS without a connection, when the scheduler
is gone, on SIGTERM, or on a ``{"stop": true}`` request line, removing its socket.
"""

import argparse
import itertools
import json
import os
import signal
import sys
import threading
import time

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


def build_graph(request, tag="0"):
    """The Dask graph (old-style dict spec: key -> literal or task tuple) of a plan request,
    the keys whose results the client wants back (key -> group) and the groups' own keys
    (key -> group). ``tag`` makes the keys unique per request. Each group is one key whose
    value is its one message (bytes): every reader fetches it."""
    prefix = f"{request['prefix']}-{tag}"
    plan_key = f"{prefix}-plan"
    dsk = {plan_key: request["plan"]}
    own = {}
    for k, g in enumerate(request["groups"]):
        key = f"{prefix}-{k}"
        own[key] = k
        dsk[key] = (execute_group, plan_key, k, *(f"{prefix}-{d}" for d in g["deps"]))
    wanted = {f"{prefix}-{k}": k for k in request["wanted"]}
    return dsk, wanted, own


_requests = itertools.count()


def _hello(client):
    nthreads = client.nthreads()
    return {"hello": {"threads": max(1, sum(nthreads.values())), "workers": len(nthreads)}}


class _Run:
    """One request's futures, so that a watcher thread can cancel them."""

    def __init__(self, client):
        self.client = client
        self.futures = []
        self.over = False
        self.lock = threading.Lock()

    def cancel(self):
        with self.lock:
            if not self.over and self.futures:
                self.client.cancel(self.futures)
            self.over = True


def run_request(client, request, out, run):
    """Submits the plan of ``request`` and writes its frames to ``out``; 0 when done.

    Groups are submitted as their inputs exist (a group's readers are submitted when the
    last group they read finishes), each depending on the futures of the groups it reads.
    ``build_graph`` gives the same graph at once, for reading."""
    from distributed import as_completed

    # Keys unique per request: a kept driver's later run of the same plan must not pick up
    # keys an earlier run has not released yet (its saves go to other temporary files).
    prefix = f"{request['prefix']}-{os.getpid()}-{next(_requests)}"
    plan = request["plan"]
    groups = request["groups"]
    back = set(request["wanted"])
    if not back:
        _write(out, {"done": True})
        return 0
    readers = [[] for _ in groups]
    for k, g in enumerate(groups):
        for d in g["deps"]:
            readers[d].append(k)
    missing = [len(g["deps"]) for g in groups]
    unread = [len(r) for r in readers]  # readers of each group not submitted yet
    done = {}  # group -> its future, while a reader is still to be submitted
    kinds = {}  # key -> group
    pending = as_completed(loop=client.loop)

    def submit_group(k):
        deps = [done[d] for d in groups[k]["deps"]]
        with run.lock:
            if run.over:
                return
            f = client.submit(execute_group, plan, k, *deps, key=f"{prefix}-{k}", pure=False)
            run.futures.append(f)
        kinds[f.key] = k
        pending.add(f)
        # The reader's future holds what it reads from now on.
        for d in groups[k]["deps"]:
            unread[d] -= 1
            if unread[d] == 0:
                done.pop(d).release()

    for k in range(len(groups)):
        if missing[k] == 0:
            submit_group(k)
    # The client is not the default one: as_completed must be told its loop.
    for fut in pending:
        if fut.status != "finished":
            if run.over:
                return 130
            exc = fut.exception()
            _write(out, _error_frame(exc))
            run.cancel()
            return 1
        k = kinds.pop(fut.key)
        if k in back:
            data = fut.result()
            _write(out, {"result": k, "len": len(data)}, data)
        else:
            # A group whose values stay on the cluster (the progress bar counts it).
            _write(out, {"finished": k})
        if readers[k]:
            done[k] = fut
        else:
            fut.release()
        for j in readers[k]:
            missing[j] -= 1
            if missing[j] == 0:
                submit_group(j)
        if run.over:
            return 130
    with run.lock:
        run.over = True
    _write(out, {"done": True})
    return 0


def _connect(args, out):
    from distributed import Client

    # distributed's sync `cancel` callback can raise inside tornado's loop while the
    # driver cancels after a task error (a race in distributed); it is logged as a
    # traceback that would bury arrlang's own report. Errors reach the CLI as frames.
    # (Set after the import: importing distributed configures these loggers.)
    import logging

    logging.getLogger("tornado.application").setLevel(logging.CRITICAL)
    try:
        return Client(args.scheduler, timeout=args.timeout, set_as_default=False)
    except (OSError, TimeoutError) as e:
        _write(out, {"error": {"message": f"cannot reach the Dask scheduler at `{args.scheduler}`: {e}"}})
        return None


def _serve_one(client, conn, stop):
    f = conn.makefile("rwb")
    run = _Run(client)
    try:
        _write(f, _hello(client))
        line = f.readline()
        if not line:
            return
        request = json.loads(line)
        if request.get("stop"):
            stop.set()
            return

        def watch():
            # The CLI writes nothing more: end of stream is the CLI gone (Ctrl-C, an error).
            try:
                while conn.recv(4096):
                    pass
            except OSError:
                pass
            run.cancel()

        threading.Thread(target=watch, daemon=True).start()
        run_request(client, request, f, run)
    except (OSError, ValueError):
        run.cancel()
    except Exception as e:  # a frame the CLI can show, if it still listens
        run.cancel()
        try:
            _write(f, _error_frame(e))
        except OSError:
            pass
    finally:
        try:
            f.close()
            conn.close()
        except OSError:
            pass


def serve(args, out):
    """The kept driver: see the module doc."""
    import socket

    path = args.serve
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
        probe.close()
        _write(out, {"ready": True})  # another driver serves this socket already
        return 0
    except OSError:
        probe.close()
    client = _connect(args, out)
    if client is None:
        return 1
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        old = os.umask(0o077)
        try:
            sock.bind(path)
        finally:
            os.umask(old)
        ino = os.stat(path).st_ino
        sock.listen(16)
        sock.settimeout(0.5)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        _write(out, {"ready": True})
        # Nothing more on stdout: the CLI that started this driver stops waiting for it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        out.close()
        threads = []
        last = time.monotonic()
        while not stop.is_set():
            threads = [t for t in threads if t.is_alive()]
            if threads:
                last = time.monotonic()
            elif time.monotonic() - last > args.idle or client.status not in ("running", "connecting"):
                break
            try:
                conn, _ = sock.accept()
            except socket.timeout:
                continue
            t = threading.Thread(target=_serve_one, args=(client, conn, stop), daemon=True)
            t.start()
            threads.append(t)
        return 0
    finally:
        sock.close()
        try:
            if os.stat(path).st_ino == ino:
                os.unlink(path)
        except (OSError, NameError):
            pass
        try:
            client.close(timeout=5)
        except Exception:
            pass


class _Interrupt:
    """SIGINT raises KeyboardInterrupt only while a run is in flight.

    The CLI signals the driver when it stops early (a task error, Ctrl-C) -- possibly
    just as the run ends on its own: a signal then must not cut the cleanup short into
    a traceback on the user's terminal.
    """

    armed = False

    @classmethod
    def handler(cls, signum, frame):
        if cls.armed:
            cls.armed = False
            raise KeyboardInterrupt


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m arrlang.cluster")
    ap.add_argument("--scheduler", required=True, help="tcp://HOST:PORT")
    ap.add_argument("--timeout", default="10s", help="connection timeout")
    ap.add_argument("--serve", metavar="SOCKET", help="keep running: serve CLI runs on this unix socket")
    ap.add_argument("--idle", type=float, default=600.0, help="with --serve: seconds without a run before exiting")
    args = ap.parse_args(argv)
    out = sys.stdout.buffer

    # Anything a library prints must not mix with the frames.
    sys.stdout = sys.stderr
    if args.serve:
        return serve(args, out)
    signal.signal(signal.SIGINT, _Interrupt.handler)
    client = None
    run = None
    try:
        _Interrupt.armed = True
        client = _connect(args, out)
        if client is None:
            return 1
        run = _Run(client)
        _write(out, _hello(client))
        line = sys.stdin.readline()
        if not line:
            return 0
        return run_request(client, json.loads(line), out, run)
    except KeyboardInterrupt:
        _Interrupt.armed = False
        if run is not None:
            run.cancel()
        return 130
    finally:
        _Interrupt.armed = False
        if client is not None:
            try:
                client.close(timeout=5)
            except Exception:
                pass


if __name__ == "__main__":
    try:
        code = main()
    except KeyboardInterrupt:
        # A signal that landed between the run's end and the handler disarming.
        code = 130
    sys.exit(code)
