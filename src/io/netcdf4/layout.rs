//! The structure of a netCDF-4 file as netCDF-C writes it: dimensions as HDF5 dimension
//! scales, variables with netCDF-C's bookkeeping attributes (`_Netcdf4Dimid`,
//! `_Netcdf4Coordinates`), `NC_CHAR`-style text attributes.

use super::Nc4Var;
use crate::dtype::DType;
use crate::io::netcdf3::AttrValue;
use hdf5::{Dataset, File};
use hdf5_metno_sys::h5i::hid_t;
use std::ffi::CString;
use std::path::Path;

/// Prefix netCDF-C gives the `NAME` of a dimension that has no coordinate variable.
pub(super) const DIM_WITHOUT_VARIABLE: &str =
    "This is a netCDF dimension but not a netCDF variable.";

#[link(name = "hdf5_serial_hl")]
extern "C" {
    fn H5DSset_scale(dsid: hid_t, dimname: *const std::ffi::c_char) -> i32;
    fn H5DSattach_scale(did: hid_t, dsid: hid_t, idx: std::ffi::c_uint) -> i32;
}

pub(super) struct Inner {
    pub(super) file: File,
    pub(super) datasets: Vec<Dataset>,
}

pub(super) fn h5err(e: hdf5::Error) -> String {
    e.to_string()
}

fn hdf5_dtype_name(d: DType) -> &'static str {
    match d {
        DType::Bool => "int8",
        _ => d.name(),
    }
}

/// Creates the file and its structure (under the HDF5 lock).
pub(super) fn build_file(
    tmp: &Path,
    vars: &[Nc4Var],
    dims: &[(String, usize)],
) -> Result<Inner, String> {
    use hdf5::file::LinkCreationOrder;
    let order = LinkCreationOrder::Indexed;
    crate::io::hdf5::disable_file_locking();
    let file = File::with_options()
        .with_fcpl(|p| p.link_creation_order(order))
        .create(tmp)
        .map_err(h5err)?;
    // Dimensions without a coordinate variable: empty scale datasets, as netCDF-C makes.
    let mut scales: Vec<Option<Dataset>> = Vec::with_capacity(dims.len());
    for (id, (name, len)) in dims.iter().enumerate() {
        if vars.iter().any(|v| &v.name == name) {
            scales.push(None);
            continue;
        }
        let ds = file
            .new_dataset::<f32>()
            .shape([*len])
            .create(name.as_str())
            .map_err(h5err)?;
        set_scale(&ds, &format!("{DIM_WITHOUT_VARIABLE}{len:>10}"))?;
        int_attr(&ds, "_Netcdf4Dimid", &[id as i32], true)?;
        scales.push(Some(ds));
    }
    let mut datasets = Vec::with_capacity(vars.len());
    for v in vars {
        let ds = create_dataset(&file, v)?;
        let names = v.dim_names();
        let ids: Vec<i32> = names
            .iter()
            .map(|n| dims.iter().position(|d| &d.0 == n).expect("checked") as i32)
            .collect();
        if v.is_coordinate() {
            set_scale(&ds, &v.name)?;
            int_attr(&ds, "_Netcdf4Dimid", &ids, true)?;
            scales[ids[0] as usize] = Some(ds.clone());
        }
        if !ids.is_empty() {
            int_attr(&ds, "_Netcdf4Coordinates", &ids, false)?;
        }
        if v.dtype == DType::Bool {
            // xarray's encoding of bool arrays, which it decodes back to bool.
            text_attr(&ds, "dtype", "bool")?;
        }
        for (k, a) in &v.attrs {
            match a {
                // netCDF requires the fill value in the variable's own type
                AttrValue::Ints(x) if k == "_FillValue" && v.dtype.is_int() => {
                    typed_int_attr(&ds, k, v.dtype, x)?
                }
                _ => write_attr(&ds, k, a)?,
            }
        }
        datasets.push(ds);
    }
    for (v, ds) in vars.iter().zip(&datasets) {
        if v.is_coordinate() {
            continue;
        }
        for (i, n) in v.dim_names().iter().enumerate() {
            let id = dims.iter().position(|d| &d.0 == n).expect("checked");
            let scale = scales[id].as_ref().expect("every dimension has a scale");
            // SAFETY: both ids are open datasets of this file; the HDF5 lock is held.
            let r = unsafe { H5DSattach_scale(ds.id(), scale.id(), i as u32) };
            if r < 0 {
                return Err(format!("attaching dimension `{n}` to `{}` failed", v.name));
            }
        }
    }
    drop(scales);
    Ok(Inner { file, datasets })
}

fn create_dataset(file: &File, v: &Nc4Var) -> Result<Dataset, String> {
    if let Some(text) = &v.text {
        use hdf5::types::VarLenUnicode;
        let vals: Vec<VarLenUnicode> = text
            .iter()
            .map(|t| t.replace('\0', "").parse().unwrap_or_default())
            .collect();
        let fail = |e: String| format!("writing `{}` (string): {e}", v.name);
        let vals = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&v.shape), vals)
            .map_err(|e| fail(e.to_string()))?;
        let ds = file
            .new_dataset::<VarLenUnicode>()
            .shape(v.shape.clone())
            .create(v.name.as_str())
            .map_err(|e| fail(e.to_string()))?;
        ds.write(&vals).map_err(|e| fail(e.to_string()))?;
        return Ok(ds);
    }
    let b = file.new_dataset_builder();
    let b = match v.dtype {
        DType::Bool => b.empty::<i8>(),
        DType::I32 => b.empty::<i32>(),
        DType::I64 => b.empty::<i64>(),
        DType::I8 => b.empty::<i8>(),
        DType::I16 => b.empty::<i16>(),
        DType::U8 => b.empty::<u8>(),
        DType::U16 => b.empty::<u16>(),
        DType::U32 => b.empty::<u32>(),
        DType::U64 => b.empty::<u64>(),
        DType::F32 => b.empty::<f32>(),
        DType::F64 => b.empty::<f64>(),
        DType::C64 | DType::C128 => return Err("netCDF has no complex type".into()),
    };
    let mut b = b.shape(v.shape.clone());
    if let Some(ch) = &v.compress_chunks {
        if !v.shape.is_empty() && v.shape.iter().all(|&n| n > 0) {
            let ch: Vec<usize> = ch
                .iter()
                .zip(&v.shape)
                .map(|(&c, &n)| c.clamp(1, n))
                .collect();
            b = b.chunk(ch).shuffle().deflate(4);
        }
    }
    b.create(v.name.as_str())
        .map_err(|e| format!("creating `{}` ({}): {e}", v.name, hdf5_dtype_name(v.dtype)))
}

fn set_scale(ds: &Dataset, name: &str) -> Result<(), String> {
    let c = CString::new(name).map_err(|_| "a NUL in a dimension name".to_string())?;
    // SAFETY: an open dataset id and a NUL-terminated name; the HDF5 lock is held.
    if unsafe { H5DSset_scale(ds.id(), c.as_ptr()) } < 0 {
        return Err(format!("making `{name}` a dimension scale failed"));
    }
    Ok(())
}

/// An int32 attribute: a scalar when `scalar`, else a 1-D array (netCDF's form).
fn int_attr(ds: &Dataset, name: &str, vals: &[i32], scalar: bool) -> Result<(), String> {
    let r = if scalar {
        ds.new_attr::<i32>()
            .create(name)
            .and_then(|a| a.write_scalar(&vals[0]))
    } else {
        ds.new_attr::<i32>()
            .shape([vals.len()])
            .create(name)
            .and_then(|a| a.write_raw(vals))
    };
    r.map_err(h5err)
}

fn write_attr(ds: &Dataset, name: &str, a: &AttrValue) -> Result<(), String> {
    let r = match a {
        AttrValue::Text(s) => return text_attr(ds, name, s),
        AttrValue::Ints(v) => ds
            .new_attr::<i64>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(v)),
        AttrValue::Float32(v) => ds
            .new_attr::<f32>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(v)),
        AttrValue::Floats(v) => ds
            .new_attr::<f64>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(v)),
    };
    r.map_err(|e| format!("attribute `{name}`: {e}"))
}

/// An integer attribute stored as `dtype` (values wrap into it).
fn typed_int_attr(ds: &Dataset, name: &str, dtype: DType, vals: &[i64]) -> Result<(), String> {
    use crate::kernels::{Element, Scalar};
    if dtype.is_complex() {
        return Err(format!("attribute `{name}`: netCDF has no complex type"));
    }
    crate::with_real_dtype!(dtype, T => {
        let v: Vec<T> = vals.iter().map(|&x| T::from_scalar(Scalar::Int(x))).collect();
        ds.new_attr::<T>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(&v))
            .map_err(|e| format!("attribute `{name}`: {e}"))
    })
}

/// A text attribute as netCDF-C writes `NC_CHAR` ones: a scalar fixed-length string.
fn text_attr(ds: &Dataset, name: &str, text: &str) -> Result<(), String> {
    use hdf5_metno_sys::{h5a, h5s, h5t};
    let cname = CString::new(name).map_err(|_| "a NUL in an attribute name".to_string())?;
    let bytes = text.as_bytes();
    let fail = || format!("writing text attribute `{name}` failed");
    // SAFETY: plain HDF5 C calls on ids we create and close here; the caller holds the lock
    // (we are inside `hdf5::sync::sync`).
    unsafe {
        hdf5_metno_sys::h5::H5open();
        let ty = h5t::H5Tcopy(*h5t::H5T_C_S1);
        if ty < 0 {
            return Err(fail());
        }
        h5t::H5Tset_size(ty, bytes.len().max(1));
        h5t::H5Tset_strpad(ty, h5t::H5T_str_t::H5T_STR_NULLTERM);
        let space = h5s::H5Screate(h5s::H5S_class_t::H5S_SCALAR);
        let attr = h5a::H5Acreate2(
            ds.id(),
            cname.as_ptr(),
            ty,
            space,
            hdf5_metno_sys::h5p::H5P_DEFAULT,
            hdf5_metno_sys::h5p::H5P_DEFAULT,
        );
        let mut buf = bytes.to_vec();
        if buf.is_empty() {
            buf.push(0);
        }
        let ok = attr >= 0 && h5a::H5Awrite(attr, ty, buf.as_ptr().cast()) >= 0;
        if attr >= 0 {
            h5a::H5Aclose(attr);
        }
        h5s::H5Sclose(space);
        h5t::H5Tclose(ty);
        if !ok {
            return Err(fail());
        }
    }
    Ok(())
}
