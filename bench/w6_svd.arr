x = random((1000000, 100), chunks=(50000, 100), seed=1)
u, s, v = svd(x)
s[:3], (u * u).sum(), (v * v).sum()
