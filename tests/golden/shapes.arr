# Shape manipulation.
x = arange(6).reshape((2, 3))
x.T
transpose(arange(24).reshape((2, 3, 4)), (1, 0, 2)).shape
transpose(arange(24).reshape((2, 3, 4)), (2, 0, 1))[1]
x.reshape((3, 2))
x.reshape((-1,))
arange(12).reshape((3, 4)).reshape((2, 6))
arange(12).reshape(3, 4)
squeeze(ones((1, 3, 1))).shape
expand_dims(arange(3), 0)
expand_dims(arange(3), -1).shape
concatenate([x, x * 10], axis=0)
concatenate([x, x], axis=1)
stack([arange(3), arange(3) * 2])
stack([arange(3), arange(3) * 2], axis=1)
rechunk(arange(10, chunks=3), 4).chunks
broadcast_to(arange(3), (2, 3))
