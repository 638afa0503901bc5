//! Zarr stores (v2 and v3, through the `zarrs` crates): a store directory -> array sources,
//! and computed blocks -> a store.
//!
//! ```text
//! is_store("era.zarr")          -> `.zgroup`/`.zarray`/`.zmetadata`/`zarr.json` inside
//! open("era.zarr", "t2m")       -> ZarrSource (read.rs): regions decoded chunk by chunk
//! save("out.zarr", "t2m", x)    -> ZarrTarget (write.rs): one stored chunk per block,
//!                                  metadata last
//! ```

pub mod read;
pub mod write;

pub use read::{list, open, ZarrSource};
pub use write::{ZarrTarget, ZarrVar};

use std::path::Path;
use std::sync::Arc;
use zarrs::filesystem::FilesystemStore;
use zarrs::storage::ReadableWritableListableStorage;

/// Whether `path` is a Zarr store (a group or an array), by its metadata files.
pub fn is_store(path: &Path) -> bool {
    path.is_dir()
        && [".zgroup", ".zarray", ".zmetadata", "zarr.json"]
            .iter()
            .any(|m| path.join(m).is_file())
}

/// Whether `path` names a Zarr store to write (by its name: it need not exist yet).
pub fn is_store_name(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    p.ends_with(".zarr") || is_store(Path::new(p))
}

/// A filesystem store rooted at `path`.
pub(crate) fn fs_store(path: &Path) -> Result<ReadableWritableListableStorage, String> {
    FilesystemStore::new(path)
        .map(|s| Arc::new(s) as ReadableWritableListableStorage)
        .map_err(|e| format!("cannot open zarr store `{}`: {e}", path.display()))
}
