//! All integration tests, in one binary.

mod cluster;
mod common;
mod diagnostics;
mod differential;
mod dtype_interop;
mod examples;
mod files;
mod fuzz;
mod golden;
mod graphs;
mod interrupt;
mod labels_io;
mod labels_save;
mod memory_limit;
mod netcdf_interop;
mod numpy_dtypes;
mod numpy_families;
mod numpy_parity;
mod pictures;
mod printing;
mod repl_pty;
mod robust;
mod save_safety;
mod spill;
mod zarr_interop;
