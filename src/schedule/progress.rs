//! Run-wide counters a front end may watch from another thread (progress bars), and the
//! flag that stops a run (Ctrl-C).

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Set (e.g. by a Ctrl-C handler) to stop a running computation between tasks.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

/// The counters of the run in progress; reset at the start of each run.
pub static PROGRESS: Progress = Progress {
    done: AtomicUsize::new(0),
    total: AtomicUsize::new(0),
    bytes_read: AtomicU64::new(0),
};

pub struct Progress {
    /// Tasks finished so far.
    pub done: AtomicUsize,
    /// Tasks in the run.
    pub total: AtomicUsize,
    /// Bytes read from files so far (readers add to it).
    pub bytes_read: AtomicU64,
}

impl Progress {
    pub fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.bytes_read.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }
    pub fn task_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
    pub fn add_read(&self, bytes: u64) {
        self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
    }
}
