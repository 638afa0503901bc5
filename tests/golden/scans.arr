# Scans: cumsum cumprod nancumsum nancumprod, flattened and along an axis (values from numpy 2).
x = arange(24).reshape((2, 3, 4))
cumsum(x)
#> array([  0,   1,   3,   6,  10,  15,  21,  28,  36,  45,  55,  66,  78,
#>         91, 105, 120, 136, 153, 171, 190, 210, 231, 253, 276])
x.cumsum(axis=0)
#> array([[[ 0,  1,  2,  3],
#>         [ 4,  5,  6,  7],
#>         [ 8,  9, 10, 11]],
#>
#>        [[12, 14, 16, 18],
#>         [20, 22, 24, 26],
#>         [28, 30, 32, 34]]])
cumsum(x, axis=1)
#> array([[[ 0,  1,  2,  3],
#>         [ 4,  6,  8, 10],
#>         [12, 15, 18, 21]],
#>
#>        [[12, 13, 14, 15],
#>         [28, 30, 32, 34],
#>         [48, 51, 54, 57]]])
cumsum(x, axis=-1)
#> array([[[ 0,  1,  3,  6],
#>         [ 4,  9, 15, 22],
#>         [ 8, 17, 27, 38]],
#>
#>        [[12, 25, 39, 54],
#>         [16, 33, 51, 70],
#>         [20, 41, 63, 86]]])
cumprod(arange(1, 11))
#> array([      1,       2,       6,      24,     120,     720,    5040,
#>          40320,  362880, 3628800])
x.cumprod(axis=2)
#> array([[[     0,      0,      0,      0],
#>         [     4,     20,    120,    840],
#>         [     8,     72,    720,   7920]],
#>
#>        [[    12,    156,   2184,  32760],
#>         [    16,    272,   4896,  93024],
#>         [    20,    420,   9240, 212520]]])
cumprod(arange(1., 7.).reshape((2, 3)), axis=0)
#> array([[ 1.,  2.,  3.],
#>        [ 4., 10., 18.]])
y = array([[1., nan, 2., 3.], [nan, nan, 4., 0.5]])
cumsum(y, axis=1)
#> array([[ 1., nan, nan, nan],
#>        [nan, nan, nan, nan]])
nancumsum(y, axis=1)
#> array([[1. , 1. , 3. , 6. ],
#>        [0. , 0. , 4. , 4.5]])
nancumsum(y)
#> array([ 1. ,  1. ,  3. ,  6. ,  6. ,  6. , 10. , 10.5])
nancumprod(y, axis=0)
#> array([[1. , 1. , 2. , 3. ],
#>        [1. , 1. , 8. , 1.5]])
nancumprod(y)
#> array([ 1.,  1.,  2.,  6.,  6.,  6., 24., 12.])
cumsum(arange(10) > 4)
#> array([0, 0, 0, 0, 0, 1, 2, 3, 4, 5])
cumsum(arange(5, dtype=int32)).dtype
#> dtype('int64')
cumsum(ones(5, dtype=float32)).dtype
#> dtype('float32')
nancumsum(arange(6)).dtype
#> dtype('int64')
cumsum(linspace(0, 1, 11))
#> array([0. , 0.1, 0.3, 0.6, 1. , 1.5, 2.1, 2.8, 3.6, 4.5, 5.5])
cumsum(arange(12).reshape((3, 4)), axis=0)[1:, ::2]
#> array([[ 4,  8],
#>        [12, 18]])
cumsum(ones((0, 3)), axis=0).shape
#> (0, 3)
cumprod(full((3,), 2**62), axis=0)
#> array([4611686018427387904,                   0,                   0])
cumsum(x, axis=3)
#! error[E0202]: axis `3` is out of bounds for an array of dimension 3
cumsum(x, axis=(0, 1))
#! error[E0103]: expected an integer, found tuple
