# Elementwise operators with numpy's broadcasting and type promotion.
a = arange(6).reshape((2, 3))
b = array([10, 20, 30])
a + b
a * 2.5
a / 2
a // 4
a % 4
-a ** 2
2 ** a
(a - 3) // 2
(a - 3) % 4
arange(-3.0, 3.0) // 2
arange(-3.0, 3.0) % 2
a == 2
(a > 1) & (a < 4)
(a < 1) | (a > 4)
~(a > 2)
a[:, None] + b[None, :1]
ones((3, 1)) * arange(4)
array([1, 2], dtype=int32) + 1
array([1, 2], dtype=int32) + 1.5
array([1, 2], dtype=float32) * 2
array([1, 2], dtype=int32) + array([1, 2], dtype=float32)
array([True, False]) + array([True, True])
abs(array([-1.5, 2]))
sqrt(array([4, 9]))
exp(array([0.0, 1.0]))
log(array([1.0, e]))
round(array([0.5, 1.5, 2.5, -0.5]))
sign(array([-2, 0, 3]))
floor(array([-1.5, 1.5]))
ceil(array([-1.5, 1.5]))
isnan(array([1.0, nan]))
isfinite(array([1.0, inf, nan]))
where(a > 2, a, -1)
maximum(array([1, 5]), array([4, 2]))
minimum(array([1.0, nan]), 0.5)
clip(arange(6), 1, 4)
arange(4).astype(float32)
array([1.7, -1.7]).astype(int64)
1 + 2 * 3
7 // 2
-7 // 2
7 % -3
2 ** 10
1 / 4
