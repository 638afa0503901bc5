# Issue 11: numpy's errors raised as numpy does, chained comparisons, split's checks.
# Values computed by hand (and by numpy: the same text gives the same arrays).
a = arange(8)
1 < a < 5
#> array([False, False,  True,  True,  True, False, False, False])
0 <= a * 2 < 7 != 6
#> array([ True,  True,  True,  True, False, False, False, False])
1 < 2 < 3
#> True
3 < 2 < 5
#> False
arange(4) ** 2
#> array([0, 1, 4, 9])
arange(4) ** -1
#! error[E0401]: Integers to negative integer powers are not allowed
arange(1, 4) ** -1.0
#> array([1.        , 0.5       , 0.33333333])
power(arange(4), -2)
#! error[E0401]: Integers to negative integer powers are not allowed
solve(array([[1., 2.], [2., 4.]]), array([1., 2.]))
#! error[E0401]: singular matrix
inv(array([[1., 2.], [2., 4.]]))
#! error[E0401]: singular matrix
inv(array([[1+1j, 2+2j], [1+1j, 2+2j]]))
#! error[E0401]: singular matrix
solve(array([[1j, 2j], [2j, 4j]], dtype=complex64), array([1, 2j]))
#! error[E0401]: singular matrix
solve(array([[2., 0.], [0., 4.]]), array([2., 8.]))
#> array([1., 2.])
det(array([[2., 1.], [1., 3.]]))
#> 5.0
split(arange(7), 3)
#! error[E0204]: array split does not result in an equal division
array_split(arange(7), 3)
#> [array([0, 1, 2]), array([3, 4]), array([5, 6])]
split(arange(7), [2, 5])
#> [array([0, 1]), array([2, 3, 4]), array([5, 6])]
array_equal(arange(3), arange(4))
#> False
lexsort(a)
#! error[E0101]: unknown name `lexsort`
