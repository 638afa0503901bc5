# netCDF saves are checked before anything is computed.
save("/nonexistent-dir/out.nc", "a", ones(3))
#! error[E0301]: cannot write `/nonexistent-dir/out.nc`: No such file or directory (os error 2)
save("/tmp/arrlang-golden-err.nc", ones(3))
#! error[E0103]: expected a variable name, found array
save("/tmp/arrlang-golden-err.nc", "a", ones((2, 3)), dims=("x",))
#! error[E0102]: 1 dimension names for an array of 2 dimensions
save("/tmp/arrlang-golden-err.nc", "a", ones(3), attrs=(("units", ones(2)),))
#! error[E0103]: `attrs=` takes (name, value) pairs
save("/tmp/arrlang-golden-err.nc", "a", ones(3), dims=("x",)); save("/tmp/arrlang-golden-err.nc", "b", ones(4), dims=("x",))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.nc`: dimension `x` has length 3 in one variable and 4 in `b`
save("/tmp/arrlang-golden-err.nc", "a", ones(3)); save("/tmp/arrlang-golden-err.nc", "a", ones(3))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.nc`: variable `a` is saved twice into one file
save("/tmp/arrlang-golden-err.nc", "x", ones((3, 3)), dims=("x", "y"))
#! error[E0301]: cannot save into `/tmp/arrlang-golden-err.nc`: variable `x` has the name of a dimension but is not its 1-D coordinate variable
save("/tmp/arrlang-golden-err.npy", ones(3), dims=("x",))
#! error[E0102]: a `.npy` file holds one array: save(path, x)
save("/tmp/arrlang-golden-err.csv", ones(3))
#! error[E0301]: cannot save `/tmp/arrlang-golden-err.csv`: only `.npy`, `.nc`, `.h5` and `.zarr` are supported
