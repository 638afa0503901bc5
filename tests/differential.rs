//! Differential tests: every golden script computed chunked (several chunk sizes,
//! sequential and threaded, optimizer on and off) agrees with the plain whole-array
//! reference evaluator.

use crate::common::{assert_no_failures, cells, close_text, golden_files, Lcg};
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
    assert_no_failures(&failures);
}

/// A random elementwise expression over a (6, 8) float64, c (6, 8) int64, b (8,) float64.
fn elementwise(r: &mut Lcg, depth: usize) -> String {
    if depth == 0 {
        return r
            .pick(&["a", "c", "b", "a[::-1]", "c[:, ::-1]", "a.T.T", "(c % 4)"])
            .to_string();
    }
    let x = elementwise(r, depth - 1);
    let y = match r.next() % 4 {
        0 => r.pick(&["2.5", "3", "-1"]).to_string(),
        _ => elementwise(r, depth - 1),
    };
    match r.next() % 8 {
        0 => format!("({x} + {y})"),
        1 => format!("({x} - {y})"),
        2 => format!("({x} * {y})"),
        3 => format!("abs({x})"),
        4 => format!("where({x} > {y}, {x}, {y})"),
        5 => format!("maximum({x}, {y})"),
        6 => format!("clip({x}, -3, 5)"),
        _ => format!("(-{x})"),
    }
}

/// A random program (a few statements, the last an expression) drawing from issue 11's
/// families: scans, sorting along an axis, fancy indexing with integer lists and masks,
/// order statistics, functional updates, small integer dtypes and complex numbers.
fn program(r: &mut Lcg) -> String {
    let (c0, c1) = (1 + r.next() % 4, 1 + r.next() % 5);
    let inputs = format!(
        "a = rechunk(random((6, 8), seed=1) * 4 - 2, ({c0}, {c1}))\n\
         c = rechunk(integers(-9, 9, size=(6, 8), seed=2), ({c1}, {c0}))\n\
         b = rechunk(uniform(-2, 2, size=8, seed=3), {c1})\n"
    );
    let e = format!("e = broadcast_to({}, (6, 8))\n", elementwise(r, 2));
    let last = match r.next() % 26 {
        // scans
        0 => "cumsum(e, axis=0)",
        1 => "cumprod(clip(e, -1.5, 1.5), axis=1)",
        2 => "nancumsum(where(e > 1, nan, e), axis=0)",
        3 => "cumsum(e.ravel())",
        // sorting along an axis
        4 => "sort(e, axis=0)",
        5 => "sort(e, axis=1)[:, ::3]",
        6 => "argsort(e, axis=0, kind='stable')",
        7 => "take_along_axis(e, argsort(e, axis=1, kind='stable'), axis=1)",
        // fancy indexing: integer lists and arrays, masks
        8 => "e[[4, 0, 0, -1]]",
        9 => "e[:, [7, 1, 3, 3]]",
        10 => "e[[1, 2, 5], [3, 4, 0]]",
        11 => "e[:, c[0] > 0]",
        12 => "e[abs(c[:, 1]) % 6, 2:5]",
        // order statistics
        13 => "quantile(e, 0.3, axis=0)",
        14 => "median(e, axis=1)",
        15 => "quantile(e, [0.1, 0.5, 0.9])",
        16 => "nanmedian(where(e > 1, nan, e), axis=0)",
        // functional updates
        17 => "f = e.copy()\nf[[0, 3]] = 9\nf",
        18 => "f = e.copy()\nf[f > 0] = 0\nf.sum(axis=1)",
        19 => "f = e.copy()\nf[:, [6, 2, 0]] += 1\nf[1:5:2] *= -1\nf",
        // small dtypes
        20 => "(clip(e, -100, 100).astype(int8) * 3).astype(int16).sum(axis=0)",
        21 => "cumsum(abs(clip(e, -100, 100)).astype(uint16), axis=1) + c.astype(uint8)[0]",
        // complex
        22 => "cumsum(e + 1j * a, axis=1)",
        23 => "sort(e * 1j + a, axis=0)",
        24 => "(e * (1 - 2j)).astype(complex64).mean(axis=1)",
        _ => "abs((e - 1j) ** 2).max(axis=0)",
    };
    format!("{inputs}{e}{last}\n")
}

/// Random programs over the new families, chunked (1-4 by 1-5 element chunks) on 3 threads
/// and in order on one, agree with the whole-array reference evaluator.
#[test]
fn random_programs_chunked_match_reference() {
    let mut r = Lcg(11);
    let mut failures = Vec::new();
    for k in 0..120 {
        let code = program(&mut r);
        let cell = [crate::common::Cell {
            code: code.clone(),
            output: vec![],
            errors: vec![],
            line: 1,
        }];
        let reference = run_cells(
            &cell,
            Options {
                reference: true,
                default_chunk: Some(1 << 30),
                ..Options::default()
            },
        );
        if !reference[0].1.is_empty() {
            failures.push(format!(
                "program {k} fails in the reference:\n{code}{:?}",
                reference[0].1
            ));
            continue;
        }
        for (sequential, threads) in [(true, 1), (false, 3)] {
            let opts = Options {
                threads,
                sequential,
                ..Options::default()
            };
            let got = run_cells(&cell, opts.clone());
            let (want, got) = (&reference[0], &got[0]);
            let res = if want.1 != got.1 {
                Err(format!("errors differ: {:?} vs {:?}", want.1, got.1))
            } else {
                close_text(&want.0.join("\n"), &got.0.join("\n"), 1e-9)
            };
            if let Err(e) = res {
                failures.push(format!("program {k} with {opts:?}:\n{code}{e}"));
            }
        }
    }
    assert_no_failures(&failures);
}
