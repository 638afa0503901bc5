//! The `arrlang` command: REPL, scripts, `-e`, `check`, and `--emit-graph`.
//!
//! Exit codes: 0 ok, 1 an error in the program (or a file), 2 a usage error, 130 interrupted.

use arrlang::session::{Options, Session};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

/// arrlang: numpy-style arrays larger than memory, compiled to parallel task graphs.
///
/// Without FILE or -e, starts the REPL. `arrlang check FILE` reports every error in a
/// script without running it.
#[derive(Parser, Debug)]
#[command(version, about, long_about)]
struct Cli {
    /// A script to run (or `check` followed by a script to check).
    file: Option<std::path::PathBuf>,
    /// The script to check, after `check`.
    #[arg(hide = true)]
    check_file: Option<std::path::PathBuf>,
    /// Run this code instead of a file.
    #[arg(short = 'e', long = "eval")]
    code: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Refuse a computation whose planned peak of blocks held at once is above this
    /// (e.g. 4GB, 512MB); a quarter of it is the budget for results the REPL keeps.
    #[arg(long, value_parser = arrlang::budget::parse_size)]
    memory_limit: Option<usize>,
    /// Skip the graph optimizer.
    #[arg(long)]
    no_optimize: bool,
    /// Print the task graph as DOT instead of running.
    #[arg(long)]
    emit_graph: bool,
    /// Show a progress bar on stderr for computations over half a second (the default
    /// when stderr is a terminal).
    #[arg(long, overrides_with = "no_progress")]
    progress: bool,
    /// Never show a progress bar.
    #[arg(long)]
    no_progress: bool,
    /// No banner, no progress bars.
    #[arg(short, long)]
    quiet: bool,
    /// Run tasks one at a time (the reference scheduler).
    #[arg(long)]
    sequential: bool,
    /// Chunk length per axis where a script gives no `chunks=` (for testing).
    #[arg(long, hide = true)]
    default_chunk: Option<usize>,
    /// Print task count and peak memory held by the scheduler to stderr.
    #[arg(long)]
    stats: bool,
    /// Open an HDF5/netCDF-4 file's metadata and exit (0: readable, 1: an error): the REPL
    /// runs this in a child process before opening a file, so a crash in HDF5's C library
    /// cannot end the session.
    #[arg(long, hide = true, value_name = "PATH")]
    probe_file: Option<std::path::PathBuf>,
    /// Run on a Dask distributed cluster: the scheduler's address, `tcp://HOST:PORT`
    /// (default: `ARRLANG_SCHEDULER`). With `--emit-graph`: the groups sent, cut for
    /// `--threads` worker threads.
    #[arg(long, value_name = "ADDR")]
    scheduler: Option<String>,
}

const INTERRUPTED: u8 = 130;

/// Blocks of tens of MB come and go all the time. glibc hands each one back to the kernel
/// (mmap/munmap) and the next one page-faults in afresh: seconds of system time in
/// `svd_compressed`, which regenerates 40 MB random blocks. Re-exec once with malloc tunables
/// that keep freed blocks in the heap (a limit `mallopt` cannot raise past 32 MB).
///
/// Under `--memory-limit` the opposite: every block of 1 MB or more is its own mapping,
/// handed back the moment it is freed, so the process's RSS is the blocks it holds (freed
/// blocks kept in per-thread heaps, up to 256 MB each, would not be counted by the plan).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn malloc_tunables() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("GLIBC_TUNABLES").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let limited = std::env::args_os().any(|a| {
        let a = a.to_string_lossy();
        a == "--memory-limit" || a.starts_with("--memory-limit=")
    });
    let tunables = if limited {
        "glibc.malloc.mmap_threshold=1048576:glibc.malloc.trim_threshold=1048576"
    } else {
        "glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=268435456"
    };
    // Only returns if exec failed: then run as we are.
    let _ = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("GLIBC_TUNABLES", tunables)
        .exec();
}

/// Stack of the thread the whole pipeline runs on. Parsing, interpreting, lowering and
/// dropping a 100,000-statement chain (`x = x + 1` repeated) or a 20,000-deep expression
/// recurse that deep; the reservation is virtual memory, touched only as deep as it goes.
const STACK_BYTES: usize = 1 << 30;

fn main() -> ExitCode {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    malloc_tunables();
    let big = std::thread::Builder::new()
        .name("arrlang".into())
        .stack_size(STACK_BYTES)
        .spawn(run_main);
    match big {
        Ok(h) => h.join().unwrap_or(ExitCode::from(101)),
        Err(_) => run_main(),
    }
}

fn run_main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Some(p) = &cli.probe_file {
        return ExitCode::from(arrlang::io::probe::run_probe(p) as u8);
    }
    // Scripts may ask for the REPL's isolation of HDF5 crashes too (a child per file).
    if std::env::var_os("ARRLANG_PROBE_HDF5").is_some() {
        arrlang::io::probe::enable();
    }
    let mut opts = Options {
        optimize: !cli.no_optimize,
        sequential: cli.sequential,
        default_chunk: cli.default_chunk,
        ..Options::default()
    };
    if let Some(t) = cli.threads {
        let (t, note) = arrlang::schedule::cap_threads(t);
        if let Some(note) = note {
            eprintln!("{note}");
        }
        opts.threads = t;
    }
    let progress = !cli.no_progress && !cli.quiet;
    let scheduler = cli
        .scheduler
        .clone()
        .or_else(arrlang::cluster::scheduler_from_env);
    let mut session = Session::new(opts);
    session.memory_limit = cli.memory_limit;
    if let Some(limit) = cli.memory_limit {
        session.keep_bytes = limit / 4;
        arrlang::expr::chunks::cap_for_memory_limit(limit, session.opts.threads);
    }
    let color = std::io::stderr().is_terminal();
    let is_check = cli.file.as_deref() == Some(std::path::Path::new("check"));
    if is_check {
        let Some(path) = &cli.check_file else {
            eprintln!("error: `arrlang check` needs a script: arrlang check FILE");
            return ExitCode::from(2);
        };
        return check(&mut session, path, color);
    }
    if cli.check_file.is_some() {
        eprintln!("error: one script at a time (did you mean `arrlang check FILE`?)");
        return ExitCode::from(2);
    }
    let (name, src) = match (&cli.code, &cli.file) {
        (Some(code), _) => ("<-e>".to_string(), code.clone()),
        (None, Some(path)) => match std::fs::read_to_string(path) {
            Ok(s) => (path.display().to_string(), s),
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                return ExitCode::from(1);
            }
        },
        (None, None) => {
            let settings = arrlang::repl::Settings {
                progress,
                quiet: cli.quiet,
            };
            return ExitCode::from(arrlang::repl::run(session, settings) as u8);
        }
    };
    if cli.emit_graph {
        return match session.exec(&src).and_then(|()| session.try_graph()) {
            Ok(g) if scheduler.is_some() => {
                let threads = cli.threads.unwrap_or(session.opts.threads);
                print!("{}", arrlang::cluster::dot::groups_dot(&g, threads));
                ExitCode::SUCCESS
            }
            Ok(g) => {
                print!("{}", g.to_dot());
                ExitCode::SUCCESS
            }
            Err(f) => {
                eprint!("{}", f.render(&name, &src, color));
                ExitCode::from(1)
            }
        };
    }
    // Ctrl-C, SIGTERM and SIGHUP stop the computation (temporary files go with it); a
    // second one removes the temporary files and ends the program at once.
    arrlang::signals::install(&[libc::SIGINT, libc::SIGTERM, libc::SIGHUP]);
    if let Some(addr) = &scheduler {
        session.cluster = Some(arrlang::cluster::Cluster::new(addr));
    }
    let bar = arrlang::repl::progress::Bar::start(progress && color);
    let result = session.run(&src);
    drop(bar);
    match result {
        Ok(text) => {
            print!("{text}");
            if cli.stats {
                let s = session.last_stats;
                eprintln!(
                    "tasks: {}, peak held: {}",
                    s.tasks,
                    arrlang::session::human_bytes(s.peak_bytes)
                );
                if let Some(line) = session.spill.describe() {
                    eprintln!("{line}");
                }
                let [l, o, r, x] = session.last_timings;
                eprintln!("seconds: lower {l:.3}, optimize {o:.3}, order {r:.3}, run {x:.3}");
            }
            if let Some(code) = arrlang::signals::exit_code() {
                arrlang::io::tempfiles::remove_all();
                return ExitCode::from(code);
            }
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprint!("{}", f.render(&name, &src, color));
            arrlang::io::tempfiles::remove_all();
            if let Some(code) = arrlang::signals::exit_code() {
                return ExitCode::from(code);
            }
            ExitCode::from(if f.interrupted() { INTERRUPTED } else { 1 })
        }
    }
}

/// `arrlang check FILE`: every error, nothing computed.
fn check(session: &mut Session, path: &std::path::Path, color: bool) -> ExitCode {
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    let name = path.display().to_string();
    let errors = session.check(&src);
    for d in &errors {
        eprint!("{}", d.render(&name, &src, color));
    }
    match errors.len() {
        0 => {
            eprintln!("{name}: no errors");
            ExitCode::SUCCESS
        }
        n => {
            eprintln!("{name}: {n} error{}", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
    }
}
