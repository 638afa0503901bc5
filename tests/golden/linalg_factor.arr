# QR and SVD through TSQR, randomized SVD, solves, norms. Factors are unique only up to
# signs, so the checks are sign-free: reconstruction, orthogonality, singular values.
x = random((60, 5), seed=1)
q, r = qr(x)
q.shape, r.shape
#> ((60, 5), (5, 5))
abs(q @ r - x).max() < 1e-12
#> True
abs(q.T @ q - eye(5)).max() < 1e-12
#> True
abs(r[1:, 0]).max(), abs(r[4, :4]).max(), (einsum('ii->i', r) >= 0).all()
#> (0.0, 0.0, True)
u, s, v = svd(x, full_matrices=False)
u.shape, s.shape, v.shape
#> ((60, 5), (5,), (5, 5))
abs((u * s) @ v - x).max() < 1e-12
#> True
abs(u.T @ u - eye(5)).max() < 1e-12
#> True
abs(v @ v.T - eye(5)).max() < 1e-12
#> True
s
#> array([8.83573291, 2.64131349, 2.33101516, 2.1891361 , 2.03476448])
# short and fat: through the transpose
u, s, v = svd(x.T, full_matrices=False)
u.shape, s.shape, v.shape
#> ((5, 5), (5,), (5, 60))
abs((u * s) @ v - x.T).max() < 1e-12
#> True
# numpy's default full_matrices=True: u is m×m (its last columns complete the basis), vh n×n;
# the long axis must be one chunk (the short one may be chunked)
xf = rechunk(x, (60, 2))
u, s, v = svd(xf)
u.shape, s.shape, v.shape
#> ((60, 60), (5,), (5, 5))
abs((u[:, :5] * s) @ v - x).max() < 1e-12
#> True
abs(u.T @ u - eye(60)).max() < 1e-12
#> True
abs(s - svd(x, compute_uv=False)).max() < 1e-12
#> True
u, s, v = svd(xf.T)
u.shape, s.shape, v.shape
#> ((5, 5), (5,), (60, 60))
abs((u * s) @ v[:5] - x.T).max() < 1e-12
#> True
abs(v @ v.T - eye(60)).max() < 1e-12
#> True
svd(x, compute_uv=False)
#> array([8.83573291, 2.64131349, 2.33101516, 2.1891361 , 2.03476448])
# the talk's example: 5000 x 1000 of ones in 1000 x 1000 chunks, rank 1
big = ones((5000, 1000), chunks=(1000, 1000))
u, s, v = svd(big, full_matrices=False)
s[0], s[1] < 1e-9
#> (2236.067977499786, True)
abs((u[:, :1] * s[:1]) @ v[:1] - big).max() < 1e-9
#> True
# float32 stays float32
u, s, v = svd(astype(x, float32), full_matrices=False)
s.dtype, abs((u * s) @ v - x).max() < 1e-5
#> (dtype('float32'), True)
# rank 3: svd_compressed recovers the top singular values
low = random((80, 3), seed=2) @ random((3, 40), seed=3)
uc, sc, vc = svd_compressed(low, 3, seed=4)
uc.shape, sc.shape, vc.shape
#> ((80, 3), (3,), (3, 40))
abs(sc - svd(low, compute_uv=False)[:3]).max() < 1e-10
#> True
abs((uc * sc) @ vc - low).max() < 1e-10
#> True
abs(uc.T @ uc - eye(3)).max() < 1e-12
#> True
uc, sc, vc = svd_compressed(low, 2, n_power_iter=2, seed=5)
abs(sc - svd(low, compute_uv=False)[:2]).max() < 1e-10
#> True
# solves
a = random((6, 6), seed=6) + 6 * eye(6)
b = arange(6.0)
abs(a @ solve(a, b) - b).max() < 1e-12
#> True
abs(a @ inv(a) - eye(6)).max() < 1e-12
#> True
l = cholesky(a @ a.T)
abs(l @ l.T - a @ a.T).max() < 1e-10
#> True
c = lstsq(x, arange(60.0))[0]
abs(x.T @ (x @ c - arange(60.0))).max() < 1e-9
#> True
# norms, numpy's ord
m = array([[1.0, -2.0], [3.0, 4.0]])
norm(m), norm(m, 'fro'), norm(m, 1), norm(m, -1), norm(m, inf), norm(m, -inf)
#> (5.477225575051661, 5.477225575051661, 6.0, 4.0, 7.0, 3.0)
norm(m, 2), norm(m, -2), norm(m, 'nuc')
#> (5.116672736016926, 1.9543950758485475, 7.071067811865474)
norm(array([3.0, -4.0])), norm(array([3.0, -4.0]), 1), norm(array([3.0, 0.0]), 0)
#> (5.0, 7.0, 1.0)
norm(m, axis=0), norm(m, 3, axis=1)
#> (array([3.16227766, 4.47213595]), array([2.08008382, 4.49794145]))
# errors, before anything is computed
svd(ones((2, 3, 4)))
#! error[E0207]: `svd` takes a 2-d array, got 3-d
svd_compressed(ones((10, 5)), 6)
#! error[E0207]: `svd_compressed` rank `k=6` must be between 1 and 5 for shape (10, 5)
qr(ones((3, 10)))
#! error[E0207]: `qr` needs a tall-and-skinny array (at least as many rows as columns)
svd(ones((5000, 4100), chunks=(5000, 100)), full_matrices=False)
#! error[E0207]: `svd` needs an array chunked along rows only, but this one has 41 column chunks
svd(rechunk(x, (20, 5)))
#! error[E0207]: `svd` with `full_matrices=True` needs the long axis in one chunk: its `u` is 60×60
svd(rechunk(x.T, (5, 7)))
#! error[E0207]: `svd` with `full_matrices=True` needs the long axis in one chunk: its `vh` is 60×60
solve(ones((3, 4)), ones(3))
#! error[E0207]: `solve` needs a square matrix
einsum('ij,jk->ik', ones((2, 3)), ones((4, 2)))
#! error[E0205]: einsum: subscript `j` has sizes 3 and 4
norm(ones((2, 2, 2)), 2)
#! error[E0207]: improper number of dimensions to norm
