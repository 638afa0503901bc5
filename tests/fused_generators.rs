//! Generators fused into what consumes them (issue 14): a contraction that generates its
//! operands in panels (W2), a reduction over a million generated chunks (W5). Each gives the
//! unfused computation's values bit for bit, for every chunking and thread count.

use crate::common::{numpy_or_skip, python, TempDir};
use arrlang::graph::TaskKind;
use arrlang::session::{Options, Session};

fn opts(optimize: bool, threads: usize, sequential: bool) -> Options {
    Options {
        optimize,
        threads,
        sequential,
        ..Options::default()
    }
}

fn run(src: &str, o: Options) -> String {
    let mut s = Session::new(o);
    match s.run(src) {
        Ok(out) => out,
        Err(f) => panic!("arrlang failed:\n{}", f.render("test.arr", src, false)),
    }
}

/// The contraction tasks of `src`'s graph: (fused with generators, plain).
fn dot_tasks(src: &str) -> (usize, usize) {
    let mut s = Session::new(opts(true, 1, false));
    s.exec(src).expect("valid program");
    let g = s.graph();
    let count = |f: fn(&TaskKind) -> bool| g.g.node_indices().filter(|&n| f(&g.g[n].kind)).count();
    (
        count(|k| matches!(k, TaskKind::DotGen(_))),
        count(|k| matches!(k, TaskKind::TensorDot { .. })),
    )
}

/// `x.T.dot(y)` and `a @ b` of generated arrays (contracted lengths over several of faer's
/// 512-deep panels, with short last panels, and chunks of one panel or less), saved to .npy:
/// the bytes are the unfused graph's, on one worker and three; the values are NumPy's
/// product of the generated arrays.
#[test]
fn a_contraction_generating_its_operands_gives_the_unfused_bits() {
    let dir = TempDir::new("fused-dot");
    let cases = [
        // (x rows, x cols, y cols, row chunk, col chunk)
        (3000, 40, 30, 1500, 40),
        (3000, 40, 30, 1100, 20),
        (2600, 24, 24, 2600, 24),
        (2000, 16, 9, 400, 16),
        (1700, 33, 17, 1025, 33),
    ];
    let numpy = numpy_or_skip();
    for (n, m, k, rc, cc) in cases {
        for (name, expr) in [("gram", "x.T.dot(y)"), ("ab", "a @ b")] {
            let (xp, yp, out) = (dir.path("x.npy"), dir.path("y.npy"), dir.path("out.npy"));
            let def = format!(
                "x = random(({n}, {m}), chunks=({rc}, {cc}), seed=1)\n\
                 y = normal(({n}, {k}), chunks=({rc}, {cc}), seed=2) * 3 - 1\n\
                 a = random(({m}, {n}), chunks=({cc}, {rc}), seed=4)\n\
                 b = random(({n}, {k}), chunks=({rc}, {cc}), seed=5)\n"
            );
            let src = format!("{def}save(\"{out}\", {expr})\n");
            let mut outputs = Vec::new();
            for o in [
                opts(false, 1, true),
                opts(true, 1, true),
                opts(true, 3, false),
            ] {
                run(&src, o);
                outputs.push(std::fs::read(&out).expect("saved"));
            }
            for (i, got) in outputs.iter().enumerate().skip(1) {
                assert!(
                    got == &outputs[0],
                    "{name} {n}x{m}x{k} chunks ({rc},{cc}): configuration {i} differs from the unfused bits"
                );
            }
            let (fused, plain) = dot_tasks(&format!("{def}{expr}"));
            // A block read by one contraction is generated in it; one read by several (the
            // output has several column blocks) stays a shared task.
            let one_reader = cc >= m && cc >= k;
            assert!(
                if one_reader {
                    fused > 0 && plain == 0
                } else {
                    fused == 0 && plain > 0
                },
                "{name} chunks ({rc},{cc}): {fused} fused, {plain} plain contractions"
            );
            if numpy {
                run(
                    &format!(
                        "{def}save(\"{xp}\", {})\nsave(\"{yp}\", {})\n",
                        if name == "ab" { "a" } else { "x" },
                        if name == "ab" { "b" } else { "y" }
                    ),
                    opts(true, 1, true),
                );
                let want = if name == "ab" { "x @ y" } else { "x.T @ y" };
                let py = format!(
                    "import numpy as np\nx = np.load('{xp}'); y = np.load('{yp}'); c = np.load('{out}')\n\
                     w = {want}\nprint(c.shape == w.shape and np.allclose(c, w, rtol=1e-12, atol=1e-12))"
                );
                assert_eq!(
                    python(&py).trim(),
                    "True",
                    "{name} {n}x{m}x{k}: NumPy's product differs"
                );
            }
        }
    }
}

/// A sum over a million generated chunks is exact, and a reduction over generated chunks
/// prints what the same reduction over chunk tasks (the generator used twice) prints, on one
/// worker and three, for chunkings of one to a few tiles per chunk.
#[test]
fn a_generated_reduction_gives_the_chunk_tasks_bits() {
    let out = run(
        "print(ones((20000000,), chunks=20).sum())",
        opts(true, 2, false),
    );
    assert_eq!(out.trim(), "20000000.0");
    // Chunks of at most a tile: a chunk task over a whole block feeds it to the reduction
    // at once, a generated one tile by tile (chunks over a tile: the unit tests).
    for (n, c) in [
        (100_000, 7),
        (200_000, 20),
        (2_000_000, 1000),
        (90_000, 3000),
    ] {
        for red in [
            "(2 * x + 1).sum()",
            "x.mean()",
            "x.std()",
            "x.max()",
            "(x < 0.5).sum()",
        ] {
            let gen = format!("x = random(({n},), chunks={c}, seed=3)\nprint({red})\n");
            // `x` read twice: its chunks are tasks, each reduced by its own chunk step.
            let tasks = format!(
                "x = random(({n},), chunks={c}, seed=3)\nprint({red} + 0 * (x.min() > 2))\n"
            );
            let want = run(&tasks, opts(true, 1, true));
            let want = want.lines().next().expect("printed").to_string();
            for o in [opts(true, 1, true), opts(true, 3, false)] {
                let got = run(&gen, o);
                assert_eq!(
                    got.lines().next(),
                    Some(want.as_str()),
                    "{red} of {n} in chunks of {c}"
                );
            }
        }
    }
}
