//! Lexer: source text -> tokens with spans.
