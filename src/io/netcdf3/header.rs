//! netCDF-3 header: file bytes (CDF-1, CDF-2, CDF-5) -> dimensions, attributes, variables.
//!
//! ```text
//! header  = "CDF" version numrecs dim_list gatt_list var_list
//! var     = name [dimid ...] vatt_list nc_type vsize begin
//! ```
//! Counts and dimension ids are 4 bytes, or 8 in CDF-5; `begin` is 4 bytes in CDF-1, else 8.

use super::{AttrValue, Nc3Error, NcType};
use std::fs::File;
use std::os::unix::fs::FileExt;

const NC_DIMENSION: u32 = 0x0A;
const NC_VARIABLE: u32 = 0x0B;
const NC_ATTRIBUTE: u32 = 0x0C;
/// `numrecs` of a file still being written by a streaming writer.
const STREAMING: u64 = 0xFFFF_FFFF;

/// One dimension; `len` is `None` for the unlimited (record) dimension.
#[derive(Debug, Clone)]
pub(super) struct RawDim {
    pub name: String,
    pub len: Option<u64>,
}

/// One variable as the header lists it.
#[derive(Debug, Clone)]
pub(super) struct RawVar {
    pub name: String,
    pub dimids: Vec<usize>,
    pub attrs: Vec<(String, AttrValue)>,
    pub nc_type: NcType,
    pub begin: u64,
}

/// The parsed header.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub version: u8,
    /// `None` when the file says it is streaming (count from the file size).
    pub numrecs: Option<u64>,
    pub dims: Vec<RawDim>,
    pub gatts: Vec<(String, AttrValue)>,
    pub vars: Vec<RawVar>,
}

/// Reads header fields from the file, fetching more bytes as the parse needs them.
struct Cursor<'a> {
    file: &'a File,
    file_len: u64,
    buf: Vec<u8>,
    pos: usize,
    version: u8,
}

impl Cursor<'_> {
    fn need(&mut self, n: usize) -> Result<(), Nc3Error> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| corrupt("a size overflows"))?;
        if end <= self.buf.len() {
            return Ok(());
        }
        if end as u64 > self.file_len {
            return Err(Nc3Error::Truncated(format!(
                "the header needs {end} bytes, the file has {}",
                self.file_len
            )));
        }
        // Grow geometrically so a large header costs few reads.
        let want = (end.max(self.buf.len() * 2) as u64).min(self.file_len) as usize;
        let old = self.buf.len();
        self.buf.resize(want, 0);
        self.file
            .read_exact_at(&mut self.buf[old..], old as u64)
            .map_err(|e| Nc3Error::Io(e.to_string()))
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8], Nc3Error> {
        self.need(n)?;
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, Nc3Error> {
        let b = self.bytes(4)?;
        Ok(u32::from_be_bytes(b.try_into().expect("4 bytes")))
    }

    fn u64(&mut self) -> Result<u64, Nc3Error> {
        let b = self.bytes(8)?;
        Ok(u64::from_be_bytes(b.try_into().expect("8 bytes")))
    }

    /// A count (NON_NEG): 8 bytes in CDF-5, else 4 (a signed int that must be >= 0).
    fn count(&mut self) -> Result<u64, Nc3Error> {
        if self.version == 5 {
            let v = self.u64()?;
            if v > i64::MAX as u64 {
                return Err(corrupt("a negative count"));
            }
            Ok(v)
        } else {
            let v = self.u32()?;
            if v > i32::MAX as u32 {
                return Err(corrupt("a negative count"));
            }
            Ok(v as u64)
        }
    }

    /// A count of items each taking at least `min_bytes`: bounded by the file size so a
    /// corrupt count cannot make us allocate without limit.
    fn bounded_count(&mut self, min_bytes: u64, what: &str) -> Result<usize, Nc3Error> {
        let n = self.count()?;
        if n.saturating_mul(min_bytes) > self.file_len {
            return Err(corrupt(&format!("{what} count {n} exceeds the file size")));
        }
        Ok(n as usize)
    }

    fn skip_pad(&mut self, n: usize) -> Result<(), Nc3Error> {
        let pad = (4 - n % 4) % 4;
        self.bytes(pad).map(|_| ())
    }

    fn name(&mut self) -> Result<String, Nc3Error> {
        let n = self.bounded_count(1, "name length")?;
        let s = String::from_utf8_lossy(self.bytes(n)?).into_owned();
        self.skip_pad(n)?;
        Ok(s)
    }

    fn nc_type(&mut self) -> Result<NcType, Nc3Error> {
        let code = self.u32()?;
        let t = NcType::from_code(code).ok_or(Nc3Error::UnknownType(code))?;
        if t.is_cdf5_only() && self.version != 5 {
            return Err(corrupt(&format!(
                "type `{}` appears in a CDF-{} file (only CDF-5 has it)",
                t.name(),
                self.version
            )));
        }
        Ok(t)
    }

    /// `ABSENT` (two zeros) or `tag nelems`: the number of list elements.
    fn list(&mut self, tag: u32, what: &str, min_bytes: u64) -> Result<usize, Nc3Error> {
        let t = self.u32()?;
        if t == 0 {
            let n = self.count()?;
            if n != 0 {
                return Err(corrupt(&format!("an absent {what} list has {n} elements")));
            }
            return Ok(0);
        }
        if t != tag {
            return Err(corrupt(&format!(
                "expected the {what} list tag, found {t:#x}"
            )));
        }
        self.bounded_count(min_bytes, what)
    }

    fn attrs(&mut self) -> Result<Vec<(String, AttrValue)>, Nc3Error> {
        let n = self.list(NC_ATTRIBUTE, "attribute", 12)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let name = self.name()?;
            let t = self.nc_type()?;
            let count = self.bounded_count(t.size() as u64, "attribute value")?;
            let nbytes = count * t.size();
            let raw = self.bytes(nbytes)?.to_vec();
            self.skip_pad(nbytes)?;
            out.push((name, attr_value(t, &raw)));
        }
        Ok(out)
    }
}

fn corrupt(what: &str) -> Nc3Error {
    Nc3Error::Corrupt(what.to_string())
}

/// Decodes big-endian attribute values of type `t`.
fn attr_value(t: NcType, raw: &[u8]) -> AttrValue {
    let size = t.size();
    let items = raw.chunks_exact(size);
    let ints = |f: fn(&[u8]) -> i64| AttrValue::Ints(items.clone().map(f).collect());
    match t {
        NcType::Char => {
            // Text attributes are often NUL-padded by writers; numpy/netCDF4 strip them.
            let end = raw.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
            AttrValue::Text(String::from_utf8_lossy(&raw[..end]).into_owned())
        }
        NcType::Byte => ints(|b| b[0] as i8 as i64),
        NcType::UByte => ints(|b| b[0] as i64),
        NcType::Short => ints(|b| i16::from_be_bytes([b[0], b[1]]) as i64),
        NcType::UShort => ints(|b| u16::from_be_bytes([b[0], b[1]]) as i64),
        NcType::Int => ints(|b| i32::from_be_bytes(b.try_into().expect("4")) as i64),
        NcType::UInt => ints(|b| u32::from_be_bytes(b.try_into().expect("4")) as i64),
        NcType::Int64 => ints(|b| i64::from_be_bytes(b.try_into().expect("8"))),
        // Values above i64::MAX wrap; such attributes are vanishingly rare.
        NcType::UInt64 => ints(|b| u64::from_be_bytes(b.try_into().expect("8")) as i64),
        NcType::Float => AttrValue::Float32(
            items
                .map(|b| f32::from_be_bytes(b.try_into().expect("4")))
                .collect(),
        ),
        NcType::Double => AttrValue::Floats(
            items
                .map(|b| f64::from_be_bytes(b.try_into().expect("8")))
                .collect(),
        ),
    }
}

/// Parses the header of `file` (`file_len` bytes long).
pub(super) fn parse(file: &File, file_len: u64) -> Result<Header, Nc3Error> {
    let mut c = Cursor {
        file,
        file_len,
        buf: Vec::new(),
        pos: 0,
        version: 0,
    };
    if file_len < 4 {
        return Err(Nc3Error::BadMagic);
    }
    let magic = c.bytes(4)?;
    if &magic[..3] != b"CDF" {
        return Err(Nc3Error::BadMagic);
    }
    let version = magic[3];
    if !matches!(version, 1 | 2 | 5) {
        return Err(Nc3Error::Corrupt(format!(
            "unknown netCDF-3 version byte {version} (1, 2 or 5 expected)"
        )));
    }
    c.version = version;
    let numrecs = if version == 5 {
        c.u64()?
    } else {
        c.u32()? as u64
    };
    let numrecs = (numrecs != STREAMING).then_some(numrecs);
    let ndims = c.list(NC_DIMENSION, "dimension", 8)?;
    let mut dims = Vec::with_capacity(ndims);
    for _ in 0..ndims {
        let name = c.name()?;
        let len = c.count()?;
        dims.push(RawDim {
            name,
            len: (len != 0).then_some(len),
        });
    }
    if dims.iter().filter(|d| d.len.is_none()).count() > 1 {
        return Err(corrupt("more than one unlimited dimension"));
    }
    let gatts = c.attrs()?;
    let nvars = c.list(NC_VARIABLE, "variable", 24)?;
    let mut vars = Vec::with_capacity(nvars);
    for _ in 0..nvars {
        let name = c.name()?;
        let nd = c.bounded_count(4, "dimension id")?;
        let mut dimids = Vec::with_capacity(nd);
        for _ in 0..nd {
            let id = c.count()?;
            if id as usize >= dims.len() {
                return Err(corrupt(&format!(
                    "variable `{name}` uses dimension id {id}, the file has {}",
                    dims.len()
                )));
            }
            dimids.push(id as usize);
        }
        let attrs = c.attrs()?;
        let nc_type = c.nc_type()?;
        // vsize: recomputed from the shape (the stored value saturates for large variables).
        let _vsize = c.count()?;
        let begin = if version == 1 {
            c.u32()? as u64
        } else {
            c.u64()?
        };
        vars.push(RawVar {
            name,
            dimids,
            attrs,
            nc_type,
            begin,
        });
    }
    Ok(Header {
        version,
        numrecs,
        dims,
        gatts,
        vars,
    })
}
