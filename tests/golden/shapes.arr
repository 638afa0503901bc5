# Shape manipulation.
x = arange(6).reshape((2, 3))
x.T
#> array([[0, 3],
#>        [1, 4],
#>        [2, 5]])
transpose(arange(24).reshape((2, 3, 4)), (1, 0, 2)).shape
#> (3, 2, 4)
transpose(arange(24).reshape((2, 3, 4)), (2, 0, 1))[1]
#> array([[ 1,  5,  9],
#>        [13, 17, 21]])
x.reshape((3, 2))
#> array([[0, 1],
#>        [2, 3],
#>        [4, 5]])
x.reshape((-1,))
#> array([0, 1, 2, 3, 4, 5])
arange(12).reshape((3, 4)).reshape((2, 6))
#> array([[ 0,  1,  2,  3,  4,  5],
#>        [ 6,  7,  8,  9, 10, 11]])
arange(12).reshape(3, 4)
#> array([[ 0,  1,  2,  3],
#>        [ 4,  5,  6,  7],
#>        [ 8,  9, 10, 11]])
squeeze(ones((1, 3, 1))).shape
#> (3,)
expand_dims(arange(3), 0)
#> array([[0, 1, 2]])
expand_dims(arange(3), -1).shape
#> (3, 1)
concatenate([x, x * 10], axis=0)
#> array([[ 0,  1,  2],
#>        [ 3,  4,  5],
#>        [ 0, 10, 20],
#>        [30, 40, 50]])
concatenate([x, x], axis=1)
#> array([[0, 1, 2, 0, 1, 2],
#>        [3, 4, 5, 3, 4, 5]])
stack([arange(3), arange(3) * 2])
#> array([[0, 1, 2],
#>        [0, 2, 4]])
stack([arange(3), arange(3) * 2], axis=1)
#> array([[0, 0],
#>        [1, 2],
#>        [2, 4]])
rechunk(arange(10, chunks=3), 4).chunks
#> ((4, 4, 2),)
broadcast_to(arange(3), (2, 3))
#> array([[0, 1, 2],
#>        [0, 1, 2]])
