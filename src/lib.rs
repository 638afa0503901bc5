//! arrlang: a numpy-like array language compiled to chunked task graphs.

pub mod budget;
pub mod cluster;
pub mod diagnostic;
pub mod dtype;
pub mod embed;
pub mod expr;
pub mod graph;
pub mod io;
pub mod keep;
pub mod kernels;
pub mod lower;
pub mod optimize;
pub mod order;
pub mod render;
pub mod repl;
pub mod schedule;
pub mod session;
pub mod signals;
pub mod source;
pub mod spilling;
pub mod staging;
pub mod suggest;
pub mod syntax;
