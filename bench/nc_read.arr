# The netCDF read benchmark (see bench/nc_read_peers.py): mean over time of t2m from the
# files bench/make_nc_files.py wrote, in user chunks that cut the stored ones.
x = load("/tmp/arrlang-bench-nc/2014-*.nc", "t2m", chunks=(4, 200, 200))
m = x.mean(0)
m.mean()
