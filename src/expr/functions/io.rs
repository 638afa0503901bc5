//! Files: paths -> lazy arrays read from files (`load`), and outputs that write them (`save`, `print`).

use super::args::{to_array, to_bool, to_chunks, to_f64, to_int, to_str, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build;
use crate::expr::interp::{Interp, Output, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::expr::zarr_save;
use crate::source::Span;
use std::path::PathBuf;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "load",
        "load(path, variable=None, chunks=auto, concat_dim=None, storage_options=None)",
        "read a .npy, netCDF or HDF5 file, or an array of a Zarr store lazily; a glob of files is joined along their record dimension (time, or the unlimited one), or along concat_dim= (an existing dimension, or a new first axis of that name); storage_options=((\"endpoint_url\", url), (\"anon\", True)) for an s3:// store, as fsspec spells them (key, secret, token, region_name too)",
        "load(\"data.npy\", chunks=(1000, 100))",
        Imp::Fn(load),
    ),
    Function::new(
        "vars",
        "vars(path)",
        "list a file's (or a Zarr store's) variables with their shapes, dtypes and dimensions",
        "vars(\"era5.nc\")",
        Imp::Fn(vars),
    ),
    Function::new(
        "save",
        "save(path, name, x=None, dims=None, attrs=None, compress=False, split=None, encoding=None, storage_options=None)",
        "write an array chunk by chunk: save(\"a.npy\", x), or one variable of a netCDF-4 file or a Zarr store: save(\"a.nc\", \"t2m\", x, dims=(\"time\", \"lat\"), attrs=((\"units\", \"K\"),)) (a .zarr is zstd-compressed unless compress=False); split=k writes files of k steps along axis 0, numbered where the path has {}; encoding=((\"dtype\", int16), (\"scale_factor\", 0.01), (\"add_offset\", 273.15)) stores packed integers as xarray's encoding= does; storage_options= as for load, for an s3:// store",
        "save(\"out.npy\", arange(10))",
        Imp::Fn(save),
    ),
    Function::new(
        "print",
        "print(*values)",
        "print values (numpy's str)",
        "print(arange(3), 1.5)",
        Imp::Fn(print),
    ),
];

/// `storage_options=` (argument `i`) for the store at `path`: fsspec's (name, value) pairs,
/// `client_kwargs=` pairs among them; registered for the store's URL.
fn storage_options(b: &Bound, i: usize, path: &str) -> Result<()> {
    use crate::io::zarr::remote::{self, StorageOptions, STORAGE_OPTIONS};
    let Some((v, sp)) = b.get(i) else {
        return Ok(());
    };
    if !path.starts_with("s3://") {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            "`storage_options=` is for stores on S3 (`s3://bucket/path.zarr`)",
        )
        .label(sp.clone(), "not for a local path"));
    }
    let bad = |why: String| {
        Diagnostic::new(codes::ARGUMENT, why)
            .label(sp.clone(), "here")
            .note(format!(
                "storage_options=((\"endpoint_url\", \"http://127.0.0.1:9000\"), (\"anon\", True)); known: {STORAGE_OPTIONS}"
            ))
    };
    fn pairs(v: &Value) -> Option<Vec<(String, Value)>> {
        let items = match v {
            Value::Tuple(items) | Value::List(items) => items.clone(),
            _ => return None,
        };
        // A single pair may be written without the outer tuple.
        let items = match items.as_slice() {
            [Value::Str(_), x] if !matches!(x, Value::Tuple(_) | Value::List(_)) => {
                vec![v.clone()]
            }
            _ => items,
        };
        items
            .into_iter()
            .map(|p| match p {
                Value::Tuple(kv) | Value::List(kv) => match kv.as_slice() {
                    [Value::Str(k), x] => Some((k.clone(), x.clone())),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }
    let given =
        pairs(v).ok_or_else(|| bad("`storage_options=` takes (name, value) pairs".into()))?;
    let mut o = StorageOptions::default();
    for (k, x) in given {
        let inner = if k == "client_kwargs" {
            pairs(&x).ok_or_else(|| bad("`client_kwargs` takes (name, value) pairs".into()))?
        } else {
            vec![(k, x)]
        };
        for (k, x) in inner {
            let text = match &x {
                Value::Str(t) => Some(t.as_str()),
                _ => None,
            };
            let flag = match &x {
                Value::Bool(f) => Some(*f),
                _ => None,
            };
            o.set(&k, text, flag).map_err(bad)?;
        }
    }
    remote::set_options(path, o);
    Ok(())
}

fn load(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (pv, psp) = b.req(0);
    storage_options(&b, 4, to_str(pv, psp)?)?;
    let path = PathBuf::from(to_str(pv, psp)?);
    // A file this entry saves but has not written yet: use the array being saved.
    let wanted = b.get(1).and_then(|(v, _)| match v {
        Value::Str(s) => Some(s.trim_matches('/').to_string()),
        _ => None,
    });
    if let Some(d) = pending_glob(it, &path, &span) {
        return Err(d);
    }
    let pending = it.outputs.iter().rev().find_map(|o| match o {
        Output::SaveNpy(p, a, _) if *p == path => Some(a.clone()),
        Output::SaveNc(p, v, a, _) if *p == path && wanted.as_deref() == Some(v.name.as_str()) => {
            Some(a.clone())
        }
        Output::SaveZarr(p, v, a, _)
            if *p == zarr_save::store_path(&path.to_string_lossy())
                && wanted.as_deref() == Some(v.name.as_str()) =>
        {
            Some(a.clone())
        }
        _ => None,
    });
    if let Some(a) = pending {
        let chunks = to_chunks(it, b.get(2), a.shape(), a.dtype())?;
        return Ok(Value::Array(build::rechunk(&a, chunks, span)));
    }
    let var = match b.get(1) {
        Some((v, sp)) => Some(to_str(v, sp)?.to_string()),
        None => None,
    };
    let pattern = to_str(pv, psp)?;
    let saved: Vec<&str> = it
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::SaveNc(p, v, _, _) if *p == path => Some(v.name.as_str()),
            _ => None,
        })
        .collect();
    if !saved.is_empty() && !path.exists() {
        return Err(Diagnostic::new(
            codes::VARIABLE,
            format!(
                "`{}` is not among the variables this script saves into `{pattern}`",
                var.as_deref().unwrap_or("")
            ),
        )
        .label(span, "in this load")
        .note(format!("saved so far: {}", saved.join(", "))));
    }
    let concat_dim = match b.get(3) {
        Some((v, sp)) => Some((to_str(v, sp)?.to_string(), sp.clone())),
        None => None,
    };
    let src = crate::expr::files::open_joined(
        pattern,
        var.as_deref(),
        concat_dim.as_ref().map(|(d, sp)| (d.as_str(), sp)),
        &span,
    )?;
    let chunks = match (b.get(2), crate::expr::files::default_chunks(&src)) {
        (None, Some(c)) if it.opts.default_chunk.is_none() => c,
        (c, _) => to_chunks(it, c, src.shape(), src.dtype())?,
    };
    Ok(Value::Array(crate::expr::files::node(src, chunks, span)))
}

/// An error when a glob pattern matches a file this run saves but has not written yet
/// (its old contents, or nothing, would be read).
fn pending_glob(it: &Interp, pattern: &std::path::Path, span: &Span) -> Option<Diagnostic> {
    let pattern = pattern.to_string_lossy();
    if !crate::io::glob::is_pattern(&pattern) {
        return None;
    }
    let hit = it.outputs.iter().find_map(|o| match o {
        Output::SaveNpy(p, ..) | Output::SaveNc(p, ..) | Output::SaveZarr(p, ..)
            if crate::io::glob::matches_path(&pattern, &p.to_string_lossy()) =>
        {
            Some(p.clone())
        }
        _ => None,
    })?;
    Some(
        Diagnostic::new(
            codes::IO,
            format!(
                "`{pattern}` matches `{}`, which this script saves: the files are written only when the script ends",
                hit.display()
            ),
        )
        .label(span.clone(), "in this load")
        .note("load the saved files in a later run, or use the saved array itself"),
    )
}

fn vars(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (pv, psp) = b.req(0);
    let table = crate::expr::files::vars(to_str(pv, psp)?, &span)?;
    it.outputs
        .push(Output::Print(vec![Value::Str(table)], span));
    Ok(Value::None)
}

fn save(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (pv, psp) = b.req(0);
    let path = to_str(pv, psp)?;
    storage_options(&b, 8, path)?;
    if crate::io::zarr::remote::is_url(path)
        && [".npy", ".nc", ".nc4", ".h5"]
            .iter()
            .any(|e| path.ends_with(e))
    {
        return Err(Diagnostic::new(
            codes::IO,
            format!("cannot save `{path}`: only Zarr stores are written to object stores"),
        )
        .label(psp.clone(), "use a .zarr name"));
    }
    if zarr_save::is_zarr_name(path) {
        if let Some((_, ksp)) = b.get(6) {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                "`split=` is for netCDF files: a Zarr store is already split into chunks",
            )
            .label(ksp.clone(), "not for .zarr"));
        }
        let compress = !matches!(b.get(5), Some((Value::Bool(false), _)));
        let out = save_nc(it, &b, zarr_save::store_path(path), None, span)?;
        let out = zarr_save::to_zarr(it, out, compress, psp)?;
        it.outputs.push(out);
        return Ok(Value::None);
    }
    if is_netcdf4_name(path) {
        if let Some((kv, ksp)) = b.get(6) {
            return save_split(it, &b, path, (kv, ksp), span);
        }
        let path = PathBuf::from(path);
        let out = save_nc(it, &b, path, None, span)?;
        it.outputs.push(out);
        return Ok(Value::None);
    }
    if !path.ends_with(".npy") {
        return Err(Diagnostic::new(
            codes::IO,
            format!("cannot save `{path}`: only `.npy`, `.nc`, `.h5` and `.zarr` are supported"),
        )
        .label(psp.clone(), "use a .npy, .nc, .h5 or .zarr name"));
    }
    if let Some((_, sp)) = (2..9).find_map(|i| b.get(i)) {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            "a `.npy` file holds one array: save(path, x)",
        )
        .label(sp.clone(), "only for .nc and .h5 files"));
    }
    let a = b.arr(it, 1)?;
    it.outputs
        .push(Output::SaveNpy(PathBuf::from(path), a, span));
    Ok(Value::None)
}

fn print(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    it.outputs.push(Output::Print(
        b.vals.iter().flatten().map(|v| v.0.clone()).collect(),
        span,
    ));
    Ok(Value::None)
}

/// Names `save` writes as netCDF-4 (HDF5) files.
fn is_netcdf4_name(path: &str) -> bool {
    [".nc", ".nc4", ".h5", ".hdf5"]
        .iter()
        .any(|e| path.ends_with(e))
}

/// `save("f.nc", "name", x, dims=..., attrs=..., compress=...)`: checks the arguments, the
/// path and the agreement with earlier saves into the same file, before anything runs.
/// `save("data/day-{}.nc", "t2m", x, split=4)`: one file per 4 steps of axis 0, numbered
/// from 1 with zeros to a common width, the inverse of `load` of a glob.
fn save_split(
    it: &mut Interp,
    b: &Bound,
    path: &str,
    k: (&Value, &Span),
    span: Span,
) -> Result<Value> {
    let every = to_int(k.0, k.1)?;
    if every < 1 {
        return Err(
            Diagnostic::new(codes::ARGUMENT, "`split=` takes a positive number of steps")
                .label(k.1.clone(), "here"),
        );
    }
    if !path.contains("{}") {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            "a split save needs `{}` in the path, where each file's number goes",
        )
        .label(b.span_of(0), "e.g. \"data/day-{}.nc\""));
    }
    let Some((xv, xsp)) = b.get(2) else {
        return Err(
            Diagnostic::new(codes::ARGUMENT, "missing the array to save")
                .label(span, "save(path, name, x, split=k)"),
        );
    };
    let x = to_array(it, xv, xsp)?;
    if x.ndim() == 0 {
        return Err(Diagnostic::new(codes::SHAPE, "a 0-d array cannot be split")
            .label(xsp.clone(), "this has no axis 0"));
    }
    let n = x.shape()[0];
    let every = every as usize;
    let files = n.div_ceil(every);
    let width = files.to_string().len().max(3);
    for f in 0..files {
        let (lo, hi) = (f * every, ((f + 1) * every).min(n));
        let part = build::getitem(
            &x,
            vec![build::IndexItem::Slice(
                Some(lo as i64),
                Some(hi as i64),
                None,
                span.clone(),
            )],
            span.clone(),
        )?;
        let p = PathBuf::from(path.replace("{}", &format!("{:0width$}", f + 1)));
        let out = save_nc(it, b, p, Some(part), span.clone())?;
        it.outputs.push(out);
    }
    Ok(Value::None)
}

fn save_nc(
    it: &mut Interp,
    b: &Bound,
    path: PathBuf,
    part: Option<Arr>,
    span: Span,
) -> Result<Output> {
    use crate::io::netcdf3::AttrValue;
    use crate::io::netcdf4::{check_vars, check_writable, Nc4Var};
    let (nv, nsp) = b.req(1);
    let name = match nv {
        Value::Str(s) => s.clone(),
        _ => {
            return Err(type_err("a variable name", nv, nsp)
                .note("a netCDF file names its variables: save(\"f.nc\", \"t2m\", x)"))
        }
    };
    let a = match part {
        Some(a) => a,
        None => {
            let Some((xv, xsp)) = b.get(2) else {
                return Err(
                    Diagnostic::new(codes::ARGUMENT, "missing the array to save")
                        .label(span, "save(path, name, x)"),
                );
            };
            to_array(it, xv, xsp)?
        }
    };
    if a.dtype().is_complex() {
        let what = if zarr_save::is_zarr_name(&path.to_string_lossy()) {
            "a Zarr store"
        } else {
            "netCDF"
        };
        return Err(Diagnostic::new(
            codes::DTYPE,
            format!(
                "cannot save a `{}` array to {what}: netCDF has no complex type",
                a.dtype()
            ),
        )
        .label(b.span_of(2), format!("dtype {}", a.dtype()))
        .note("save `x.real` and `x.imag` as two variables, or save to a .npy file"));
    }
    let dims = match b.get(3) {
        // The array's own dimension names (from the files it was read from), if known.
        None => crate::expr::dims::dims(&a),
        Some((v, sp)) => {
            let names: Vec<String> = match v {
                Value::Tuple(items) | Value::List(items) => items
                    .iter()
                    .map(|i| to_str(i, sp).map(str::to_string))
                    .collect::<Result<_>>()?,
                Value::Str(s) => vec![s.clone()],
                _ => return Err(type_err("a tuple of dimension names", v, sp)),
            };
            if names.len() != a.shape().len() {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!(
                        "{} dimension names for an array of {} dimensions",
                        names.len(),
                        a.shape().len()
                    ),
                )
                .label(sp.clone(), "one name per axis"));
            }
            Some(names)
        }
    };
    let mut attrs = Vec::new();
    if let Some((v, sp)) = b.get(4) {
        let bad = || {
            Diagnostic::new(codes::TYPE, "`attrs=` takes (name, value) pairs")
                .label(sp.clone(), "here")
                .note("e.g. attrs=((\"units\", \"K\"), (\"scale\", 0.5))")
        };
        let items = match v {
            Value::Tuple(items) | Value::List(items) => items.clone(),
            _ => return Err(bad()),
        };
        // A single pair may be written without the outer tuple.
        let pairs = match items.as_slice() {
            [Value::Str(_), x] if !matches!(x, Value::Tuple(_) | Value::List(_)) => vec![v.clone()],
            _ => items,
        };
        for p in pairs {
            let (Value::Tuple(kv) | Value::List(kv)) = &p else {
                return Err(bad());
            };
            let [Value::Str(k), val] = kv.as_slice() else {
                return Err(bad());
            };
            let value = match val {
                Value::Str(s) => AttrValue::Text(s.clone()),
                Value::Int(i) => AttrValue::Ints(vec![*i]),
                Value::Bool(x) => AttrValue::Ints(vec![*x as i64]),
                Value::Float(f) => AttrValue::Floats(vec![*f]),
                Value::Tuple(xs) | Value::List(xs) => {
                    if xs.iter().all(|x| matches!(x, Value::Int(_))) {
                        AttrValue::Ints(xs.iter().map(|x| to_int(x, sp)).collect::<Result<_>>()?)
                    } else {
                        AttrValue::Floats(xs.iter().map(|x| to_f64(x, sp)).collect::<Result<_>>()?)
                    }
                }
                _ => return Err(bad()),
            };
            attrs.push((k.clone(), value));
        }
    }
    if b.get(4).is_none() {
        // The array's own attributes (`units`, `long_name`, ...), as xarray's `to_netcdf`
        // writes them; packing and fill attributes describe the source file, not `a`.
        attrs = crate::io::netcdf4::data_attrs(&crate::expr::labels::labels(&a).attrs);
    }
    let compress = match b.get(5) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    let a = match b.get(7) {
        Some((v, sp)) => {
            let (packed, enc_attrs) = pack(&a, v, sp)?;
            attrs.retain(|(k, _)| !enc_attrs.iter().any(|(e, _)| e == k));
            attrs.extend(enc_attrs);
            packed
        }
        None => a,
    };
    let var = Nc4Var {
        name,
        shape: a.shape().to_vec(),
        dtype: a.dtype(),
        dims,
        attrs,
        compress_chunks: compress.then(|| {
            a.meta
                .chunks
                .iter()
                .map(|c| c.first().copied().unwrap_or(1))
                .collect()
        }),
        text: None,
    };
    let mut same_file: Vec<Nc4Var> = it
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::SaveNc(p, v, _, _) if *p == path => Some(v.clone()),
            _ => None,
        })
        .collect();
    let (_, psp) = b.req(0);
    same_file.push(var.clone());
    // A Zarr store (a directory of arrays, in groups) is checked by the zarr save itself.
    let zarr = zarr_save::is_zarr_name(&path.to_string_lossy());
    (if zarr {
        Ok(Vec::new())
    } else {
        check_vars(&same_file)
    })
    .map_err(|m| {
        Diagnostic::new(
            codes::IO,
            format!("cannot save into `{}`: {m}", path.display()),
        )
        .label(span.clone(), "this save")
    })?;
    (if zarr || crate::io::plan_only() {
        Ok(())
    } else {
        check_writable(&path)
    })
    .map_err(|m| {
        Diagnostic::new(codes::IO, format!("cannot write `{}`: {m}", path.display()))
            .label(psp.clone(), "this path")
    })?;
    Ok(Output::SaveNc(path, var, a, span))
}

/// `encoding=(("dtype", int16), ("scale_factor", s), ("add_offset", o), ("_FillValue", f))`:
/// the array packed as xarray's CF encoder packs it, `round((x - o) / s)` in the integer
/// dtype with NaN stored as the fill value (default: netCDF's default fill of the dtype), and
/// the attributes that let readers unpack it.
fn pack(
    a: &Arr,
    v: &Value,
    sp: &Span,
) -> Result<(Arr, Vec<(String, crate::io::netcdf3::AttrValue)>)> {
    use super::elementwise::{bin, scalar, un};
    use crate::dtype::DType;
    use crate::expr::build::Operand;
    use crate::io::netcdf3::AttrValue;
    use crate::kernels::elementwise::{BinaryOp, UnaryOp};
    use crate::kernels::Scalar;
    let bad = || {
        Diagnostic::new(
            codes::TYPE,
            "`encoding=` takes (name, value) pairs: dtype, scale_factor, add_offset, _FillValue",
        )
        .label(sp.clone(), "here")
        .note("e.g. encoding=((\"dtype\", int16), (\"scale_factor\", 0.01), (\"add_offset\", 273.15))")
    };
    let (Value::Tuple(items) | Value::List(items)) = v else {
        return Err(bad());
    };
    let pairs = match items.as_slice() {
        [Value::Str(_), x] if !matches!(x, Value::Tuple(_) | Value::List(_)) => vec![v.clone()],
        _ => items.clone(),
    };
    let (mut dtype, mut scale, mut offset, mut fill) = (None, None, None, None);
    for p in pairs {
        let (Value::Tuple(kv) | Value::List(kv)) = &p else {
            return Err(bad());
        };
        let [Value::Str(k), val] = kv.as_slice() else {
            return Err(bad());
        };
        match k.as_str() {
            "dtype" => dtype = Some(super::args::to_dtype(val, sp)?),
            "scale_factor" => scale = Some(to_f64(val, sp)?),
            "add_offset" => offset = Some(to_f64(val, sp)?),
            "_FillValue" => fill = Some(to_int(val, sp)?),
            other => {
                return Err(
                    Diagnostic::new(codes::ARGUMENT, format!("unknown encoding `{other}`"))
                        .label(sp.clone(), "dtype, scale_factor, add_offset or _FillValue"),
                )
            }
        }
    }
    let dt = dtype.unwrap_or(DType::I16);
    if !dt.is_int() {
        return Err(Diagnostic::new(
            codes::DTYPE,
            format!("packing into `{dt}`: the encoded dtype must be an integer type"),
        )
        .label(sp.clone(), "e.g. (\"dtype\", int16)"));
    }
    // netCDF-C's default fill values (NC_FILL_SHORT, ...): what readers mask without a
    // _FillValue attribute too.
    let fill = fill.unwrap_or(match dt {
        DType::I8 => -127,
        DType::U8 => 255,
        DType::I16 => -32767,
        DType::U16 => 65535,
        DType::I32 => -2147483647,
        DType::U32 => 4294967295,
        DType::I64 => -9223372036854775806,
        _ => -2, // uint64's 18446744073709551614 as a wrapped Python int
    });
    if !dt.holds_int(fill) && dt != DType::U64 {
        return Err(Diagnostic::new(
            codes::OVERFLOW,
            format!("_FillValue {fill} does not fit in `{dt}`"),
        )
        .label(sp.clone(), "here"));
    }
    let span = sp;
    let arr = |x: Arr| Operand::Array(x);
    // in float64, as xarray computes it whatever the array's dtype
    let mut y = Operand::Array(build::astype(a, DType::F64, span.clone())?);
    if let Some(o) = offset {
        y = arr(bin(BinaryOp::Sub, y, scalar(o), span)?);
    }
    if let Some(s) = scale {
        y = arr(bin(BinaryOp::Div, y, scalar(s), span)?);
    }
    let y = match y {
        Operand::Array(x) => x,
        Operand::Scalar(_) => unreachable!("an array stays an array"),
    };
    let rounded = if y.dtype().is_float() {
        un(UnaryOp::Round, &y, span)?
    } else {
        y.clone()
    };
    let packed = if y.dtype().is_float() {
        let nan = un(UnaryOp::IsNan, &y, span)?;
        build::where_(
            (Operand::Array(nan), span.clone()),
            (Operand::Scalar(Scalar::Int(fill)), span.clone()),
            (Operand::Array(rounded), span.clone()),
            span.clone(),
        )?
    } else {
        rounded
    };
    let packed = build::astype(&packed, dt, span.clone())?;
    let mut attrs = vec![("_FillValue".to_string(), AttrValue::Ints(vec![fill]))];
    if let Some(s) = scale {
        attrs.push(("scale_factor".into(), AttrValue::Floats(vec![s])));
    }
    if let Some(o) = offset {
        attrs.push(("add_offset".into(), AttrValue::Floats(vec![o])));
    }
    Ok((packed, attrs))
}
