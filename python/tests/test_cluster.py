"""arrlang.run on a Dask cluster: a real LocalCluster (2 worker processes on 127.0.0.1),
results compared with the same program run here (bit for bit) and with NumPy."""

import os
import time

import numpy as np
import pytest

import arrlang

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    c = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        yield c.scheduler_address
    finally:
        c.close(timeout=10)


def executed(addr, since):
    """arrlang groups each worker ran since the time `since`. The workers' logs are bounded
    (old entries fall out), so entries are counted by their time stamp, not before/after."""
    with distributed.Client(addr, set_as_default=False) as c:
        return c.run(
            lambda dask_worker: sum(
                1
                for t in dask_worker.state.log
                if str(t[0]).startswith("arrlang-")
                and t[1] == "executing"
                and t[2] == "memory"
                and t[-1] >= since
            )
        )


def test_run_on_a_cluster_matches_the_local_run_and_numpy(cluster):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((300, 200))
    w = rng.standard_normal(200).astype(np.float32)
    src = "y = (2 * x + k) ** 3 * w\n(y.sum(axis=0), y[::4].mean(0) - y[2::4].mean(0), x.std())"
    since = time.time()
    got = arrlang.run(src, x=x, w=w, k=1.5, chunks={"x": (4, 200)}, scheduler=cluster)
    here = arrlang.run(src, x=x, w=w, k=1.5, chunks={"x": (4, 200)})
    assert sum(executed(cluster, since).values()) > 0, "nothing ran on the workers"
    assert len(got) == 3
    for a, b in zip(got, here):
        assert np.asarray(a).dtype == np.asarray(b).dtype
        # Bit for bit: the same kernels on the same chunks, combined in the same order.
        assert np.array_equal(np.asarray(a), np.asarray(b)), (a, b)
    y = (2 * x + 1.5) ** 3 * w
    np.testing.assert_allclose(got[0], y.sum(axis=0), rtol=1e-9)
    np.testing.assert_allclose(got[1], y[::4].mean(0) - y[2::4].mean(0), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[2], x.std(), rtol=1e-12)


def test_the_environment_names_the_cluster_and_prints_come_back(cluster, monkeypatch, capsys):
    monkeypatch.setenv("ARRLANG_SCHEDULER", cluster)
    since = time.time()
    a = np.arange(24, dtype=np.int64).reshape(4, 6)
    p = arrlang.compile("print(a.sum())\nb = a * 2 + n\nb.T", a=a, n=3, chunks=2)
    got = p.run()
    assert capsys.readouterr().out == f"{a.sum()}\n"
    assert got.dtype == np.int64
    assert np.array_equal(got, (a * 2 + 3).T)
    assert np.array_equal(p["b"], a * 2 + 3)
    assert sum(executed(cluster, since).values()) > 0
    # `scheduler=False` runs here whatever the environment says.
    assert np.array_equal(arrlang.run("a + 1", a=a, scheduler=False), a + 1)


def test_a_failing_task_on_the_cluster_is_the_local_error(cluster):
    src = "solve(zeros((4, 4), chunks=2), ones((4,), chunks=2))"
    with pytest.raises(arrlang.ArrlangError) as here:
        arrlang.run(src)
    with pytest.raises(arrlang.ArrlangError) as there:
        arrlang.run(src, scheduler=cluster)
    assert there.value.code == here.value.code
    assert str(there.value).splitlines()[0] == str(here.value).splitlines()[0]


def test_inputs_files_are_removed_after_the_run(cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    p = arrlang.compile("x.sum()", x=np.ones((10, 10)), scheduler=cluster)
    assert p.run() == 100.0
    del p
    assert not [f for f in os.listdir(tmp_path) if f.startswith("arrlang-inputs-")]
