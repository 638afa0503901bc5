//! Tokens: source text -> `Tok` values (a logos lexer; `lexer.rs` adds spans and brackets).

use logos::{Lexer, Logos};
use std::fmt;

/// Why a piece of source text is not a token. `lexer.rs` pairs it with the span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LexErrorKind {
    /// A character that starts no token (logos' default error).
    #[default]
    UnexpectedChar,
    /// A string without its closing quote on the same line.
    UnterminatedString,
    /// An integer literal that does not fit in an `i64`.
    IntTooLarge,
}

/// One token. Whitespace, comments and `\`-newline continuations are skipped here;
/// newlines inside brackets are dropped later by `lexer.rs`.
#[derive(Logos, Debug, Clone, PartialEq)]
#[logos(error = LexErrorKind)]
#[logos(skip r"[ \t\r\f]+")]
#[logos(skip r"\\\r?\n")]
pub enum Tok {
    #[regex(r"#[^\n]*", logos::skip, allow_greedy = true)]
    Comment,

    #[token("\n")]
    Newline,
    #[token(";")]
    Semi,

    #[regex(r"[0-9][0-9_]*", lex_int)]
    Int(i64),
    #[regex(r"[0-9][0-9_]*\.[0-9_]*([eE][+-]?[0-9]+)?", lex_float)]
    #[regex(r"\.[0-9][0-9_]*([eE][+-]?[0-9]+)?", lex_float)]
    #[regex(r"[0-9][0-9_]*[eE][+-]?[0-9]+", lex_float)]
    Float(f64),
    /// An imaginary literal: `2j`, `1.5j`, `1e3J` (Python's).
    #[regex(r"[0-9][0-9_]*[jJ]", lex_imag)]
    #[regex(r"[0-9][0-9_]*\.[0-9_]*([eE][+-]?[0-9]+)?[jJ]", lex_imag)]
    #[regex(r"\.[0-9][0-9_]*([eE][+-]?[0-9]+)?[jJ]", lex_imag)]
    #[regex(r"[0-9][0-9_]*[eE][+-]?[0-9]+[jJ]", lex_imag)]
    Imag(f64),
    #[token("\"", |lex| lex_string(lex, '"'))]
    #[token("'", |lex| lex_string(lex, '\''))]
    Str(String),
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice().to_string())]
    Name(String),

    #[token("fn")]
    Fn,
    #[token("True")]
    True,
    #[token("False")]
    False,
    #[token("None")]
    None,

    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token("=")]
    Assign,
    /// `+=` `-=` `*=` `/=` `//=` `%=` `**=` `@=` `&=` `|=` `^=`: an update of a name.
    #[token("+=", |_| AugOp::Add)]
    #[token("-=", |_| AugOp::Sub)]
    #[token("*=", |_| AugOp::Mul)]
    #[token("/=", |_| AugOp::Div)]
    #[token("//=", |_| AugOp::FloorDiv)]
    #[token("%=", |_| AugOp::Mod)]
    #[token("**=", |_| AugOp::Pow)]
    #[token("@=", |_| AugOp::MatMul)]
    #[token("&=", |_| AugOp::And)]
    #[token("|=", |_| AugOp::Or)]
    #[token("^=", |_| AugOp::Xor)]
    AugAssign(AugOp),

    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,

    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("//")]
    SlashSlash,
    #[token("%")]
    Percent,
    #[token("@")]
    At,
    #[token("**")]
    StarStar,
    #[token("&")]
    Amp,
    #[token("|")]
    Pipe,
    #[token("^")]
    Caret,
    #[token("~")]
    Tilde,

    /// Never produced by logos: the parser driver puts it where a lexer error was, so the
    /// grammar's error recovery skips the rest of that statement.
    Error,
}

fn lex_int(lex: &mut Lexer<Tok>) -> Result<i64, LexErrorKind> {
    lex.slice()
        .replace('_', "")
        .parse()
        .map_err(|_| LexErrorKind::IntTooLarge)
}

fn lex_float(lex: &mut Lexer<Tok>) -> Option<f64> {
    lex.slice().replace('_', "").parse().ok()
}

fn lex_imag(lex: &mut Lexer<Tok>) -> Option<f64> {
    let s = lex.slice().replace('_', "");
    s[..s.len() - 1].parse().ok()
}

/// Scans a string body after its opening `quote`. Strings end on the same line.
fn lex_string(lex: &mut Lexer<Tok>, quote: char) -> Result<String, LexErrorKind> {
    let rest = lex.remainder();
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => {
                lex.bump(i + 1);
                return Ok(out);
            }
            '\n' => {
                // Leave the newline: it ends the statement, so recovery resumes after it.
                lex.bump(i);
                return Err(LexErrorKind::UnterminatedString);
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '0')) => out.push('\0'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '\'')) => out.push('\''),
                Some((_, '"')) => out.push('"'),
                Some((j, '\n')) => {
                    lex.bump(j);
                    return Err(LexErrorKind::UnterminatedString);
                }
                // Unknown escapes stay as written, as in Python.
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => break,
            },
            c => out.push(c),
        }
    }
    lex.bump(rest.len());
    Err(LexErrorKind::UnterminatedString)
}

impl fmt::Display for Tok {
    /// The token as source text, for messages such as "unexpected `)`".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Tok::Int(v) => return write!(f, "{v}"),
            Tok::Float(v) => return write!(f, "{v:?}"),
            Tok::Imag(v) => return write!(f, "{v:?}j"),
            Tok::Str(s) => return write!(f, "{s:?}"),
            Tok::Name(s) => return f.write_str(s),
            Tok::Comment => "#",
            Tok::Newline => "newline",
            Tok::Semi => ";",
            Tok::Fn => "fn",
            Tok::True => "True",
            Tok::False => "False",
            Tok::None => "None",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Comma => ",",
            Tok::Colon => ":",
            Tok::Dot => ".",
            Tok::Ellipsis => "...",
            Tok::Assign => "=",
            Tok::AugAssign(op) => op.symbol(),
            Tok::EqEq => "==",
            Tok::NotEq => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::SlashSlash => "//",
            Tok::Percent => "%",
            Tok::At => "@",
            Tok::StarStar => "**",
            Tok::Amp => "&",
            Tok::Pipe => "|",
            Tok::Caret => "^",
            Tok::Tilde => "~",
            Tok::Error => "error",
        };
        f.write_str(s)
    }
}

/// The operator of an augmented assignment (`x += 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AugOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    And,
    Or,
    Xor,
}

impl AugOp {
    pub fn symbol(self) -> &'static str {
        match self {
            AugOp::Add => "+=",
            AugOp::Sub => "-=",
            AugOp::Mul => "*=",
            AugOp::Div => "/=",
            AugOp::FloorDiv => "//=",
            AugOp::Mod => "%=",
            AugOp::Pow => "**=",
            AugOp::MatMul => "@=",
            AugOp::And => "&=",
            AugOp::Or => "|=",
            AugOp::Xor => "^=",
        }
    }
}
