# Order statistics: median quantile percentile and nan-variants (values from numpy 2).
x = (arange(60) * 37 % 61).reshape((3, 4, 5))
median(x)
#> 30.5
median(x, axis=0)
#> array([[ 8., 45., 21., 50., 34.],
#>        [10., 47., 23., 52., 36.],
#>        [12., 49., 25.,  9., 38.],
#>        [14., 51., 27., 11., 40.]])
median(x, axis=1)
#> array([[ 3. , 40. , 16. , 53. , 29. ],
#>        [11. , 48. , 24. , 30.5, 37. ],
#>        [19. , 56. , 32. ,  8. , 45. ]])
median(x, axis=-1, keepdims=True)
#> array([[[26.],
#>         [28.],
#>         [30.],
#>         [32.]],
#>
#>        [[34.],
#>         [36.],
#>         [25.],
#>         [27.]],
#>
#>        [[29.],
#>         [31.],
#>         [33.],
#>         [35.]]])
quantile(x, 0.3, axis=2)
#> array([[15.6, 17.6, 19.6, 21.6],
#>        [23.6, 25.6, 14.6, 16.6],
#>        [18.6, 20.6, 22.6, 24.6]])
percentile(x, 90)
#> 54.1
percentile(x, 12.5, axis=1)
#> array([[ 0.75, 37.75, 13.75, 50.75, 26.75],
#>        [ 8.75, 45.75, 21.75,  1.75, 34.75],
#>        [16.75, 53.75, 29.75,  5.75, 42.75]])
quantile(x, 1.0, axis=0)
#> array([[16., 53., 29., 58., 42.],
#>        [18., 55., 31., 60., 44.],
#>        [20., 57., 33., 54., 46.],
#>        [22., 59., 35., 56., 48.]])
median(x, keepdims=True)
#> array([[[30.5]]])
z = array([[1., nan, 3., 10.], [nan, nan, nan, nan], [4., 2., 8., 6.]])
median(z, axis=1)
#> array([nan, nan,  5.])
nanmedian(z, axis=1)
#> array([ 3., nan,  5.])
nanmedian(z, axis=0)
#> array([2.5, 2. , 5.5, 8. ])
nanquantile(z, 0.75, axis=1)
#> array([6.5, nan, 6.5])
nanpercentile(z, 40)
#> 3.4000000000000004
median(ones((3, 4), dtype=float32), axis=0).dtype
#> dtype('float32')
median(arange(7) > 2)
#> 1.0
median(arange(6, dtype=int32)).dtype
#> dtype('float64')
quantile(x, 1.5)
#! error[E0102]: Quantiles must be in the range [0, 1]
percentile(x, -1, axis=0)
#! error[E0102]: Percentiles must be in the range [0, 100]
median(x, axis=3)
#! error[E0202]: axis `3` is out of bounds for an array of dimension 3
