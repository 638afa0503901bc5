# Issue 11: complex64/complex128 input to numpy.linalg's functions. Expected values are
# numpy 2's (printed by numpy, rounded where LAPACK leaves noise in the last bits).
a = rechunk(array([[1+2j, 2], [0.5j, 1-1j]]), (1, 1))
det(a)
#> (3+0j)
round(solve(a, array([1, 1j])), 8)
#> array([ 0.33333333-1.j        , -0.66666667+0.16666667j])
abs(inv(a) @ a - eye(2)).max() < 1e-12
#> True
inv(a.astype(complex64)).dtype
#> dtype('complex64')
eigvalsh(array([[2, 1j], [-1j, 2]]))
#> array([1., 3.])
eigvalsh(array([[2, 1j], [-1j, 2]], dtype=complex64)).dtype
#> dtype('float32')
cholesky(array([[4, 2j], [-2j, 5]]))
#> array([[ 2.+0.j,  0.+0.j],
#>        [-0.-1.j,  2.+0.j]])
svd(array([[3j, 0], [0, 4], [0, 0]]), compute_uv=False)
#> array([4., 3.])
q, r = qr(array([[1j, 0], [0, 2], [0, 0]]))
abs(q @ r - array([[1j, 0], [0, 2], [0, 0]])).max() < 1e-12
#> True
lstsq(array([[1j, 0], [0, 1], [1, 1]]), array([1j, 2, 3]))[1].dtype
#> dtype('float64')
# thin SVD of tall and wide complex arrays, chunked: u * s @ vh rebuilds x, u has orthonormal columns
t = rechunk(array([[1+1j, 2, 0], [0, 1j, 1], [3, 0, -1j], [1, 1, 1], [2j, 0, 1]]), (2, 3))
u, s, vh = svd(t, full_matrices=False)
abs((u * s) @ vh - t).max() < 1e-12
#> True
abs(u.conj().T @ u - eye(3)).max() < 1e-12
#> True
uw, sw, vw = svd(t.T, full_matrices=False)
abs((uw * sw) @ vw - t.T).max() < 1e-12
#> True
abs(sw - s).max() < 1e-12
#> True
# full_matrices=True (numpy's default) with the long axis in one chunk: u is 5×5 unitary
uf, sf, vf = svd(rechunk(t, (5, 1)))
uf.shape, sf.shape, vf.shape
#> ((5, 5), (3,), (3, 3))
abs((uf[:, :3] * sf) @ vf - t).max() < 1e-12
#> True
abs(uf.conj().T @ uf - eye(5)).max() < 1e-12
#> True
abs(sf - s).max() < 1e-12
#> True
