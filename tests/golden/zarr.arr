# Zarr stores written by xarray (format 2, packed int16) and zarr-python 3 (sharded, with
# a never-written shard), checked against the values xarray reports (tests/data/*.npy, made
# by tests/data/make_zarr_fixtures.py).
fn same(a, b) = ((a == b) | (isnan(a) & isnan(b))).all()
vars("tests/data/zarr-v2-xarray.zarr")
#> tests/data/zarr-v2-xarray.zarr: 2 variables
#>   latitude  (19,)        float32                 (latitude)
#>   t2m       (8, 19, 36)  float64 (stored int16)  (time, latitude, longitude)
x = load("tests/data/zarr-v2-xarray.zarr", "t2m")
x.shape, x.dtype, x.dims
#> ((8, 19, 36), dtype('float64'), ('time', 'latitude', 'longitude'))
x.attrs
#> (('units', 'K'),)
x.coords
#> ('latitude',)
ref = load("tests/data/zarr-v2-xarray.zarr.t2m.npy")
same(x, ref)
#> True
isnan(x).sum()
#> 1
same(x[::3, 2:15:4, ::-5], ref[::3, 2:15:4, ::-5])
#> True
same(load("tests/data/zarr-v2-xarray.zarr", "latitude"), load("tests/data/zarr-v2-xarray.zarr.latitude.npy"))
#> True
vars("tests/data/zarr-v3-sharded.zarr")
#> tests/data/zarr-v3-sharded.zarr: 2 variables
#>   flags  (19,)        int8
#>   t2m    (8, 19, 36)  float32  (time, latitude, longitude)
s = load("tests/data/zarr-v3-sharded.zarr", "t2m", chunks=(3, 7, 10))
s.dims, s.chunks
#> (('time', 'latitude', 'longitude'), ((3, 3, 2), (7, 7, 5), (10, 10, 10, 6)))
sref = load("tests/data/zarr-v3-sharded.zarr.t2m.npy")
same(s, sref)
#> True
s[7, 18, 35], s[7, 0, 0] == sref[7, 0, 0]
#> (0.5, True)
same(s[-1:0:-2, ::-1, 7], sref[-1:0:-2, ::-1, 7])
#> True
load("tests/data/zarr-v3-sharded.zarr", "flags", chunks=5) * 1
#> array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0],
#>       dtype=int8)
# Errors name the store's arrays.
load("tests/data/zarr-v3-sharded.zarr", "t2n")
#! error[E0302]: `tests/data/zarr-v3-sharded.zarr` has no variable `t2n`
load("tests/data/zarr-v3-sharded.zarr")
#! error[E0102]: `tests/data/zarr-v3-sharded.zarr` holds several variables: name one
save("/tmp/arrlang-golden-err.zarr", "a", ones(4), split=2)
#! error[E0102]: `split=` is for netCDF files: a Zarr store is already split into chunks
save("/tmp/arrlang-golden-err.zarr", "a", ones(3)); save("/tmp/arrlang-golden-err.zarr", "a", ones(3))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.zarr`: array `a` is saved twice into one store
save("/tmp/arrlang-golden-err.zarr", "a", ones(3), dims=("x",)); save("/tmp/arrlang-golden-err.zarr", "b", ones(4), dims=("x",))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.zarr`: dimension `x` has length 3 in one array and 4 in `b`
save("tests/data/zarr-v3-sharded.zarr.t2m.npy/x.zarr", "a", ones(3))
#! error[E0301]: cannot write `tests/data/zarr-v3-sharded.zarr.t2m.npy/x.zarr`: Not a directory (os error 20)
save("/tmp/arrlang-golden-err.zarr", "x", ones((3, 3)), dims=("x", "y"))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.zarr`: array `x` has the name of a dimension but is not its 1-D coordinate
save("/tmp/arrlang-golden-err.zarr", "../a", ones(3))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.zarr`: `../a` is not a valid array name
