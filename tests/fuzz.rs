//! Fuzzing (issue 15), on stable Rust and without extra crates: mutations of a seed corpus
//! (the golden scripts and examples; the `.npy`, netCDF-3, netCDF-4/HDF5 and Zarr fixtures
//! under `tests/data`) are fed to the lexer+parser and `check` in this process, and to the
//! interpreter and the file readers in a child `arrlang` process with a deadline (so an
//! abort in HDF5's C library or a hang is seen and counted, not suffered). Anything but a
//! success or a coded error (a panic, an abort, a signal, a run over 10 s) fails the test,
//! and the input is kept under `target/fuzz-failures/` (or `ARRLANG_FUZZ_OUT`).
//!
//! Each target runs `FUZZ_SECS` seconds (default 2); a longer run:
//! `FUZZ_SECS=600 cargo test --release fuzz -- --nocapture --test-threads 1`
//! prints the count of inputs tried per target and their outcomes (`FUZZ_SEED` varies the
//! inputs; `ARRLANG_FUZZ_BIN` runs a copy of the binary; `ARRLANG_FUZZ_NO_PROBE=1` opens
//! HDF5 files without the probe child).

use arrlang::session::{Options, Session};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_arrlang");

/// The binary the child runs: `ARRLANG_FUZZ_BIN` (a copy, so that long runs go on while the
/// build directory is rebuilt), else this build's.
fn bin() -> String {
    std::env::var("ARRLANG_FUZZ_BIN").unwrap_or_else(|_| BIN.to_string())
}

const HANG: Duration = Duration::from_secs(10);

fn budget() -> Duration {
    let secs = std::env::var("FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

/// xorshift64*: a reproducible stream (the seed is printed with every failure).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where failing inputs are kept: `ARRLANG_FUZZ_OUT`, else `target/fuzz-failures`.
fn out_dir() -> PathBuf {
    std::env::var_os("ARRLANG_FUZZ_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/fuzz-failures"))
}

/// The seed programs: every golden script and example, statement lines only.
fn programs() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["tests/golden", "examples"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("corpus dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "arr"))
            .collect();
        files.sort();
        for f in files {
            let src = std::fs::read_to_string(&f).expect("read");
            let code: String = src
                .lines()
                .filter(|l| !l.trim_start().starts_with("#>") && !l.trim_start().starts_with("#!"))
                .map(|l| format!("{l}\n"))
                .collect();
            out.push(code);
        }
    }
    out
}

/// Tokens worth inserting: operators, brackets, keywords, small and extreme numbers.
const DICT: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "::",
    "...",
    "None",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "@",
    "~",
    "&",
    "|",
    "^",
    "<",
    "==",
    ">=",
    "=",
    ";",
    "\n",
    "fn f(x) = ",
    "f(",
    "x",
    "0",
    "1",
    "-1",
    "2**63",
    "1e308",
    "nan",
    "inf",
    "0.5",
    "10**18",
    "axis=0",
    "axis=-1",
    "keepdims=True",
    "chunks=1",
    "dtype=int32",
    "ones((3, 4))",
    "arange(5)",
    ".T",
    ".sum()",
    "\"",
    "'",
    "#",
    "[::-1]",
    "[None]",
    "[x > 0]",
    "(())",
    "()",
];

fn mutate_text(rng: &mut Rng, s: &str) -> String {
    let mut b: Vec<u8> = s.as_bytes().to_vec();
    // Mostly one edit: the program stays close enough to its seed to run.
    let edits = if rng.below(2) == 0 {
        1
    } else {
        1 + rng.below(4)
    };
    for _ in 0..edits {
        let at = rng.below(b.len() + 1);
        match rng.below(5) {
            0 if !b.is_empty() => {
                let n = 1 + rng.below(8);
                b.drain(at.min(b.len() - 1)..(at + n).min(b.len()));
            }
            1 => {
                let t = DICT[rng.below(DICT.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
            2 if !b.is_empty() => {
                let from = rng.below(b.len());
                let n = (1 + rng.below(40)).min(b.len() - from);
                let piece: Vec<u8> = b[from..from + n].to_vec();
                b.splice(at..at, piece);
            }
            3 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] = b" ()[],.:+-*/=<>0123456789xyzae\n"[rng.below(31)];
            }
            _ => {
                let t = DICT[rng.below(DICT.len())].as_bytes();
                b.extend_from_slice(t);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Outcomes by kind, and the inputs that failed.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn add(&mut self, kind: &'static str) {
        *self.counts.entry(kind).or_default() += 1;
    }
    fn fail(&mut self, target: &str, kind: &'static str, input: &[u8], note: &str) {
        self.add(kind);
        let dir = out_dir();
        let _ = std::fs::create_dir_all(&dir);
        let f = dir.join(format!("{target}-{}-{}", kind, self.failures.len()));
        let _ = std::fs::write(&f, input);
        self.failures.push(format!(
            "{target}: {kind} ({note}), input kept in {}",
            f.display()
        ));
    }
    fn finish(self, target: &str) {
        let total: usize = self.counts.values().sum();
        eprintln!("fuzz {target}: {total} inputs, {:?}", self.counts);
        assert!(total > 0, "{target}: nothing tried");
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15)
}

/// Runs `arrlang` with `args` in `dir`, killing it after [`HANG`]: the outcome's name.
fn child(dir: &Path, args: &[&str]) -> (&'static str, String) {
    let mut cmd = Command::new(bin());
    // HDF5's C library crashes on some corrupt files (a segfault in `H5HG_read`, found
    // by this target): files are opened first in a probe child, as the REPL does.
    // `ARRLANG_FUZZ_NO_PROBE` turns that off, to find what arrlang's own pre-checks
    // (`src/io/h5check.rs`) miss: a crash is then a failure.
    if std::env::var_os("ARRLANG_FUZZ_NO_PROBE").is_some() {
        cmd.env_remove("ARRLANG_PROBE_HDF5");
    } else {
        cmd.env("ARRLANG_PROBE_HDF5", "1");
    }
    let mut c = cmd
        .current_dir(dir)
        // A probe stuck in HDF5 is stopped well before the target's own 10 s deadline (and
        // counted apart below).
        .env("ARRLANG_PROBE_TIMEOUT", "5")
        .args(["--threads", "2", "--no-progress", "--memory-limit", "2GB"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn arrlang");
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = c.try_wait().expect("wait") {
            break Some(s);
        }
        if t0.elapsed() > HANG {
            let _ = c.kill();
            let _ = c.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut err = String::new();
    if let Some(mut e) = c.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    let kind = match status.map(|s| s.code()) {
        None => "hang",
        Some(Some(0)) => "ok",
        Some(Some(1)) if err.contains("HDF5's C library crashed") => "probe crash",
        Some(Some(1)) if err.contains("HDF5's C library did not finish") => "probe timeout",
        Some(Some(1)) if err.contains("error[E") || err.contains("Error:") => "error",
        Some(Some(101)) => "panic",
        Some(Some(_)) => "exit",
        Some(None) => "signal",
    };
    (kind, err)
}

#[test]
fn fuzz_lexer_parser_and_check() {
    let corpus = programs();
    let mut rng = Rng(seed());
    let mut tally = Tally::default();
    // This target runs in-process: an input that kills the process (out of memory) is
    // left in this file.
    let current = out_dir().join("check-current.arr");
    let _ = std::fs::create_dir_all(current.parent().expect("dir"));
    let t0 = Instant::now();
    while t0.elapsed() < budget() {
        let pick = rng.below(corpus.len());
        let src = mutate_text(&mut rng, &corpus[pick]);
        let _ = std::fs::write(&current, &src);
        let r = std::panic::catch_unwind(|| {
            let parsed = arrlang::syntax::parser::parse(&src).is_ok();
            let mut s = Session::new(Options {
                threads: 1,
                ..Options::default()
            });
            (parsed, s.check(&src).is_empty())
        });
        match r {
            Ok((false, _)) => tally.add("syntax error"),
            Ok((true, true)) => tally.add("checks"),
            Ok((true, false)) => tally.add("check error"),
            Err(_) => tally.fail("check", "panic", src.as_bytes(), "parse or check"),
        }
    }
    let _ = std::fs::remove_file(&current);
    tally.finish("lexer+parser+check");
}

#[test]
fn fuzz_interpreter_on_small_shapes() {
    let dir = std::env::temp_dir().join(format!("arrlang-fuzz-interp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    // Small arrays only: a seed statement about x, y, m over 3x4 arrays.
    let prelude =
        "x = arange(12.0, chunks=5).reshape((3, 4)); y = ones((4,), chunks=3); m = x > 4\n";
    let seeds = [
        "(x * 2 + y).sum(axis=0)",
        "x[1:, ::-1] @ y",
        "x[m].mean()",
        "cumsum(x, axis=1)[-1]",
        "concatenate([x, x], axis=0).std(axis=1)",
        "where(m, x, -x).max()",
        "x.T.reshape((2, 6))[:, 2]",
        "median(x, axis=0)",
        "diff(x, axis=1) // 2",
        "tensordot(x, x, axes=((0,), (0,)))",
    ];
    let mut rng = Rng(seed() ^ 1);
    let mut tally = Tally::default();
    let t0 = Instant::now();
    while t0.elapsed() < budget() {
        let pick = rng.below(seeds.len());
        let stmt = mutate_text(&mut rng, seeds[pick]);
        // No files: the file targets below cover them.
        if stmt.contains("save") || stmt.contains("load") || stmt.contains("imshow") {
            continue;
        }
        let src = format!("{prelude}{stmt}\n");
        let (kind, err) = child(&dir, &["-e", &src]);
        match kind {
            "ok" | "error" => tally.add(kind),
            k => tally.fail(
                "interp",
                k,
                src.as_bytes(),
                err.lines().last().unwrap_or(""),
            ),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    tally.finish("interpreter");
}

/// Flips, zeroes and overwrites bytes (with 0, 0xff and lengths' extremes), truncates.
fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(6) {
        if b.is_empty() {
            return;
        }
        let at = rng.below(b.len());
        match rng.below(6) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => b[at] = 0,
            2 => b[at] = 0xff,
            3 => {
                let v: [u8; 4] = [0x7f, 0xff, 0xff, 0xff];
                for (k, x) in v.iter().enumerate() {
                    if at + k < b.len() {
                        b[at + k] = *x;
                    }
                }
            }
            4 => b.truncate(at.max(1)),
            _ => b[at] = rng.next() as u8,
        }
    }
}

/// Mutated copies of fixture files (or of one file inside a Zarr store), each loaded and
/// listed by a child process.
fn fuzz_files(target: &str, fixtures: &[(&str, &str)]) {
    let dir = std::env::temp_dir().join(format!("arrlang-fuzz-{target}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mut rng = Rng(seed() ^ target.len() as u64);
    let mut tally = Tally::default();
    let t0 = Instant::now();
    while t0.elapsed() < budget() {
        let (name, var) = fixtures[rng.below(fixtures.len())];
        let src = root().join("tests/data").join(name);
        let case = dir.join(format!("case-{name}"));
        let _ = std::fs::remove_dir_all(&case);
        let _ = std::fs::remove_file(&case);
        let (mutated, input) = if src.is_dir() {
            copy_dir(&src, &case);
            let files = list_files(&case);
            let f = &files[rng.below(files.len())];
            let mut b = std::fs::read(f).expect("read");
            mutate_bytes(&mut rng, &mut b);
            std::fs::write(f, &b).expect("write");
            (f.clone(), b)
        } else {
            let mut b = std::fs::read(&src).expect("read fixture");
            mutate_bytes(&mut rng, &mut b);
            std::fs::write(&case, &b).expect("write");
            (case.clone(), b)
        };
        let path = case.display().to_string();
        let prog = if var.is_empty() {
            format!("vars({path:?})\nload({path:?}).sum()\n")
        } else {
            format!("vars({path:?})\nload({path:?}, {var:?}).sum()\n")
        };
        let (kind, err) = child(&dir, &["-e", &prog]);
        match kind {
            "ok" | "error" | "probe crash" | "probe timeout" => tally.add(kind),
            k => tally.fail(
                target,
                k,
                &input,
                &format!(
                    "{}: {}",
                    mutated.display(),
                    err.lines().last().unwrap_or("")
                ),
            ),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    tally.finish(target);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

fn list_files(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(list_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn fuzz_npy_reader() {
    fuzz_files(
        "npy",
        &[("nc3-classic.nc.t2m.npy", ""), ("plain.h5.counts.npy", "")],
    );
}

#[test]
fn fuzz_netcdf3_reader() {
    fuzz_files(
        "netcdf3",
        &[
            ("nc3-classic.nc", "t2m"),
            ("nc3-64bit.nc", "precip"),
            ("nc3-cdf5.nc", "t2m"),
            ("nc3-onerec.nc", "fixed"),
        ],
    );
}

#[test]
fn fuzz_netcdf4_reader() {
    fuzz_files(
        "netcdf4",
        &[
            ("nc4-day0.nc", "t2m"),
            ("nc4-packed.nc", "t2m"),
            ("plain.h5", "grid"),
        ],
    );
}

#[test]
fn fuzz_zarr_reader() {
    fuzz_files(
        "zarr",
        &[
            ("zarr-v2-xarray.zarr", "t2m"),
            ("zarr-v3-sharded.zarr", "t2m"),
        ],
    );
}
