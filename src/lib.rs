//! arrlang: a numpy-like array language compiled to chunked task graphs.

pub mod dtype;
pub mod io;
pub mod kernels;
pub mod source;
pub mod syntax;
pub mod diagnostic;
pub mod expr;
pub mod graph;
pub mod lower;
pub mod optimize;
pub mod order;
pub mod schedule;
pub mod session;
pub mod repl;
