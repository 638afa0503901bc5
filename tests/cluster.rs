//! Running on a Dask cluster (issue 13 B).
//!
//! In process (always): every golden script through the distributed plan — the graph rebuilt
//! from the source as a worker rebuilds it, cut into groups, values crossing as bytes, saves
//! on the client — prints exactly what a local run prints.
//!
//! On a real `distributed.LocalCluster` (2 worker processes × 1 thread on 127.0.0.1; when
//! python3 has `distributed` and the `arrlang` package, which `run-tests.sh` installs): the CLI
//! with `--scheduler` prints and saves exactly what a local run does, the groups ran on the
//! workers (their task logs), killing a worker mid-run still gives the right answer, a task
//! error is the local E0401, and SIGINT cancels the submitted keys and exits with 130.

use crate::common::{cells, golden_files, TempDir};
use arrlang::cluster::Cluster;
use arrlang::session::{Options, Session};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Runs a golden script cell by cell in one session: each cell's output or error headlines.
fn run_cells(src: &str, cluster: Option<&str>) -> Vec<String> {
    let cs = cells(src);
    let mut s = Session::new(Options {
        threads: 2,
        ..Options::default()
    });
    s.cluster = cluster.map(Cluster::new);
    s.predefine(&cs.iter().map(|c| c.code.as_str()).collect::<String>());
    cs.iter()
        .map(|c| match s.run(&c.code) {
            Ok(text) => text,
            Err(f) => {
                let h: Vec<String> = f.diagnostics.iter().map(|d| d.headline()).collect();
                format!("error: {}", h.join("; "))
            }
        })
        .collect()
}

#[test]
fn golden_scripts_print_the_same_through_the_distributed_plan() {
    let mut failures = Vec::new();
    for path in golden_files("tests/golden") {
        let src = std::fs::read_to_string(&path).unwrap();
        let local = run_cells(&src, None);
        let dist = run_cells(&src, Some(arrlang::cluster::client::IN_PROCESS));
        for (k, (a, b)) in local.iter().zip(&dist).enumerate() {
            if a != b {
                failures.push(format!(
                    "{} cell {k}:\nlocal:\n{a}\ndistributed:\n{b}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_large_plan_in_many_groups_prints_the_same() {
    // ~100 chunk tasks: the partition cuts them into several groups.
    let src = "x = random((3000, 2000), chunks=(300, 200), seed=11)\n\
               y = normal((2000, 300), chunks=(200, 300), seed=12)\n\
               print(((2 * x + 1) ** 3).sum(), x.std(0)[:3], (x @ y)[5, :4], x.cumsum(1)[-1, -3:])\n";
    let local = run_cells(src, None);
    let dist = run_cells(src, Some(arrlang::cluster::client::IN_PROCESS));
    assert_eq!(local, dist);
    assert!(!local[0].starts_with("error"), "{}", local[0]);
}

#[test]
fn a_stored_chunk_is_read_once_and_its_tiles_reduced_in_its_group() {
    // Files whose stored chunk is a whole (4, 60, 80) day, read in (4, 20, 20) tiles: each
    // load reads a stored chunk whole and its tiles are slices of it.
    let dir = TempDir::new("cluster-stored");
    let make = format!(
        "save(\"{}\", \"t\", normal((12, 60, 80), chunks=(4, 60, 80), seed=2), split=4, dims=(\"time\", \"y\", \"x\"), compress=True)",
        dir.path("day-{}.nc")
    );
    assert!(!run_cells(&make, None)[0].starts_with("error"));
    let src = format!(
        "x = load(\"{}\", \"t\", chunks=(4, 20, 20))\nprint(x.mean(0)[::7, ::9], (x[5] - x.mean(0)).std(), (x[::4].mean(0) - x[2::4].mean(0)).max())\n",
        dir.path("day-*.nc")
    );
    let (g, part) = plan(&src, 1 << 22);
    let loads: Vec<_> =
        g.g.node_indices()
            .filter(|&n| g.g[n].kind.name() == "load")
            .collect();
    assert_eq!(loads.len(), 3, "one load per stored chunk");
    for &l in &loads {
        let k = part.group_of[l.index()] as usize;
        let grp = &part.groups[k];
        // The chunk never leaves its group: its 12 tiles are cut and reduced there, and only
        // what they give leaves.
        assert!(!grp.exports.contains(&l));
        let tiles = g.consumers(l);
        assert_eq!(tiles.len(), 12);
        for t in tiles {
            assert_eq!(part.group_of[t.index()] as usize, k);
            for c in g.consumers(t) {
                if g.g[c].kind.name() == "mean-chunk" {
                    assert_eq!(part.group_of[c.index()] as usize, k);
                }
            }
        }
    }
    let local = run_cells(&src, None);
    assert!(!local[0].starts_with("error"), "{}", local[0]);
    assert_eq!(
        run_cells(&src, Some(arrlang::cluster::client::IN_PROCESS)),
        local
    );
}

/// Day files like W3's (each day one stored chunk of (4, 130, 256), read in (4, 65, 64)
/// tiles: 8 tiles of over 4096 elements, whose means fold as chains over the days); the
/// script reads them from `dir`.
fn days(dir: &TempDir, n: usize) -> String {
    let make = format!(
        "save(\"{}\", \"t\", normal(({}, 130, 256), chunks=(4, 130, 256), seed=2), split=4, dims=(\"time\", \"y\", \"x\"), compress=True)",
        dir.path("day-{}.nc"),
        4 * n
    );
    let made = run_cells(&make, None);
    assert!(!made[0].starts_with("error"), "{}", made[0]);
    format!(
        "x = load(\"{}\", \"t\", chunks=(4, 65, 64))\nprint(x.mean(0)[::20, ::30], (x[::4].mean(0) - x[2::4].mean(0)).max(), (x[21] - x.mean(0))[3, :4])\n",
        dir.path("day-*.nc")
    )
}

#[test]
fn loads_are_packed_several_to_a_group_and_their_chains_folded_there() {
    use arrlang::cluster::plan::weight;
    use arrlang::graph::TaskKind;
    let dir = TempDir::new("cluster-packs");
    let src = days(&dir, 12);
    let (g, _) = plan(&src, u64::MAX);
    // About three days' work per group.
    let total: u64 = g.g.node_indices().map(|n| weight(&g, n)).sum();
    let (g, part) = plan(&src, total / 4);
    let loads: Vec<_> =
        g.g.node_indices()
            .filter(|&n| g.g[n].kind.name() == "load")
            .collect();
    assert_eq!(loads.len(), 12, "one load per day");
    // Packs: runs of consecutive days in one group, several each.
    let mut order = arrlang::order::order(&g);
    order.retain(|n| loads.contains(n));
    let mut packs: Vec<u32> = order.iter().map(|l| part.group_of[l.index()]).collect();
    packs.dedup();
    let mut distinct = packs.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), packs.len(), "a pack's days are consecutive");
    assert!(
        (2..=6).contains(&packs.len()),
        "{} packs of 12 days",
        packs.len()
    );
    // Each pack's partial means go to one group at most (its fold: the tiles' chains over
    // its days; a chain whose head is one partial of the pack before reads that one too).
    let partial = |t: &petgraph::stable_graph::NodeIndex| {
        matches!(g.g[*t].kind, TaskKind::ReduceChunk { .. })
    };
    let mut folds_of_pack =
        std::collections::BTreeMap::<u32, std::collections::BTreeSet<u32>>::new();
    for n in g.g.node_indices() {
        let here = part.group_of[n.index()];
        for i in g.g[n].inputs.iter().filter(|i| partial(i)) {
            let from = part.group_of[i.index()];
            if from != here && packs.contains(&from) {
                folds_of_pack.entry(from).or_default().insert(here);
            }
        }
    }
    assert!(!folds_of_pack.is_empty(), "no pack sends partials");
    for (p, readers) in &folds_of_pack {
        assert_eq!(readers.len(), 1, "pack {p}'s partials go to {readers:?}");
    }
    // The first pack's chains run where its days were read.
    let first = packs[0];
    assert!(g
        .g
        .node_indices()
        .any(|n| part.group_of[n.index()] == first && matches!(g.g[n].kind, TaskKind::Combine(_))));
    // And the values are the local run's.
    let local = run_cells(&src, None);
    assert!(!local[0].starts_with("error"), "{}", local[0]);
    assert_eq!(
        run_cells(&src, Some(arrlang::cluster::client::IN_PROCESS)),
        local
    );
}

// ---- a real LocalCluster ----

fn cluster_available() -> bool {
    Command::new("python3")
        .args([
            "-c",
            "import distributed, arrlang.cluster\nfrom arrlang._native import execute_task",
        ])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

struct LocalCluster {
    child: Child,
    address: String,
    workers: Vec<i32>,
}

impl LocalCluster {
    fn start() -> LocalCluster {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cluster_fixture.py");
        let mut child = Command::new("python3")
            .args([fixture, "2", "1"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).expect("cluster address line");
        LocalCluster {
            child,
            address: v["address"].as_str().unwrap().to_string(),
            workers: v["workers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_i64().unwrap() as i32)
                .collect(),
        }
    }

    /// Runs a Python snippet with `c` a Client of this cluster; its stdout.
    fn query(&self, body: &str) -> String {
        crate::common::python(&format!(
            "from distributed import Client\nc = Client('{}')\n{body}\nc.close()",
            self.address
        ))
    }

    /// Group keys (`arrlang-…`) each worker executed, per worker.
    fn executed(&self) -> Vec<usize> {
        let out = self.query(
            "r = c.run(lambda dask_worker: len({str(t[0]) for t in dask_worker.state.log \
             if str(t[0]).startswith('arrlang-') and t[1] == 'executing' and t[2] == 'memory'}))\n\
             print(*r.values())",
        );
        out.split_whitespace().map(|n| n.parse().unwrap()).collect()
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn arrlang(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_arrlang"))
        .args(["--no-progress"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("arrlang runs")
}

fn text(o: &std::process::Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn scripts_on_a_local_cluster_match_local_runs() {
    if !cluster_available() {
        eprintln!("skipped: python3 lacks distributed or the arrlang package (run-tests.sh installs them)");
        return;
    }
    let cluster = LocalCluster::start();
    let dir = TempDir::new("cluster-scripts");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let w3 = days(&dir, 12);
    let scripts = [
        // W3's pattern: day files packed several to a group, chains folded (`days`)
        w3,
        // reductions
        "x = random((2000, 1500), chunks=(250, 300), seed=4)\nprint(x.sum(), x.mean(0)[:4], x.std(1)[-3:], x.argmax(), (x > 0.5).sum())".to_string(),
        // matmul and linear algebra
        "a = normal((600, 400), chunks=(100, 100), seed=1)\nb = normal((400, 300), chunks=(100, 150), seed=2)\nprint((a @ b)[:2, :3], (a @ b).sum(), a.T.dot(a)[0, :3])".to_string(),
        // random with a seed, scans, slicing
        "x = random((100000,), chunks=7000, seed=9)\nprint(x.cumsum()[-2:], x[::7][-3:], normal((300, 300), chunks=100, seed=3).var())".to_string(),
        // netCDF-4 files through a glob
        format!("x = load(\"{data}/nc4-day*.nc\", \"t2m\", chunks=(2, 3, 4))\nprint(x.mean(0), x.max(), (x[1] - x.mean(0)).std())"),
        // .npy and Zarr saves: blocks written by the workers, renamed into place by the client
        "save(\"out.npy\", random((500, 400), chunks=(100, 100), seed=5) * 2)\nprint(load(\"out.npy\").shape)".to_string(),
        "save(\"out.zarr\", \"v\", random((500, 400), chunks=(100, 100), seed=6) - 0.5, dims=(\"y\", \"x\"))\nz = load(\"out.zarr\", \"v\")\nprint(z.shape, z.sum(), z[7, 3:6])".to_string(),
    ];
    for (k, src) in scripts.iter().enumerate() {
        let f = dir.0.join(format!("s{k}.arr"));
        std::fs::write(&f, src).unwrap();
        // The cluster run must write the saves itself (its script loads them back).
        let clear = || {
            let _ = std::fs::remove_file(dir.0.join("out.npy"));
            let _ = std::fs::remove_dir_all(dir.0.join("out.zarr"));
        };
        clear();
        let local = arrlang(&[f.to_str().unwrap()], &dir.0);
        let saved_local = std::fs::read(dir.0.join("out.npy")).ok();
        clear();
        let dist = arrlang(
            &["--scheduler", &cluster.address, f.to_str().unwrap()],
            &dir.0,
        );
        assert!(local.status.success(), "{}", text(&local));
        assert_eq!(text(&dist), text(&local), "script {k}:\n{src}");
        if let Some(bytes) = saved_local {
            assert_eq!(std::fs::read(dir.0.join("out.npy")).unwrap(), bytes);
        }
        // No temporary file is left beside the saves.
        let left: Vec<String> = std::fs::read_dir(&dir.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "script {k}: {left:?}");
    }
    // The save groups ran on the workers: the client's part of the plan is the final rename.
    let (g, part) = plan("save(\"x.npy\", ones((400, 400), chunks=100) * 3)", 50_000);
    let local: Vec<String> =
        g.g.node_indices()
            .filter(|n| part.group_of[n.index()] == arrlang::cluster::plan::LOCAL)
            .map(|n| g.g[n].kind.name().to_string())
            .collect();
    assert_eq!(local, ["save-done"]);
    // The groups ran in the workers' processes (Dask places these small, quick groups by data
    // locality, often all on one worker: which worker is Dask's choice, not asserted here).
    // Read before the next test floods the workers' bounded transition logs.
    let per_worker = cluster.executed();
    assert_eq!(per_worker.len(), 2);
    assert!(
        per_worker.iter().sum::<usize>() > 0,
        "groups per worker: {per_worker:?}"
    );
    driver_reports_every_group_once(&cluster);
    kept_driver_serves_several_runs(&cluster, &dir, &scripts[1]);
    // The environment variable names the scheduler too.
    let env = Command::new(env!("CARGO_BIN_EXE_arrlang"))
        .args([
            "--no-progress",
            "-e",
            "print(ones((40, 40), chunks=10).sum())",
        ])
        .env("ARRLANG_SCHEDULER", &cluster.address)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&env.stdout),
        "1600.0\n",
        "{}",
        text(&env)
    );
    // A task's failure is the local run's error, pointing into the source.
    let bad = dir.0.join("bad.arr");
    std::fs::write(
        &bad,
        "a = zeros((4, 4), chunks=2)\nprint(solve(a, ones((4,), chunks=2)))\n",
    )
    .unwrap();
    let local = arrlang(&[bad.to_str().unwrap()], &dir.0);
    let dist = arrlang(
        &["--scheduler", &cluster.address, bad.to_str().unwrap()],
        &dir.0,
    );
    assert_eq!(local.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&local.stderr).contains("E0401"));
    assert_eq!(text(&dist), text(&local));
}

/// The optimized graph of `src` and its partition at `cap`, as the CLI plans it.
fn plan(src: &str, cap: u64) -> (arrlang::graph::TaskGraph, arrlang::cluster::plan::Partition) {
    let mut s = Session::new(Options::default());
    s.plan_only = true;
    let _ = s.run(src);
    let g = s.planned.take().expect("planned");
    let order = arrlang::order::order(&g);
    let part = arrlang::cluster::plan::partition(&g, &order, cap);
    (g, part)
}

/// The driver, handed a plan of many groups, reports each group exactly once: as a result
/// when the CLI wants its values, else as `finished` (which drives the progress bar).
fn driver_reports_every_group_once(cluster: &LocalCluster) {
    use std::io::{Read, Write};
    let src =
        "x = random((1200, 1000), chunks=(100, 100), seed=8)\nprint(x.std(0)[:3], (x @ x.T).sum())";
    let cap = 300_000;
    let (g, part) = plan(src, cap);
    assert!(part.groups.len() > 10, "{} groups", part.groups.len());
    let spec = arrlang::cluster::worker::PlanSpec {
        history: arrlang::cluster::History {
            predefined: vec![],
            entries: vec![src.to_string()],
            ..Default::default()
        },
        optimize: true,
        default_chunk: None,
        cwd: std::env::current_dir().unwrap().display().to_string(),
        fingerprint: arrlang::cluster::plan::fingerprint(&g),
        cap,
        partition: 0,
        saves: vec![],
    };
    let request = arrlang::cluster::client::driver_request(&spec, &g, &part);
    let wanted = arrlang::cluster::client::wanted_groups(&g, &part);
    assert!(wanted.len() < part.groups.len());
    let mut child = Command::new("python3")
        .args(["-m", "arrlang.cluster", "--scheduler", &cluster.address])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.contains("hello"), "{line}");
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{request}").unwrap();
    let (mut results, mut finished) = (Vec::new(), Vec::new());
    loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the driver stopped");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        if let Some(k) = v["result"].as_u64() {
            let mut buf = vec![0; v["len"].as_u64().unwrap() as usize];
            out.read_exact(&mut buf).unwrap();
            results.push(k as usize);
        } else if let Some(k) = v["finished"].as_u64() {
            finished.push(k as usize);
        } else {
            assert_eq!(v["done"], true, "{line}");
            break;
        }
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    results.sort_unstable();
    assert_eq!(results, wanted);
    let mut all = [results, finished].concat();
    all.sort_unstable();
    assert_eq!(all, (0..part.groups.len()).collect::<Vec<_>>());
}

/// Clients the scheduler knows (its own fire-and-forget one and the query's included).
fn clients(cluster: &LocalCluster) -> usize {
    cluster
        .query("print(c.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.clients)))")
        .trim()
        .parse()
        .unwrap()
}

/// With `ARRLANG_KEEP_DRIVER`, the first run starts a driver that stays connected, later
/// runs reuse it (no new client on the scheduler) and print the same; stopping it removes
/// its socket and its client.
fn kept_driver_serves_several_runs(cluster: &LocalCluster, dir: &TempDir, src: &str) {
    let tmp = dir.0.join("kept");
    std::fs::create_dir_all(&tmp).unwrap();
    let f = dir.0.join("kept.arr");
    std::fs::write(&f, src).unwrap();
    let local = arrlang(&[f.to_str().unwrap()], &dir.0);
    let base = clients(cluster);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_arrlang"))
            .args(["--no-progress", "--scheduler", &cluster.address])
            .arg(&f)
            .env("ARRLANG_KEEP_DRIVER", "60")
            .env("TMPDIR", &tmp)
            .current_dir(&dir.0)
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(text(&first), text(&local));
    let socks = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&tmp)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sock"))
            .collect()
    };
    assert_eq!(socks().len(), 1);
    assert_eq!(
        clients(cluster),
        base + 1,
        "the kept driver stays connected"
    );
    let second = run();
    assert_eq!(text(&second), text(&local));
    assert_eq!(
        clients(cluster),
        base + 1,
        "the second run reused the driver"
    );
    // Stopped: it removes its socket and closes its client.
    assert!(arrlang::cluster::driver::stop_at(&socks()[0]));
    let t = Instant::now();
    while !socks().is_empty() || clients(cluster) != base {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "the kept driver did not stop"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A script that keeps two workers busy for a few seconds.
const LONG: &str = "x = random((16000, 16000), chunks=(1000, 1000), seed=21)\nprint(((2 * x + 1) ** 3).sum(), x.std())\n";
/// Long enough that it is still running when the interrupt arrives, however fast the cluster.
const LONGER: &str = "x = random((80000, 80000), chunks=(2000, 2000), seed=21)\nprint(((2 * x + 1) ** 3).sum(), x.std())\n";

#[test]
fn a_killed_worker_is_survived_and_ctrl_c_cancels() {
    if !cluster_available() {
        eprintln!("skipped: python3 lacks distributed or the arrlang package (run-tests.sh installs them)");
        return;
    }
    let cluster = LocalCluster::start();
    let dir = TempDir::new("cluster-kill");
    let f = dir.0.join("long.arr");
    std::fs::write(&f, LONG).unwrap();
    let local = arrlang(&["--threads", "2", f.to_str().unwrap()], &dir.0);
    assert!(local.status.success(), "{}", text(&local));

    // Kill one worker process once the run is under way.
    let child = Command::new(env!("CARGO_BIN_EXE_arrlang"))
        .args([
            "--no-progress",
            "--scheduler",
            &cluster.address,
            f.to_str().unwrap(),
        ])
        .current_dir(&dir.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    // SAFETY: kill(2) on a worker process the fixture started.
    unsafe {
        libc::kill(cluster.workers[0], libc::SIGKILL);
    }
    let dist = child.wait_with_output().unwrap();
    assert_eq!(text(&dist), text(&local), "after a worker was killed");

    // SIGINT to the CLI: the driver cancels its keys, the CLI exits with 130; the same with
    // a kept driver (the CLI closes its connection).
    let kept = dir.0.join("kept");
    std::fs::create_dir_all(&kept).unwrap();
    let longer = dir.0.join("longer.arr");
    std::fs::write(&longer, LONGER).unwrap();
    for keep in [false, true] {
        interrupt_cancels(&cluster, &dir, &longer, keep.then_some(kept.as_path()));
    }
    let sock = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "sock"))
        .expect("the kept driver's socket");
    assert!(arrlang::cluster::driver::stop_at(&sock));
}

/// Runs `f` on the cluster (with a kept driver whose socket is in `kept`, if given),
/// interrupts it with SIGINT, and checks that it exits with 130 leaving no keys behind.
fn interrupt_cancels(
    cluster: &LocalCluster,
    dir: &TempDir,
    f: &std::path::Path,
    kept: Option<&std::path::Path>,
) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arrlang"));
    if let Some(k) = kept {
        cmd.env("ARRLANG_KEEP_DRIVER", "60").env("TMPDIR", k);
        // Started (and connected) before: the interrupt below reaches a run under way.
        let warm = Command::new(env!("CARGO_BIN_EXE_arrlang"))
            .args(["--no-progress", "--scheduler", &cluster.address, "-e"])
            .arg("print(ones((40, 40), chunks=10).sum())")
            .env("ARRLANG_KEEP_DRIVER", "60")
            .env("TMPDIR", k)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&warm.stdout),
            "1600.0\n",
            "{}",
            text(&warm)
        );
    }
    let mut child = cmd
        .args([
            "--no-progress",
            "--scheduler",
            &cluster.address,
            f.to_str().unwrap(),
        ])
        .current_dir(&dir.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let t = Instant::now();
    // SAFETY: kill(2) on our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let out = loop {
        if child.try_wait().unwrap().is_some() {
            break child.wait_with_output().unwrap();
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "arrlang did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(out.status.code(), Some(130), "{}", text(&out));
    assert!(out.stdout.is_empty(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("interrupted"),
        "{}",
        text(&out)
    );
    // Nothing of the run is left on the scheduler.
    let mut left = String::new();
    for _ in 0..50 {
        left = cluster.query(
            "print(c.run_on_scheduler(lambda dask_scheduler: sum(1 for k in dask_scheduler.tasks \
             if str(k).startswith('arrlang-'))))",
        );
        if left.trim() == "0" {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(left.trim(), "0", "arrlang keys left on the scheduler");
}
