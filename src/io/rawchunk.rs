//! Raw stored chunks -> decoded bytes, outside HDF5's global lock.
//!
//! ```text
//! chunk_info(i) (once, under the lock) -> ChunkIndex: grid position -> (file address, size, mask)
//! pread(address, size) -> inflate (libdeflate) -> unshuffle -> the chunk's bytes, little-endian
//! ```
//! Decoded chunks go into a small process-wide cache shared by all tasks, so a stored
//! chunk that several user chunks overlap is decoded once while they run close together.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex, OnceLock};

/// One filter of the pipeline we decode ourselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Deflate,
    Shuffle,
}

/// Where each stored chunk of a dataset lies in the file.
#[derive(Debug)]
pub struct ChunkIndex {
    pub chunk: Vec<usize>,
    /// Chunks per axis.
    pub grid: Vec<usize>,
    /// Per flat grid position (C order): (address, stored size, filter mask), None when the
    /// chunk was never written (its values are the fill value: read through HDF5).
    pub entries: Vec<Option<(u64, u64, u32)>>,
}

impl ChunkIndex {
    pub fn flat(&self, pos: &[usize]) -> usize {
        pos.iter()
            .zip(&self.grid)
            .fold(0, |acc, (&p, &g)| acc * g + p)
    }
}

/// Decodes one stored chunk: `raw` went through `pipeline` (in write order) except the
/// filters whose bit is set in `mask`. `expect` is the decoded size in bytes.
pub fn decode(
    raw: Vec<u8>,
    pipeline: &[Codec],
    mask: u32,
    elem: usize,
    expect: usize,
) -> Result<Vec<u8>, String> {
    let mut out = vec![0u8; expect];
    decode_into(&raw, pipeline, mask, elem, &mut out)?;
    Ok(out)
}

/// Scratch buffers up to this size stay with their thread for the next chunk.
const KEEP_SCRATCH: usize = 64 << 20;

thread_local! {
    static READ_SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static INFLATE_SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on a buffer of `n` bytes (contents unspecified) kept by this thread, so
/// reading chunk after chunk does not allocate and free tens of MB each time (freed
/// blocks of that size fragment the heap: the peak resident memory grows past what is held).
fn with_scratch<R>(
    key: &'static std::thread::LocalKey<RefCell<Vec<u8>>>,
    n: usize,
    f: impl FnOnce(&mut [u8]) -> R,
) -> R {
    key.with(|cell| {
        let Ok(mut buf) = cell.try_borrow_mut() else {
            return f(&mut vec![0u8; n]);
        };
        if buf.len() < n {
            buf.resize(n, 0);
        }
        let r = f(&mut buf[..n]);
        if buf.len() > KEEP_SCRATCH {
            *buf = Vec::new();
        }
        r
    })
}

/// Reads the stored chunk at `addr` (`size` bytes) into a thread-kept buffer and decodes
/// it into `out` (its length is the decoded size).
pub fn read_decode_into(
    file: &File,
    addr: u64,
    size: u64,
    pipeline: &[Codec],
    mask: u32,
    elem: usize,
    out: &mut [u8],
) -> Result<(), String> {
    with_scratch(&READ_SCRATCH, size as usize, |raw| {
        file.read_exact_at(raw, addr).map_err(|e| {
            format!("cannot read a stored chunk at byte {addr} ({e}): truncated file?")
        })?;
        decode_into(raw, pipeline, mask, elem, out)
    })
}

/// `decode` straight into `out` (its length is the decoded size): the last filter undone
/// writes there, so a whole-chunk read needs no further copy.
pub fn decode_into(
    raw: &[u8],
    pipeline: &[Codec],
    mask: u32,
    elem: usize,
    out: &mut [u8],
) -> Result<(), String> {
    let active: Vec<Codec> = pipeline
        .iter()
        .enumerate()
        .rev()
        .filter(|(i, _)| mask & (1 << i) == 0)
        .map(|(_, &c)| c)
        .collect();
    let expect = out.len();
    let last = |data: &[u8], c: Codec, out: &mut [u8]| match c {
        Codec::Deflate => inflate_into(data, out),
        Codec::Shuffle if data.len() != expect => Err(format!(
            "a stored chunk decodes to {} bytes, expected {expect}",
            data.len()
        )),
        Codec::Shuffle => {
            unshuffle_into(data, elem, out);
            Ok(())
        }
    };
    match active.as_slice() {
        [] if raw.len() != expect => Err(format!(
            "a stored chunk decodes to {} bytes, expected {expect}",
            raw.len()
        )),
        [] => {
            out.copy_from_slice(raw);
            Ok(())
        }
        &[c] => last(raw, c, out),
        // netCDF's usual pipeline: inflate into the thread's scratch, unshuffle into `out`.
        &[Codec::Deflate, c] => with_scratch(&INFLATE_SCRATCH, expect, |mid| {
            let n = inflate_some(raw, mid)?;
            last(&mid[..n], c, out)
        }),
        [first @ .., c] => {
            let mut data = raw.to_vec();
            for f in first {
                data = match f {
                    Codec::Deflate => inflate(&data, expect)?,
                    Codec::Shuffle => unshuffle(&data, elem),
                };
            }
            last(&data, *c, out)
        }
    }
}

/// Inflates a zlib stream into exactly `expect` bytes, whole-buffer (libdeflate: about 2x
/// zlib's rate, and no streaming state or output growth). A stream longer than `expect`
/// or cut short is an error.
pub fn inflate(data: &[u8], expect: usize) -> Result<Vec<u8>, String> {
    let mut out = vec![0u8; expect];
    let n = inflate_some(data, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// `inflate` into `out`, which the stream must fill exactly.
pub fn inflate_into(data: &[u8], out: &mut [u8]) -> Result<(), String> {
    let n = inflate_some(data, out)?;
    if n != out.len() {
        return Err(format!(
            "a stored chunk decodes to {n} bytes, expected {}",
            out.len()
        ));
    }
    Ok(())
}

/// Inflates into the front of `out`: the bytes written.
fn inflate_some(data: &[u8], out: &mut [u8]) -> Result<usize, String> {
    thread_local! {
        static INFLATER: RefCell<libdeflater::Decompressor> =
            RefCell::new(libdeflater::Decompressor::new());
    }
    let expect = out.len();
    INFLATER
        .with(|d| d.borrow_mut().zlib_decompress(data, out))
        .map_err(|e| match e {
            libdeflater::DecompressionError::InsufficientSpace => {
                format!("a stored chunk decodes to more than {expect} bytes")
            }
            libdeflater::DecompressionError::BadData => "deflate stream is corrupt".to_string(),
        })
}

/// HDF5's shuffle stores byte k of every element together; this puts elements back.
pub fn unshuffle(data: &[u8], elem: usize) -> Vec<u8> {
    let mut out = vec![0u8; data.len()];
    unshuffle_into(data, elem, &mut out);
    out
}

/// `unshuffle` into `out` (as long as `data`). Element sizes 2, 4 and 8 take one pass
/// over the planes together (the compiler vectorises it): 4x the byte-by-byte rate.
pub fn unshuffle_into(data: &[u8], elem: usize, out: &mut [u8]) {
    debug_assert_eq!(data.len(), out.len());
    if elem <= 1 {
        out.copy_from_slice(data);
        return;
    }
    let n = data.len() / elem;
    match elem {
        2 => interleave::<2>(data, n, out),
        4 => interleave::<4>(data, n, out),
        8 => interleave::<8>(data, n, out),
        _ => {
            for k in 0..elem {
                let plane = &data[k * n..(k + 1) * n];
                for (i, &b) in plane.iter().enumerate() {
                    out[i * elem + k] = b;
                }
            }
        }
    }
    // Trailing bytes that do not fill an element are stored as they are.
    let tail = n * elem;
    out[tail..].copy_from_slice(&data[tail..]);
}

/// Elements of `E` bytes from `E` planes of `n` bytes each, a block of elements at a time.
fn interleave<const E: usize>(data: &[u8], n: usize, out: &mut [u8]) {
    const BLOCK: usize = 4096;
    let planes: [&[u8]; E] = std::array::from_fn(|k| &data[k * n..(k + 1) * n]);
    for (b, dst) in out[..n * E].chunks_mut(BLOCK * E).enumerate() {
        let lo = b * BLOCK;
        let m = dst.len() / E;
        let src: [&[u8]; E] = std::array::from_fn(|k| &planes[k][lo..lo + m]);
        for (i, o) in dst.chunks_exact_mut(E).enumerate() {
            for k in 0..E {
                o[k] = src[k][i];
            }
        }
    }
}

/// Reads `size` bytes at `addr` (positional: no lock, no shared cursor).
pub fn pread(file: &File, addr: u64, size: u64) -> Result<Vec<u8>, String> {
    let mut buf = vec![0u8; size as usize];
    file.read_exact_at(&mut buf, addr)
        .map_err(|e| format!("cannot read a stored chunk at byte {addr} ({e}): truncated file?"))?;
    Ok(buf)
}

type Slot = Arc<OnceLock<Result<Arc<Vec<u8>>, String>>>;

/// Decoded chunks by (source id, flat chunk index), bounded in bytes, oldest out first.
/// A slot is inserted before decoding, so a second task wanting the same chunk waits for
/// the first decode instead of repeating it.
pub struct ChunkCache {
    inner: Mutex<CacheInner>,
    capacity: usize,
}

struct CacheInner {
    map: HashMap<(u64, usize), (Slot, usize)>,
    order: VecDeque<(u64, usize)>,
    bytes: usize,
}

impl ChunkCache {
    pub fn new(capacity: usize) -> ChunkCache {
        ChunkCache {
            inner: Mutex::new(CacheInner {
                map: HashMap::new(),
                order: VecDeque::new(),
                bytes: 0,
            }),
            capacity,
        }
    }

    /// The decoded chunk `key` (`size` bytes once decoded), decoding it with `f` if absent.
    pub fn get(
        &self,
        key: (u64, usize),
        size: usize,
        f: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<Arc<Vec<u8>>, String> {
        let slot = {
            let mut c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            match c.map.get(&key) {
                Some((s, _)) => s.clone(),
                None => {
                    let s: Slot = Arc::new(OnceLock::new());
                    c.map.insert(key, (s.clone(), size));
                    c.order.push_back(key);
                    c.bytes += size;
                    while c.bytes > self.capacity && c.order.len() > 1 {
                        let old = c.order.pop_front().expect("nonempty");
                        if let Some((_, n)) = c.map.remove(&old) {
                            c.bytes -= n;
                        }
                    }
                    s
                }
            }
        };
        slot.get_or_init(|| f().map(Arc::new)).clone()
    }

    /// The decoded chunk `key` when it is cached and decoded; never decodes or inserts.
    pub fn peek(&self, key: (u64, usize)) -> Option<Arc<Vec<u8>>> {
        let c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let slot = c.map.get(&key)?.0.clone();
        drop(c);
        slot.get()?.as_ref().ok().cloned()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap().map.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The process-wide cache: 64 MiB of decoded chunks (`ARRLANG_CHUNK_CACHE_MB` overrides).
/// Reads are grouped to whole stored chunks at lowering, so the cache only bridges
/// neighbouring tasks; it need not hold a pass over the data.
pub fn cache() -> &'static ChunkCache {
    static CACHE: OnceLock<ChunkCache> = OnceLock::new();
    CACHE.get_or_init(|| {
        let mb = std::env::var("ARRLANG_CHUNK_CACHE_MB")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(64);
        ChunkCache::new(mb << 20)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn shuffle(data: &[u8], elem: usize) -> Vec<u8> {
        let n = data.len() / elem;
        let mut out = vec![0u8; data.len()];
        for i in 0..n {
            for k in 0..elem {
                out[k * n + i] = data[i * elem + k];
            }
        }
        out[n * elem..].copy_from_slice(&data[n * elem..]);
        out
    }

    #[test]
    fn decode_inverts_shuffle_and_deflate() {
        let vals: Vec<u8> = (0..1000u32)
            .flat_map(|i| (i as f32 * 0.5).to_le_bytes())
            .collect();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(4));
        z.write_all(&shuffle(&vals, 4)).unwrap();
        let stored = z.finish().unwrap();
        let pipe = [Codec::Shuffle, Codec::Deflate];
        assert_eq!(decode(stored.clone(), &pipe, 0, 4, 4000).unwrap(), vals);
        // Mask bit 1: deflate skipped for this chunk.
        assert_eq!(
            decode(shuffle(&vals, 4), &pipe, 0b10, 4, 4000).unwrap(),
            vals
        );
        let e = decode(stored[..stored.len() / 2].to_vec(), &pipe, 0, 4, 4000).unwrap_err();
        assert!(e.contains("corrupt") || e.contains("decodes to"), "{e}");
        assert_eq!(
            unshuffle(&shuffle(&[1, 2, 3, 4, 5, 6, 7], 2), 2),
            vec![1, 2, 3, 4, 5, 6, 7]
        );
    }

    #[test]
    fn unshuffle_of_every_element_size_inverts_shuffle() {
        // Lengths across the 4096-element blocks, with trailing bytes that fill no element.
        for elem in [1, 2, 3, 4, 8, 16] {
            for len in [
                0,
                5,
                4096 * elem - 1,
                4096 * elem + 3,
                10000 * elem + elem / 2,
            ] {
                let data: Vec<u8> = (0..len).map(|i| (i * 7 + i / 251) as u8).collect();
                let stored = shuffle(&data, elem);
                assert_eq!(unshuffle(&stored, elem), data, "elem {elem}, len {len}");
                let mut out = vec![0u8; len];
                decode_into(&stored, &[Codec::Shuffle], 0, elem, &mut out).unwrap();
                assert_eq!(out, data, "elem {elem}, len {len}");
            }
        }
    }

    #[test]
    fn decode_into_checks_the_decoded_size() {
        let vals: Vec<u8> = (0..4000u32).map(|i| (i % 13) as u8).collect();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(4));
        z.write_all(&shuffle(&vals, 4)).unwrap();
        let stored = z.finish().unwrap();
        let pipe = [Codec::Shuffle, Codec::Deflate];
        let mut out = vec![0u8; 4000];
        decode_into(&stored, &pipe, 0, 4, &mut out).unwrap();
        assert_eq!(out, vals);
        // One byte short or over: an error, never a partly filled block.
        for n in [3999, 4001] {
            let e = decode_into(&stored, &pipe, 0, 4, &mut vec![0u8; n]).unwrap_err();
            assert!(e.contains("decodes to"), "{e}");
            let e = decode_into(&vals, &[], 0, 4, &mut vec![0u8; n]).unwrap_err();
            assert!(e.contains("decodes to"), "{e}");
        }
    }

    #[test]
    fn cache_decodes_once_and_stays_bounded() {
        let c = ChunkCache::new(100);
        let mut calls = 0;
        for _ in 0..3 {
            let v = c
                .get((1, 0), 40, || {
                    calls += 1;
                    Ok(vec![7; 40])
                })
                .unwrap();
            assert_eq!(v.len(), 40);
        }
        assert_eq!(calls, 1);
        for k in 1..5 {
            c.get((1, k), 40, || Ok(vec![0; 40])).unwrap();
        }
        assert!(c.len() <= 2, "{}", c.len());
    }
}
