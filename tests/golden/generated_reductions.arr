# Reductions over generated chunks (lowered as whole subtrees of the combine tree, issue 14):
# the values must be bit-identical to one task per chunk (expectations from that lowering).
x = random((200000,), chunks=7, seed=3)
x.sum()
#> 99874.48407752923
(2 * x + 1).mean()
#> 1.9987448407752924
(x * x).var()
#> 0.08907151931714294
x.std()
#> 0.28899693403535714
x.min()
#> 5.365174172822229e-06
x.max()
#> 0.9999996591117108
x.argmax()
#> 90822
(x > 0.5).sum()
#> 99762
(x > 0.5).any()
#> True
normal((150000,), chunks=11, seed=5).sum()
#> -503.35235546194485
ones((300000,), chunks=3).sum()
#> 300000.0
full((100000,), 0.1, chunks=9).sum()
#> 10000.000000000004
arange(250000, chunks=13).sum()
#> 31249875000
(1 + arange(250000, chunks=13) * 1e-11).prod()
#> 1.366835876683145
(arange(250000, chunks=13) % 7).max()
#> 6
y = random((300, 400), chunks=(7, 5), seed=2)
y.sum(0).sum()
#> 60119.989138291145
y.mean(1).sum()
#> 150.29997284572786
(y - 0.5).var(0).sum()
#> 33.22811803488716
y.argmin(0).sum()
#> 58280
random((300, 400), chunks=(7, 5), seed=2).sum(keepdims=True)
#> array([[60119.98913829]])
eye(600, chunks=(7, 11)).sum()
#> 600.0
z = random((40, 5000), chunks=(2, 5000), seed=4)
z.sum(0).sum()
#> 100198.0780665825
