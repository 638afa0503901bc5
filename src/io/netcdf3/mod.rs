//! netCDF-3 reading: a CDF-1/2/5 file path -> variables (raw values) and hyperslab Blocks.
//!
//! Pure Rust, big-endian, positional reads (`read_at`): an `Nc3File` is `Send + Sync`, so
//! tasks read regions in parallel without a lock. Values are raw: CF decoding
//! (`scale_factor`, `_FillValue`, ...) is the caller's.
//!
//! ```text
//! [header][fixed var 0][fixed var 1]...[record 0: rec var a, rec var b][record 1: a, b]...
//! ```
//! Record variables are interleaved record by record; each record slot is padded to 4 bytes,
//! except when the file has a single record variable, whose records are packed unpadded.

mod header;
mod read;

#[cfg(test)]
mod tests;

use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A netCDF-3 external type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NcType {
    Byte,
    Char,
    Short,
    Int,
    Float,
    Double,
    UByte,
    UShort,
    UInt,
    Int64,
    UInt64,
}

impl NcType {
    fn from_code(c: u32) -> Option<NcType> {
        use NcType::*;
        Some(match c {
            1 => Byte,
            2 => Char,
            3 => Short,
            4 => Int,
            5 => Float,
            6 => Double,
            7 => UByte,
            8 => UShort,
            9 => UInt,
            10 => Int64,
            11 => UInt64,
            _ => return None,
        })
    }

    /// Bytes per value in the file.
    pub fn size(self) -> usize {
        use NcType::*;
        match self {
            Byte | Char | UByte => 1,
            Short | UShort => 2,
            Int | UInt | Float => 4,
            Double | Int64 | UInt64 => 8,
        }
    }

    /// The CDL name (`byte`, `short`, `uint64`, ...).
    pub fn name(self) -> &'static str {
        use NcType::*;
        match self {
            Byte => "byte",
            Char => "char",
            Short => "short",
            Int => "int",
            Float => "float",
            Double => "double",
            UByte => "ubyte",
            UShort => "ushort",
            UInt => "uint",
            Int64 => "int64",
            UInt64 => "uint64",
        }
    }

    fn is_cdf5_only(self) -> bool {
        use NcType::*;
        matches!(self, UByte | UShort | UInt | Int64 | UInt64)
    }

    /// The arrlang dtype values are read into. `None` for `char`, which arrlang cannot hold.
    pub fn dtype(self) -> Option<DType> {
        use NcType::*;
        Some(match self {
            Byte => DType::I8,
            UByte => DType::U8,
            Short => DType::I16,
            UShort => DType::U16,
            Int => DType::I32,
            UInt => DType::U32,
            Int64 => DType::I64,
            UInt64 => DType::U64,
            Float => DType::F32,
            Double => DType::F64,
            Char => return None,
        })
    }
}

/// An attribute value, decoded from big-endian. Integers of every width widen to i64.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// A `char` attribute, trailing NULs removed.
    Text(String),
    /// `byte`, `short`, `int` and the CDF-5 integer types.
    Ints(Vec<i64>),
    /// `float` (kept apart from `double`: CF unpacking's result dtype follows it).
    Float32(Vec<f32>),
    /// `double`.
    Floats(Vec<f64>),
}

impl AttrValue {
    /// Numeric values as f64 (`None` for text).
    pub fn as_f64s(&self) -> Option<Vec<f64>> {
        match self {
            AttrValue::Text(_) => None,
            AttrValue::Ints(v) => Some(v.iter().map(|&x| x as f64).collect()),
            AttrValue::Float32(v) => Some(v.iter().map(|&x| x as f64).collect()),
            AttrValue::Floats(v) => Some(v.clone()),
        }
    }
}

/// A variable of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Nc3Var {
    pub name: String,
    /// The dtype `read` returns (see `NcType::dtype`; `I32` placeholder for `char`, whose
    /// reads fail).
    pub dtype: DType,
    /// The type stored in the file.
    pub nc_type: NcType,
    /// Dimension lengths; a record variable's first is the current number of records.
    pub shape: Vec<usize>,
    pub dims: Vec<String>,
    pub attrs: Vec<(String, AttrValue)>,
    /// Whether the first dimension is the unlimited (record) dimension.
    pub is_record: bool,
}

/// A failure reading a netCDF-3 file. Messages name what is wrong; `Nc3FileError` adds the
/// path.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Nc3Error {
    #[error("not a netCDF-3 file (the first bytes are not `CDF\\x01`, `CDF\\x02` or `CDF\\x05`)")]
    BadMagic,
    #[error("the file is truncated: {0}")]
    Truncated(String),
    #[error("the file is corrupt: {0}")]
    Corrupt(String),
    #[error("unknown netCDF type code {0}")]
    UnknownType(u32),
    #[error("no variable `{name}`; the file has: {}", .have.join(", "))]
    VarNotFound { name: String, have: Vec<String> },
    #[error("variable `{0}` has type `char`, which arrlang cannot hold")]
    Unsupported(String),
    #[error("bad selection for variable `{var}`: {why}")]
    BadSelection { var: String, why: String },
    #[error("{0}")]
    Io(String),
}

/// An `Nc3Error` with the file it concerns.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{}`: {err}", .path.display())]
pub struct Nc3FileError {
    pub path: PathBuf,
    pub err: Nc3Error,
}

/// Where a variable's values lie in the file.
#[derive(Debug, Clone)]
struct Placement {
    begin: u64,
    /// Byte stride of each axis (a record variable's first is the record size).
    strides: Vec<u64>,
}

/// An open netCDF-3 file: the header, parsed once, and the handle for positional reads.
#[derive(Debug)]
pub struct Nc3File {
    path: PathBuf,
    file: File,
    version: u8,
    vars: Vec<Nc3Var>,
    places: Vec<Placement>,
    gatts: Vec<(String, AttrValue)>,
    dims: Vec<(String, usize, bool)>,
}

/// How `read` names a variable.
#[derive(Debug, Clone, Copy)]
pub enum VarRef<'a> {
    Name(&'a str),
    Index(usize),
}

impl<'a> From<&'a str> for VarRef<'a> {
    fn from(s: &'a str) -> Self {
        VarRef::Name(s)
    }
}

impl<'a> From<&'a String> for VarRef<'a> {
    fn from(s: &'a String) -> Self {
        VarRef::Name(s)
    }
}

impl From<usize> for VarRef<'_> {
    fn from(i: usize) -> Self {
        VarRef::Index(i)
    }
}

fn round4(n: u64) -> u64 {
    n.div_ceil(4) * 4
}

impl Nc3File {
    /// Opens and parses `path`; checks every variable's data lies inside the file.
    pub fn open(path: impl AsRef<Path>) -> Result<Nc3File, Nc3Error> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Nc3Error::Io(e.to_string()))?;
        let file_len = file
            .metadata()
            .map_err(|e| Nc3Error::Io(e.to_string()))?
            .len();
        let h = header::parse(&file, file_len)?;
        let rec_vars: Vec<usize> = (0..h.vars.len())
            .filter(|&i| {
                h.vars[i]
                    .dimids
                    .first()
                    .is_some_and(|&d| h.dims[d].len.is_none())
            })
            .collect();
        // Bytes of one record of each variable (its non-record dims).
        let slab = |v: &header::RawVar| -> Result<u64, Nc3Error> {
            let skip = usize::from(v.dimids.first().is_some_and(|&d| h.dims[d].len.is_none()));
            v.dimids[skip..]
                .iter()
                .try_fold(v.nc_type.size() as u64, |acc, &d| {
                    acc.checked_mul(h.dims[d].len.unwrap_or(0))
                })
                .ok_or_else(|| Nc3Error::Corrupt(format!("variable `{}` is too large", v.name)))
        };
        let recsize = if rec_vars.len() == 1 {
            slab(&h.vars[rec_vars[0]])?
        } else {
            rec_vars
                .iter()
                .map(|&i| slab(&h.vars[i]).map(round4))
                .sum::<Result<u64, _>>()?
        };
        let numrecs = match h.numrecs {
            Some(n) => n,
            // Streaming: as many whole records as the file holds after the first one begins.
            None => match rec_vars.iter().map(|&i| h.vars[i].begin).min() {
                Some(b) if recsize > 0 => file_len.saturating_sub(b) / recsize,
                _ => 0,
            },
        };
        let mut vars = Vec::with_capacity(h.vars.len());
        let mut places = Vec::with_capacity(h.vars.len());
        for (i, v) in h.vars.iter().enumerate() {
            let is_record = rec_vars.contains(&i);
            let shape: Vec<u64> = v
                .dimids
                .iter()
                .map(|&d| h.dims[d].len.unwrap_or(numrecs))
                .collect();
            if v.dimids.iter().skip(1).any(|&d| h.dims[d].len.is_none()) {
                return Err(Nc3Error::Corrupt(format!(
                    "variable `{}` uses the unlimited dimension other than first",
                    v.name
                )));
            }
            let size = v.nc_type.size() as u64;
            let mut strides = vec![size; shape.len()];
            for d in (0..shape.len().saturating_sub(1)).rev() {
                strides[d] = strides[d + 1].saturating_mul(shape[d + 1]);
            }
            let one = slab(v)?;
            let end = if is_record {
                strides[0] = recsize;
                if numrecs == 0 {
                    v.begin
                } else {
                    (numrecs - 1)
                        .checked_mul(recsize)
                        .and_then(|x| x.checked_add(v.begin))
                        .and_then(|x| x.checked_add(one))
                        .ok_or_else(|| Nc3Error::Corrupt(format!("`{}` is too large", v.name)))?
                }
            } else {
                v.begin
                    .checked_add(one)
                    .ok_or_else(|| Nc3Error::Corrupt(format!("`{}` is too large", v.name)))?
            };
            if end > file_len && shape.iter().all(|&n| n > 0) {
                return Err(Nc3Error::Truncated(format!(
                    "variable `{}` needs bytes up to {end}, the file has {file_len}",
                    v.name
                )));
            }
            vars.push(Nc3Var {
                name: v.name.clone(),
                dtype: v.nc_type.dtype().unwrap_or(DType::I32),
                nc_type: v.nc_type,
                shape: shape.iter().map(|&n| n as usize).collect(),
                dims: v.dimids.iter().map(|&d| h.dims[d].name.clone()).collect(),
                attrs: v.attrs.clone(),
                is_record,
            });
            places.push(Placement {
                begin: v.begin,
                strides,
            });
        }
        let dims = h
            .dims
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.len.unwrap_or(numrecs) as usize,
                    d.len.is_none(),
                )
            })
            .collect();
        Ok(Nc3File {
            path: path.to_path_buf(),
            file,
            version: h.version,
            vars,
            places,
            gatts: h.gatts,
            dims,
        })
    }

    /// Like `open`, with the path in the error.
    pub fn open_with_path(path: impl AsRef<Path>) -> Result<Nc3File, Nc3FileError> {
        Nc3File::open(path.as_ref()).map_err(|err| Nc3FileError {
            path: path.as_ref().to_path_buf(),
            err,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1 (classic), 2 (64-bit offset) or 5 (64-bit data).
    pub fn version(&self) -> u8 {
        self.version
    }

    pub fn variables(&self) -> &[Nc3Var] {
        &self.vars
    }

    pub fn global_attrs(&self) -> &[(String, AttrValue)] {
        &self.gatts
    }

    /// Every dimension: name, current length, whether it is the unlimited one.
    pub fn dimensions(&self) -> &[(String, usize, bool)] {
        &self.dims
    }

    /// The index of the variable named `name`, or an error listing the ones that exist.
    pub fn var_index(&self, name: &str) -> Result<usize, Nc3Error> {
        self.vars
            .iter()
            .position(|v| v.name == name)
            .ok_or_else(|| Nc3Error::VarNotFound {
                name: name.to_string(),
                have: self.vars.iter().map(|v| v.name.clone()).collect(),
            })
    }

    pub fn var<'a>(&self, v: impl Into<VarRef<'a>>) -> Result<&Nc3Var, Nc3Error> {
        Ok(&self.vars[self.resolve(v.into())?])
    }

    fn resolve(&self, v: VarRef) -> Result<usize, Nc3Error> {
        match v {
            VarRef::Name(n) => self.var_index(n),
            VarRef::Index(i) if i < self.vars.len() => Ok(i),
            VarRef::Index(i) => Err(Nc3Error::VarNotFound {
                name: format!("#{i}"),
                have: self.vars.iter().map(|v| v.name.clone()).collect(),
            }),
        }
    }

    /// Reads `var[ranges]` (one range per axis, in the variable's index space) into a block of
    /// dtype `var.dtype` and shape `ranges[d].len`.
    pub fn read<'a>(
        &self,
        var: impl Into<VarRef<'a>>,
        ranges: &[Range1],
    ) -> Result<Block, Nc3Error> {
        let i = self.resolve(var.into())?;
        let v = &self.vars[i];
        if v.nc_type == NcType::Char {
            return Err(Nc3Error::Unsupported(v.name.clone()));
        }
        read::read_hyperslab(&self.file, v, &self.places[i], ranges)
    }

    /// The strings of a `char` variable: one per row of its last axis (the characters),
    /// trailing NULs and blanks removed.
    pub fn read_strings<'a>(&self, var: impl Into<VarRef<'a>>) -> Result<Vec<String>, Nc3Error> {
        let i = self.resolve(var.into())?;
        let v = &self.vars[i];
        let ranges: Vec<Range1> = v.shape.iter().map(|&n| Range1::full(n)).collect();
        let b = read::read_hyperslab(&self.file, v, &self.places[i], &ranges)?;
        let bytes: Vec<u8> = b.to_f64_vec().into_iter().map(|x| x as u8).collect();
        let row = v.shape.last().copied().unwrap_or(1).max(1);
        Ok(bytes
            .chunks(row)
            .map(|c| {
                let end = c.iter().position(|&b| b == 0).unwrap_or(c.len());
                String::from_utf8_lossy(&c[..end]).trim_end().to_string()
            })
            .collect())
    }

    /// The whole variable.
    pub fn read_all<'a>(&self, var: impl Into<VarRef<'a>>) -> Result<Block, Nc3Error> {
        let i = self.resolve(var.into())?;
        let ranges: Vec<Range1> = self.vars[i]
            .shape
            .iter()
            .map(|&n| Range1::full(n))
            .collect();
        self.read(i, &ranges)
    }
}
