//! HDF5 crash isolation for the REPL: an HDF5/netCDF-4 file -> opened first by a child
//! `arrlang --probe-file PATH` (every variable's metadata and chunk index, what the C library
//! parses) before this process opens it. HDF5's C library can crash on a corrupt file; the
//! child then dies instead of the session, which reports the file as unreadable. The answer
//! is kept per path, modification time and length, so each file is probed once.
//!
//! Enabled by the REPL only (a script that crashes is simply rerun; a REPL session holds
//! the user's work). Data chunks are decoded by arrlang itself (`rawchunk`) or read through
//! HDF5 after this check.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

static ENABLED: AtomicBool = AtomicBool::new(false);

type Key = (PathBuf, Option<SystemTime>, u64);

static CACHE: Mutex<Option<HashMap<Key, Result<(), String>>>> = Mutex::new(None);

/// A probe running longer than this is stopped and the file reported as unreadable
/// (`ARRLANG_PROBE_TIMEOUT` seconds, else 60).
fn probe_timeout() -> Duration {
    std::env::var("ARRLANG_PROBE_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(60))
}

/// Probes every HDF5 file before this process opens it (the REPL calls this once).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Ok if this process may open `path` with HDF5: probing is off, the file cannot be
/// stat'ed (the open reports why), or a probe read it without crashing.
pub fn check(path: &Path) -> Result<(), String> {
    if !ENABLED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let key = (full, meta.modified().ok(), meta.len());
    if let Some(r) = CACHE
        .lock()
        .ok()
        .and_then(|c| c.as_ref().and_then(|m| m.get(&key).cloned()))
    {
        return r;
    }
    let r = probe(path);
    if let Ok(mut c) = CACHE.lock() {
        c.get_or_insert_with(HashMap::new).insert(key, r.clone());
    }
    r
}

/// Runs `arrlang --probe-file path` and reads its fate.
fn probe(path: &Path) -> Result<(), String> {
    let Ok(exe) = std::env::current_exe() else {
        return Ok(());
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("--probe-file")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: between fork and exec only async-signal-safe calls (prctl, getppid, _exit).
        // The probe dies with the thread that started it (the REPL killed, or a script
        // stopped by its caller): no HDF5 loop left running on its own.
        let parent = std::process::id() as libc::pid_t;
        unsafe {
            cmd.pre_exec(move || {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
                if libc::getppid() != parent {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }
    let child = cmd.spawn();
    let Ok(mut child) = child else {
        // No child process (resource limits): open in this process, as without probing.
        return Ok(());
    };
    let t0 = Instant::now();
    let timeout = probe_timeout();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if t0.elapsed() < timeout => std::thread::sleep(Duration::from_millis(2)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    use std::os::unix::process::ExitStatusExt;
    match status {
        // A clean error (exit 1) is an error this process's open reports as well.
        Some(s) if s.code().is_some() => Ok(()),
        Some(s) => Err(format!(
            "`{}`: HDF5's C library crashed reading this file (signal {}): it is corrupt, and \
             was not opened in this session",
            path.display(),
            s.signal().unwrap_or(0)
        )),
        None => Err(format!(
            "`{}`: HDF5's C library did not finish reading this file's metadata in {} s: it \
             was not opened in this session",
            path.display(),
            timeout.as_secs_f64()
        )),
    }
}

/// The child's side (`arrlang --probe-file PATH`): opens every variable as `vars` and
/// `load` do, and lists its chunks; exit 0 if all is readable, 1 on an error. A crash
/// in the C library ends this process, which is what the parent watches for.
pub fn run_probe(path: &Path) -> i32 {
    // For tests of the isolation: a probe that crashes as a corrupt file could make it.
    if std::env::var_os("ARRLANG_PROBE_CRASH").is_some() {
        std::process::abort();
    }
    let vars = match super::hdf5::list(path) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let mut code = 0;
    for v in vars {
        match super::hdf5::H5Source::open(path, &v.name) {
            Ok(s) => s.touch_chunk_index(),
            Err(_) => code = 1,
        }
    }
    let _ = super::hdf5::global_attrs(path);
    code
}
