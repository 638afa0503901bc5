//! netCDF-4 writing: arrays, block by block -> an HDF5 file that netCDF-C and xarray read.
//!
//! The layout netCDF-C itself writes (checked against a netCDF4-python file with h5py):
//!
//! ```text
//! /                      (link creation order tracked, as netCDF-C does)
//! /time   f32 (n,)       dimension without a variable: CLASS=DIMENSION_SCALE,
//!                        NAME="This is a netCDF dimension but not a netCDF variable.         n",
//!                        _Netcdf4Dimid=0
//! /lat    f4  (m,)       a coordinate variable (name == its only dimension): the scale itself
//! /t2m    f8  (n, m)     DIMENSION_LIST -> the scales, _Netcdf4Coordinates=[0, 1], units, ...
//! ```
//! Scales are attached with HDF5's own H5DS library (so REFERENCE_LIST matches too). Writes go
//! to a temporary name in the same directory, renamed into place by `finish`; dropping an
//! unfinished writer removes it.
//!
//! Here: the variables and their attributes; `layout.rs`: the file's structure (dimension
//! scales, netCDF-C's attributes); `writer.rs`: the writer, its temporary file and its commit.

mod layout;
#[cfg(test)]
mod tests;
mod writer;

pub use writer::{check_writable, temp_path, Nc4Error, Nc4Target, Nc4Writer};

use super::attrs;
use super::cftime::{DateTime, TimeUnits};
use super::dims_check::{shared_dims, Format, SavedDims};
use super::netcdf3::AttrValue;
use super::source::ArraySource;
use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::Block;

/// One variable to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Nc4Var {
    pub name: String,
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Dimension names; `None`: `dim_0`, `dim_1`, ... (xarray's default).
    pub dims: Option<Vec<String>>,
    pub attrs: Vec<(String, AttrValue)>,
    /// Compress (deflate level 4 with shuffle), stored in chunks of this shape.
    pub compress_chunks: Option<Vec<usize>>,
    /// A 1-D text variable (a coordinate of labels: `region`): these strings, written as
    /// netCDF-4 `string`s when the file is made (its blocks are not written).
    pub text: Option<Vec<String>>,
}

impl Nc4Var {
    /// The dimension names this variable uses.
    pub fn dim_names(&self) -> Vec<String> {
        match &self.dims {
            Some(d) => d.clone(),
            None => (0..self.shape.len()).map(|i| format!("dim_{i}")).collect(),
        }
    }

    /// A 1-D variable named after its dimension: the dimension's coordinate variable.
    fn is_coordinate(&self) -> bool {
        self.dim_names() == [self.name.clone()]
    }
}

/// The file's dimensions (name, length) in order of first use, after checking that the
/// variables agree on them. Errors are messages for the user.
pub fn check_vars(vars: &[Nc4Var]) -> Result<Vec<(String, usize)>, String> {
    for (i, v) in vars.iter().enumerate() {
        if v.name.is_empty() || v.name.contains('/') {
            return Err(format!("`{}` is not a valid variable name", v.name));
        }
        if vars[..i].iter().any(|w| w.name == v.name) {
            return Err(format!(
                "variable `{}` is saved twice into one file",
                v.name
            ));
        }
    }
    let saved: Vec<SavedDims> = vars
        .iter()
        .map(|v| SavedDims {
            name: &v.name,
            dims: v.dim_names(),
            shape: &v.shape,
        })
        .collect();
    let format = Format {
        noun: "variable",
        coordinate: "coordinate variable",
        dim_name_ok: |n| !n.is_empty() && !n.contains('/'),
    };
    shared_dims(&saved, &format)
}

/// Attributes a saved coordinate keeps: those xarray decodes (`units`, `calendar`) or shows.
const COORD_ATTRS: &[&str] = &[
    "units",
    "calendar",
    "long_name",
    "standard_name",
    "axis",
    "positive",
];

/// Attributes that describe stored (packed, filled) values: values are saved decoded.
const ENCODING_ATTRS: &[&str] = &[
    "_FillValue",
    "missing_value",
    "scale_factor",
    "add_offset",
    "valid_min",
    "valid_max",
    "valid_range",
    "_Unsigned",
];

/// A data variable's attributes as `save` writes them (`units`, `long_name`,
/// `standard_name`, `cell_methods`, ...): all but those describing the stored encoding.
pub fn data_attrs(attrs: &[(String, attrs::AttrValue)]) -> Vec<(String, AttrValue)> {
    attrs
        .iter()
        .filter(|(k, _)| !ENCODING_ATTRS.contains(&k.as_str()) && !attrs::is_internal(k))
        .map(|(k, v)| (k.clone(), v.into()))
        .collect()
}

/// The coordinate variable of dimension `name` to save beside the data, from a 1-D source
/// (e.g. `ArraySource::coord`): its values (write them with `write_region(i, &[0], ..)`)
/// and its CF attributes, time `units` + `calendar` included, so xarray decodes the same
/// coordinate and dates.
pub fn coord_var(name: &str, src: &dyn ArraySource) -> Result<(Nc4Var, Block), String> {
    let [n] = src.shape() else {
        return Err(format!("the coordinate of `{name}` is not 1-D"));
    };
    let values = super::source::read(src, &[Range1::full(*n)])?;
    let attrs = src
        .attrs()
        .iter()
        .filter(|(k, _)| COORD_ATTRS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.into()))
        .collect();
    Ok((
        Nc4Var {
            name: name.to_string(),
            shape: vec![*n],
            dtype: values.dtype(),
            dims: Some(vec![name.to_string()]),
            attrs,
            compress_chunks: None,
            text: None,
        },
        values,
    ))
}

/// A time coordinate to save from dates: encoded in `units` (float64 values with CF
/// `units` and `calendar` attributes). Err for a date the calendar lacks.
pub fn time_coord_var(
    name: &str,
    units: &TimeUnits,
    dates: &[DateTime],
) -> Result<(Nc4Var, Block), String> {
    let v: Vec<f64> = dates
        .iter()
        .map(|d| units.encode(d))
        .collect::<Result<_, _>>()?;
    let n = v.len();
    let values = Block::F64(
        ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[n]), v).map_err(|e| e.to_string())?,
    );
    Ok((
        Nc4Var {
            name: name.to_string(),
            shape: vec![n],
            dtype: DType::F64,
            dims: Some(vec![name.to_string()]),
            attrs: vec![
                ("units".into(), AttrValue::Text(units.units_string())),
                (
                    "calendar".into(),
                    AttrValue::Text(units.calendar.name().into()),
                ),
            ],
            compress_chunks: None,
            text: None,
        },
        values,
    ))
}
