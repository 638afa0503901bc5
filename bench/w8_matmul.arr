a = random((4000, 4000), chunks=(1000, 1000), seed=1)
b = random((4000, 4000), chunks=(1000, 1000), seed=2)
(a @ b).sum()
