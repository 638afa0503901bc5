//! Reading a region of an open HDF5 dataset: its stored chunks decoded by arrlang (the
//! chunk index listed once and checked against the dataset's metadata), positional reads of
//! contiguous storage, or an HDF5 hyperslab read.

use super::{err, H5Source, MAX_INDEXED_CHUNKS};
use crate::io::cf::RawElem;
use crate::io::rawchunk::{self, ChunkIndex, Codec};
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use crate::with_raw;
use hdf5::{Hyperslab, SliceOrIndex};
use ndarray::IxDyn;

impl H5Source {
    /// Lists the stored chunks now (what a first read would do): for `--probe-file`.
    pub fn touch_chunk_index(&self) {
        let _ = self.chunk_index();
    }

    pub(super) fn chunk_index(&self) -> Option<&ChunkIndex> {
        self.index
            .get_or_init(|| {
                let chunk = self.chunk.clone()?;
                let n = self.ds.num_chunks()?;
                if n > MAX_INDEXED_CHUNKS {
                    return None;
                }
                let grid: Vec<usize> = self
                    .shape
                    .iter()
                    .zip(&chunk)
                    .map(|(&s, &c)| s.div_ceil(c))
                    .collect();
                // An index HDF5 itself refuses (newer versions: "bad coordinate offset")
                // is an error: HDF5 1.10 would read it, into the wrong places.
                let corrupt = |what: String| -> Option<ChunkIndex> {
                    let _ = self.corrupt.set(err(
                        &self.path,
                        format!("variable `{}` is corrupt: {what}", self.var),
                    ));
                    None
                };
                if chunk.len() != self.shape.len() || chunk.contains(&0) {
                    return corrupt(format!("chunk shape {chunk:?}"));
                }
                if n > grid.iter().product() {
                    return corrupt(format!("{n} stored chunks for a grid of {grid:?}"));
                }
                let file_len = self.file().ok()?.metadata().ok()?.len();
                let elem = self.raw.size() as u64;
                let whole = chunk
                    .iter()
                    .try_fold(elem, |a, &c| a.checked_mul(c as u64))?;
                let mut idx = ChunkIndex {
                    entries: vec![None; grid.iter().product()],
                    chunk,
                    grid,
                };
                for i in 0..n {
                    let ci = self.ds.chunk_info(i)?;
                    if ci.offset.len() != self.shape.len() {
                        return corrupt(format!("chunk {i} has offset {:?}", ci.offset));
                    }
                    let mut pos = Vec::with_capacity(ci.offset.len());
                    for ((&o, &c), &len) in ci.offset.iter().zip(&idx.chunk).zip(&self.shape) {
                        match usize::try_from(o) {
                            Ok(o) if o % c == 0 && o < len => pos.push(o / c),
                            _ => {
                                return corrupt(format!(
                                    "chunk {i} has the bad offset {:?}",
                                    ci.offset
                                ))
                            }
                        }
                    }
                    // No chunk lies past the file's end, none is larger than it could be
                    // stored (deflate's worst case is a few bytes per 16 KB over).
                    let end = ci.addr.checked_add(ci.size);
                    if ci.size == 0
                        || end.is_none_or(|e| e > file_len)
                        || ci.size > whole + whole / 64 + 1024
                    {
                        return corrupt(format!(
                            "chunk {i} has {} bytes at byte {} of a file of {file_len}",
                            ci.size, ci.addr
                        ));
                    }
                    let f = idx.flat(&pos);
                    let slot = idx.entries.get_mut(f)?;
                    if slot.is_some() {
                        return corrupt(format!("two chunks at offset {:?}", ci.offset));
                    }
                    *slot = Some((ci.addr, ci.size, ci.filter_mask));
                }
                Some(idx)
            })
            .as_ref()
    }

    /// Reads through HDF5: a hyperslab selection with the region's steps.
    pub fn read_hyperslab(&self, region: &[Range1]) -> Result<Block, String> {
        let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
        if shape.contains(&0) {
            return Ok(Block::zeros(self.dtype, &shape));
        }
        let fail = |e: hdf5::Error| err(&self.path, format!("cannot read `{}`: {e}", self.var));
        with_raw!(self.raw, T => {
            let v: Vec<T> = if region.is_empty() {
                self.ds.read_raw::<T>().map_err(fail)?
            } else {
                let sel: Vec<SliceOrIndex> = region
                    .iter()
                    .map(|r| SliceOrIndex::SliceCount {
                        start: r.start,
                        step: r.step.max(1) as usize,
                        count: r.len,
                        block: 1,
                    })
                    .collect();
                let a = self
                    .ds
                    .read_slice::<T, _, IxDyn>(Hyperslab::from(sel))
                    .map_err(fail)?;
                a.as_standard_layout().iter().copied().collect()
            };
            Ok(self.cf.apply(self.raw, v, &shape))
        })
    }

    /// Reads by decoding stored chunks; None when some chunk was never written.
    pub fn read_decoded(&self, region: &[Range1]) -> Result<Option<Block>, String> {
        // Only datasets we decode ourselves are indexed (listing chunks costs O(n) each).
        let Some(pipe) = self.pipeline.as_ref() else {
            return Ok(None);
        };
        let Some(idx) = self.chunk_index() else {
            return match self.corrupt.get() {
                Some(m) => Err(m.clone()),
                None => Ok(None),
            };
        };
        with_raw!(self.raw, T => {
            let v = gather::<T>(self, idx, pipe, region)?;
            let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
            Ok(v.map(|v| self.cf.apply(self.raw, v, &shape)))
        })
    }

    /// Reads a contiguous dataset stored at `base` with positional reads; None when it
    /// is not one.
    pub fn read_contiguous(&self, region: &[Range1]) -> Result<Option<Block>, String> {
        let Some(base) = self.contiguous else {
            return Ok(None);
        };
        with_raw!(self.raw, T => {
            let v = read_runs::<T>(self.file()?, base, &self.shape, region)
                .map_err(|e| err(&self.path, format!("variable `{}`: {e}", self.var)))?;
            let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
            Ok(Some(self.cf.apply(self.raw, v, &shape)))
        })
    }

    fn file(&self) -> Result<&std::fs::File, String> {
        self.fd
            .get_or_init(|| std::fs::File::open(&self.path).map_err(|e| err(&self.path, e)))
            .as_ref()
            .map_err(|e| e.clone())
    }
}

/// The forward `region` of a C-order array of `shape` stored at byte `base` of `file`:
/// trailing axes read whole merge into one run, each run is one positional read straight
/// into the result (elements are little-endian, as the host).
fn read_runs<T: RawElem>(
    file: &std::fs::File,
    base: u64,
    shape: &[usize],
    region: &[Range1],
) -> Result<Vec<T>, String> {
    use std::os::unix::fs::FileExt;
    let nd = region.len();
    let total: usize = region.iter().map(|r| r.len).product();
    let mut out = vec![T::default(); total];
    if total == 0 {
        return Ok(out);
    }
    if nd == 0 {
        let mut b = vec![0u8; T::SIZE];
        file.read_exact_at(&mut b, base)
            .map_err(|e| format!("cannot read at byte {base} ({e}): truncated file?"))?;
        out[0] = T::from_le(&b);
        return Ok(out);
    }
    let mut sstr = vec![1usize; nd];
    for d in (0..nd - 1).rev() {
        sstr[d] = sstr[d + 1] * shape[d + 1];
    }
    let step = |d: usize| {
        if region[d].len == 1 {
            1
        } else {
            region[d].step.max(1) as usize
        }
    };
    // Axes `k..` form one run of `run` elements in the file.
    let mut k = nd - 1;
    let mut run = region[k].len;
    while k > 0
        && step(k) == 1
        && region[k].start == 0
        && region[k].len == shape[k]
        && step(k - 1) == 1
    {
        k -= 1;
        run *= region[k].len;
    }
    // A strided innermost axis reads the span it covers and keeps every step-th element.
    let inner = step(nd - 1);
    let span = if k == nd - 1 {
        (run - 1) * inner + 1
    } else {
        run
    };
    let mut scratch = if inner > 1 {
        vec![T::default(); span]
    } else {
        Vec::new()
    };
    let outer: Vec<usize> = region[..k].iter().map(|r| r.len).collect();
    let n_runs: usize = outer.iter().product();
    for (r, dst) in out.chunks_mut(run).enumerate().take(n_runs) {
        let at = crate::expr::chunks::unravel(r, &outer);
        let mut elem = region[k].start * sstr[k];
        for d in 0..k {
            elem += (region[d].start + at[d] * step(d)) * sstr[d];
        }
        let byte = base + (elem * T::SIZE) as u64;
        let buf: &mut [T] = if inner > 1 { &mut scratch } else { dst };
        // SAFETY: RawElem types are plain integers and floats: every byte pattern is a value.
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(
                buf.as_mut_ptr().cast::<u8>(),
                std::mem::size_of_val(buf),
            )
        };
        file.read_exact_at(bytes, byte)
            .map_err(|e| format!("cannot read at byte {byte} ({e}): truncated file?"))?;
        if inner > 1 {
            for (o, &v) in dst.iter_mut().zip(scratch.iter().step_by(inner)) {
                *o = v;
            }
        }
    }
    Ok(out)
}

/// Along one axis, the stored chunks the forward range `r` touches: (chunk, first and
/// one-past-last region index inside it).
fn axis_chunks(r: &Range1, c: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let k = r.step.max(1) as usize;
    let mut i = 0;
    while i < r.len {
        let pos = r.start + i * k;
        let ch = pos / c;
        let end = (ch + 1) * c;
        let n = (end - pos).div_ceil(k).min(r.len - i);
        out.push((ch, i, i + n));
        i += n;
    }
    out
}

/// A region that is exactly one stored chunk, not already cached: decoded straight into
/// the result (no cached copy, no second copy out of it). It is read once by the read that
/// groups whole chunks (`lower_load`), so caching it would only hold memory. Some(None):
/// the chunk was never written; None: not such a region.
fn whole_chunk<T: RawElem>(
    src: &H5Source,
    idx: &ChunkIndex,
    pipe: &[Codec],
    region: &[Range1],
    per_axis: &[Vec<(usize, usize, usize)>],
) -> Result<Option<Option<Vec<T>>>, String> {
    let pos: Vec<usize> = per_axis.iter().map(|v| v[0].0).collect();
    let whole = region
        .iter()
        .zip(&idx.chunk)
        .zip(&pos)
        .all(|((r, &c), &p)| r.start == p * c && r.len == c && (r.step == 1 || r.len == 1));
    if !whole || cfg!(target_endian = "big") {
        return Ok(None);
    }
    let flat = idx.flat(&pos);
    let Some((addr, size, mask)) = idx.entries[flat] else {
        return Ok(Some(None));
    };
    if rawchunk::cache().peek((src.uid, flat)).is_some() {
        return Ok(None);
    }
    let mut out = vec![T::default(); region.iter().map(|r| r.len).product()];
    // SAFETY: RawElem types are plain integers and floats: every byte pattern is a value.
    let bytes = unsafe {
        std::slice::from_raw_parts_mut(
            out.as_mut_ptr().cast::<u8>(),
            std::mem::size_of_val(out.as_slice()),
        )
    };
    rawchunk::read_decode_into(src.file()?, addr, size, pipe, mask, T::SIZE, bytes)
        .map_err(|e| err(&src.path, format!("variable `{}`: {e}", src.var)))?;
    Ok(Some(Some(out)))
}

/// Copies the region out of every stored chunk it touches (decoded once, via the cache).
fn gather<T: RawElem>(
    src: &H5Source,
    idx: &ChunkIndex,
    pipe: &[Codec],
    region: &[Range1],
) -> Result<Option<Vec<T>>, String> {
    let nd = region.len();
    let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
    let total: usize = shape.iter().product();
    let mut out = vec![T::default(); total];
    if total == 0 {
        return Ok(Some(out));
    }
    let per_axis: Vec<Vec<(usize, usize, usize)>> = region
        .iter()
        .zip(&idx.chunk)
        .map(|(r, &c)| axis_chunks(r, c))
        .collect();
    let mut ostr = vec![1usize; nd];
    let mut cstr = vec![1usize; nd];
    for d in (0..nd.saturating_sub(1)).rev() {
        ostr[d] = ostr[d + 1] * shape[d + 1];
        cstr[d] = cstr[d + 1] * idx.chunk[d + 1];
    }
    let chunk_bytes = idx.chunk.iter().product::<usize>() * T::SIZE;
    let counts: Vec<usize> = per_axis.iter().map(|v| v.len()).collect();
    let n_chunks: usize = counts.iter().product();
    if n_chunks == 1 {
        if let Some(v) = whole_chunk::<T>(src, idx, pipe, region, &per_axis)? {
            return Ok(v);
        }
    }
    for f in 0..n_chunks {
        let sel = crate::expr::chunks::unravel(f, &counts);
        let parts: Vec<(usize, usize, usize)> = (0..nd).map(|d| per_axis[d][sel[d]]).collect();
        let pos: Vec<usize> = parts.iter().map(|p| p.0).collect();
        let flat = idx.flat(&pos);
        let Some((addr, size, mask)) = idx.entries[flat] else {
            return Ok(None);
        };
        let bytes = rawchunk::cache().get((src.uid, flat), chunk_bytes, || {
            let mut out = vec![0u8; chunk_bytes];
            rawchunk::read_decode_into(src.file()?, addr, size, pipe, mask, T::SIZE, &mut out)?;
            Ok(out)
        });
        let bytes = bytes.map_err(|e| err(&src.path, format!("variable `{}`: {e}", src.var)))?;
        // In-chunk index of region index i along axis d.
        let local = |d: usize, i: usize| {
            region[d].start + i * region[d].step.max(1) as usize - parts[d].0 * idx.chunk[d]
        };
        let last = nd - 1;
        let (lo_in, hi_in) = (parts[last].1, parts[last].2);
        let k = region[last].step.max(1) as usize;
        let mut it: Vec<usize> = parts[..last].iter().map(|p| p.1).collect();
        loop {
            let mut o = 0;
            let mut c = 0;
            for d in 0..last {
                o += it[d] * ostr[d];
                c += local(d, it[d]) * cstr[d];
            }
            let c0 = c + local(last, lo_in);
            let dst = &mut out[o + lo_in..o + hi_in];
            for (j, x) in dst.iter_mut().enumerate() {
                let at = (c0 + j * k) * T::SIZE;
                *x = T::from_le(&bytes[at..at + T::SIZE]);
            }
            // Next position of the outer axes; done when all wrap around.
            let mut done = true;
            let mut d = last;
            while d > 0 {
                d -= 1;
                it[d] += 1;
                if it[d] < parts[d].2 {
                    done = false;
                    break;
                }
                it[d] = parts[d].1;
            }
            if done {
                break;
            }
        }
    }
    Ok(Some(out))
}
