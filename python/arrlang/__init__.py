"""arrlang from Python: run arrlang programs on NumPy arrays and xarray DataArrays.

    >>> import numpy as np, arrlang
    >>> arrlang.run("(2 * x + 1).sum(axis=0)", x=np.arange(6.0).reshape(2, 3))
    array([ 8., 12., 16.])

Inputs are bound to names: NumPy arrays (read in place, chunk by chunk, by the workers:
never copied whole; do not write to them while a computation runs), xarray DataArrays
(their dims, coordinates, attributes and name become the array's labels), and Python
bool/int/float/str. The value of the program's last statement, when it is a bare
expression, comes back: arrays as NumPy arrays that own the computed buffer (no copy),
0-d results as NumPy scalars, tuples as tuples, labelled arrays as DataArrays. `print`,
earlier bare expressions and pictures write to `sys.stdout` as a script would.
"""

import os
import sys
import tempfile

import numpy as np

from . import _native

__all__ = ["ArrlangError", "Program", "compile", "run"]

# Options of run/compile; an input with one of these names goes in `inputs=`.
_OPTIONS = ("inputs", "chunks", "threads", "xarray", "scheduler")


class ArrlangError(Exception):
    """An arrlang diagnostic: `str(e)` is the report (code, message, the source with the
    span marked, notes), `e.code` the code (`"E0201"` ...)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code

    def __reduce__(self):
        return (type(self), (str(self), self.code))


# Dtypes converted (copied) on the way in, to the nearest dtype arrlang has.
_WIDEN = {
    np.dtype(np.int8): np.int32,
    np.dtype(np.int16): np.int32,
    np.dtype(np.uint8): np.int32,
    np.dtype(np.uint16): np.int32,
    np.dtype(np.uint32): np.int64,
    np.dtype(np.float16): np.float32,
}
_NATIVE = {np.dtype(t) for t in (np.bool_, np.int32, np.int64, np.float32, np.float64)}


def _array(name, a):
    """A NumPy array arrlang can read in place (a copy only for other dtypes, non-native
    byte order or unaligned buffers)."""
    a = np.asarray(a)
    dt = a.dtype
    if dt.byteorder not in ("=", "|") and dt.newbyteorder("=") in _NATIVE:
        return np.ascontiguousarray(a, dtype=dt.newbyteorder("="))
    if dt in _WIDEN:
        return a.astype(_WIDEN[dt])
    if dt == np.uint64:
        if a.size and a.max() > np.iinfo(np.int64).max:
            raise TypeError(f"input `{name}`: uint64 values above int64's range")
        return a.astype(np.int64)
    if dt not in _NATIVE:
        raise TypeError(
            f"input `{name}`: dtype {dt} is not supported "
            "(bool, int32, int64, float32, float64 and narrower ints/floats)"
        )
    if not a.flags.aligned:
        return a.copy()
    return a


def _is_dataarray(v):
    return type(v).__name__ == "DataArray" and hasattr(v, "dims") and hasattr(v, "coords")


def _attrs(attrs):
    """Attributes arrlang keeps: text, numbers and sequences of numbers."""
    out = []
    for k, v in attrs.items():
        if isinstance(v, (str, bool, int, float, np.integer, np.floating)):
            out.append((str(k), v.item() if isinstance(v, np.generic) else v))
        elif isinstance(v, (list, tuple, np.ndarray)):
            arr = np.asarray(v)
            if arr.ndim == 1 and arr.dtype.kind in "iuf":
                out.append((str(k), arr.tolist()))
    return out


_EPOCH = np.datetime64("1970-01-01T00:00:00", "ns")


def _coord(c):
    """One coordinate as (values, attrs): datetimes as CF times (seconds since 1970)."""
    values = c.values
    attrs = _attrs(c.attrs)
    if values.dtype.kind == "M":
        values = (values.astype("datetime64[ns]") - _EPOCH) / np.timedelta64(1, "s")
        attrs = [(k, v) for k, v in attrs if k not in ("units", "calendar")]
        attrs += [("units", "seconds since 1970-01-01 00:00:00"), ("calendar", "proleptic_gregorian")]
    elif values.dtype.kind not in "biuf":
        return None
    return (_array(c.name, values), attrs)


def _input(name, v):
    """(name, value, labels) for the native binder."""
    if _is_dataarray(v):
        labels = {
            "dims": [str(d) for d in v.dims],
            "name": None if v.name is None else str(v.name),
            "attrs": _attrs(v.attrs),
            "coords": [_coord(v.coords[d]) if d in v.coords else None for d in v.dims],
        }
        return (name, _array(name, v.values), labels)
    if isinstance(v, (bool, int, float, str)) or v is None:
        return (name, v, None)
    if isinstance(v, np.generic) and v.ndim == 0 and v.dtype.kind in "biuf":
        return (name, v.item(), None)
    return (name, _array(name, v), None)


def _chunks(spec, inputs):
    """`chunks=`: an int (every axis of every array input), a tuple (per axis, every
    array input of that many axes) or a dict of input names to either."""
    if spec is None:
        return None
    out = {}
    for name, value, _ in inputs:
        if not isinstance(value, np.ndarray):
            continue
        s = spec.get(name) if isinstance(spec, dict) else spec
        if s is None:
            continue
        if isinstance(s, int):
            s = (s,) * value.ndim
        s = tuple(int(k) for k in s)
        if len(s) == value.ndim or isinstance(spec, dict):
            out[name] = s
    return out


def _to_dataarray(array, labels):
    import xarray as xr

    dims = labels["dims"] or [f"dim_{k}" for k in range(array.ndim)]
    coords = {}
    for c in labels["coords"]:
        if c is None:
            continue
        cname, values, cattrs, dtype, text = c
        cattrs = dict(cattrs)
        if text is not None:
            coords[cname] = xr.Variable((cname,), np.array(text), cattrs)
        else:
            coords[cname] = xr.Variable((cname,), values.astype(dtype), cattrs)
    da = xr.DataArray(array, dims=dims, name=labels["name"], attrs=dict(labels["attrs"]))
    if coords:
        ds = xr.Dataset(coords=coords)
        # CF time coordinates (`units: days since ...`) decode to datetime64, as xarray's
        # own readers do.
        ds = xr.decode_cf(ds)
        da = da.assign_coords({k: ds[k] for k in ds.coords})
    return da


def _result(v, as_xarray):
    """Native results -> what the caller gets (`as_xarray`: see `compile`)."""
    if isinstance(v, _native.Labelled):
        if as_xarray is not False:
            return _to_dataarray(v.array, v.labels)
        v = v.array
    if isinstance(v, np.ndarray):
        if as_xarray is True:
            return _to_dataarray(v, {"dims": None, "name": None, "attrs": [], "coords": []})
        return v[()] if v.ndim == 0 else v
    if isinstance(v, tuple):
        return tuple(_result(i, as_xarray) for i in v)
    if isinstance(v, list):
        return [_result(i, as_xarray) for i in v]
    return v


class Program:
    """A compiled arrlang program with its inputs bound (see `compile`)."""

    def __init__(self, native, as_xarray, files=None):
        self._native = native
        self._xarray = as_xarray
        # On a cluster: the directory of the inputs' files, removed with the program.
        self._files = files

    def run(self):
        """Runs the program; returns the value of its last bare expression (or None)."""
        printed, value = self._native.run()
        if printed:
            sys.stdout.write(printed)
        return _result(value, self._xarray)

    def __getitem__(self, name):
        """The value of a name the program assigned (computed now)."""
        return self.get(name)[name]

    def get(self, *names):
        """A dict of the values of names the program assigned, computed in one pass."""
        values = self._native.get(list(names))
        return {n: _result(v, self._xarray) for n, v in zip(names, values)}

    def graph_dot(self):
        """The optimized task graph `run` computes, as Graphviz DOT text."""
        return self._native.graph_dot()

    @property
    def shape(self):
        m = self._native.value_meta()
        return None if m is None else tuple(m[0])

    @property
    def dtype(self):
        m = self._native.value_meta()
        return None if m is None else np.dtype(m[1])


def _scheduler(scheduler):
    """The cluster to run on: `scheduler=`, else `ARRLANG_SCHEDULER` (as the CLI), else
    None (this machine). `scheduler=False` runs here whatever the environment says."""
    if scheduler is False:
        return None
    if scheduler:
        return str(scheduler)
    return os.environ.get("ARRLANG_SCHEDULER", "").strip() or None


def _compile_on_cluster(source, items, chunks, threads, scheduler, as_xarray):
    """`compile` for a Dask cluster: the workers rebuild the program from its text, so the
    array inputs go to `.npy` files in a temporary directory the workers must see at the
    same path (a shared file system, or the same machine: `TMPDIR` chooses where)."""
    files = tempfile.TemporaryDirectory(prefix="arrlang-inputs-")
    paths = {}
    for k, (name, value, _) in enumerate(items):
        if isinstance(value, np.ndarray):
            paths[name] = os.path.join(files.name, f"{k}.npy")
            np.save(paths[name], value, allow_pickle=False)
    try:
        native = _native.compile(
            source, items, chunks=chunks, threads=threads, name="<python>",
            scheduler=scheduler, python=sys.executable, files=paths,
        )
    except BaseException:
        files.cleanup()
        raise
    return Program(native, as_xarray, files)


def compile(source, *, inputs=None, chunks=None, threads=None, xarray=None, scheduler=None, **kw):
    """Compiles `source` with inputs bound (keyword arguments, or `inputs=` for names
    that clash with an option). Nothing is computed; errors of names, shapes and dtypes
    raise `ArrlangError` here.

    chunks:  int, tuple (per axis) or {input name: int or tuple}: block lengths of bound
             arrays (default: about 128 MB blocks, one block for small arrays).
    threads: workers (default: every core).
    xarray:  True: array results as DataArrays; False: NumPy arrays; None (default):
             DataArrays for results with labels (dims, coordinates, attributes or a name:
             from DataArray inputs or netCDF/Zarr files), NumPy arrays otherwise.
    scheduler: a Dask scheduler's address (`tcp://HOST:PORT`; default: the environment's
             `ARRLANG_SCHEDULER`, as for the CLI; False: this machine): the computations
             run on that cluster, whose workers need the `arrlang` package and see this
             process's files and temporary directory at the same paths. Results are the
             same as here, bit for bit. DataArray inputs cannot be sent yet.
    """
    bound = dict(inputs or {})
    bound.update(kw)
    items = [_input(str(k), v) for k, v in bound.items()]
    addr = _scheduler(scheduler)
    if addr is not None:
        return _compile_on_cluster(source, items, _chunks(chunks, items), threads, addr, xarray)
    native = _native.compile(
        source, items, chunks=_chunks(chunks, items), threads=threads, name="<python>"
    )
    return Program(native, xarray)


def run(source, *, inputs=None, chunks=None, threads=None, xarray=None, scheduler=None, **kw):
    """Runs `source` with inputs bound and returns the value of its last bare
    expression (None when it ends otherwise). See `compile` for the options."""
    return compile(
        source, inputs=inputs, chunks=chunks, threads=threads, xarray=xarray,
        scheduler=scheduler, **kw
    ).run()
