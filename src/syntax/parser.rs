//! Parser: tokens -> ast::Program (lalrpop grammar in grammar/arrlang.lalrpop).
//!
//! `parse` runs the lexer, feeds the tokens to the generated parser, and gathers every lexer
//! and parser error. The grammar skips a bad statement up to the next newline or `;` and
//! goes on, so one run reports all syntax errors. The helpers below are the grammar's actions.

use super::ast::{Arg, BinOp, Expr, Param, Program, Stmt};
use super::lexer::{LexErr, Lexer};
use super::token::Tok;
use crate::source::{Span, Spanned};
use std::collections::HashSet;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused_qualifications)]
    grammar,
    "/arrlang.rs"
);

/// A syntax error with the span it points at.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    /// What the parser expected there, for the report's note.
    pub expected: Vec<String>,
    /// A targeted hint for a habit from Python (`and`, `def`, ...).
    pub hint: Option<String>,
}

impl ParseError {
    fn new(message: impl Into<String>, span: Span) -> Self {
        ParseError {
            message: message.into(),
            span,
            expected: Vec::new(),
            hint: None,
        }
    }
}

impl From<LexErr> for ParseError {
    fn from(e: LexErr) -> Self {
        ParseError::new(e.to_string(), e.span)
    }
}

type LalrpopError = lalrpop_util::ParseError<usize, Tok, LexErr>;
type ErrorRecovery = lalrpop_util::ErrorRecovery<usize, Tok, LexErr>;

/// Parses a whole program, reporting every error it can recover from.
///
/// Errors come sorted by position. Never panics, whatever the input.
pub fn parse(src: &str) -> Result<Program, Vec<ParseError>> {
    let mut errors: Vec<ParseError> = Vec::new();
    // A lexer error becomes an `error` token that no rule accepts, so the grammar's error
    // recovery skips the rest of that statement; the error itself is reported from here.
    let tokens: Vec<Result<(usize, Tok, usize), LexErr>> = Lexer::new(src)
        .map(|item| match item {
            Ok(triple) => Ok(triple),
            Err(e) => {
                let span = e.span.clone();
                errors.push(e.into());
                Ok((span.start, Tok::Error, span.end))
            }
        })
        .collect();
    if let Some(e) = too_deep(&tokens) {
        errors.push(e);
        return Err(errors);
    }
    let result = grammar::ProgramParser::new().parse(src, &mut errors, tokens);
    let stmts = match result {
        Ok(stmts) => stmts,
        Err(e) => {
            errors.extend(convert_error(src, e));
            Vec::new()
        }
    };
    if errors.is_empty() {
        return Ok(Program { stmts });
    }
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup();
    Err(errors)
}

/// The deepest expression nesting accepted. Later stages walk the tree recursively (and so
/// does dropping it), so a deeper tree would overflow the stack instead of failing cleanly:
/// the `arrlang` binary runs the pipeline on a thread with a 1 GiB stack, which holds this
/// depth many times over; library callers need a large stack too (tests use 256 MiB).
pub const MAX_DEPTH: usize = 20_000;

/// Finds the first token where an upper bound on the expression tree depth passes
/// `MAX_DEPTH`: one level per open bracket plus one per operator since the last `,` `:` `=`
/// or statement end at each bracket level.
fn too_deep(tokens: &[Result<(usize, Tok, usize), LexErr>]) -> Option<ParseError> {
    let mut levels: Vec<usize> = vec![0];
    let mut total = 0;
    for (l, tok, r) in tokens.iter().flatten() {
        match tok {
            Tok::LParen | Tok::LBracket | Tok::LBrace => {
                *levels.last_mut()? += 1;
                total += 1;
                levels.push(0);
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace if levels.len() > 1 => {
                total -= levels.pop()?;
            }
            Tok::Newline | Tok::Semi => {
                levels = vec![0];
                total = 0;
            }
            Tok::Comma | Tok::Colon | Tok::Assign => total -= std::mem::take(levels.last_mut()?),
            Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::Name(_) => {}
            Tok::True | Tok::False | Tok::None | Tok::Ellipsis | Tok::Fn => {}
            // Operators, `.`, stray closers, errors.
            _ => {
                *levels.last_mut()? += 1;
                total += 1;
            }
        }
        if total > MAX_DEPTH {
            return Some(ParseError::new(
                format!("expression nested too deeply (more than {MAX_DEPTH} levels)"),
                *l..*r,
            ));
        }
    }
    None
}

// ---- grammar actions ----------------------------------------------------------------------

/// Turns the error of a skipped statement into a report (none for an `error` token: the
/// lexer error behind it is already reported).
fn recovery_error(src: &str, rec: ErrorRecovery) -> Option<ParseError> {
    convert_error(src, rec.error)
}

fn convert_error(src: &str, e: LalrpopError) -> Option<ParseError> {
    use lalrpop_util::ParseError as E;
    Some(match e {
        E::UnrecognizedToken {
            token: (_, Tok::Error, _),
            ..
        } => return None,
        E::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => ParseError {
            message: unexpected(src, &tok, l..r),
            span: l..r,
            expected: readable_expected(&expected),
            hint: python_hint(src, l..r),
        },
        E::UnrecognizedEof { location, expected } => ParseError {
            message: "unexpected end of input".into(),
            span: location..location,
            expected: readable_expected(&expected),
            hint: None,
        },
        E::ExtraToken { token: (l, tok, r) } => ParseError::new(unexpected(src, &tok, l..r), l..r),
        E::InvalidToken { location } => ParseError::new("invalid token", location..location),
        E::User { error } => error.into(),
    })
}

/// A hint for Python spellings arrlang does not have, from the unexpected token and the
/// word before it.
fn python_hint(src: &str, span: Span) -> Option<String> {
    let tok = src.get(span.clone())?;
    let before = src.get(..span.start)?.trim_end();
    let prev: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let hint = match (prev.as_str(), tok) {
        (_, "and") => "arrays combine elementwise with `&`: `(a > 0) & (b < 1)` (or `logical_and(a, b)`)",
        (_, "or") => "arrays combine elementwise with `|`: `(a < 0) | (a > 1)` (or `logical_or(a, b)`)",
        ("not", _) => "negate elementwise with `~`: `~(a > 0)` (or `logical_not(a)`)",
        ("def", _) => "functions are defined on one line: `fn name(x, k=1) = expr`",
        ("lambda", _) => "name the function instead: `fn f(x) = expr`",
        ("return", _) => "a function is one expression: `fn name(x) = expr`, with no `return`",
        (_, "is") => "compare values with `==` (and `x == None` for None)",
        (_, "if") | (_, "for") => "arrlang has no statements but assignments: use `where(cond, a, b)` for choices and whole-array operations for loops",
        _ => return None,
    };
    Some(hint.to_string())
}

fn unexpected(src: &str, tok: &Tok, span: Span) -> String {
    match tok {
        Tok::Newline => "unexpected newline".into(),
        _ => {
            let text = src
                .get(span)
                .map_or_else(|| tok.to_string(), str::to_string);
            format!("unexpected `{text}`")
        }
    }
}

/// Tokens that can start an expression, as the grammar names them.
const EXPR_START: &[&str] = &[
    "int", "float", "imag", "string", "name", "True", "False", "None", "(", "[", "-", "+", "~",
];
/// Tokens that can continue an expression: binary operators and postfix openers.
const EXPR_CONTINUE: &[&str] = &[
    "==", "!=", "<", "<=", ">", ">=", "|", "^", "&", "+", "-", "*", "/", "//", "%", "@", "**", "(",
    "[", ".",
];

/// Turns lalrpop's terminal names (`"\")\""`) into short phrases: "`)`", "an expression".
fn readable_expected(expected: &[String]) -> Vec<String> {
    let names: Vec<&str> = expected.iter().map(|s| s.trim_matches('"')).collect();
    let has = |n: &str| names.contains(&n);
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |s: String| {
        if seen.insert(s.clone()) {
            out.push(s);
        }
    };
    let expr = has("int");
    let op = has("**");
    if expr {
        push("an expression".into());
    }
    for &n in &names {
        if (expr && EXPR_START.contains(&n)) || (op && EXPR_CONTINUE.contains(&n)) {
            continue;
        }
        match n {
            "name" => push("a name".into()),
            // Either ends a statement; name just one.
            "newline" | ";" => {}
            _ => push(format!("`{n}`")),
        }
    }
    if op {
        push("an operator".into());
    }
    if has("newline") || has(";") {
        push("a newline".into());
    }
    out
}

fn binary(op: BinOp, lhs: Spanned<Expr>, rhs: Spanned<Expr>) -> Expr {
    Expr::Binary {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    }
}

/// `a < b`, or a chain `a < b <= c`.
fn compare(first: Spanned<Expr>, mut rest: Vec<(BinOp, Spanned<Expr>)>) -> Expr {
    if rest.len() == 1 {
        let (op, rhs) = rest.pop().expect("one");
        return binary(op, first, rhs);
    }
    Expr::Compare {
        first: Box::new(first),
        rest,
    }
}

/// `lhs = value`: the left side was parsed as an expression (a name or a tuple of names);
/// anything else is reported here.
fn assign(errors: &mut Vec<ParseError>, lhs: Spanned<Expr>, value: Spanned<Expr>) -> Stmt {
    if let Expr::Index { .. } = &lhs.node {
        return update(errors, lhs, None, value);
    }
    let items = match lhs.node {
        Expr::Name(name) => vec![Spanned::new(Expr::Name(name), lhs.span)],
        Expr::Tuple(items) if items.len() >= 2 => items,
        Expr::Tuple(_) => {
            errors.push(ParseError::new(
                "cannot unpack into fewer than two names",
                lhs.span,
            ));
            return Stmt::Expr(value);
        }
        _ => {
            errors.push(ParseError::new("cannot assign to an expression", lhs.span));
            return Stmt::Expr(value);
        }
    };
    let mut targets = Vec::with_capacity(items.len());
    for item in items {
        match item.node {
            Expr::Name(name) => targets.push(Spanned::new(name, item.span)),
            _ => errors.push(ParseError::new("cannot assign to an expression", item.span)),
        }
    }
    Stmt::Assign { targets, value }
}

/// `x[i] = v`, `x += v`, `x[i] += v`: the target is a name, or a name indexed once.
fn update(
    errors: &mut Vec<ParseError>,
    lhs: Spanned<Expr>,
    op: Option<Spanned<BinOp>>,
    value: Spanned<Expr>,
) -> Stmt {
    let span = lhs.span.clone();
    let (target, indices) = match lhs.node {
        Expr::Name(n) => (Spanned::new(n, span), None),
        Expr::Index { value: v, indices } => match v.node {
            Expr::Name(n) => (Spanned::new(n, v.span), Some(indices)),
            _ => {
                errors.push(ParseError::new(
                    "only a name or a name's index can be assigned to (`x[i] = v`)",
                    span,
                ));
                return Stmt::Expr(value);
            }
        },
        _ => {
            errors.push(ParseError::new("cannot assign to an expression", span));
            return Stmt::Expr(value);
        }
    };
    Stmt::Update {
        target,
        indices,
        op,
        value,
    }
}

/// `x op= v`.
pub fn aug_assign(
    errors: &mut Vec<ParseError>,
    lhs: Spanned<Expr>,
    op: crate::syntax::token::AugOp,
    value: Spanned<Expr>,
) -> Stmt {
    use crate::syntax::token::AugOp as A;
    let b = match op {
        A::Add => BinOp::Add,
        A::Sub => BinOp::Sub,
        A::Mul => BinOp::Mul,
        A::Div => BinOp::Div,
        A::FloorDiv => BinOp::FloorDiv,
        A::Mod => BinOp::Mod,
        A::Pow => BinOp::Pow,
        A::MatMul => BinOp::MatMul,
        A::And => BinOp::And,
        A::Or => BinOp::Or,
        A::Xor => BinOp::Xor,
    };
    let at = lhs.span.end..value.span.start;
    update(errors, lhs, Some(Spanned::new(b, at)), value)
}

/// `f(args)`: keyword arguments come last and at most once each.
fn call(errors: &mut Vec<ParseError>, func: Spanned<Expr>, args: Vec<Arg>) -> Expr {
    let mut seen_keyword = false;
    let mut names = HashSet::new();
    for arg in &args {
        match &arg.name {
            Some(name) => {
                seen_keyword = true;
                if !names.insert(name.node.as_str()) {
                    errors.push(ParseError::new(
                        format!("keyword argument `{}` given twice", name.node),
                        name.span.clone(),
                    ));
                }
            }
            None if seen_keyword => errors.push(ParseError::new(
                "positional argument after keyword argument",
                arg.value.span.clone(),
            )),
            None => {}
        }
    }
    Expr::Call {
        func: Box::new(func),
        args,
    }
}

/// `fn name(params) = body` starting at byte `start`: parameters are distinct, and
/// those with defaults come last.
fn fn_def(
    src: &str,
    errors: &mut Vec<ParseError>,
    start: usize,
    name: Spanned<String>,
    params: Vec<Param>,
    body: Spanned<Expr>,
) -> Stmt {
    let mut seen_default = false;
    let mut names = HashSet::new();
    for p in &params {
        if !names.insert(p.name.node.as_str()) {
            errors.push(ParseError::new(
                format!("parameter `{}` given twice", p.name.node),
                p.name.span.clone(),
            ));
        }
        if p.default.is_some() {
            seen_default = true;
        } else if seen_default {
            errors.push(ParseError::new(
                format!(
                    "parameter `{}` without a default follows one with a default",
                    p.name.node
                ),
                p.name.span.clone(),
            ));
        }
    }
    Stmt::FnDef {
        name,
        params,
        body,
        doc: doc_above(src, start),
    }
}

/// The `#` comment lines directly above the line where a definition starts at byte `start`
/// (only if the definition begins its line), without `#` and one following space.
fn doc_above(src: &str, start: usize) -> Option<String> {
    let start = start.min(src.len());
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    if !src[line_start..start].trim().is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    let mut end = line_start;
    while end > 0 {
        // `end - 1` is the newline that ends the line above.
        let above = &src[..end - 1];
        let begin = above.rfind('\n').map_or(0, |i| i + 1);
        let line = above[begin..].trim();
        let Some(text) = line.strip_prefix('#') else {
            break;
        };
        lines.push(text.strip_prefix(' ').unwrap_or(text).trim_end());
        end = begin;
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
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
                let op = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                    BinOp::FloorDiv => "//",
                    BinOp::Mod => "%",
                    BinOp::Pow => "**",
                    BinOp::MatMul => "@",
                    BinOp::And => "&",
                    BinOp::Or => "|",
                    BinOp::Xor => "^",
                    BinOp::Eq => "==",
                    BinOp::Ne => "!=",
                    BinOp::Lt => "<",
                    BinOp::Le => "<=",
                    BinOp::Gt => ">",
                    BinOp::Ge => ">=",
                };
                format!("({op} {} {})", sexpr(&lhs.node), sexpr(&rhs.node))
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
        let src =
            "x = 1\n# Scales a.\n#\n#   by k\nfn scale(a, k=1, c=2.5) = a * k + c\nfn g() = 0\n";
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
            "a", "1", "(", ")", "[", "]", ",", ":", "=", "+", "**", "\n", ";", "fn", ".", "...",
            "'s'", "None", "-", "#c\n", "$",
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
}
