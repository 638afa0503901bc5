# Issue 15: shapes, chunk grids, task counts, blocks and pictures are checked before
# anything is allocated, with the number and the limit.
# differential: no (which limit trips first depends on the chunking)
arange(1e18)
#! error[E0403]: arange would have 1e18 elements; the limit is 2**50
eye(10**12)[0, 0]
#! error[E0403]: an array of shape `(1000000000000, 1000000000000)` would have 1e24 elements; the limit is 2**50
ones((10**8,), chunks=1).sum()
#! error[E0403]: this array would be cut into 1e8 blocks (≈ 40.0 GB of task graph); the limit is 4e6
ones((10**12,), chunks=10**12)[0]
#! error[E0402]: one block would hold 8.0 TB, more than this machine's memory
imshow(ones((10**6, 10**6)))
#! error[E0403]: `imshow` would read 1e12 elements; the limit is 1e11
plot(ones((10**12,)))
#! error[E0403]: `plot` would read 1e12 elements; the limit is 1e11
inv(ones((10**6, 10**6)))
#! error[E0402]: one block would hold 8.0 TB, more than this machine's memory
svd_compressed(ones((20, 10)), 5, n_power_iter=10**9)
#! error[E0403]: this computation would have 4e9 tasks (≈ 1.6 TB of task graph); the limit is 4e6
# each array is under the limit, the whole computation is not
x = ones((2 * 10**6,), chunks=1)
(x + 1 + x * 2).sum()
#! error[E0403]: this computation would have 8e6 tasks (≈ 3.2 GB of task graph); the limit is 4e6
