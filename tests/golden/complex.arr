# Issue 11: complex64 and complex128 with numpy's printing, promotion (NEP 50: a Python
# complex is weak) and arithmetic. Expected values are numpy 2.4's.
z = array([1+2j, -1j, 3.5])
z
#> array([ 1. +2.j, -0. -1.j,  3.5+0.j])
z.dtype
#> dtype('complex128')
z.real
#> array([ 1. , -0. ,  3.5])
z.imag
#> array([ 2., -1.,  0.])
conj(z)
#> array([ 1. -2.j, -0. +1.j,  3.5-0.j])
z.conj()
#> array([ 1. -2.j, -0. +1.j,  3.5-0.j])
abs(z)
#> array([2.23606798, 1.        , 3.5       ])
angle(z)
#> array([ 1.10714872, -1.57079633,  0.        ])
angle(1j, deg=True)
#> 90.0
z * z
#> array([-3.  +4.j, -1.  +0.j, 12.25+0.j])
z / (1 - 1j)
#> array([-0.5 +1.5j ,  0.5 -0.5j ,  1.75+1.75j])
z ** 2
#> array([-3.  +4.j, -1.  +0.j, 12.25+0.j])
z ** 0.5
#> array([1.27201965+0.78615138j, 0.70710678-0.70710678j,
#>        1.87082869+0.j        ])
2 ** z
#> array([ 0.36691395+1.96605548j,  0.7692389 -0.63896128j,
#>        11.3137085 +0.j        ])
z + 1
#> array([2. +2.j, 1. -1.j, 4.5+0.j])
-z
#> array([-1. -2.j,  0. +1.j, -3.5-0.j])
z + array([1, 2, 3], dtype=int8)
#> array([2. +2.j, 2. -1.j, 6.5+0.j])
array([1, 2], dtype=float32) + 1j
#> array([1.+1.j, 2.+1.j], dtype=complex64)
(array([1, 2], dtype=float32) + 1j).dtype
#> dtype('complex64')
(array([1, 2], dtype=int8) + 1j).dtype
#> dtype('complex128')
(array([1.5], dtype=float32) + array([1j], dtype=complex64)).dtype
#> dtype('complex64')
(array([1.5]) + array([1j], dtype=complex64)).dtype
#> dtype('complex128')
(array([1], dtype=int16) + array([1j], dtype=complex64)).dtype
#> dtype('complex64')
(array([1], dtype=int32) + array([1j], dtype=complex64)).dtype
#> dtype('complex128')
array([0.5, 1.25], dtype=complex64) * 2j
#> array([0.+1.j , 0.+2.5j], dtype=complex64)
exp(1j * pi)
#> (-1+1.2246467991473532e-16j)
exp(z)
#> array([-1.13120438+2.47172667j,  0.54030231-0.84147098j,
#>        33.11545196+0.j        ])
log(array([1j, -1+0j, 0j]))
#> array([  0.+1.57079633j,   0.+3.14159265j, -inf+0.j        ])
sqrt(array([-4+0j, 3+4j]))
#> array([0.+2.j, 2.+1.j])
sin(z)
#> array([ 3.16577851+1.95960104j, -0.        -1.17520119j,
#>        -0.35078323-0.j        ])
cos(z)
#> array([ 2.03272301-3.0518978j,  1.54308063-0.j       ,
#>        -0.93645669+0.j       ])
tanh(z)
#> array([ 1.16673626-0.2434582j , -0.        -1.55740772j,
#>         0.9981779 +0.j        ])
log10(array([10j]))
#> array([1.+0.68218818j])
sign(z)
#> array([ 0.4472136+0.89442719j, -0.       -1.j        ,
#>         1.       +0.j        ])
sum(z)
#> (4.5+1j)
mean(z)
#> (1.5+0.3333333333333333j)
prod(z)
#> (7-3.5j)
cumsum(z)
#> array([1. +2.j, 1. +1.j, 4.5+1.j])
cumprod(z)
#> array([1.+2.j , 2.-1.j , 7.-3.5j])
var(z)
#> 3.722222222222222
std(z)
#> 1.9293061504650375
nansum(array([1j, complex(nan, 1), 2]))
#> (2+1j)
z == conj(z)
#> array([False, False,  True])
z != 1j
#> array([ True,  True,  True])
z < 1
#> array([False,  True, False])
z >= 1j
#> array([ True, False,  True])
max(z)
#> (3.5+0j)
min(z)
#> (-0-1j)
argmax(z)
#> 2
argmin(z)
#> 1
sort(array([1+1j, 1-1j, -2j, 1]))
#> array([-0.-2.j,  1.-1.j,  1.+0.j,  1.+1.j])
maximum(z, 1)
#> array([1. +2.j, 1. +0.j, 3.5+0.j])
where(z.imag > 0, z, 0)
#> array([1.+2.j, 0.+0.j, 0.+0.j])
z.astype(float64)
#> array([ 1. , -0. ,  3.5])
z.astype(int64)
#> array([1, 0, 3])
z.astype(complex64)
#> array([ 1. +2.j, -0. -1.j,  3.5+0.j], dtype=complex64)
z.astype(bool)
#> array([ True,  True,  True])
array([1, 2]).astype(complex128)
#> array([1.+0.j, 2.+0.j])
array([True, False]).astype(complex64)
#> array([1.+0.j, 0.+0.j], dtype=complex64)
isnan(array([complex(1, nan), 1j, complex(inf, nan)]))
#> array([ True, False,  True])
isinf(array([complex(1, inf), 1j, complex(inf, nan)]))
#> array([ True, False,  True])
isfinite(array([complex(1, inf), 1j, complex(nan, 0)]))
#> array([False,  True, False])
array([complex(1, inf), complex(nan, 1), 2-3j])
#> array([ 1.+infj, nan +1.j,  2. -3.j])
array([1e-5+1j, 1])
#> array([1.e-05+1.j, 1.e+00+0.j])
array([1e10j, 1])
#> array([0.+1.e+10j, 1.+0.e+00j])
array([[1+2j, 3j], [1, 2]])
#> array([[1.+2.j, 0.+3.j],
#>        [1.+0.j, 2.+0.j]])
array([[1j, 2], [3, 4]]) @ array([1, 1j])
#> array([0.+3.j, 3.+4.j])
array([[1j, 2], [3, 4]]) @ array([[1, 0], [0, 1j]])
#> array([[0.+1.j, 0.+2.j],
#>        [3.+0.j, 0.+4.j]])
dot(array([1j, 2]), array([3, 4j]))
#> 11j
complex(1, 2)
#> (1+2j)
complex(3)
#> (3+0j)
1j * 1j
#> (-1+0j)
(1 + 2j) / (3 - 4j)
#> (-0.2+0.4j)
(1 + 2j) ** 2
#> (-3+4j)
2.5j
#> 2.5j
-1j
#> (-0-1j)
1 + 1j == 1j + 1
#> True
iscomplexobj(z)
#> True
iscomplexobj(z.real)
#> False
round(array([1.55+2.45j, 2.25-0.75j]), 1)
#> array([1.6+2.4j, 2.2-0.8j])
# numpy has no floor, remainder or ordering of Python complex numbers
z // 2
#! error[E0206]: `//` is not defined for dtype `complex128`
floor(z)
#! error[E0206]: `floor` is not defined for dtype `complex128`
z & 1
#! error[E0206]: `&` is not defined for dtype `complex128`
1j < 2j
#! error[E0103]: `<` is not defined for complex numbers
float(1j)
#! error[E0103]: expected a real number (use `abs(z)` or `z.real`), found complex
inv(array([[1j, 0], [0, 1]]))
#! error[E0207]: `inv` of a complex matrix is not supported
# eigendecompositions: eig/eigvals are complex (sorted), eigh/eigvalsh real and ascending
a = array([[2., 1.], [1., 3.]])
eigvalsh(a)
#> array([1.38196601, 3.61803399])
eigh(a)[0]
#> array([1.38196601, 3.61803399])
abs(eigh(a)[1])
#> array([[0.85065081, 0.52573111],
#>        [0.52573111, 0.85065081]])
r = array([[0., -1.], [1., 0.]])
allclose(sort(eigvals(r)), [-1j, 1j])
#> True
eigvals(r).dtype
#> dtype('complex128')
allclose(r @ eig(r)[1], eig(r)[1] * eig(r)[0])
#> True
allclose(abs(eig(r)[1]), sqrt(0.5))
#> True
