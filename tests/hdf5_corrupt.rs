//! Issue 15, what the long netCDF-4 fuzz runs found: corrupt global heap references in
//! `DIMENSION_LIST` crashed (SIGSEGV in `H5HG_read`) or hung HDF5 1.10 inside
//! `H5DSget_num_scales`, and the hung process ignored SIGTERM. Each case is a valid fixture
//! with a few bytes changed here; arrlang (without the probe child) must answer with a coded
//! error, and a SIGTERM must end a process stuck inside HDF5.

use super::common::TempDir;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");
const DEADLINE: Duration = Duration::from_secs(120);

fn fixture() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nc4-day0.nc"))
        .expect("fixture")
}

fn find(b: &[u8], pat: &[u8]) -> Vec<usize> {
    b.windows(pat.len())
        .enumerate()
        .filter(|(_, w)| *w == pat)
        .map(|(i, _)| i)
        .collect()
}

/// The global heap collection's address, and where `DIMENSION_LIST`'s three references to
/// it (`[len u32][collection u64][index u32]`) start.
fn layout(b: &[u8]) -> (usize, Vec<usize>) {
    let gcol = find(b, b"GCOL");
    assert_eq!(gcol.len(), 1, "the fixture has one global heap collection");
    let refs: Vec<usize> = find(b, &(gcol[0] as u64).to_le_bytes())
        .into_iter()
        .map(|i| i - 4)
        .collect();
    assert_eq!(refs.len(), 3, "t2m's DIMENSION_LIST has three references");
    (gcol[0], refs)
}

/// Bob Jenkins' lookup3 `hashlittle`, HDF5's metadata checksum (`H5_checksum_lookup3`).
fn lookup3(data: &[u8]) -> u32 {
    let mut a = 0xdead_beef_u32.wrapping_add(data.len() as u32);
    let (mut b, mut c) = (a, a);
    let word = |k: &[u8], i: usize| u32::from_le_bytes([k[i], k[i + 1], k[i + 2], k[i + 3]]);
    let mut k = data;
    while k.len() > 12 {
        a = a.wrapping_add(word(k, 0));
        b = b.wrapping_add(word(k, 4));
        c = c.wrapping_add(word(k, 8));
        a = a.wrapping_sub(c) ^ c.rotate_left(4);
        c = c.wrapping_add(b);
        b = b.wrapping_sub(a) ^ a.rotate_left(6);
        a = a.wrapping_add(c);
        c = c.wrapping_sub(b) ^ b.rotate_left(8);
        b = b.wrapping_add(a);
        a = a.wrapping_sub(c) ^ c.rotate_left(16);
        c = c.wrapping_add(b);
        b = b.wrapping_sub(a) ^ a.rotate_left(19);
        a = a.wrapping_add(c);
        c = c.wrapping_sub(b) ^ b.rotate_left(4);
        b = b.wrapping_add(a);
        k = &k[12..];
    }
    if k.is_empty() {
        return c;
    }
    let mut last = [0u8; 12];
    last[..k.len()].copy_from_slice(k);
    a = a.wrapping_add(word(&last, 0));
    b = b.wrapping_add(word(&last, 4));
    c = c.wrapping_add(word(&last, 8));
    c = (c ^ b).wrapping_sub(b.rotate_left(14));
    a = (a ^ c).wrapping_sub(c.rotate_left(11));
    b = (b ^ a).wrapping_sub(a.rotate_left(25));
    c = (c ^ b).wrapping_sub(b.rotate_left(16));
    a = (a ^ c).wrapping_sub(c.rotate_left(4));
    b = (b ^ a).wrapping_sub(a.rotate_left(14));
    (c ^ b).wrapping_sub(b.rotate_left(24))
}

/// Recomputes the checksum of the version-2 object header (`OHDR`, one chunk) holding byte
/// `at`, so that a change inside it gets past HDF5's own check to the data it describes.
fn reseal_header(b: &mut [u8], at: usize) {
    let start = find(&b[..at], b"OHDR")
        .pop()
        .expect("an object header before the byte");
    let flags = b[start + 5];
    let mut p = start + 6 + if flags & 0x20 != 0 { 16 } else { 0 };
    p += if flags & 0x10 != 0 { 4 } else { 0 };
    let w = 1usize << (flags & 3);
    let mut size = [0u8; 8];
    size[..w].copy_from_slice(&b[p..p + w]);
    let end = p + w + u64::from_le_bytes(size) as usize;
    assert!(at < end, "the byte lies in the header's first chunk");
    let sum = lookup3(&b[start..end]);
    b[end..end + 4].copy_from_slice(&sum.to_le_bytes());
}

#[test]
fn the_header_checksum_is_recomputed_as_hdf5_computes_it() {
    let mut b = fixture();
    let (_, refs) = layout(&b);
    let before = b.clone();
    reseal_header(&mut b, refs[0]);
    assert_eq!(b, before, "an unchanged header keeps its checksum");
}

/// Waits for `c` to exit; past [`DEADLINE`] kills it and fails, naming `what` (a hang).
fn wait_within_deadline(c: &mut std::process::Child, what: &str) -> std::process::ExitStatus {
    let t0 = Instant::now();
    loop {
        if let Some(s) = c.try_wait().expect("wait") {
            return s;
        }
        if t0.elapsed() > DEADLINE {
            let _ = c.kill();
            panic!("{what} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `arrlang -e src` in `dir` (no probe child): exit code (None: a signal) and stderr.
fn run(dir: &Path, src: &str) -> (Option<i32>, String) {
    let mut c = Command::new(BIN)
        .current_dir(dir)
        .env_remove("ARRLANG_PROBE_HDF5")
        .args(["--threads", "2", "--no-progress", "-e", src])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let status = wait_within_deadline(&mut c, &format!("`{src}`"));
    let mut err = String::new();
    use std::io::Read;
    c.stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    (status.code(), err)
}

fn assert_corrupt(name: &str, b: &[u8], says: &str) {
    let dir = TempDir::new(&format!("h5corrupt-{name}"));
    std::fs::write(dir.path("f.nc"), b).expect("write");
    for src in ["vars(\"f.nc\")", "load(\"f.nc\", \"t2m\").sum()"] {
        let (code, err) = run(&dir.0, src);
        assert_eq!(code, Some(1), "{name}: `{src}`: {err}");
        assert!(err.contains("corrupt HDF5 file"), "{name}: `{src}`: {err}");
        assert!(err.contains(says), "{name}: `{src}`: {err}");
    }
}

#[test]
fn the_fixture_itself_passes_the_heap_check() {
    let dir = TempDir::new("h5corrupt-valid");
    std::fs::write(dir.path("f.nc"), fixture()).expect("write");
    let (code, err) = run(&dir.0, "vars(\"f.nc\")\nload(\"f.nc\", \"t2m\").shape");
    assert_eq!(code, Some(0), "{err}");
}

/// The fixture with `bytes` written at `at` bytes into its global heap collection (no
/// checksum covers it), then [`assert_corrupt`].
fn assert_bad_heap(name: &str, at: usize, bytes: &[u8], says: &str) {
    let mut b = fixture();
    let (gcol, _) = layout(&b);
    b[gcol + at..gcol + at + bytes.len()].copy_from_slice(bytes);
    assert_corrupt(name, &b, says);
}

/// The fixture with `bytes` written at `at` bytes into `t2m`'s `k`-th `DIMENSION_LIST`
/// reference, its header's checksum recomputed, then [`assert_corrupt`].
fn assert_bad_reference(name: &str, k: usize, at: usize, bytes: &[u8], says: &str) {
    let mut b = fixture();
    let (_, refs) = layout(&b);
    b[refs[k] + at..refs[k] + at + bytes.len()].copy_from_slice(bytes);
    reseal_header(&mut b, refs[k]);
    assert_corrupt(name, &b, says);
}

#[test]
fn a_heap_object_larger_than_its_sequence_is_an_error_not_a_segfault() {
    // Was: SIGSEGV in H5HG_read (a 256 MB memcpy into an 8-byte buffer). The first object's
    // size field is 24 bytes into the collection.
    assert_bad_heap("objsize", 24, &0x1000_0000u64.to_le_bytes(), "global heap");
}

#[test]
fn a_heap_object_overrunning_a_small_buffer_is_an_error_not_a_hang() {
    // Was: a 4000-byte memcpy into an 8-byte buffer, then HDF5 looping in H5C_protect.
    assert_bad_heap(
        "overrun",
        24,
        &4000u64.to_le_bytes(),
        "global heap object of 4000 bytes",
    );
}

#[test]
fn a_dimension_reference_to_no_object_is_an_error() {
    // The first heap object's content: the address of the `time` scale's header.
    assert_bad_heap(
        "target",
        32,
        &8u64.to_le_bytes(),
        "refers to an object at 8",
    );
}

// A reference is `[sequence length u32][collection address u64][object index u32]`.

#[test]
fn a_reference_to_a_missing_heap_object_is_an_error() {
    let idx = 200u32.to_le_bytes();
    assert_bad_reference("index", 1, 12, &idx, "object 200 of the global heap");
}

#[test]
fn a_reference_to_something_that_is_not_a_heap_is_an_error() {
    let coll = 64u64.to_le_bytes();
    assert_bad_reference("collection", 2, 4, &coll, "which is not one");
}

#[test]
fn a_sequence_length_that_disagrees_with_its_heap_object_is_an_error() {
    let len = 1000u32.to_le_bytes();
    assert_bad_reference("seqlen", 0, 0, &len, "1000 values of 8 bytes");
}

/// A netCDF-4 file (netCDF4-python) with a variable-length `string` variable `region`
/// labelling `t2m`'s dimension; None without python3 and netCDF4.
fn string_fixture(dir: &TempDir) -> Option<Vec<u8>> {
    let ok = Command::new("python3")
        .args(["-c", "import netCDF4"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI must have netCDF4");
        eprintln!("skipped: python3 with netCDF4 is not available");
        return None;
    }
    let p = dir.path("strings.nc");
    crate::common::python(&format!(
        r#"
import netCDF4, numpy as np
d = netCDF4.Dataset({p:?}, "w")
d.createDimension("region", 3)
r = d.createVariable("region", str, ("region",))
r[:] = np.array(["north", "south", "east"], dtype=object)
v = d.createVariable("t2m", "f8", ("region",))
v[:] = [1.0, 2.0, 4.0]
d.close()
"#
    ));
    Some(std::fs::read(&p).expect("fixture"))
}

#[test]
fn a_corrupt_string_variable_is_an_error_before_hdf5_reads_it() {
    // HDF5 copies a string's heap object into a buffer sized from the reference's length
    // (as for `DIMENSION_LIST`): a length shorter than the object overruns it. The text
    // variable's values were not checked before (only attributes were).
    let dir = TempDir::new("h5corrupt-strings");
    let Some(mut b) = string_fixture(&dir) else {
        return;
    };
    std::fs::write(dir.path("ok.nc"), &b).expect("write");
    let (code, err) = run(&dir.0, "vars(\"ok.nc\")\nload(\"ok.nc\", \"t2m\").sum()");
    assert_eq!(code, Some(0), "the valid file: {err}");
    // "east": a reference of length 4 into a collection; made length 2.
    let gcols = find(&b, b"GCOL");
    let refs: Vec<usize> = gcols
        .iter()
        .flat_map(|&g| {
            let mut pat = 4u32.to_le_bytes().to_vec();
            pat.extend((g as u64).to_le_bytes());
            find(&b, &pat)
        })
        .collect();
    assert_eq!(refs.len(), 1, "one reference of length 4 (east)");
    b[refs[0]..refs[0] + 4].copy_from_slice(&2u32.to_le_bytes());
    std::fs::write(dir.path("f.nc"), &b).expect("write");
    for src in ["vars(\"f.nc\")", "load(\"f.nc\", \"t2m\").sum()"] {
        let (code, err) = run(&dir.0, src);
        assert_eq!(code, Some(1), "`{src}`: {err}");
        assert!(err.contains("corrupt HDF5 file"), "`{src}`: {err}");
        assert!(
            err.contains("has 2 values of 1 bytes in a global heap object of 4 bytes"),
            "`{src}`: {err}"
        );
    }
}

#[test]
fn a_dataset_hdf5_cannot_open_is_named_not_left_out() {
    // Was: `vars()` listed the file without `t2m` (and a `save` into the file, which keeps
    // its other variables, would have dropped it); `load` said there is no `t2m`.
    let mut b = fixture();
    let (_, refs) = layout(&b);
    // `t2m`'s header (it holds the references): its signature broken.
    let ohdr = find(&b[..refs[0]], b"OHDR").pop().expect("t2m's header");
    b[ohdr..ohdr + 4].copy_from_slice(b"XXXX");
    let dir = TempDir::new("h5corrupt-header");
    std::fs::write(dir.path("f.nc"), &b).expect("write");
    for src in ["vars(\"f.nc\")", "load(\"f.nc\", \"t2m\").sum()"] {
        let (code, err) = run(&dir.0, src);
        assert_eq!(code, Some(1), "`{src}`: {err}");
        assert!(err.contains("HDF5 cannot open `t2m`"), "`{src}`: {err}");
    }
    // The other variables still load.
    let (code, err) = run(&dir.0, "load(\"f.nc\", \"latitude\").shape");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn sigterm_ends_a_process_stuck_inside_hdf5() {
    // Was: one SIGTERM only asked the computation to stop, which a thread inside HDF5's C
    // library never sees; the process ran on for 42 min. The hook holds HDF5's lock forever.
    let dir = TempDir::new("h5corrupt-stuck");
    std::fs::write(dir.path("f.nc"), fixture()).expect("write");
    let mut c = Command::new(BIN)
        .current_dir(&dir.0)
        .env("ARRLANG_TEST_STUCK_IN_HDF5", "1")
        .args(["--no-progress", "-e", "vars(\"f.nc\")"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait for the hook's line: the main thread now holds HDF5's lock.
    let mut err = c.stderr.take().expect("stderr");
    let mut line = Vec::new();
    use std::io::Read;
    let mut byte = [0u8];
    while !line.ends_with(b"inside HDF5\n") {
        assert_eq!(err.read(&mut byte).expect("read"), 1, "stderr closed");
        line.push(byte[0]);
    }
    // SAFETY: kill(2) on our own child's pid.
    unsafe {
        libc::kill(c.id() as libc::pid_t, libc::SIGTERM);
    }
    let status = wait_within_deadline(&mut c, "a process inside HDF5 after SIGTERM");
    assert_eq!(status.code(), Some(143));
}
