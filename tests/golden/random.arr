# Random numbers: uniform on [0, 1) and normal, deterministic for a seed.
r = random((1000, 100), chunks=(100, 30), seed=42)
(r >= 0).all() & (r < 1).all()
#> True
abs(r.mean() - 0.5) < 0.01
#> True
abs(r.var() - 1 / 12) < 0.002
#> True
n = normal((1000, 100), chunks=(250, 50), seed=1)
abs(n.mean()) < 0.02
#> True
abs(n.std() - 1) < 0.02
#> True
g = normal((2000,), loc=10, scale=2, chunks=500, seed=5)
abs(g.mean() - 10) < 0.2
#> True
random((3,), seed=7).shape
#> (3,)
(random((50,), seed=9) == random((50,), seed=9)).all()
#> True
(random((50,), seed=9) == random((50,), seed=10)).any()
#> False
