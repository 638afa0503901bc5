x = random((20000, 5000), chunks=(2000, 2500), seed=1)
u, s, v = svd_compressed(x, 100, n_power_iter=2, seed=2)
s[:3], (u * u).sum(), (v * v).sum()
