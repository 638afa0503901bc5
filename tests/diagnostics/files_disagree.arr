x = load("tests/data/bad/shape-*.nc", "t2m")
x.mean(0)
