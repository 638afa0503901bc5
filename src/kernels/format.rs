//! Printing blocks the way numpy prints arrays (`repr` and `str`).

use super::Block;

/// numpy's `repr(a)`: `array([1., 2.])`, `array([1, 2], dtype=int32)`, a 0-d array prints as
/// its scalar (`np.float64(3.0)` prints as `3.0`), with numpy's precision, alignment, line
/// wrapping at 75 columns and `...` summarisation above 1000 elements.
pub fn repr(b: &Block) -> String {
    let _ = b;
    todo!("kernels::format::repr")
}

/// numpy's `str(a)`: `[1. 2.]`; a 0-d array prints as its scalar.
pub fn str(b: &Block) -> String {
    let _ = b;
    todo!("kernels::format::str")
}
