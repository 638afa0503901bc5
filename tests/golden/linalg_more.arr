# numpy's lstsq: (x, residuals, rank, s); values computed by numpy
a = array([[1., 0.], [0., 1.], [1., 1.]])
y = array([1., 2., 4.])
x, res, rank, s = lstsq(a, y)
x
#> array([1.33333333, 2.33333333])
res
#> array([0.33333333])
rank
#> 2
s
#> array([1.73205081, 1.        ])
# rank-deficient: the minimum-norm solution (numpy: [0.2, 0.4])
d = array([[1., 2.], [2., 4.], [3., 6.]])
x2, r2, k2, s2 = lstsq(d, array([1., 2., 3.]))
x2, r2, k2, round(s2[0], 8)
#> (array([0.2, 0.4]), array([], dtype=float64), 1, 8.36660027)
# underdetermined (more columns than rows): minimum norm, no residuals
u = array([[1., 2., 3.], [4., 5., 6.]])
lstsq(u, array([1., 2.]))
#> (array([-0.05555556,  0.11111111,  0.27777778]), array([], dtype=float64), 2, array([9.508032  , 0.77286964]))
# several right-hand sides, tall-and-skinny through TSQR
t = arange(40.).reshape((20, 2)) ** 1.5
rhs = stack([arange(20.), ones(20)], axis=1)
xt, rt, kt, st = lstsq(t.rechunk((5, 2)), rhs)
abs(xt - lstsq(t, rhs)[0]).max() < 1e-9, rt, kt
#> (True, array([2.76357883, 0.96962985]), 2)
lstsq(a, y, rcond=0.6)[2]
#> 1
pinv(d)
#> array([[0.01428571, 0.02857143, 0.04285714],
#>        [0.02857143, 0.05714286, 0.08571429]])
abs(pinv(a) @ a - eye(2)).max() < 1e-12
#> True
matrix_rank(d), matrix_rank(eye(4)), matrix_rank(zeros((3, 3))), matrix_rank(array([0., 1.]))
#> (1, 4, 0, 1)
matrix_rank(d, tol=100)
#> 0
slogdet(array([[2., 1.], [1., 3.]]))
#> (1.0, 1.6094379124341)
slogdet(array([[0., 1.], [1., 0.]]))
#> (-1.0, 0.0)
slogdet(d[:2])
#> (0.0, -inf)
slogdet(eye(300, chunks=100) * 10)
#> (1.0, 690.7755278982138)
outer(array([1, 2, 3]), array([1., 10.]))
#> array([[ 1., 10.],
#>        [ 2., 20.],
#>        [ 3., 30.]])
outer(eye(2), arange(3))
#> array([[0., 1., 2.],
#>        [0., 0., 0.],
#>        [0., 0., 0.],
#>        [0., 1., 2.]])
kron(array([[1, 2], [3, 4]]), array([[0, 1], [1, 0]]))
#> array([[0, 1, 0, 2],
#>        [1, 0, 2, 0],
#>        [0, 3, 0, 4],
#>        [3, 0, 4, 0]])
kron(array([1, 2]), array([1, 10, 100]))
#> array([  1,  10, 100,   2,  20, 200])
cross(array([1., 2., 3.]), array([4., 5., 6.]))
#> array([-3.,  6., -3.])
cross(array([[1, 0, 0], [0, 1, 0]]), array([0, 0, 1]))
#> array([[ 0, -1,  0],
#>        [ 1,  0,  0]])
cross(array([1, 2]), array([3, 4]))
#> -2
cross(array([[1., 0.], [0., 1.], [0., 0.]]), array([[0., 0.], [1., 0.], [0., 1.]]), axis=0)
#> array([[0., 1.],
#>        [0., 0.],
#>        [1., 0.]])
vdot(array([[1, 2], [3, 4]]), array([[5, 6], [7, 8]]))
#> 70
# polynomials
polyval([3, 0, 1], array([0, 1, 2]))
#> array([ 1,  4, 13])
polyval(array([1., -2.]), 5)
#> 3.0
round(polyfit(array([0., 1., 2., 3.]), array([1., 3., 5., 7.]), 1), 8) + 0.0
#> array([2., 1.])
round(polyfit(arange(10.), arange(10.) ** 2 - 3 * arange(10.) + 2, 2), 8) + 0.0
#> array([ 1., -3.,  2.])
round(polyfit(arange(5.), stack([arange(5.), 2 * arange(5.)], axis=1), 1), 8) + 0.0
#> array([[1., 2.],
#>        [0., 0.]])
polyfit(arange(6.), array([0., 1., 0., 1., 0., 1.]), 1, full=True)[1]
#> array([1.37142857])
vander(array([1, 2, 3, 5]))
#> array([[  1,   1,   1,   1],
#>        [  8,   4,   2,   1],
#>        [ 27,   9,   3,   1],
#>        [125,  25,   5,   1]])
vander(array([1., 2.]), 3, increasing=True)
#> array([[1., 1., 1.],
#>        [1., 2., 4.]])
# convolutions, numpy's modes
convolve(array([1, 2, 3, 4, 5]), array([1, 10, 100]))
#> array([  1,  12, 123, 234, 345, 450, 500])
convolve(array([1, 2, 3, 4, 5]), array([1, 10, 100]), 'same')
#> array([ 12, 123, 234, 345, 450])
convolve(array([1, 2, 3]), array([1, 10, 100, 1000, 10000]), 'same')
#> array([   12,   123,  1230, 12300, 23000])
convolve(array([1, 2, 3, 4, 5]), array([1, 10, 100]), 'valid')
#> array([123, 234, 345])
correlate(array([1, 2, 3, 4, 5]), array([1, 10, 100]))
#> array([321, 432, 543])
correlate(array([1, 2, 3, 4, 5]), array([1, 10, 100]), 'full')
#> array([100, 210, 321, 432, 543,  54,   5])
correlate(array([1, 2, 3]), array([1, 10, 100, 1000, 10000]), 'full')
#> array([10000, 21000, 32100,  3210,   321,    32,     3])
correlate(array([1, 2, 3]), array([1, 10, 100, 1000]), 'same')
#> array([2100, 3210,  321,   32])
convolve(arange(20, chunks=3), array([0.5, 0.5]), 'valid')
#> array([ 0.5,  1.5,  2.5,  3.5,  4.5,  5.5,  6.5,  7.5,  8.5,  9.5, 10.5,
#>        11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5, 18.5])
# ptp, select, rot90
ptp(array([[4, 9, 2], [3, 5, 7]])), ptp(array([[4, 9, 2], [3, 5, 7]]), axis=0)
#> (7, array([1, 4, 5]))
v = arange(6)
select([v < 2, v > 3], [v, v ** 2], default=-1)
#> array([ 0,  1, -1, -1, 16, 25])
select([v < 2, v > 3], [v, v * 0.5])
#> array([0. , 1. , 0. , 0. , 2. , 2.5])
m = arange(6).reshape((2, 3))
rot90(m)
#> array([[2, 5],
#>        [1, 4],
#>        [0, 3]])
rot90(m, 2)
#> array([[5, 4, 3],
#>        [2, 1, 0]])
rot90(m, -1)
#> array([[3, 0],
#>        [4, 1],
#>        [5, 2]])
rot90(arange(8).reshape((2, 2, 2)), axes=(1, 2))
#> array([[[1, 3],
#>         [0, 2]],
#>
#>        [[5, 7],
#>         [4, 6]]])
# append, insert, delete
append(array([1, 2]), [[3, 4], [5, 6]])
#> array([1, 2, 3, 4, 5, 6])
append(m, [[9, 9, 9]], axis=0)
#> array([[0, 1, 2],
#>        [3, 4, 5],
#>        [9, 9, 9]])
insert(array([1, 2, 3]), 1, 9)
#> array([1, 9, 2, 3])
insert(m, 1, 9, axis=1)
#> array([[0, 9, 1, 2],
#>        [3, 9, 4, 5]])
insert(m, 1, [7, 8], axis=1)
#> array([[0, 7, 1, 2],
#>        [3, 8, 4, 5]])
insert(m, [1, 1, 3], [7, 8, 9], axis=1)
#> array([[0, 7, 8, 1, 2, 9],
#>        [3, 7, 8, 4, 5, 9]])
insert(array([1., 2., 3.]), [0, 3], 5)
#> array([5., 1., 2., 3., 5.])
delete(arange(6), [0, 2])
#> array([1, 3, 4, 5])
delete(m, 1, axis=1)
#> array([[0, 2],
#>        [3, 5]])
delete(arange(10), slice(None, None, 3))
#> array([1, 2, 4, 5, 7, 8])
delete(m, -1, axis=0)
#> array([[0, 1, 2]])
# grids
indices((2, 3))
#> array([[[0, 0, 0],
#>         [1, 1, 1]],
#>
#>        [[0, 1, 2],
#>         [0, 1, 2]]])
fn grid_f(i, j) = 10 * i + j
fromfunction(grid_f, (2, 3))
#> array([[ 0.,  1.,  2.],
#>        [10., 11., 12.]])
triu_indices(3)
#> (array([0, 0, 0, 1, 1, 2]), array([0, 1, 2, 1, 2, 2]))
tril_indices(3, k=-1)
#> (array([1, 2, 2]), array([0, 0, 1]))
triu_indices(2, k=1, m=4)
#> (array([0, 0, 0, 1, 1]), array([1, 2, 3, 2, 3]))
# errors
cross(array([1, 2, 3, 4]), array([1, 2, 3, 4]))
#! error[E0204]: incompatible dimensions for cross product (dimension must be 2 or 3)
lstsq(a, array([1., 2.]))
#! error[E0207]: `lstsq`: right-hand side of shape (2,) does not match a matrix with 3 rows
rot90(arange(3))
#! error[E0202]: Axes=(0, 1) out of range for array of ndim=1.
delete(arange(3), 5)
#! error[E0203]: index 5 is out of bounds for axis 0 with size 3
convolve(ones(2000), ones(1500))
#! error[E0403]: `convolve` of two long arrays: the shorter has 1500 elements, at most 1000
