//! Issue 15: a `save` interrupted mid-write (SIGINT, two SIGINTs, SIGTERM, SIGHUP, SIGKILL) to
//! `.npy`, `.nc` and compressed `.nc` leaves the old file as it was, no new file unless
//! complete, and no temporary file once the next run has saved into the same directory.
//!
//! "Mid-write" is detected by polling for the temporary file (`.NAME.arrlang-PID-N.tmp`),
//! not by sleeping; every wait has a generous deadline (the machine is small and shared).

use super::common::TempDir;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");
const DEADLINE: Duration = Duration::from_secs(300);

/// A 240 MB array: several seconds of generating and writing, even on a fast machine.
const BIG: &str = "random((6000, 5000), chunks=(500, 5000), seed=3)";

#[derive(Debug, Clone, Copy)]
enum How {
    Int,
    IntTwice,
    Term,
    Hup,
    Kill,
}

fn save_stmt(file: &str, what: &str) -> String {
    match file {
        "out.npy" => format!("save(\"out.npy\", {what})"),
        "plain.nc" => format!("save(\"plain.nc\", \"v\", {what})"),
        _ => format!("save(\"{file}\", \"v\", {what}, compress=True)"),
    }
}

fn arrlang(dir: &Path, src: &str) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .args(["--threads", "2", "--no-progress", "-e", src]);
    c
}

/// Temporary files of ours in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".arrlang-") && n.ends_with(".tmp"))
        .collect()
}

fn wait_with_deadline(child: &mut Child) -> std::process::ExitStatus {
    let t0 = Instant::now();
    loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            return s;
        }
        if t0.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("arrlang did not exit within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

fn interrupt_one(file: &str, how: How) {
    let dir = TempDir::new(&format!("interrupt-{}-{how:?}", file.replace('.', "-")));
    let d = dir.0.clone();
    // The old file.
    let st = arrlang(&d, &save_stmt(file, "arange(10.0)"))
        .status()
        .expect("run");
    assert!(st.success());
    let old = std::fs::read(d.join(file)).expect("old file");

    let mut child = arrlang(&d, &save_stmt(file, BIG))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let t0 = Instant::now();
    // Mid-write: the temporary file exists (and has grown past its header).
    let mid = loop {
        let t = temps(&d);
        let grown = t
            .iter()
            .any(|n| std::fs::metadata(d.join(n)).is_ok_and(|m| m.len() > 1 << 20));
        if grown {
            break true;
        }
        if child.try_wait().expect("try_wait").is_some() {
            break false;
        }
        assert!(t0.elapsed() < DEADLINE, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(5));
    };
    let pid = child.id();
    match how {
        How::Int => signal(pid, "-INT"),
        How::IntTwice => {
            signal(pid, "-INT");
            signal(pid, "-INT");
        }
        How::Term => signal(pid, "-TERM"),
        How::Hup => signal(pid, "-HUP"),
        How::Kill => signal(pid, "-KILL"),
    }
    let status = wait_with_deadline(&mut child);
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    eprintln!("{file} {how:?}: mid-write {mid}, {status:?}");
    let now = std::fs::read(d.join(file)).expect("the file is still there");
    if status.success() {
        // The save finished before the signal came: the new file is complete.
        assert!(
            !mid || now.len() > 200_000_000,
            "{file} {how:?}: {}",
            now.len()
        );
    } else {
        use std::os::unix::process::ExitStatusExt;
        let want = match how {
            How::Int | How::IntTwice => Some(130),
            How::Term => Some(143),
            How::Hup => Some(129),
            How::Kill => None,
        };
        assert_eq!(status.code(), want, "{file} {how:?}: {status:?} {err}");
        if matches!(how, How::Kill) {
            assert_eq!(status.signal(), Some(9));
        }
        assert!(now == old, "{file} {how:?}: the old file changed");
    }
    if !matches!(how, How::Kill) {
        assert_eq!(
            temps(&d),
            Vec::<String>::new(),
            "{file} {how:?}: left behind"
        );
    }
    // The next run saving into that directory removes what a killed one left.
    let st = arrlang(&d, "save(\"next.npy\", arange(3))")
        .status()
        .expect("run");
    assert!(st.success());
    assert_eq!(
        temps(&d),
        Vec::<String>::new(),
        "{file} {how:?}: after the next run"
    );
    assert_eq!(std::fs::read(d.join(file)).expect("file"), now);
}

#[test]
fn interrupted_saves_keep_the_old_file_and_leave_no_temporary_file() {
    for file in ["out.npy", "plain.nc", "packed.nc"] {
        for how in [How::Int, How::IntTwice, How::Term, How::Kill] {
            interrupt_one(file, how);
        }
    }
}

/// SIGHUP (a closed terminal) behaves as SIGTERM: cancel, clean up, exit 129.
#[test]
fn sighup_during_a_save_cleans_up_and_exits_129() {
    interrupt_one("plain.nc", How::Hup);
}
