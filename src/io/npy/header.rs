//! `.npy` headers: magic, version and the Python-literal dict <-> (shape, dtype, data offset).

use super::{format_err, open_err, NpyError, NpyHeader, MAGIC};
use crate::dtype::DType;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

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
pub(super) fn parse_header_dict(text: &str) -> Result<(Vec<usize>, DType, bool), String> {
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
pub(super) fn header_bytes(shape: &[usize], dtype: DType) -> Vec<u8> {
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
