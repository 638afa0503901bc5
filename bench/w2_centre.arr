x = random((100000, 500), chunks=(5000, 500), seed=1)
abs(x - x.mean(0)).mean()
