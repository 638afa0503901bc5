# The arrlang standard library: functions written in arrlang itself.
# Each is loaded at start-up and can be used like a builtin. The comment directly above a
# function is its `:help`: a one-line description, then `Example: code` (run when shown).

# x squared, elementwise.
# Example: square(arange(3))  ->  [0, 1, 4]
fn square(x) = x * x

# Values shifted so that their mean along `axis` is zero.
# Example: demean(array([1., 2., 3.]))  ->  [-1., 0., 1.]
fn demean(x, axis=0) = x - x.mean(axis=axis, keepdims=True)

# Values shifted and scaled to mean zero and standard deviation one along `axis`.
# Fails if a column is constant (its values become nan, as in numpy).
# Example: standardize(array([1., 2., 3.]))
fn standardize(x, axis=0) = (x - x.mean(axis=axis, keepdims=True)) / x.std(axis=axis, keepdims=True)

# sqrt(a**2 + b**2), elementwise.
# Example: hypot(array([3., 5.]), array([4., 12.]))
fn hypot(a, b) = sqrt(a * a + b * b)

# Degrees to radians.
# Example: deg2rad(array([90., 180.]))
fn deg2rad(x) = x * (pi / 180)

# Radians to degrees.
# Example: rad2deg(array([pi / 2]))
fn rad2deg(x) = x * (180 / pi)




# The mean of squared deviations from the mean: the same as var with ddof=0.
# Example: mean_squared_deviation(array([1., 2., 3., 4.]))
fn mean_squared_deviation(x, axis=None) = mean(square(x - x.mean(axis=axis, keepdims=True)), axis=axis)

