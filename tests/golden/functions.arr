# Functions, statements and the standard library.
fn double(x) = 2 * x
fn affine(x, a=2, b=1) = a * x + b
double(3)
affine(arange(3))
affine(arange(3), b=10)
later(4)
fn later(n) = n + 1
u, v = (1, 2); print(u, v)
s = arange(12).reshape((3, 4)).shape
rows, cols = s
print(rows * cols)
print("total:", sum(arange(5)), arange(3))
y = (1 +
     2 +
     3)
y
# stdlib functions, written in arrlang
square(arange(4))
demean(array([1.0, 2.0, 3.0]))
ptp(array([3, 1, 7]))
norm(array([3.0, 4.0]))
outer(arange(2), arange(3))
zeros_like(arange(3))
standardize(array([[1.0, 2.0], [3.0, 6.0]]))
"strings print like Python"
(1, 2.5, True, None)
int(3.9)
float(2)
len(arange(7))
