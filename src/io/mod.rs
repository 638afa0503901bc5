//! Input and output of array files, chunk by chunk.

pub mod netcdf3;
pub mod netcdf4;
pub mod npy;
