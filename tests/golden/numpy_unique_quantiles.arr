# quantile/percentile with a list of q (numpy: the q axis first), axis= tuples, keepdims;
# unique's return_index/return_inverse/return_counts (values from numpy 2.4)
x = (arange(24.).reshape((2, 3, 4)) ** 1.3).rechunk((1, 2, 3))
quantile(x, [0.1, 0.9], axis=(0, 2), keepdims=True)
#> array([[[[ 0.7       ],
#>          [ 7.49115797],
#>          [16.65760524]]],
#>
#>
#>        [[[31.77044201],
#>          [43.7763203 ],
#>          [56.60202072]]]])
percentile(x, [[10], [90]], axis=1).shape
#> (2, 1, 2, 4)
nanpercentile(x, [25, 50, 75], axis=-1)
#> array([[[ 0.75      ,  7.5931788 , 16.78111077],
#>         [27.36918268, 39.01901042, 51.5419233 ]],
#>
#>        [[ 1.73114441,  9.18695107, 18.67563078],
#>         [29.48153342, 41.30651886, 53.97787704]],
#>
#>        [[ 2.8895085 , 10.8403468 , 20.6105925 ],
#>         [31.62546282, 43.62034574, 56.43661116]]])
quantile(x, [], axis=1).shape
#> (0, 2, 4)
quantile(x.astype(float32), [0.5]).dtype, quantile(x.astype(float32), 0.5).dtype
#> (dtype('float64'), dtype('float32'))
quantile(x, [0.5, 1.5])
#! error[E0102]: Quantiles must be in the range [0, 1]
v = array([3, 1, 3, 2, 1, 3, nan, nan]).rechunk(3)
u, idx, inv, c = unique(v, return_index=True, return_inverse=True, return_counts=True)
u
#> array([ 1.,  2.,  3., nan])
idx
#> array([1, 3, 0, 6])
inv
#> array([2, 0, 2, 1, 0, 2, 3, 3])
c
#> array([2, 1, 3, 2])
unique(array([[3, 1], [3, 2]]).rechunk(1), return_inverse=True)
#> (array([1, 2, 3]), array([[2, 0],
#>        [2, 1]]))
unique(array([5, 5, 5]).rechunk(1), return_counts=True)
#> (array([5]), array([3]))
unique(array([], dtype=int64), return_counts=True)
#> (array([], dtype=int64), array([], dtype=int64))
