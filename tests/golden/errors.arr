# Errors are found before anything is computed and point at the cause.
ones((3, 4)) + ones((5,))
#! error[E0201]: cannot broadcast shapes `(3, 4)` and `(5,)`
arange(5).sum(axis=1)
#! error[E0202]: axis `1` is out of bounds for an array of dimension 1
arange(5)[7]
#! error[E0203]: index `7` is out of bounds for axis 0 with size 5
undefined_name + 1
#! error[E0101]: unknown name `undefined_name`
ones((2, 3)) @ ones((2, 3))
#! error[E0205]: shapes `(2, 3)` and `(2, 3)` not aligned: 3 (dim 1) != 2 (dim 0)
ones((2, 3)).reshape((4, 2))
#! error[E0204]: cannot reshape array of size 6 into shape `(4, 2)`
sum(ones(3), axs=0)
#! error[E0102]: `sum` got an unexpected keyword argument `axs`
ones(3).foo
#! error[E0104]: an array has no attribute `foo`
load("does/not/exist.npy")
#! error[E0301]: cannot open `does/not/exist.npy`: no such file
array([1.5]) & 1
#! error[E0206]: `&` is not defined for dtype `float64`
