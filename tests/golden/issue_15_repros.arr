# Issue 15: reproductions not covered by the other issue_15_*.arr scripts, as the issue
# gives them (each was a panic, also from `check`).
x = ones(()); concatenate([x, x])
#! error[E0204]: zero-dimensional arrays cannot be concatenated
tensordot(ones((3, 4)), ones((4, 3)), axes=((0, 0), (1, 1)))
#! error[E0202]: tensordot: axis `0` is repeated
(-2**63) // -1
#! error[E0208]: integer overflow: `2 ** 63` does not fit in int64
(-2**63) % -1
#! error[E0208]: integer overflow: `2 ** 63` does not fit in int64
