# Neighbours: diff gradient roll pad along axes (values from numpy 2).
x = arange(24).reshape((2, 3, 4)) ** 2
diff(x)
#> array([[[ 1,  3,  5],
#>         [ 9, 11, 13],
#>         [17, 19, 21]],
#>
#>        [[25, 27, 29],
#>         [33, 35, 37],
#>         [41, 43, 45]]])
diff(x, axis=0)
#> array([[[144, 168, 192, 216],
#>         [240, 264, 288, 312],
#>         [336, 360, 384, 408]]])
diff(x, n=2, axis=1)
#> array([[[32, 32, 32, 32]],
#>
#>        [[32, 32, 32, 32]]])
diff(array([1., 4., 9., 16., 25., 36.]), n=3)
#> array([0., 0., 0.])
diff(arange(5), n=0)
#> array([0, 1, 2, 3, 4])
diff(arange(8) % 3 == 0)
#> array([ True, False,  True,  True, False,  True,  True])
diff(arange(5, dtype=int32)).dtype
#> dtype('int32')
diff(arange(3), n=5).shape
#> (0,)
y = array([1., 2., 4., 7., 11., 16.])
gradient(y)
#> array([1. , 1.5, 2.5, 3.5, 4.5, 5. ])
gradient(y, 2.0)
#> array([0.5 , 0.75, 1.25, 1.75, 2.25, 2.5 ])
gradient(arange(2) * 3)
#> array([3., 3.])
gradient(x, axis=2)
#> array([[[ 1.,  2.,  4.,  5.],
#>         [ 9., 10., 12., 13.],
#>         [17., 18., 20., 21.]],
#>
#>        [[25., 26., 28., 29.],
#>         [33., 34., 36., 37.],
#>         [41., 42., 44., 45.]]])
gradient(x, axis=1)
#> array([[[ 16.,  24.,  32.,  40.],
#>         [ 32.,  40.,  48.,  56.],
#>         [ 48.,  56.,  64.,  72.]],
#>
#>        [[112., 120., 128., 136.],
#>         [128., 136., 144., 152.],
#>         [144., 152., 160., 168.]]])
gradient(arange(6).reshape((2, 3)) ** 2)
#> (array([[ 9., 15., 21.],
#>        [ 9., 15., 21.]]), array([[1., 2., 3.],
#>        [7., 8., 9.]]))
gradient(ones(4, dtype=float32)).dtype
#> dtype('float32')
roll(arange(10), 3)
#> array([7, 8, 9, 0, 1, 2, 3, 4, 5, 6])
roll(arange(10), -13)
#> array([3, 4, 5, 6, 7, 8, 9, 0, 1, 2])
roll(x, 1)
#> array([[[529,   0,   1,   4],
#>         [  9,  16,  25,  36],
#>         [ 49,  64,  81, 100]],
#>
#>        [[121, 144, 169, 196],
#>         [225, 256, 289, 324],
#>         [361, 400, 441, 484]]])
roll(x, 2, axis=2)
#> array([[[  4,   9,   0,   1],
#>         [ 36,  49,  16,  25],
#>         [100, 121,  64,  81]],
#>
#>        [[196, 225, 144, 169],
#>         [324, 361, 256, 289],
#>         [484, 529, 400, 441]]])
roll(x, (1, -1), axis=(1, 2))
#> array([[[ 81, 100, 121,  64],
#>         [  1,   4,   9,   0],
#>         [ 25,  36,  49,  16]],
#>
#>        [[441, 484, 529, 400],
#>         [169, 196, 225, 144],
#>         [289, 324, 361, 256]]])
roll(x, 1, axis=(0, 1))
#> array([[[400, 441, 484, 529],
#>         [144, 169, 196, 225],
#>         [256, 289, 324, 361]],
#>
#>        [[ 64,  81, 100, 121],
#>         [  0,   1,   4,   9],
#>         [ 16,  25,  36,  49]]])
pad(arange(5), 2)
#> array([0, 0, 0, 1, 2, 3, 4, 0, 0])
pad(arange(5), (1, 3), constant_values=7)
#> array([7, 0, 1, 2, 3, 4, 7, 7, 7])
pad(arange(6).reshape((2, 3)), ((1, 0), (2, 1)), mode="edge")
#> array([[0, 0, 0, 1, 2, 2],
#>        [0, 0, 0, 1, 2, 2],
#>        [3, 3, 3, 4, 5, 5]])
pad(arange(6).reshape((2, 3)), 1, constant_values=1.5)
#> array([[1, 1, 1, 1, 1],
#>        [1, 0, 1, 2, 1],
#>        [1, 3, 4, 5, 1],
#>        [1, 1, 1, 1, 1]])
pad(y, (0, 2), constant_values=nan)
#> array([ 1.,  2.,  4.,  7., 11., 16., nan, nan])
pad(x, ((0, 0), (1, 1), (0, 0)), mode="edge")[:, :, 0]
#> array([[  0,   0,  16,  64,  64],
#>        [144, 144, 256, 400, 400]])
diff(x, n=-1)
#! error[E0102]: order must be non-negative but got `-1`
diff(x, axis=3)
#! error[E0202]: axis `3` is out of bounds for an array of dimension 3
gradient(ones((1, 3)), axis=0)
#! error[E0204]: shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required
roll(x, (1, 2, 3), axis=(0, 1))
#! error[E0204]: 'shift' and 'axis' should be scalars or 1D sequences of the same length
pad(arange(3), 1, mode="reflect")
#! error[E0102]: mode `reflect` is not supported
pad(arange(3), (-1, 1))
#! error[E0102]: index can't contain negative values
