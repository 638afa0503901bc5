//! Task values as bytes, for crossing processes: the exported values of one group, tagged
//! with their task index. Elements are written little-endian in C order, so a decoded block
//! is bit-identical to the one encoded (NaN payloads and signed zeros included).
//!
//! ```text
//! group result = "ALV1" count:u32 { task:u32 value }*
//! value        = 0 (unit) | 1 block | 2 count:u32 block*   (a partial)
//!              | 3 ndim:u32 { dim:u64 start:u64 len:u64 step:u64 }* block   (a crop)
//! block        = dtype:u8 ndim:u32 dim:u64* elements
//! ```
//!
//! A crop carries the part of a block its readers read (`plan::crop_for`: the rows `x[::4]`
//! picks): the decoder puts it back in a block of the whole shape whose unread elements
//! are zero. Elements are copied in bulk (one copy per block) where the block is in C order.

use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::reduce::Partial;
use crate::kernels::Block;
use crate::schedule::Value;
use ndarray::{ArrayD, IxDyn};

const MAGIC: &[u8; 4] = b"ALV1";

/// Encodes `(task index, value)` pairs.
pub fn encode(values: &[(u32, &Value)]) -> Vec<u8> {
    let with: Vec<(u32, &Value, Option<&[Range1]>)> =
        values.iter().map(|&(t, v)| (t, v, None)).collect();
    encode_cropped(&with)
}

/// Encodes `(task index, value, crop)`: a block with a crop sends only `block[crop]`.
pub fn encode_cropped(values: &[(u32, &Value, Option<&[Range1]>)]) -> Vec<u8> {
    let size: usize = values.iter().map(|(_, v, _)| v.nbytes() + 64).sum();
    let mut out = Vec::with_capacity(8 + size);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, values.len() as u32);
    for &(t, v, crop) in values {
        put_u32(&mut out, t);
        match v {
            Value::Block(b) if crop.is_some_and(|c| c.len() == b.shape().len()) => {
                let crop = crop.expect("checked");
                out.push(3);
                put_u32(&mut out, crop.len() as u32);
                for (r, &n) in crop.iter().zip(b.shape()) {
                    for x in [n as u64, r.start as u64, r.len as u64, r.step as u64] {
                        out.extend_from_slice(&x.to_le_bytes());
                    }
                }
                put_block(&mut out, &crate::kernels::layout::slice(b, crop));
            }
            Value::Unit => out.push(0),
            Value::Block(b) => {
                out.push(1);
                put_block(&mut out, b);
            }
            Value::Partial(p) => {
                out.push(2);
                put_u32(&mut out, p.0.len() as u32);
                p.0.iter().for_each(|b| put_block(&mut out, b));
            }
        }
    }
    out
}

/// Decodes what [`encode`] wrote; an error names what was malformed.
pub fn decode(bytes: &[u8]) -> Result<Vec<(u32, Value)>, String> {
    decode_some(bytes, |_| true)
}

/// Decodes the values whose task `keep` accepts and skips the others' elements unread (a
/// group's message carries every value it exports; a consumer group needs a few).
pub fn decode_some(bytes: &[u8], keep: impl Fn(u32) -> bool) -> Result<Vec<(u32, Value)>, String> {
    let mut r = Reader { b: bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err("not an arrlang value message".into());
    }
    let n = r.u32()?;
    let mut out = Vec::with_capacity(n.min(1 << 20) as usize);
    for _ in 0..n {
        let t = r.u32()?;
        if !keep(t) {
            match r.take(1)?[0] {
                0 => {}
                1 => r.skip_block()?,
                2 => (0..r.u32()?).try_for_each(|_| r.skip_block())?,
                3 => {
                    r.crop_header()?;
                    r.skip_block()?
                }
                x => return Err(format!("unknown value tag {x}")),
            }
            continue;
        }
        let v = match r.take(1)?[0] {
            0 => Value::Unit,
            1 => Value::Block(r.block()?),
            2 => {
                let k = r.u32()?;
                let blocks = (0..k).map(|_| r.block()).collect::<Result<_, _>>()?;
                Value::Partial(Partial(blocks))
            }
            3 => {
                let (shape, crop) = r.crop_header()?;
                Value::Block(uncrop(&shape, &crop, r.block()?)?)
            }
            x => return Err(format!("unknown value tag {x}")),
        };
        out.push((t, v));
    }
    if r.at != bytes.len() {
        return Err("trailing bytes after the values".into());
    }
    Ok(out)
}

fn put_u32(out: &mut Vec<u8>, x: u32) {
    out.extend_from_slice(&x.to_le_bytes());
}

fn dtype_tag(d: DType) -> u8 {
    match d {
        DType::Bool => 0,
        DType::I32 => 1,
        DType::I64 => 2,
        DType::F32 => 3,
        DType::F64 => 4,
        DType::I8 => 5,
        DType::I16 => 6,
        DType::U8 => 7,
        DType::U16 => 8,
        DType::U32 => 9,
        DType::U64 => 10,
        DType::C64 => 11,
        DType::C128 => 12,
    }
}

fn put_block(out: &mut Vec<u8>, b: &Block) {
    out.push(dtype_tag(b.dtype()));
    put_u32(out, b.shape().len() as u32);
    for &d in b.shape() {
        out.extend_from_slice(&(d as u64).to_le_bytes());
    }
    // One copy of the buffer when it is in C order (and this machine little-endian);
    // else `iter()`, which walks in logical C order whatever the memory layout.
    macro_rules! elements {
        ($a:expr, $put:expr) => {{
            match $a.as_slice() {
                Some(xs) if cfg!(target_endian = "little") => {
                    // SAFETY: a slice of plain numbers (integers, floats, pairs of floats:
                    // no padding) viewed as its bytes, for as long as the slice lives.
                    let bytes = unsafe {
                        std::slice::from_raw_parts(
                            xs.as_ptr() as *const u8,
                            std::mem::size_of_val(xs),
                        )
                    };
                    out.extend_from_slice(bytes);
                }
                _ => $a.iter().for_each($put),
            }
        }};
    }
    match b {
        Block::Bool(a) => out.extend(a.iter().map(|&x| x as u8)),
        Block::I32(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::I64(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::I8(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::I16(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::U8(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::U16(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::U32(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::U64(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::F32(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::F64(a) => elements!(a, |x| out.extend_from_slice(&x.to_le_bytes())),
        Block::C64(a) => elements!(a, |z| {
            out.extend_from_slice(&z.re().to_le_bytes());
            out.extend_from_slice(&z.im().to_le_bytes());
        }),
        Block::C128(a) => elements!(a, |z| {
            out.extend_from_slice(&z.re().to_le_bytes());
            out.extend_from_slice(&z.im().to_le_bytes());
        }),
    }
}

/// A block of `shape` whose elements at `crop` are `part`'s, the others zero.
fn uncrop(shape: &[usize], crop: &[Range1], part: Block) -> Result<Block, String> {
    let fits = crop.len() == shape.len()
        && part.shape().len() == shape.len()
        && crop
            .iter()
            .zip(shape)
            .zip(part.shape())
            .all(|((r, &n), &k)| {
                r.len == k
                    && r.step > 0
                    && (r.len == 0 || r.start + (r.len - 1) * (r.step as usize) < n)
            });
    if !fits {
        return Err("a cropped block does not fit its shape".into());
    }
    Ok(crate::map_block!(part, a => {
        let mut full = ArrayD::from_elem(IxDyn(shape), Default::default());
        full.slice_each_axis_mut(|ad| crop[ad.axis.index()].to_slice())
            .assign(&a);
        full
    }))
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or("value message cut short")?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    /// Moves past a block.
    fn skip_block(&mut self) -> Result<(), String> {
        let (tag, shape) = self.block_header()?;
        let width = match tag {
            0 | 5 | 7 => 1,
            6 | 8 => 2,
            1 | 3 | 9 => 4,
            2 | 4 | 10 | 11 => 8,
            12 => 16,
            x => return Err(format!("unknown dtype tag {x}")),
        };
        let n = shape
            .iter()
            .try_fold(width, |a: usize, &d| a.checked_mul(d))
            .ok_or("block size overflows")?;
        self.take(n).map(|_| ())
    }

    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    /// A crop's whole shape and ranges.
    fn crop_header(&mut self) -> Result<(Vec<usize>, Vec<Range1>), String> {
        let ndim = self.u32()? as usize;
        if ndim > 64 {
            return Err(format!("crop of {ndim} dimensions"));
        }
        let mut shape = Vec::with_capacity(ndim);
        let mut crop = Vec::with_capacity(ndim);
        for _ in 0..ndim {
            shape.push(self.u64()? as usize);
            crop.push(Range1 {
                start: self.u64()? as usize,
                len: self.u64()? as usize,
                step: self.u64()? as isize,
            });
        }
        Ok((shape, crop))
    }

    fn block_header(&mut self) -> Result<(u8, Vec<usize>), String> {
        let tag = self.take(1)?[0];
        let ndim = self.u32()? as usize;
        if ndim > 64 {
            return Err(format!("block of {ndim} dimensions"));
        }
        let shape = (0..ndim)
            .map(|_| Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")) as usize))
            .collect::<Result<Vec<usize>, String>>()?;
        Ok((tag, shape))
    }

    fn block(&mut self) -> Result<Block, String> {
        let (tag, shape) = self.block_header()?;
        let n = shape
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .ok_or("block size overflows")?;
        let sh = IxDyn(&shape);
        fn arr<T, const W: usize>(
            r: &mut Reader,
            sh: IxDyn,
            n: usize,
            f: impl Fn([u8; W]) -> T,
        ) -> Result<ArrayD<T>, String> {
            let bytes = r.take(n.checked_mul(W).ok_or("block size overflows")?)?;
            let v = if cfg!(target_endian = "little") && std::mem::size_of::<T>() == W {
                let mut v: Vec<T> = Vec::with_capacity(n);
                // SAFETY: `T` is a plain number of `W` bytes for which every bit pattern is
                // a value (integers, floats, pairs of floats; never bool, which `arr` is not
                // called with); `n * W` bytes are copied into the fresh buffer, then its
                // length is set.
                unsafe {
                    std::ptr::copy_nonoverlapping(bytes.as_ptr(), v.as_mut_ptr() as *mut u8, n * W);
                    v.set_len(n);
                }
                v
            } else {
                bytes
                    .chunks_exact(W)
                    .map(|c| f(c.try_into().expect("W bytes")))
                    .collect()
            };
            ArrayD::from_shape_vec(sh, v).map_err(|e| e.to_string())
        }
        Ok(match tag {
            0 => {
                let bytes = self.take(n)?;
                let v = bytes.iter().map(|&x| x != 0).collect();
                Block::Bool(ArrayD::from_shape_vec(sh, v).map_err(|e| e.to_string())?)
            }
            1 => Block::I32(arr(self, sh, n, i32::from_le_bytes)?),
            2 => Block::I64(arr(self, sh, n, i64::from_le_bytes)?),
            3 => Block::F32(arr(self, sh, n, f32::from_le_bytes)?),
            4 => Block::F64(arr(self, sh, n, f64::from_le_bytes)?),
            5 => Block::I8(arr(self, sh, n, i8::from_le_bytes)?),
            6 => Block::I16(arr(self, sh, n, i16::from_le_bytes)?),
            7 => Block::U8(arr(self, sh, n, u8::from_le_bytes)?),
            8 => Block::U16(arr(self, sh, n, u16::from_le_bytes)?),
            9 => Block::U32(arr(self, sh, n, u32::from_le_bytes)?),
            10 => Block::U64(arr(self, sh, n, u64::from_le_bytes)?),
            11 => Block::C64(arr(self, sh, n, |b: [u8; 8]| {
                let (re, im) = b.split_at(4);
                let part = |p: &[u8]| f32::from_le_bytes(p.try_into().expect("4 bytes"));
                crate::kernels::complex::Cx::new(part(re), part(im))
            })?),
            12 => Block::C128(arr(self, sh, n, |b: [u8; 16]| {
                let (re, im) = b.split_at(8);
                let part = |p: &[u8]| f64::from_le_bytes(p.try_into().expect("8 bytes"));
                crate::kernels::complex::Cx::new(part(re), part(im))
            })?),
            x => return Err(format!("unknown dtype tag {x}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_bit_for_bit() {
        let f = ArrayD::from_shape_vec(
            IxDyn(&[2, 3]),
            vec![1.5, -0.0, f64::NAN, 1e-310, 7.0, -3.25],
        )
        .unwrap();
        // A transposed (non-C-order) view is written in logical order.
        let t = Block::F64(f.clone().reversed_axes());
        let i = Block::I32(ArrayD::from_shape_vec(IxDyn(&[3]), vec![-1, 0, i32::MAX]).unwrap());
        let b = Block::Bool(ArrayD::from_shape_vec(IxDyn(&[0, 2]), vec![]).unwrap());
        let s = Block::F32(ArrayD::from_elem(IxDyn(&[]), 2.5f32));
        let p = Value::Partial(Partial(vec![i.clone(), s.clone()]));
        let vals = [
            Value::Block(Block::F64(f.clone())),
            Value::Block(t.clone()),
            Value::Block(b.clone()),
            p,
            Value::Unit,
        ];
        let pairs: Vec<(u32, &Value)> = vals
            .iter()
            .enumerate()
            .map(|(k, v)| (k as u32 * 7, v))
            .collect();
        let back = decode(&encode(&pairs)).unwrap();
        assert_eq!(back.len(), 5);
        let bits = |b: &Block| -> Vec<u64> {
            match b {
                Block::F64(a) => a.iter().map(|x| x.to_bits()).collect(),
                _ => panic!(),
            }
        };
        match (&back[0], &back[1]) {
            ((0, Value::Block(a)), (7, Value::Block(bt))) => {
                assert_eq!(bits(a), bits(&Block::F64(f.clone())));
                assert_eq!(bt.shape(), &[3, 2]);
                assert_eq!(bits(bt), bits(&t));
            }
            _ => panic!("wrong values back"),
        }
        assert!(matches!(&back[2], (14, Value::Block(x)) if *x == b));
        match &back[3] {
            (21, Value::Partial(q)) => assert_eq!(q.0, vec![i, s]),
            _ => panic!("partial lost"),
        }
        assert!(matches!(back[4], (28, Value::Unit)));
        // Only some of them: the others' elements are skipped, the kept ones equal.
        let some = decode_some(&encode(&pairs), |t| t == 7 || t == 28).unwrap();
        assert_eq!(some.len(), 2);
        assert!(matches!(&some[0], (7, Value::Block(x)) if bits(x) == bits(&t)));
        assert!(matches!(some[1], (28, Value::Unit)));
        let bytes = encode(&pairs);
        assert!(decode_some(&bytes[..bytes.len() - 1], |t| t == 0).is_err());
    }

    #[test]
    fn a_cropped_block_comes_back_with_its_read_elements() {
        let a = ArrayD::from_shape_vec(IxDyn(&[4, 3]), (0..12).map(|i| i as f32 + 0.5).collect())
            .unwrap();
        let v = Value::Block(Block::F32(a.clone()));
        // Rows 1 and 3 (step 2), columns 0..2.
        let crop = [
            Range1 {
                start: 1,
                len: 2,
                step: 2,
            },
            Range1 {
                start: 0,
                len: 2,
                step: 1,
            },
        ];
        let whole = encode(&[(9, &v)]);
        let bytes = encode_cropped(&[(9, &v, Some(&crop)), (4, &v, None)]);
        assert!(decode(&whole).is_ok());
        let back = decode(&bytes).unwrap();
        let Value::Block(Block::F32(b)) = &back[0].1 else {
            panic!("not a block")
        };
        assert_eq!(b.shape(), &[4, 3]);
        for i in 0..4 {
            for j in 0..3 {
                let read = (i == 1 || i == 3) && j < 2;
                assert_eq!(b[[i, j]], if read { a[[i, j]] } else { 0.0 }, "{i} {j}");
            }
        }
        assert!(matches!(&back[1], (4, Value::Block(x)) if *x == Block::F32(a.clone())));
        // Skipped unread, or cut short: as for whole blocks.
        assert_eq!(decode_some(&bytes, |t| t == 4).unwrap().len(), 1);
        assert!(decode(&bytes[..bytes.len() - 60]).is_err());
    }

    #[test]
    fn malformed_messages_are_errors() {
        let v = Value::Block(Block::I64(ArrayD::from_elem(IxDyn(&[4]), 3)));
        let bytes = encode(&[(1, &v)]);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(decode(b"XXXX").is_err());
        let mut more = bytes.clone();
        more.push(0);
        assert!(decode(&more).is_err());
    }
}
