# groupby std/var with ddof=, and resample frequencies as pandas/xarray spell them (seasons
# QS-DEC, days, hours, multiples): values and period labels checked against xarray's
# (tests/data/labelx/*.npy, `make_labelx_fixtures.py more`).
fn close(a, b) = (abs(a - b) <= 1e-4 + 1e-6 * abs(b)).all()
x = load("tests/data/labelx/monthly-*.nc", "tas")
close(x.groupby("time.month").std(ddof=1), load("tests/data/labelx/clim-std-ddof1.npy"))
#> True
close(x.groupby("time.month").var(ddof=1), load("tests/data/labelx/clim-var-ddof1.npy"))
#> True
close(x.groupby("time.month").std(ddof=0), load("tests/data/labelx/clim-std.npy"))
#> True
x.groupby("time.month").mean(ddof=1)
#! error[E0102]: a groupby's `mean` has no argument `ddof`
x.groupby("time.month").std(skipna=True)
#! error[E0102]: a groupby's `std` has no argument `skipna`
# Seasons starting in December: DJF (from 1999-12-01), MAM, JJA, SON, ...
q = x.resample(time="QS-DEC").mean()
close(q, load("tests/data/labelx/resample-QS-DEC.npy"))
#> True
close(q.time, load("tests/data/labelx/resample-QS-DEC-time.npy"))
#> True
q.time[:3]
#> <arrlang.DataArray 'time' (time: 3)>
#> array([-31.,  60., 152.])
#> Coordinates:
#>   * time  (time) 1999-12-01 2000-03-01 2000-06-01
#> Attributes:
#>     units:         days since 2000-01-01
#>     calendar:      standard
#>     standard_name: time
close(x.resample(time="AS").mean(), x.resample(time="YS").mean())
#> True
# 6-hourly noleap: days, half days, two days (bins from midnight of the first day).
s = load("tests/data/labelx/sixhourly-noleap.nc", "pr")
close(s.resample(time="D").mean(), load("tests/data/labelx/resample-D.npy"))
#> True
close(s.resample(time="D").mean().time, load("tests/data/labelx/resample-D-time.npy"))
#> True
close(s.resample(time="12h").mean(), load("tests/data/labelx/resample-12h.npy"))
#> True
close(s.resample(time="12h").mean().time, load("tests/data/labelx/resample-12h-time.npy"))
#> True
close(s.resample(time="2D").mean(), load("tests/data/labelx/resample-2D.npy"))
#> True
close(s.resample(time="2D").mean().time, load("tests/data/labelx/resample-2D-time.npy"))
#> True
s.resample(time="W")
#! error[E0102]: cannot resample to `W`
x.resample(time="BME")
#! error[E0102]: cannot resample to `BME`
