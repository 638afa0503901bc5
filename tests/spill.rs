//! A memory limit that is kept: an array four times larger than `--memory-limit`, computed
//! one time step per chunk (a file read and doubled: not a plain read, which would be re-read
//! per output block instead of held), is rechunked to space chunks (a time series per block) through a
//! spill directory. The values are checked against NumPy's reading of the input, the
//! process's own peak RSS (the child's VmHWM, polled) against the limit, and the
//! spill directory against leftovers after success, a failure and Ctrl-C. Needs python3 with
//! numpy and zarr 3 (skipped where absent, required on CI).

use crate::common::{python, TempDir};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");

/// The limit, and the input: int32 (T, 1000, 1000) with T * 4 MB = 4 * LIMIT.
const LIMIT_MB: usize = 100;
const T: usize = 4 * LIMIT_MB / 4;

/// Whether python3 with numpy and zarr>=3 is missing (then the test is skipped; never in CI).
pub fn skip() -> bool {
    crate::common::skip_without_python(
        "import numpy, zarr; assert int(zarr.__version__.split('.')[0]) >= 3",
        "numpy and zarr>=3",
    )
}

/// Writes the input `in.npy`: element (t, i, j) is t * 1000000 + i * 1000 + j.
fn write_input(dir: &TempDir) -> String {
    let p = dir.path("in.npy");
    python(&format!(
        "import numpy as np\n\
         a = np.empty(({T}, 1000, 1000), np.int32)\n\
         base = (np.arange(1000, dtype=np.int32)[:, None] * 1000 + np.arange(1000, dtype=np.int32))\n\
         for t in range({T}): a[t] = base + t * 1000000\n\
         np.save({p:?}, a)"
    ));
    p
}

/// Runs arrlang on `script` under the limit with `spill` as the spill root: (exit code,
/// stderr, peak RSS in bytes). `interrupt` sends SIGINT once a spill directory exists.
fn run(script: &str, spill: &Path, interrupt: bool) -> (i32, String, usize) {
    // Reaped with `libc::waitpid`/`wait4` below, which clippy does not see.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(BIN)
        .args([
            "--memory-limit",
            &format!("{LIMIT_MB}MB"),
            "--threads",
            "2",
            "--stats",
        ])
        .args(["-e", script])
        .env("ARRLANG_SPILL_DIR", spill)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("arrlang starts");
    let pid = child.id() as libc::pid_t;
    if interrupt {
        let t0 = std::time::Instant::now();
        while spill_entries(spill) == 0 && t0.elapsed().as_secs() < 60 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(spill_entries(spill) > 0, "no spill directory appeared");
        // Mid-stage: let it write some of the temporary store first.
        std::thread::sleep(std::time::Duration::from_millis(300));
        // SAFETY: signalling our own child by its pid.
        unsafe { libc::kill(pid, libc::SIGINT) };
    }
    let hwm = crate::common::poll_vmhwm(pid);
    let mut stderr = child.stderr.expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let mut status = 0;
    // SAFETY: wait4 reaps our own child; a zeroed rusage is a valid out-parameter.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let peak = hwm.join().expect("VmHWM poll");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let err = reader.join().expect("stderr read");
    (code, err, peak)
}

fn spill_entries(root: &Path) -> usize {
    std::fs::read_dir(root).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn rechunk_four_times_the_limit_keeps_it_and_cleans_up() {
    if skip() {
        return;
    }
    let dir = TempDir::new("spill");
    let input = write_input(&dir);
    let spill = dir.0.join("spill");
    std::fs::create_dir_all(&spill).unwrap();
    let out = dir.path("out.zarr");
    let script = format!(
        "x = load({input:?}, chunks=(1, 1000, 1000)) * 2\n\
         save({out:?}, \"x\", rechunk(x, ({T}, 50, 50)))"
    );

    // Success: the values, the memory, no spill left.
    let (code, err, rss) = run(&script, &spill, false);
    assert_eq!(code, 0, "{err}");
    let limit = LIMIT_MB * 1_000_000;
    assert!(rss > 1_000_000, "no peak RSS measured ({rss} bytes)");
    assert!(rss < limit, "peak RSS {rss} over the limit {limit}\n{err}");
    assert!(err.contains("spilled: 1 rechunk through disk"), "{err}");
    assert_eq!(spill_entries(&spill), 0, "spill left behind");
    let checked = python(&format!(
        "import numpy as np, zarr\n\
         a = np.load({input:?}, mmap_mode='r')\n\
         z = zarr.open_group({out:?}, mode='r')['x']\n\
         assert z.chunks == ({T}, 50, 50), z.chunks\n\
         for i in range(0, 1000, 250):\n\
         \x20   assert np.array_equal(z[:, i:i + 250, :], 2 * a[:, i:i + 250, :]), i\n\
         print('ok', z.shape)"
    ));
    assert_eq!(checked.trim(), format!("ok ({T}, 1000, 1000)"));
    let _ = std::fs::remove_dir_all(&out);

    // A failure after the first stage (a singular matrix while writing): no spill left.
    let failing = format!(
        "x = load({input:?}, chunks=(1, 1000, 1000)) * 2\n\
         save({out:?}, \"x\", rechunk(x, ({T}, 50, 50)) + int(0) * solve(zeros((2, 2)), ones(2))[0])"
    );
    let (code, err, _) = run(&failing, &spill, false);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("singular"), "{err}");
    assert_eq!(
        spill_entries(&spill),
        0,
        "spill left behind after a failure"
    );
    assert!(!Path::new(&out).exists());

    // Ctrl-C while spilling: exit 130, no spill left.
    let (code, err, _) = run(&script, &spill, true);
    assert_eq!(code, 130, "{err}");
    assert_eq!(spill_entries(&spill), 0, "spill left behind after Ctrl-C");
    assert!(!Path::new(&out).exists());
}
