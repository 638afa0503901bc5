# issue 15: a file saved earlier in a script is what a later load of it reads.
save("/tmp/arrlang-golden-stl.nc", "v", arange(10) * 1.0)
1
#> 1
save("/tmp/arrlang-golden-stl.nc", "v", arange(10) * 2.0)
load("/tmp/arrlang-golden-stl.nc", "v").sum()
#> 90.0
save("/tmp/arrlang-golden-stl-{}.nc", "v", arange(6.0), split=2)
load("/tmp/arrlang-golden-stl-*.nc", "v").sum()
#! error[E0301]: `/tmp/arrlang-golden-stl-*.nc` matches `/tmp/arrlang-golden-stl-001.nc`, which this script saves: the files are written only when the script ends
