# The climate workflow: a year (or however many days make_climate.arr wrote) of 6-hourly
# global fields, one netCDF-4 file a day, read lazily and reduced in one pass; three pictures.
x = load("data/era-*.nc", "t2m", chunks=(4, 200, 200))
x.dims
x.shape
imshow(x.mean(0), cmap="bone")                              # the average temperature
imshow(x[300] - x.mean(0), cmap="RdBu_r")                   # one moment's anomaly (day 76, 00 UTC)
imshow(x[::4].mean(0) - x[2::4].mean(0), cmap="RdBu_r")     # 00 UTC minus 12 UTC: day minus night
