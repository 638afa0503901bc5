x = arange(10)
x.mean(axis=2)
