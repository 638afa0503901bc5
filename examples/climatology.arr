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
# The climatology and the last year's anomalies to netCDF and Zarr: each saved with its
# coordinate variables (month, lat, lon; time encoded in the files' units and noleap
# calendar) and attributes, so xarray reopens them with the same months, latitudes and dates.
save("out/climatology.nc", "tas", clim)
save("out/climatology.zarr", "tas", clim)
save("out/anomaly-2004.nc", "tas", anom.sel(time="2004"))
