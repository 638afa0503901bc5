//! The interactive REPL: lines from rustyline -> `commands::Repl` (the testable back end)
//! -> stdout / stderr.

pub mod commands;
pub mod help;
pub mod helper;
pub mod progress;

use crate::session::Session;
use commands::{Outcome, Repl};
use helper::{ArrHelper, Names};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::Editor;
use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

/// True while the input has unclosed brackets.
pub fn needs_more(src: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str: Option<char> = None;
    let mut prev = '\0';
    for line in src.lines() {
        for c in line.chars() {
            match in_str {
                Some(q) => {
                    if c == q && prev != '\\' {
                        in_str = None;
                    }
                }
                None => match c {
                    '#' => break,
                    '\'' | '"' => in_str = Some(c),
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                },
            }
            prev = c;
        }
    }
    // As Python: only open brackets continue a statement (`yy = 1 +` is an error at once,
    // not a wait for more).
    depth > 0
}

/// One entry: a line, and while brackets are open more lines after a `... ` prompt
/// (Ctrl-C there drops the whole entry).
fn read_entry(rl: &mut Editor<ArrHelper, DefaultHistory>) -> rustyline::Result<String> {
    let mut entry = rl.readline(">>> ")?;
    while !entry.trim_start().starts_with(':') && needs_more(&entry) {
        match rl.readline("... ") {
            Ok(more) => {
                entry.push('\n');
                entry.push_str(&more);
            }
            // Ctrl-D inside an open bracket: run what there is (its syntax error shows).
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(entry)
}

/// How the REPL shows things.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Progress bars (only drawn when stderr is a terminal).
    pub progress: bool,
    /// No banner.
    pub quiet: bool,
}

/// Runs the REPL until Ctrl-D or `:quit`; returns the exit code.
pub fn run(session: Session, settings: Settings) -> i32 {
    let config = rustyline::Config::builder()
        .auto_add_history(false)
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut rl: Editor<ArrHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return 1;
        }
    };
    // A crash of HDF5's C library on a corrupt file must not end the session.
    crate::io::probe::enable();
    let mut repl = Repl::new(session);
    let tty = std::io::stderr().is_terminal();
    repl.progress = settings.progress && tty;
    repl.color = tty;
    let names = Rc::new(RefCell::new(Names::from_globals(
        &repl.session.interp.globals,
    )));
    rl.set_helper(Some(ArrHelper::new(names.clone())));
    let history = std::env::var_os("ARRLANG_HISTORY")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".arrlang_history"))
        });
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    if !settings.quiet {
        println!(
            "arrlang {} — numpy-style arrays larger than memory. :help for help, Ctrl-D to quit.",
            env!("CARGO_PKG_VERSION")
        );
    }
    let mut interrupt_handler = false;
    loop {
        match read_entry(&mut rl) {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(line.trim_end());
                // Ctrl-C while computing stops the computation, not the REPL. Installed after the
                // first line is read: rustyline sets its own SIGINT handler when it first reads.
                // At the prompt the terminal is raw, so Ctrl-C is a key that clears the line.
                if !interrupt_handler {
                    let cancel = || {
                        crate::schedule::CANCEL.store(true, std::sync::atomic::Ordering::Relaxed)
                    };
                    if let Err(e) = ctrlc::set_handler(cancel) {
                        eprintln!("warning: Ctrl-C will not interrupt computations: {e}");
                    }
                    interrupt_handler = true;
                }
                match repl.entry(&line) {
                    Outcome::Text(t) => {
                        print!("{t}");
                        let _ = std::io::stdout().flush();
                    }
                    Outcome::Error(e) | Outcome::Interrupted(e) => eprint!("{e}"),
                    Outcome::Quit => break,
                }
                *names.borrow_mut() = Names::from_globals(&repl.session.interp.globals);
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = rl.save_history(h);
    }
    0
}
