//! Ziggurat normals on the counter stream: 64 random bits of one index -> one standard normal.
//!
//! ```text
//! bits(i) --low 8 bits--> layer l        --top 53 bits--> u in [-1, 1)
//! |u| < R[l]          -> u * X[l]                       (98.5%: one multiply, vectorised)
//! otherwise           -> wedge or tail test, with more bits from index i's own retry sequence
//! ```
//!
//! Doornik's ZIGNOR (2005) with 256 layers. The fast path is the same multiply in the AVX-512
//! loop and in the scalar one, and a rejected lane is finished by the scalar code from the
//! same bits, so a value depends only on (seed, index): the same for every chunking, stride
//! and thread count. A rejection draws its extra bits from a splitmix64 sequence started at a
//! hash of the index (not from the neighbours' counters), which keeps that property.

use std::sync::OnceLock;

/// Number of layers.
const LAYERS: usize = 256;
/// Where the tail starts, for 256 layers (Marsaglia and Tsang 2000).
const TAIL: f64 = 3.654_152_885_361_009;
/// Area of each layer under `exp(-x^2 / 2)`.
const AREA: f64 = 0.004_928_673_233_99;
/// 2^-52: maps 53 bits to [0, 2).
const HALF_UNIT: f64 = 1.0 / (1u64 << 52) as f64;

/// Layer edges `x` (`x[0]` is the base strip's pseudo-width `AREA / f(TAIL)`, `x[256] = 0`)
/// and the ratios `r[l] = x[l+1] / x[l]` under which a draw is inside its layer's rectangle.
pub(super) struct Tables {
    x: [f64; LAYERS + 1],
    r: [f64; LAYERS],
    /// `(x[l], r[l])` side by side: one 16-byte load per lane in the AVX-512 loop.
    xr: [Pair; LAYERS],
}

/// A layer's edge and ratio, loaded together.
#[repr(C, align(16))]
#[derive(Clone, Copy)]
struct Pair([f64; 2]);

/// The tables, computed once.
pub(super) fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let f = |x: f64| (-0.5 * x * x).exp();
        let mut x = [0.0; LAYERS + 1];
        x[0] = AREA / f(TAIL);
        x[1] = TAIL;
        for l in 2..LAYERS {
            x[l] = (-2.0 * (AREA / x[l - 1] + f(x[l - 1])).ln()).sqrt();
        }
        let mut r = [0.0; LAYERS];
        for l in 0..LAYERS {
            r[l] = x[l + 1] / x[l];
        }
        let mut xr = [Pair([0.0; 2]); LAYERS];
        for l in 0..LAYERS {
            xr[l] = Pair([x[l], r[l]]);
        }
        Tables { x, r, xr }
    })
}

/// The signed uniform of a draw: the top 53 bits as `[-1, 1)`.
#[inline(always)]
fn signed_unit(bits: u64) -> f64 {
    ((bits >> 11) as i64) as f64 * HALF_UNIT - 1.0
}

/// Standard normal for `index`: `main` gives its first draw, `retry` seeds its later ones.
#[inline(always)]
pub(super) fn normal(t: &Tables, main: super::Stream, retry: super::Stream, index: u64) -> f64 {
    let bits = main.bits(index);
    let l = (bits & 0xFF) as usize;
    let u = signed_unit(bits);
    if u.abs() < t.r[l] {
        return u * t.x[l];
    }
    slow(t, bits, retry.bits(index))
}

/// The draws after the first, for one index: splitmix64 from the index's own hash.
struct Retry {
    state: u64,
}

impl Retry {
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        super::mix13(self.state)
    }

    /// Uniform in (0, 1], safe for a logarithm.
    fn open_unit(&mut self) -> f64 {
        1.0 - super::to_unit(self.next())
    }
}

/// The rejection loop: wedges, the tail, and new draws until one is accepted.
#[cold]
#[inline(never)]
pub(super) fn slow(t: &Tables, mut bits: u64, retry: u64) -> f64 {
    let mut more = Retry { state: retry };
    loop {
        let l = (bits & 0xFF) as usize;
        let u = signed_unit(bits);
        if u.abs() < t.r[l] {
            return u * t.x[l];
        }
        if l == 0 {
            // The base strip's tail beyond TAIL (Marsaglia 1964).
            loop {
                let x = more.open_unit().ln() / TAIL;
                let y = more.open_unit().ln();
                if -2.0 * y >= x * x {
                    return if u < 0.0 { x - TAIL } else { TAIL - x };
                }
            }
        }
        let x = u * t.x[l];
        let f0 = (-0.5 * (t.x[l] * t.x[l] - x * x)).exp();
        let f1 = (-0.5 * (t.x[l + 1] * t.x[l + 1] - x * x)).exp();
        if f1 + super::to_unit(more.next()) * (f0 - f1) < 1.0 {
            return x;
        }
        bits = more.next();
    }
}

/// `(x[l], r[l])` of the 8 layers `l`: eight 16-byte loads regrouped by two permutes, about
/// 1.5x faster than two gathers on this machine (per CPU second, fast path alone).
///
/// # Safety
/// The CPU must have AVX-512F and AVX-512DQ; every lane of `l` is below `LAYERS`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
#[inline]
unsafe fn lookup_avx512(
    t: &Tables,
    l: std::arch::x86_64::__m512i,
) -> (std::arch::x86_64::__m512d, std::arch::x86_64::__m512d) {
    use std::arch::x86_64::*;
    let mut li = [0u64; 8];
    _mm512_storeu_si512(li.as_mut_ptr().cast(), l);
    // SAFETY: li[j] < LAYERS (masked to 8 bits), and a Pair is 16-byte aligned.
    let ld = |j: usize| _mm_load_pd(t.xr[li[j] as usize].0.as_ptr());
    // a = x0 r0 x1 r1 x2 r2 x3 r3, b = x4 r4 ... x7 r7: x in the even lanes, r in the odd.
    let a = _mm512_insertf64x2::<1>(_mm512_castpd128_pd512(ld(0)), ld(1));
    let a = _mm512_insertf64x2::<3>(_mm512_insertf64x2::<2>(a, ld(2)), ld(3));
    let b = _mm512_insertf64x2::<1>(_mm512_castpd128_pd512(ld(4)), ld(5));
    let b = _mm512_insertf64x2::<3>(_mm512_insertf64x2::<2>(b, ld(6)), ld(7));
    let even = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    let odd = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    (
        _mm512_permutex2var_pd(a, even, b),
        _mm512_permutex2var_pd(a, odd, b),
    )
}

/// `out[k] = normal(start + k)` with 8 lanes: counters, mix13 and the table lookups in
/// AVX-512, rejected lanes (about one value in 70) finished by [`slow`].
///
/// # Safety
/// The CPU must have AVX-512F and AVX-512DQ.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
pub(super) unsafe fn fill_run_avx512(
    main: super::Stream,
    retry: super::Stream,
    start: u64,
    out: &mut [f64],
) {
    use std::arch::x86_64::*;
    let t = tables();
    // The Weyl sequence `index * gamma + k0` of the 8 lanes, advanced by `8 * gamma`.
    let mut weyl = main.weyl8(start);
    let step = _mm512_set1_epi64(main.gamma.wrapping_mul(8) as i64);
    let low8 = _mm512_set1_epi64(0xFF);
    let scale = _mm512_set1_pd(HALF_UNIT);
    let one = _mm512_set1_pd(1.0);
    let n8 = out.len() / 8 * 8;
    let mut k = 0;
    while k < n8 {
        let base = start.wrapping_add(k as u64);
        let z = super::mix13_avx512(weyl);
        weyl = _mm512_add_epi64(weyl, step);
        let (xs, rs) = lookup_avx512(t, _mm512_and_si512(z, low8));
        let u = _mm512_sub_pd(
            _mm512_mul_pd(_mm512_cvtepi64_pd(_mm512_srli_epi64::<11>(z)), scale),
            one,
        );
        let inside = _mm512_cmp_pd_mask::<_CMP_LT_OQ>(_mm512_abs_pd(u), rs);
        // SAFETY: k + 8 <= out.len().
        _mm512_storeu_pd(out.as_mut_ptr().add(k), _mm512_mul_pd(u, xs));
        if inside != 0xFF {
            let mut zs = [0u64; 8];
            _mm512_storeu_si512(zs.as_mut_ptr().cast(), z);
            for (j, &bits) in zs.iter().enumerate() {
                if inside & (1 << j) == 0 {
                    let index = base.wrapping_add(j as u64);
                    out[k + j] = slow(t, bits, retry.bits(index));
                }
            }
        }
        k += 8;
    }
    for (j, o) in out[n8..].iter_mut().enumerate() {
        let index = start.wrapping_add((n8 + j) as u64);
        *o = normal(t, main, retry, index);
    }
}
