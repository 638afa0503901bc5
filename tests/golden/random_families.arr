# Random families: integers, uniform, choice, permutation. Values come from arrlang's own
# counter-based generator (not numpy's stream); distributions, ranges, dtypes and
# determinism across chunkings are what these check.
r = integers(0, 10, size=30000, chunks=7000, seed=3)
r.dtype, r.min(), r.max()
#> (dtype('int64'), 0, 9)
# mean 4.5, standard error 2.87 / sqrt(30000) = 0.017; variance 8.25, standard error 0.043
abs(r.mean() - 4.5) < 0.08, abs(r.var() - 8.25) < 0.2
#> (True, True)
# every value about equally often: chi-square with 9 degrees of freedom
c = bincount(r, minlength=10)
((c - 3000) ** 2 / 3000).sum() < 30
#> True
# the same values whatever the chunking
(integers(0, 10, size=30000, chunks=30000, seed=3) == r).all()
#> True
(integers(0, 10, size=30000, chunks=10000, seed=4) == r).mean() < 0.2
#> True
integers(5, size=(2, 3), seed=0).shape
#> (2, 3)
s = integers(-3, 3, size=20000, chunks=5000, seed=1, endpoint=True)
s.min(), s.max()
#> (-3, 3)
integers(0, 256, size=1000, dtype=uint8, chunks=500, seed=2).dtype
#> dtype('uint8')
integers(0, 300, size=3, dtype=uint8)
#! error[E0102]: the range [0, 299] does not fit `uint8`
integers(5, 5, size=3)
#! error[E0102]: high <= low
integers(3, seed=0).shape
#> ()
randint(2, 7, size=50000, chunks=10000, seed=9).min(), randint(2, 7, size=50000, chunks=10000, seed=9).max()
#> (2, 6)
u = uniform(-2, 6, size=(400, 250), chunks=(100, 70), seed=5)
u.dtype, u.min() >= -2, u.max() < 6
#> (dtype('float64'), True, True)
abs(u.mean() - 2) < 0.05, abs(u.var() - 64 / 12) < 0.1
#> (True, True)
# choice: uniform picks, and with probabilities
a = array([10, 20, 30, 40])
k = choice(a, size=40000, chunks=10000, seed=2)
k.dtype, isin(k, a).all()
#> (dtype('int64'), True)
abs((k == 30).mean() - 0.25) < 0.01
#> True
w = choice(a, size=40000, p=[0.1, 0.0, 0.6, 0.3], chunks=3000, seed=7)
(w == 20).any(), abs((w == 30).mean() - 0.6) < 0.015, abs((w == 10).mean() - 0.1) < 0.01
#> (False, True, True)
(choice(a, size=40000, p=[0.1, 0.0, 0.6, 0.3], chunks=40000, seed=7) == w).all()
#> True
choice(5, size=3, seed=0).max() < 5
#> True
choice(array([1.5, 2.5]), size=(2, 2), seed=0).dtype
#> dtype('float64')
# replace=False: distinct positions
d = choice(100, size=100, replace=False, seed=1)
(sort(d) == arange(100, chunks=100)).all()
#> True
e = choice(a, size=3, replace=False, p=[0.25, 0.25, 0.25, 0.25], seed=3)
se = sort(e)
(se[1:] != se[:-1]).all(), isin(e, a).all()
#> (True, True)
choice(a, size=5, replace=False)
#! error[E0102]: Cannot take a larger sample than population when replace=False
choice(a, size=5, p=[0.5, 0.5, 0.5, 0.5])
#! error[E0102]: probabilities do not sum to 1
choice(a, size=5, p=[0.5, 0.5])
#! error[E0204]: a and p must have same size
# permutation and shuffle
q = permutation(1000, seed=4)
(sort(q) == arange(1000, chunks=1000)).all(), (q == arange(1000, chunks=1000)).mean() < 0.05
#> (True, True)
z = arange(12).reshape((4, 3))
pz = permutation(z, seed=2)
(sort(pz[:, 0]) == array([0, 3, 6, 9])).all(), (pz[:, 1] - pz[:, 0] == 1).all()
#> (True, True)
sz = shuffle(z, axis=1, seed=5)
(sort(sz, axis=1) == z).all(), (sz[1] - sz[0] == 3).all()
#> (True, True)
big = arange(2 ** 40, 2 ** 40 + 5)
(sort(permutation(big, seed=1)) == big).all()
#> True
permutation(array([True, False, False]), seed=0).sum()
#> 1
# a uniform random order moves an element n/3 places on average
n = 30000
abs(abs(permutation(n, seed=8) - arange(n, chunks=n)).mean() / n - 1 / 3) < 0.01
#> True
