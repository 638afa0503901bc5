x = random((20000, 20000), chunks=(2000, 2000), seed=0)
((2 * x + 1) ** 3).sum()
