x = ones((2, 3))
reshape(x, "six")
