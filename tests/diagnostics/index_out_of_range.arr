x = arange(10)
x[12]
