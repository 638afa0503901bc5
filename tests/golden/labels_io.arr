# Labelled files (issue 10): dimension names from HDF5 dimension scales, dimension-only
# datasets, text variables. Fixtures and reference values: tests/data/make_label_fixtures.py.
fn same(a, b) = ((a == b) | (isnan(a) & isnan(b))).all()
# netCDF-C, CMOR-like: `_Netcdf4Dimid` on ta and lat_bnds must not rename their axes.
vars("tests/data/labels/cmor.nc")
#> tests/data/labels/cmor.nc: 8 variables
#>   time       (2,)          float64  (time)
#>   time_bnds  (2, 2)        float64  (time, bnds)
#>   plev       (3,)          float64  (plev)
#>   lat        (4,)          float64  (lat)
#>   lat_bnds   (4, 2)        float64  (lat, bnds)
#>   lon        (5,)          float64  (lon)
#>   ta         (2, 3, 4, 5)  float32  (time, plev, lat, lon)
#>   height     ()            float64  ()
#>   arrlang cannot load (text): source_id (char)
ta = load("tests/data/labels/cmor.nc", "ta")
ta.dims
#> ('time', 'plev', 'lat', 'lon')
load("tests/data/labels/cmor.nc", "lat_bnds").dims
#> ('lat', 'bnds')
load("tests/data/labels/cmor.nc", "height").dims
#> ()
same(ta, load("tests/data/labels/cmor.nc.ta.npy"))
#> True
ta.mean("lat").shape
#> (2, 3, 5)
# h5py with dimension scales and no `_Netcdf4*` attribute (NEMO-like).
vars("tests/data/labels/nemo.nc")
#> tests/data/labels/nemo.nc: 5 variables
#>   bounds_lat    (3, 4, 4)     float32  (y, x, nvertex)
#>   deptht        (2,)          float32  (deptht)
#>   nav_lat       (3, 4)        float32  (y, x)
#>   time_counter  (2,)          float64  (time_counter)
#>   votemper      (2, 2, 3, 4)  float32  (time_counter, deptht, y, x)
#>   arrlang cannot load (text): label (string)
v = load("tests/data/labels/nemo.nc", "votemper")
v.dims
#> ('time_counter', 'deptht', 'y', 'x')
same(v, load("tests/data/labels/nemo.nc.votemper.npy"))
#> True
v.mean(("y", "x")).shape
#> (2, 2)
load("tests/data/labels/h5named.h5", "grid").dims
#> ('latitude', 'longitude')
# Dimensions without a variable and text variables are not loadable.
load("tests/data/labels/cmor.nc", "bnds")
#! error[E0302]: `bnds` in `tests/data/labels/cmor.nc` is a dimension of length 2, not a variable
load("tests/data/labels/nemo.nc", "nvertex")
#! error[E0302]: `nvertex` in `tests/data/labels/nemo.nc` is a dimension of length 4, not a variable
load("tests/data/labels/nemo.nc", "label")
#! error[E0301]: `tests/data/labels/nemo.nc`: variable `label` is stored as `string (len 2)`, which arrlang cannot read
vars("tests/data/labels/deffill3.nc")
#> tests/data/labels/deffill3.nc: 4 variables
#>   tas    (2, 3)  float32  (y, x)
#>   count  (2, 3)  int32    (y, x)
#>   prd    (2, 3)  float64  (y, x)
#>   small  (3,)    int16    (x)
# Globs join on the record dimension. Two files whose times use different epochs:
t = load("tests/data/labels/epochs/*.nc", "tas")
t.shape, t.dims
#> ((4, 2, 3), ('time', 'lat', 'lon'))
same(t, load("tests/data/labels/epochs/joined.tas.npy"))
#> True
# A variable without the record dimension is the first file's, not stacked.
load("tests/data/labels/epochs/*.nc", "orog")
#> <arrlang.DataArray 'orog' (lat: 2, lon: 3)>
#> array([[0., 1., 2.],
#>        [3., 4., 5.]], dtype=float32)
#> Coordinates:
#>   * lat  (lat) float32 10.0 20.0
#>   * lon  (lon) float32 0.0 1.0 2.0
#> Attributes:
#>     units: m
load("tests/data/labels/epochs/*.nc", "lat")
#> <arrlang.DataArray 'lat' (lat: 2)>
#> array([10., 20.], dtype=float32)
#> Coordinates:
#>   * lat  (lat) float32 10.0 20.0
#> Attributes:
#>     units: degrees_north
# Files whose other coordinates differ are not joined.
load("tests/data/labels/plevmix/*.nc", "ua")
#! error[E0303]: `tests/data/labels/plevmix/mon.nc` has plev = [100000, 85000, 50000] but `tests/data/labels/plevmix/day.nc` has plev = [100000, 85000, 70000]
load("tests/data/labels/calmix/*.nc", "pr")
#! error[E0303]: `tests/data/labels/calmix/b.nc` has time in the `noleap` calendar but `tests/data/labels/calmix/a.nc` has it in the `standard` calendar
