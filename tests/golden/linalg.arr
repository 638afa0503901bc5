# Contractions: dot, @ and tensordot.
x = ones((15, 15), chunks=(5, 5))
(x.dot(x.T + 1) - x.mean()).std()
#> 0.0
a = arange(6).reshape((2, 3))
b = arange(12).reshape((3, 4))
a @ b
#> array([[20, 23, 26, 29],
#>        [56, 68, 80, 92]])
dot(a, b)
#> array([[20, 23, 26, 29],
#>        [56, 68, 80, 92]])
dot(arange(3), arange(3))
#> 5
a @ arange(3)
#> array([ 5, 14])
dot(b.T, arange(3))
#> array([20, 23, 26, 29])
tensordot(arange(24).reshape((2, 3, 4)), arange(12).reshape((3, 4)), axes=((1, 2), (0, 1)))
#> array([ 506, 1298])
tensordot(arange(6).reshape((2, 3)), arange(6).reshape((3, 2)), axes=1)
#> array([[10, 13],
#>        [28, 40]])
(arange(6.0).reshape((2, 3)) @ ones((3, 2), dtype=float32)).dtype
#> dtype('float64')
