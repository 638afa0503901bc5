//! Unit tests of the parser: precedence, spans, Python-habit hints and error recovery, via an s-expression printer.

use super::*;
use crate::syntax::ast::{Index, UnOp};

/// A compact Lisp-like rendering: `(+ a (* b c))`, `(call f 1 k=2)`, `(idx x 1 (: 1 5 _))`.
fn sexpr(e: &Expr) -> String {
    let list = |items: &[Spanned<Expr>]| {
        items
            .iter()
            .map(|i| format!(" {}", sexpr(&i.node)))
            .collect::<String>()
    };
    let opt = |e: &Option<Spanned<Expr>>| e.as_ref().map_or("_".into(), |e| sexpr(&e.node));
    match e {
        Expr::Int(v) => v.to_string(),
        Expr::Float(v) => format!("{v:?}"),
        Expr::Imag(v) => format!("{v:?}j"),
        Expr::Bool(b) => b.to_string(),
        Expr::Str(s) => format!("{s:?}"),
        Expr::None => "None".into(),
        Expr::Name(n) => n.clone(),
        Expr::Tuple(items) => format!("(tuple{})", list(items)),
        Expr::List(items) => format!("(list{})", list(items)),
        Expr::Unary { op, operand } => {
            let op = match op {
                UnOp::Neg => "neg",
                UnOp::Pos => "pos",
                UnOp::Invert => "~",
            };
            format!("({op} {})", sexpr(&operand.node))
        }
        Expr::Binary { op, lhs, rhs } => {
            format!(
                "({} {} {})",
                op.symbol(),
                sexpr(&lhs.node),
                sexpr(&rhs.node)
            )
        }
        Expr::Call { func, args } => {
            let args: String = args
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!(" {}={}", n.node, sexpr(&a.value.node)),
                    None => format!(" {}", sexpr(&a.value.node)),
                })
                .collect();
            format!("(call {}{args})", sexpr(&func.node))
        }
        Expr::Attr { value, name } => format!("(. {} {})", sexpr(&value.node), name.node),
        Expr::Compare { first, rest } => {
            let mut s = format!("(chain {}", sexpr(&first.node));
            for (op, e) in rest {
                s.push_str(&format!(" {op:?} {}", sexpr(&e.node)));
            }
            s + ")"
        }
        Expr::Index { value, indices } => {
            let items: String = indices
                .iter()
                .map(|i| match &i.node {
                    Index::Expr(e) => format!(" {}", sexpr(&e.node)),
                    Index::Ellipsis => " ...".into(),
                    Index::Slice { start, stop, step } => {
                        format!(" (: {} {} {})", opt(start), opt(stop), opt(step))
                    }
                })
                .collect();
            format!("(idx {}{items})", sexpr(&value.node))
        }
    }
}

fn stmt(s: &Stmt) -> String {
    match s {
        Stmt::Expr(e) => sexpr(&e.node),
        Stmt::Assign { targets, value } => {
            let t: Vec<&str> = targets.iter().map(|t| t.node.as_str()).collect();
            format!("(= {} {})", t.join(","), sexpr(&value.node))
        }
        Stmt::Update {
            target,
            indices,
            op,
            value,
        } => format!(
            "(update {} {} {:?} {})",
            target.node,
            indices.as_ref().map_or(0, |i| i.len()),
            op.as_ref().map(|o| o.node),
            sexpr(&value.node)
        ),
        Stmt::FnDef {
            name, params, body, ..
        } => {
            let p: Vec<String> = params
                .iter()
                .map(|p| match &p.default {
                    Some(d) => format!("{}={}", p.name.node, sexpr(&d.node)),
                    None => p.name.node.clone(),
                })
                .collect();
            format!("(fn {} ({}) {})", name.node, p.join(" "), sexpr(&body.node))
        }
    }
}

#[track_caller]
fn ok(src: &str) -> Program {
    match parse(src) {
        Ok(p) => p,
        Err(e) => panic!("{src:?} failed to parse: {e:#?}"),
    }
}

/// All statements of `src`, rendered and joined with `; `.
#[track_caller]
fn p(src: &str) -> String {
    let prog = ok(src);
    let v: Vec<String> = prog.stmts.iter().map(|s| stmt(&s.node)).collect();
    v.join("; ")
}

#[track_caller]
fn errs(src: &str) -> Vec<ParseError> {
    match parse(src) {
        Ok(p) => panic!("{src:?} parsed: {p:#?}"),
        Err(e) => e,
    }
}

#[test]
fn unary_minus_binds_looser_than_power() {
    assert_eq!(p("-x**2"), "(neg (** x 2))");
    assert_eq!(p("2**-1"), "(** 2 (neg 1))");
    assert_eq!(p("a**b**c"), "(** a (** b c))");
    assert_eq!(p("-a.T**2"), "(neg (** (. a T) 2))");
    assert_eq!(p("~-+x"), "(~ (neg (pos x)))");
}

#[test]
fn arithmetic_precedence() {
    assert_eq!(p("a + b * c"), "(+ a (* b c))");
    assert_eq!(p("a @ b + c"), "(+ (@ a b) c)");
    assert_eq!(p("a - b - c"), "(- (- a b) c)");
    assert_eq!(p("a // b % c / d"), "(/ (% (// a b) c) d)");
    assert_eq!(p("(a + b) * c"), "(* (+ a b) c)");
}

#[test]
fn bitwise_and_comparison_precedence_like_python() {
    assert_eq!(p("x < 1 | y"), "(< x (| 1 y))");
    assert_eq!(p("a | b ^ c & d"), "(| a (^ b (& c d)))");
    assert_eq!(p("a & b + 1"), "(& a (+ b 1))");
    assert_eq!(p("a == b"), "(== a b)");
    assert_eq!(p("a <= b + 1"), "(<= a (+ b 1))");
    assert_eq!(p("a != -b"), "(!= a (neg b))");
}

#[test]
fn comparisons_chain_as_in_python() {
    assert_eq!(p("a < b <= c"), "(chain a Lt b Le c)");
    assert_eq!(p("a < b"), "(< a b)");
    assert_eq!(p("1 < a == b != 2"), "(chain 1 Lt a Eq b Ne 2)");
}

#[test]
fn python_habits_get_hints() {
    let e = errs("x = a and b");
    assert_eq!(e[0].message, "unexpected `and`");
    assert!(e[0].hint.as_deref().is_some_and(|h| h.contains('&')));
    let e = errs("def f(x): x");
    assert!(e[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("fn name(x")));
    let e = errs("y = not x");
    assert!(e[0].hint.as_deref().is_some_and(|h| h.contains('~')));
}

#[test]
fn literals() {
    assert_eq!(
        p("12; 1_000; 1.5; .5; 1.; 1e-3; True; False; None; 'a\\tb'; \"q\""),
        "12; 1000; 1.5; 0.5; 1.0; 0.001; true; false; None; \"a\\tb\"; \"q\""
    );
}

#[test]
fn tuples_lists_and_parens() {
    assert_eq!(p("(a, b)"), "(tuple a b)");
    assert_eq!(p("(a,)"), "(tuple a)");
    assert_eq!(p("()"), "(tuple)");
    assert_eq!(p("(a)"), "a");
    assert_eq!(p("a, b"), "(tuple a b)");
    assert_eq!(p("x = 1, 2,"), "(= x (tuple 1 2))");
    assert_eq!(p("[]; [1]; [1, 2,]"), "(list); (list 1); (list 1 2)");
    assert_eq!(p("[(1, 2), [3]]"), "(list (tuple 1 2) (list 3))");
}

#[test]
fn parenthesised_span_covers_parens() {
    let prog = ok("y = (a + b) * 2");
    let Stmt::Assign { value, .. } = &prog.stmts[0].node else {
        panic!()
    };
    let Expr::Binary { lhs, .. } = &value.node else {
        panic!()
    };
    assert_eq!(lhs.span, 4..11);
    assert_eq!(value.span, 4..15);
    assert_eq!(prog.stmts[0].span, 0..15);
}

#[test]
fn calls_attributes_and_keywords() {
    assert_eq!(p("f()"), "(call f)");
    assert_eq!(p("f(a, k=v)"), "(call f a k=v)");
    assert_eq!(p("f(a, b,)"), "(call f a b)");
    assert_eq!(p("x.T"), "(. x T)");
    assert_eq!(p("x.sum(axis=0).T"), "(. (call (. x sum) axis=0) T)");
    assert_eq!(p("print(a, b)"), "(call print a b)");
    assert_eq!(p("f(x)(y)[0]"), "(idx (call (call f x) y) 0)");
}

#[test]
fn keyword_argument_rules() {
    let e = errs("f(k=1, 2)");
    assert_eq!(e[0].message, "positional argument after keyword argument");
    assert_eq!(e[0].span, 7..8);
    let e = errs("f(k=1, k=2)");
    assert_eq!(e[0].message, "keyword argument `k` given twice");
}

#[test]
fn slicing_forms() {
    assert_eq!(
        p("x[1, 2:5, ::-1, None, ...]"),
        "(idx x 1 (: 2 5 _) (: _ _ (neg 1)) None ...)"
    );
    assert_eq!(p("x[:]"), "(idx x (: _ _ _))");
    assert_eq!(p("x[::2]"), "(idx x (: _ _ 2))");
    assert_eq!(p("x[1:]"), "(idx x (: 1 _ _))");
    assert_eq!(p("x[:n-1]"), "(idx x (: _ (- n 1) _))");
    assert_eq!(p("x[a:b:c]"), "(idx x (: a b c))");
    assert_eq!(p("x[1::]"), "(idx x (: 1 _ _))");
    assert_eq!(p("x[..., 0]"), "(idx x ... 0)");
    assert_eq!(p("x[i,]"), "(idx x i)");
    assert_eq!(p("x[0][1]"), "(idx (idx x 0) 1)");
}

#[test]
fn index_item_spans() {
    let prog = ok("x[1:3, None]");
    let Stmt::Expr(e) = &prog.stmts[0].node else {
        panic!()
    };
    let Expr::Index { indices, .. } = &e.node else {
        panic!()
    };
    assert_eq!(indices[0].span, 2..5);
    assert_eq!(indices[1].span, 7..11);
    assert!(matches!(&indices[1].node, Index::Expr(e) if e.node == Expr::None));
}

#[test]
fn tuple_unpacking() {
    assert_eq!(p("u, s, v = svd(a)"), "(= u,s,v (call svd a))");
    assert_eq!(p("(a, b) = b, a"), "(= a,b (tuple b a))");
    let prog = ok("u, s = x");
    let Stmt::Assign { targets, .. } = &prog.stmts[0].node else {
        panic!()
    };
    assert_eq!(targets[1].span, 3..4);
}

#[test]
fn bad_assignment_targets() {
    let e = errs("a + 1 = 2\nf(x) = 1\na, 1 = 2, 3");
    let msgs: Vec<(&str, Span)> = e
        .iter()
        .map(|e| (e.message.as_str(), e.span.clone()))
        .collect();
    assert_eq!(
        msgs,
        vec![
            ("cannot assign to an expression", 0..5),
            ("cannot assign to an expression", 10..14),
            ("cannot assign to an expression", 22..23),
        ]
    );
}

#[test]
fn fn_defs_with_defaults_and_docs() {
    let src = "x = 1\n# Scales a.\n#\n#   by k\nfn scale(a, k=1, c=2.5) = a * k + c\nfn g() = 0\n";
    assert_eq!(
        p(src),
        "(= x 1); (fn scale (a k=1 c=2.5) (+ (* a k) c)); (fn g () 0)"
    );
    let prog = ok(src);
    let Stmt::FnDef { doc, name, .. } = &prog.stmts[1].node else {
        panic!()
    };
    assert_eq!(doc.as_deref(), Some("Scales a.\n\n  by k"));
    assert_eq!(name.span, 32..37);
    let Stmt::FnDef { doc, .. } = &prog.stmts[2].node else {
        panic!()
    };
    assert_eq!(*doc, None);
}

#[test]
fn doc_needs_comment_directly_above() {
    let prog = ok("# not a doc\n\nfn f(x) = x\n  # doc\nfn g(x) = x");
    let docs: Vec<Option<String>> = prog
        .stmts
        .iter()
        .map(|s| match &s.node {
            Stmt::FnDef { doc, .. } => doc.clone(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(docs, vec![None, Some("doc".into())]);
}

#[test]
fn parameter_rules() {
    let e = errs("fn f(a=1, b) = a\nfn g(a, a) = a");
    assert_eq!(e.len(), 2);
    assert_eq!(
        e[0].message,
        "parameter `b` without a default follows one with a default"
    );
    assert_eq!(e[1].message, "parameter `a` given twice");
}

#[test]
fn multi_line_bracketed_expressions() {
    let src = "y = f(a,\n      b,\n      k=[1,\n         2],\n)\nz = (1 +\n  2)\n";
    assert_eq!(p(src), "(= y (call f a b k=(list 1 2))); (= z (+ 1 2))");
}

#[test]
fn semicolons_comments_and_blank_lines() {
    let src = "\n# header\na = 1; b = 2;\n\n; ;\nc = a + b  # trailing\n# end";
    assert_eq!(p(src), "(= a 1); (= b 2); (= c (+ a b))");
    assert_eq!(p(""), "");
    assert_eq!(p("# only a comment"), "");
    assert_eq!(p("a \\\n + b"), "(+ a b)");
}

#[test]
fn statement_spans() {
    let prog = ok("a = 1;  b\n");
    assert_eq!(prog.stmts[0].span, 0..5);
    assert_eq!(prog.stmts[1].span, 8..9);
}

#[test]
fn recovery_reports_every_bad_line() {
    let src = "a = 1\nb = 2 +\nc = 3\nd = 4 4\ne = 5\n";
    let e = errs(src);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0].message, "unexpected newline");
    assert_eq!(e[0].span, 13..14);
    assert_eq!(e[0].expected, vec!["an expression"]);
    assert_eq!(e[1].message, "unexpected `4`");
    assert_eq!(e[1].span, 26..27);
}

#[test]
fn unexpected_closer_and_end_of_input() {
    let e = errs("f(1))");
    assert_eq!(e[0].message, "unexpected `)`");
    assert_eq!(e[0].span, 4..5);
    let e = errs("x = (1, 2");
    assert_eq!(e[0].message, "unexpected end of input");
    assert!(
        e[0].expected.contains(&"`)`".to_string()),
        "{:?}",
        e[0].expected
    );
    let e = errs("fn (x) = 1");
    assert_eq!(e[0].expected, vec!["a name"]);
}

#[test]
fn lexer_errors_are_reported_with_parse_errors() {
    let e = errs("a = $\nb = 'oops\nc = )\nd = 1");
    let msgs: Vec<(&str, Span)> = e
        .iter()
        .map(|e| (e.message.as_str(), e.span.clone()))
        .collect();
    assert_eq!(
        msgs,
        vec![
            ("unexpected character `$`", 4..5),
            ("unterminated string", 10..15),
            ("unexpected `)`", 20..21),
        ]
    );
}

#[test]
fn integer_overflow_is_an_error() {
    let e = errs("99999999999999999999");
    assert_eq!(
        e[0].message,
        "integer literal `99999999999999999999` is too large"
    );
}

#[test]
fn garbage_never_panics() {
    let garbage = [
        "",
        ")",
        "(",
        "]]]",
        "[[[",
        "{",
        "}",
        "...",
        ":",
        "::",
        "x[",
        "x[:",
        "x[::",
        "x[,]",
        "f(,)",
        "f(a=)",
        "fn",
        "fn f",
        "fn f(",
        "fn f()",
        "fn f() =",
        "= 1",
        "a = = 1",
        "a b c",
        "1 2 3\n4 5 6",
        "'",
        "\"",
        "'\\",
        "\\",
        "a.",
        "a.1",
        "1..2",
        ".",
        "**",
        "-",
        "~~~~",
        "a ** ** b",
        "#",
        "\n\n\n",
        ";;;",
        "x = (\n",
        "é",
        "\u{0}",
        "a, = 1",
        "(,)",
        "[,]",
        "x[...:...]",
        "f(k=1, 2, k=3)",
        "\r\n\r\n",
        "a\tb",
        "((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))",
        "1e",
        "1e+",
        "0x10",
        "1_",
        "_1",
        "None = 3",
        "True()",
        "'a' 'b'",
        "x[None:]",
    ];
    for src in garbage {
        let _ = parse(src);
    }
    // Every prefix of a realistic program, and every byte-deleted variant.
    let prog = "fn f(a, b=1) = a @ b.T + x[1:2, ::-1, None, ...]\nu, s = svd(f(x, b=2))\n";
    for i in 0..=prog.len() {
        let _ = parse(&prog[..i]);
        let mut s = prog.to_string();
        if i < prog.len() {
            s.remove(i);
            let _ = parse(&s);
        }
    }
    // Pseudo-random token soup.
    let pieces = [
        "a", "1", "(", ")", "[", "]", ",", ":", "=", "+", "**", "\n", ";", "fn", ".", "...", "'s'",
        "None", "-", "#c\n", "$",
    ];
    let mut seed: u64 = 12345;
    for _ in 0..2000 {
        let mut s = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            s.push(' ');
        }
        let _ = parse(&s);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for src in [
        format!("{}x", "-".repeat(50_000)),
        format!("{}x{}", "f(".repeat(30_000), ")".repeat(30_000)),
        format!("{}1{}", "[".repeat(30_000), "]".repeat(30_000)),
        format!("x{}", "+x".repeat(50_000)),
        format!("x{}", ".a".repeat(50_000)),
        format!("x{}", "**x".repeat(50_000)),
    ] {
        let e = errs(&src);
        assert!(
            e[0].message.starts_with("expression nested too deeply"),
            "{e:?}"
        );
    }
    // Long but flat programs are fine.
    let list = format!("[{}]", "1, ".repeat(50_000));
    assert!(parse(&list).is_ok());
    // 10,000 levels parse (and drop) on a thread with a large stack, as the binary runs.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let nested = format!("{}x", "-".repeat(10_000));
            assert!(parse(&nested).is_ok());
            let parens = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
            assert!(parse(&parens).is_ok());
        })
        .expect("spawn")
        .join()
        .expect("deep parse");
    let sums = "x = 1 + 2\n".repeat(5_000);
    assert!(parse(&sums).is_ok());
}
