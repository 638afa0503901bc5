# netCDF-4 and HDF5 files written by the C libraries, checked against the values those
# libraries report (tests/data/*.npy, made by tests/data/make_fixtures.py).
fn same(a, b) = ((a == b) | (isnan(a) & isnan(b))).all()
vars("tests/data/nc4-packed.nc")
#> tests/data/nc4-packed.nc: 4 variables
#>   time       (8,)         int32                   (time)
#>   latitude   (19,)        float32                 (latitude)
#>   longitude  (36,)        float32                 (longitude)
#>   t2m        (8, 19, 36)  float64 (stored int16)  (time, latitude, longitude)
x = load("tests/data/nc4-day0.nc", "t2m")
x.shape, x.dtype, x.dims
#> ((8, 19, 36), dtype('float32'), ('time', 'latitude', 'longitude'))
ref = load("tests/data/nc4-day0.nc.t2m.npy")
same(x, ref)
#> True
x[3, 0, :4]
#> <arrlang.DataArray 't2m' (longitude: 4)>
#> array([248.03   , 248.89824, 249.7401 , 250.53   ], dtype=float32)
#> Coordinates:
#>   * longitude  (longitude) float32 0.0 10.0 20.0 30.0
#>     time       2014-01-01T18:00:00
#>     latitude   float32 90.0
#> Attributes:
#>     units:     K
#>     long_name: 2 metre temperature
ref[3, 0, :4]
#> array([248.03   , 248.89824, 249.7401 , 250.53   ], dtype=float32)
# Strided and reversed slices go down into the reader.
same(x[::3, 2:15:4, ::-5], ref[::3, 2:15:4, ::-5])
#> True
same(x[-1:0:-2, ::-1, 7], ref[-1:0:-2, ::-1, 7])
#> True
# User chunks that cut the stored chunks (1, 19, 36): each stored chunk read once per group.
xc = load("tests/data/nc4-day0.nc", "t2m", chunks=(3, 5, 7))
xc.chunks
#> ((3, 3, 2), (5, 5, 5, 4), (7, 7, 7, 7, 7, 1))
same(xc, ref)
#> True
same(xc[1::3, 4:9, ::-4], ref[1::3, 4:9, ::-4])
#> True
same(xc.mean(0), ref.mean(0))
#> True
# A glob: files sorted and joined along time.
g = load("tests/data/nc4-day*.nc", "t2m", chunks=(4, 19, 36))
g.shape, g.dims
#> ((24, 19, 36), ('time', 'latitude', 'longitude'))
gref = concatenate([ref, load("tests/data/nc4-day1.nc.t2m.npy"), load("tests/data/nc4-day2.nc.t2m.npy")])
same(g, gref)
#> True
same(g[::4], gref[::4])
#> True
same(g[6:19:3, 10], gref[6:19:3, 10])
#> True
same(g[::-7, :, 3], gref[::-7, :, 3])
#> True
g[17, 5, :3]
#> <arrlang.DataArray 't2m' (longitude: 3)>
#> array([271.64297, 270.77472, 269.93286], dtype=float32)
#> Coordinates:
#>   * longitude  (longitude) float32 0.0 10.0 20.0
#>     time       2014-01-05T06:00:00
#>     latitude   float32 40.0
#> Attributes:
#>     units:     K
#>     long_name: 2 metre temperature
gref[17, 5, :3]
#> array([271.64297, 270.77472, 269.93286], dtype=float32)
# Named axes.
same(g.mean("time"), gref.mean(0))
#> True
same(g.std(axis=("latitude", "longitude")), gref.std(axis=(1, 2)))
#> True
g.mean("time").dims
#> ('latitude', 'longitude')
g[:, ::2].max("longitude", keepdims=True).dims
#> ('time', 'latitude', 'longitude')
(g - g.mean(0)).dims
#> ('time', 'latitude', 'longitude')
g.T.dims
#> ('longitude', 'latitude', 'time')
g[5].dims
#> ('latitude', 'longitude')
print(arange(3).dims)
#> None
# Packed int16 with a fill value: masked on the raw integers, then scaled (float64).
p = load("tests/data/nc4-packed.nc", "t2m", chunks=(3, 4, 36))
p.dtype, p.dims
#> (dtype('float64'), ('time', 'latitude', 'longitude'))
pref = load("tests/data/nc4-packed.nc.t2m.npy")
same(p, pref)
#> True
isnan(p).sum()
#> 5
p[0, 0, :7]
#> <arrlang.DataArray 't2m' (longitude: 7)>
#> array([    nan,     nan,     nan,     nan,     nan, 251.214, 250.5  ])
#> Coordinates:
#>   * longitude  (longitude) float32 0.0 10.0 20.0 30.0 40.0 50.0 60.0
#>     time       2014-01-01
#>     latitude   float32 90.0
#> Attributes:
#>     units: K
same(p[::-2, 1::5], pref[::-2, 1::5])
#> True
# Plain HDF5: a chunked gzip dataset, a group path and a contiguous one (HDF5's own reads).
same(load("tests/data/plain.h5", "grid"), load("tests/data/plain.h5.grid.npy"))
#> True
same(load("tests/data/plain.h5", "grid", chunks=(4, 3, 5))[::-1, 1::3], load("tests/data/plain.h5.grid.npy")[::-1, 1::3])
#> True
load("tests/data/plain.h5", "group/inner")
#> array([[1., 0., 0., 0.],
#>        [0., 1., 0., 0.],
#>        [0., 0., 1., 0.],
#>        [0., 0., 0., 1.]], dtype=float32)
same(load("tests/data/plain.h5", "counts", chunks=7)[3::4], load("tests/data/plain.h5.counts.npy")[3::4])
#> True
print(load("tests/data/plain.h5", "counts").dims)
#> None
