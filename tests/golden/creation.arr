# Creation routines: values, dtypes and shapes as in numpy.
ones((2, 3))
#> array([[1., 1., 1.],
#>        [1., 1., 1.]])
zeros((2,), dtype=int32)
#> array([0, 0], dtype=int32)
full((2, 2), 7)
#> array([[7, 7],
#>        [7, 7]])
full((3,), 2.5, chunks=2)
#> array([2.5, 2.5, 2.5])
arange(5)
#> array([0, 1, 2, 3, 4])
arange(1, 10, 3)
#> array([1, 4, 7])
arange(0.5, 2.0, 0.5)
#> array([0.5, 1. , 1.5])
arange(10, 0, -3)
#> array([10,  7,  4,  1])
linspace(0, 1, 5)
#> array([0.  , 0.25, 0.5 , 0.75, 1.  ])
eye(3, dtype=int64)
#> array([[1, 0, 0],
#>        [0, 1, 0],
#>        [0, 0, 1]])
eye(3, 4, k=1)
#> array([[0., 1., 0., 0.],
#>        [0., 0., 1., 0.],
#>        [0., 0., 0., 1.]])
array([[1, 2], [3, 4]])
#> array([[1, 2],
#>        [3, 4]])
array([1.5, 2, 3])
#> array([1.5, 2. , 3. ])
array([True, False])
#> array([ True, False])
array([1, 2], dtype=float32)
#> array([1., 2.], dtype=float32)
x = ones((4, 6), chunks=(2, 3))
x.shape
#> (4, 6)
x.dtype
#> dtype('float64')
x.ndim
#> 2
x.size
#> 24
x.chunks
#> ((2, 2), (3, 3))
