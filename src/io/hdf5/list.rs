//! Listing an HDF5/netCDF-4 file: every dataset (`vars()`), the global attributes, and
//! HDF5's file locking turned off before the first open.

use super::{err, H5Source};
use crate::io::source::VarInfo;
use crate::io::{h5check, h5meta};
use std::path::Path;

/// Paths of every dataset in the file (groups walked depth-first), as stored; and the
/// members HDF5 cannot open (neither as a dataset, a group nor a named datatype: a corrupt
/// object header, a group whose index cannot be read), with HDF5's reason.
pub(super) fn list_names(file: &hdf5::File) -> (Vec<String>, Vec<(String, String)>) {
    fn walk(g: &hdf5::Group, prefix: &str, out: &mut Vec<String>, bad: &mut Vec<(String, String)>) {
        use hdf5::{IndexType, IterationOrder};
        // Creation order when the file tracks it (netCDF-C does), as ncdump lists them.
        let names = match g
            .member_names_by(IndexType::CreationOrder, IterationOrder::Increasing)
            .or_else(|_| g.member_names())
        {
            Ok(n) => n,
            Err(e) => {
                let name = prefix.trim_end_matches('/');
                bad.push((
                    if name.is_empty() { "/" } else { name }.into(),
                    e.to_string(),
                ));
                return;
            }
        };
        for m in names {
            let full = format!("{prefix}{m}");
            match g.dataset(&m) {
                Ok(_) => out.push(full),
                Err(e) => {
                    if let Ok(sub) = g.group(&m) {
                        walk(&sub, &format!("{full}/"), out, bad);
                    } else if !matches!(
                        g.loc_type_by_name(&m),
                        Ok(hdf5::LocationType::NamedDatatype)
                    ) {
                        bad.push((full, e.to_string()));
                    }
                }
            }
        }
    }
    let (mut out, mut bad) = (Vec::new(), Vec::new());
    walk(file, "", &mut out, &mut bad);
    (out, bad)
}

/// The error for members of `path` that HDF5 cannot open (see [`list_names`]).
pub(super) fn unopenable(path: &Path, bad: &[(String, String)]) -> String {
    let (name, why) = &bad[0];
    let more = match bad.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    err(
        path,
        format!("HDF5 cannot open `{name}`{more}, so the file is corrupt or incomplete ({why})"),
    )
}

/// A dataset type arrlang does not load, named as netCDF would (`char`, `string`).
fn type_name(ds: &hdf5::Dataset) -> String {
    use hdf5::types::TypeDescriptor as T;
    match ds.dtype().and_then(|t| t.to_descriptor()) {
        Ok(T::FixedAscii(1) | T::FixedUnicode(1)) => "char".into(),
        Ok(T::FixedAscii(_) | T::FixedUnicode(_) | T::VarLenAscii | T::VarLenUnicode) => {
            "string".into()
        }
        Ok(d) => d.to_string(),
        Err(_) => "an unknown type".into(),
    }
}

/// Every variable of the file, as `vars()` shows it: dimension-only datasets left out,
/// variables arrlang cannot load (text) marked `unreadable`.
pub fn list(path: &Path) -> Result<Vec<VarInfo>, String> {
    disable_file_locking();
    crate::io::probe::check(path)?;
    let file = hdf5::File::open(path)
        .map_err(|e| err(path, format!("not a readable HDF5/netCDF-4 file ({e})")))?;
    if std::env::var_os("ARRLANG_TEST_STUCK_IN_HDF5").is_some() {
        // For the signal tests: a thread that never leaves HDF5's lock, as a looping C call.
        hdf5::sync::sync(|| {
            eprintln!("inside HDF5");
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        });
    }
    let (names, bad) = list_names(&file);
    if !bad.is_empty() {
        // Not left out quietly: `vars()` would hide it, and a `save` into this file,
        // which copies the other variables, would drop it.
        return Err(unopenable(path, &bad));
    }
    let mut out = Vec::new();
    for stored in names {
        let ds = file
            .dataset(&stored)
            .map_err(|e| unopenable(path, &[(stored.clone(), e.to_string())]))?;
        h5check::check_object(ds.id())?;
        if h5meta::is_dimension_only(&ds) {
            continue;
        }
        // Text variables are listed without reading them, but a `load` of a variable they
        // label reads them: a corrupt one is named here already.
        h5check::check_dataset_data(ds.id())?;
        let name = match stored.rsplit_once('/') {
            Some((g, b)) => format!("{g}/{}", b.trim_start_matches(h5meta::NON_COORD_PREFIX)),
            None => stored
                .trim_start_matches(h5meta::NON_COORD_PREFIX)
                .to_string(),
        };
        let shape = ds.shape();
        let kind = type_name(&ds);
        let dims = h5meta::dims_of(&file, &ds, &stored, shape.len()).names;
        match H5Source::from_dataset(path, &stored, file.clone(), ds) {
            Ok(s) => out.push(VarInfo {
                stored: s.stored().to_string(),
                shape: s.shape.clone(),
                dtype: s.dtype,
                dims: s.dims.names.clone(),
                name,
                unreadable: None,
            }),
            Err(_) => out.push(VarInfo {
                stored: kind.clone(),
                dims,
                dtype: crate::dtype::DType::F64,
                shape,
                name,
                unreadable: Some(kind),
            }),
        }
    }
    Ok(out)
}

/// The names of the file's global (root group) attributes; netCDF-C's bookkeeping
/// (`_NCProperties`, ...) left out.
pub fn global_attrs(path: &Path) -> Result<Vec<String>, String> {
    disable_file_locking();
    crate::io::probe::check(path)?;
    let file = hdf5::File::open(path)
        .map_err(|e| err(path, format!("not a readable HDF5/netCDF-4 file ({e})")))?;
    h5check::check_object(file.id())?;
    let names = file.attr_names().map_err(|e| err(path, e))?;
    Ok(names
        .into_iter()
        .filter(|n| !n.starts_with('_') && !crate::io::attrs::is_internal(n))
        .collect())
}

/// Turns HDF5's file locking off for this process, once, before the first file is opened.
/// arrlang never shares a file being written (saves go to a temporary name renamed into
/// place after the flush), but HDF5 keeps a closed file's lock while any object id of it is
/// still alive, and the lock moves with the renamed file: a `load` right after a `save` in
/// one process could then fail with "unable to lock file" (seen in the interop tests).
pub fn disable_file_locking() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("HDF5_USE_FILE_LOCKING").is_none() {
            // HDF5 (1.10.7+) reads this at every file open.
            std::env::set_var("HDF5_USE_FILE_LOCKING", "FALSE");
        }
    });
}
