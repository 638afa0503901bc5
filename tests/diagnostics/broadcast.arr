x = ones((3, 4))
y = ones((4, 3))
z = x + y
