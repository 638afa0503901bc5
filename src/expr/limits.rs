//! Size limits: shapes and chunk grids -> an error before anything is allocated.
//!
//! Every number here is computed with overflow-checked arithmetic, so a hostile shape
//! (`eye(10**12)`, `arange(1e18)`, `ones((10**8,), chunks=1)`) becomes an error that says
//! the number and the limit, in `check` as in a run, instead of an allocation abort.

use crate::diagnostic::{codes, Diagnostic};

/// Most elements one lazy array may have (as `to_shape` has always allowed).
pub const MAX_ELEMENTS: u128 = 1 << 50;
/// Most blocks one array may be cut into, and most tasks one computation may have.
/// A task costs about 400 bytes of graph, order and scheduler state, so this bounds the
/// graph near 1.6 GB; dask's own advice is to stay far below a million tasks.
pub const MAX_TASKS: u128 = 4_000_000;
/// Rough bytes of graph state per task (task, keys, order, scheduler bookkeeping).
pub const BYTES_PER_TASK: u128 = 400;
/// Most items one tuple may hold: `+` concatenates tuples, so a function that doubles a
/// tuple at each of 60 nested calls would ask for 2**60 items (the `check` fuzz target's
/// out-of-memory kill at 19.6 GB).
pub const MAX_TUPLE_ITEMS: usize = 1 << 20;

/// The length of `a + b` for tuples of `a` and `b` items, checked against
/// [`MAX_TUPLE_ITEMS`] before the tuple is built.
pub fn check_tuple(a: usize, b: usize) -> Result<(), Diagnostic> {
    match a.checked_add(b) {
        Some(n) if n <= MAX_TUPLE_ITEMS => Ok(()),
        n => Err(Diagnostic::new(
            codes::LIMIT,
            format!(
                "this tuple would have {} items; the limit is 2**20",
                n.map_or("over 10**19".to_string(), |n| sci(n as u128))
            ),
        )),
    }
}

/// The product of `dims` as u128, or None past u128 (never for realistic ndims).
pub fn product(dims: impl IntoIterator<Item = u128>) -> Option<u128> {
    dims.into_iter().try_fold(1u128, |a, d| a.checked_mul(d))
}

/// Elements of `shape`, checked against [`MAX_ELEMENTS`].
pub fn check_shape(shape: &[usize]) -> Result<(), Diagnostic> {
    let n = product(shape.iter().map(|&d| d as u128));
    match n {
        Some(n) if n <= MAX_ELEMENTS => Ok(()),
        _ => Err(Diagnostic::new(
            codes::LIMIT,
            format!(
                "an array of shape `{}` would have {} elements; the limit is 2**50",
                shape_text(shape),
                n.map_or("over 10**38".to_string(), sci)
            ),
        )),
    }
}

/// Blocks of a grid cutting `shape` into chunks of `sizes` (0 is one block for an empty
/// axis), checked against [`MAX_TASKS`] before the chunk table is built.
pub fn check_grid(shape: &[usize], sizes: &[usize], itemsize: usize) -> Result<(), Diagnostic> {
    let per_axis = shape.iter().zip(sizes).map(|(&s, &c)| {
        if s == 0 {
            1
        } else {
            s.div_ceil(c.clamp(1, s)) as u128
        }
    });
    let n = product(per_axis).unwrap_or(u128::MAX);
    if n <= MAX_TASKS {
        return Ok(());
    }
    let block: u128 = product(
        shape
            .iter()
            .zip(sizes)
            .map(|(&s, &c)| c.clamp(1, s.max(1)) as u128),
    )
    .unwrap_or(u128::MAX)
    .saturating_mul(itemsize as u128);
    Err(
        too_many_tasks(n, "this array would be cut into", "blocks").note(format!(
            "blocks of {} each; use larger chunks",
            human(block)
        )),
    )
}

/// The error for a graph of `n` tasks (or blocks) over [`MAX_TASKS`].
pub fn too_many_tasks(n: u128, what: &str, unit: &str) -> Diagnostic {
    Diagnostic::new(
        codes::LIMIT,
        format!(
            "{what} {} {unit} (≈ {} of task graph); the limit is {}",
            sci(n),
            human(n.saturating_mul(BYTES_PER_TASK)),
            sci(MAX_TASKS)
        ),
    )
}

/// A graph of `n` tasks, checked against [`MAX_TASKS`].
pub fn check_tasks(n: u128) -> Result<(), Diagnostic> {
    if n <= MAX_TASKS {
        return Ok(());
    }
    Err(too_many_tasks(n, "this computation would have", "tasks").note("use larger chunks"))
}

/// Physical memory of the machine (bytes), the ceiling for one block when no
/// `--memory-limit` is given; None if unknown.
pub fn physical_memory() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// One block of `bytes`, checked against the memory limit (or the machine's memory).
pub fn check_block(bytes: u128, limit: Option<usize>) -> Result<(), Diagnostic> {
    let (ceiling, what) = match limit {
        Some(l) => (l, format!("the memory limit of {}", human(l as u128))),
        None => match physical_memory() {
            Some(m) => (m, "this machine's memory".to_string()),
            None => return Ok(()),
        },
    };
    if bytes <= ceiling as u128 {
        return Ok(());
    }
    Err(Diagnostic::new(
        codes::MEMORY,
        format!("one block would hold {}, more than {what}", human(bytes)),
    )
    .note(format!(
        "the ceiling is {}; use smaller chunks (`chunks=` or `rechunk`)",
        human(ceiling as u128)
    )))
}

/// The largest block of a chunk table, checked against the machine's memory (a session's
/// `--memory-limit` is checked on the task graph before computing).
pub fn check_chunks_fit(
    chunks: &[Vec<usize>],
    dtype: crate::dtype::DType,
) -> Result<(), Diagnostic> {
    let block = product(
        chunks
            .iter()
            .map(|c| c.iter().copied().max().unwrap_or(0) as u128),
    )
    .unwrap_or(u128::MAX)
    .saturating_mul(dtype.size() as u128);
    check_block(block, None)
}

/// Tasks a computation of `roots` will have, at least: one per block of every distinct
/// lazy array they depend on (walked with an explicit stack, shared nodes once).
pub fn estimate_tasks<'a>(roots: impl IntoIterator<Item = &'a super::node::Arr>) -> u128 {
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<&super::node::Arr> = roots.into_iter().collect();
    let mut n: u128 = 0;
    while let Some(a) = stack.pop() {
        if !seen.insert(a.id) {
            continue;
        }
        let blocks = product(a.meta.chunks.iter().map(|c| c.len() as u128)).unwrap_or(u128::MAX);
        n = n.saturating_add(blocks);
        stack.extend(a.inputs.iter());
    }
    n
}

/// Most elements `plot` (and `imshow` of an array small enough to show element by element)
/// gathers before drawing (2 GB of float64).
pub const MAX_PICTURE_ELEMENTS: u128 = 1 << 28;

/// The array a picture gathers whole, checked before anything is computed.
pub fn check_picture(shape: &[usize], verb: &str) -> Result<(), Diagnostic> {
    let n = product(shape.iter().map(|&d| d as u128)).unwrap_or(u128::MAX);
    if n <= MAX_PICTURE_ELEMENTS {
        return Ok(());
    }
    Err(Diagnostic::new(
        codes::LIMIT,
        format!(
            "`{verb}` would gather {} elements; the limit is {}",
            sci(n),
            sci(MAX_PICTURE_ELEMENTS)
        ),
    )
    .note("show a reduced array, e.g. `x[::k, ::k]` or a mean over blocks"))
}

/// Most elements a block-averaged `imshow` reads: its memory stays bounded whatever the
/// size, but past this the run takes many minutes (about 10⁹ elements a second), most
/// likely by mistake.
pub const MAX_STREAMED_PICTURE_ELEMENTS: u128 = 100_000_000_000;

/// The array a block-averaged `imshow` reads chunk by chunk, checked before computing.
pub fn check_streamed_picture(shape: &[usize], verb: &str) -> Result<(), Diagnostic> {
    let n = product(shape.iter().map(|&d| d as u128)).unwrap_or(u128::MAX);
    if n <= MAX_STREAMED_PICTURE_ELEMENTS {
        return Ok(());
    }
    Err(Diagnostic::new(
        codes::LIMIT,
        format!(
            "`{verb}` would read {} elements; the limit is {}",
            sci(n),
            sci(MAX_STREAMED_PICTURE_ELEMENTS)
        ),
    )
    .note("show a part or a subsample, e.g. `x[::k, ::k]`"))
}

/// `1.0e8` style for large counts, plain digits below a million.
pub fn sci(n: u128) -> String {
    if n < 1_000_000 {
        return n.to_string();
    }
    sci_f64(n as f64)
}

/// [`sci`] for a count held in an f64 (a float `arange` length).
pub fn sci_f64(n: f64) -> String {
    if n < 1e6 {
        return format!("{n}");
    }
    let e = n.log10().floor() as i32;
    let m = n / 10f64.powi(e);
    if (m - m.round()).abs() < 0.005 {
        format!("{}e{e}", m.round())
    } else {
        format!("{m:.2}e{e}")
    }
}

/// Bytes in the largest fitting unit (`40 GB`).
pub fn human(b: u128) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < units.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} bytes")
    } else if v >= 100.0 {
        format!("{v:.0} {}", units[u])
    } else {
        format!("{v:.1} {}", units[u])
    }
}

fn shape_text(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_limits_count_blocks_without_allocating() {
        assert!(check_grid(&[1000, 1000], &[10, 10], 8).is_ok());
        let e = check_grid(&[100_000_000], &[1], 8).unwrap_err();
        assert!(e.message.contains("1e8 blocks"), "{}", e.message);
        assert!(e.message.contains("40.0 GB"), "{}", e.message);
        // 2**62 blocks per axis on two axes overflows u64, not u128.
        assert!(check_grid(&[1 << 62, 1 << 62], &[1, 1], 8).is_err());
        assert!(check_grid(&[0, 5], &[0, 5], 8).is_ok());
    }

    #[test]
    fn shape_limit_is_checked_without_overflow() {
        assert!(check_shape(&[1 << 25, 1 << 25]).is_ok());
        assert!(check_shape(&[1_000_000_000_000, 1_000_000_000_000]).is_err());
        assert!(check_shape(&[usize::MAX, usize::MAX, usize::MAX, usize::MAX, 2]).is_err());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(sci(100_000_000), "1e8");
        assert_eq!(sci(59_604_644_776), "5.96e10");
        assert_eq!(human(40_000_000_000), "40.0 GB");
        assert_eq!(human(512), "512 bytes");
    }
}
