# Errors in loading are found at `load`, before anything is computed, and name the file.
load("tests/data/no-such-file.nc", "t2m")
#! error[E0301]: cannot open `tests/data/no-such-file.nc`: no such file
load("tests/data/nothing-*.nc", "t2m")
#! error[E0301]: no file matches `tests/data/nothing-*.nc`
load("tests/data/nc4-day0.nc", "t2n")
#! error[E0302]: `tests/data/nc4-day0.nc` has no variable `t2n`
load("tests/data/nc4-day0.nc", "temperature")
#! error[E0302]: `tests/data/nc4-day0.nc` has no variable `temperature`
load("tests/data/nc4-day0.nc")
#! error[E0102]: `tests/data/nc4-day0.nc` holds several variables: name one
load("tests/data/plain.h5", "group/outer")
#! error[E0302]: `tests/data/plain.h5` has no variable `group/outer`
load("tests/data/bad/novar-*.nc", "t2m")
#! error[E0302]: variable `t2m` is missing from `tests/data/bad/novar-b.nc` (it is in `tests/data/bad/novar-a.nc`)
load("tests/data/bad/shape-*.nc", "t2m")
#! error[E0303]: `tests/data/bad/shape-b.nc` has shape (2, 3, 5) but `tests/data/bad/shape-a.nc` has shape (2, 3, 4)
load("tests/data/nc4-*.nc", "t2m")
#! error[E0303]: `tests/data/nc4-packed.nc` has dtype float64 but `tests/data/nc4-day0.nc` has dtype float32
load("tests/data/bad/truncated.nc", "t2m")
#! error[E0301]: `tests/data/bad/truncated.nc`: not a readable HDF5/netCDF-4 file (H5Fopen(): unable to open file: truncated file: eof = 3000, sblock->base_addr = 0, stored_eof = 11385)
load("tests/data/bad/notnetcdf.nc", "t2m")
#! error[E0301]: `tests/data/bad/notnetcdf.nc` is not a netCDF, HDF5 or .npy file (unrecognised first bytes)
load("tests/data/nc4-day0.nc", "t2m").mean("height")
#! error[E0202]: no dimension named `height`
arange(4).sum("time")
#! error[E0202]: no dimension named `time`: this array's dimensions have no names
