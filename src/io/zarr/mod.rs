//! Zarr stores (v2 and v3, through the `zarrs` crates): a store directory -> array sources,
//! and computed blocks -> a store.
//!
//! ```text
//! is_store("era.zarr")          -> `.zgroup`/`.zarray`/`.zmetadata`/`zarr.json` inside
//! open("era.zarr", "t2m")       -> ZarrSource (read.rs): regions decoded chunk by chunk
//! save("out.zarr", "t2m", x)    -> ZarrTarget (write.rs): one stored chunk per block,
//!                                  metadata last
//! "s3://b/era.zarr", "https://…" -> the same, over an object store (remote.rs)
//! ```

pub mod consolidated;
pub mod read;
pub mod remote;
pub mod write;

pub use read::{list, open, ZarrSource};
pub use write::{ZarrTarget, ZarrVar};

use std::path::Path;
use std::sync::Arc;
use zarrs::filesystem::FilesystemStore;
use zarrs::storage::ReadableWritableListableStorage;

/// The URL of a store on an object store (`s3://`, `https://`), else None.
pub fn url_of(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| remote::is_url(s))
}

/// Whether `path` is a Zarr store (a group or an array), by its metadata files. Every
/// object-store URL is taken for one (they hold nothing else that arrlang reads).
pub fn is_store(path: &Path) -> bool {
    url_of(path).is_some()
        || path.is_dir()
            && [".zgroup", ".zarray", ".zmetadata", "zarr.json"]
                .iter()
                .any(|m| path.join(m).is_file())
}

/// Whether `path` names a Zarr store to write (by its name: it need not exist yet).
pub fn is_store_name(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    p.ends_with(".zarr") || is_store(Path::new(p))
}

/// The store at `path`: a directory, or an object store's URL.
pub(crate) fn open_store(path: &Path) -> Result<ReadableWritableListableStorage, String> {
    match url_of(path) {
        Some(url) => {
            let r = remote::RemoteStore::open(url)?;
            r.check_access()?;
            Ok(r.storage())
        }
        None => fs_store(path),
    }
}

/// A filesystem store rooted at `path`.
pub(crate) fn fs_store(path: &Path) -> Result<ReadableWritableListableStorage, String> {
    FilesystemStore::new(path)
        .map(|s| Arc::new(s) as ReadableWritableListableStorage)
        .map_err(|e| format!("cannot open zarr store `{}`: {e}", path.display()))
}

/// xarray's encoding of a float `_FillValue` attribute in Zarr v3: the base64 of the value
/// as a little-endian f64 (its `FillValueCoder`).
pub(crate) fn fill_to_base64(x: f64) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = x.to_le_bytes();
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group.len();
        let v = group
            .iter()
            .enumerate()
            .fold(0u32, |v, (i, &b)| v | (b as u32) << (16 - 8 * i));
        for k in 0..4 {
            out.push(if k <= n {
                ABC[(v >> (18 - 6 * k) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// The value of a base64 `_FillValue` (8 bytes: f64, 4 bytes: f32, little-endian).
pub(crate) fn fill_from_base64(s: &str) -> Option<f64> {
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut bytes = Vec::new();
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = bits << 6 | v as u32;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            bytes.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    match bytes.len() {
        8 => Some(f64::from_le_bytes(bytes.try_into().ok()?)),
        4 => Some(f32::from_le_bytes(bytes.try_into().ok()?) as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{fill_from_base64, fill_to_base64};

    /// Against Python's `base64.standard_b64encode(struct.pack("<d", x))`.
    #[test]
    fn fill_base64_matches_xarray() {
        for (x, b) in [
            (1e20, "QIy1eB2vFUQ="),
            (-9999.0, "AAAAAICHw8A="),
            (0.5, "AAAAAAAA4D8="),
        ] {
            assert_eq!(fill_to_base64(x), b);
            assert_eq!(fill_from_base64(b), Some(x));
        }
        assert!(fill_from_base64("AAAAAAAA+H8=").unwrap().is_nan());
        assert_eq!(fill_from_base64("AACAPw=="), Some(1.0)); // f32 1.0
        assert_eq!(fill_from_base64("not base64!"), None);
    }
}
