//! Issue 15: hostile input gives an error, never a panic, an abort or a hang — checked on
//! the `arrlang` binary (deep scripts, `--threads`) and on `check` (the same errors as a run).

use arrlang::session::{Options, Session};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");

fn run_script(name: &str, src: &str, args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("arrlang-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, src).expect("write script");
    let out = Command::new(BIN)
        .args(args)
        .arg(&path)
        .output()
        .expect("run arrlang");
    let _ = std::fs::remove_file(&path);
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn deep_expressions_and_long_scripts_run_without_stack_overflow() {
    let n = 10_000;
    // 10,000 parentheses around 1; 10,000 unary minus (even: x itself); a 10,000-term sum.
    let cases = [
        (
            format!("{}1{}\n", "(".repeat(n), ")".repeat(n)),
            "1\n".to_string(),
        ),
        (
            format!(
                "x = arange(4.0, chunks=2)\ny = {}x\ny.sum()\n",
                "-".repeat(n)
            ),
            "6.0\n".to_string(),
        ),
        (
            format!(
                "x = ones((4,), chunks=2)\ny = x{}\ny.sum()\n",
                " + x".repeat(n)
            ),
            format!("{}.0\n", 4 * (n + 1)),
        ),
    ];
    for (i, (src, want)) in cases.iter().enumerate() {
        let o = run_script(&format!("deep{i}.arr"), src, &[]);
        assert!(o.status.success(), "case {i}: {:?}", o);
        assert_eq!(&stdout(&o), want, "case {i}");
        let c = run_script(&format!("deep{i}.arr"), src, &["check"]);
        assert!(c.status.success(), "check of case {i}: {:?}", c);
    }
}

#[test]
fn a_100000_statement_chain_runs_and_optimizes_in_linear_memory() {
    let n = 100_000;
    let src = format!(
        "x = ones((4,), chunks=2)\n{}x.sum()\n",
        "x = x + 1\n".repeat(n)
    );
    let o = run_script("chain.arr", &src, &[]);
    assert!(o.status.success(), "{:?}", o);
    // (1 + 100000) * 4 elements
    assert_eq!(stdout(&o), "400004.0\n");
    let c = run_script("chain.arr", &src, &["check"]);
    assert!(c.status.success(), "check: {:?}", c);
}

/// `ones((10**9,), chunks=1).sum()` made `check` use 7.6 GB (the chunk table was built
/// before the block count was checked): under a 1 GB address-space limit it now gives
/// the limit's error.
#[test]
fn check_of_a_billion_block_array_stays_small() {
    let dir = std::env::temp_dir().join(format!("arrlang-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("billion.arr");
    std::fs::write(&path, "ones((10**9,), chunks=1).sum()\n").expect("write");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec {BIN} check {}",
            path.display()
        ))
        .output()
        .expect("run");
    let _ = std::fs::remove_file(&path);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("would be cut into 1e9 blocks"), "{err}");
}

/// Blocks larger than the memory limit (or the machine) are errors before anything is
/// computed: the reproductions, given a limit so that the answer does not depend
/// on this machine's memory.
#[test]
fn blocks_over_the_memory_limit_are_errors_before_computing() {
    for (src, says) in [
        (
            "ones((10**9,), chunks=10**9)[0]",
            "8.00 GB at once, over the memory limit of 100.00 MB",
        ),
        ("ones((10**10,), chunks=10**10)[0]", "80.0"),
        ("inv(ones((10**5, 10**5)))", "80.0"),
    ] {
        let o = Command::new(BIN)
            .args(["--memory-limit", "100MB", "-e", src])
            .output()
            .expect("run arrlang");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{src}: {err}");
        assert!(err.contains("E0402") && err.contains(says), "{src}: {err}");
    }
}

#[test]
fn threads_are_capped_with_a_message() {
    let o = Command::new(BIN)
        .args(["--threads", "20000", "-e", "arange(10, chunks=3).sum()"])
        .output()
        .expect("run arrlang");
    assert!(o.status.success(), "{:?}", o);
    assert_eq!(stdout(&o), "45\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("20000 threads capped at 256"), "{err}");
}

/// `check` finds, without computing, exactly the errors a run reports in the issue-15
/// golden scripts (their `#!` lines).
#[test]
fn check_reports_the_same_errors_as_a_run() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("golden dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("issue_15_") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("read");
        let want: Vec<&str> = src.lines().filter_map(|l| l.strip_prefix("#! ")).collect();
        let mut s = Session::new(Options::default());
        let got: Vec<String> = s.check(&src).iter().map(|d| d.headline()).collect();
        assert_eq!(got, want, "{name}");
        seen += 1;
    }
    assert!(seen >= 4, "issue-15 golden scripts found: {seen}");
}
