//! `load(path_or_glob, variable, chunks=)` and `vars(path)`: files -> a lazy array, every
//! file opened and checked (format, variable, shapes) before anything is computed.

use super::node::{Arr, Chunks, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::io::glob;
use crate::io::source::{self, Concat, OpenError, Source, VarInfo};
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
    match super::interp::suggest(wanted, available.iter()) {
        Some(s) => format!("did you mean `{s}`? the file has: {list}"),
        None => format!("the file has: {list}"),
    }
}

/// Opens one file's variable, as a diagnostic on failure.
fn open_one(path: &Path, var: Option<&str>, span: &Span) -> Result<Source> {
    if !path.exists() {
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
        OpenError::NeedVariable(vars) => {
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

/// The source for `pattern` (one file, or a sorted glob joined along axis 0).
pub fn open(pattern: &str, var: Option<&str>, span: &Span) -> Result<Source> {
    if !glob::is_pattern(pattern) {
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
    let mut parts = vec![first.clone()];
    for f in &files[1..] {
        let s = match open_one(f, var, span) {
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
        check_joinable(&files[0], &first, f, &s, span)?;
        parts.push(s);
    }
    if parts.len() == 1 {
        return Ok(first);
    }
    Ok(Arc::new(Concat::new(parts)))
}

fn check_joinable(p0: &Path, a: &Source, p: &Path, b: &Source, span: &Span) -> Result<()> {
    let bad = |what: String| {
        Err(Diagnostic::new(codes::CONCAT, what)
            .label(span.clone(), "in this load")
            .note("files are joined along the first axis: the other axes and the dtype must agree"))
    };
    if a.shape().is_empty()
        || b.shape().len() != a.shape().len()
        || b.shape()[1..] != a.shape()[1..]
    {
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
        let fit = (TARGET_BYTES / others.max(1)).max(1);
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
    let path: PathBuf = if glob::is_pattern(pattern) {
        glob::expand(pattern)
            .into_iter()
            .next()
            .ok_or_else(|| io(format!("no file matches `{pattern}`"), span, "in this call"))?
    } else {
        PathBuf::from(pattern)
    };
    if !path.exists() {
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
            }]
        }
    };
    Ok(format_vars(&path, &list))
}

fn format_vars(path: &Path, list: &[VarInfo]) -> String {
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
    out
}
