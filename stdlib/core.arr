# The arrlang standard library: functions written in arrlang itself.
# Each is loaded at start-up and can be used like a builtin.

# x squared, elementwise.
# Example: square(arange(3))  ->  [0, 1, 4]
fn square(x) = x * x

# Values shifted so that their mean along `axis` is zero.
# Example: demean(array([1., 2., 3.]))  ->  [-1., 0., 1.]
fn demean(x, axis=0) = x - x.mean(axis=axis, keepdims=True)

# Values shifted and scaled to mean zero and standard deviation one along `axis`.
# Fails if a column is constant (its values become nan, as in numpy).
fn standardize(x, axis=0) = (x - x.mean(axis=axis, keepdims=True)) / x.std(axis=axis, keepdims=True)

# Range of values (maximum minus minimum) along `axis`.
# Example: ptp(array([3, 1, 7]))  ->  6
fn ptp(x, axis=None) = x.max(axis=axis) - x.min(axis=axis)

# sqrt(a**2 + b**2), elementwise.
fn hypot(a, b) = sqrt(a * a + b * b)

# The outer product of two 1-d arrays.
# Example: outer(arange(2), arange(3)).shape  ->  (2, 3)
fn outer(a, b) = a[:, None] * b[None, :]

# Degrees to radians and back.
fn deg2rad(x) = x * (pi / 180)
fn rad2deg(x) = x * (180 / pi)

# Arrays shaped like `x`, with its chunks.
fn zeros_like(x) = zeros(x.shape, dtype=x.dtype, chunks=x.chunks)
fn ones_like(x) = ones(x.shape, dtype=x.dtype, chunks=x.chunks)
fn full_like(x, v) = full(x.shape, v, dtype=x.dtype, chunks=x.chunks)

# The mean of squared deviations from the mean: the same as var with ddof=0.
fn mean_squared_deviation(x, axis=None) = mean(square(x - x.mean(axis=axis, keepdims=True)), axis=axis)

# Standard deviation ignoring NaN.
fn nanstd(x, axis=None) = sqrt(nanmean(square(x - nanmean(x, axis=axis, keepdims=True)), axis=axis))
