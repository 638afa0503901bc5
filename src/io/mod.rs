//! Input and output of array files, chunk by chunk.

pub mod attrs;
pub mod cf;
pub mod cftime;
pub mod concat;
pub mod coord;
pub mod glob;
pub mod h5meta;
pub mod hdf5;
pub mod nc3source;
pub mod netcdf3;
pub mod netcdf4;
pub mod npy;
pub mod rawchunk;
pub mod source;
pub mod spill;
pub mod tempfiles;
pub mod zarr;
