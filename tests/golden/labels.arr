# Labelled arrays: coordinates and attributes from the file, following selections,
# reductions and arithmetic; sel/isel; groupby/resample over CF time. Values are checked
# against xarray's (tests/data/labelx/*.npy, made by tests/data/make_labelx_fixtures.py).
fn close(a, b) = (abs(a - b) <= 1e-4 + 1e-6 * abs(b)).all()
x = load("tests/data/labelx/monthly-*.nc", "tas")
x.shape, x.dims, x.coords, x.name, x.units
#> ((48, 9, 12), ('time', 'lat', 'lon'), ('time', 'lat', 'lon'), 'tas', 'K')
x.attrs
#> (('units', 'K'), ('long_name', 'Near-Surface Air Temperature'), ('standard_name', 'air_temperature'))
x[::-12, 3, 2:5]
#> <arrlang.DataArray 'tas' (time: 4, lon: 3)>
#> array([[279.88333, 280.73996, 280.61884],
#>        [281.60733, 280.6847 , 281.06577],
#>        [281.3352 , 280.61752, 280.1212 ],
#>        [281.11554, 281.49792, 282.42764]], dtype=float32)
#> Coordinates:
#>   * time  (time) 2003-12-15 2002-12-15 2001-12-15 2000-12-15
#>   * lon   (lon) float32 60.0 90.0 120.0
#>     lat   float32 -20.0
#> Attributes:
#>     units:         K
#>     long_name:     Near-Surface Air Temperature
#>     standard_name: air_temperature
# Coordinates as arrays; a reduced dimension drops its coordinate; transposes permute.
x.lat
#> <arrlang.DataArray 'lat' (lat: 9)>
#> array([-80., -60., -40., -20.,   0.,  20.,  40.,  60.,  80.],
#>       dtype=float32)
#> Coordinates:
#>   * lat  (lat) float32 -80.0 -60.0 -40.0 -20.0 0.0 20.0 40.0 60.0 80.0
#> Attributes:
#>     units:         degrees_north
#>     standard_name: latitude
x.mean("time").coords, x[:, ::4].T.coords, x.T.lat[::4].shape
#> (('lat', 'lon'), ('lon', 'lat', 'time'), (3,))
x[:, ::4].lat
#> <arrlang.DataArray 'lat' (lat: 3)>
#> array([-80.,   0.,  80.], dtype=float32)
#> Coordinates:
#>   * lat  (lat) float32 -80.0 0.0 80.0
#> Attributes:
#>     units:         degrees_north
#>     standard_name: latitude
concatenate([x[:2], x[-1:]]).time
#> <arrlang.DataArray 'time' (time: 3)>
#> array([  14.,   45., 1444.])
#> Coordinates:
#>   * time  (time) 2000-01-15 2000-02-15 2003-12-15
#> Attributes:
#>     units:         days since 2000-01-01
#>     calendar:      standard
#>     standard_name: time
# Units survive + - where and reductions that keep them, not * or var.
(x - x.mean("time")).units, where(x > 280, x, 280).units
#> ('K', 'K')
(x * x).attrs, x.var("time").attrs, (x * x).coords
#> ((), (), ('time', 'lat', 'lon'))
# Selection by label: lazy slices of the file.
close(x.sel(lat=slice(30, 60)), load("tests/data/labelx/sel-lat.npy"))
#> True
x.sel(lat=slice(30, 60)).lat.shape, x.sel(lat=slice(60, 30)).lat.shape
#> ((2,), (2,))
close(x[:, ::-1].sel(lat=slice(60, 30)), load("tests/data/labelx/sel-lat-rev.npy"))
#> True
close(x[:, ::-1].sel(lat=slice(30, 60)), load("tests/data/labelx/sel-lat-rev.npy"))
#> True
close(x.sel(lon=100.3, method="nearest"), load("tests/data/labelx/sel-nearest.npy"))
#> True
x.sel(lon=100.3, method="nearest").dims, x.sel(lat=20).dims, x.isel(time=0).dims
#> (('time', 'lat'), ('time', 'lon'), ('lat', 'lon'))
close(x.sel(time="2001-03"), load("tests/data/labelx/sel-month.npy"))
#> True
close(x.sel(time=slice("2000-06-01", "2001-02-15")), load("tests/data/labelx/sel-range.npy"))
#> True
x.sel(time=slice("2000-06-01", "2001-02-15")).time
#> <arrlang.DataArray 'time' (time: 9)>
#> array([166., 196., 227., 258., 288., 319., 349., 380., 411.])
#> Coordinates:
#>   * time  (time) 2000-06-15 2000-07-15 2000-08-15 ... 2000-12-15 2001-01-15 2001-02-15
#> Attributes:
#>     units:         days since 2000-01-01
#>     calendar:      standard
#>     standard_name: time
x.isel(time=slice(-3, None), lon=0).shape, x.isel(lat=-1).sel(lon=330).shape
#> ((3, 9), (48,))
x.sel(lat=25)
#! error[E0203]: no `lat` equal to 25
x.sel(height=2)
#! error[E0202]: no dimension named `height`
x.sel(time="2010")
#! error[E0203]: the selection holds no `time` value
x.sel(lat="2001")
#! error[E0103]: `lat` is not a time coordinate: select it by number
# groupby over time: one pass over the data, one block per group.
c = x.groupby("time.month").mean()
c.dims, c.shape, c.chunks[0]
#> (('month', 'lat', 'lon'), (12, 9, 12), (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1))
c.month
#> <arrlang.DataArray 'month' (month: 12)>
#> array([ 1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12])
#> Coordinates:
#>   * month  (month) int64 1 2 3 4 5 6 7 8 9 10 11 12
close(c.month, load("tests/data/labelx/clim-month.npy"))
#> True
close(c, load("tests/data/labelx/clim-mean.npy"))
#> True
close(x.groupby("time.month").std(), load("tests/data/labelx/clim-std.npy"))
#> True
close(x.groupby("time.month").min(), load("tests/data/labelx/clim-min.npy"))
#> True
close(x.groupby("time.month").max(), load("tests/data/labelx/clim-max.npy"))
#> True
close(x.groupby("time.month").sum(), load("tests/data/labelx/clim-sum.npy"))
#> True
close(x.groupby("time.season").mean(), load("tests/data/labelx/season-mean.npy"))
#> True
x.groupby("time.season").mean().season
#> <arrlang.DataArray 'season' (season: 4)>
#> array([0, 1, 2, 3])
#> Coordinates:
#>   * season  (season) DJF JJA MAM SON
close(x.groupby("time.year").mean(), load("tests/data/labelx/year-mean.npy"))
#> True
# Anomalies: each month minus its climatology.
a = x.groupby("time.month") - c
a.dims, a.coords, a.units
#> (('time', 'lat', 'lon'), ('time', 'lat', 'lon'), 'K')
close(a, load("tests/data/labelx/anom.npy"))
#> True
close(a[-1], load("tests/data/labelx/anom-last.npy"))
#> True
close(c - x.groupby("time.month"), -load("tests/data/labelx/anom.npy"))
#> True
close(x.resample(time="1YS").mean(), load("tests/data/labelx/resample-1YS.npy"))
#> True
x.resample(time="1YS").mean().time
#> <arrlang.DataArray 'time' (time: 4)>
#> array([   0.,  366.,  731., 1096.])
#> Coordinates:
#>   * time  (time) 2000-01-01 2001-01-01 2002-01-01 2003-01-01
#> Attributes:
#>     units:         days since 2000-01-01
#>     calendar:      standard
#>     standard_name: time
# A noleap calendar, 6-hourly: hours, days of the year, months.
s = load("tests/data/labelx/sixhourly-noleap.nc", "pr")
close(s.groupby("time.hour").mean(), load("tests/data/labelx/hour-mean.npy"))
#> True
close(s.groupby("time.dayofyear").max(), load("tests/data/labelx/doy-max.npy"))
#> True
close(s.groupby("time.dayofyear").max().dayofyear, load("tests/data/labelx/doy.npy"))
#> True
close(s.resample(time="1MS").mean(), load("tests/data/labelx/resample-1MS.npy"))
#> True
close(s.sel(time="2001-02-28"), load("tests/data/labelx/sixhourly-sel-day.npy"))
#> True
s.sel(time="2001-02-29")
#! error[E0203]: cannot select `2001-02-29`: `2001-02-29` is not a date in the `noleap` calendar: 2001-02 has 28 days in the `noleap` calendar, not 29
s.groupby("time.week")
#! error[E0102]: cannot group by `time.week`
s.groupby("time.hour").median()
#! error[E0104]: a groupby has no attribute `median`
s.groupby("time.hour") - s.mean("time")
#! error[E0201]: the other operand has no `hour` dimension to match the groups
