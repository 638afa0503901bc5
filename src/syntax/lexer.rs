//! Lexer: source text -> `(start, Tok, end)` triples for the lalrpop parser.
//!
//! Wraps the logos lexer of `token.rs`, attaches byte spans, and drops newlines inside
//! `( [ {` so that an expression may span several lines.

use super::token::{LexErrorKind, Tok};
use crate::source::Span;
use logos::Logos;
use std::fmt;

/// A lexer error with the span of the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexErr {
    pub kind: LexErrorKind,
    pub span: Span,
    /// The offending source text (for the message).
    pub text: String,
}

impl fmt::Display for LexErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            LexErrorKind::UnexpectedChar => {
                let c = self.text.chars().next().unwrap_or('?');
                write!(f, "unexpected character `{}`", c.escape_debug())
            }
            LexErrorKind::UnterminatedString => f.write_str("unterminated string"),
            LexErrorKind::IntTooLarge => {
                write!(f, "integer literal `{}` is too large", self.text)
            }
        }
    }
}

impl std::error::Error for LexErr {}

/// What the lalrpop parser consumes: a token between two byte offsets, or an error.
pub type SpannedTok = Result<(usize, Tok, usize), LexErr>;

/// An iterator of tokens with spans over one source text.
pub struct Lexer<'src> {
    inner: logos::Lexer<'src, Tok>,
    /// Open brackets; newlines are insignificant while this is positive.
    depth: usize,
}

impl<'src> Lexer<'src> {
    /// Starts lexing `src` from its beginning.
    pub fn new(src: &'src str) -> Self {
        Lexer {
            inner: Tok::lexer(src),
            depth: 0,
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = SpannedTok;

    fn next(&mut self) -> Option<SpannedTok> {
        loop {
            let result = self.inner.next()?;
            let span = self.inner.span();
            let tok = match result {
                Ok(tok) => tok,
                Err(kind) => {
                    let text = self.inner.slice().to_string();
                    return Some(Err(LexErr { kind, span, text }));
                }
            };
            match tok {
                Tok::LParen | Tok::LBracket | Tok::LBrace => self.depth += 1,
                // An unmatched closer is the parser's error to report; keep depth sane.
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    self.depth = self.depth.saturating_sub(1)
                }
                Tok::Newline if self.depth > 0 => continue,
                _ => {}
            }
            return Some(Ok((span.start, tok, span.end)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        Lexer::new(src)
            .map(|r| r.map(|(_, t, _)| t).unwrap_or(Tok::Error))
            .collect()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("12 1_000 1.5 .5 1. 1e-3 2.5E+4"),
            vec![
                Tok::Int(12),
                Tok::Int(1000),
                Tok::Float(1.5),
                Tok::Float(0.5),
                Tok::Float(1.0),
                Tok::Float(1e-3),
                Tok::Float(2.5e4),
            ]
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            toks(r#"'a\n' "b\"c" 'it\'s'"#),
            vec![
                Tok::Str("a\n".into()),
                Tok::Str("b\"c".into()),
                Tok::Str("it's".into())
            ]
        );
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        let all: Vec<_> = Lexer::new("x = 'abc\ny").collect();
        assert_eq!(
            all[2],
            Err(LexErr {
                kind: LexErrorKind::UnterminatedString,
                span: 4..8,
                text: "'abc".into()
            })
        );
        assert_eq!(all[3], Ok((8, Tok::Newline, 9)));
    }

    #[test]
    fn newlines_inside_brackets_are_dropped() {
        assert_eq!(
            toks("f(a,\n b)\n# c\nx"),
            vec![
                Tok::Name("f".into()),
                Tok::LParen,
                Tok::Name("a".into()),
                Tok::Comma,
                Tok::Name("b".into()),
                Tok::RParen,
                Tok::Newline,
                Tok::Newline,
                Tok::Name("x".into()),
            ]
        );
    }

    #[test]
    fn keywords_and_ellipsis() {
        assert_eq!(
            toks("fn fnx True None ... x.T"),
            vec![
                Tok::Fn,
                Tok::Name("fnx".into()),
                Tok::True,
                Tok::None,
                Tok::Ellipsis,
                Tok::Name("x".into()),
                Tok::Dot,
                Tok::Name("T".into()),
            ]
        );
    }

    #[test]
    fn unexpected_character_span_covers_whole_char() {
        let all: Vec<_> = Lexer::new("a é").collect();
        let Err(e) = &all[1] else { panic!("{all:?}") };
        assert_eq!(e.span, 2..4);
        assert_eq!(e.to_string(), "unexpected character `é`");
    }
}
