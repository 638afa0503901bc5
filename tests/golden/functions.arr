# Functions, statements and the standard library.
fn double(x) = 2 * x
fn affine(x, a=2, b=1) = a * x + b
double(3)
#> 6
affine(arange(3))
#> array([1, 3, 5])
affine(arange(3), b=10)
#> array([10, 12, 14])
later(4)
#> 5
fn later(n) = n + 1
u, v = (1, 2); print(u, v)
#> 1 2
s = arange(12).reshape((3, 4)).shape
rows, cols = s
print(rows * cols)
#> 12
print("total:", sum(arange(5)), arange(3))
#> total: 10 [0 1 2]
y = (1 +
     2 +
     3)
y
#> 6
# stdlib functions, written in arrlang
square(arange(4))
#> array([0, 1, 4, 9])
demean(array([1.0, 2.0, 3.0]))
#> array([-1.,  0.,  1.])
ptp(array([3, 1, 7]))
#> 6
norm(array([3.0, 4.0]))
#> 5.0
outer(arange(2), arange(3))
#> array([[0, 0, 0],
#>        [0, 1, 2]])
zeros_like(arange(3))
#> array([0, 0, 0])
standardize(array([[1.0, 2.0], [3.0, 6.0]]))
#> array([[-1., -1.],
#>        [ 1.,  1.]])
"strings print like Python"
#> 'strings print like Python'
(1, 2.5, True, None)
#> (1, 2.5, True, None)
int(3.9)
#> 3
float(2)
#> 2.0
len(arange(7))
#> 7
