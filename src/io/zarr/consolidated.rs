//! Consolidated metadata: a store's root -> the metadata of every array in it, in one read.
//!
//! ```text
//! zarr.json  { "consolidated_metadata": { "metadata": { "t2m": {...}, "g/u": {...} } } }  v3
//! .zmetadata { "metadata": { "t2m/.zarray": {...}, "t2m/.zattrs": {...} } }               v2
//!            -> { "t2m": ArrayMetadata, "g/u": ArrayMetadata }
//! ```
//! One request instead of two or three per array (and per coordinate): what makes opening
//! a store on an object store quick, and the only way to list an `https://` store (HTTP
//! cannot list). An entry that does not parse, or a store without either file, leaves the
//! arrays to be opened one by one.

use std::collections::BTreeMap;
use zarrs::array::ArrayMetadata;
use zarrs::metadata::v2::ArrayMetadataV2;
use zarrs::metadata::v3::ArrayMetadataV3;
use zarrs::storage::{ReadableStorageTraits, ReadableWritableListableStorage, StoreKey};

/// The arrays a store's consolidated metadata names, by path (`t2m`, `group/t2m`; `""`
/// for a store that is itself an array).
#[derive(Debug, Default)]
pub struct Consolidated {
    arrays: Option<BTreeMap<String, ArrayMetadata>>,
}

fn get_json(store: &ReadableWritableListableStorage, key: &str) -> Option<serde_json::Value> {
    let key = StoreKey::new(key).ok()?;
    let bytes = store.get(&key).ok()??;
    serde_json::from_slice(&bytes).ok()
}

impl Consolidated {
    /// Reads the root's consolidated metadata (v3 first, then v2's `.zmetadata`).
    pub fn read(store: &ReadableWritableListableStorage) -> Consolidated {
        let arrays = get_json(store, "zarr.json")
            .and_then(|root| v3(&root))
            .or_else(|| get_json(store, ".zmetadata").and_then(|z| v2(&z)));
        Consolidated { arrays }
    }

    /// Whether the store had consolidated metadata.
    pub fn is_present(&self) -> bool {
        self.arrays.is_some()
    }

    /// The metadata of array `name` (no leading `/`), if consolidated.
    pub fn get(&self, name: &str) -> Option<&ArrayMetadata> {
        self.arrays.as_ref()?.get(name)
    }

    /// The arrays' paths, sorted; None without consolidated metadata.
    pub fn names(&self) -> Option<Vec<String>> {
        Some(self.arrays.as_ref()?.keys().cloned().collect())
    }
}

fn v3(root: &serde_json::Value) -> Option<BTreeMap<String, ArrayMetadata>> {
    let meta = root
        .get("consolidated_metadata")?
        .get("metadata")?
        .as_object()?;
    let mut out = BTreeMap::new();
    for (k, v) in meta {
        if v.get("node_type").and_then(|t| t.as_str()) != Some("array") {
            continue;
        }
        if let Ok(m) = serde_json::from_value::<ArrayMetadataV3>(v.clone()) {
            out.insert(k.trim_matches('/').to_string(), ArrayMetadata::V3(m));
        }
    }
    Some(out)
}

fn v2(z: &serde_json::Value) -> Option<BTreeMap<String, ArrayMetadata>> {
    let meta = z.get("metadata")?.as_object()?;
    let mut out = BTreeMap::new();
    for (k, v) in meta {
        let Some(name) = k.strip_suffix(".zarray") else {
            continue;
        };
        let Ok(mut m) = serde_json::from_value::<ArrayMetadataV2>(v.clone()) else {
            continue;
        };
        if let Some(attrs) = meta
            .get(&format!("{name}.zattrs"))
            .and_then(|a| a.as_object())
        {
            m.attributes = attrs.clone();
        }
        out.insert(name.trim_matches('/').to_string(), ArrayMetadata::V2(m));
    }
    Some(out)
}
