//! The real `arrlang` binary driven through a pseudo-terminal (expectrl): statements and
//! their output, Tab completion, `:help`, a typo's suggestion, a progress bar, Ctrl-C during
//! a computation and at the prompt, Ctrl-D. And exit codes of scripts and `check`.
//!
//! Timeouts are generous: CI machines are slow and shared.

use expectrl::{ControlCode, Expect, Regex, Session};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("arrlang-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The REPL in a terminal, with a history file of its own, at its first prompt.
fn repl(name: &str) -> expectrl::session::OsSession {
    let mut cmd = Command::new(BIN);
    cmd.env("TERM", "xterm")
        .env("ARRLANG_HISTORY", temp_dir(name).join("history"))
        .args(["--threads", "2"]);
    let mut p = Session::spawn(cmd).expect("spawn arrlang");
    p.set_expect_timeout(Some(Duration::from_secs(60)));
    prompt(&mut p);
    p
}

/// Waits for a fresh, empty prompt (the line editor drops keys typed before it).
/// Redraws while typing show `>>> text`; only a new prompt shows `>>> ` then a return.
fn prompt(p: &mut expectrl::session::OsSession) {
    p.expect(">>> \r").expect("a prompt");
}

/// Types a line and presses Enter.
fn line(p: &mut expectrl::session::OsSession, s: &str) {
    p.send(s).unwrap();
    p.send("\r").unwrap();
}

/// Waits for the process to end; its exit code.
fn exit_code(p: &expectrl::session::OsSession) -> String {
    format!("{:?}", p.get_process().wait().expect("wait"))
}

#[test]
fn repl_prints_completes_helps_and_suggests() {
    let mut p = repl("basic");
    line(&mut p, "x = arange(6).reshape((2, 3)) * 2");
    prompt(&mut p);
    line(&mut p, "x.sum(axis=0)");
    p.expect("array([ 6, 10, 14])").unwrap();
    prompt(&mut p);
    // Tab completes a variable's name.
    line(&mut p, "my_variable = 41");
    prompt(&mut p);
    p.send("my_vari\t").unwrap();
    line(&mut p, " + 1");
    p.expect(Regex("\n42\r?\n")).unwrap();
    prompt(&mut p);
    // And a builtin.
    p.send("linsp\t").unwrap();
    line(&mut p, "(0, 1, num=3)");
    p.expect("array([0. , 0.5, 1. ])").unwrap();
    prompt(&mut p);
    // :help shows the signature and the example's result.
    line(&mut p, ":help sum");
    p.expect("sum(x, axis=None, keepdims=False)").unwrap();
    p.expect("array([3, 5, 7])").unwrap();
    prompt(&mut p);
    // A typo gets a suggestion.
    line(&mut p, "my_variabel * 2");
    p.expect("did you mean `my_variable`?").unwrap();
    prompt(&mut p);
    // Multi-line input continues while a bracket is open.
    line(&mut p, "(1 +");
    // The continuation prompt; keys typed before it would be dropped.
    p.expect("... \r").expect("a continuation prompt");
    line(&mut p, " 2) * 7");
    p.expect(Regex("\n21\r?\n")).unwrap();
    prompt(&mut p);
    // Ctrl-D leaves with status 0.
    p.send(ControlCode::EndOfTransmission).unwrap();
    assert!(exit_code(&p).contains(", 0)"), "{}", exit_code(&p));
}

#[test]
fn ctrl_c_cancels_a_computation_and_the_session_goes_on() {
    let mut p = repl("interrupt");
    // An 80 GB array: its summary and corners come at once.
    line(
        &mut p,
        "x = random((100000, 100000), chunks=(2500, 2500), seed=7)",
    );
    prompt(&mut p);
    let t0 = Instant::now();
    line(&mut p, "x");
    p.expect("<lazy array shape=(100000, 100000) dtype=float64 chunks=(2500, 2500) blocks=1600 size=80.00 GB tasks=1600>").unwrap();
    p.expect("shape=(100000, 100000))").unwrap();
    assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
    prompt(&mut p);
    // A reduction over all of it shows a progress bar; Ctrl-C stops it.
    line(&mut p, "x.sum()");
    p.expect(Regex(r"\d+/\d+ tasks")).unwrap();
    let t1 = Instant::now();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("computation interrupted (Ctrl-C)").unwrap();
    let took = t1.elapsed();
    assert!(took < Duration::from_secs(5), "cancelling took {took:?}");
    prompt(&mut p);
    // The session still answers, and still knows x.
    line(&mut p, "x.shape");
    p.expect("(100000, 100000)").unwrap();
    prompt(&mut p);
    // Ctrl-C at the prompt clears the line.
    p.send("undefined_thing").unwrap();
    p.expect("undefined_thing").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    prompt(&mut p);
    line(&mut p, "6 * 7");
    p.expect(Regex("\n42\r?\n")).unwrap();
    prompt(&mut p);
    line(&mut p, ":quit");
    assert!(exit_code(&p).contains(", 0)"), "{}", exit_code(&p));
}

/// Issue 15's rough edges: `:help` after a Ctrl-C, `yy = 1 +`, Tab inside a string,
/// the continuation prompt, `:info` of a reduction.
#[test]
fn repl_rough_edges_of_issue_15() {
    let dir = temp_dir("rough");
    let mut cmd = Command::new(BIN);
    cmd.env("TERM", "xterm")
        .env("ARRLANG_HISTORY", dir.join("history"))
        .current_dir(&dir)
        .args(["--threads", "2"]);
    let mut p = Session::spawn(cmd).expect("spawn arrlang");
    p.set_expect_timeout(Some(Duration::from_secs(60)));
    prompt(&mut p);
    // Ctrl-C stops a computation; `:help` examples still compute afterwards.
    line(
        &mut p,
        "random((100000, 100000), chunks=(2500, 2500)).sum()",
    );
    p.expect(Regex(r"\d+/\d+ tasks")).unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("computation interrupted (Ctrl-C)").unwrap();
    prompt(&mut p);
    line(&mut p, ":help cumsum");
    let help = p.expect(">>> \r").unwrap();
    let help = String::from_utf8_lossy(help.before()).into_owned();
    assert!(help.contains("cumsum(x, axis=None)"), "{help}");
    assert!(help.contains("[ 3,  7, 12]"), "{help}");
    assert!(!help.contains("interrupted"), "{help}");
    // An operator at the end of a line is an error at once, as in Python.
    line(&mut p, "yy = 1 +");
    p.expect("E0001").unwrap();
    prompt(&mut p);
    // An open bracket continues after a `... ` prompt.
    line(&mut p, "(1 +");
    p.expect("... ").unwrap();
    line(&mut p, " 2) * 7");
    p.expect(Regex("\n21\r?\n")).unwrap();
    prompt(&mut p);
    // Tab inside a string completes a file name.
    line(&mut p, "save(\"example_data_zz.npy\", arange(4))");
    prompt(&mut p);
    p.send("load(\"example_d\t").unwrap();
    line(&mut p, "\").sum()");
    p.expect(Regex("\n6\r?\n")).unwrap();
    prompt(&mut p);
    // `:info` names a reduction as numpy does, with its axis.
    line(&mut p, ":info ones((4, 3)).std(axis=0)");
    let info = p.expect(">>> \r").unwrap();
    let info = String::from_utf8_lossy(info.before()).into_owned();
    assert!(
        info.contains("made by  std(full((4, 3)), axis=0)"),
        "{info}"
    );
    assert!(!info.contains("ddof"), "{info}");
    line(&mut p, ":quit");
    assert!(exit_code(&p).contains(", 0)"), "{}", exit_code(&p));
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn exit_codes_and_check() {
    assert_eq!(run(&["-e", "1 + 1"]).0, 0);
    let (code, _, err) = run(&["-e", "sume(ones(3))"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `sum`?"), "{err}");
    assert_eq!(run(&["--no-such-flag"]).0, 2);
    assert_eq!(run(&["check"]).0, 2);
    let (code, out, _) = run(&["--version"]);
    assert_eq!((code, out.trim()), (0, "arrlang 0.1.0"));
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for flag in [
        "--threads",
        "--memory-limit",
        "--no-optimize",
        "--emit-graph",
        "--progress",
        "--no-progress",
        "--quiet",
    ] {
        assert!(out.contains(flag), "--help lacks {flag}");
    }
    // check: every error, nothing run (the save would write a file).
    let dir = temp_dir("check");
    let script = dir.join("bad.arr");
    let saved = dir.join("never.npy");
    std::fs::write(
        &script,
        format!(
            "a = ones((3, 4))\nb = a + ones((5,))\nc = b * 2\nd = a.sum(axis=3)\nsave({:?}, a)\ne = a.mean(axs=0)\n",
            saved.display().to_string()
        ),
    )
    .unwrap();
    let (code, _, err) = run(&["check", script.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0201"), "{err}");
    assert!(err.contains("E0202"), "{err}");
    assert!(err.contains("E0102"), "{err}");
    // `c = b * 2` uses the failed `b`: not reported again.
    assert!(!err.contains("E0101"), "{err}");
    assert!(err.contains("bad.arr: 3 errors"), "{err}");
    assert!(!saved.exists());
    std::fs::write(&script, "a = ones((3, 4))\na.sum()\n").unwrap();
    let (code, out, err) = run(&["check", script.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    // The memory limit refuses what would not fit.
    let (code, _, err) = run(&[
        "--memory-limit",
        "100MB",
        "-e",
        "rechunk(ones((10000, 10000), chunks=1000), 10000).sum()",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("E0402"), "{err}");
    assert_eq!(run(&["--memory-limit", "lots", "-e", "1"]).0, 2);
}

/// A script interrupted by SIGINT exits with 130.
#[test]
fn interrupted_script_exits_130() {
    let child = Command::new(BIN)
        .args([
            "--threads",
            "2",
            "-e",
            "random((100000, 100000), chunks=(2500, 2500)).sum()",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    let t0 = Instant::now();
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
    let out = child.wait_with_output().expect("wait");
    assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issue 15: HDF5's C library parsing a corrupt file must not take the session down. The
/// REPL opens each HDF5 file first in a child `arrlang --probe-file`; here the child is made
/// to crash (`ARRLANG_PROBE_CRASH`, as a segfault in HDF5 would), and the session reports
/// the file and goes on. Without the variable, the same file loads.
#[test]
fn a_crash_while_probing_an_hdf5_file_leaves_the_session_running() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/plain.h5");
    let mut cmd = Command::new(BIN);
    cmd.env("TERM", "xterm")
        .env("ARRLANG_HISTORY", temp_dir("probe").join("history"))
        .env("ARRLANG_PROBE_CRASH", "1")
        .args(["--threads", "2"]);
    let mut p = Session::spawn(cmd).expect("spawn arrlang");
    p.set_expect_timeout(Some(Duration::from_secs(60)));
    prompt(&mut p);
    line(&mut p, &format!("load({data:?}, \"grid\").sum()"));
    p.expect("HDF5's C library crashed reading this file (signal 6)")
        .unwrap();
    prompt(&mut p);
    line(&mut p, "40 + 2");
    p.expect(Regex("\n42\r?\n")).unwrap();
    prompt(&mut p);
    p.send(ControlCode::EndOfTransmission).unwrap();
    assert!(exit_code(&p).contains(", 0)"), "{}", exit_code(&p));

    // A probe that does not crash: the file opens in the session.
    let mut p = repl("probe-ok");
    line(&mut p, &format!("vars({data:?})"));
    p.expect("grid").unwrap();
    prompt(&mut p);
    p.send(ControlCode::EndOfTransmission).unwrap();
    assert!(exit_code(&p).contains(", 0)"), "{}", exit_code(&p));
}
