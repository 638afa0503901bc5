//! numpy (and dask, Python) names arrlang spells differently: an unknown name -> a note
//! saying what to write instead. Names numpy has under another name that are plain aliases
//! are real builtins instead (`absolute`, `amax`, `concat`, ...).

/// numpy's name -> what to write in arrlang.
pub const SPELLINGS: &[(&str, &str)] = &[
    ("np", "arrlang's functions need no `np.` prefix: `sum(x)`, `arange(5)`, `linalg` functions too (`inv(a)`)"),
    ("numpy", "arrlang's functions need no `numpy.` prefix: `sum(x)`, `arange(5)`"),
    ("da", "arrlang's arrays are already lazy and chunked: `ones((1000, 1000), chunks=100)`, no `da.` prefix"),
    ("linalg", "the linear algebra functions need no prefix: `inv(a)`, `solve(a, b)`, `det(a)`"),
    ("rand", "uniform random numbers are `random(shape, seed=0)`"),
    ("randn", "normal random numbers are `normal(shape, seed=0)`"),
    ("standard_normal", "normal random numbers are `normal(shape, seed=0)`"),
    ("default_rng", "random arrays take a seed directly: `random(shape, seed=0)`, `normal(shape, seed=0)`, `integers(0, 10, size=5, seed=0)`, `choice(a, size, seed=0)`"),
    ("range", "use `arange(n)` (an array) or a tuple"),
    ("asanyarray", "use `asarray(x)`"),
    ("ascontiguousarray", "use `asarray(x)`: arrlang chooses the memory layout"),
    ("random_sample", "uniform random numbers are `random(shape, seed=0)`"),
    ("random_integers", "random integers are `integers(low, high, size, endpoint=True, seed=0)`"),
    ("compute", "values are computed when shown, printed or saved: write the expression"),
    ("persist", "results the session shows are kept; name them to reuse them: `y = x.mean(0)`"),
    ("from_array", "use `array(values, chunks=...)` or `rechunk(x, chunks)`"),
    ("from_zarr", "`load(path)` reads .npy, netCDF and HDF5 files"),
    ("to_zarr", "`save(path, x)` writes .npy, netCDF-4 and HDF5 files"),
    ("fromfile", "`load(path)` reads .npy, netCDF and HDF5 files"),
    ("loadtxt", "`load(path)` reads .npy, netCDF and HDF5 files (no text files)"),
    ("genfromtxt", "`load(path)` reads .npy, netCDF and HDF5 files (no text files)"),
    ("def", "functions are defined on one line: `fn name(x, k=1) = expr`"),
    ("lambda", "name the function instead: `fn f(x) = expr`"),
    ("true", "booleans are `True` and `False`"),
    ("false", "booleans are `True` and `False`"),
    ("null", "the empty value is `None`"),
    ("NaN", "not-a-number is `nan`"),
    ("NAN", "not-a-number is `nan`"),
    ("Inf", "infinity is `inf`"),
    ("infty", "infinity is `inf`"),
    ("PINF", "infinity is `inf`"),
    ("NINF", "minus infinity is `-inf`"),
];

/// numpy functions arrlang does not have (yet): named as such rather than answered with a
/// close but unrelated builtin (`sort` is not `sqrt`). A builtin of the same name, once
/// added, is found before this list is consulted.
pub const NOT_YET: &[&str] = &[
    "lexsort",
    "partition",
    "argpartition",
    "histogram2d",
    "histogramdd",
    "diff",
    "ediff1d",
    "gradient",
    "in1d",
    "intersect1d",
    "union1d",
    "setdiff1d",
    "cumsum",
    "cumprod",
    "nancumsum",
    "nancumprod",
    "median",
    "nanmedian",
    "percentile",
    "nanpercentile",
    "quantile",
    "nanquantile",
    "roll",
    "pad",
    "put",
    "piecewise",
    "choose",
    "vectorize",
    "apply_along_axis",
    "resize",
    "trim_zeros",
    "packbits",
    "unpackbits",
    "frombuffer",
    "ix_",
    "unravel_index",
    "ravel_multi_index",
];

/// The note for a name numpy users type that arrlang spells differently, or lacks.
pub fn hint(name: &str) -> Option<String> {
    if let Some((_, h)) = SPELLINGS.iter().find(|(n, _)| *n == name) {
        return Some(h.to_string());
    }
    NOT_YET.contains(&name).then(|| {
        format!(
            "`{name}` is a numpy function arrlang does not have yet (`:help` lists those it has)"
        )
    })
}
