//! Kernels: the per-chunk computations tasks run, on ndarray blocks.

pub mod block;
pub mod coarsen;
pub mod complex;
pub mod contract;
pub mod contract_gen;
pub mod eig;
pub mod elementwise;
pub mod envelope;
pub mod fancy;
pub mod fft;
pub mod format;
pub mod layout;
pub mod linalg;
pub mod linalg_complex;
pub mod program;
pub mod quantile;
pub mod random;
pub mod reduce;
pub mod scan;
pub mod sorting;

pub use block::{Block, Element, Scalar};
