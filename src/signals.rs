//! Signals: SIGINT, SIGTERM and SIGHUP -> cancel the computation; the run then removes its
//! temporary files and exits with 128 + the signal (130, 143, 129). A second signal removes
//! the temporary files at once and exits; so does the first when the main thread is inside
//! HDF5's C library (its lock held for 2 s), which never returns to look for the cancel.
//!
//! The handler only writes the signal number to a pipe (async-signal-safe); a thread reads
//! it and does the rest.

use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

static PIPE_WRITE: AtomicI32 = AtomicI32::new(-1);
/// The first signal received, 0 if none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    let fd = PIPE_WRITE.load(Ordering::Relaxed);
    if fd >= 0 {
        let b = sig as u8;
        // SAFETY: write(2) on a pipe is async-signal-safe; the buffer is one valid byte.
        unsafe {
            libc::write(fd, (&b as *const u8).cast(), 1);
        }
    }
}

/// How often the watcher looks whether the main thread is stuck in a C call.
const POLL_MS: libc::c_int = 100;
/// A signal arrived and HDF5's lock stayed held this long: the process ends.
const IN_C_GRACE: Duration = Duration::from_secs(2);

/// Whether `fd` has a byte to read within `ms` milliseconds (-1: wait for it).
fn readable(fd: libc::c_int, ms: libc::c_int) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll(2) on one valid pollfd.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    // An error (EINTR: a signal whose byte the next poll sees) is not a byte.
    n > 0
}

/// Removes the temporary files and ends the process with 128 + the first signal, without
/// running exit handlers (a thread may hold a lock they would wait for).
fn exit_now() -> ! {
    crate::io::tempfiles::remove_all();
    let code = 128 + RECEIVED.load(Ordering::SeqCst);
    // SAFETY: _exit(2) ends the process; nothing after it runs.
    unsafe { libc::_exit(code) }
}

/// Installs the handlers for `signals` (e.g. `[libc::SIGINT, libc::SIGTERM, libc::SIGHUP]`).
pub fn install(signals: &[libc::c_int]) -> bool {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe(2) fills the two descriptors of a valid array.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return false;
    }
    let read_fd = fds[0];
    PIPE_WRITE.store(fds[1], Ordering::Relaxed);
    let watcher = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            // Since the first signal: how long HDF5's lock has been held at every look.
            let mut stuck_since: Option<Instant> = None;
            loop {
                let waiting = RECEIVED.load(Ordering::SeqCst) != 0;
                if !readable(read_fd, if waiting { POLL_MS } else { -1 }) {
                    if !waiting {
                        continue;
                    }
                    // A computation checks `CANCEL` between tasks; a C call (HDF5 looping
                    // on a corrupt file) never returns to look: end the process.
                    if hdf5_metno_sys::LOCK.try_lock().is_some() {
                        stuck_since = None;
                    } else if stuck_since.get_or_insert_with(Instant::now).elapsed() > IN_C_GRACE {
                        exit_now();
                    }
                    continue;
                }
                let mut b = 0u8;
                // SAFETY: reads one byte into a valid buffer.
                let n = unsafe { libc::read(read_fd, (&mut b as *mut u8).cast(), 1) };
                if n != 1 {
                    if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                        continue;
                    }
                    return;
                }
                let sig = i32::from(b);
                let first = RECEIVED
                    .compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok();
                if first {
                    crate::schedule::CANCEL.store(true, Ordering::SeqCst);
                    continue;
                }
                exit_now();
            }
        });
    if watcher.is_err() {
        return false;
    }
    for &s in signals {
        // SAFETY: the handler only calls write(2); glibc's signal() restarts syscalls.
        unsafe {
            libc::signal(s, on_signal as *const () as libc::sighandler_t);
        }
    }
    true
}

/// The exit code for the signal received, if any (128 + its number).
pub fn exit_code() -> Option<u8> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some((128 + s) as u8),
    }
}

/// Set by [`on_sigint_cancel`]'s handler.
static SIGINT_SEEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn cancel_on_sigint(_: libc::c_int) {
    // Async-signal-safe: two atomic stores.
    SIGINT_SEEN.store(true, Ordering::SeqCst);
    crate::schedule::CANCEL.store(true, Ordering::SeqCst);
}

/// Runs `f` with SIGINT stopping its computation (the scheduler sees `CANCEL` between tasks),
/// then puts the previous SIGINT handler back; true when a SIGINT came. For embedders whose
/// own handler cannot run while arrlang computes: Python raises `KeyboardInterrupt` only when
/// it runs bytecode again, which a computation without the GIL never lets it do.
pub fn on_sigint_cancel<R>(f: impl FnOnce() -> R) -> (R, bool) {
    SIGINT_SEEN.store(false, Ordering::SeqCst);
    crate::schedule::CANCEL.store(false, Ordering::SeqCst);
    // SAFETY: sigaction(2) with zeroed, then filled, structs; the handler only stores atomics.
    let old = unsafe {
        let mut new: libc::sigaction = std::mem::zeroed();
        new.sa_sigaction = cancel_on_sigint as *const () as libc::sighandler_t;
        new.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut new.sa_mask);
        let mut old: libc::sigaction = std::mem::zeroed();
        (libc::sigaction(libc::SIGINT, &new, &mut old) == 0).then_some(old)
    };
    let r = f();
    if let Some(old) = old {
        // SAFETY: restores the handler saved above.
        unsafe {
            libc::sigaction(libc::SIGINT, &old, std::ptr::null_mut());
        }
    }
    let seen = SIGINT_SEEN.swap(false, Ordering::SeqCst);
    if seen {
        crate::schedule::CANCEL.store(false, Ordering::SeqCst);
    }
    (r, seen)
}
