# Elementwise operators with numpy's broadcasting and type promotion.
a = arange(6).reshape((2, 3))
b = array([10, 20, 30])
a + b
#> array([[10, 21, 32],
#>        [13, 24, 35]])
a * 2.5
#> array([[ 0. ,  2.5,  5. ],
#>        [ 7.5, 10. , 12.5]])
a / 2
#> array([[0. , 0.5, 1. ],
#>        [1.5, 2. , 2.5]])
a // 4
#> array([[0, 0, 0],
#>        [0, 1, 1]])
a % 4
#> array([[0, 1, 2],
#>        [3, 0, 1]])
-a ** 2
#> array([[  0,  -1,  -4],
#>        [ -9, -16, -25]])
2 ** a
#> array([[ 1,  2,  4],
#>        [ 8, 16, 32]])
(a - 3) // 2
#> array([[-2, -1, -1],
#>        [ 0,  0,  1]])
(a - 3) % 4
#> array([[1, 2, 3],
#>        [0, 1, 2]])
arange(-3.0, 3.0) // 2
#> array([-2., -1., -1.,  0.,  0.,  1.])
arange(-3.0, 3.0) % 2
#> array([1., 0., 1., 0., 1., 0.])
a == 2
#> array([[False, False,  True],
#>        [False, False, False]])
(a > 1) & (a < 4)
#> array([[False, False,  True],
#>        [ True, False, False]])
(a < 1) | (a > 4)
#> array([[ True, False, False],
#>        [False, False,  True]])
~(a > 2)
#> array([[ True,  True,  True],
#>        [False, False, False]])
a[:, None] + b[None, :1]
#> array([[[10, 11, 12]],
#>
#>        [[13, 14, 15]]])
ones((3, 1)) * arange(4)
#> array([[0., 1., 2., 3.],
#>        [0., 1., 2., 3.],
#>        [0., 1., 2., 3.]])
array([1, 2], dtype=int32) + 1
#> array([2, 3], dtype=int32)
array([1, 2], dtype=int32) + 1.5
#> array([2.5, 3.5])
array([1, 2], dtype=float32) * 2
#> array([2., 4.], dtype=float32)
array([1, 2], dtype=int32) + array([1, 2], dtype=float32)
#> array([2., 4.])
array([True, False]) + array([True, True])
#> array([ True,  True])
abs(array([-1.5, 2]))
#> array([1.5, 2. ])
sqrt(array([4, 9]))
#> array([2., 3.])
exp(array([0.0, 1.0]))
#> array([1.        , 2.71828183])
log(array([1.0, e]))
#> array([0., 1.])
round(array([0.5, 1.5, 2.5, -0.5]))
#> array([ 0.,  2.,  2., -0.])
sign(array([-2, 0, 3]))
#> array([-1,  0,  1])
floor(array([-1.5, 1.5]))
#> array([-2.,  1.])
ceil(array([-1.5, 1.5]))
#> array([-1.,  2.])
isnan(array([1.0, nan]))
#> array([False,  True])
isfinite(array([1.0, inf, nan]))
#> array([ True, False, False])
where(a > 2, a, -1)
#> array([[-1, -1, -1],
#>        [ 3,  4,  5]])
maximum(array([1, 5]), array([4, 2]))
#> array([4, 5])
minimum(array([1.0, nan]), 0.5)
#> array([0.5, nan])
clip(arange(6), 1, 4)
#> array([1, 1, 2, 3, 4, 4])
arange(4).astype(float32)
#> array([0., 1., 2., 3.], dtype=float32)
array([1.7, -1.7]).astype(int64)
#> array([ 1, -1])
1 + 2 * 3
#> 7
7 // 2
#> 3
-7 // 2
#> -4
7 % -3
#> -2
2 ** 10
#> 1024
1 / 4
#> 0.25
