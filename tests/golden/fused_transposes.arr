# A transpose feeding an elementwise program or a reduction is read permuted inside it.
y = arange(12.0).reshape((3, 4)).rechunk((2, 3))
y.T + 1
(y.T * 2).sum(0)
y + y.T.T
y.T.sum(1)
z = arange(24).reshape((2, 3, 4)).rechunk((1, 2, 3))
z.transpose((2, 0, 1)) * 10
(z.transpose((1, 2, 0)) - 1).max(2)
x = random((300, 300), chunks=(70, 40), seed=1)
(x + x.T).mean(0).sum()
(x * x.T + x).sum(1).max()
