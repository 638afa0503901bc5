//! Snapshots of small task graphs as DOT, before and after optimization, and structural
//! checks of what the optimizer and lowering promise.

use arrlang::graph::TaskKind;
use arrlang::session::{Options, Session};

fn graph(src: &str, optimize: bool) -> arrlang::graph::TaskGraph {
    let mut s = Session::new(Options {
        optimize,
        threads: 1,
        ..Options::default()
    });
    s.exec(src).expect("valid program");
    s.graph()
}

#[test]
fn dot_of_small_graphs_before_and_after_optimization() {
    let cases = [
        (
            "fused_sum",
            "x = ones((4, 4), chunks=(2, 2))\n((2 * x + 1) ** 3).sum()",
        ),
        (
            "matmul_tree",
            "a = ones((4, 6), chunks=(2, 2))\nb = ones((6, 2), chunks=(2, 2))\na @ b",
        ),
        (
            "sibling_reductions",
            "x = arange(8, chunks=2)\nx.mean()\nx.std()",
        ),
        (
            "strided_slice",
            "x = arange(16, chunks=4)\nx[::4] + x[2::4]",
        ),
    ];
    for (name, src) in cases {
        insta::assert_snapshot!(format!("{name}_raw"), graph(src, false).to_dot());
        insta::assert_snapshot!(format!("{name}_optimized"), graph(src, true).to_dot());
    }
}

#[test]
fn elementwise_chain_and_chunk_reduction_fuse_into_one_task_per_chunk() {
    let g = graph(
        "x = random((8, 8), chunks=(4, 4), seed=1)\n((2 * x + 1) ** 3).sum()",
        true,
    );
    let chunk_tasks =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::ReduceChunk { prog: Some(_), .. }))
            .count();
    let fused =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::Fused(_)))
            .count();
    assert_eq!(chunk_tasks, 4, "one fused reduce task per chunk");
    assert_eq!(fused, 0, "no separate elementwise tasks remain");
}

#[test]
fn contraction_sums_partials_in_a_tree() {
    let g = graph(
        "a = ones((2, 16), chunks=(2, 1))\nb = ones((16, 2), chunks=(1, 2))\na @ b",
        true,
    );
    let max_inputs =
        g.g.node_indices()
            .map(|n| g.g[n].inputs.len())
            .max()
            .unwrap_or(0);
    assert!(
        max_inputs <= arrlang::lower::TREE_FANIN,
        "a task has {max_inputs} inputs"
    );
    let dots =
        g.g.node_indices()
            .filter(|&n| {
                matches!(
                    g.g[n].kind,
                    TaskKind::TensorDot { .. } | TaskKind::DotGen(_)
                )
            })
            .count();
    assert_eq!(dots, 16);
}

#[test]
fn identical_expressions_in_two_statements_share_tasks() {
    let once = graph("x = random((8,), chunks=2, seed=3)\nx.mean()", true).len();
    let twice = graph(
        "x = random((8,), chunks=2, seed=3)\na = x.mean()\nb = x.mean()\na\nb",
        true,
    )
    .len();
    assert_eq!(once, twice);
}

/// How many tasks generate random numbers (alone or fused into a bigger program).
fn random_generators(g: &arrlang::graph::TaskGraph) -> usize {
    use arrlang::kernels::program::Instr;
    g.g.node_indices()
        .filter(|&n| match &g.g[n].kind {
            TaskKind::Fused(p) | TaskKind::ReduceChunk { prog: Some(p), .. } => {
                p.instrs.iter().any(|i| matches!(i, Instr::Random { .. }))
            }
            _ => false,
        })
        .count()
}

#[test]
fn sibling_reductions_read_each_chunk_once() {
    let g = graph(
        "x = random((16, 4), chunks=(4, 4), seed=0)\nx.mean(0)\nx.std(0)",
        true,
    );
    assert_eq!(
        random_generators(&g),
        4,
        "each chunk generated once and shared by both reductions"
    );
}

#[test]
fn centring_recomputes_cheap_input_instead_of_holding_it() {
    let g = graph(
        "x = random((16, 4), chunks=(4, 4), seed=0)\nabs(x - x.mean(0)).mean()",
        true,
    );
    // Two passes over x: 4 chunks for the inner mean, 4 regenerated for the outer one.
    assert_eq!(random_generators(&g), 8);
}

#[test]
fn a_slice_of_a_file_reads_only_what_it_needs() {
    let path = std::env::temp_dir().join(format!("arrlang-inline-{}.npy", std::process::id()));
    let p = path.display();
    let mut s = Session::new(Options {
        threads: 1,
        ..Options::default()
    });
    s.run(&format!("save(\"{p}\", arange(400.0).reshape((20, 20)))"))
        .expect("save");
    let g = graph(&format!("x = load(\"{p}\", chunks=(4, 20))\nx[5]"), true);
    let loads: Vec<Vec<usize>> =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::Load { .. }))
            .map(|n| g.g[n].shape.clone())
            .collect();
    assert_eq!(
        loads,
        vec![vec![1, 20]],
        "one row is read, not a chunk of four"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn tsqr_is_a_tree_of_qrs_shared_by_q_and_r() {
    use arrlang::kernels::linalg::Kernel;
    // 8 row blocks: 8 leaf QRs, then 2 + 1 QRs of stacked R's (fan-in 4).
    let g = graph(
        "x = random((80, 5), chunks=(10, 5), seed=1)\nq, r = qr(x)\nq.sum() + r.sum()",
        false,
    );
    let count = |f: &dyn Fn(&Kernel) -> bool| {
        g.g.node_indices()
            .filter(|&n| matches!(&g.g[n].kind, TaskKind::Linalg(k) if f(k)))
            .count()
    };
    assert_eq!(
        count(&|k| matches!(k, Kernel::QrStack { packed: false, .. })),
        8
    );
    assert_eq!(
        count(&|k| matches!(k, Kernel::QrStack { packed: true, .. })),
        3
    );
    // Q comes down the same tree: one factor per tree node below the root, one Q per leaf.
    assert_eq!(count(&|k| matches!(k, Kernel::QrApply { .. })), 2 + 8 + 8);
    let widest =
        g.g.node_indices()
            .filter(|&n| matches!(&g.g[n].kind, TaskKind::Linalg(_)))
            .map(|n| g.g[n].inputs.len())
            .max()
            .unwrap();
    assert!(
        widest <= arrlang::lower::TREE_FANIN,
        "no task gathers a whole column of blocks"
    );
    let dot = g.to_dot();
    assert!(dot.contains("qr-of-rs") && dot.contains("q-times-factor"));
}

#[test]
fn svd_of_short_fat_and_compressed_reuse_one_tree_per_input() {
    use arrlang::kernels::linalg::Kernel;
    let g = graph(
        "x = random((6, 40), chunks=(6, 10), seed=1)\nu, s, v = svd(x, full_matrices=False)\ns.sum()",
        true,
    );
    let svds =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::Linalg(Kernel::SvdOfR { .. })))
            .count();
    assert_eq!(svds, 1);
}

#[test]
fn a_generated_reduction_never_becomes_a_task_per_chunk() {
    // 100,000 chunks of a generator chain: the chunk steps are lowered as whole subtrees of
    // the combine tree, never as one task per chunk (W5 of issue 14).
    for src in [
        "ones((200000,), chunks=2).sum()",
        "x = random((200000,), chunks=2, seed=1)\n(2 * x + 1).mean()",
    ] {
        let g = graph(src, false);
        assert!(g.len() < 1000, "{src}: {} tasks", g.len());
        let generated =
            g.g.node_indices()
                .filter(|&n| matches!(g.g[n].kind, TaskKind::ReduceGen { .. }))
                .count();
        assert!(generated >= 32, "{src}: {generated} tasks share the chunks");
        let elementwise =
            g.g.node_indices()
                .filter(|&n| matches!(g.g[n].kind, TaskKind::Fused(_)))
                .count();
        assert_eq!(elementwise, 0, "{src}: no chunk is a task");
    }
    // Used twice, the chunks stay tasks (computed once, read by both reductions).
    let g = graph(
        "x = random((16, 4), chunks=(4, 4), seed=0)\nx.mean(0)\nx.std(0)",
        false,
    );
    assert!(!g
        .g
        .node_indices()
        .any(|n| matches!(g.g[n].kind, TaskKind::ReduceGen { .. })));
}

#[test]
fn a_transpose_is_read_permuted_inside_the_fused_program() {
    let g = graph(
        "x = random((8, 8), chunks=(2, 2), seed=1)\n(x + x.T).mean(0)",
        true,
    );
    let transposes =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::Transpose(_)))
            .count();
    assert_eq!(transposes, 0, "every transpose fused");
    let chunks =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::ReduceChunk { prog: Some(_), .. }))
            .count();
    assert_eq!(chunks, 16);
}
