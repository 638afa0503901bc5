//! Golden scripts: `tests/golden/*.arr` with expected output in `#>` lines and expected
//! errors in `#!` lines. `ARRLANG_BLESS=1 cargo test` rewrites the expectations.

use crate::common::{cells, golden_files, Cell};
use arrlang::session::{Options, Session};

/// Runs a script cell by cell in one session; returns (output lines, error headlines) per cell.
pub fn run_cells(cells: &[Cell], opts: Options) -> Vec<(Vec<String>, Vec<String>)> {
    let mut s = Session::new(opts);
    // Functions are usable before their definition line, as in a whole script.
    s.predefine(&cells.iter().map(|c| c.code.as_str()).collect::<String>());
    cells
        .iter()
        .map(|c| match s.run(&c.code) {
            Ok(text) => (text.lines().map(|l| l.to_string()).collect(), vec![]),
            Err(f) => (vec![], f.diagnostics.iter().map(|d| d.headline()).collect()),
        })
        .collect()
}

/// The code of `cells` split into statements (comment lines stay with the next one).
fn statements(cells: &[Cell]) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in cells {
        for line in c.code.lines() {
            cur.push_str(line);
            cur.push('\n');
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || arrlang::repl::needs_more(&cur) {
                continue;
            }
            out.push(Cell {
                code: std::mem::take(&mut cur),
                output: vec![],
                errors: vec![],
                line: 0,
            });
        }
    }
    if !cur.is_empty() {
        out.push(Cell {
            code: cur,
            output: vec![],
            errors: vec![],
            line: 0,
        });
    }
    out
}

fn bless(path: &std::path::Path, cells: &[Cell], got: &[(Vec<String>, Vec<String>)]) {
    let mut s = String::new();
    for (c, (out, errs)) in cells.iter().zip(got) {
        s.push_str(&c.code);
        for l in out {
            s.push_str(&format!("#> {l}\n").replace("#>  \n", "#>\n"));
        }
        for e in errs {
            s.push_str(&format!("#! {e}\n"));
        }
    }
    std::fs::write(path, s.replace("#> \n", "#>\n")).expect("write blessed file");
}

#[test]
fn golden_scripts_match_expected_output() {
    let mut failures = Vec::new();
    for path in golden_files("tests/golden") {
        let src = std::fs::read_to_string(&path).expect("read golden");
        let cs = cells(&src);
        let got = run_cells(
            &cs,
            Options {
                threads: 2,
                ..Options::default()
            },
        );
        if std::env::var_os("ARRLANG_BLESS").is_some() {
            // Re-run statement by statement so each output sits under its statement.
            let stmts = statements(&cs);
            let got = run_cells(
                &stmts,
                Options {
                    threads: 2,
                    ..Options::default()
                },
            );
            bless(&path, &stmts, &got);
            continue;
        }
        for (c, (out, errs)) in cs.iter().zip(&got) {
            let want_out: Vec<String> = c.output.iter().map(|l| l.trim_end().to_string()).collect();
            let got_out: Vec<String> = out.iter().map(|l| l.trim_end().to_string()).collect();
            if want_out != got_out || &c.errors != errs {
                failures.push(format!(
                    "{}:{}\n{}--- expected\n{}\n{}\n--- got\n{}\n{}",
                    path.display(),
                    c.line,
                    c.code,
                    want_out.join("\n"),
                    c.errors.join("\n"),
                    got_out.join("\n"),
                    errs.join("\n")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden cells differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
