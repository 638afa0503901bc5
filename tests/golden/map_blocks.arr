# map_blocks and map_overlap: a function applied to each block, as dask.array does.
fn f(b) = b * 2 + 1
x = arange(10, chunks=4)
map_blocks(f, x)
#> array([ 1,  3,  5,  7,  9, 11, 13, 15, 17, 19])
# a block-dependent function sees each block on its own
fn demin(b) = b - b.min()
map_blocks(demin, array([5, 3, 4, 9, 7, 8, 1], chunks=3))
#> array([2, 0, 1, 2, 0, 1, 0])
# builtins work too, and the method form
map_blocks(cumsum, arange(6, chunks=3))
#> array([ 0,  1,  3,  3,  7, 12])
fn bsum(b) = b.sum(keepdims=True)
arange(6, chunks=2).map_blocks(bsum, chunks=(1,))
#> array([1, 5, 9])
# 2-d blocks, several arrays with different chunks (aligned to the common refinement)
a = arange(24).reshape((4, 6)).rechunk((2, 3))
b = ones((4, 6), chunks=(4, 2))
fn addmax(p, q) = p + q * p.max()
map_blocks(addmax, a, b)
#> array([[ 7.,  8., 10., 12., 15., 16.],
#>        [13., 14., 16., 18., 21., 22.],
#>        [31., 32., 34., 36., 39., 40.],
#>        [37., 38., 40., 42., 45., 46.]])
# broadcasting arguments: a row per block of columns
fn scale(p, r) = p * r
map_blocks(scale, a, array([1, 10, 100, 1000, 1, 1], chunks=3))
#> array([[    0,    10,   200,  3000,     4,     5],
#>        [    6,    70,   800,  9000,    10,    11],
#>        [   12,   130,  1400, 15000,    16,    17],
#>        [   18,   190,  2000, 21000,    22,    23]])
# extra arguments and keywords go to the function
fn shift(b, k, scale=1) = (b + k) * scale
map_blocks(shift, x, 100, scale=2)
#> array([200, 202, 204, 206, 208, 210, 212, 214, 216, 218])
# the block's index
fn which(b, block_id=None) = zeros_like(b) + block_id[0]
map_blocks(which, x)
#> array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
# a function that changes the block shape needs chunks=
fn firsts(b) = b[:1]
map_blocks(firsts, x, chunks=(1,))
#> array([0, 4, 8])
map_blocks(firsts, x)
#! error[E0204]: the function given to `map_blocks` returned a block of shape (1,) where (4,) was expected (block (0,))
map_blocks(firsts, x, chunks=(2,))
#! error[E0204]: the function given to `map_blocks` returned a block of shape (1,) where (2,) was expected (block (0,))
# drop_axis: the axis is seen whole; new_axis: a length-1 axis per block
fn colsum(b) = b.sum(axis=0)
map_blocks(colsum, a, drop_axis=0)
#> array([36, 40, 44, 48, 52, 56])
fn lift(b) = b[None]
map_blocks(lift, x, new_axis=0).shape
#> (1, 10)
# dtype= casts the blocks
map_blocks(f, x, dtype=float32).dtype
#> dtype('float32')
fn half(b) = b / 2
map_blocks(half, x).dtype
#> dtype('float64')
# errors
map_blocks(x, f)
#> array([ 1,  3,  5,  7,  9, 11, 13, 15, 17, 19])
map_blocks(1, x)
#! error[E0103]: the first argument of `map_blocks` must be a function, not an int
map_blocks(f)
#! error[E0102]: `map_blocks` needs at least one array after the function
fn pair(b) = (b, b)
map_blocks(pair, x)
#! error[E0103]: the function given to `map_blocks` must return an array, but it returned a tuple
# map_overlap: each block widened by depth elements of its neighbours, trimmed after
fn smooth(b) = (roll(b, 1) + b + roll(b, -1)) / 3
y = array([3., 0., 6., 3., 9., 0., 3., 6., 0.], chunks=4)
map_overlap(smooth, y, depth=1, boundary="periodic")
#> array([1., 3., 3., 6., 4., 4., 3., 3., 3.])
(roll(y, 1) + y + roll(y, -1)) / 3
#> array([1., 3., 3., 6., 4., 4., 3., 3., 3.])
map_overlap(smooth, y, depth=1, boundary="nearest")
#> array([2., 3., 3., 6., 4., 4., 3., 3., 2.])
map_overlap(smooth, y, depth=1, boundary="reflect")
#> array([2., 3., 3., 6., 4., 4., 3., 3., 2.])
map_overlap(smooth, y, depth=1, boundary=0)
#> array([1., 3., 3., 6., 4., 4., 3., 3., 2.])
# boundary="none" (dask's default): the ends get no halo
fn d1(b) = b - roll(b, 1)
map_overlap(d1, arange(8, chunks=3) ** 2, depth=1)
#> array([-9,  1,  3,  5,  7,  9, 11, 13])
# a halo wider than a block reads across several blocks
map_overlap(cumsum, arange(8, chunks=2), depth=3)
#> array([ 0,  1,  3,  6, 10, 15, 18, 25])
# 2-d, depth per axis, trim=False keeps the widened blocks
m = arange(16).reshape((4, 4)).rechunk(2)
fn lap(b) = roll(b, 1, axis=0) + roll(b, -1, axis=0) + roll(b, 1, axis=1) + roll(b, -1, axis=1) - 4 * b
map_overlap(lap, m, depth=1, boundary="periodic")
#> array([[ 20,  16,  16,  12],
#>        [  4,   0,   0,  -4],
#>        [  4,   0,   0,  -4],
#>        [-12, -16, -16, -20]])
lap(m)
#> array([[ 20,  16,  16,  12],
#>        [  4,   0,   0,  -4],
#>        [  4,   0,   0,  -4],
#>        [-12, -16, -16, -20]])
map_overlap(f, arange(6, chunks=3), depth=1, trim=False)
#> array([ 1,  3,  5,  7,  5,  7,  9, 11])
m.map_overlap(lap, 1, "periodic").sum()
#> 0
map_overlap(firsts, y, depth=1)
#! error[E0204]: the function given to `map_overlap` returned a block of shape (1,) where (5,) was expected (block (0,))
