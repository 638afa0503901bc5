//! A progress bar on stderr for computations over half a second: watches the scheduler's
//! `PROGRESS` counters from a thread of its own.

use crate::schedule::PROGRESS;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Shows nothing before this much time has passed.
const DELAY: Duration = Duration::from_millis(500);

/// A running progress watcher; dropping it removes the bar.
pub struct Bar {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Bar {
    /// Starts watching (nothing happens when `enabled` is false).
    pub fn start(enabled: bool) -> Bar {
        PROGRESS.start(0);
        let stop = Arc::new(AtomicBool::new(false));
        let thread = enabled.then(|| {
            let stop = stop.clone();
            std::thread::spawn(move || watch(&stop))
        });
        Bar { stop, thread }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn watch(stop: &AtomicBool) {
    let t0 = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        let total = PROGRESS.total.load(Ordering::Relaxed);
        if t0.elapsed() < DELAY || total == 0 {
            continue;
        }
        let b = bar.get_or_insert_with(|| {
            let b = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            b.set_style(
                ProgressStyle::with_template(
                    "{elapsed:>4} [{bar:30}] {pos}/{len} tasks, {msg} read, ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            b
        });
        b.set_length(total as u64);
        b.set_position(PROGRESS.done.load(Ordering::Relaxed) as u64);
        b.set_message(crate::session::human_bytes(
            PROGRESS.bytes_read.load(Ordering::Relaxed) as usize,
        ));
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}
