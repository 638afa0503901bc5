//! `.npy` data -> Blocks: a rectangular region read with positional reads of its runs.

use super::{check_region, format_err, open_err, region_runs, NpyError, NpyHeader};
use crate::dtype::DType;
use crate::kernels::complex::Cx;
use crate::kernels::Block;
use ndarray::{ArrayD, IxDyn};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

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
