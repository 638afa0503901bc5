//! `save("out.zarr", "t2m", x, dims=, attrs=, compress=)`: a checked netCDF-style save
//! request -> one array of a Zarr store, its blocks made the store's chunks.
//!
//! ```text
//! x chunked (3, 4, 4, 4, 1) -> rechunk to (4, 4, 4, 4) -> stored chunks of 4: one block,
//!                              one chunk, one task: no two tasks ever write one chunk
//! ```

use super::build;
use super::chunks;
use super::interp::{Interp, Output};
use super::node::Arr;
use crate::diagnostic::{codes, Diagnostic};
use crate::io::zarr::{self, ZarrVar};
use crate::source::Span;
use std::path::PathBuf;

type Result<T> = std::result::Result<T, Diagnostic>;

/// The stored chunk shape for `a`: its largest block along each axis.
fn stored_chunks(a: &Arr) -> Vec<usize> {
    a.meta
        .chunks
        .iter()
        .map(|c| c.iter().copied().max().unwrap_or(1).max(1))
        .collect()
}

/// `a` with regular blocks of `chunk` (the last along an axis may be shorter).
fn aligned(a: &Arr, chunk: &[usize], span: &Span) -> Arr {
    let want: Vec<Vec<usize>> = a
        .shape()
        .iter()
        .zip(chunk)
        .map(|(&n, &c)| chunks::regular(n, c))
        .collect();
    build::rechunk(a, want, span.clone())
}

/// Turns the checked `SaveNc` output of a `save` into a `.zarr` path into a `SaveZarr`:
/// checks the store's arrays agree and the path is writable. `compress`: zstd chunks.
pub fn to_zarr(it: &Interp, out: Output, compress: bool, path_span: &Span) -> Result<Output> {
    let Output::SaveNc(path, var, a, span) = out else {
        return Err(Diagnostic::new(
            codes::INTERNAL,
            "internal error: a zarr save without its request",
        ));
    };
    let chunk = stored_chunks(&a);
    let a = aligned(&a, &chunk, &span);
    let zv = ZarrVar {
        name: var.name,
        shape: var.shape,
        dtype: var.dtype,
        dims: var.dims,
        attrs: var.attrs,
        chunks: chunk,
        subchunks: None,
        compress,
        fast: false,
    };
    let mut same: Vec<ZarrVar> = it
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::SaveZarr(p, v, _, _) if *p == path => Some(v.clone()),
            _ => None,
        })
        .collect();
    same.push(zv.clone());
    zarr::write::check_vars(&same).map_err(|m| {
        Diagnostic::new(
            codes::IO,
            format!("cannot save into `{}`: {m}", path.display()),
        )
        .label(span.clone(), "this save")
    })?;
    // A cluster worker only plans: the client writes (and probed) the store.
    let probe = if crate::io::plan_only() {
        Ok(())
    } else {
        zarr::write::check_writable(&path)
    };
    probe.map_err(|m| {
        Diagnostic::new(codes::IO, format!("cannot write `{}`: {m}", path.display()))
            .label(path_span.clone(), "this path")
    })?;
    Ok(Output::SaveZarr(path, zv, a, span))
}

/// Whether `path` names a Zarr store to save into.
pub fn is_zarr_name(path: &str) -> bool {
    zarr::is_store_name(path)
}

/// The path of a store, without a trailing `/`.
pub fn store_path(path: &str) -> PathBuf {
    PathBuf::from(path.trim_end_matches('/'))
}
