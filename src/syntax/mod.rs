//! Syntax: source text -> tokens -> AST.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod token;
