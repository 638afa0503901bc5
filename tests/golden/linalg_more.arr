# numpy's lstsq: (x, residuals, rank, s); values computed by numpy
a = array([[1., 0.], [0., 1.], [1., 1.]])
y = array([1., 2., 3.])
x, res, rank, s = lstsq(a, y)
x
res
rank
s
# rank-deficient: the minimum-norm solution (numpy: [0.2, 0.4])
d = array([[1., 2.], [2., 4.], [3., 6.]])
lstsq(d, array([1., 2., 3.]))
# underdetermined (more columns than rows): minimum norm, no residuals
u = array([[1., 2., 3.], [4., 5., 6.]])
lstsq(u, array([1., 2.]))
# several right-hand sides, tall-and-skinny through TSQR
t = arange(40.).reshape((20, 2)) ** 1.5
rhs = stack([arange(20.), ones(20)], axis=1)
xt, rt, kt, st = lstsq(t.rechunk((5, 2)), rhs)
abs(xt - lstsq(t, rhs)[0]).max() < 1e-9, rt.shape, kt
lstsq(a, y, rcond=0.5)[2]
pinv(d)
pinv(a) @ a
matrix_rank(d), matrix_rank(eye(4)), matrix_rank(zeros((3, 3))), matrix_rank(array([0., 1.]))
matrix_rank(d, tol=100)
slogdet(array([[2., 1.], [1., 3.]]))
slogdet(array([[0., 1.], [1., 0.]]))
slogdet(d[:2])
slogdet(eye(300) * 10)
outer(array([1, 2, 3]), array([1., 10.]))
outer(eye(2), arange(3))
kron(array([[1, 2], [3, 4]]), array([[0, 1], [1, 0]]))
kron(array([1, 2]), array([1, 10, 100]))
cross(array([1., 2., 3.]), array([4., 5., 6.]))
cross(array([[1, 0, 0], [0, 1, 0]]), array([0, 0, 1]))
cross(array([1, 2]), array([3, 4]))
cross(array([[1., 0.], [0., 1.], [0., 0.]]), array([[0., 0.], [1., 0.], [0., 1.]]), axis=0)
vdot(array([[1, 2], [3, 4]]), array([[5, 6], [7, 8]]))
# polynomials
polyval([3, 0, 1], array([0, 1, 2]))
polyval(array([1., -2.]), 5)
polyfit(array([0., 1., 2., 3.]), array([1., 3., 5., 7.]), 1)
polyfit(arange(10.), arange(10.) ** 2 - 3 * arange(10.) + 2, 2)
polyfit(arange(5.), stack([arange(5.), 2 * arange(5.)], axis=1), 1)
polyfit(arange(6.), array([0., 1., 0., 1., 0., 1.]), 1, full=True)[1]
vander(array([1, 2, 3, 5]))
vander(array([1., 2.]), 3, increasing=True)
# convolutions, numpy's modes
convolve(array([1, 2, 3, 4, 5]), array([1, 10, 100]))
convolve(array([1, 2, 3, 4, 5]), array([1, 10, 100]), 'same')
convolve(array([1, 2, 3]), array([1, 10, 100, 1000, 10000]), 'same')
convolve(array([1, 2, 3, 4, 5]), array([1, 10, 100]), 'valid')
correlate(array([1, 2, 3, 4, 5]), array([1, 10, 100]))
correlate(array([1, 2, 3, 4, 5]), array([1, 10, 100]), 'full')
correlate(array([1, 2, 3]), array([1, 10, 100, 1000, 10000]), 'full')
correlate(array([1, 2, 3]), array([1, 10, 100, 1000]), 'same')
convolve(arange(20, chunks=3), array([0.5, 0.5]), 'valid')
# ptp, select, rot90
ptp(array([[4, 9, 2], [3, 5, 7]])), ptp(array([[4, 9, 2], [3, 5, 7]]), axis=0)
v = arange(6)
select([v < 2, v > 3], [v, v ** 2], default=-1)
select([v < 2, v > 3], [v, v * 0.5])
m = arange(6).reshape((2, 3))
rot90(m)
rot90(m, 2)
rot90(m, -1)
rot90(arange(8).reshape((2, 2, 2)), axes=(1, 2))
# append, insert, delete
append(array([1, 2]), [[3, 4], [5, 6]])
append(m, [[9, 9, 9]], axis=0)
insert(array([1, 2, 3]), 1, 9)
insert(m, 1, 9, axis=1)
insert(m, 1, [7, 8], axis=1)
insert(m, [1, 1, 3], [7, 8, 9], axis=1)
insert(array([1., 2., 3.]), [0, 3], 5)
delete(arange(6), [0, 2])
delete(m, 1, axis=1)
delete(arange(10), slice(None, None, 3))
delete(m, -1, axis=0)
# grids
indices((2, 3))
fn grid_f(i, j) = 10 * i + j
fromfunction(grid_f, (2, 3))
triu_indices(3)
tril_indices(3, k=-1)
triu_indices(2, k=1, m=4)
# errors
cross(array([1, 2, 3, 4]), array([1, 2, 3, 4]))
lstsq(a, array([1., 2.]))
rot90(arange(3))
delete(arange(3), 5)
convolve(ones(2000), ones(1500))
