//! Printing large lazy arrays: numpy's abbreviated values, computed from only the chunks the
//! printed corners need, and kept results that are not computed twice.

use crate::common::numpy_available;
use arrlang::session::{Options, Session};
use std::process::Command;

fn session() -> Session {
    Session::new(Options {
        threads: 2,
        ..Options::default()
    })
}

/// numpy's `repr` of each expression (numpy syntax), one block of output per expression.
fn numpy_reprs(exprs: &[&str]) -> Vec<String> {
    let prog = format!(
        "import numpy as np\nfor e in {exprs:?}:\n    print(repr(eval(e)))\n    print('@@')\n"
    );
    let out = Command::new("python3")
        .args(["-c", &prog])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split("@@\n")
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end().to_string())
        .collect()
}

/// Arrays above numpy's threshold print exactly as numpy prints them, summary lines aside.
#[test]
fn abbreviated_values_match_numpy() {
    if !numpy_available() {
        eprintln!("skipped: python3 with numpy not found");
        return;
    }
    // (arrlang, numpy) pairs: the same array in both languages.
    let cases = [
        (
            "(arange(3000 * 2000, chunks=100000).reshape((3000, 2000)) * 0.25 - 7).astype(float32)",
            "(np.arange(3000 * 2000).reshape((3000, 2000)) * 0.25 - 7).astype(np.float32)",
        ),
        (
            "arange(24000, chunks=1000).reshape((20, 30, 40)) % 7 == 3",
            "np.arange(24000).reshape((20, 30, 40)) % 7 == 3",
        ),
        (
            "sqrt(arange(1500, chunks=100) * 1.0).reshape((1500, 1))",
            "np.sqrt(np.arange(1500) * 1.0).reshape((1500, 1))",
        ),
        (
            "(arange(2000000, chunks=250000) - 1000000) * 1000003",
            "(np.arange(2000000) - 1000000) * 1000003",
        ),
        (
            "arange(1001, chunks=10).astype(int32)[::-1]",
            "np.arange(1001).astype(np.int32)[::-1]",
        ),
    ];
    let want = numpy_reprs(&cases.iter().map(|c| c.1).collect::<Vec<_>>());
    for ((ours, _), want) in cases.iter().zip(want) {
        let mut s = session();
        let got = s.run(ours).expect("runs");
        // Above a million elements a summary line comes first.
        let values: Vec<&str> = got
            .lines()
            .filter(|l| !l.starts_with("<lazy array"))
            .collect();
        assert_eq!(values.join("\n"), want, "{ours}");
    }
}

/// A 12.8 GB array prints its summary and corners from a handful of its 1600 chunks.
#[test]
fn printing_a_huge_array_computes_only_its_corners() {
    let mut s = session();
    let out = s
        .run("x = random((40000, 40000), chunks=(1000, 1000), seed=1)\nx + 1")
        .expect("runs");
    let first = out.lines().next().expect("a summary line");
    assert_eq!(
        first,
        "<lazy array shape=(40000, 40000) dtype=float64 chunks=(1000, 1000) blocks=1600 \
         size=12.80 GB tasks=3200>"
    );
    assert!(out.contains("...,"), "{out}");
    assert!(out.trim_end().ends_with("shape=(40000, 40000))"), "{out}");
    // Four corner chunks, each made and sliced, and a few joins: far below 1600.
    assert!(s.last_stats.tasks <= 40, "ran {} tasks", s.last_stats.tasks);
    assert!(s.last_stats.tasks >= 4, "ran {} tasks", s.last_stats.tasks);
    // The printed corners are the array's own values: compare with its slices.
    let corner = s.run("x[:3, :3] + 1").expect("runs");
    let row0: Vec<f64> = corner
        .split(['[', ']', ',', '(', ')', '\n', ' '])
        .filter_map(|w| w.parse().ok())
        .collect();
    let shown: Vec<f64> = out
        .lines()
        .nth(1)
        .expect("first row")
        .split(['[', ']', ',', '(', ')', ' '])
        .filter_map(|w| w.parse().ok())
        .collect();
    for (a, b) in row0.iter().take(3).zip(&shown) {
        assert!((a - b).abs() < 1e-8, "{a} vs {b}");
    }
}

/// Showing a name twice computes it once; a new value computes again.
#[test]
fn shown_results_are_kept() {
    let mut s = session();
    s.run("y = (arange(100000, chunks=1000) * 2.0).sum()")
        .expect("runs");
    let a = s.run("y").expect("runs");
    assert!(s.last_stats.tasks > 0);
    let b = s.run("y").expect("runs");
    assert_eq!(a, b);
    assert_eq!(s.last_stats.tasks, 0, "the second show recomputed y");
    assert_eq!(
        a.trim(),
        format!("{:?}", (0..100000).map(|i| i as f64 * 2.0).sum::<f64>())
    );
    // Big arrays keep their corners.
    s.run("z = random((20000, 20000), chunks=(1000, 1000), seed=2)")
        .expect("runs");
    let c = s.run("z").expect("runs");
    assert!(s.last_stats.tasks > 0);
    assert_eq!(s.run("z").expect("runs"), c);
    assert_eq!(s.last_stats.tasks, 0);
    // Rebinding y drops what was kept for the old value.
    s.run("y = y + 1").expect("runs");
    s.run("y").expect("runs");
    assert!(s.last_stats.tasks > 0);
}
