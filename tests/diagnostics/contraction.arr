a = ones((3, 4))
b = ones((5, 2))
a @ b
