x = random((100000, 500), chunks=(5000, 500), seed=1)
y = random((100000, 500), chunks=(5000, 500), seed=2)
(x.T.dot(y) - y.mean(axis=0)).sum()
