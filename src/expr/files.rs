//! `load(path_or_glob, variable, chunks=)` and `vars(path)`: files -> a lazy array, every
//! file opened and checked (format, variable, shapes) before anything is computed.

use super::node::{Arr, Chunks, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::io::glob;
use crate::io::source::{self, Concat, OpenError, Source, VarInfo};
use crate::kernels::layout::Range1;
use crate::source::Span;
use std::path::{Path, PathBuf};
use std::sync::Arc;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Default blocks of at most this many bytes, grown from the stored chunks.
const TARGET_BYTES: usize = 64 << 20;

fn io(msg: impl Into<String>, span: &Span, label: &str) -> Diagnostic {
    Diagnostic::new(codes::IO, msg).label(span.clone(), label)
}

fn names_note(available: &[String], wanted: &str) -> String {
    let list = available.join(", ");
    match crate::suggest::suggest(wanted, available.iter()) {
        Some(s) => format!("did you mean `{s}`? the file has: {list}"),
        None => format!("the file has: {list}"),
    }
}

/// Opens one file's variable, as a diagnostic on failure.
fn open_one(path: &Path, var: Option<&str>, span: &Span) -> Result<Source> {
    if !path.exists() && crate::io::zarr::url_of(path).is_none() {
        return Err(io(
            format!("cannot open `{}`: no such file", path.display()),
            span,
            "in this load",
        ));
    }
    source::open(path, var).map_err(|e| match e {
        OpenError::NoVariable {
            path,
            variable,
            available,
        } => Diagnostic::new(
            codes::VARIABLE,
            format!("`{}` has no variable `{variable}`", path.display()),
        )
        .label(span.clone(), "in this load")
        .note(names_note(&available, &variable)),
        OpenError::DimensionOnly { path, name, len } => Diagnostic::new(
            codes::VARIABLE,
            format!(
                "`{name}` in `{}` is a dimension of length {len}, not a variable",
                path.display()
            ),
        )
        .label(span.clone(), "in this load")
        .note("a netCDF dimension without a coordinate variable has no values to load"),
        OpenError::NeedVariable(vars) => {
            let vars: Vec<VarInfo> = vars
                .into_iter()
                .filter(|v| v.unreadable.is_none())
                .collect();
            let names: Vec<String> = vars.iter().map(|v| v.name.clone()).collect();
            let example = vars
                .iter()
                .max_by_key(|v| v.shape.len())
                .map(|v| v.name.as_str())
                .unwrap_or("name");
            Diagnostic::new(
                codes::ARGUMENT,
                format!("`{}` holds several variables: name one", path.display()),
            )
            .label(span.clone(), "in this load")
            .note(format!(
                "e.g. load(\"{}\", \"{example}\"); the file has: {}",
                path.display(),
                names.join(", ")
            ))
        }
        OpenError::Other(msg) => io(msg, span, "in this load"),
    })
}

/// The source for `pattern`: one file, or a sorted glob joined along the record dimension
/// (see `join_axis`), whose other coordinates must agree across the files.
pub fn open(pattern: &str, var: Option<&str>, span: &Span) -> Result<Source> {
    open_joined(pattern, var, None, span)
}

/// Whether any variable of the file spans a record dimension (`time` or unlimited).
fn has_record_dim(path: &Path, span: &Span) -> bool {
    let list = if crate::io::zarr::is_store(path) {
        crate::io::zarr::list(path)
    } else {
        match source::sniff(path) {
            Ok(source::Format::Hdf5) => crate::io::hdf5::list(path),
            Ok(source::Format::NetCdf3) => crate::io::nc3source::list(path),
            _ => return true,
        }
    };
    list.unwrap_or_default()
        .iter()
        .filter(|v| v.unreadable.is_none())
        .any(|v| {
            v.dims
                .as_ref()
                .is_some_and(|d| d.iter().any(|n| n == "time"))
                || open_one(path, Some(&v.name), span).is_ok_and(|s| s.record_axis().is_some())
        })
}

/// [`open`], and for a glob with `concat_dim`: its files joined along that dimension (an
/// existing one, or a new first axis of that name), as xarray's
/// `open_mfdataset(combine="nested", concat_dim=...)`.
pub fn open_joined(
    pattern: &str,
    var: Option<&str>,
    concat_dim: Option<(&str, &Span)>,
    span: &Span,
) -> Result<Source> {
    // A URL's `?` is a query, not a glob.
    if !glob::is_pattern(pattern) || crate::io::zarr::remote::is_url(pattern) {
        return open_one(Path::new(pattern), var, span);
    }
    let files = glob::expand(pattern);
    if files.is_empty() {
        return Err(io(
            format!("no file matches `{pattern}`"),
            span,
            "in this load",
        ));
    }
    let first = open_one(&files[0], var, span)?;
    // A new dimension to stack along: each file's variable gets it as a first axis.
    let new_axis = concat_dim
        .map(|(d, _)| d)
        .filter(|d| !first.dims().unwrap_or_default().iter().any(|n| n == d));
    let stack = |s: Source| -> Source {
        match new_axis {
            Some(d) => Arc::new(crate::io::concat::NewAxis::new(s, d)),
            None => s,
        }
    };
    // Not a one-off closure (clippy's guess): `stack` also maps every later file below.
    #[allow(clippy::redundant_closure_call)]
    let first = stack(first);
    let axis = match concat_dim {
        Some((d, dsp)) => Some(
            first
                .dims()
                .and_then(|ds| ds.iter().position(|n| n == d))
                .ok_or_else(|| {
                    Diagnostic::new(
                        codes::CONCAT,
                        format!("cannot join along `{d}`: the files' axes have no names"),
                    )
                    .label(dsp.clone(), "this dimension")
                    .note("concat_dim= names a dimension of a netCDF or Zarr variable")
                })?,
        ),
        None => join_axis(&first),
    };
    let Some(axis) = axis else {
        if files.len() > 1 && concat_dim.is_none() && !has_record_dim(&files[0], span) {
            let v = var.unwrap_or("name");
            return Err(Diagnostic::new(
                codes::CONCAT,
                format!(
                    "the {} files of `{pattern}` have no record dimension (`time` or unlimited) to join `{v}` along",
                    files.len()
                ),
            )
            .label(span.clone(), "in this load")
            .note(format!(
                "load one file: load(\"{}\", \"{v}\"), or name the dimension to join along (a new one stacks the files): load(\"{pattern}\", \"{v}\", concat_dim=\"member\")",
                files[0].display()
            )));
        }
        // A variable without the record dimension (`orog`, `plev`) is the same in every file.
        return Ok(first);
    };
    let mut parts = vec![first.clone()];
    for f in &files[1..] {
        let s = match open_one(f, var, span).map(stack) {
            Err(d) if d.code == codes::VARIABLE => {
                return Err(Diagnostic::new(
                    codes::VARIABLE,
                    format!(
                        "variable `{}` is missing from `{}` (it is in `{}`)",
                        var.unwrap_or(""),
                        f.display(),
                        files[0].display()
                    ),
                )
                .label(span.clone(), "in this load")
                .note(d.note.unwrap_or_default()))
            }
            r => r?,
        };
        check_joinable(&files[0], &first, f, &s, axis, span)?;
        parts.push(s);
    }
    if parts.len() == 1 {
        return Ok(first);
    }
    check_coords(&files, &parts, axis, span)?;
    Ok(Arc::new(Concat::along(parts, axis)))
}

/// The axis a glob's files are joined along: the variable's `time` dimension, else its
/// record (unlimited) dimension; axis 0 for files without dimension names (`.npy`, plain
/// HDF5). None for a variable without the record dimension, or 0-d.
fn join_axis(first: &Source) -> Option<usize> {
    if first.shape().is_empty() {
        return None;
    }
    match first.dims() {
        None => Some(0),
        Some(d) => d
            .iter()
            .position(|n| n == "time")
            .or_else(|| first.record_axis()),
    }
}

fn check_joinable(
    p0: &Path,
    a: &Source,
    p: &Path,
    b: &Source,
    axis: usize,
    span: &Span,
) -> Result<()> {
    let along = match a.dims() {
        Some(d) => format!("dimension `{}`", d[axis]),
        None => "the first axis".to_string(),
    };
    let bad = |what: String| {
        Err(Diagnostic::new(codes::CONCAT, what)
            .label(span.clone(), "in this load")
            .note(format!(
                "files are joined along {along}: the other axes and the dtype must agree"
            )))
    };
    let others = |s: &[usize]| -> Vec<usize> {
        s.iter()
            .enumerate()
            .filter(|&(d, _)| d != axis)
            .map(|(_, &n)| n)
            .collect()
    };
    if b.shape().len() != a.shape().len() || others(b.shape()) != others(a.shape()) {
        return bad(format!(
            "`{}` has shape {} but `{}` has shape {}",
            p.display(),
            super::build::shape_str(b.shape()),
            p0.display(),
            super::build::shape_str(a.shape())
        ));
    }
    if a.dtype() != b.dtype() {
        return bad(format!(
            "`{}` has dtype {} but `{}` has dtype {}",
            p.display(),
            b.dtype(),
            p0.display(),
            a.dtype()
        ));
    }
    Ok(())
}

/// All values of a (small, 1-D) coordinate source.
fn coord_values(c: &Source) -> std::result::Result<Vec<f64>, String> {
    let whole: Vec<Range1> = c.shape().iter().map(|&n| Range1::full(n)).collect();
    Ok(source::read(c.as_ref(), &whole)?.to_f64_vec())
}

fn short_list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().take(6).map(|x| format!("{x}")).collect();
    let more = if v.len() > 6 { ", ..." } else { "" };
    format!("[{}{more}]", items.join(", "))
}

/// The coordinates of the axes not joined must be equal in every file; the record
/// coordinates must have compatible time encodings (the same calendar).
fn check_coords(files: &[PathBuf], parts: &[Source], axis: usize, span: &Span) -> Result<()> {
    let err = |m: String| {
        Diagnostic::new(codes::CONCAT, m)
            .label(span.clone(), "in this load")
            .note("the files of a glob are joined along their record dimension and must share the other coordinates")
    };
    let dims = parts[0].dims().unwrap_or_default();
    for ax in 0..parts[0].shape().len() {
        if ax == axis {
            continue;
        }
        let Some(c0) = parts[0].coord(ax) else {
            continue;
        };
        let v0 = coord_values(&c0).map_err(&err)?;
        for (k, p) in parts.iter().enumerate().skip(1) {
            let Some(ck) = p.coord(ax) else { continue };
            let vk = coord_values(&ck).map_err(&err)?;
            let same = v0.len() == vk.len()
                && v0
                    .iter()
                    .zip(&vk)
                    .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()));
            if !same {
                let name = dims
                    .get(ax)
                    .cloned()
                    .unwrap_or_else(|| format!("axis {ax}"));
                return Err(err(format!(
                    "`{}` has {name} = {} but `{}` has {name} = {}",
                    files[k].display(),
                    short_list(&vk),
                    files[0].display(),
                    short_list(&v0)
                )));
            }
        }
    }
    let record: Option<Vec<Source>> = parts.iter().map(|p| p.coord(axis)).collect();
    let units: Vec<_> = record
        .iter()
        .flatten()
        .map(|c| crate::io::coord::time_units(&c.attrs()))
        .collect();
    if let Some(Some(u0)) = units.first() {
        for (k, u) in units.iter().enumerate().skip(1) {
            if let Some(u) = u.filter(|u| u.calendar != u0.calendar) {
                return Err(err(format!(
                    "`{}` has {} in the `{}` calendar but `{}` has it in the `{}` calendar",
                    files[k].display(),
                    dims.get(axis).map(String::as_str).unwrap_or("time"),
                    u.calendar,
                    files[0].display(),
                    u0.calendar
                )));
            }
        }
    }
    Ok(())
}

/// Blocks aligned to the stored chunks: each stored chunk grown along the last axes, then
/// the leading ones, to about `TARGET_BYTES`.
pub fn default_chunks(src: &Source) -> Option<Chunks> {
    let c = src.storage_chunks()?;
    let shape = src.shape();
    let item = src.dtype().size();
    let mut b: Vec<usize> = c
        .iter()
        .zip(shape)
        .map(|(&c, &s)| c.min(s).max(1))
        .collect();
    for d in (0..shape.len()).rev() {
        let others: usize = b
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != d)
            .map(|(_, &n)| n)
            .product::<usize>()
            * item;
        let fit = (super::chunks::target_bytes(TARGET_BYTES) / others.max(1)).max(1);
        let want = shape[d].min(fit);
        let unit = b[d];
        b[d] = (want / unit).max(1) * unit;
        if b[d] < shape[d] {
            break;
        }
    }
    Some(
        shape
            .iter()
            .zip(&b)
            .map(|(&s, &n)| super::chunks::regular(s, n.min(s).max(1)))
            .collect(),
    )
}

/// The lazy array of a source, chunked `chunks`.
pub fn node(src: Source, chunks: Chunks, span: Span) -> Arr {
    let meta = Meta {
        shape: src.shape().to_vec(),
        dtype: src.dtype(),
        chunks,
    };
    Node::new(Op::Load { source: src }, vec![], meta, span)
}

/// `vars(path)`: a table of the file's variables.
pub fn vars(pattern: &str, span: &Span) -> Result<String> {
    let path: PathBuf = if glob::is_pattern(pattern) && !crate::io::zarr::remote::is_url(pattern) {
        glob::expand(pattern)
            .into_iter()
            .next()
            .ok_or_else(|| io(format!("no file matches `{pattern}`"), span, "in this call"))?
    } else {
        PathBuf::from(pattern)
    };
    if !path.exists() && crate::io::zarr::url_of(&path).is_none() {
        return Err(io(
            format!("cannot open `{}`: no such file", path.display()),
            span,
            "in this call",
        ));
    }
    if crate::io::zarr::is_store(&path) {
        let list = crate::io::zarr::list(&path).map_err(|m| io(m, span, "in this call"))?;
        return Ok(format_vars(&path, &list));
    }
    let list: Vec<VarInfo> = match source::sniff(&path).map_err(|m| io(m, span, "in this call"))? {
        source::Format::Hdf5 => {
            crate::io::hdf5::list(&path).map_err(|m| io(m, span, "in this call"))?
        }
        source::Format::NetCdf3 => {
            crate::io::nc3source::list(&path).map_err(|m| io(m, span, "in this call"))?
        }
        _ => {
            let s = open_one(&path, None, span)?;
            vec![VarInfo {
                name: "(array)".into(),
                shape: s.shape().to_vec(),
                dtype: s.dtype(),
                stored: s.dtype().name().into(),
                dims: s.dims(),
                unreadable: None,
            }]
        }
    };
    Ok(format_vars(&path, &list))
}

fn format_vars(path: &Path, all: &[VarInfo]) -> String {
    let list: Vec<&VarInfo> = all.iter().filter(|v| v.unreadable.is_none()).collect();
    // A text variable named after its first dimension labels that dimension (`region`).
    let labels_dim = |v: &VarInfo| {
        let base = v.name.rsplit('/').next().unwrap_or(&v.name);
        v.dims
            .as_ref()
            .and_then(|d| d.first())
            .is_some_and(|d| d == base)
    };
    let text = |coord: bool| -> Vec<String> {
        all.iter()
            .filter(|v| labels_dim(v) == coord)
            .filter_map(|v| Some(format!("{} ({})", v.name, v.unreadable.as_ref()?)))
            .collect()
    };
    let (labels, skipped) = (text(true), text(false));
    let rows: Vec<[String; 4]> = list
        .iter()
        .map(|v| {
            let dtype = if v.stored != v.dtype.name() {
                format!("{} (stored {})", v.dtype, v.stored)
            } else {
                v.dtype.to_string()
            };
            let dims = v
                .dims
                .as_ref()
                .map(|d| format!("({})", d.join(", ")))
                .unwrap_or_default();
            [
                v.name.clone(),
                super::build::shape_str(&v.shape),
                dtype,
                dims,
            ]
        })
        .collect();
    let width = |k: usize| rows.iter().map(|r| r[k].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    let mut out = format!(
        "{}: {} variable{}",
        path.display(),
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    );
    for r in rows {
        let line = format!("\n  {:w0$}  {:w1$}  {:w2$}  {}", r[0], r[1], r[2], r[3]);
        out.push_str(line.trim_end());
    }
    if !labels.is_empty() {
        out.push_str(&format!(
            "\n  text coordinates (labels of their dimension): {}",
            labels.join(", ")
        ));
    }
    if !skipped.is_empty() {
        out.push_str(&format!(
            "\n  arrlang cannot load (text): {}",
            skipped.join(", ")
        ));
    }
    out
}
