# Creation routines: values, dtypes and shapes as in numpy.
ones((2, 3))
zeros((2,), dtype=int32)
full((2, 2), 7)
full((3,), 2.5, chunks=2)
arange(5)
arange(1, 10, 3)
arange(0.5, 2.0, 0.5)
arange(10, 0, -3)
linspace(0, 1, 5)
eye(3, dtype=int64)
eye(3, 4, k=1)
array([[1, 2], [3, 4]])
array([1.5, 2, 3])
array([True, False])
array([1, 2], dtype=float32)
x = ones((4, 6), chunks=(2, 3))
x.shape
x.dtype
x.ndim
x.size
x.chunks
