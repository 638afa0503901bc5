//! Micro-benchmarks (`cargo bench`): graph building and optimizing for 100k and 1M tasks,
//! the scheduler's cost per task, the fused elementwise kernel and the random-number
//! generator. Not part of `cargo test`.

use arrlang::graph::{TaskGraph, TaskKind};
use arrlang::kernels::random::Stream;
use arrlang::schedule::{self, Scheduler};
use arrlang::session::{Options, Session};
use divan::counter::ItemsCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// W5: a sum over `chunks` chunks of 20 ones.
fn w5(chunks: usize) -> String {
    format!("ones(({},), chunks=20).sum()", chunks * 20)
}

/// The graph of `src`, lowered and (if `optimize`) optimized.
fn graph(src: &str, optimize: bool) -> TaskGraph {
    let mut s = Session::new(Options {
        optimize,
        ..Options::default()
    });
    s.exec(src).expect("bench source compiles");
    s.graph()
}

/// Lowering the expression into chunk tasks (parsing included: negligible).
#[divan::bench(args = [100_000, 1_000_000], sample_count = 5, sample_size = 1)]
fn lower(bencher: Bencher, chunks: usize) {
    let src = w5(chunks);
    bencher
        .counter(ItemsCount::new(chunks))
        .with_inputs(|| ())
        .bench_local_values(|_| graph(&src, false));
}

/// The optimizer's passes over a lowered graph.
#[divan::bench(args = [100_000, 1_000_000], sample_count = 5, sample_size = 1)]
fn optimize(bencher: Bencher, chunks: usize) {
    let src = w5(chunks);
    bencher
        .counter(ItemsCount::new(chunks))
        .with_inputs(|| graph(&src, false))
        .bench_local_refs(arrlang::optimize::optimize);
}

/// The static order.
#[divan::bench(args = [100_000, 1_000_000], sample_count = 5, sample_size = 1)]
fn order(bencher: Bencher, chunks: usize) {
    let g = graph(&w5(chunks), true);
    bencher
        .counter(ItemsCount::new(g.len()))
        .bench_local(|| arrlang::order::order(&g));
}

/// Running an optimized graph of tiny tasks: the scheduler's cost per task (the counter
/// counts tasks).
#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn schedule_100k(bencher: Bencher, threads: usize) {
    let g = graph(&w5(100_000), true);
    let order = arrlang::order::order(&g);
    bencher.counter(ItemsCount::new(g.len())).bench_local(|| {
        schedule::run(&g, &order, Scheduler::Threaded(threads, None)).expect("runs")
    });
}

/// The fused kernel of W1 over one 2000×2000 chunk: random numbers, `(2x + 1)**3`, sum.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn fused_kernel(bencher: Bencher) {
    let g = graph(
        "x = random((2000, 2000), chunks=(2000, 2000), seed=0)\n((2 * x + 1) ** 3).sum()",
        true,
    );
    let t =
        g.g.node_weights()
            .find(|t| matches!(t.kind, TaskKind::ReduceChunk { prog: Some(_), .. }))
            .expect("a fused reduction step");
    bencher
        .counter(ItemsCount::new(2000 * 2000usize))
        .bench_local(|| schedule::exec::run_task(t, &[]).expect("runs"));
}

/// Uniform random numbers into a buffer.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn rng_uniform(bencher: Bencher) {
    let mut out = vec![0.0f64; 1 << 20];
    bencher
        .counter(ItemsCount::new(out.len()))
        .bench_local(|| Stream::new(black_box(7)).fill_uniform(0, 1, &mut out));
}
