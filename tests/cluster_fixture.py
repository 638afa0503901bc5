"""A Dask LocalCluster on 127.0.0.1 for the cluster tests and bench/cluster.sh: prints one
JSON line {"address", "workers": [pids]} and runs until its stdin closes.
Usage: python3 tests/cluster_fixture.py [N_WORKERS] [THREADS_PER_WORKER]"""

import json
import sys


def main():
    from distributed import LocalCluster

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=threads,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    pids = [w.process.pid for w in cluster.workers.values()]
    print(json.dumps({"address": cluster.scheduler_address, "workers": pids}), flush=True)
    sys.stdin.read()
    cluster.close(timeout=10)


if __name__ == "__main__":
    main()
