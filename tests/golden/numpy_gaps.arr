# Issue 11's remaining gaps, each against numpy 2.4's values (numpy run by hand).
# A Python int assigned into an integer array must fit its dtype (numpy 2: OverflowError);
# an array value is cast (wraps), a float truncates.
u = arange(5).astype(uint8)
u[u > 2] = 300
#! error[E0208]: Python integer 300 out of bounds for uint8
u[[0, 1]] = 300
#! error[E0208]: Python integer 300 out of bounds for uint8
u[1:3] = -1
#! error[E0208]: Python integer -1 out of bounds for uint8
u[0] = 256
#! error[E0208]: Python integer 256 out of bounds for uint8
u[u > 2] = array(300)
u
#> array([ 0,  1,  2, 44, 44], dtype=uint8)
u[u > 2] = 3.7
u
#> array([0, 1, 2, 3, 3], dtype=uint8)
# `None` in an update with index arrays: a length-1 axis of the selection.
x = zeros((3, 4))
x[None, [0, 2]] = 1
x
#> array([[1., 1., 1., 1.],
#>        [0., 0., 0., 0.],
#>        [1., 1., 1., 1.]])
y = arange(24).reshape((2, 3, 4))
y[:, None, [0, 2], 1] = -1
y
#> array([[[ 0, -1,  2,  3],
#>         [ 4,  5,  6,  7],
#>         [ 8, -1, 10, 11]],
#>
#>        [[12, -1, 14, 15],
#>         [16, 17, 18, 19],
#>         [20, -1, 22, 23]]])
y = arange(24).reshape((2, 3, 4))
y[[0, 1], None, [1, 2]] = 0
y
#> array([[[ 0,  1,  2,  3],
#>         [ 0,  0,  0,  0],
#>         [ 8,  9, 10, 11]],
#>
#>        [[12, 13, 14, 15],
#>         [16, 17, 18, 19],
#>         [ 0,  0,  0,  0]]])
# Real n-d transforms.
a = array([[1., 2., 3.], [4., 5., 6.]])
rfft2(array([[1., 2.], [3., 4.]]))
#> array([[10.+0.j, -2.+0.j],
#>        [-4.+0.j,  0.+0.j]])
irfft2(rfft2(a), s=(2, 3))
#> array([[1., 2., 3.],
#>        [4., 5., 6.]])
rfftn(arange(8.).reshape((2, 2, 2)))
#> array([[[ 28.+0.j,  -4.+0.j],
#>         [ -8.+0.j,   0.+0.j]],
#>
#>        [[-16.+0.j,   0.+0.j],
#>         [  0.+0.j,   0.+0.j]]])
irfftn(rfftn(arange(8.).reshape((2, 4))))
#> array([[0., 1., 2., 3.],
#>        [4., 5., 6., 7.]])
# A per-axis boolean mask computed from data: a lazy selection, its length known once computed.
x = arange(12).reshape((3, 4)) - 5
x[:, x.sum(0) > 0]
#> array([[-3, -2],
#>        [ 1,  2],
#>        [ 5,  6]])
x[:, x.sum(0) > 0].sum()
#> 9
x[:, x.sum(0) > 0].mean()
#> 1.5
x[x.sum(1) > 0]
#> array([[-1,  0,  1,  2],
#>        [ 3,  4,  5,  6]])
x[..., x.sum(0) > 0].ndim
#> 2
# argwhere of an array computed from data.
argwhere(x * (x.sum() > 0) > 2)
#> array([[2, 0],
#>        [2, 1],
#>        [2, 2],
#>        [2, 3]])
# Fancy indexing of complex arrays.
z = arange(6).reshape((2, 3)) * 1j
z[:, [2, 0]]
#> array([[0.+2.j, 0.+0.j],
#>        [0.+5.j, 0.+3.j]])
# choice with computed probabilities checks them as numpy does.
choice(5, 3, p=ones(5) / 4, seed=1)
#! error[E0401]: probabilities do not sum to 1 (they sum to 1.25)
# nanvar/nanstd of complex: real results, NaN in either part skipped.
nanvar(array([1+1j, 2, nan, 3-2j]))
#> 2.2222222222222223
nanstd(array([1+1j, 2, nan, 3-2j]), ddof=1)
#> 1.8257418583505538
nanvar(array([[1+1j, nan], [2j, 3]]), axis=0)
#> array([0.5, 0. ])
# map_overlap with blocks smaller than the depth: the halo spans several neighbours.
fn back3(b) = b + roll(b, 3)
map_overlap(back3, arange(10, chunks=2), depth=3, boundary="periodic")
#> array([ 7,  9, 11,  3,  5,  7,  9, 11, 13, 15])
