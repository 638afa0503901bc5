# Contractions: dot, @ and tensordot.
x = ones((15, 15), chunks=(5, 5))
(x.dot(x.T + 1) - x.mean()).std()
a = arange(6).reshape((2, 3))
b = arange(12).reshape((3, 4))
a @ b
dot(a, b)
dot(arange(3), arange(3))
a @ arange(3)
dot(b.T, arange(3))
tensordot(arange(24).reshape((2, 3, 4)), arange(12).reshape((3, 4)), axes=((1, 2), (0, 1)))
tensordot(arange(6).reshape((2, 3)), arange(6).reshape((3, 2)), axes=1)
(arange(6.0).reshape((2, 3)) @ ones((3, 2), dtype=float32)).dtype
