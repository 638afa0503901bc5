# Reductions: axis None, int or tuple; keepdims; ddof; nan-aware variants.
x = arange(24).reshape((2, 3, 4))
x.sum()
#> 276
x.sum(axis=0)
#> array([[12, 14, 16, 18],
#>        [20, 22, 24, 26],
#>        [28, 30, 32, 34]])
x.sum(axis=(0, 2))
#> array([ 60,  92, 124])
x.sum(axis=-1, keepdims=True)
#> array([[[ 6],
#>         [22],
#>         [38]],
#>
#>        [[54],
#>         [70],
#>         [86]]])
x.mean()
#> 11.5
x.mean(axis=1)
#> array([[ 4.,  5.,  6.,  7.],
#>        [16., 17., 18., 19.]])
x.std()
#> 6.922186552431729
x.var(axis=2, ddof=1)
#> array([[1.66666667, 1.66666667, 1.66666667],
#>        [1.66666667, 1.66666667, 1.66666667]])
x.min(axis=1)
#> array([[ 0,  1,  2,  3],
#>        [12, 13, 14, 15]])
x.max()
#> 23
x.prod(axis=2)
#> array([[     0,    840,   7920],
#>        [ 32760,  93024, 212520]])
(x > 20).any()
#> True
(x > 20).all(axis=2)
#> array([[False, False, False],
#>        [False, False, False]])
x.argmin()
#> 0
x.argmax(axis=1)
#> array([[2, 2, 2, 2],
#>        [2, 2, 2, 2]])
sum(x, axis=1)
#> array([[12, 15, 18, 21],
#>        [48, 51, 54, 57]])
mean(ones((3, 3)) * 2)
#> 2.0
y = array([1.0, nan, 3.0])
y.sum()
#> nan
nansum(y)
#> 4.0
nanmean(y)
#> 2.0
nanmin(y)
#> 1.0
nanmax(y)
#> 3.0
y.max()
#> nan
z = array([3, 1, 4, 1, 5, 9, 2, 6])
z.argmin()
#> 1
z.argmax()
#> 5
array([1e9 + 1, 1e9 + 2, 1e9 + 3]).var()
#> 0.6666666666666666
array([1.5, 2.5], dtype=float32).sum()
#> 4.0
array([1, 2], dtype=int32).sum().dtype
#> dtype('int64')
