# Issue 11's remaining gaps, each against numpy 2's values (computed by numpy by hand).
# A Python int assigned into an integer array must fit its dtype (numpy 2: OverflowError);
# an array value is cast (wraps), a float truncates.
u = arange(5).astype(uint8)
u[u > 2] = 300
u[[0, 1]] = 300
u[1:3] = -1
u[0] = 256
u[u > 2] = array(300)
u
u[u > 2] = 3.7
u
# `None` in an update with index arrays: a length-1 axis of the selection.
x = zeros((3, 4))
x[None, [0, 2]] = 1
x
y = arange(24).reshape((2, 3, 4))
y[:, None, [0, 2], 1] = -1
y
y = arange(24).reshape((2, 3, 4))
y[[0, 1], None, [1, 2]] = 0
y
# Real n-d transforms.
a = array([[1., 2., 3.], [4., 5., 6.]])
rfft2(a)
irfft2(rfft2(a), s=(2, 3))
rfftn(arange(12.).reshape((2, 2, 3)))
irfftn(rfftn(arange(8.).reshape((2, 4))))
# A per-axis boolean mask computed from data: a lazy selection, its length known once computed.
x = arange(12).reshape((3, 4)) - 5
x[:, x.sum(0) > 0]
x[:, x.sum(0) > 0].sum()
x[:, x.sum(0) > 0].mean()
x[x.sum(1) > 0]
x[..., x.sum(0) > 0].ndim
# argwhere of an array computed from data.
argwhere(x * (x.sum() > 0) > 2)
# Fancy indexing of complex arrays.
z = arange(6).reshape((2, 3)) * 1j
z[:, [2, 0]]
# choice with computed probabilities checks them as numpy does.
choice(5, 3, p=ones(5) / 4, seed=1)
# nanvar/nanstd of complex: real results, NaN in either part skipped.
nanvar(array([1+1j, 2, nan, 3-2j]))
nanstd(array([1+1j, 2, nan, 3-2j]), ddof=1)
nanvar(array([[1+1j, nan], [2j, 3]]), axis=0)
# map_overlap with blocks smaller than the depth: the halo spans several neighbours.
fn back3(b) = b + roll(b, 3)
map_overlap(back3, arange(10, chunks=2), depth=3, boundary="periodic")
