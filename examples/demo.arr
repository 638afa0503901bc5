# arrlang demo: lazy chunked arrays, computed in parallel with a small memory footprint.
# Run with:  cargo run --release -- examples/demo.arr

# A 20000 x 20000 array of uniform random numbers (3.2 GB as float64), in 100 chunks.
# Nothing is computed yet: only shape, dtype and chunks are known.
x = random((20000, 20000), chunks=(2000, 2000), seed=0)
x

# One fused pass over the chunks: no 3.2 GB temporary is ever built.
print("sum:", sum(x))
print("mean of (2x+1)^3:", ((2 * x + 1) ** 3).mean())

# Column statistics of a tall array; both reductions share one pass over y.
y = normal((1000000, 50), chunks=(100000, 50), seed=1)
print("column means near 0:", abs(y.mean(axis=0)).max() < 0.01)
print("column stds near 1:", abs(y.std(axis=0) - 1).max() < 0.01)

# Linear algebra on chunks: a Gram matrix summed over a tree of partial products.
g = y.T @ y / 1000000
print("gram diagonal entry near 1:", g[0, 0])

# Save a result as .npy (written chunk by chunk) for NumPy to read.
save("out/demo_colmeans.npy", y.mean(axis=0))
print("wrote out/demo_colmeans.npy")
