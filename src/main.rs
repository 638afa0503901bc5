//! The `arrlang` command: REPL, scripts, `-e`, and `--emit-graph`.

use arrlang::session::{Options, Session};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

/// arrlang: numpy-style arrays larger than memory, compiled to parallel task graphs.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// A script to run (without one, and without -e, start the REPL).
    file: Option<std::path::PathBuf>,
    /// Run this code instead of a file.
    #[arg(short = 'e', long = "eval")]
    code: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Skip the graph optimizer.
    #[arg(long)]
    no_optimize: bool,
    /// Print the task graph as DOT instead of running.
    #[arg(long)]
    emit_graph: bool,
    /// Run tasks one at a time (the reference scheduler).
    #[arg(long)]
    sequential: bool,
    /// Chunk length per axis where a script gives no `chunks=` (for testing).
    #[arg(long, hide = true)]
    default_chunk: Option<usize>,
    /// Print task count and peak memory held by the scheduler to stderr.
    #[arg(long)]
    stats: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut opts = Options {
        optimize: !cli.no_optimize,
        sequential: cli.sequential,
        default_chunk: cli.default_chunk,
        ..Options::default()
    };
    if let Some(t) = cli.threads {
        opts.threads = t.max(1);
    }
    let mut session = Session::new(opts);
    let (name, src) = match (&cli.code, &cli.file) {
        (Some(code), _) => ("<-e>".to_string(), code.clone()),
        (None, Some(path)) => match std::fs::read_to_string(path) {
            Ok(s) => (path.display().to_string(), s),
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                return ExitCode::from(1);
            }
        },
        (None, None) => return ExitCode::from(arrlang::repl::run(session) as u8),
    };
    let color = std::io::stderr().is_terminal();
    if cli.emit_graph {
        return match session.exec(&src) {
            Ok(()) => {
                print!("{}", session.graph().to_dot());
                ExitCode::SUCCESS
            }
            Err(f) => {
                eprint!("{}", f.render(&name, &src, color));
                ExitCode::from(1)
            }
        };
    }
    match session.run(&src) {
        Ok(text) => {
            print!("{text}");
            if cli.stats {
                let s = session.last_stats;
                eprintln!(
                    "tasks: {}, peak held: {}",
                    s.tasks,
                    arrlang::session::human_bytes(s.peak_bytes)
                );
                let [l, o, r, x] = session.last_timings;
                eprintln!("seconds: lower {l:.3}, optimize {o:.3}, order {r:.3}, run {x:.3}");
            }
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprint!("{}", f.render(&name, &src, color));
            ExitCode::from(1)
        }
    }
}
