//! Input and output of array files, chunk by chunk.

pub mod attrs;
pub mod cf;
pub mod cftime;
pub mod concat;
pub mod coord;
pub mod dims_check;
pub mod glob;
pub mod h5check;
pub mod h5meta;
pub mod hdf5;
pub mod memory;
pub mod nc3source;
pub mod netcdf3;
pub mod netcdf4;
pub mod npy;
pub mod probe;
pub mod rawchunk;
pub mod source;
pub mod spill;
pub mod tempfiles;
pub mod writer_slot;
pub mod zarr;

thread_local! {
    static PLAN_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is only planning outputs: a cluster worker rebuilding the client's
/// graph creates no output directories and probes no output paths (the client writes every
/// output).
pub fn plan_only() -> bool {
    PLAN_ONLY.with(|p| p.get())
}

/// Runs `f` with [`plan_only`] set on this thread.
pub fn with_plan_only<R>(f: impl FnOnce() -> R) -> R {
    let before = PLAN_ONLY.with(|p| p.replace(true));
    let r = f();
    PLAN_ONLY.with(|p| p.set(before));
    r
}
