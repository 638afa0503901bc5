//! NumPy `.npy` files <-> Blocks: header parsing, and reading/writing rectangular regions in place.
//!
//! ```text
//! \x93NUMPY | major minor | header len (u16 LE for 1.x, u32 LE for 2.x/3.x) | dict ... \n | data
//!                                                                         data_offset ^
//! ```
//! Regions are read and written as runs of contiguous bytes with positional I/O
//! (`pread`/`pwrite`), so many threads can share one file and no call touches more of it
//! than its own region.

use crate::dtype::DType;
use crate::kernels::complex::Cx;
use crate::kernels::Block;
use ndarray::{ArrayD, IxDyn};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum NpyError {
    #[error("cannot open `{path}`: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("`{path}` is not a valid .npy file: {reason}")]
    Format { path: PathBuf, reason: String },
    #[error("cannot write `{path}`: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// Header facts of a `.npy` file.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyHeader {
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Byte offset of the data.
    pub data_offset: u64,
    /// The data is stored big-endian (`>` in the descr); `read_region` converts it.
    pub big_endian: bool,
}

const MAGIC: &[u8; 6] = b"\x93NUMPY";

fn format_err(path: &Path, reason: impl Into<String>) -> NpyError {
    NpyError::Format {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn open_err(path: &Path, e: std::io::Error) -> NpyError {
    NpyError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn write_err(path: &Path, reason: impl std::fmt::Display) -> NpyError {
    NpyError::Write {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Reads the header (versions 1-3; little- or big-endian `<b1 <i4 <i8 <f4 <f8` and `|b1`; C
/// order only — Fortran order is an error). Checks the file is long enough for the data.
pub fn read_header(path: &Path) -> Result<NpyHeader, NpyError> {
    let file = File::open(path).map_err(|e| open_err(path, e))?;
    let file_len = file.metadata().map_err(|e| open_err(path, e))?.len();
    let mut pre = [0u8; 12];
    let n = read_prefix(&file, &mut pre).map_err(|e| open_err(path, e))?;
    if n < 8 || &pre[..6] != MAGIC {
        return Err(format_err(path, "bad magic (expected `\\x93NUMPY`)"));
    }
    let (len_bytes, header_start) = match pre[6] {
        1 => (2usize, 10u64),
        2 | 3 => (4, 12),
        v => {
            return Err(format_err(
                path,
                format!("unsupported format version `{v}.{}`", pre[7]),
            ))
        }
    };
    if n < header_start as usize {
        return Err(format_err(path, "truncated header"));
    }
    let header_len = if len_bytes == 2 {
        u16::from_le_bytes([pre[8], pre[9]]) as u64
    } else {
        u32::from_le_bytes([pre[8], pre[9], pre[10], pre[11]]) as u64
    };
    let data_offset = header_start + header_len;
    if file_len < data_offset {
        return Err(format_err(
            path,
            format!("truncated header: expected {header_len} bytes"),
        ));
    }
    let mut text = vec![0u8; header_len as usize];
    file.read_exact_at(&mut text, header_start)
        .map_err(|e| open_err(path, e))?;
    let text = String::from_utf8(text).map_err(|_| format_err(path, "header is not UTF-8"))?;
    let (shape, dtype, big_endian) = parse_header_dict(&text).map_err(|r| format_err(path, r))?;
    let nbytes = shape
        .iter()
        .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64));
    let nbytes = nbytes.ok_or_else(|| format_err(path, "shape is too large"))?;
    let found = file_len - data_offset;
    if found < nbytes {
        return Err(format_err(
            path,
            format!("truncated: expected {nbytes} bytes of data, found {found}"),
        ));
    }
    Ok(NpyHeader {
        shape,
        dtype,
        data_offset,
        big_endian,
    })
}

/// Reads up to `buf.len()` bytes from the start of the file; returns how many there were.
fn read_prefix(file: &File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], n as u64)? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Parses the header dict `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` into
/// (shape, dtype, big-endian). The error is the reason, without the path.
fn parse_header_dict(text: &str) -> Result<(Vec<usize>, DType, bool), String> {
    let mut p = LiteralParser {
        s: text.as_bytes(),
        i: 0,
    };
    let value = p.value()?;
    p.skip_ws();
    if p.i != p.s.len() {
        return Err(format!(
            "unexpected `{}` after the header dict",
            &text[p.i..].trim()
        ));
    }
    let Literal::Dict(items) = value else {
        return Err("header is not a dict".into());
    };
    let get = |key: &str| {
        items
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("header has no `{key}` key"))
    };
    let Literal::Str(descr) = get("descr")? else {
        return Err("`descr` is not a string (structured dtypes are not supported)".into());
    };
    let (dtype, big_endian) = parse_descr(descr).ok_or_else(|| {
        format!(
            "unsupported dtype `{descr}` (supported: bool, int8-64, uint8-64, float32, float64, complex64, complex128)"
        )
    })?;
    match get("fortran_order")? {
        Literal::Bool(false) => {}
        Literal::Bool(true) => return Err("Fortran-ordered arrays are not supported".into()),
        _ => return Err("`fortran_order` is not True or False".into()),
    }
    let Literal::Tuple(dims) = get("shape")? else {
        return Err("`shape` is not a tuple".into());
    };
    let shape = dims
        .iter()
        .map(|d| match d {
            Literal::Int(n) if *n >= 0 => Ok(*n as usize),
            _ => Err("`shape` holds something other than non-negative integers".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((shape, dtype, big_endian))
}

/// The Python literals a header dict may contain.
#[derive(Debug, PartialEq)]
enum Literal {
    Dict(Vec<(String, Literal)>),
    Tuple(Vec<Literal>),
    Str(String),
    Int(i64),
    Bool(bool),
    None,
}

/// A small recursive-descent parser for Python literal syntax (`ast.literal_eval` subset).
struct LiteralParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl LiteralParser<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        match self.peek() {
            Some(x) if x == c => {
                self.i += 1;
                Ok(())
            }
            Some(x) => Err(format!(
                "expected `{}` in header, found `{}`",
                c as char, x as char
            )),
            None => Err(format!("expected `{}` in header, found the end", c as char)),
        }
    }

    fn value(&mut self) -> Result<Literal, String> {
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        return Ok(Literal::Dict(items));
                    }
                    let Literal::Str(key) = self.value()? else {
                        return Err("header dict key is not a string".into());
                    };
                    self.expect(b':')?;
                    items.push((key, self.value()?));
                    if self.peek() != Some(b'}') {
                        self.expect(b',')?;
                    }
                }
            }
            Some(open @ (b'(' | b'[')) => {
                self.i += 1;
                let close = if open == b'(' { b')' } else { b']' };
                let mut items = Vec::new();
                loop {
                    if self.peek() == Some(close) {
                        self.i += 1;
                        return Ok(Literal::Tuple(items));
                    }
                    items.push(self.value()?);
                    if self.peek() != Some(close) {
                        self.expect(b',')?;
                    }
                }
            }
            Some(q @ (b'\'' | b'"')) => {
                self.i += 1;
                let start = self.i;
                while self.i < self.s.len() && self.s[self.i] != q {
                    self.i += 1;
                }
                if self.i == self.s.len() {
                    return Err("unterminated string in header".into());
                }
                let s = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                self.i += 1;
                Ok(Literal::Str(s))
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).expect("ASCII digits");
                let n = text
                    .parse()
                    .map_err(|_| format!("bad integer `{text}` in header"))?;
                // Python 2 wrote longs as `3L`.
                if matches!(self.s.get(self.i), Some(b'L' | b'l')) {
                    self.i += 1;
                }
                Ok(Literal::Int(n))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
                {
                    self.i += 1;
                }
                match &self.s[start..self.i] {
                    b"True" => Ok(Literal::Bool(true)),
                    b"False" => Ok(Literal::Bool(false)),
                    b"None" => Ok(Literal::None),
                    w => Err(format!(
                        "unexpected `{}` in header",
                        String::from_utf8_lossy(w)
                    )),
                }
            }
            Some(c) => Err(format!("unexpected `{}` in header", c as char)),
            None => Err("header ends early".into()),
        }
    }
}

/// The contiguous byte runs of the region `[start, start + shape)` of a C-ordered array of
/// `full` shape: (element offset of each run, elements per run). Trailing dimensions the
/// region spans completely merge into longer runs.
fn region_runs(full: &[usize], start: &[usize], shape: &[usize]) -> (Vec<u64>, usize) {
    let nd = full.len();
    let mut strides = vec![1u64; nd];
    for d in (0..nd.saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * full[d + 1] as u64;
    }
    // j: the outermost dimension of the run; every dimension after it is taken whole.
    let mut j = nd.saturating_sub(1);
    while j > 0 && shape[j] == full[j] {
        j -= 1;
    }
    let run_len: usize = shape[j.min(nd)..].iter().product();
    let outer: usize = shape[..j.min(nd)].iter().product();
    if outer * run_len == 0 {
        return (Vec::new(), run_len);
    }
    let mut runs = Vec::with_capacity(outer);
    let mut idx = vec![0usize; j];
    for _ in 0..outer {
        let mut off = 0u64;
        for d in 0..j {
            off += (start[d] + idx[d]) as u64 * strides[d];
        }
        if nd > 0 {
            off += start[j] as u64 * strides[j];
        }
        runs.push(off);
        for d in (0..j).rev() {
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    (runs, run_len)
}

/// Checks that `[start, start + shape)` lies inside `full`.
fn check_region(full: &[usize], start: &[usize], shape: &[usize]) -> Result<(), String> {
    let fits = start.len() == full.len()
        && shape.len() == full.len()
        && (0..full.len()).all(|d| {
            start[d]
                .checked_add(shape[d])
                .is_some_and(|end| end <= full[d])
        });
    if fits {
        Ok(())
    } else {
        Err(format!(
            "region at {start:?} of shape {shape:?} is outside the array of shape {full:?}"
        ))
    }
}

/// Reads the region `[start, start + shape)` of the array with positional reads, without
/// reading the rest of the file. Safe to call from many threads at once.
pub fn read_region(
    path: &Path,
    header: &NpyHeader,
    start: &[usize],
    shape: &[usize],
) -> Result<Block, NpyError> {
    check_region(&header.shape, start, shape).map_err(|r| format_err(path, r))?;
    let file = File::open(path).map_err(|e| open_err(path, e))?;
    let size = header.dtype.size();
    let (runs, run_len) = region_runs(&header.shape, start, shape);
    let run_bytes = run_len * size;
    let mut buf = vec![0u8; runs.len() * run_bytes];
    for (k, &off) in runs.iter().enumerate() {
        let pos = header.data_offset + off * size as u64;
        file.read_exact_at(&mut buf[k * run_bytes..(k + 1) * run_bytes], pos)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    format_err(path, "truncated: the file ends inside the data")
                } else {
                    open_err(path, e)
                }
            })?;
    }
    let sh = IxDyn(shape);
    macro_rules! decode {
        ($t:ty, $n:literal) => {{
            let v: Vec<$t> = buf
                .chunks_exact($n)
                .map(|c| {
                    let b: [u8; $n] = c.try_into().expect("chunk of element size");
                    if header.big_endian {
                        <$t>::from_be_bytes(b)
                    } else {
                        <$t>::from_le_bytes(b)
                    }
                })
                .collect();
            ArrayD::from_shape_vec(sh, v).expect("one element per region index")
        }};
    }
    // Complex: (real, imaginary) pairs of floats, each in the file's byte order.
    macro_rules! decode_cx {
        ($t:ty, $n:literal) => {{
            let part = |c: &[u8]| {
                let b: [u8; $n] = c.try_into().expect("chunk of part size");
                if header.big_endian {
                    <$t>::from_be_bytes(b)
                } else {
                    <$t>::from_le_bytes(b)
                }
            };
            let v: Vec<Cx<$t>> = buf
                .chunks_exact(2 * $n)
                .map(|c| Cx::new(part(&c[..$n]), part(&c[$n..])))
                .collect();
            ArrayD::from_shape_vec(sh, v).expect("one element per region index")
        }};
    }
    Ok(match header.dtype {
        DType::Bool => Block::Bool(
            ArrayD::from_shape_vec(sh, buf.iter().map(|&x| x != 0).collect()).expect("region size"),
        ),
        DType::I8 => Block::I8(decode!(i8, 1)),
        DType::I16 => Block::I16(decode!(i16, 2)),
        DType::I32 => Block::I32(decode!(i32, 4)),
        DType::I64 => Block::I64(decode!(i64, 8)),
        DType::U8 => Block::U8(decode!(u8, 1)),
        DType::U16 => Block::U16(decode!(u16, 2)),
        DType::U32 => Block::U32(decode!(u32, 4)),
        DType::U64 => Block::U64(decode!(u64, 8)),
        DType::F32 => Block::F32(decode!(f32, 4)),
        DType::F64 => Block::F64(decode!(f64, 8)),
        DType::C64 => Block::C64(decode_cx!(f32, 4)),
        DType::C128 => Block::C128(decode_cx!(f64, 8)),
    })
}

/// The little-endian bytes of `block` in C order: its own memory when it is contiguous on a
/// little-endian host (no copy of a block about to be written), else a converted copy.
fn block_bytes(block: &Block) -> std::borrow::Cow<'_, [u8]> {
    fn view<T>(a: &ArrayD<T>) -> Option<&[u8]> {
        let s = a.as_slice()?;
        // SAFETY: bool, i32, i64, f32 and f64 have no padding, and a bool's byte is 0 or 1,
        // as numpy's `|b1` stores it.
        Some(unsafe {
            std::slice::from_raw_parts(s.as_ptr().cast::<u8>(), std::mem::size_of_val(s))
        })
    }
    let bytes = if cfg!(target_endian = "little") {
        match block {
            Block::Bool(a) => view(a),
            Block::I32(a) => view(a),
            Block::I64(a) => view(a),
            Block::I8(a) => view(a),
            Block::I16(a) => view(a),
            Block::U8(a) => view(a),
            Block::U16(a) => view(a),
            Block::U32(a) => view(a),
            Block::U64(a) => view(a),
            Block::F32(a) => view(a),
            Block::F64(a) => view(a),
            // SAFETY: `Cx` is repr(transparent) over num_complex's repr(C) (re, im) pair
            Block::C64(a) => view(a),
            Block::C128(a) => view(a),
        }
    } else {
        None
    };
    match bytes {
        Some(b) => std::borrow::Cow::Borrowed(b),
        None => std::borrow::Cow::Owned(block_le_bytes(block)),
    }
}

/// The little-endian bytes of `block` in C order.
fn block_le_bytes(block: &Block) -> Vec<u8> {
    match block {
        Block::Bool(a) => a.iter().map(|&x| x as u8).collect(),
        Block::I32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::I64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::I8(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::I16(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U8(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U16(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::F32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::F64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::C64(a) => a
            .iter()
            .flat_map(|z| [z.re().to_le_bytes(), z.im().to_le_bytes()].concat())
            .collect(),
        Block::C128(a) => a
            .iter()
            .flat_map(|z| [z.re().to_le_bytes(), z.im().to_le_bytes()].concat())
            .collect(),
    }
}

/// A numpy `descr` (`<i2`, `|u1`, `>f8`, ...): the dtype and whether it is big-endian.
fn parse_descr(descr: &str) -> Option<(DType, bool)> {
    let (order, code) = descr.split_at_checked(1)?;
    let big = match order {
        "<" | "|" | "=" => false,
        ">" => true,
        _ => return None,
    };
    let dtype = if code == "b1" {
        DType::Bool
    } else if matches!(code.as_bytes().first(), Some(b'i' | b'u' | b'f' | b'c')) {
        DType::parse(code)?
    } else {
        return None;
    };
    // a complex's byte order is that of its float parts
    Some((dtype, big && dtype.real_part().size() > 1))
}

/// numpy's `descr` of a little-endian `dtype`.
fn descr_of(dtype: DType) -> String {
    match dtype {
        DType::Bool => "|b1".into(),
        d => {
            let kind = if d.is_float() {
                'f'
            } else if d.is_complex() {
                'c'
            } else if d.is_unsigned() {
                'u'
            } else {
                'i'
            };
            let order = if d.size() == 1 { '|' } else { '<' };
            format!("{order}{kind}{}", d.size())
        }
    }
}

/// A version 1.0 header for a little-endian C-ordered array, padded with spaces and a final
/// newline so the data starts at a multiple of 64 bytes, as numpy writes it.
fn header_bytes(shape: &[usize], dtype: DType) -> Vec<u8> {
    let descr = descr_of(dtype);
    let shape = match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    let unpadded = MAGIC.len() + 2 + 2 + dict.len() + 1;
    dict.push_str(&" ".repeat(unpadded.next_multiple_of(64) - unpadded));
    dict.push('\n');
    let mut out = Vec::with_capacity(10 + dict.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    out.extend_from_slice(dict.as_bytes());
    out
}

/// Writes a `.npy` file region by region. The data goes to a temporary file beside `path`
/// that `finish` renames into place, so a failed run leaves no complete-looking file.
pub struct NpyWriter {
    path: PathBuf,
    tmp: PathBuf,
    file: File,
    shape: Vec<usize>,
    dtype: DType,
    data_offset: u64,
    /// Set by `finish`; until then `Drop` removes the temporary file.
    finished: AtomicBool,
    /// Opened on a temporary file another process created and will commit (a cluster
    /// worker writing the client's file): never removed nor renamed from here.
    borrowed: bool,
}

impl NpyWriter {
    /// Creates the temporary file with the header and the full data size.
    pub fn create(path: &Path, shape: &[usize], dtype: DType) -> Result<NpyWriter, NpyError> {
        let tmp = super::tempfiles::temp_path(path)
            .ok_or_else(|| write_err(path, "the path has no file name"))?;
        let header = header_bytes(shape, dtype);
        let nbytes = shape
            .iter()
            .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64));
        let nbytes = nbytes.ok_or_else(|| write_err(path, "the array is too large"))?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(|e| write_err(path, e))?;
        // From here on the writer exists, so an error drops it and removes the file.
        let w = NpyWriter {
            path: path.to_path_buf(),
            tmp,
            file,
            shape: shape.to_vec(),
            dtype,
            data_offset: header.len() as u64,
            finished: AtomicBool::new(false),
            borrowed: false,
        };
        w.file
            .write_all_at(&header, 0)
            .map_err(|e| write_err(path, e))?;
        w.file
            .set_len(w.data_offset + nbytes)
            .map_err(|e| write_err(path, e))?;
        Ok(w)
    }

    /// Opens the temporary file `tmp` that [`NpyWriter::create`] made for `path` in another
    /// process, to write regions into it (a cluster worker); checks its size, so a file of
    /// another shape or dtype is refused. The creator flushes, renames or removes it.
    pub fn open_existing(
        path: &Path,
        tmp: &Path,
        shape: &[usize],
        dtype: DType,
    ) -> Result<NpyWriter, NpyError> {
        let header = header_bytes(shape, dtype);
        let nbytes = shape
            .iter()
            .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64))
            .ok_or_else(|| write_err(path, "the array is too large"))?;
        let file = OpenOptions::new()
            .write(true)
            .open(tmp)
            .map_err(|e| write_err(path, format!("the temporary file `{}`: {e}", tmp.display())))?;
        let len = file.metadata().map_err(|e| write_err(path, e))?.len();
        if len != header.len() as u64 + nbytes {
            return Err(write_err(
                path,
                format!(
                    "the temporary file `{}` has {len} bytes, not the {} expected",
                    tmp.display(),
                    header.len() as u64 + nbytes
                ),
            ));
        }
        Ok(NpyWriter {
            path: path.to_path_buf(),
            tmp: tmp.to_path_buf(),
            file,
            shape: shape.to_vec(),
            dtype,
            data_offset: header.len() as u64,
            finished: AtomicBool::new(false),
            borrowed: true,
        })
    }

    /// The temporary file the data goes to until it is committed.
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes what this writer wrote to the storage (a cluster worker, before it reports
    /// its blocks written: a shared file system shows them to the client then).
    pub fn sync(&self) -> Result<(), NpyError> {
        self.file.sync_data().map_err(|e| write_err(&self.path, e))
    }

    /// Writes `block` at `start` (positional writes; callable from many threads at once).
    pub fn write_region(&self, start: &[usize], block: &Block) -> Result<(), NpyError> {
        if block.dtype() != self.dtype {
            let reason = format!(
                "block of dtype `{}` for a file of dtype `{}`",
                block.dtype(),
                self.dtype
            );
            return Err(write_err(&self.path, reason));
        }
        check_region(&self.shape, start, block.shape()).map_err(|r| write_err(&self.path, r))?;
        let size = self.dtype.size();
        let bytes = block_bytes(block);
        let (runs, run_len) = region_runs(&self.shape, start, block.shape());
        let run_bytes = run_len * size;
        for (k, &off) in runs.iter().enumerate() {
            let pos = self.data_offset + off * size as u64;
            self.file
                .write_all_at(&bytes[k * run_bytes..(k + 1) * run_bytes], pos)
                .map_err(|e| write_err(&self.path, e))?;
        }
        Ok(())
    }

    /// Flushes and renames the temporary file to the final path.
    pub fn finish(&self) -> Result<(), NpyError> {
        self.close()?;
        self.commit()
    }

    /// Flushes the temporary file; [`NpyWriter::commit`] renames it into place once the
    /// whole run has succeeded (until then, dropping the writer removes it).
    pub fn close(&self) -> Result<(), NpyError> {
        if self.finished.load(Ordering::Acquire) {
            return Err(write_err(&self.path, "the writer is already finished"));
        }
        self.file.sync_all().map_err(|e| write_err(&self.path, e))
    }

    /// Renames the closed temporary file to the final path.
    pub fn commit(&self) -> Result<(), NpyError> {
        if self.finished.load(Ordering::Acquire) {
            return Err(write_err(&self.path, "the writer is already finished"));
        }
        if self.borrowed {
            return Err(write_err(
                &self.path,
                "internal: a borrowed writer cannot commit the file",
            ));
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| write_err(&self.path, e))?;
        self.finished.store(true, Ordering::Release);
        // Make the rename itself durable; failure here loses nothing already written.
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for NpyWriter {
    fn drop(&mut self) {
        if !self.finished.load(Ordering::Acquire) && !self.borrowed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// A fresh directory under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let p = std::env::temp_dir().join(format!("arrlang-npy-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
        fn join(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn f64_block(shape: &[usize], f: impl Fn(usize) -> f64) -> Block {
        let n = shape.iter().product();
        Block::F64(ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap())
    }

    /// The sub-block `[start, start + shape)` of `b`, cut in memory.
    fn cut(b: &Block, start: &[usize], shape: &[usize]) -> Block {
        use ndarray::Slice;
        crate::map_block!(b, a => {
            let mut v = a.view();
            for d in 0..start.len() {
                v.slice_axis_inplace(ndarray::Axis(d), Slice::from(start[d]..start[d] + shape[d]));
            }
            v.to_owned()
        })
    }

    /// Writes `whole` as a grid of blocks (from several threads), finishes, and checks the
    /// whole file and a few regions read back.
    fn roundtrip(dir: &TempDir, name: &str, whole: &Block, splits: &[Vec<usize>]) {
        let path = dir.join(name);
        let w = NpyWriter::create(&path, whole.shape(), whole.dtype()).unwrap();
        let mut regions = vec![(vec![], vec![])];
        for cuts in splits {
            let mut next = Vec::new();
            for (st, sh) in &regions {
                for k in 0..cuts.len() - 1 {
                    let (mut st, mut sh): (Vec<usize>, Vec<usize>) = (st.clone(), sh.clone());
                    st.push(cuts[k]);
                    sh.push(cuts[k + 1] - cuts[k]);
                    next.push((st, sh));
                }
            }
            regions = next;
        }
        std::thread::scope(|s| {
            for (st, sh) in &regions {
                let w = &w;
                s.spawn(move || w.write_region(st, &cut(whole, st, sh)).unwrap());
            }
        });
        assert!(!path.exists(), "nothing at the final path before finish");
        w.finish().unwrap();
        drop(w);
        let h = read_header(&path).unwrap();
        assert_eq!(
            (h.shape.as_slice(), h.dtype, h.data_offset % 64),
            (whole.shape(), whole.dtype(), 0)
        );
        let zeros = vec![0; whole.shape().len()];
        assert_eq!(
            read_region(&path, &h, &zeros, whole.shape()).unwrap(),
            *whole
        );
        for (st, sh) in &regions {
            assert_eq!(read_region(&path, &h, st, sh).unwrap(), cut(whole, st, sh));
        }
    }

    /// A block in Fortran order (a transpose) is written through the converted copy, a
    /// C-order one straight from its memory; both land in C order.
    #[test]
    fn blocks_in_either_memory_order_write_the_same_file() {
        let dir = TempDir::new("order");
        let t = ArrayD::from_shape_vec(IxDyn(&[3, 4]), (0..12).map(|i| i as f32 - 5.5).collect())
            .unwrap();
        let mut f = ArrayD::<f32>::zeros(ndarray::ShapeBuilder::f(IxDyn(&[3, 4])));
        f.assign(&t);
        let f_order = Block::F32(f);
        let Block::F32(a) = &f_order else {
            unreachable!()
        };
        assert!(
            a.as_slice().is_none() && *a == t,
            "a Fortran-order copy of t"
        );
        for (name, b) in [("f.npy", &f_order), ("c.npy", &Block::F32(t.clone()))] {
            let path = dir.join(name);
            let w = NpyWriter::create(&path, &[3, 4], DType::F32).unwrap();
            w.write_region(&[0, 0], b).unwrap();
            w.finish().unwrap();
            let h = read_header(&path).unwrap();
            assert_eq!(
                read_region(&path, &h, &[0, 0], &[3, 4]).unwrap(),
                Block::F32(t.clone())
            );
        }
    }

    #[test]
    fn write_grid_then_read_whole_and_regions() {
        let dir = TempDir::new("grid");
        let a = f64_block(&[5, 7], |i| i as f64 * 0.5 - 3.0);
        roundtrip(&dir, "a.npy", &a, &[vec![0, 3, 5], vec![0, 3, 6, 7]]);
        let h = read_header(&dir.join("a.npy")).unwrap();
        for (st, sh) in [
            ([1, 2], [3, 4]),
            ([0, 0], [5, 1]),
            ([2, 0], [2, 7]),
            ([4, 6], [1, 1]),
            ([3, 3], [0, 2]),
        ] {
            assert_eq!(
                read_region(&dir.join("a.npy"), &h, &st, &sh).unwrap(),
                cut(&a, &st, &sh)
            );
        }
        let i = Block::I32(
            ArrayD::from_shape_vec(IxDyn(&[3, 4, 5]), (0..60).map(|x| x * 7 - 100).collect())
                .unwrap(),
        );
        roundtrip(
            &dir,
            "i.npy",
            &i,
            &[vec![0, 1, 3], vec![0, 4], vec![0, 2, 5]],
        );
        let b = Block::Bool(
            ArrayD::from_shape_vec(IxDyn(&[6]), vec![true, false, false, true, true, false])
                .unwrap(),
        );
        roundtrip(&dir, "b.npy", &b, &[vec![0, 4, 6]]);
        let z = Block::F32(ArrayD::from_elem(IxDyn(&[]), 2.5f32));
        roundtrip(&dir, "z.npy", &z, &[]);
        let e = Block::I64(ArrayD::from_shape_vec(IxDyn(&[2, 0]), vec![]).unwrap());
        roundtrip(&dir, "e.npy", &e, &[vec![0, 2], vec![0, 0]]);
    }

    #[test]
    fn header_dict_variants() {
        let ok = |s: &str| parse_header_dict(s).unwrap();
        assert_eq!(
            ok("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"),
            (vec![3, 4], DType::F64, false)
        );
        assert_eq!(
            ok("{'descr':'<i4','fortran_order':False,'shape':(5,)}   \n"),
            (vec![5], DType::I32, false)
        );
        assert_eq!(
            ok("{ 'shape' : ( ) , 'fortran_order' : False , 'descr' : '|b1' , }"),
            (vec![], DType::Bool, false)
        );
        assert_eq!(
            ok("{\"descr\": \">f4\", \"fortran_order\": False, \"shape\": (2L, 3L)}"),
            (vec![2, 3], DType::F32, true)
        );
        assert_eq!(
            ok("{'descr': '>i8', 'fortran_order': False, 'shape': (1, 2, 3,), }"),
            (vec![1, 2, 3], DType::I64, true)
        );
        assert_eq!(
            ok("{'descr': '<b1', 'fortran_order': False, 'shape': (0,), }"),
            (vec![0], DType::Bool, false)
        );
        let err = |s: &str| parse_header_dict(s).unwrap_err();
        assert!(
            err("{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }")
                .contains("Fortran-ordered")
        );
        assert!(err("{'descr': '<U4', 'fortran_order': False, 'shape': (3,), }").contains("`<U4`"));
        assert!(err("{'descr': '<f8', 'shape': (3,), }").contains("fortran_order"));
        assert!(
            err("{'descr': '<f8', 'fortran_order': False, 'shape': (3, -1), }").contains("shape")
        );
        assert!(err("{'descr': '<f8', 'fortran_order': False, 'shape': (3,").contains("end"));
        assert!(
            err("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,), }")
                .contains("structured")
        );
        // Our own headers parse back and are 64-byte aligned.
        for shape in [&[][..], &[5][..], &[2, 3, 4][..]] {
            let h = header_bytes(shape, DType::F32);
            assert_eq!(h.len() % 64, 0);
            assert_eq!(*h.last().unwrap(), b'\n');
            let text = std::str::from_utf8(&h[10..]).unwrap();
            assert_eq!(ok(text), (shape.to_vec(), DType::F32, false));
        }
    }

    #[test]
    fn truncated_and_bad_files_are_errors() {
        let dir = TempDir::new("bad");
        let path = dir.join("t.npy");
        let mut bytes = header_bytes(&[4, 4], DType::F64);
        bytes.extend_from_slice(&[0u8; 100]);
        std::fs::write(&path, &bytes).unwrap();
        let e = read_header(&path).unwrap_err().to_string();
        assert!(
            e.contains("truncated: expected 128 bytes of data, found 100"),
            "{e}"
        );

        std::fs::write(&path, b"\x93NUMPX\x01\x00").unwrap();
        assert!(read_header(&path)
            .unwrap_err()
            .to_string()
            .contains("bad magic"));
        std::fs::write(&path, b"").unwrap();
        assert!(read_header(&path)
            .unwrap_err()
            .to_string()
            .contains("bad magic"));
        std::fs::write(&path, b"\x93NUMPY\x01\x00\xff\x00{'descr'").unwrap();
        assert!(read_header(&path)
            .unwrap_err()
            .to_string()
            .contains("truncated header"));
        std::fs::write(&path, b"\x93NUMPY\x07\x00\x00\x00").unwrap();
        assert!(read_header(&path)
            .unwrap_err()
            .to_string()
            .contains("version `7.0`"));
        let e = read_header(&dir.join("missing.npy")).unwrap_err();
        assert!(matches!(e, NpyError::Open { .. }), "{e}");

        let h = NpyHeader {
            shape: vec![4, 4],
            dtype: DType::F64,
            data_offset: 64,
            big_endian: false,
        };
        assert!(read_region(&path, &h, &[3, 0], &[2, 4])
            .unwrap_err()
            .to_string()
            .contains("outside"));
    }

    #[test]
    fn dropped_writer_leaves_no_file() {
        let dir = TempDir::new("drop");
        let path = dir.join("x.npy");
        let w = NpyWriter::create(&path, &[3], DType::I64).unwrap();
        w.write_region(&[0], &Block::I64(ArrayD::from_elem(IxDyn(&[2]), 1)))
            .unwrap();
        drop(w);
        assert!(!path.exists());
        assert_eq!(
            std::fs::read_dir(&dir.0).unwrap().count(),
            0,
            "temporary file removed"
        );
    }

    #[test]
    fn writer_errors_name_the_path() {
        let path = Path::new("/nonexistent-arrlang-dir/x.npy");
        let e = NpyWriter::create(path, &[3], DType::F64).err().unwrap();
        let msg = e.to_string();
        assert!(
            matches!(e, NpyError::Write { .. }) && msg.contains("/nonexistent-arrlang-dir/x.npy"),
            "{msg}"
        );
        assert!(msg.contains("No such file or directory"), "{msg}");

        let dir = TempDir::new("werr");
        let w = NpyWriter::create(&dir.join("w.npy"), &[2, 2], DType::F64).unwrap();
        let wrong = Block::I32(ArrayD::from_elem(IxDyn(&[2, 2]), 0));
        assert!(w
            .write_region(&[0, 0], &wrong)
            .unwrap_err()
            .to_string()
            .contains("dtype `int32`"));
        let big = f64_block(&[2, 3], |i| i as f64);
        assert!(w
            .write_region(&[0, 0], &big)
            .unwrap_err()
            .to_string()
            .contains("outside"));
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<NpyWriter>();
    }

    fn numpy_available() -> bool {
        let ok = Command::new("python3")
            .args(["-c", "import numpy"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("skipping: python3 with numpy is not available");
        }
        ok
    }

    fn python(script: &str) -> String {
        let out = Command::new("python3")
            .args(["-c", script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "python failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn reads_files_numpy_wrote() {
        if !numpy_available() {
            return;
        }
        let dir = TempDir::new("fromnp");
        let d = dir.0.display();
        python(&format!(
            "import numpy as np\n\
             from numpy.lib import format as f\n\
             a = np.arange(12.).reshape(3, 4) / 4\n\
             np.save('{d}/f8.npy', a)\n\
             np.save('{d}/bf8.npy', a.astype('>f8'))\n\
             np.save('{d}/f4.npy', a.astype('<f4'))\n\
             np.save('{d}/bf4.npy', a.astype('>f4'))\n\
             np.save('{d}/i4.npy', (np.arange(24) - 5).reshape(2, 3, 4).astype('<i4'))\n\
             np.save('{d}/bi4.npy', (np.arange(24) - 5).reshape(2, 3, 4).astype('>i4'))\n\
             np.save('{d}/bi8.npy', np.arange(5).astype('>i8') * -3)\n\
             np.save('{d}/b1.npy', np.arange(7) % 3 == 0)\n\
             np.save('{d}/zero_d.npy', np.array(2.5))\n\
             np.save('{d}/empty.npy', np.zeros((2, 0)))\n\
             np.save('{d}/fortran.npy', np.asfortranarray(a))\n\
             np.save('{d}/c16.npy', a.astype(complex))\n\
             f.write_array(open('{d}/v2.npy', 'wb'), a, version=(2, 0))\n\
             f.write_array(open('{d}/v3.npy', 'wb'), a, version=(3, 0))\n"
        ));
        let whole = f64_block(&[3, 4], |i| i as f64 / 4.0);
        for name in ["f8", "bf8", "v2", "v3"] {
            let p = dir.join(&format!("{name}.npy"));
            let h = read_header(&p).unwrap();
            assert_eq!(
                read_region(&p, &h, &[0, 0], &[3, 4]).unwrap(),
                whole,
                "{name}"
            );
            assert_eq!(
                read_region(&p, &h, &[1, 1], &[2, 2]).unwrap(),
                cut(&whole, &[1, 1], &[2, 2]),
                "{name}"
            );
        }
        for name in ["f4", "bf4"] {
            let p = dir.join(&format!("{name}.npy"));
            let h = read_header(&p).unwrap();
            assert_eq!(
                read_region(&p, &h, &[0, 1], &[3, 2]).unwrap(),
                cut(&whole.cast(DType::F32), &[0, 1], &[3, 2])
            );
        }
        let ints = Block::I32(
            ArrayD::from_shape_vec(IxDyn(&[2, 3, 4]), (0..24).map(|x| x - 5).collect()).unwrap(),
        );
        for name in ["i4", "bi4"] {
            let p = dir.join(&format!("{name}.npy"));
            let h = read_header(&p).unwrap();
            assert_eq!(read_region(&p, &h, &[0, 0, 0], &[2, 3, 4]).unwrap(), ints);
            assert_eq!(
                read_region(&p, &h, &[1, 1, 2], &[1, 2, 2]).unwrap(),
                cut(&ints, &[1, 1, 2], &[1, 2, 2])
            );
        }
        let p = dir.join("bi8.npy");
        let got = read_region(&p, &read_header(&p).unwrap(), &[1], &[3]).unwrap();
        assert_eq!(
            got,
            Block::I64(ArrayD::from_shape_vec(IxDyn(&[3]), vec![-3, -6, -9]).unwrap())
        );
        let p = dir.join("b1.npy");
        let got = read_region(&p, &read_header(&p).unwrap(), &[0], &[7]).unwrap();
        let want: Vec<bool> = (0..7).map(|i| i % 3 == 0).collect();
        assert_eq!(
            got,
            Block::Bool(ArrayD::from_shape_vec(IxDyn(&[7]), want).unwrap())
        );
        let p = dir.join("zero_d.npy");
        let got = read_region(&p, &read_header(&p).unwrap(), &[], &[]).unwrap();
        assert_eq!(got, Block::F64(ArrayD::from_elem(IxDyn(&[]), 2.5)));
        let p = dir.join("empty.npy");
        let h = read_header(&p).unwrap();
        assert_eq!(h.shape, vec![2, 0]);
        assert_eq!(
            read_region(&p, &h, &[0, 0], &[2, 0]).unwrap().shape(),
            &[2, 0]
        );
        let e = read_header(&dir.join("fortran.npy"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("Fortran-ordered arrays are not supported"),
            "{e}"
        );
        // complex128 reads as numpy wrote it: (re, im) pairs
        let p = dir.join("c16.npy");
        let h = read_header(&p).unwrap();
        assert_eq!(h.dtype, DType::C128);
        let got = read_region(&p, &h, &[0, 0], &h.shape.clone()).unwrap();
        assert_eq!(got.dtype(), DType::C128);
        assert_eq!(got.shape(), &[3, 4]);
    }

    #[test]
    fn numpy_reads_files_we_wrote() {
        if !numpy_available() {
            return;
        }
        let dir = TempDir::new("tonp");
        let a = f64_block(&[5, 7], |i| i as f64 * 0.5 - 3.0);
        roundtrip(&dir, "a.npy", &a, &[vec![0, 3, 5], vec![0, 3, 6, 7]]);
        let i = Block::I32(ArrayD::from_shape_vec(IxDyn(&[4]), vec![1, -2, 3, i32::MIN]).unwrap());
        roundtrip(&dir, "i.npy", &i, &[vec![0, 2, 4]]);
        let b = Block::Bool(ArrayD::from_shape_vec(IxDyn(&[3]), vec![true, false, true]).unwrap());
        roundtrip(&dir, "b.npy", &b, &[vec![0, 1, 3]]);
        let z = Block::F32(ArrayD::from_elem(IxDyn(&[]), 0.1f32));
        roundtrip(&dir, "z.npy", &z, &[]);
        let d = dir.0.display();
        let out = python(&format!(
            "import numpy as np\n\
             a = np.load('{d}/a.npy'); i = np.load('{d}/i.npy'); b = np.load('{d}/b.npy'); z = np.load('{d}/z.npy')\n\
             assert (a == np.arange(35.).reshape(5, 7) * 0.5 - 3).all() and a.dtype == np.float64\n\
             print(a.shape, repr(i), repr(b), repr(z))\n"
        ));
        assert_eq!(
            out.trim(),
            "(5, 7) array([          1,          -2,           3, -2147483648], dtype=int32) \
             array([ True, False,  True]) array(0.1, dtype=float32)"
        );
    }
}
