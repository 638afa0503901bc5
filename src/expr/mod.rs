//! Expressions: AST -> symbolic lazy arrays (shape, dtype and chunks), and the interpreter
//! that evaluates statements into them.

pub mod build;
pub mod builtins;
pub mod chunks;
pub mod eager;
pub mod interp;
pub mod linalg;
pub mod node;
pub mod value;
