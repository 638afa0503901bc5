//! Shared test helpers: golden `.arr` cells and tolerant output comparison.

use std::path::{Path, PathBuf};

/// One cell of a golden script: code, then the `#>` output and `#!` error lines after it.
#[derive(Debug, Clone)]
pub struct Cell {
    pub code: String,
    pub output: Vec<String>,
    pub errors: Vec<String>,
    /// 1-based line of the cell's first code line.
    pub line: usize,
}

pub fn golden_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "arr"))
        .collect();
    v.sort();
    v
}

/// Splits a script into cells: a cell ends where its expectation lines end.
pub fn cells(src: &str) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut cur = Cell {
        code: String::new(),
        output: vec![],
        errors: vec![],
        line: 1,
    };
    let mut in_expect = false;
    for (i, line) in src.lines().enumerate() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("#>") {
            cur.output
                .push(rest.strip_prefix(' ').unwrap_or(rest).to_string());
            in_expect = true;
        } else if let Some(rest) = t.strip_prefix("#!") {
            cur.errors.push(rest.trim().to_string());
            in_expect = true;
        } else {
            if in_expect {
                out.push(std::mem::replace(
                    &mut cur,
                    Cell {
                        code: String::new(),
                        output: vec![],
                        errors: vec![],
                        line: i + 1,
                    },
                ));
                in_expect = false;
            }
            if cur.code.is_empty() {
                cur.line = i + 1;
            }
            cur.code.push_str(line);
            cur.code.push('\n');
        }
    }
    if !cur.code.trim().is_empty() || !cur.output.is_empty() || !cur.errors.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits text into number and non-number tokens.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for c in s.chars() {
        if c.is_ascii_digit()
            || c == '.'
            || c == 'e'
            || c == '-'
            || c == '+'
            || c.is_ascii_alphabetic()
        {
            cur.push(c);
        } else {
            flush(&mut cur, &mut out);
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Compares two outputs token by token, numbers within a relative tolerance (whitespace,
/// which numpy's alignment changes with the digits shown, is ignored).
pub fn close_text(a: &str, b: &str, rtol: f64) -> Result<(), String> {
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.len() != tb.len() {
        return Err(format!("different token counts:\n{a}\n---\n{b}"));
    }
    for (x, y) in ta.iter().zip(&tb) {
        if x == y {
            continue;
        }
        match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(p), Ok(q)) => {
                let scale = p.abs().max(q.abs()).max(1e-300);
                if (p - q).abs() / scale > rtol && (p - q).abs() > 1e-12 {
                    return Err(format!("`{x}` != `{y}`:\n{a}\n---\n{b}"));
                }
            }
            _ => return Err(format!("`{x}` != `{y}`:\n{a}\n---\n{b}")),
        }
    }
    Ok(())
}

/// Whether python3 with numpy is available (CI installs it; elsewhere tests may skip).
pub fn numpy_available() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// A fresh directory under the system temp dir (`arrlang-<pid>-<name>`), removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("arrlang-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self, f: &str) -> String {
        self.0.join(f).display().to_string()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `src` in a fresh session on `threads` workers: its printed output, or the failure.
pub fn run_session(src: &str, threads: usize) -> Result<String, String> {
    let mut s = arrlang::session::Session::new(arrlang::session::Options {
        threads,
        ..arrlang::session::Options::default()
    });
    s.run(src).map_err(|e| format!("{e:?}"))
}

/// Runs a python3 script that must succeed; its standard output.
pub fn python(script: &str) -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// False (with a message) where python3 with numpy is missing, so a NumPy-comparison test
/// can return early; on CI, where it must be present, a failure instead.
pub fn numpy_or_skip() -> bool {
    !skip_without_python("import numpy", "numpy")
}

/// True (with a message) where python3 cannot run `check` (its imports and version asserts),
/// so an interop test can return early; on CI, where `run-tests.sh` installs `what`, a
/// failure instead.
pub fn skip_without_python(check: &str, what: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", check])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have python3 with {what} (see run-tests.sh)"
        );
        eprintln!("skipped: python3 with {what} is not available");
    }
    !ok
}

/// [`run_or_panic`] on `threads` workers, or in order on one thread when `sequential`: the
/// configurations the parity suites compare with NumPy.
pub fn run_on(script: &str, threads: usize, sequential: bool, name: &str) {
    let opts = arrlang::session::Options {
        threads,
        sequential,
        ..arrlang::session::Options::default()
    };
    run_or_panic(script, opts, name);
}

/// Runs `script` in a fresh session with `opts`; a failure panics with the rendered report
/// (`name` is the file name it shows).
pub fn run_or_panic(script: &str, opts: arrlang::session::Options, name: &str) {
    let mut s = arrlang::session::Session::new(opts);
    if let Err(f) = s.run(script) {
        panic!("arrlang failed:\n{}", f.render(name, script, false));
    }
}

/// Runs a check script (written to `dir/check.py`: it may be longer than one argument may
/// be) that prints the number of mismatches, and asserts it succeeded and printed `0`
/// (`what` names the reference in the message: `numpy`, `dask`).
pub fn assert_check_passes(dir: impl AsRef<Path>, check: &str, what: &str) {
    let check_py = dir.as_ref().join("check.py");
    std::fs::write(&check_py, check).expect("write check.py");
    let out = std::process::Command::new("python3")
        .arg(&check_py)
        .output()
        .expect("python3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{what} check failed: {stderr}");
    assert_eq!(stdout.trim(), "0", "{stderr}");
}

/// Polls the peak RSS of process `pid` (`/proc/PID/status`'s VmHWM, bytes) until it exits,
/// on a thread whose result is that peak. `wait4`'s `ru_maxrss` is no good here: Linux carries
/// the spawning process's high-water mark over exec, so it reports this test binary's peak.
pub fn poll_vmhwm(pid: i32) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut peak = 0usize;
        while let Ok(st) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            let Some(kb) = st
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
            else {
                break; // a zombie: its memory is gone
            };
            peak = peak.max(kb * 1024);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        peak
    })
}

/// A small deterministic generator: random tests must be reproducible.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() as usize) % xs.len()]
    }
}

/// Fails with the count and the first ten of `failures`, if there are any.
pub fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} differences:\n\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
