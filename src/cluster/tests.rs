//! The distributed plan without a cluster: partitions of real graphs keep their invariants
//! at every cap, and running the groups through the worker's code (graph rebuilt from the
//! source, values as bytes) gives the local scheduler's blocks bit for bit.

use super::client::{plan_for, run_groups};
use super::plan::{partition, LOCAL};
use super::worker::{build_graph, PlanSpec};
use super::{wire, History};
use crate::schedule::{self, Scheduler, Value};
use crate::session::Options;

const PROGRAMS: &[&str] = &[
    "x = random((300, 200), chunks=(50, 40), seed=3)\nprint(((2 * x + 1) ** 3).sum(), x.mean(0)[:3], x.std(1).max())",
    "a = random((120, 90), chunks=(30, 30), seed=1)\nb = normal((90, 60), chunks=(30, 20), seed=2)\nprint((a @ b).sum(0), (a @ b).T[2])",
    "x = arange(1000).reshape((50, 20)).rechunk((7, 6))\nprint(x.cumsum(0)[-1], (x * 1.5).var(axis=0)[:4])\nprint(x[::3, 1:].sum(1))",
    "x = random((64, 64), chunks=(16, 16), seed=7)\nm = x.mean(0)\nprint(m[:4], (x - m).max(), (x[::2] - x[1::2]).min())",
    // W3's pattern: chunks of 4 rows, picks of one row in 4 gathered from several chunks.
    PICKS,
    CHAINS,
];

const PICKS: &str = "x = normal((64, 48), chunks=(4, 48), seed=5)\nprint(x.mean(0)[:3], (x[::4].mean(0) - x[2::4].mean(0))[::7], x[::4][3:9, 2])";

fn opts() -> Options {
    Options {
        threads: 2,
        ..Options::default()
    }
}

fn spec(src: &str) -> PlanSpec {
    PlanSpec {
        history: history(src),
        optimize: true,
        default_chunk: None,
        cwd: ".".into(),
        fingerprint: 0,
        cap: 0,
        partition: 0,
        saves: vec![],
    }
}

fn history(src: &str) -> History {
    History {
        predefined: vec![],
        entries: vec![src.to_string()],
        ..Default::default()
    }
}

fn bits(blocks: &[Vec<Option<crate::kernels::Block>>]) -> Vec<Vec<u8>> {
    blocks
        .iter()
        .flatten()
        .map(|b| match b {
            Some(b) => wire::encode(&[(0, &Value::Block(b.clone()))]),
            None => vec![],
        })
        .collect()
}

#[test]
fn partitions_cover_every_task_once_without_cycles() {
    for src in PROGRAMS {
        let g = build_graph(&spec(src)).expect("builds");
        let order = crate::order::order(&g);
        for cap in [1, 20_000, 200_000, u64::MAX] {
            let p = partition(&g, &order, cap);
            let mut seen = vec![0; g.bound()];
            for (k, gr) in p.groups.iter().enumerate() {
                for &t in &gr.tasks {
                    seen[t.index()] += 1;
                    assert_eq!(p.group_of[t.index()], k as u32);
                    // Inputs run earlier in the group, or come from a dependency.
                    for i in &g.g[t].inputs {
                        let gi = p.group_of[i.index()];
                        if gi == k as u32 {
                            let (a, b) = (
                                gr.tasks.iter().position(|x| x == i).unwrap(),
                                gr.tasks.iter().position(|x| *x == t).unwrap(),
                            );
                            assert!(a < b, "{src}: input after its consumer");
                        } else {
                            assert!(gr.deps.contains(&(gi as usize)));
                            // The dependency's message carries the value.
                            assert!(p.groups[gi as usize].exports.contains(i));
                        }
                    }
                }
            }
            for n in g.g.node_indices() {
                assert_eq!(
                    seen[n.index()],
                    1,
                    "{src}: task in {} groups",
                    seen[n.index()]
                );
            }
            // The group graph is acyclic: Kahn's algorithm empties it.
            let mut missing: Vec<usize> = p.groups.iter().map(|gr| gr.deps.len()).collect();
            let mut ready: Vec<usize> = (0..p.groups.len()).filter(|&k| missing[k] == 0).collect();
            let mut done = 0;
            while let Some(k) = ready.pop() {
                done += 1;
                for (j, gr) in p.groups.iter().enumerate() {
                    if gr.deps.contains(&k) {
                        missing[j] -= 1;
                        if missing[j] == 0 {
                            ready.push(j);
                        }
                    }
                }
            }
            assert_eq!(
                done,
                p.groups.len(),
                "{src}: cycle between groups at cap {cap}"
            );
            if cap == u64::MAX {
                assert!(p.groups.iter().filter(|g| g.deps.is_empty()).count() >= 1);
            }
            // Outputs go back to the client, whole.
            for t in g.output_tasks() {
                let gr = &p.groups[p.group_of[t.index()] as usize];
                let at = gr.exports.binary_search(&t).expect("an output is exported");
                assert_eq!(gr.crops[at], None, "{src}");
            }
            for gr in &p.groups {
                assert_eq!(gr.crops.len(), gr.exports.len());
                assert!(gr.exports.windows(2).all(|w| w[0] < w[1]), "{src}");
            }
            if cap == 1 {
                // Nothing merges but tasks fed only by their group that shrink its values
                // (slices, partial reductions of a block), which join whatever the cap.
                for gr in &p.groups {
                    for &t in &gr.tasks[1..] {
                        let ins = &g.g[t].inputs;
                        assert!(ins.iter().all(|i| gr.tasks.contains(i)), "{src}");
                        let elems = |s: &[usize]| s.iter().product::<usize>();
                        let inner: usize = ins.iter().map(|&i| elems(&g.g[i].shape)).sum();
                        assert!(2 * elems(&g.g[t].shape) <= inner, "{src}");
                    }
                }
            }
        }
        let one = partition(&g, &order, u64::MAX);
        assert!(
            one.groups.len() < g.len() / 2,
            "{src}: {} groups of {} tasks",
            one.groups.len(),
            g.len()
        );
    }
}

#[test]
fn groups_run_by_the_worker_code_match_the_local_scheduler_bit_for_bit() {
    for src in PROGRAMS {
        let h = history(src);
        let g = build_graph(&spec(src)).unwrap();
        let order = crate::order::order(&g);
        let (want, _) = schedule::run(&g, &order, Scheduler::Sequential).unwrap();
        for cap in [1, 30_000, 300_000, u64::MAX] {
            let (mut spec, _) = plan_for(&h, &opts(), &g, &order, 2);
            spec.cap = cap;
            let part = partition(&g, &order, cap);
            spec.partition = super::plan::partition_digest(&part);
            let (got, _) = run_groups(&spec, &part, &g, &order).unwrap();
            assert_eq!(bits(&got), bits(&want), "{src} at cap {cap}");
        }
    }
}

#[test]
fn a_worker_with_another_graph_refuses_to_run() {
    let h = history(PROGRAMS[0]);
    let g = build_graph(&spec(PROGRAMS[0])).unwrap();
    let order = crate::order::order(&g);
    let (mut spec, part) = plan_for(&h, &opts(), &g, &order, 2);
    // Other default chunks: another graph.
    spec.default_chunk = Some(3);
    spec.history.entries = vec!["x = random((300, 200), seed=3)\nprint(x.sum())".into()];
    let err = run_groups(&spec, &part, &g, &order).unwrap_err();
    assert!(
        err.message.contains("different task graph"),
        "{}",
        err.message
    );
}

#[test]
fn a_worker_that_cuts_other_groups_refuses_to_run() {
    let h = history(PROGRAMS[0]);
    let g = build_graph(&spec(PROGRAMS[0])).unwrap();
    let order = crate::order::order(&g);
    let (mut spec, part) = plan_for(&h, &opts(), &g, &order, 2);
    assert_eq!(spec.partition, super::plan::partition_digest(&part));
    // The client's groups, but a worker that would cut them at another cap.
    spec.cap = 1;
    let err = run_groups(&spec, &part, &g, &order).unwrap_err();
    assert!(err.message.contains("other groups"), "{}", err.message);
}

#[test]
fn plan_specs_round_trip_through_json() {
    let spec = PlanSpec {
        history: History {
            predefined: vec!["fn f(x) = x + 1".into()],
            entries: vec!["a = 1".into(), "print(f(a))".into()],
            want: crate::cluster::Want::Names(vec!["a".into(), "b c".into()]),
        },
        optimize: false,
        default_chunk: Some(7),
        cwd: "/tmp/x y".into(),
        fingerprint: u64::MAX - 5,
        cap: 123,
        partition: 0xfedc_ba98_7654_3210,
        saves: vec![("a b.npy".into(), ".a b.npy.arrlang-1-0.tmp".into())],
    };
    assert_eq!(PlanSpec::from_json(&spec.to_json()).unwrap(), spec);
    assert!(PlanSpec::from_json("{}").is_err());
}

#[test]
fn npy_blocks_are_saved_by_the_workers_and_finished_on_the_client() {
    let src = "save(\"/tmp/arrlang-never-written/x.npy\", ones((10, 10), chunks=5))";
    let g = crate::io::with_plan_only(|| build_graph(&spec(src))).unwrap();
    let order = crate::order::order(&g);
    let p = partition(&g, &order, u64::MAX);
    let local: Vec<_> =
        g.g.node_indices()
            .filter(|n| p.group_of[n.index()] == LOCAL)
            .map(|n| g.g[n].kind.name())
            .collect();
    assert_eq!(local, ["save-done"]);
}

#[test]
fn a_group_sends_only_the_rows_its_readers_pick() {
    use crate::kernels::layout::Range1;
    let g = build_graph(&spec(PICKS)).unwrap();
    let order = crate::order::order(&g);
    // Cap 1: each chunk's tasks in a group of their own, the picks gathered elsewhere.
    let p = partition(&g, &order, 1);
    let crops: Vec<&Vec<Range1>> = p
        .groups
        .iter()
        .flat_map(|gr| gr.crops.iter().flatten())
        .collect();
    // `x[::4]` and `x[2::4]` read rows 0 and 2 of each (4, 48) chunk: those rows are all
    // that goes (`x[::4][3:9, 2]` reads within them).
    let rows_0_and_2 = Range1 {
        start: 0,
        len: 2,
        step: 2,
    };
    let whole = Range1 {
        start: 0,
        len: 48,
        step: 1,
    };
    // The (4, 48) chunks' crops (the 1-d ones cut printed results: `[::7]`, `[:3]`).
    let chunk_crops: Vec<_> = crops.iter().filter(|c| c.len() == 2).collect();
    assert!(!chunk_crops.is_empty());
    for c in &chunk_crops {
        assert_eq!(***c, vec![rows_0_and_2, whole], "{crops:?}");
    }
    // Fewer bytes cross than the blocks that cross (and the results are the local ones:
    // `groups_run_by_the_worker_code_match_the_local_scheduler_bit_for_bit`).
    let h = history(PICKS);
    let (mut sp, _) = plan_for(&h, &opts(), &g, &order, 2);
    sp.cap = 1;
    sp.partition = super::plan::partition_digest(&p);
    let text = sp.to_json();
    let (mut sent, mut whole_bytes) = (0, 0);
    let mut msgs: Vec<Option<Vec<u8>>> = vec![None; p.groups.len()];
    // Dependencies first (group numbers follow their last task, not their inputs).
    let mut todo: Vec<usize> = (0..p.groups.len()).collect();
    while let Some(at) = todo
        .iter()
        .position(|&k| p.groups[k].deps.iter().all(|&d| msgs[d].is_some()))
    {
        let k = todo.remove(at);
        let ins: Vec<&[u8]> = p.groups[k]
            .deps
            .iter()
            .map(|&d| msgs[d].as_deref().unwrap())
            .collect();
        let out = super::worker::execute(&text, k, &ins).unwrap();
        let read_by_groups = p.groups[k].exports.iter().any(|t| {
            g.consumers(*t)
                .iter()
                .any(|c| p.group_of[c.index()] != LOCAL)
        });
        if p.groups[k].crops.iter().any(|c| c.is_some()) && read_by_groups {
            sent += out.len();
            whole_bytes += p.groups[k]
                .exports
                .iter()
                .map(|t| 8 * g.g[*t].shape.iter().product::<usize>())
                .sum::<usize>();
        }
        msgs[k] = Some(out);
    }
    assert!(todo.is_empty(), "a cycle between groups");
    assert!(
        sent > 0 && sent < whole_bytes,
        "{sent} of {whole_bytes} bytes"
    );
}

/// Many tiles of large partial records: their means fold as chains (one per tile) over
/// sources that the partition packs several to a group.
const CHAINS: &str = "x = random((40, 130, 256), chunks=(4, 65, 64), seed=4)\nprint(x.mean(0)[::20, ::30], (x[::4].mean(0) - x[2::4].mean(0)).max(), x[21, 3, :4])";

#[test]
fn a_generated_reduction_weighs_the_elements_it_generates() {
    // 100,000 chunks of a generator: a few tasks, each generating many chunks.
    let src = "x = random((200000,), chunks=2, seed=1)\nprint((2 * x + 1).mean())";
    let g = build_graph(&spec(src)).unwrap();
    let gens: Vec<_> =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, crate::graph::TaskKind::ReduceGen { .. }))
            .collect();
    assert!(!gens.is_empty(), "no generated reduction");
    let generated: u64 = gens.iter().map(|&n| super::plan::weight(&g, n)).sum();
    // Together they generate every element once (plus a fixed cost per task).
    assert!(generated >= 200_000, "{generated}");
    assert!(
        generated <= 200_000 + 2 * 4096 * gens.len() as u64,
        "{generated}"
    );
}
