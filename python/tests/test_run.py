"""arrlang.run / arrlang.compile with NumPy inputs, checked against NumPy itself."""

import numpy as np
import pytest

import arrlang

rng = np.random.default_rng(0)


def close(got, want):
    assert isinstance(got, np.ndarray) or np.isscalar(got), type(got)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


@pytest.mark.parametrize("chunks", [None, 3, (2, 5)])
def test_elementwise_matches_numpy(chunks):
    x = rng.standard_normal((7, 11))
    y = rng.standard_normal((11,))
    got = arrlang.run("(2 * x + 1) ** 3 - exp(y) / 4", x=x, y=y, chunks=chunks)
    assert got.shape == (7, 11) and got.dtype == np.float64
    close(got, (2 * x + 1) ** 3 - np.exp(y) / 4)


@pytest.mark.parametrize("axis", [0, 1, None])
def test_reductions_with_axis(axis):
    x = rng.standard_normal((9, 6))
    ax = "" if axis is None else f"axis={axis}"
    for name in ["sum", "mean", "std", "min", "max"]:
        got = arrlang.run(f"x.{name}({ax})", x=x, chunks=4)
        close(got, getattr(x, name)(axis=axis))


def test_scalar_result_is_a_numpy_scalar():
    x = np.arange(10, dtype=np.int64)
    got = arrlang.run("x.sum()", x=x)
    assert isinstance(got, np.int64) and got == 45


def test_slicing_steps_and_reversal():
    x = rng.standard_normal((10, 8))
    close(arrlang.run("x[1:9:3, ::-2]", x=x, chunks=3), x[1:9:3, ::-2])
    close(arrlang.run("x[-1]", x=x, chunks=3), x[-1])


def test_matmul():
    a = rng.standard_normal((12, 7))
    b = rng.standard_normal((7, 5))
    got = arrlang.run("a @ b", a=a, b=b, chunks=4)
    np.testing.assert_allclose(got, a @ b, rtol=1e-12, atol=1e-12)


def test_where_and_nan():
    x = rng.standard_normal((6, 6))
    x[1, 2] = np.nan
    x[4, 0] = np.nan
    close(arrlang.run("where(isnan(x), 0.0, x)", x=x, chunks=4), np.where(np.isnan(x), 0.0, x))
    close(arrlang.run("nanmean(x, axis=0)", x=x, chunks=4), np.nanmean(x, axis=0))
    got = arrlang.run("x.sum()", x=x)
    assert np.isnan(got)


def test_boolean_mask_selection():
    x = rng.standard_normal(50)
    close(arrlang.run("x[x > 0]", x=x, chunks=7), x[x > 0])
    close(arrlang.run("x[x > 0].mean()", x=x, chunks=7), x[x > 0].mean())


def test_python_scalars_and_tuple_result():
    x = np.arange(12.0).reshape(3, 4)
    got = arrlang.run("x * k + b, x.shape", x=x, k=3, b=0.5)
    assert isinstance(got, tuple) and len(got) == 2
    close(got[0], x * 3 + 0.5)
    assert got[1] == (3, 4)


def test_non_contiguous_inputs_read_in_place():
    base = rng.standard_normal((20, 30))
    views = [base[::2, 5:25:3], base.T, base[::-1, ::-3], np.asfortranarray(base)]
    for v in views:
        close(arrlang.run("x + 1", x=v, chunks=4), v + 1)
    # A broadcast view (stride 0) too.
    b = np.broadcast_to(np.arange(5.0), (4, 5))
    close(arrlang.run("x * 2", x=b), b * 2)


def test_statements_names_and_get():
    x = rng.standard_normal((8, 8))
    p = arrlang.compile("m = x.mean(axis=0)\nd = x - m\ns = (d ** 2).sum()", x=x, chunks=3)
    assert p.run() is None  # the program ends with an assignment
    got = p.get("m", "s")
    close(got["m"], x.mean(axis=0))
    close(got["s"], ((x - x.mean(axis=0)) ** 2).sum())
    close(p["d"], x - x.mean(axis=0))


def test_compile_inspects_without_computing():
    x = np.ones((100, 100))
    p = arrlang.compile("(x * 2).sum(axis=1)", x=x, chunks=50)
    assert p.shape == (100,) and p.dtype == np.float64
    dot = p.graph_dot()
    assert dot.startswith("digraph") and "sum" in dot
    close(p.run(), np.full(100, 200.0))


def test_print_goes_to_stdout(capsys):
    got = arrlang.run("print(arange(3))\narange(2)")
    assert capsys.readouterr().out == "[0 1 2]\n"
    np.testing.assert_array_equal(got, [0, 1])


def test_inputs_dict_for_names_that_are_options():
    got = arrlang.run("chunks + 1", inputs={"chunks": np.arange(3)})
    np.testing.assert_array_equal(got, [1, 2, 3])


def test_threads_option_gives_the_same_answer():
    x = rng.standard_normal((30, 30))
    a = arrlang.run("(x ** 2).sum(axis=0)", x=x, chunks=7, threads=1)
    b = arrlang.run("(x ** 2).sum(axis=0)", x=x, chunks=7, threads=2)
    close(a, (x ** 2).sum(axis=0))
    np.testing.assert_array_equal(a, b)


def test_too_many_threads_are_capped_with_a_warning():
    x = np.arange(10.0)
    with pytest.warns(UserWarning, match="20000 threads capped at 256"):
        got = arrlang.run("x.sum()", x=x, threads=20000)
    assert got == 45.0


def test_calls_from_several_python_threads():
    # The GIL is released while computing: calls from threads run side by side and each
    # gets its own answer.
    import threading

    xs = [rng.standard_normal((40, 40)) for _ in range(4)]
    out = [None] * 4

    def work(i):
        out[i] = arrlang.run("(x @ x.T).sum(axis=0)", x=xs[i], chunks=16)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for x, got in zip(xs, out):
        np.testing.assert_allclose(got, (x @ x.T).sum(axis=0), rtol=1e-10, atol=1e-10)
