//! The interactive REPL: rustyline front end over a Session.

use crate::session::Session;
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

/// True while the input has unclosed brackets or ends in an operator or `,`.
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
    let t = src.trim_end();
    depth > 0
        || ["+", "-", "*", "/", "@", "%", ",", "=", "&", "|", "\\"]
            .iter()
            .any(|op| t.ends_with(op))
            && !t.ends_with("==")
}

/// Runs the REPL until Ctrl-D or `:quit`.
pub fn run(mut session: Session) -> i32 {
    let mut rl = match DefaultEditor::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return 1;
        }
    };
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".arrlang_history"));
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    println!(
        "arrlang {} — numpy-style arrays larger than memory. Ctrl-D to quit.",
        env!("CARGO_PKG_VERSION")
    );
    let mut buf = String::new();
    let mut interrupt_handler = false;
    loop {
        let prompt = if buf.is_empty() { ">>> " } else { "... " };
        match rl.readline(prompt) {
            Ok(line) => {
                if buf.is_empty() && line.trim() == ":quit" {
                    break;
                }
                buf.push_str(&line);
                buf.push('\n');
                if needs_more(&buf) {
                    continue;
                }
                let src = std::mem::take(&mut buf);
                let _ = rl.add_history_entry(src.trim_end());
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
                crate::schedule::CANCEL.store(false, std::sync::atomic::Ordering::Relaxed);
                match session.run(&src) {
                    Ok(text) => print!("{text}"),
                    Err(f) => eprint!("{}", f.render("<stdin>", &src, true)),
                }
            }
            Err(ReadlineError::Interrupted) => buf.clear(),
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
