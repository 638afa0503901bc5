"""Dtype round trips, results handed over without copies, and errors as exceptions."""

import pickle

import numpy as np
import pytest

import arrlang


@pytest.mark.parametrize("dtype", [np.bool_, np.int32, np.int64, np.float32, np.float64])
def test_dtype_round_trip(dtype):
    x = (np.arange(24) % 5).astype(dtype).reshape(4, 6)
    got = arrlang.run("x", x=x, chunks=(3, 4))
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, x)


@pytest.mark.parametrize(
    "expr, want",
    [
        ("a + b", lambda a, b: a + b),  # int32 + float32 -> float64, as numpy
        ("a * 2", lambda a, b: a * 2),  # int32 stays int32 (weak Python scalar)
        ("b / 2", lambda a, b: b / 2),  # float32 stays float32
        ("a / 2", lambda a, b: a / 2),  # true division of ints -> float64
        ("a > 2", lambda a, b: a > 2),
        ("a.sum(axis=0)", lambda a, b: a.sum(axis=0)),  # int32 sums to int64
    ],
)
def test_promotion_matches_numpy(expr, want):
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    b = np.linspace(0, 1, 12, dtype=np.float32).reshape(3, 4)
    got = arrlang.run(expr, a=a, b=b, chunks=2)
    ref = want(a, b)
    assert got.dtype == ref.dtype, (expr, got.dtype, ref.dtype)
    np.testing.assert_allclose(got, ref, rtol=1e-6)


@pytest.mark.parametrize(
    "dtype, to", [(np.int8, np.int32), (np.uint16, np.int32), (np.uint32, np.int64), (np.float16, np.float32)]
)
def test_narrow_dtypes_are_widened(dtype, to):
    x = np.arange(10).astype(dtype)
    got = arrlang.run("x", x=x)
    assert got.dtype == np.dtype(to)
    np.testing.assert_array_equal(got, x.astype(to))


def test_big_endian_input():
    x = np.arange(6, dtype=">f8")
    got = arrlang.run("x * 2", x=x)
    np.testing.assert_array_equal(got, np.arange(6.0) * 2)


def test_unsupported_dtype_is_a_type_error():
    with pytest.raises(TypeError, match="complex128"):
        arrlang.run("x", x=np.zeros(3, dtype=complex))


def test_result_owns_its_buffer_without_a_copy():
    # One block: the computed block's buffer itself becomes the array's memory; the
    # array's base is the Rust-side owner, not another ndarray.
    x = np.arange(1000.0)
    got = arrlang.run("x * 2", x=x)
    assert got.flags.c_contiguous and got.flags.writeable
    assert got.base is not None and not isinstance(got.base, np.ndarray)
    assert not np.shares_memory(got, x)
    # Several blocks are joined once on the Rust side, then handed over the same way.
    got = arrlang.run("x * 2", x=x, chunks=100)
    assert got.base is not None and not isinstance(got.base, np.ndarray)
    np.testing.assert_array_equal(got, x * 2)


def test_error_is_arrlang_error_with_code_and_report():
    x = np.ones((3, 4))
    with pytest.raises(arrlang.ArrlangError) as e:
        arrlang.run("x + ones((5,))", x=x)
    assert e.value.code == "E0201"
    text = str(e.value)
    assert "E0201" in text and "cannot broadcast shapes `(3, 4)` and `(5,)`" in text
    assert "x + ones((5,))" in text  # the source line, with the span marked
    assert "\x1b[" not in text  # no colours


def test_unknown_name_and_syntax_errors():
    with pytest.raises(arrlang.ArrlangError) as e:
        arrlang.run("y + 1", x=np.ones(3))
    assert e.value.code == "E0101" and "unknown name `y`" in str(e.value)
    with pytest.raises(arrlang.ArrlangError) as e:
        arrlang.run("x +* 1", x=np.ones(3))
    assert e.value.code == "E0001"


def test_runtime_error_from_a_computation():
    a = np.zeros((3, 3))
    with pytest.raises(arrlang.ArrlangError) as e:
        arrlang.run("inv(a)", a=a)
    assert e.value.code == "E0401" and "singular" in str(e.value)


def test_bad_chunks_are_reported():
    with pytest.raises(arrlang.ArrlangError) as e:
        arrlang.run("x", x=np.ones((3, 3)), chunks={"x": (1, 2, 3)})
    assert e.value.code == "E0102"


def test_error_pickles():
    e = arrlang.ArrlangError("error[E0201]: ...", "E0201")
    e2 = pickle.loads(pickle.dumps(e))
    assert e2.code == "E0201" and str(e2) == str(e)
