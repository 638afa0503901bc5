# A synthetic ERA-like record of 2-metre temperature, written by arrlang itself: four fields a
# day (00, 06, 12, 18 UTC) on a quarter-degree grid (721 latitudes north to south, 1440
# longitudes), one compressed netCDF-4 file a day, data/era-001.nc, data/era-002.nc, ...
# `days` sets the length (run-demo.sh sets it from $DAYS; 365 for a year).
days = 90
nt = days * 4

phi = deg2rad(linspace(90, -90, 721))[None, :, None]     # latitude, radians
lon = (arange(1440) * 0.25)[None, None, :]               # longitude, degrees east
lam = deg2rad(lon)
hour = (arange(nt, chunks=4) * 6)[:, None, None]         # hours since 1 January 00 UTC (a day a chunk)
day = hour / 24

# Continents: smooth blobs, a land fraction between 0 (sea) and 1 (land).
land = clip(3 * (sin(3 * lam + 1) * cos(2 * phi) + 0.6 * sin(5 * lam) * sin(3 * phi + 0.5) - 0.3), 0, 1)

# Warm tropics, cold poles (Antarctica colder still), land a little colder than sea.
climate = 301 - 45 * sin(phi) ** 2 - 12 * clip(5 * (-1.1 - phi), 0, 1) - 3 * land
# Seasons: opposite in the two hemispheres, stronger over land; coldest in mid-January north.
season = -(8 + 12 * land) * sin(phi) * cos(2 * pi * (day - 15) / 365)
# The daily cycle follows the sun (local solar time = UTC + longitude / 15), warmest at
# 14:00, large over land, small over sea.
diurnal = (0.5 + 6 * land) * cos(phi) * cos(2 * pi * (hour + lon / 15 - 14) / 24)
# Weather: large travelling waves with a random phase per time step, plus local noise.
p1 = 2 * pi * random((nt, 1, 1), chunks=(4, 1, 1), seed=1)
p2 = 2 * pi * random((nt, 1, 1), chunks=(4, 1, 1), seed=2)
noise = normal((nt, 721, 1440), chunks=(4, 721, 1440), seed=3)
weather = 4 * cos(4 * lam + p1) * sin(3 * phi + p2) + 0.8 * noise

t2m = (climate + season + diurnal + weather).astype(float32)
save("data/era-{}.nc", "t2m", t2m, split=4, dims=("time", "latitude", "longitude"),
     attrs=(("units", "K"), ("long_name", "2 metre temperature")), compress=True)
print("wrote", days, "daily files to data/era-*.nc")
