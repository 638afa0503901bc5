# .npy files are written and read chunk by chunk.
x = arange(35.0).reshape((5, 7))
save("/tmp/arrlang-golden-roundtrip.npy", x * 2)
y = load("/tmp/arrlang-golden-roundtrip.npy", chunks=(2, 3))
y
y.chunks
(y == x * 2).all()
save("/tmp/arrlang-golden-int.npy", arange(10, dtype=int32))
load("/tmp/arrlang-golden-int.npy", chunks=3) + 1
