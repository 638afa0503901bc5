sum(random((20000, 20000), chunks=(2000, 2000), seed=0))
