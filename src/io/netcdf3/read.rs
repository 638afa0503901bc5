//! netCDF-3 hyperslab reads: per-axis ranges -> byte runs of the file -> one Block.
//!
//! Axes whose selection is whole and whose bytes follow on from the next axis out merge into
//! one contiguous run; adjacent runs are then joined into one `read_at`. A negative step is
//! read ascending and the axis reversed in memory.

use super::{Nc3Error, Nc3Var, NcType, Placement};
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use ndarray::{ArrayD, Axis, IxDyn};
use std::fs::File;
use std::os::unix::fs::FileExt;

/// Runs joined into one read stay below this, so a huge selection does not need a second
/// full-size buffer.
const MAX_READ: u64 = 16 << 20;
/// A strided innermost axis is read as one span (and subsampled) when the gaps are this small.
const MAX_GAP: u64 = 4096;

/// An ascending selection along one axis.
#[derive(Debug, Clone, Copy)]
struct Asc {
    lo: u64,
    len: u64,
    step: u64,
}

fn normalise(v: &Nc3Var, ranges: &[Range1]) -> Result<(Vec<Asc>, Vec<bool>), Nc3Error> {
    let bad = |why: String| Nc3Error::BadSelection {
        var: v.name.clone(),
        why,
    };
    if ranges.len() != v.shape.len() {
        return Err(bad(format!(
            "{} ranges for {} dimensions",
            ranges.len(),
            v.shape.len()
        )));
    }
    let mut asc = Vec::with_capacity(ranges.len());
    let mut flip = Vec::with_capacity(ranges.len());
    for (d, (r, &n)) in ranges.iter().zip(&v.shape).enumerate() {
        let step = r.step.unsigned_abs().max(1) as u64;
        let span = (r.len.max(1) as u64 - 1) * step;
        let lo = if r.step < 0 {
            (r.start as u64).checked_sub(span)
        } else {
            Some(r.start as u64)
        };
        let ok = r.len == 0 || lo.is_some_and(|lo| lo + span < n as u64);
        if !ok {
            return Err(bad(format!(
                "axis {d}: {r:?} is outside the dimension of length {n}"
            )));
        }
        asc.push(Asc {
            lo: lo.unwrap_or(0),
            len: r.len as u64,
            step,
        });
        flip.push(r.step < 0 && r.len > 1);
    }
    Ok((asc, flip))
}

/// Collects byte runs and reads adjacent ones together.
struct Reader<'a> {
    file: &'a File,
    out: Vec<u8>,
    /// Pending run: file offset and length.
    pend: Option<(u64, u64)>,
}

impl Reader<'_> {
    fn run(&mut self, off: u64, len: u64) -> Result<(), Nc3Error> {
        if let Some((p, n)) = self.pend {
            if p + n == off && n + len <= MAX_READ {
                self.pend = Some((p, n + len));
                return Ok(());
            }
            self.flush()?;
        }
        self.pend = Some((off, len));
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Nc3Error> {
        if let Some((off, len)) = self.pend.take() {
            let at = self.out.len();
            self.out.resize(at + len as usize, 0);
            read_exact(self.file, &mut self.out[at..], off)?;
        }
        Ok(())
    }
}

fn read_exact(file: &File, buf: &mut [u8], off: u64) -> Result<(), Nc3Error> {
    file.read_exact_at(buf, off).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            Nc3Error::Truncated(format!(
                "reading {} bytes at offset {off} ran past the end",
                buf.len()
            ))
        } else {
            Nc3Error::Io(e.to_string())
        }
    })
}

/// Reads `var[ranges]` as raw big-endian bytes in C order of the selection, then converts.
pub(super) fn read_hyperslab(
    file: &File,
    v: &Nc3Var,
    place: &Placement,
    ranges: &[Range1],
) -> Result<Block, Nc3Error> {
    let (asc, flip) = normalise(v, ranges)?;
    let esize = v.nc_type.size() as u64;
    let shape: Vec<usize> = asc.iter().map(|a| a.len as usize).collect();
    let n: u64 = asc.iter().map(|a| a.len).product();
    let mut rd = Reader {
        file,
        out: Vec::with_capacity((n * esize) as usize),
        pend: None,
    };
    if n > 0 {
        gather(&mut rd, &asc, &v.shape, place, esize)?;
    }
    rd.flush()?;
    debug_assert_eq!(rd.out.len() as u64, n * esize);
    let mut block = decode(v.nc_type, &rd.out, &shape);
    for (d, &f) in flip.iter().enumerate() {
        if f {
            block = crate::map_block!(block, a => {
                let mut a = a;
                a.invert_axis(Axis(d));
                crate::kernels::layout::to_standard(a.view())
            });
        }
    }
    Ok(block)
}

/// Emits the runs of the selection, in C order.
fn gather(
    rd: &mut Reader,
    asc: &[Asc],
    shape: &[usize],
    place: &Placement,
    esize: u64,
) -> Result<(), Nc3Error> {
    let nd = asc.len();
    if nd == 0 {
        return rd.run(place.begin, esize);
    }
    let st = &place.strides;
    // k: the outermost axis of the contiguous run. Axis k-1 joins when axis k is whole,
    // step 1, and laid out right after k-1's elements.
    let last = nd - 1;
    let mut k = last;
    if asc[last].step == 1 {
        while k > 0
            && asc[k].lo == 0
            && asc[k].len == shape[k] as u64
            && asc[k].step == 1
            && asc[k - 1].step == 1
            && st[k - 1] == st[k] * shape[k] as u64
        {
            k -= 1;
        }
    }
    // Axis k's elements: `elem` bytes each, `gap` bytes apart in the file.
    let elem = shape[k + 1..].iter().map(|&n| n as u64).product::<u64>() * esize;
    let gap = st[k] * asc[k].step;
    let len = asc[k].len;
    let mut idx = vec![0u64; k];
    loop {
        let base: u64 = place.begin
            + (0..k)
                .map(|d| (asc[d].lo + idx[d] * asc[d].step) * st[d])
                .sum::<u64>()
            + asc[k].lo * st[k];
        if gap == elem {
            rd.run(base, len * elem)?;
        } else if gap - elem <= MAX_GAP && len > 1 {
            // One read of the span, then keep each element.
            rd.flush()?;
            let mut span = vec![0u8; ((len - 1) * gap + elem) as usize];
            read_exact(rd.file, &mut span, base)?;
            for j in 0..len {
                let o = (j * gap) as usize;
                rd.out.extend_from_slice(&span[o..o + elem as usize]);
            }
        } else {
            for j in 0..len {
                rd.run(base + j * gap, elem)?;
            }
        }
        // Next outer index, C order.
        let mut d = k;
        loop {
            if d == 0 {
                return Ok(());
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < asc[d].len {
                break;
            }
            idx[d] = 0;
        }
    }
}

/// Big-endian bytes of type `t` -> a block of `t.dtype()`.
fn decode(t: NcType, raw: &[u8], shape: &[usize]) -> Block {
    fn arr<T, const N: usize>(raw: &[u8], shape: &[usize], f: impl Fn([u8; N]) -> T) -> ArrayD<T> {
        let v: Vec<T> = raw
            .chunks_exact(N)
            .map(|c| f(c.try_into().expect("N bytes")))
            .collect();
        ArrayD::from_shape_vec(IxDyn(shape), v).expect("length matches the shape")
    }
    match t {
        NcType::Byte => Block::I8(arr(raw, shape, i8::from_be_bytes)),
        // `char` has no dtype (`NcType::dtype` is None): its bytes read as uint8
        NcType::UByte | NcType::Char => Block::U8(arr(raw, shape, u8::from_be_bytes)),
        NcType::Short => Block::I16(arr(raw, shape, i16::from_be_bytes)),
        NcType::UShort => Block::U16(arr(raw, shape, u16::from_be_bytes)),
        NcType::Int => Block::I32(arr(raw, shape, i32::from_be_bytes)),
        NcType::UInt => Block::U32(arr(raw, shape, u32::from_be_bytes)),
        NcType::Int64 => Block::I64(arr(raw, shape, i64::from_be_bytes)),
        NcType::UInt64 => Block::U64(arr(raw, shape, u64::from_be_bytes)),
        NcType::Float => Block::F32(arr(raw, shape, f32::from_be_bytes)),
        NcType::Double => Block::F64(arr(raw, shape, f64::from_be_bytes)),
    }
}
