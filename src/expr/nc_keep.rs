//! Saving into an existing netCDF-4 file: the file's other variables -> extra variables of
//! the same save, read lazily from the old file while the new one is written to its
//! temporary name; or a clear refusal when one of them cannot be copied faithfully.
//!
//! ```text
//! k.nc: a(x), b(x), x(x)      save("k.nc", "c", y, dims=("x",))
//!                         =>  k.nc: c(x) (y), a(x), b(x), x(x) (copied from the old k.nc)
//! ```

use crate::diagnostic::{codes, Diagnostic};
use crate::expr::node::Arr;
use crate::io::netcdf4::Nc4Var;
use crate::io::source::{self, Format};
use crate::source::Span;
use std::path::Path;

/// The variables of the existing file `path` that this run does not save (`saved`), as
/// variables to write again with their dimensions, attributes and compression. Nothing if
/// the file does not exist. Refuses (E0301) what would change on the way: text variables,
/// groups, packed or masked integers, global attributes, another file format.
pub fn carry(path: &Path, saved: &[Nc4Var], span: &Span) -> Result<Vec<(Nc4Var, Arr)>, Diagnostic> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let refuse = |why: String| {
        Diagnostic::new(
            codes::IO,
            format!(
                "cannot save into `{}` without losing what it holds: {why}",
                path.display()
            ),
        )
        .label(span.clone(), "this save")
        .note("save into a new file, or delete the old one first")
    };
    match source::sniff(path) {
        Ok(Format::Hdf5) => {}
        // Not a file arrlang reads (e.g. empty): replaced, as before.
        Err(_) => return Ok(Vec::new()),
        Ok(_) => return Err(refuse("it is not a netCDF-4 file".into())),
    }
    let globals = crate::io::hdf5::global_attrs(path).map_err(&refuse)?;
    if !globals.is_empty() {
        return Err(refuse(format!(
            "it has global attributes ({}), which `save` does not write",
            globals.join(", ")
        )));
    }
    let list = crate::io::hdf5::list(path).map_err(&refuse)?;
    let mut out = Vec::new();
    for info in list {
        if saved.iter().any(|v| v.name == info.name) {
            continue;
        }
        if let Some(kind) = &info.unreadable {
            return Err(refuse(format!(
                "its variable `{}` is stored as {kind}, which arrlang cannot copy",
                info.name
            )));
        }
        if info.name.contains('/') {
            return Err(refuse(format!(
                "its variable `{}` is in a group, which `save` does not write",
                info.name
            )));
        }
        if info.stored != info.dtype.to_string() {
            return Err(refuse(format!(
                "its variable `{}` is stored as {} and read as {} (packed, masked or widened): copying it would change it",
                info.name, info.stored, info.dtype
            )));
        }
        let src = crate::expr::files::open(&path.to_string_lossy(), Some(&info.name), span)?;
        let chunks = crate::expr::files::default_chunks(&src)
            .unwrap_or_else(|| crate::expr::chunks::auto(src.shape(), src.dtype().size()));
        let var = Nc4Var {
            name: info.name.clone(),
            shape: src.shape().to_vec(),
            dtype: src.dtype(),
            dims: src.dims(),
            attrs: crate::io::netcdf4::data_attrs(&src.attrs()),
            compress_chunks: src.storage_chunks().filter(|_| src.compressed()),
            text: None,
        };
        out.push((var, crate::expr::files::node(src, chunks, span.clone())));
    }
    let mut all: Vec<Nc4Var> = saved.to_vec();
    all.extend(out.iter().map(|(v, _)| v.clone()));
    crate::io::netcdf4::check_vars(&all)
        .map_err(|m| refuse(format!("with its other variables, {m}")))?;
    Ok(out)
}
