# Fancy indexing: integer lists and arrays (literal or computed), per-axis boolean masks,
# pointwise indexing with several arrays (numpy's broadcasting and placement rules).
x = arange(20).reshape((4, 5))
x[[0, 2]]
#> array([[ 0,  1,  2,  3,  4],
#>        [10, 11, 12, 13, 14]])
x[:, [1, 3]]
#> array([[ 1,  3],
#>        [ 6,  8],
#>        [11, 13],
#>        [16, 18]])
x[[3, -1, 0]]
#> array([[15, 16, 17, 18, 19],
#>        [15, 16, 17, 18, 19],
#>        [ 0,  1,  2,  3,  4]])
x[[0, 1], [1, 2]]
#> array([1, 7])
x[[[0], [3]], [1, 4]]
#> array([[ 1,  4],
#>        [16, 19]])
x[[0, 2], 1:4]
#> array([[ 1,  2,  3],
#>        [11, 12, 13]])
x[1:3, [4, 0, 4]]
#> array([[ 9,  5,  9],
#>        [14, 10, 14]])
x[[2, 0], ::-2]
#> array([[14, 12, 10],
#>        [ 4,  2,  0]])
x[:, [True, False, True, False, True]]
#> array([[ 0,  2,  4],
#>        [ 5,  7,  9],
#>        [10, 12, 14],
#>        [15, 17, 19]])
x[[False, True, True, False]]
#> array([[ 5,  6,  7,  8,  9],
#>        [10, 11, 12, 13, 14]])
x[[False, True, True, False], [1, 4]]
#> array([ 6, 14])
x[..., [0, -1]]
#> array([[ 0,  4],
#>        [ 5,  9],
#>        [10, 14],
#>        [15, 19]])
x[None, [1, 2]]
#> array([[[ 5,  6,  7,  8,  9],
#>         [10, 11, 12, 13, 14]]])
x[[1, 2], None]
#> array([[[ 5,  6,  7,  8,  9]],
#>
#>        [[10, 11, 12, 13, 14]]])
x[2, [0, 4]]
#> array([10, 14])
x[[0, 0, 3], 2]
#> array([ 2,  2, 17])
x[[]]
#> array([], shape=(0, 5), dtype=int64)
x[:, []]
#> array([], shape=(4, 0), dtype=int64)
y = arange(60).reshape((3, 4, 5))
y[:, [0, 2], [1, 3]]
#> array([[ 1, 13],
#>        [21, 33],
#>        [41, 53]])
y[[0, 2], :, [1, 3]]
#> array([[ 1,  6, 11, 16],
#>        [43, 48, 53, 58]])
y[[0, 1], 1, [2, 4]]
#> array([ 7, 29])
y[1, :, [0, 1]]
#> array([[20, 25, 30, 35],
#>        [21, 26, 31, 36]])
y[:, :, [4, 0]].sum(axis=0)
#> array([[ 72,  60],
#>        [ 87,  75],
#>        [102,  90],
#>        [117, 105]])
y[[[0, 1], [2, 0]]]
#> array([[[[ 0,  1,  2,  3,  4],
#>          [ 5,  6,  7,  8,  9],
#>          [10, 11, 12, 13, 14],
#>          [15, 16, 17, 18, 19]],
#>
#>         [[20, 21, 22, 23, 24],
#>          [25, 26, 27, 28, 29],
#>          [30, 31, 32, 33, 34],
#>          [35, 36, 37, 38, 39]]],
#>
#>
#>        [[[40, 41, 42, 43, 44],
#>          [45, 46, 47, 48, 49],
#>          [50, 51, 52, 53, 54],
#>          [55, 56, 57, 58, 59]],
#>
#>         [[ 0,  1,  2,  3,  4],
#>          [ 5,  6,  7,  8,  9],
#>          [10, 11, 12, 13, 14],
#>          [15, 16, 17, 18, 19]]]])
idx = arange(5)[::-2]
x[:, idx]
#> array([[ 4,  2,  0],
#>        [ 9,  7,  5],
#>        [14, 12, 10],
#>        [19, 17, 15]])
j = (arange(6) * 7) % 5
x[1][j]
#> array([5, 7, 9, 6, 8, 5])
x[:, j].sum()
#> 220
k = array([3, 1])
x[k, k]
#> array([18,  6])
x[x[:, 0] % 8 == 0]
#> array([[0, 1, 2, 3, 4]])
x[:, x[0] > 2]
#> array([[ 3,  4],
#>        [ 8,  9],
#>        [13, 14],
#>        [18, 19]])
take(x, [0, 13, 19])
#> array([ 0, 13, 19])
take(x, [1, -1], axis=1)
#> array([[ 1,  4],
#>        [ 6,  9],
#>        [11, 14],
#>        [16, 19]])
take(x, array([[0, 1], [2, 3]]), axis=0).shape
#> (2, 2, 5)
x.take([2, 3])
#> array([2, 3])
take_along_axis(x, argsort(-x, axis=1), axis=1)
#> array([[ 4,  3,  2,  1,  0],
#>        [ 9,  8,  7,  6,  5],
#>        [14, 13, 12, 11, 10],
#>        [19, 18, 17, 16, 15]])
take_along_axis(x, array([[0], [1], [2], [3]]), axis=1)
#> array([[ 0],
#>        [ 6],
#>        [12],
#>        [18]])
take_along_axis(y, array([[[1, 0]]]), axis=2)
#> array([[[ 1,  0],
#>         [ 6,  5],
#>         [11, 10],
#>         [16, 15]],
#>
#>        [[21, 20],
#>         [26, 25],
#>         [31, 30],
#>         [36, 35]],
#>
#>        [[41, 40],
#>         [46, 45],
#>         [51, 50],
#>         [56, 55]]])
diagonal(x)
#> array([ 0,  6, 12, 18])
diagonal(x, 1)
#> array([ 1,  7, 13, 19])
diagonal(x, -2)
#> array([10, 16])
x.diagonal(offset=3)
#> array([3, 9])
diagonal(y, 0, 1, 2)
#> array([[ 0,  6, 12, 18],
#>        [20, 26, 32, 38],
#>        [40, 46, 52, 58]])
diagonal(y, 1, 0, 2)
#> array([[ 1, 22, 43],
#>        [ 6, 27, 48],
#>        [11, 32, 53],
#>        [16, 37, 58]])
diagonal(y, axis1=2, axis2=0)
#> array([[ 0, 21, 42],
#>        [ 5, 26, 47],
#>        [10, 31, 52],
#>        [15, 36, 57]])
compress([False, True, True], x, axis=0)
#> array([[ 5,  6,  7,  8,  9],
#>        [10, 11, 12, 13, 14]])
compress([True, False, True], x, axis=1)
#> array([[ 0,  2],
#>        [ 5,  7],
#>        [10, 12],
#>        [15, 17]])
compress([True, False, True], x)
#> array([0, 2])
nonzero(array([[0, 3], [4, 0]]))
#> (array([0, 1]), array([1, 0]))
flatnonzero(x % 7 == 0)
#> array([ 0,  7, 14])
argwhere(x % 6 == 0)
#> array([[0, 0],
#>        [1, 1],
#>        [2, 2],
#>        [3, 3]])
where(array([0, 5, 0, 7]))
#> (array([1, 3]),)
extract(x % 4 == 0, x)
#> array([ 0,  4,  8, 12, 16])
# Indices computed from data (here by argsort): the same values, read from every block
o = argsort(-x[:, 2])
x[o]
#> array([[15, 16, 17, 18, 19],
#>        [10, 11, 12, 13, 14],
#>        [ 5,  6,  7,  8,  9],
#>        [ 0,  1,  2,  3,  4]])
x[o[:2], argsort(x[0])[::-3]]
#> array([19, 11])
# Out-of-range indices: known ones fail before computing, computed ones while computing
x[[0, 4]]
#! error[E0203]: index 4 is out of bounds for axis 0 with size 4
x[:, [-6]]
#! error[E0203]: index -6 is out of bounds for axis 1 with size 5
x[[1.5]]
#! error[E0203]: arrays used as indices must be of integer (or boolean) type
x[[0, 1], [0, 1, 2]]
#! error[E0203]: shape mismatch: indexing arrays could not be broadcast together
x[:, [True, False]]
#! error[E0203]: boolean index did not match indexed array: shape (2,) against (5,)
x[o // 3 + 3]
#! error[E0401]: index 4 is out of bounds for axis 0 with size 4
y[[0, 1], None, [0, 1]] = 1
y[:2, :2]
#> array([[[ 1,  1,  1,  1,  1],
#>         [ 5,  6,  7,  8,  9]],
#>
#>        [[20, 21, 22, 23, 24],
#>         [ 1,  1,  1,  1,  1]]])
