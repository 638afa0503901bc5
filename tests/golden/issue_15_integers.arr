# Issue 15: integer scalars follow Python (exact, or a clear overflow error, never
# wrapped); integer arrays wrap as numpy's do; no input panics.
(-2**62 * 2) // 3
#> -3074457345618258603
(-2**62 * 2) % -1
#> 0
(-2**62 * 2) // -1
#! error[E0208]: integer overflow: `-9223372036854775808 // -1` does not fit in int64
-(-2**62 * 2)
#! error[E0208]: integer overflow: `-(-9223372036854775808)` does not fit in int64
2**63
#! error[E0208]: integer overflow: `2 ** 63` does not fit in int64
10**400
#! error[E0208]: integer overflow: `10 ** 400` does not fit in int64
2**62 - 1 + 2**62 + 1
#! error[E0208]: integer overflow: `9223372036854775807 + 1` does not fit in int64
2**53 + 1 == 2**53
#> False
2**53 + 1 > 2.0**53
#> True
(-1) ** (2**40 + 1)
#> -1
# numpy: np.array([-2**63]) // -1 wraps to -2**63; % -1 is 0
m = array([-2**62 * 2])
m // -1
#> array([-9223372036854775808])
m % -1
#> array([0])
int(nan)
#! error[E0208]: cannot convert float NaN to integer
int(-inf)
#! error[E0208]: cannot convert float infinity to integer
int(1e300)
#! error[E0208]: `int(1e300)` does not fit in int64
int(-2.9)
#> -2
random((2,), seed=-1)
#! error[E0102]: seed must be non-negative, got `-1`
random((2,), seed=2**64)
#! error[E0208]: integer overflow: `2 ** 64` does not fit in int64
# full(.., dtype=int32) converts as astype(int32) does
full(3, 1e300, dtype=int32)
#> array([2147483647, 2147483647, 2147483647], dtype=int32)
full(3, 1e300).astype(int32)
#> array([2147483647, 2147483647, 2147483647], dtype=int32)
full(2, 2**40 + 5, dtype=int32)
#> array([5, 5], dtype=int32)
