//! Temporary files: a file about to be written -> the temporary name it is written under,
//! remembered so that any exit (an error, Ctrl-C, SIGTERM, SIGHUP, a second Ctrl-C) removes
//! it, and recognisable (`.NAME.arrlang-PID-N.tmp`) so that a later run removes the ones a
//! killed process (SIGKILL) left behind.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Every temporary path this process has handed out (removing one that was already renamed
/// into place or removed is harmless).
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The temporary name to write `path` under, beside it (so the final rename is atomic).
/// Removes stale temporary files of dead processes in that directory first.
pub fn temp_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    remove_stale(dir.unwrap_or(Path::new(".")));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.arrlang-{}-{n}.tmp", std::process::id()));
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tmp.clone());
    Some(tmp)
}

/// Removes every temporary file of this process (before exiting on a signal).
pub fn remove_all() {
    let live = match LIVE.try_lock() {
        Ok(l) => l.clone(),
        // Held by a thread that will never finish (we are exiting): take it anyway.
        Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner().clone(),
        Err(std::sync::TryLockError::WouldBlock) => {
            std::thread::sleep(std::time::Duration::from_millis(20));
            LIVE.try_lock().map(|l| l.clone()).unwrap_or_default()
        }
    };
    for p in live {
        if std::fs::remove_file(&p).is_err() {
            let _ = std::fs::remove_dir_all(&p);
        }
    }
}

/// The process id in a temporary name of ours, if it is one.
pub fn owner_pid(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".arrlang-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<usize>().ok()?;
    pid.parse().ok()
}

/// Removes the temporary files in `dir` left by processes that no longer run.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = owner_pid(&name.to_string_lossy()) else {
            continue;
        };
        if pid != me && !alive(pid) {
            // A Zarr store is written as a temporary directory.
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(e.path());
            } else {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Whether process `pid` exists (a reused pid keeps its files: the safe side).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_pid_and_stale_ones_are_removed() {
        let dir = std::env::temp_dir().join(format!("arrlang-tempfiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let t = temp_path(&dir.join("a.npy")).unwrap();
        let name = t.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(owner_pid(&name), Some(std::process::id()));
        assert_eq!(owner_pid(".a.npy.tmp-3-1"), None);
        assert_eq!(owner_pid("a.npy"), None);
        // pid 0x7ffffffe is above Linux's pid_max: never a live process.
        let stale = dir.join(".b.nc.arrlang-2147483646-0.tmp");
        let mine = dir.join(format!(".c.nc.arrlang-{}-99.tmp", std::process::id()));
        let other = dir.join(".d.nc.tmp-1-0");
        for p in [&stale, &mine, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        remove_stale(&dir);
        assert!(!stale.exists());
        assert!(mine.exists() && other.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
