//! HDF5/netCDF-4 metadata: a dataset -> its attributes, its dimension names and the dataset
//! of each dimension (its scale).
//!
//! ```text
//! /ta  DIMENSION_LIST = [ref /time, ref /plev, ref /lat, ref /lon]   (object references)
//!        -> H5DSiterate_scales -> the scale datasets -> their names: (time, plev, lat, lon)
//! /bnds  NAME = "This is a netCDF dimension but not a netCDF variable.         2"
//!        -> a dimension, not a variable
//! ```
//! Dimension scales are what netCDF-C 4.x, h5netcdf and h5py (`make_scale`) all write;
//! netCDF-C's `_Netcdf4Coordinates`/`_Netcdf4Dimid` are only a fallback, because netCDF-C
//! also puts `_Netcdf4Dimid` on variables that are not dimensions.

use super::attrs::{is_internal, AttrValue};
use super::cf::Raw;
use crate::with_raw;
use hdf5::types::{FloatSize, IntSize, TypeDescriptor};
use hdf5_metno_sys::h5i::hid_t;
use std::ffi::{c_char, c_int, c_uint, c_void};

/// Prefix netCDF-C gives the `NAME` of a dimension that has no coordinate variable.
pub const DIM_WITHOUT_VARIABLE: &str = "This is a netCDF dimension but not a netCDF variable";
/// Prefix netCDF-C gives a variable named like a dimension it is not the coordinate of.
pub const NON_COORD_PREFIX: &str = "_nc4_non_coord_";

type Visitor = extern "C" fn(hid_t, c_uint, hid_t, *mut c_void) -> c_int;

#[link(name = "hdf5_serial_hl")]
extern "C" {
    fn H5DSget_num_scales(did: hid_t, dim: c_uint) -> c_int;
    fn H5DSiterate_scales(
        did: hid_t,
        dim: c_uint,
        idx: *mut c_int,
        visitor: Visitor,
        data: *mut c_void,
    ) -> c_int;
}

/// The text of a string attribute (fixed-length or variable-length; several strings are
/// joined with `, `), trailing NULs removed. `None` when it is not a string.
pub fn attr_text(a: &hdf5::Attribute) -> Option<String> {
    use hdf5_metno_sys::{h5, h5a, h5d, h5p, h5s, h5t};
    hdf5::sync::sync(|| {
        // SAFETY: plain HDF5 C calls on an open attribute id and ids created and closed here,
        // under the library lock; buffers are sized from the attribute's own type and space.
        unsafe {
            h5::H5open();
            let aid = a.id();
            let ftype = h5a::H5Aget_type(aid);
            if ftype < 0 {
                return None;
            }
            if h5t::H5Tget_class(ftype) != h5t::H5T_class_t::H5T_STRING {
                h5t::H5Tclose(ftype);
                return None;
            }
            let space = h5a::H5Aget_space(aid);
            let n = h5s::H5Sget_simple_extent_npoints(space).max(0) as usize;
            let mut out: Option<Vec<String>> = None;
            // Variable-length strings live in the global heap, which HDF5 reads unchecked.
            let vlen = h5t::H5Tis_variable_str(ftype) > 0;
            if vlen && super::h5check::check_object(aid).is_err() {
                h5s::H5Sclose(space);
                h5t::H5Tclose(ftype);
                return None;
            }
            if vlen {
                let mt = h5t::H5Tcopy(*h5t::H5T_C_S1);
                h5t::H5Tset_size(mt, h5t::H5T_VARIABLE);
                h5t::H5Tset_cset(mt, h5t::H5Tget_cset(ftype));
                let mut ptrs: Vec<*mut c_char> = vec![std::ptr::null_mut(); n];
                if h5a::H5Aread(aid, mt, ptrs.as_mut_ptr().cast()) >= 0 {
                    out = Some(
                        ptrs.iter()
                            .map(|&p| {
                                if p.is_null() {
                                    String::new()
                                } else {
                                    std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
                                }
                            })
                            .collect(),
                    );
                    h5d::H5Dvlen_reclaim(mt, space, h5p::H5P_DEFAULT, ptrs.as_mut_ptr().cast());
                }
                h5t::H5Tclose(mt);
            } else {
                let size = h5t::H5Tget_size(ftype);
                // A corrupt dataspace or type must not size the buffer.
                let bytes = size.checked_mul(n).filter(|&b| b <= MAX_TEXT_BYTES);
                let mut buf = vec![0u8; bytes.unwrap_or(0)];
                if size > 0
                    && bytes.is_some()
                    && h5a::H5Aread(aid, ftype, buf.as_mut_ptr().cast()) >= 0
                {
                    out = Some(
                        buf.chunks(size)
                            .map(|c| {
                                let end = c.iter().position(|&b| b == 0).unwrap_or(c.len());
                                String::from_utf8_lossy(&c[..end]).into_owned()
                            })
                            .collect(),
                    );
                } else if size == 0 || n == 0 {
                    out = Some(vec![]);
                }
            }
            h5s::H5Sclose(space);
            h5t::H5Tclose(ftype);
            out.map(|v| v.join(", "))
        }
    })
}

/// The stored element type of an HDF5 numeric type.
pub fn raw_of(d: &TypeDescriptor) -> Option<Raw> {
    Some(match d {
        TypeDescriptor::Integer(IntSize::U1) => Raw::I8,
        TypeDescriptor::Integer(IntSize::U2) => Raw::I16,
        TypeDescriptor::Integer(IntSize::U4) => Raw::I32,
        TypeDescriptor::Integer(IntSize::U8) => Raw::I64,
        TypeDescriptor::Unsigned(IntSize::U1) => Raw::U8,
        TypeDescriptor::Unsigned(IntSize::U2) => Raw::U16,
        TypeDescriptor::Unsigned(IntSize::U4) => Raw::U32,
        TypeDescriptor::Unsigned(IntSize::U8) => Raw::U64,
        TypeDescriptor::Float(FloatSize::U4) => Raw::F32,
        TypeDescriptor::Float(FloatSize::U8) => Raw::F64,
        _ => return None,
    })
}

/// One attribute's value; `None` for types arrlang does not show (compound, references).
#[allow(clippy::unnecessary_cast)] // `T` is f64 or i64 for some stored types
pub fn attr_value(a: &hdf5::Attribute) -> Option<AttrValue> {
    let desc = a.dtype().ok()?.to_descriptor().ok();
    match desc.as_ref().and_then(raw_of) {
        Some(raw) if raw.is_float() => Some(AttrValue::Numbers(with_raw!(raw, T => {
            a.read_raw::<T>().ok()?.into_iter().map(|x| x as f64).collect()
        }))),
        Some(raw) => Some(AttrValue::Ints(with_raw!(raw, T => {
            a.read_raw::<T>().ok()?.into_iter().map(|x| x as i64).collect()
        }))),
        None => attr_text(a).map(AttrValue::Text),
    }
}

/// The attributes of a dataset as netCDF4-python's `ncattrs()` lists them: creation order
/// when the file tracks it (netCDF-C does), else the object header's own order (which is
/// creation order for the few attributes stored compactly, as h5py writes them);
/// bookkeeping left out.
pub fn attrs_of(loc: &hdf5::Location) -> Vec<(String, AttrValue)> {
    use hdf5::{IndexType, IterationOrder};
    let names = loc
        .attr_names_by(IndexType::CreationOrder, IterationOrder::Increasing)
        .or_else(|_| loc.attr_names_by(IndexType::Name, IterationOrder::Native))
        .unwrap_or_default();
    names
        .into_iter()
        .filter(|n| !is_internal(n))
        .filter_map(|n| {
            let a = loc.attr(&n).ok()?;
            Some((n, attr_value(&a)?))
        })
        .collect()
}

/// The text of attribute `name`, if it is a string.
pub fn text_attr(loc: &hdf5::Location, name: &str) -> Option<String> {
    attr_text(&loc.attr(name).ok()?)
}

/// Whether a dataset is a netCDF dimension without a variable (`NAME` says so).
pub fn is_dimension_only(ds: &hdf5::Dataset) -> bool {
    text_attr(ds, "NAME").is_some_and(|n| n.starts_with(DIM_WITHOUT_VARIABLE))
}

/// Whether a dataset is a dimension scale (`CLASS = "DIMENSION_SCALE"`).
pub fn is_scale(ds: &hdf5::Dataset) -> bool {
    text_attr(ds, "CLASS").is_some_and(|c| c == "DIMENSION_SCALE")
}

/// The dimension name of a scale dataset at HDF5 path `path`: its last component, without
/// netCDF-C's `_nc4_non_coord_` prefix.
pub fn dim_name_of_path(path: &str) -> String {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.strip_prefix(NON_COORD_PREFIX)
        .unwrap_or(base)
        .to_string()
}

extern "C" fn first_scale(_did: hid_t, _dim: c_uint, scale: hid_t, data: *mut c_void) -> c_int {
    // SAFETY: `data` is the `Option<String>` passed by `scale_path` below; `scale` is an open
    // dataset id that H5DSiterate_scales closes after we return.
    unsafe {
        let out = &mut *(data as *mut Option<String>);
        let n = hdf5_metno_sys::h5i::H5Iget_name(scale, std::ptr::null_mut(), 0);
        if n > 0 {
            let mut buf = vec![0u8; n as usize + 1];
            hdf5_metno_sys::h5i::H5Iget_name(scale, buf.as_mut_ptr().cast(), buf.len());
            buf.truncate(n as usize);
            *out = Some(String::from_utf8_lossy(&buf).into_owned());
        }
    }
    1 // stop at the first scale of the axis
}

/// The HDF5 path (`/lat`, `/grp/lat`) of the first dimension scale attached to `axis`.
pub fn scale_path(ds: &hdf5::Dataset, axis: usize) -> Option<String> {
    hdf5::sync::sync(|| {
        let mut out: Option<String> = None;
        // DIMENSION_LIST's references live in the global heap, which HDF5 follows unchecked
        // (a corrupt one crashes `H5DSget_num_scales`).
        if super::h5check::check_object(ds.id()).is_err() {
            return None;
        }
        // SAFETY: an open dataset id; the visitor writes only into `out`; under the lock.
        unsafe {
            if H5DSget_num_scales(ds.id(), axis as c_uint) <= 0 {
                return None;
            }
            let r = H5DSiterate_scales(
                ds.id(),
                axis as c_uint,
                std::ptr::null_mut(),
                first_scale,
                (&mut out as *mut Option<String>).cast(),
            );
            if r < 0 {
                return None;
            }
        }
        out
    })
}

/// Dimension names and, where known, the HDF5 path of each dimension's scale dataset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DimInfo {
    pub names: Option<Vec<String>>,
    pub scales: Vec<Option<String>>,
}

/// The dimensions of dataset `ds` (at path `var` in `file`): from its attached dimension
/// scales; a 1-D scale is its own dimension; else netCDF-C's `_Netcdf4Coordinates` ids
/// matched to the scales' `_Netcdf4Dimid`; 0-d datasets have no dimensions.
pub fn dims_of(file: &hdf5::File, ds: &hdf5::Dataset, var: &str, ndim: usize) -> DimInfo {
    if ndim == 0 {
        return DimInfo {
            names: Some(vec![]),
            scales: vec![],
        };
    }
    if ds.attr("DIMENSION_LIST").is_ok() {
        let scales: Vec<Option<String>> = (0..ndim).map(|d| scale_path(ds, d)).collect();
        if scales.iter().all(|s| s.is_some()) {
            let names = scales
                .iter()
                .map(|s| dim_name_of_path(s.as_deref().unwrap_or("")))
                .collect();
            return DimInfo {
                names: Some(names),
                scales,
            };
        }
    }
    let full = format!("/{}", var.trim_start_matches('/'));
    if ndim == 1 && is_scale(ds) {
        return DimInfo {
            names: Some(vec![dim_name_of_path(&full)]),
            scales: vec![Some(full)],
        };
    }
    if let Some(ids) = ds
        .attr("_Netcdf4Coordinates")
        .ok()
        .and_then(|a| a.read_raw::<i64>().ok())
    {
        // Only dimension scales in the same group carry a dimension's id.
        let group = full.rsplit_once('/').map(|(g, _)| g).unwrap_or("");
        let g = file.group(if group.is_empty() { "/" } else { group }).ok();
        let dimids: Vec<(i64, String)> = g
            .iter()
            .flat_map(|g| {
                g.member_names()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |m| (g, m))
            })
            .filter_map(|(g, m)| {
                let d = g.dataset(&m).ok()?;
                if !is_scale(&d) {
                    return None;
                }
                let id = d.attr("_Netcdf4Dimid").ok()?.read_raw::<i64>().ok()?;
                Some((*id.first()?, format!("{group}/{m}")))
            })
            .collect();
        let scales: Vec<Option<String>> = ids
            .iter()
            .map(|id| dimids.iter().find(|(i, _)| i == id).map(|(_, p)| p.clone()))
            .collect();
        if scales.len() == ndim && scales.iter().all(|s| s.is_some()) {
            let names = scales
                .iter()
                .map(|s| dim_name_of_path(s.as_deref().unwrap_or("")))
                .collect();
            return DimInfo {
                names: Some(names),
                scales,
            };
        }
    }
    DimInfo {
        names: None,
        scales: vec![None; ndim],
    }
}

/// Fixed-length text larger than this (an attribute, a text dataset) is not read.
const MAX_TEXT_BYTES: usize = 1 << 30;

/// More labels than this in one text dataset: not read (a corrupt size, or not labels).
const MAX_STRINGS: usize = 1 << 24;

/// The strings of a text dataset: one per element of a string dataset (fixed-length or
/// variable-length), or one per row of a `char` dataset (netCDF's `char region(region,
/// strlen)`: the last axis holds the characters), trailing NULs and blanks removed as
/// netCDF4-python's `chartostring` does. `None` when it is not text.
pub fn dataset_strings(ds: &hdf5::Dataset) -> Option<Vec<String>> {
    use hdf5_metno_sys::{h5, h5d, h5p, h5s, h5t};
    let shape = ds.shape();
    // A label per element, one buffer: a corrupt dataspace must not size it.
    if shape
        .iter()
        .try_fold(1usize, |a, &n| a.checked_mul(n))
        .is_none_or(|n| n > MAX_STRINGS)
    {
        return None;
    }
    // Variable-length strings: HDF5 follows each value's heap reference unchecked.
    super::h5check::check_dataset_data(ds.id()).ok()?;
    hdf5::sync::sync(|| {
        // SAFETY: plain HDF5 C calls on an open dataset id and ids created and closed here,
        // under the library lock; buffers are sized from the dataset's own type and space.
        unsafe {
            h5::H5open();
            let did = ds.id();
            let ftype = h5d::H5Dget_type(did);
            if ftype < 0 {
                return None;
            }
            if h5t::H5Tget_class(ftype) != h5t::H5T_class_t::H5T_STRING {
                h5t::H5Tclose(ftype);
                return None;
            }
            let space = h5d::H5Dget_space(did);
            let n = h5s::H5Sget_simple_extent_npoints(space).max(0) as usize;
            let mut out: Option<Vec<String>> = None;
            let clean = |b: &[u8]| {
                let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
                String::from_utf8_lossy(&b[..end]).trim_end().to_string()
            };
            if h5t::H5Tis_variable_str(ftype) > 0 {
                let mt = h5t::H5Tcopy(*h5t::H5T_C_S1);
                h5t::H5Tset_size(mt, h5t::H5T_VARIABLE);
                h5t::H5Tset_cset(mt, h5t::H5Tget_cset(ftype));
                let mut ptrs: Vec<*mut c_char> = vec![std::ptr::null_mut(); n];
                if h5d::H5Dread(
                    did,
                    mt,
                    h5s::H5S_ALL,
                    h5s::H5S_ALL,
                    h5p::H5P_DEFAULT,
                    ptrs.as_mut_ptr().cast(),
                ) >= 0
                {
                    out = Some(
                        ptrs.iter()
                            .map(|&p| {
                                if p.is_null() {
                                    String::new()
                                } else {
                                    std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
                                }
                            })
                            .collect(),
                    );
                    h5d::H5Dvlen_reclaim(mt, space, h5p::H5P_DEFAULT, ptrs.as_mut_ptr().cast());
                }
                h5t::H5Tclose(mt);
            } else {
                let size = h5t::H5Tget_size(ftype);
                let bytes = size.checked_mul(n).filter(|&b| b <= MAX_TEXT_BYTES);
                let mut buf = vec![0u8; bytes.unwrap_or(0)];
                if size > 0
                    && bytes.is_some()
                    && h5d::H5Dread(
                        did,
                        ftype,
                        h5s::H5S_ALL,
                        h5s::H5S_ALL,
                        h5p::H5P_DEFAULT,
                        buf.as_mut_ptr().cast(),
                    ) >= 0
                {
                    // One character per element: the last axis spells each string.
                    let row = if size == 1 && shape.len() >= 2 {
                        shape[shape.len() - 1].max(1)
                    } else {
                        size
                    };
                    out = Some(buf.chunks(row).map(clean).collect());
                } else if n == 0 {
                    out = Some(vec![]);
                }
            }
            h5s::H5Sclose(space);
            h5t::H5Tclose(ftype);
            out
        }
    })
}
