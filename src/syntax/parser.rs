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
mod tests;
