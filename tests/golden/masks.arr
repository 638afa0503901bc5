# Boolean-mask selection x[mask]: a 1-D array of the selected elements, in C order.
# Its length depends on the data, so it stays lazy: reductions of it stream over the whole
# array without gathering, and showing it compresses the computed values.
x = arange(12).reshape((3, 4)) - 5.5
x[x > 0]
#> array([0.5, 1.5, 2.5, 3.5, 4.5, 5.5])
y = array([[3, -1, 4], [1, -5, 9]])
y[y < 0]
#> array([-1, -5])
y[y % 2 == 1]
#> array([ 3, -1,  1, -5,  9])
x[x > 0].sum()
#> 18.0
x[x > 0].mean()
#> 3.0
y[y > 0].mean()
#> 4.25
y[y > 0].max()
#> 9
x[x < 0].min()
#> -5.5
x[abs(x) < 3].std()
#> 1.707825127659933
x[abs(x) < 3].var(ddof=1)
#> 3.5
x[x > 100].sum()
#> 0.0
y[y > 0].prod()
#> 108
print(y[y > 2], x[x > 4].mean(axis=0))
#> [3 4 9] 5.0
# NaN compares false, so `z > -5` leaves it out; `z != 0` selects it and it propagates
z = array([1.0, nan, 3.0, -2.0])
z[z > -5].mean()
#> 0.6666666666666666
z[z != 0].mean()
#> nan
nanmean(z[z != 0])
#> 0.6666666666666666
z[z != 0].max()
#> nan
# random data: the selection's mean, in one fused pass
r = random((1000,), chunks=(100,), seed=3) * 2 - 1
abs(r[r > 0].mean() - 0.5) < 0.05
#> True
abs(r[r > 0].mean() - r[r > 0].sum() / (r > 0).sum()) < 1e-12
#> True
x[x > 0].shape
#! error[E0103]: `.shape` needs an array of known shape; a boolean-mask selection has none
y[x > 0]
#! error[E0203]: boolean index did not match indexed array: shape (3, 4) against (2, 3)
# a selection from an array wider than numpy's print threshold is still shown whole
w = arange(3000)
w[w % 1000 == 7]
#> array([   7, 1007, 2007])
