# .npy files are written and read chunk by chunk.
x = arange(35.0).reshape((5, 7))
save("/tmp/arrlang-golden-roundtrip.npy", x * 2)
y = load("/tmp/arrlang-golden-roundtrip.npy", chunks=(2, 3))
y
#> array([[ 0.,  2.,  4.,  6.,  8., 10., 12.],
#>        [14., 16., 18., 20., 22., 24., 26.],
#>        [28., 30., 32., 34., 36., 38., 40.],
#>        [42., 44., 46., 48., 50., 52., 54.],
#>        [56., 58., 60., 62., 64., 66., 68.]])
y.chunks
#> ((2, 2, 1), (3, 3, 1))
(y == x * 2).all()
#> True
save("/tmp/arrlang-golden-int.npy", arange(10, dtype=int32))
load("/tmp/arrlang-golden-int.npy", chunks=3) + 1
#> array([ 1,  2,  3,  4,  5,  6,  7,  8,  9, 10], dtype=int32)
