//! The CLI's connection to the Python driver (`python3 -m arrlang.cluster`): a child process
//! per computation (the default), or a kept driver reached over a unix socket when
//! `ARRLANG_KEEP_DRIVER=SECONDS` is set — started by the first computation that needs it,
//! it keeps its `distributed.Client` connected and serves later runs (CLI runs, REPL
//! entries) until it has been idle for SECONDS, the scheduler is gone, or it is stopped
//! ([`stop_kept`]). The kept driver pays `import distributed` and the connection once: a
//! short script's fixed cost on the cluster becomes a socket connection and the scheduler's
//! own per-task costs. Frames are the same either way (see `client`).

use super::client::{fail, Cluster};
use crate::schedule::{ExecError, CANCEL};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running driver this computation talks to.
pub enum Driver {
    /// Started for this computation; ends with it.
    Child(Child),
    /// A kept driver's connection; closing it before `done` cancels the run's keys.
    Kept(UnixStream),
}

/// Seconds a kept driver waits for the next run (`ARRLANG_KEEP_DRIVER`), when set.
pub fn keep_from_env() -> Option<u64> {
    let v = std::env::var("ARRLANG_KEEP_DRIVER").ok()?;
    v.trim().parse::<u64>().ok().filter(|&s| s > 0)
}

/// The socket of the kept driver for this scheduler and Python (one per user).
pub fn socket_path(c: &Cluster) -> PathBuf {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    c.scheduler.hash(&mut h);
    c.python.hash(&mut h);
    // SAFETY: getuid(2) cannot fail.
    let uid = unsafe { libc::getuid() };
    std::env::temp_dir().join(format!(
        "arrlang-driver-{uid}-{:012x}.sock",
        h.finish() >> 16
    ))
}

impl Driver {
    pub fn start(c: &Cluster) -> Result<Driver, ExecError> {
        match c.keep {
            Some(idle) => kept(c, idle).map(Driver::Kept),
            None => Command::new(&c.python)
                .args(["-m", "arrlang.cluster", "--scheduler", &c.scheduler])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .map(Driver::Child)
                .map_err(|e| {
                    fail(format!(
                        "cannot start the cluster driver `{} -m arrlang.cluster`: {e}",
                        c.python
                    ))
                }),
        }
    }

    /// Where the driver's frames come from.
    pub fn frames(&mut self) -> Result<Box<dyn Read + Send>, ExecError> {
        match self {
            Driver::Child(ch) => Ok(Box::new(ch.stdout.take().expect("piped"))),
            Driver::Kept(s) => s
                .try_clone()
                .map(|s| Box::new(s) as Box<dyn Read + Send>)
                .map_err(|e| fail(format!("cannot talk to the cluster driver: {e}"))),
        }
    }

    /// Sends the request line (the connection stays open: closing it gives up).
    pub fn send(&mut self, line: &str) -> Result<(), ExecError> {
        let r = match self {
            Driver::Child(ch) => {
                let stdin = ch.stdin.as_mut().expect("piped");
                writeln!(stdin, "{line}").and_then(|_| stdin.flush())
            }
            Driver::Kept(s) => writeln!(s, "{line}").and_then(|_| s.flush()),
        };
        r.map_err(|e| fail(format!("cannot talk to the cluster driver: {e}")))
    }

    /// Ends the conversation; after a failure (an error, Ctrl-C) the driver cancels what it
    /// submitted first.
    pub fn finish(self, failed: bool) {
        match self {
            Driver::Kept(s) => {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
            Driver::Child(mut child) => {
                if failed {
                    // SAFETY: kill(2) with the pid of our own child process (it catches
                    // SIGINT and cancels its keys).
                    unsafe {
                        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
                    }
                }
                drop(child.stdin.take());
                let deadline = Instant::now() + Duration::from_secs(10);
                loop {
                    match child.try_wait() {
                        Ok(Some(_)) => break,
                        Ok(None) if Instant::now() < deadline => {
                            std::thread::sleep(Duration::from_millis(20))
                        }
                        _ => {
                            let _ = child.kill();
                            let _ = child.wait();
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// Connects to the kept driver, starting it first when none answers.
fn kept(c: &Cluster, idle: u64) -> Result<UnixStream, ExecError> {
    let path = socket_path(c);
    if let Ok(s) = UnixStream::connect(&path) {
        return Ok(s);
    }
    let log = path.with_extension("log");
    let err = std::fs::File::create(&log)
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    let mut child = Command::new(&c.python)
        .args([
            "-m",
            "arrlang.cluster",
            "--scheduler",
            &c.scheduler,
            "--serve",
        ])
        .arg(&path)
        .args(["--idle", &idle.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(err)
        // Its own process group: Ctrl-C in the terminal stops this run, not the driver.
        .process_group(0)
        .spawn()
        .map_err(|e| {
            fail(format!(
                "cannot start the cluster driver `{} -m arrlang.cluster`: {e}",
                c.python
            ))
        })?;
    // Its first line says whether it is serving; then it closes its stdout.
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = loop {
        if CANCEL.load(Ordering::Relaxed) {
            // SAFETY: kill(2) on our own child, still starting.
            unsafe {
                libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
            }
            return Err(fail("interrupted"));
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(l) => break l,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break String::new(),
        }
    };
    // Reaped when it exits (a REPL outlives it).
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap_or_default();
    if let Some(m) = v["error"]["message"].as_str() {
        return Err(fail(m.to_string()));
    }
    if v["ready"] != true {
        return Err(fail(format!(
            "the cluster driver did not start (its messages: {})",
            log.display()
        )));
    }
    UnixStream::connect(&path).map_err(|e| {
        fail(format!(
            "cannot reach the cluster driver at {}: {e}",
            path.display()
        ))
    })
}

/// Asks the kept driver of `c` to exit (it removes its socket); false when none answered.
pub fn stop_kept(c: &Cluster) -> bool {
    stop_at(&socket_path(c))
}

/// Asks the kept driver serving `path` to exit; false when none answered.
pub fn stop_at(path: &std::path::Path) -> bool {
    let Ok(s) = UnixStream::connect(path) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut r = BufReader::new(&s);
    let mut hello = String::new();
    if r.read_line(&mut hello).is_err() {
        return false;
    }
    let mut w = &s;
    writeln!(w, "{{\"stop\": true}}").is_ok()
}
