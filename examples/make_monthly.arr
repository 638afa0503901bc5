# Five years of synthetic monthly-mean near-surface temperature, one netCDF-4 file a year
# (data/monthly-2000.nc ... data/monthly-2004.nc), written by arrlang with CF metadata:
# a `time` coordinate in "days since 2000-01-01" on the `noleap` calendar (mid-month),
# latitude stored ascending (south first, as most model output is), longitude, and
# units/long_name. `climatology.arr` reads them back.
lat = linspace(-88.5, 88.5, 60).astype(float32)
lon = (arange(120) * 3.0).astype(float32)
# Mid-month days of a 365-day year.
mid = array([15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349]) - 1.0
phi = deg2rad(lat.astype(float64))[None, :, None]
lam = deg2rad(lon.astype(float64))[None, None, :]
land = clip(3 * (sin(3 * lam + 1) * cos(2 * phi) + 0.6 * sin(5 * lam) * sin(3 * phi + 0.5) - 0.3), 0, 1)
# Cold poles, warm tropics, seasons opposite in the two hemispheres, a warming trend, weather.
fn field(y) = (301 - 45 * sin(phi) ** 2 - 3 * land
    - (8 + 12 * land) * sin(phi) * cos(2 * pi * (mid[:, None, None] - 15) / 365)
    + 0.3 * (y - 2000) + normal((12, 60, 120), seed=y)).astype(float32)
fn write(path, y) = (
    save(path, "time", (y - 2000) * 365 + mid, dims=("time",),
         attrs=(("units", "days since 2000-01-01"), ("calendar", "noleap"), ("standard_name", "time"))),
    save(path, "lat", lat, dims=("lat",), attrs=(("units", "degrees_north"), ("standard_name", "latitude"))),
    save(path, "lon", lon, dims=("lon",), attrs=(("units", "degrees_east"), ("standard_name", "longitude"))),
    save(path, "tas", field(y), dims=("time", "lat", "lon"), compress=True,
         attrs=(("units", "K"), ("long_name", "Near-Surface Air Temperature"), ("standard_name", "air_temperature"))),
)
w2000 = write("data/monthly-2000.nc", 2000)
w2001 = write("data/monthly-2001.nc", 2001)
w2002 = write("data/monthly-2002.nc", 2002)
w2003 = write("data/monthly-2003.nc", 2003)
w2004 = write("data/monthly-2004.nc", 2004)
