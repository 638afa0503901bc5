//! HDF5 variable-length data checked before the C library follows it (issue 15): a
//! variable-length attribute (`DIMENSION_LIST`, a vlen string) or the data of a vlen dataset
//! (a netCDF-4 `string` variable, compact or contiguous) -> its global heap references, read
//! from the file by arrlang itself and checked against the heap collection they point to.
//!
//! ```text
//! object header (OHDR v2 or v1)  -> attribute message: name, datatype, dataspace, data
//!   vlen element = [seq len u32][collection address u64][object index u32]
//!     -> GCOL collection: [GCOL][ver][3][size u64] then objects [idx u16][rc u16][4][size u64][data]
//!        the object exists, lies inside the collection and holds exactly len x base size bytes;
//!        object references in it point to an object header
//! ```
//! HDF5 1.10 trusts these (`H5HG_read` copies the heap object's size into a buffer of the
//! sequence's size; an index past the collection reads a wild pointer): a corrupt file
//! crashes the process in `H5DSget_num_scales`. What is not understood here (another
//! superblock layout, attributes in dense storage, shared datatypes) is left to HDF5.

use hdf5_metno_sys::h5i::hid_t;
use std::collections::HashMap;
use std::ffi::c_uint;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

extern "C" {
    fn H5Oget_info2(
        loc_id: hid_t,
        oinfo: *mut hdf5_metno_sys::h5o::H5O_info1_t,
        fields: c_uint,
    ) -> hdf5_metno_sys::h5::herr_t;
}

/// `H5Oget_info2`'s field selector for the address (`H5O_INFO_BASIC`).
const INFO_BASIC: c_uint = 1;

/// Object headers, continuation blocks and heap collections larger than this are left to
/// HDF5 (no valid netCDF-4 file comes near it).
const MAX_BLOCK: u64 = 64 << 20;
/// Continuation blocks followed per header (a corrupt file may chain them in a loop).
const MAX_BLOCKS: usize = 4096;

/// (file, object header address, data rather than attributes?, file length, mtime).
type Key = (PathBuf, u64, bool, u64, Option<std::time::SystemTime>);
static CHECKED: Mutex<Option<HashMap<Key, Result<(), String>>>> = Mutex::new(None);

/// Ok when the attributes of the object `id` (a dataset, group or one of their attributes)
/// are safe to read with HDF5: every variable-length value's global heap reference is sound.
/// Remembered per file, object and file version.
pub fn check_object(id: hid_t) -> Result<(), String> {
    cached(id, false, check_header)
}

/// Ok when the data of the dataset `id` is safe to read with HDF5: for a variable-length
/// dataset (a netCDF-4 `string` variable) stored compact or contiguous, every value's global
/// heap reference is sound, as [`check_object`] checks attributes. Chunked variable-length
/// data (B-tree indexed, maybe compressed) is left to HDF5. Remembered as `check_object`.
pub fn check_dataset_data(id: hid_t) -> Result<(), String> {
    cached(id, true, check_data)
}

fn cached(id: hid_t, data: bool, f: fn(&Path, u64) -> Result<(), String>) -> Result<(), String> {
    let Some((path, addr)) = locate(id) else {
        return Ok(());
    };
    let meta = std::fs::metadata(&path).ok();
    let key = (
        path.clone(),
        addr,
        data,
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok()),
    );
    let mut cache = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = cache.as_ref().and_then(|c| c.get(&key)) {
        return r.clone();
    }
    let r = f(&path, addr);
    let map = cache.get_or_insert_with(HashMap::new);
    if map.len() > 10_000 {
        map.clear();
    }
    map.insert(key, r.clone());
    r
}

/// The file and object header address of `id`.
fn locate(id: hid_t) -> Option<(PathBuf, u64)> {
    use hdf5_metno_sys::{h5f, h5o};
    hdf5::sync::sync(|| {
        // SAFETY: HDF5 C calls on an open id, under the library lock, into buffers they size.
        unsafe {
            let mut info: h5o::H5O_info1_t = std::mem::zeroed();
            if H5Oget_info2(id, &mut info, INFO_BASIC) < 0 {
                return None;
            }
            let n = h5f::H5Fget_name(id, std::ptr::null_mut(), 0);
            if n <= 0 {
                return None;
            }
            let mut buf = vec![0u8; n as usize + 1];
            h5f::H5Fget_name(id, buf.as_mut_ptr().cast(), buf.len());
            buf.truncate(n as usize);
            let path = PathBuf::from(String::from_utf8_lossy(&buf).into_owned());
            Some((path, info.addr))
        }
    })
}

struct Reader {
    file: std::fs::File,
    len: u64,
}

impl Reader {
    fn read(&self, at: u64, n: u64) -> Option<Vec<u8>> {
        if n > MAX_BLOCK || at.checked_add(n)? > self.len {
            return None;
        }
        let mut b = vec![0u8; n as usize];
        self.file.read_exact_at(&mut b, at).ok()?;
        Some(b)
    }
}

fn u16_at(b: &[u8], p: usize) -> Option<u64> {
    Some(u16::from_le_bytes(b.get(p..p + 2)?.try_into().ok()?) as u64)
}
fn u32_at(b: &[u8], p: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(p..p + 4)?.try_into().ok()?) as u64)
}
fn u64_at(b: &[u8], p: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(p..p + 8)?.try_into().ok()?))
}
fn uint_at(b: &[u8], p: usize, width: usize) -> Option<u64> {
    match width {
        1 => b.get(p).map(|&x| x as u64),
        2 => u16_at(b, p),
        4 => u32_at(b, p),
        _ => u64_at(b, p),
    }
}
fn pad8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// Whether the file has the layout this check reads: a superblock at 0, 8-byte offsets and
/// lengths, base address 0.
fn plain_layout(r: &Reader) -> bool {
    let Some(sb) = r.read(0, 32.min(r.len)) else {
        return false;
    };
    if sb.len() < 32 || &sb[..8] != b"\x89HDF\r\n\x1a\n" {
        return false;
    }
    match sb[8] {
        0 => sb[13] == 8 && sb[14] == 8 && u64_at(&sb, 24) == Some(0),
        1 => sb[13] == 8 && sb[14] == 8 && u64_at(&sb, 28) == Some(0),
        2 | 3 => sb[9] == 8 && sb[10] == 8 && u64_at(&sb, 12) == Some(0),
        _ => false,
    }
}

/// The messages (type, body) of the object header at `addr`; `None` when it is not one.
fn messages(r: &Reader, addr: u64) -> Option<Vec<(u16, Vec<u8>)>> {
    let head = r.read(addr, 16.min(r.len.saturating_sub(addr)))?;
    let mut out = Vec::new();
    // (address, length, v2 continuation block?) still to read.
    let mut blocks: Vec<(u64, u64, bool)> = Vec::new();
    let v2 = head.starts_with(b"OHDR");
    let mut flags = 0u8;
    if v2 {
        let h = r.read(addr, 6 + 16 + 4 + 8)?;
        flags = h[5];
        let mut p = 6;
        if flags & 0x20 != 0 {
            p += 16;
        }
        if flags & 0x10 != 0 {
            p += 4;
        }
        let w = 1usize << (flags & 3);
        let size = uint_at(&h, p, w)?;
        blocks.push((addr + (p + w) as u64, size, false));
    } else if head.first() == Some(&1) {
        let size = u32_at(&head, 8)?;
        blocks.push((addr + 16, size, false));
    } else {
        return None;
    }
    let mut seen = 0;
    while let Some((at, len, cont)) = blocks.pop() {
        seen += 1;
        if seen > MAX_BLOCKS {
            return None;
        }
        let b = r.read(at, len)?;
        // A v2 continuation block: `OCHK`, messages, a checksum (chunk 0's size leaves its
        // checksum out).
        let (mut p, end) = if v2 && cont {
            if !b.starts_with(b"OCHK") {
                return None;
            }
            (4, b.len().checked_sub(4)?)
        } else {
            (0, b.len())
        };
        let hdr = if v2 {
            4 + if flags & 0x04 != 0 { 2 } else { 0 }
        } else {
            8
        };
        while p + hdr <= end {
            let (ty, size) = if v2 {
                (b[p] as u16, u16_at(&b, p + 1)? as usize)
            } else {
                (u16_at(&b, p)? as u16, u16_at(&b, p + 2)? as usize)
            };
            let body = b.get(p + hdr..p + hdr + size)?.to_vec();
            p += hdr + size;
            if ty == 0x10 {
                blocks.push((u64_at(&body, 0)?, u64_at(&body, 8)?, true));
            }
            out.push((ty, body));
        }
    }
    Some(out)
}

/// An attribute message's parts: (name, datatype, dataspace, data).
type AttributeParts<'a> = (String, &'a [u8], &'a [u8], &'a [u8]);

/// An attribute message, split into its parts.
fn attribute(m: &[u8]) -> Option<AttributeParts<'_>> {
    let (name_n, dt_n, ds_n) = (
        u16_at(m, 2)? as usize,
        u16_at(m, 4)? as usize,
        u16_at(m, 6)? as usize,
    );
    let (mut p, padded) = match m[0] {
        1 => (8, true),
        2 => (8, false),
        3 => (9, false),
        _ => return None,
    };
    // A shared datatype or dataspace: stored elsewhere, left to HDF5.
    if m[0] >= 2 && m[1] & 0x03 != 0 {
        return None;
    }
    let step = |n: usize| if padded { pad8(n) } else { n };
    let name = m.get(p..p + name_n)?;
    let name = String::from_utf8_lossy(name.split(|&c| c == 0).next()?).into_owned();
    p += step(name_n);
    let dt = m.get(p..p + dt_n)?;
    p += step(dt_n);
    let ds = m.get(p..p + ds_n)?;
    p += step(ds_n);
    Some((name, dt, ds, m.get(p..).unwrap_or(&[])))
}

/// The element count of a dataspace message.
fn elements(ds: &[u8]) -> Option<u64> {
    let (rank, start) = match *ds.first()? {
        1 => (*ds.get(1)? as usize, 8),
        2 => match *ds.get(3)? {
            0 => return Some(1),
            2 => return Some(0),
            _ => (*ds.get(1)? as usize, 4),
        },
        _ => return None,
    };
    (0..rank).try_fold(1u64, |n, k| n.checked_mul(u64_at(ds, start + 8 * k)?))
}

/// A reader of `path` when it has the layout this check understands.
fn open_reader(path: &Path) -> Option<Reader> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().map_or(0, |m| m.len());
    let r = Reader { file, len };
    plain_layout(&r).then_some(r)
}

fn bad_file(path: &Path, what: String) -> String {
    format!(
        "`{}`: corrupt HDF5 file: {what} (found before HDF5 read it)",
        path.display()
    )
}

fn check_header(path: &Path, addr: u64) -> Result<(), String> {
    let Some(r) = open_reader(path) else {
        return Ok(());
    };
    let bad = |what: String| Err(bad_file(path, what));
    let Some(msgs) = messages(&r, addr) else {
        return Ok(());
    };
    let mut heaps: Heaps = HashMap::new();
    for (_, m) in msgs.iter().filter(|(t, m)| *t == 0x0C && !m.is_empty()) {
        let Some((name, dt, ds, data)) = attribute(m) else {
            continue;
        };
        let (Some(n), Some(size)) = (elements(ds), u32_at(dt, 4)) else {
            continue;
        };
        // Variable-length (class 9): a sequence or a string of a base type, each value a
        // 16-byte heap reference in the file whatever the size field says.
        let vlen = dt.first().map(|c| c & 0x0f) == Some(9);
        let size = if vlen { 16 } else { size };
        if n.checked_mul(size).is_none_or(|b| b > data.len() as u64) {
            return bad(format!(
                "attribute `{name}` holds {n} values of {size} bytes in {} bytes",
                data.len()
            ));
        }
        if !vlen {
            continue;
        }
        check_refs(&r, &mut heaps, &format!("attribute `{name}`"), n, dt, data)
            .map_err(|what| bad_file(path, what))?;
    }
    Ok(())
}

/// The data of a variable-length dataset: its datatype (0x03), dataspace (0x01) and layout
/// (0x08) messages; compact data lies in the layout message, contiguous data at the address
/// it gives (undefined: never written, so HDF5 reads fill values).
fn check_data(path: &Path, addr: u64) -> Result<(), String> {
    let Some(r) = open_reader(path) else {
        return Ok(());
    };
    let Some(msgs) = messages(&r, addr) else {
        return Ok(());
    };
    let find = |ty: u16| {
        msgs.iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, m)| m.as_slice())
    };
    let (Some(dt), Some(ds), Some(layout)) = (find(0x03), find(0x01), find(0x08)) else {
        return Ok(());
    };
    if dt.first().map(|c| c & 0x0f) != Some(9) {
        return Ok(());
    }
    let Some(n) = elements(ds) else {
        return Ok(());
    };
    // Layout versions 3 and 4 store compact and contiguous data alike.
    if !matches!(layout.first(), Some(3 | 4)) {
        return Ok(());
    }
    let what = "the variable-length data of this dataset";
    let data = match layout.get(1) {
        Some(0) => {
            let size = u16_at(layout, 2).unwrap_or(0) as usize;
            match layout.get(4..4 + size) {
                Some(d) => d.to_vec(),
                None => return Err(bad_file(path, format!("{what}: a compact layout overrun"))),
            }
        }
        Some(1) => {
            let (Some(at), Some(size)) = (u64_at(layout, 2), u64_at(layout, 10)) else {
                return Ok(());
            };
            if at == u64::MAX {
                return Ok(());
            }
            if n.checked_mul(16).is_none_or(|b| b > size) {
                return Err(bad_file(
                    path,
                    format!("{what} holds {n} values of 16 bytes in {size} bytes"),
                ));
            }
            if n * 16 > MAX_BLOCK {
                return Ok(());
            }
            match r.read(at, n * 16) {
                Some(d) => d,
                None => {
                    return Err(bad_file(
                        path,
                        format!("{what} ({size} bytes at byte {at}) lies outside the file"),
                    ))
                }
            }
        }
        _ => return Ok(()),
    };
    let mut heaps = HashMap::new();
    check_refs(&r, &mut heaps, what, n, dt, &data).map_err(|w| bad_file(path, w))
}

/// Global heap collections read so far: address → its objects (index → (offset, size)),
/// `None` where the collection is unreadable.
type Heaps = HashMap<u64, Option<HashMap<u64, (u64, u64)>>>;

/// Checks the `n` variable-length values (16-byte heap references) at the start of `data`,
/// of the vlen datatype `dt`, against the global heap collections they point to; `what`
/// names them in the error.
fn check_refs(
    r: &Reader,
    heaps: &mut Heaps,
    what: &str,
    n: u64,
    dt: &[u8],
    data: &[u8],
) -> Result<(), String> {
    if n.checked_mul(16).is_none_or(|b| b > data.len() as u64) {
        return Err(format!(
            "{what} holds {n} values of 16 bytes in {} bytes",
            data.len()
        ));
    }
    let base = dt.get(8..).unwrap_or(&[]);
    let (Some(base_size), Some(&base_class)) = (u32_at(base, 4), base.first()) else {
        return Ok(());
    };
    let refs = base_class & 0x0f == 7 && base.get(1).map(|f| f & 0x0f) == Some(0);
    for k in 0..n as usize {
        let e = &data[k * 16..k * 16 + 16];
        let (count, coll, idx) = (
            u32_at(e, 0).unwrap_or(0),
            u64_at(e, 4).unwrap_or(0),
            u32_at(e, 12).unwrap_or(0),
        );
        if count == 0 && coll == 0 {
            continue;
        }
        let objs = heaps.entry(coll).or_insert_with(|| collection(r, coll));
        let Some(objs) = objs else {
            return Err(format!(
                "{what} points to a global heap at {coll}, which is not one"
            ));
        };
        let Some(&(at, osize)) = objs.get(&idx) else {
            return Err(format!(
                "{what} points to object {idx} of the global heap at {coll}, \
                 which has no such object"
            ));
        };
        if count.checked_mul(base_size) != Some(osize) {
            return Err(format!(
                "{what} has {count} values of {base_size} bytes in a global \
                 heap object of {osize} bytes"
            ));
        }
        if refs && base_size == 8 {
            let Some(b) = r.read(at, osize) else {
                return Err(format!("{what}: unreadable global heap object"));
            };
            for c in b.chunks_exact(8) {
                let target = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
                let ok = r.read(target, 4).is_some_and(|h| h == b"OHDR" || h[0] == 1);
                if !ok {
                    return Err(format!(
                        "{what} refers to an object at {target}, which is not one"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The objects of the global heap collection at `addr`: index -> (data address, size);
/// `None` when it is not a sound collection.
fn collection(r: &Reader, addr: u64) -> Option<HashMap<u64, (u64, u64)>> {
    let h = r.read(addr, 16)?;
    if &h[..4] != b"GCOL" || h[4] != 1 {
        return None;
    }
    let size = u64_at(&h, 8)?;
    let b = r.read(addr, size)?;
    let mut out = HashMap::new();
    let mut p = 16u64;
    while p + 16 <= size {
        let i = p as usize;
        let idx = u16_at(&b, i)?;
        let osize = u64_at(&b, i + 8)?;
        if idx == 0 {
            // Free space: the rest of the collection.
            break;
        }
        let need = osize.checked_add(7)? / 8 * 8 + 16;
        if p.checked_add(need)? > size {
            return None;
        }
        out.insert(idx, (addr + p + 16, osize));
        p += need;
    }
    Some(out)
}
