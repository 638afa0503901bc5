//! Counter-based random numbers: a value depends only on (seed, global flat index).

/// Uniform [0, 1) float64 for element `index` of the stream `seed`.
pub fn uniform(seed: u64, index: u64) -> f64 {
    let _ = (seed, index);
    todo!("kernels::random::uniform")
}

/// Standard normal float64 for element `index` of the stream `seed`.
pub fn normal(seed: u64, index: u64) -> f64 {
    let _ = (seed, index);
    todo!("kernels::random::normal")
}
