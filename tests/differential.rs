//! Differential tests: every golden script computed chunked (several chunk sizes,
//! sequential and threaded, optimizer on and off) agrees with the plain whole-array
//! reference evaluator.

use crate::common::{cells, close_text, golden_files};
use crate::golden::run_cells;
use arrlang::session::Options;

#[test]
fn chunked_matches_reference() {
    let mut failures = Vec::new();
    for path in golden_files("tests/golden") {
        let src = std::fs::read_to_string(&path).expect("read golden");
        // Scripts about size limits: which limit trips first depends on the chunking.
        if src.lines().any(|l| l.starts_with("# differential: no")) {
            continue;
        }
        let cs = cells(&src);
        let reference = run_cells(
            &cs,
            Options {
                reference: true,
                default_chunk: Some(1 << 30),
                ..Options::default()
            },
        );
        for chunk in [1, 2, 3, 7] {
            for (sequential, threads) in [(true, 1), (false, 3)] {
                for optimize in [true, false] {
                    let opts = Options {
                        threads,
                        sequential,
                        optimize,
                        default_chunk: Some(chunk),
                        reference: false,
                    };
                    let got = run_cells(&cs, opts.clone());
                    for (i, (c, (want, got))) in
                        cs.iter().zip(reference.iter().zip(&got)).enumerate()
                    {
                        let r = if want.1 != got.1 {
                            Err(format!("errors differ: {:?} vs {:?}", want.1, got.1))
                        } else {
                            close_text(&want.0.join("\n"), &got.0.join("\n"), 1e-9)
                        };
                        if let Err(e) = r {
                            failures.push(format!(
                                "{} cell {i} (line {}) with {opts:?}:\n{}{e}",
                                path.display(),
                                c.line,
                                c.code
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
