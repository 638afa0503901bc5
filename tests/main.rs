//! All integration tests, in one binary.

mod common;
mod diagnostics;
mod differential;
mod examples;
mod files;
mod golden;
mod graphs;
mod numpy_parity;
