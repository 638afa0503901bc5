//! Parser: tokens -> ast::Program (lalrpop grammar in grammar/arrlang.lalrpop).

use super::ast::Program;
use crate::source::Span;

/// A syntax error with the span it points at.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    /// What the parser expected there, for the report's note.
    pub expected: Vec<String>,
}

/// Parses a whole program, reporting every error it can recover from.
pub fn parse(src: &str) -> Result<Program, Vec<ParseError>> {
    let _ = src;
    todo!("syntax::parser::parse")
}
