//! netCDF-3 variables -> ArraySource: `netcdf3::Nc3File` (positional reads, no lock) with
//! CF decoding on top.

use super::attrs;
use super::cf::{Cf, Raw};
use super::netcdf3::{AttrValue, Nc3Error, Nc3File, NcType};
use super::source::{ArraySource, OpenError, Source, VarInfo};
use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One variable of a netCDF-3 classic file.
pub struct Nc3Source {
    path: PathBuf,
    var: String,
    file: Arc<Nc3File>,
    shape: Vec<usize>,
    raw: Raw,
    cf: Cf,
    dims: Vec<String>,
    attrs: Vec<(String, attrs::AttrValue)>,
    is_record: bool,
}

impl std::fmt::Debug for Nc3Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "netcdf3({:?}, {:?})", self.path, self.var)
    }
}

fn raw_of(t: NcType) -> Option<Raw> {
    Some(match t {
        NcType::Byte => Raw::I8,
        NcType::UByte => Raw::U8,
        NcType::Short => Raw::I16,
        NcType::UShort => Raw::U16,
        NcType::Int => Raw::I32,
        NcType::UInt => Raw::U32,
        NcType::Int64 => Raw::I64,
        NcType::UInt64 => Raw::U64,
        NcType::Float => Raw::F32,
        NcType::Double => Raw::F64,
        NcType::Char => return None,
    })
}

fn cf_of(attrs: &[(String, AttrValue)]) -> Cf {
    let mut cf = Cf::default();
    for (name, v) in attrs {
        let first = v.as_f64s().and_then(|x| x.first().copied());
        let double = matches!(v, AttrValue::Floats(_));
        match name.as_str() {
            "scale_factor" => {
                cf.scale = first;
                cf.double |= double;
            }
            "add_offset" => {
                cf.offset = first;
                cf.double |= double;
            }
            "_FillValue" | "missing_value" => cf.fills.extend(v.as_f64s().unwrap_or_default()),
            _ => {}
        }
    }
    cf
}

fn open_file(path: &Path) -> Result<Nc3File, String> {
    Nc3File::open(path).map_err(|e| format!("`{}`: {e}", path.display()))
}

impl Nc3Source {
    pub fn open(path: &Path, var: &str) -> Result<Nc3Source, OpenError> {
        let file = open_file(path).map_err(OpenError::Other)?;
        Self::from_file(path, Arc::new(file), var)
    }

    /// Opens `var` of an already parsed file.
    fn from_file(path: &Path, file: Arc<Nc3File>, var: &str) -> Result<Nc3Source, OpenError> {
        let v = match file.var(var) {
            Ok(v) => v.clone(),
            Err(Nc3Error::VarNotFound { have, .. }) => {
                return Err(OpenError::NoVariable {
                    path: path.to_path_buf(),
                    variable: var.to_string(),
                    available: have,
                })
            }
            Err(e) => return Err(OpenError::Other(format!("`{}`: {e}", path.display()))),
        };
        let raw = raw_of(v.nc_type).ok_or_else(|| {
            OpenError::Other(format!(
                "`{}`: variable `{var}` holds characters, which arrlang cannot read",
                path.display()
            ))
        })?;
        Ok(Nc3Source {
            path: path.to_path_buf(),
            var: var.to_string(),
            shape: v.shape.clone(),
            cf: {
                let mut cf = cf_of(&v.attrs);
                cf.add_default_fill(raw, v.attrs.iter().any(|(k, _)| k == "_FillValue"));
                cf
            },
            dims: v.dims.clone(),
            is_record: v.is_record,
            attrs: v.attrs.iter().map(|(k, a)| (k.clone(), a.into())).collect(),
            raw,
            file,
        })
    }
}

impl ArraySource for Nc3Source {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.cf.dtype(self.raw)
    }
    fn dims(&self) -> Option<Vec<String>> {
        (self.dims.len() == self.shape.len()).then(|| self.dims.clone())
    }
    fn name(&self) -> Option<String> {
        Some(self.var.clone())
    }
    fn attrs(&self) -> Vec<(String, attrs::AttrValue)> {
        self.attrs.clone()
    }
    fn record_axis(&self) -> Option<usize> {
        self.is_record.then_some(0)
    }
    fn coord(&self, axis: usize) -> Option<Source> {
        let dim = self.dims.get(axis)?;
        let v = self.file.var(dim).ok()?;
        if v.dims != [dim.clone()] {
            return None;
        }
        let s = Nc3Source::from_file(&self.path, self.file.clone(), dim).ok()?;
        Some(Arc::new(s))
    }
    fn text_coord(&self, axis: usize) -> Option<super::source::TextCoord> {
        let dim = self.dims.get(axis)?;
        let v = self.file.var(dim).ok()?;
        if v.nc_type != NcType::Char || v.dims.first() != Some(dim) || v.shape.len() != 2 {
            return None;
        }
        let values = self.file.read_strings(dim.as_str()).ok()?;
        Some(super::source::TextCoord {
            name: dim.clone(),
            values,
            attrs: v.attrs.iter().map(|(k, a)| (k.clone(), a.into())).collect(),
        })
    }
    fn variable(&self, name: &str) -> Option<Source> {
        let s = Nc3Source::from_file(&self.path, self.file.clone(), name).ok()?;
        Some(Arc::new(s))
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        let b = self
            .file
            .read(self.var.as_str(), region)
            .map_err(|e| format!("`{}`: {e}", self.path.display()))?;
        if b.dtype() == self.dtype() && self.cf == Cf::default() {
            return Ok(b);
        }
        let shape = b.shape().to_vec();
        // Widened stored values are exact in f64 (up to 2^53): decode from there.
        Ok(self.cf.apply(self.raw, b.to_f64_vec(), &shape))
    }
}

/// Every variable of a netCDF-3 file; `char` ones marked `unreadable`.
pub fn list(path: &Path) -> Result<Vec<VarInfo>, String> {
    let file = open_file(path)?;
    Ok(file
        .variables()
        .iter()
        .map(|v| match raw_of(v.nc_type) {
            Some(raw) => VarInfo {
                name: v.name.clone(),
                shape: v.shape.clone(),
                dtype: cf_of(&v.attrs).dtype(raw),
                stored: raw.name().to_string(),
                dims: Some(v.dims.clone()),
                unreadable: None,
            },
            None => VarInfo {
                name: v.name.clone(),
                shape: v.shape.clone(),
                dtype: DType::F64,
                stored: v.nc_type.name().to_string(),
                dims: Some(v.dims.clone()),
                unreadable: Some(v.nc_type.name().to_string()),
            },
        })
        .collect())
}
