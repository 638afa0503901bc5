//! Spill directories: a computation that does not fit `--memory-limit` -> a private
//! directory for the data it parks on disk (`arrlang-spill-PID-N/` under `ARRLANG_SPILL_DIR`,
//! else the system temp dir), removed when the computation ends, fails or is interrupted
//! (Ctrl-C, SIGTERM, SIGHUP: see `signals.rs`), and by a later run when a killed process
//! (SIGKILL) left it behind.

use crate::dtype::DType;
use crate::kernels::Block;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Every spill directory of this process that still exists.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The directory spill directories are made in.
pub fn root() -> PathBuf {
    std::env::var_os("ARRLANG_SPILL_DIR")
        .map(PathBuf::from)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(std::env::temp_dir)
}

/// One spill directory, removed with everything in it when dropped.
#[derive(Debug)]
pub struct SpillDir {
    path: PathBuf,
}

impl SpillDir {
    /// Makes a fresh spill directory (removing those of dead processes first).
    pub fn create() -> Result<SpillDir, String> {
        let root = root();
        std::fs::create_dir_all(&root)
            .map_err(|e| format!("cannot make the spill directory `{}`: {e}", root.display()))?;
        remove_stale(&root);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = root.join(format!("arrlang-spill-{}-{n}", std::process::id()));
        // Registered before it exists: a signal between the two still removes it.
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.clone());
        std::fs::create_dir(&path)
            .map_err(|e| format!("cannot make the spill directory `{}`: {e}", path.display()))?;
        Ok(SpillDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes of the files under the directory (what the spill costs on disk).
    pub fn disk_bytes(&self) -> u64 {
        fn walk(p: &Path) -> u64 {
            let Ok(entries) = std::fs::read_dir(p) else {
                return 0;
            };
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => walk(&e.path()),
                    Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
                    Err(_) => 0,
                })
                .sum()
        }
        walk(&self.path)
    }
}

impl Drop for SpillDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        live.retain(|p| p != &self.path);
    }
}

/// Removes every spill directory of this process (before exiting on a signal).
pub fn remove_all() {
    let live = match LIVE.try_lock() {
        Ok(l) => l.clone(),
        Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner().clone(),
        Err(std::sync::TryLockError::WouldBlock) => {
            std::thread::sleep(std::time::Duration::from_millis(20));
            LIVE.try_lock().map(|l| l.clone()).unwrap_or_default()
        }
    };
    for p in live {
        let _ = std::fs::remove_dir_all(p);
    }
}

/// The process id in a spill directory name of ours, if it is one.
fn owner_pid(name: &str) -> Option<u32> {
    let (pid, n) = name.strip_prefix("arrlang-spill-")?.split_once('-')?;
    n.parse::<usize>().ok()?;
    pid.parse().ok()
}

/// Removes the spill directories in `root` left by processes that no longer run.
fn remove_stale(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let Some(pid) = owner_pid(&e.file_name().to_string_lossy()) else {
            continue;
        };
        if pid != me && !Path::new(&format!("/proc/{pid}")).exists() && cfg!(target_os = "linux") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// zstd level for spilled blocks: fast (they are read back once or twice, then deleted).
const LEVEL: i32 = 1;

/// Writes `block` to `path`, zstd-compressed (C order, native byte order: only this process
/// reads it back).
pub fn write_block(path: &Path, block: &Block) -> Result<u64, String> {
    fn raw<T: Copy>(a: &ndarray::ArrayD<T>) -> Vec<u8> {
        let a = a.as_standard_layout();
        let s = a.as_slice().expect("standard layout");
        // SAFETY: every Block element type (bool, integers, floats) has no padding bytes.
        unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<u8>(), std::mem::size_of_val(s)) }
            .to_vec()
    }
    let bytes = crate::with_block!(block, a => raw(a));
    let packed = zstd::bulk::compress(&bytes, LEVEL).map_err(|e| e.to_string())?;
    std::fs::write(path, &packed)
        .map_err(|e| format!("cannot spill to `{}`: {e}", path.display()))?;
    Ok(packed.len() as u64)
}

/// Reads back a block [`write_block`] wrote.
pub fn read_block(path: &Path, shape: &[usize], dtype: DType) -> Result<Block, String> {
    let packed = std::fs::read(path)
        .map_err(|e| format!("cannot read spilled `{}`: {e}", path.display()))?;
    let n: usize = shape.iter().product();
    let bytes = zstd::bulk::decompress(&packed, n * dtype.size()).map_err(|e| e.to_string())?;
    if bytes.len() != n * dtype.size() {
        return Err(format!("spilled `{}` has the wrong size", path.display()));
    }
    fn typed<T: Copy + Default>(bytes: &[u8], shape: &[usize]) -> ndarray::ArrayD<T> {
        let n = bytes.len() / std::mem::size_of::<T>();
        let mut v = vec![T::default(); n];
        // SAFETY: `v` has exactly `bytes.len()` bytes; every bit pattern written by
        // `write_block` from a value of `T` is a valid `T`.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), v.as_mut_ptr().cast::<u8>(), bytes.len())
        };
        ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(shape), v).expect("size checked")
    }
    Ok(match dtype {
        DType::Bool => Block::Bool(
            ndarray::ArrayD::from_shape_vec(
                ndarray::IxDyn(shape),
                bytes.iter().map(|&b| b != 0).collect(),
            )
            .expect("size checked"),
        ),
        DType::I8 => Block::I8(typed(&bytes, shape)),
        DType::I16 => Block::I16(typed(&bytes, shape)),
        DType::I32 => Block::I32(typed(&bytes, shape)),
        DType::I64 => Block::I64(typed(&bytes, shape)),
        DType::U8 => Block::U8(typed(&bytes, shape)),
        DType::U16 => Block::U16(typed(&bytes, shape)),
        DType::U32 => Block::U32(typed(&bytes, shape)),
        DType::U64 => Block::U64(typed(&bytes, shape)),
        DType::F32 => Block::F32(typed(&bytes, shape)),
        DType::F64 => Block::F64(typed(&bytes, shape)),
        DType::C64 => Block::C64(typed(&bytes, shape)),
        DType::C128 => Block::C128(typed(&bytes, shape)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spill_dirs_go_when_dropped_and_stale_ones_are_removed() {
        let d = SpillDir::create().unwrap();
        std::fs::write(d.path().join("x"), b"12345").unwrap();
        assert_eq!(d.disk_bytes(), 5);
        let p = d.path().to_path_buf();
        drop(d);
        assert!(!p.exists());
        assert_eq!(owner_pid("arrlang-spill-12-3"), Some(12));
        assert_eq!(owner_pid("arrlang-spill-x-3"), None);
        // pid 0x7ffffffe is above Linux's pid_max: never a live process.
        let stale = root().join("arrlang-spill-2147483646-0");
        std::fs::create_dir_all(stale.join("a.zarr")).unwrap();
        let d = SpillDir::create().unwrap();
        assert!(!stale.exists());
        // Blocks round-trip, non-contiguous ones too.
        let a = ndarray::Array::from_shape_fn((3, 4), |(i, j)| i as f64 * 10.0 + j as f64);
        let b = Block::F64(a.t().to_owned().into_dyn());
        let t = Block::F64(a.t().into_owned().into_dyn());
        let p = d.path().join("b");
        write_block(&p, &t).unwrap();
        let back = read_block(&p, &[4, 3], DType::F64).unwrap();
        assert_eq!(back, b);
        let m = Block::Bool(
            ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[2]), vec![true, false]).unwrap(),
        );
        write_block(&p, &m).unwrap();
        assert_eq!(read_block(&p, &[2], DType::Bool).unwrap(), m);
        drop(d);
    }
}
