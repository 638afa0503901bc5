# Issue 15: arange is exact for integers and refuses lengths it cannot hold.
arange(10**18, 10**18 + 3)
#> array([1000000000000000000, 1000000000000000001, 1000000000000000002])
arange(2**53 + 1, 2**53 + 5)
#> array([9007199254740993, 9007199254740994, 9007199254740995,
#>        9007199254740996])
arange(-2**62 * 2, 2**62 - 1 + 2**62, 2**62)
#> array([-9223372036854775808, -4611686018427387904,                    0,
#>         4611686018427387904])
arange(10, 0, -3)
#> array([10,  7,  4,  1])
arange(2**62)
#! error[E0403]: arange would have 4.61e18 elements; the limit is 2**50
arange(inf)
#! error[E0403]: arange: the length is infinite
arange(nan)
#! error[E0102]: arange: cannot compute the length (NaN in start, stop or step)
arange(0, 1, 1e-300)
#! error[E0403]: arange would have 1e300 elements; the limit is 2**50
