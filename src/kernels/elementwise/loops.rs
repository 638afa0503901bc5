//! The tile loops: plain zips over slices that LLVM vectorises, compiled per instruction set.

use super::Src;

// The loops below are the whole point of the module: each is a plain zip over slices (or a
// slice and a register) that LLVM vectorises once `f` is inlined. The default x86-64 target
// only has SSE2 (two f64 lanes, no 64-bit multiply), so each loop is also compiled for AVX2
// and AVX-512 and the widest one the CPU supports runs.

/// The vector instruction sets the loops are compiled for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Isa {
    Base,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

/// The widest instruction set of this CPU (std caches the detection).
#[inline(always)]
fn isa() -> Isa {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") && has!("avx512dq") && has!("avx512vl") {
            return Isa::Avx512;
        }
        if has!("avx2") {
            return Isa::Avx2;
        }
    }
    Isa::Base
}

#[inline(always)]
pub(super) fn map1<T: Copy, U: Copy, F: Fn(T) -> U>(x: Src<T>, out: &mut [U], f: F) {
    #[cfg(target_arch = "x86_64")]
    match isa() {
        // SAFETY: the CPU has the features the callee is compiled for.
        Isa::Avx512 => return unsafe { map1_avx512(x, out, f) },
        Isa::Avx2 => return unsafe { map1_avx2(x, out, f) },
        Isa::Base => {}
    }
    map1_base(x, out, f)
}

#[inline(always)]
pub(super) fn map2<T: Copy, U: Copy, F: Fn(T, T) -> U>(a: Src<T>, b: Src<T>, out: &mut [U], f: F) {
    #[cfg(target_arch = "x86_64")]
    match isa() {
        // SAFETY: the CPU has the features the callee is compiled for.
        Isa::Avx512 => return unsafe { map2_avx512(a, b, out, f) },
        Isa::Avx2 => return unsafe { map2_avx2(a, b, out, f) },
        Isa::Base => {}
    }
    map2_base(a, b, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn map1_avx2<T: Copy, U: Copy, F: Fn(T) -> U>(x: Src<T>, out: &mut [U], f: F) {
    map1_base(x, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
unsafe fn map1_avx512<T: Copy, U: Copy, F: Fn(T) -> U>(x: Src<T>, out: &mut [U], f: F) {
    map1_base(x, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn map2_avx2<T: Copy, U: Copy, F: Fn(T, T) -> U>(a: Src<T>, b: Src<T>, out: &mut [U], f: F) {
    map2_base(a, b, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
unsafe fn map2_avx512<T: Copy, U: Copy, F: Fn(T, T) -> U>(
    a: Src<T>,
    b: Src<T>,
    out: &mut [U],
    f: F,
) {
    map2_base(a, b, out, f)
}

#[inline(always)]
fn map1_base<T: Copy, U: Copy>(x: Src<T>, out: &mut [U], f: impl Fn(T) -> U) {
    match x {
        Src::Tile(x) => {
            let x = &x[..out.len()];
            for (o, &v) in out.iter_mut().zip(x) {
                *o = f(v);
            }
        }
        Src::Scalar(v) => out.fill(f(v)),
    }
}

#[inline(always)]
fn map2_base<T: Copy, U: Copy>(a: Src<T>, b: Src<T>, out: &mut [U], f: impl Fn(T, T) -> U) {
    let n = out.len();
    match (a, b) {
        (Src::Tile(a), Src::Tile(b)) => {
            let (a, b) = (&a[..n], &b[..n]);
            for (o, (&x, &y)) in out.iter_mut().zip(a.iter().zip(b)) {
                *o = f(x, y);
            }
        }
        (Src::Tile(a), Src::Scalar(y)) => {
            for (o, &x) in out.iter_mut().zip(&a[..n]) {
                *o = f(x, y);
            }
        }
        (Src::Scalar(x), Src::Tile(b)) => {
            for (o, &y) in out.iter_mut().zip(&b[..n]) {
                *o = f(x, y);
            }
        }
        (Src::Scalar(x), Src::Scalar(y)) => out.fill(f(x, y)),
    }
}

pub(super) fn select<T: Copy>(c: Src<bool>, a: Src<T>, b: Src<T>, out: &mut [T]) {
    let n = out.len();
    let c = match c {
        Src::Scalar(true) => return map1(a, out, |v| v),
        Src::Scalar(false) => return map1(b, out, |v| v),
        Src::Tile(c) => &c[..n],
    };
    #[cfg(target_arch = "x86_64")]
    match isa() {
        // SAFETY: the CPU has the features the callee is compiled for.
        Isa::Avx512 => return unsafe { select_avx512(c, a, b, out) },
        Isa::Avx2 => return unsafe { select_avx2(c, a, b, out) },
        Isa::Base => {}
    }
    select_base(c, a, b, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn select_avx2<T: Copy>(c: &[bool], a: Src<T>, b: Src<T>, out: &mut [T]) {
    select_base(c, a, b, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
unsafe fn select_avx512<T: Copy>(c: &[bool], a: Src<T>, b: Src<T>, out: &mut [T]) {
    select_base(c, a, b, out)
}

/// Zipped slices of one length, so the loop has no bounds checks and compiles to blends
/// (a data-dependent branch here mispredicts half the time on random masks).
#[inline(always)]
fn select_base<T: Copy>(c: &[bool], a: Src<T>, b: Src<T>, out: &mut [T]) {
    let n = out.len();
    match (a, b) {
        (Src::Tile(a), Src::Tile(b)) => {
            for (((o, &ci), &x), &y) in out.iter_mut().zip(c).zip(&a[..n]).zip(&b[..n]) {
                *o = if ci { x } else { y };
            }
        }
        (Src::Tile(a), Src::Scalar(y)) => {
            for ((o, &ci), &x) in out.iter_mut().zip(c).zip(&a[..n]) {
                *o = if ci { x } else { y };
            }
        }
        (Src::Scalar(x), Src::Tile(b)) => {
            for ((o, &ci), &y) in out.iter_mut().zip(c).zip(&b[..n]) {
                *o = if ci { x } else { y };
            }
        }
        (Src::Scalar(x), Src::Scalar(y)) => {
            for (o, &ci) in out.iter_mut().zip(c) {
                *o = if ci { x } else { y };
            }
        }
    }
}
