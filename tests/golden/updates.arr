# Functional updates: each rebinds the name to a new lazy array; arrays other names hold
# keep their values (blocks the update cannot reach are not copied).
x = arange(10)
y = x.copy()
x[0] = 5
x
#> array([5, 1, 2, 3, 4, 5, 6, 7, 8, 9])
y
#> array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
x[[1, 3]] = -1
x
#> array([ 5, -1,  2, -1,  4,  5,  6,  7,  8,  9])
x[x > 6] = 0
x
#> array([ 5, -1,  2, -1,  4,  5,  6,  0,  0,  0])
x[2:8:2] = array([20, 40, 60])
x
#> array([ 5, -1, 20, -1, 40,  5, 60,  0,  0,  0])
x[::-3] = 7
x
#> array([ 7, -1, 20,  7, 40,  5,  7,  0,  0,  7])
x += 1
x
#> array([ 8,  0, 21,  8, 41,  6,  8,  1,  1,  8])
x -= 2
x *= 3
x //= 2
x %= 7
x
#> array([2, 4, 0, 2, 2, 6, 2, 5, 5, 2])
x **= 2
x
#> array([ 4, 16,  0,  4,  4, 36,  4, 25, 25,  4])
f = arange(6.0).reshape((2, 3))
f /= 4
f
#> array([[0.  , 0.25, 0.5 ],
#>        [0.75, 1.  , 1.25]])
f[:, 1] = [9, 8]
f
#> array([[0.  , 9.  , 0.5 ],
#>        [0.75, 8.  , 1.25]])
f[1] = 0.5
f
#> array([[0. , 9. , 0.5],
#>        [0.5, 0.5, 0.5]])
f[[0, 1], [2, 0]] = -3
f
#> array([[ 0. ,  9. , -3. ],
#>        [-3. ,  0.5,  0.5]])
f[f < 0] += 10
f
#> array([[0. , 9. , 7. ],
#>        [7. , 0.5, 0.5]])
f[..., -1] *= 2
f
#> array([[ 0. ,  9. , 14. ],
#>        [ 7. ,  0.5,  1. ]])
g = zeros((3, 4), dtype=int32)
g[1:, ::3] = array([[1, 2], [3, 4]])
g
#> array([[0, 0, 0, 0],
#>        [1, 0, 0, 2],
#>        [3, 0, 0, 4]], dtype=int32)
g[:, [0, 2]] = arange(3).reshape((3, 1))
g
#> array([[0, 0, 0, 0],
#>        [1, 0, 1, 2],
#>        [2, 0, 2, 4]], dtype=int32)
g[[True, False, True]] = 9
g
#> array([[9, 9, 9, 9],
#>        [1, 0, 1, 2],
#>        [9, 9, 9, 9]], dtype=int32)
g[1] += 2
g
#> array([[9, 9, 9, 9],
#>        [3, 2, 3, 4],
#>        [9, 9, 9, 9]], dtype=int32)
g.dtype
#> dtype('int32')
z = x.copy()
z[0] = 100
z
#> array([100,  16,   0,   4,   4,  36,   4,  25,  25,   4])
x
#> array([ 4, 16,  0,  4,  4, 36,  4, 25, 25,  4])
m = arange(12).reshape((3, 4))
w = m * 10
m[m % 3 == 0] = w[m % 3 == 0]
m
#> array([[ 0,  1,  2, 30],
#>        [ 4,  5, 60,  7],
#>        [ 8, 90, 10, 11]])
# numpy's in-place casting: an int array cannot take a float result
g += 0.5
#! error[E0206]: cannot cast the result of `+` from float64 to int32 in place (casting rule 'same_kind')
g[0] /= 2
#! error[E0206]: cannot cast the result of `/` from float64 to int32 in place (casting rule 'same_kind')
g[[0, 1], [0, 1]] = [1, 2, 3]
#! error[E0201]: could not broadcast input array from shape (3,) into shape (2,)
x[x > 0] = arange(3)
#! error[E0204]: cannot assign an array of shape (3,) to a boolean-mask selection
(1, 2)[0] = 3
#! error[E0001]: only a name or a name's index can be assigned to (`x[i] = v`)
