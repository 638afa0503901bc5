# netCDF-4 and HDF5 files written by the C libraries, checked against the values those
# libraries report (tests/data/*.npy, made by tests/data/make_fixtures.py).
d = "tests/data/"
fn same(a, b) = ((a == b) | (isnan(a) & isnan(b))).all()
vars(d + "nc4-packed.nc")
x = load(d + "nc4-day0.nc", "t2m")
x.shape, x.dtype, x.dims, x.chunks
ref = load(d + "nc4-day0.nc.t2m.npy")
same(x, ref)
x[3, 0, :4]
ref[3, 0, :4]
# Strided and reversed slices go down into the reader.
same(x[::3, 2:15:4, ::-5], ref[::3, 2:15:4, ::-5])
same(x[-1:0:-2, ::-1, 7], ref[-1:0:-2, ::-1, 7])
# User chunks that cut the stored chunks (1, 19, 36): each stored chunk read once per group.
xc = load(d + "nc4-day0.nc", "t2m", chunks=(3, 5, 7))
xc.chunks
same(xc, ref)
same(xc[1::3, 4:9, ::-4], ref[1::3, 4:9, ::-4])
same(xc.mean(0), ref.mean(0))
# A glob: files sorted and joined along time.
g = load(d + "nc4-day*.nc", "t2m", chunks=(4, 19, 36))
g.shape, g.dims
gref = concatenate([ref, load(d + "nc4-day1.nc.t2m.npy"), load(d + "nc4-day2.nc.t2m.npy")])
same(g, gref)
same(g[::4], gref[::4])
same(g[6:19:3, 10], gref[6:19:3, 10])
same(g[::-7, :, 3], gref[::-7, :, 3])
g[17, 5, :3]
gref[17, 5, :3]
# Named axes.
same(g.mean("time"), gref.mean(0))
same(g.std(axis=("latitude", "longitude")), gref.std(axis=(1, 2)))
g.mean("time").dims
g[:, ::2].max("longitude", keepdims=True).dims
(g - g.mean(0)).dims
g.T.dims
g[5].dims
arange(3).dims
# Packed int16 with a fill value: masked on the raw integers, then scaled (float64).
p = load(d + "nc4-packed.nc", "t2m", chunks=(3, 4, 36))
p.dtype, p.dims
pref = load(d + "nc4-packed.nc.t2m.npy")
same(p, pref)
isnan(p).sum()
p[0, 0, :7]
same(p[::-2, 1::5], pref[::-2, 1::5])
# Plain HDF5: a chunked gzip dataset, a group path and a contiguous one (HDF5's own reads).
same(load(d + "plain.h5", "grid"), load(d + "plain.h5.grid.npy"))
same(load(d + "plain.h5", "grid", chunks=(4, 3, 5))[::-1, 1::3], load(d + "plain.h5.grid.npy")[::-1, 1::3])
load(d + "plain.h5", "group/inner")
same(load(d + "plain.h5", "counts", chunks=7)[3::4], load(d + "plain.h5.counts.npy")[3::4])
load(d + "plain.h5", "counts").dims
