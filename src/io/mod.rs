//! Input and output of array files, chunk by chunk.

pub mod npy;
