# netCDF-3 classic files (CDF-1, CDF-2, CDF-5) through the same load, chosen by magic bytes,
# checked against the netCDF C library's values (tests/data/*.npy).
fn same(a, b) = ((a == b) | (isnan(a) & isnan(b))).all()
vars("tests/data/nc3-classic.nc")
#> tests/data/nc3-classic.nc: 7 variables
#>   time       (8,)         int32                   (time)
#>   latitude   (19,)        float32                 (latitude)
#>   longitude  (36,)        float32                 (longitude)
#>   t2m        (8, 19, 36)  float32                 (time, latitude, longitude)
#>   precip     (8, 36)      float64                 (time, longitude)
#>   mask       (19, 36)     int8                    (latitude, longitude)
#>   height     (19,)        float64 (stored int16)  (latitude)
t = load("tests/data/nc3-cdf5.nc", "t2m", chunks=(3, 5, 36))
t.dims, t.dtype
#> (('time', 'latitude', 'longitude'), dtype('float32'))
same(t, load("tests/data/nc3-cdf5.nc.t2m.npy"))
#> True
same(load("tests/data/nc3-classic.nc", "t2m")[::-3, 1::4, 5], load("tests/data/nc3-classic.nc.t2m.npy")[::-3, 1::4, 5])
#> True
p = load("tests/data/nc3-64bit.nc", "precip")
p.dtype, isnan(p).sum()
#> (dtype('float64'), 1)
same(p, load("tests/data/nc3-64bit.nc.precip.npy"))
#> True
m = load("tests/data/nc3-classic.nc", "mask")
m.dtype, (m == load("tests/data/nc3-classic.nc.mask.npy")).all()
#> (dtype('int8'), True)
h = load("tests/data/nc3-classic.nc", "height")
h.dtype
#> dtype('float64')
h[:4]
#> <arrlang.DataArray 'height' (latitude: 4)>
#> array([ 0., 10., 20., 30.])
#> Coordinates:
#>   * latitude  (latitude) float32 90.0 80.0 70.0 60.0
same(h, load("tests/data/nc3-classic.nc.height.npy"))
#> True
g = load("tests/data/nc3-[6c][4l]*[ct].nc", "t2m")
g.shape
#> (16, 19, 36)
same(g.mean("time"), load("tests/data/nc3-64bit.nc.t2m.npy").mean(0))
#> True
load("tests/data/nc3-*.nc", "t2m")
#! error[E0302]: variable `t2m` is missing from `tests/data/nc3-cdf5-types.nc` (it is in `tests/data/nc3-64bit.nc`)
load("tests/data/nc3-classic.nc", "t2x")
#! error[E0302]: `tests/data/nc3-classic.nc` has no variable `t2x`
