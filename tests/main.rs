//! All integration tests, in one binary.

mod common;
mod diagnostics;
mod differential;
mod examples;
mod files;
mod golden;
mod graphs;
mod labels_io;
mod netcdf_interop;
mod numpy_families;
mod numpy_parity;
mod pictures;
mod printing;
mod repl_pty;
mod robust;
mod spill;
mod zarr_interop;
