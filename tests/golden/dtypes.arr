# Issue 11: the small integer dtypes, with numpy's printing, promotion (NEP 50: Python
# scalars are weak) and wrapping arithmetic. Expected values are numpy 2.4's.
u = array([1, 200, 255], dtype=uint8)
u
#> array([  1, 200, 255], dtype=uint8)
u + 1
#> array([  2, 201,   0], dtype=uint8)
u * 2
#> array([  2, 144, 254], dtype=uint8)
u - 2
#> array([255, 198, 253], dtype=uint8)
-u
#> array([255,  56,   1], dtype=uint8)
u + 1.5
#> array([  2.5, 201.5, 256.5])
u / 2
#> array([  0.5, 100. , 127.5])
u // 7
#> array([ 0, 28, 36], dtype=uint8)
u.sum()
#> 456
u.sum().dtype
#> dtype('uint64')
u.mean()
#> 152.0
cumsum(u)
#> array([  1, 201, 456], dtype=uint64)
u + 300
#! error[E0208]: Python integer 300 out of bounds for uint8
u - -1
#! error[E0208]: Python integer -1 out of bounds for uint8
i = array([-128, -1, 127], dtype=int8)
i
#> array([-128,   -1,  127], dtype=int8)
abs(i)
#> array([-128,    1,  127], dtype=int8)
i + u
#> array([-127,  199,  382], dtype=int16)
(i + u).dtype
#> dtype('int16')
i * i
#> array([0, 1, 1], dtype=int8)
i.astype(uint8)
#> array([128, 255, 127], dtype=uint8)
sqrt(array([4, 9], dtype=int16))
#> array([2., 3.], dtype=float32)
array([1, 2], dtype=int16) + array([1.5, 2], dtype=float32)
#> array([2.5, 4. ], dtype=float32)
array([1, 2], dtype=int32) + array([1.5, 2], dtype=float32)
#> array([2.5, 4. ])
w = array([2**62, 1], dtype=uint64) * 2
w
#> array([9223372036854775808,                   2], dtype=uint64)
w + array([1, 2])
#> array([9.22337204e+18, 4.00000000e+00])
w > -1
#> array([ True,  True])
w.max()
#> 9223372036854775808
array([2**32 - 1], dtype=uint32) * 2
#> array([4294967294], dtype=uint32)
x = arange(6, dtype=uint16, chunks=4).reshape((2, 3))
x @ x.T
#> array([[ 5, 14],
#>        [14, 50]], dtype=uint16)
x.T
#> array([[0, 3],
#>        [1, 4],
#>        [2, 5]], dtype=uint16)
zeros((2,), dtype=int16)
#> array([0, 0], dtype=int16)
full((2,), 7, dtype=uint32)
#> array([7, 7], dtype=uint32)
~array([0, 5], dtype=uint8)
#> array([255, 250], dtype=uint8)
array([1, 2], dtype=int8) ** 7
#> array([   1, -128], dtype=int8)
where(u > 100, u, 0)
#> array([  0, 200, 255], dtype=uint8)
u > -1
#> array([ True,  True,  True])
print(i)
#> [-128   -1  127]
