# Monthly climatology and anomalies from five years of monthly files (made by
# make_monthly.arr): labels come from the files (dims, coordinates, CF noleap time, units).
x = load("data/monthly-*.nc", "tas")
x
# One pass over the data: each chunk adds its months into per-month partial sums.
clim = x.groupby("time.month").mean()
clim
# The anomaly of every month from its climatology; the last month's map, north up.
anom = x.groupby("time.month") - clim
last = anom.isel(time=-1)
anom.isel(time=slice(-1, None)).time
imshow(last, cmap="RdBu_r", path="out/anomaly-last-month.png")
imshow(clim.sel(month=1), cmap="magma", path="out/climatology-january.png")
# The mean over 30..60 N, year by year (the trend the files were made with: +0.3 K a year).
x.sel(lat=slice(30, 60), time=slice("2000-01", "2004-12")).groupby("time.year").mean().mean(("lat", "lon"))
# The climatology and the last year's anomalies to netCDF, with their coordinates and
# attributes (xarray reopens them with the same months, latitudes and dates).
save("out/climatology.nc", "month", clim.month, dims=("month",))
save("out/climatology.nc", "lat", clim.lat, dims=("lat",), attrs=clim.lat.attrs)
save("out/climatology.nc", "lon", clim.lon, dims=("lon",), attrs=clim.lon.attrs)
save("out/climatology.nc", "tas", clim, dims=clim.dims, attrs=clim.attrs)
a = anom.sel(time="2004")
save("out/anomaly-2004.nc", "time", a.time, dims=("time",), attrs=a.time.attrs)
save("out/anomaly-2004.nc", "lat", a.lat, dims=("lat",), attrs=a.lat.attrs)
save("out/anomaly-2004.nc", "lon", a.lon, dims=("lon",), attrs=a.lon.attrs)
save("out/anomaly-2004.nc", "tas", a, dims=a.dims, attrs=a.attrs)
