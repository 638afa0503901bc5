x = ones((2, 3))
x.sahpe
