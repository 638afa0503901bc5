# Sorting and search: sort argsort searchsorted digitize isin interp histogram bincount unique
# (values from numpy 2.4; argsort is stable, as numpy kind="stable")
x = (arange(24) * 7 % 11).reshape((2, 3, 4)) - 3
f = array([3., nan, -1., 3., 0.5, inf, -2., nan, 7.])
sort(x)
#> array([[[-3,  0,  4,  7],
#>         [-1,  2,  3,  6],
#>         [-3, -2,  1,  5]],
#>
#>        [[ 0,  3,  4,  7],
#>         [-2, -1,  2,  6],
#>         [-3,  1,  4,  5]]])
sort(x, axis=0)
#> array([[[-3,  0,  0,  3],
#>         [-1, -1,  2, -2],
#>         [-2,  1, -3, -3]],
#>
#>        [[ 4,  4,  7,  7],
#>         [ 3,  6,  6,  2],
#>         [ 5,  5,  1,  4]]])
sort(x, axis=1)
#> array([[[-3, -1,  0, -3],
#>         [-2,  4,  1,  2],
#>         [ 3,  5,  6,  7]],
#>
#>        [[-1,  0, -3, -2],
#>         [ 4,  1,  2,  3],
#>         [ 5,  6,  7,  4]]])
sort(x, axis=None)
#> array([-3, -3, -3, -2, -2, -1, -1,  0,  0,  1,  1,  2,  2,  3,  3,  4,  4,
#>         4,  5,  5,  6,  6,  7,  7])
argsort(x, axis=1, kind='stable')
#> array([[[0, 1, 0, 2],
#>         [2, 0, 2, 1],
#>         [1, 2, 1, 0]],
#>
#>        [[1, 0, 2, 1],
#>         [0, 2, 1, 0],
#>         [2, 1, 0, 2]]])
argsort(x, axis=0, kind='stable')
#> array([[[0, 1, 0, 1],
#>         [1, 0, 1, 1],
#>         [0, 1, 1, 0]],
#>
#>        [[1, 0, 1, 0],
#>         [0, 1, 0, 0],
#>         [1, 0, 0, 1]]])
sort(f)
#> array([-2. , -1. ,  0.5,  3. ,  3. ,  7. ,  inf,  nan,  nan])
argsort(f, kind='stable')
#> array([6, 2, 4, 0, 3, 8, 5, 1, 7])
sort(array([True, False, True]))
#> array([False,  True,  True])
x.argsort(axis=-1, kind='stable')
#> array([[[0, 2, 1, 3],
#>         [1, 3, 0, 2],
#>         [3, 0, 2, 1]],
#>
#>        [[1, 3, 0, 2],
#>         [3, 0, 2, 1],
#>         [2, 1, 3, 0]]])
searchsorted(array([1, 2, 2, 5, 9]), x[0, 1:])
#> array([[3, 0, 4, 1],
#>        [0, 3, 0, 0]])
searchsorted(array([1, 2, 2, 5, 9]), x[0, 1:], side='right')
#> array([[3, 0, 4, 3],
#>        [0, 4, 1, 0]])
searchsorted(sort(f), f)
#> array([3, 7, 1, 3, 2, 6, 0, 7, 5])
searchsorted(array([1., 2.5, 4.]), 3)
#> 2
digitize(x[1, :2], array([-10, 0, 10, 20]))
#> array([[2, 2, 2, 2],
#>        [1, 2, 2, 1]])
digitize(x[1, :2], array([-10, 0, 10, 20]), right=True)
#> array([[2, 1, 2, 2],
#>        [1, 2, 2, 1]])
digitize(x[1, :2], array([20., 10., 0., -10.]))
#> array([[2, 2, 2, 2],
#>        [3, 2, 2, 3]])
digitize(f, array([0., 1., 5.]))
#> array([2, 3, 0, 2, 1, 3, 0, 3, 3])
isin(x, [1, 4, 7, -3, 100])
#> array([[[ True,  True, False,  True],
#>         [False, False, False, False],
#>         [False, False,  True,  True]],
#>
#>        [[ True, False,  True, False],
#>         [False, False, False, False],
#>         [False,  True,  True,  True]]])
isin(x, array([[1, 4], [7, -3]]), invert=True)
#> array([[[False, False,  True, False],
#>         [ True,  True,  True,  True],
#>         [ True,  True, False, False]],
#>
#>        [[False,  True, False,  True],
#>         [ True,  True,  True,  True],
#>         [ True, False, False, False]]])
isin(f, array([3., nan, 7.]))
#> array([ True, False, False,  True, False, False, False, False,  True])
interp(x[1] * 2.5, array([-10., 0., 5., 20.]), array([1., 3., -2., 8.]))
#> array([[ 1.33333333,  3.        ,  6.33333333, -0.33333333],
#>        [ 2.5       ,  4.66666667, -2.        ,  2.        ],
#>        [ 3.        ,  0.5       ,  1.5       ,  1.33333333]])
interp(f, array([0., 1., 3.]), array([10., 20., 0.]))
#> array([ 0., nan, 10.,  0., 15.,  0., 10., nan,  0.])
interp(f, array([0., 1., 3.]), array([10., 20., 0.]), left=-1, right=99)
#> array([ 0., nan, -1.,  0., 15., 99., -1., nan, 99.])
histogram(x)
#> (array([3, 2, 2, 2, 2, 2, 2, 3, 2, 4]), array([-3., -2., -1.,  0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.]))
histogram(x, 4)
#> (array([7, 4, 7, 6]), array([-3. , -0.5,  2. ,  4.5,  7. ]))
histogram(x, 5, range=(0, 30))
#> (array([13,  4,  0,  0,  0]), array([ 0.,  6., 12., 18., 24., 30.]))
histogram(x, array([-20, -5, 0, 12, 40]))
#> (array([ 0,  7, 17,  0]), array([-20,  -5,   0,  12,  40]))
histogram(x, [-20., 0., 40.], weights=x * 0.5)
#> (array([-7.5, 30. ]), array([-20.,   0.,  40.]))
histogram(x, 3, density=True)
#> (array([0.1125, 0.075 , 0.1125]), array([-3.        ,  0.33333333,  3.66666667,  7.        ]))
histogram(f, 3, range=(-2, 7))
#> (array([3, 2, 1]), array([-2.,  1.,  4.,  7.]))
histogram(f, [-2, 0, 3, 7])
#> (array([2, 1, 3]), array([-2,  0,  3,  7]))
histogram(array([2., 2., 2.]), 2)
#> (array([0, 3]), array([1.5, 2. , 2.5]))
bincount(array([0, 1, 1, 3, 5, 1]))
#> array([1, 3, 0, 1, 0, 1])
bincount(array([0, 1, 1, 3]), minlength=7)
#> array([1, 2, 0, 1, 0, 0, 0])
bincount(array([0, 1, 1, 3]), weights=array([0.5, 1., 2., -1.]))
#> array([ 0.5,  3. ,  0. , -1. ])
bincount(x.ravel() + 3, minlength=11)
#> array([3, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2])
unique(x % 7)
#> array([0, 1, 2, 3, 4, 5, 6])
unique(f)
#> array([-2. , -1. ,  0.5,  3. ,  7. ,  inf,  nan])
unique(array([4, 1, 4, 4]))
#> array([1, 4])
unique(x).sum()
#> 22
histogram(f)
#! error[E0401]: autodetected range of [nan, nan] is not finite
histogram(x, 3, range=(5, 1))
#! error[E0102]: max must be larger than min in range parameter.
interp(x, array([1., 2.]), array([1., 2., 3.]))
#! error[E0204]: fp and xp are not of the same length
bincount(x.ravel())
#! error[E0102]: bincount of a computed array needs minlength=
bincount(array([0, -1]))
#! error[E0401]: 'list' argument must have no negative elements
digitize(x, array([1, 3, 2]))
#! error[E0401]: bins must be monotonically increasing or decreasing
searchsorted(x, 1)
#! error[E0204]: the sorted array must be 1-dimensional
