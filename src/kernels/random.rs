//! Counter-based random numbers: a value depends only on (seed, global flat index).
//!
//! ```text
//! seed --murmur3 finalizers--> (k0, gamma)                       once per stream
//! (k0, gamma, index) --splitmix64: mix13(k0 + index * gamma)--> 64 bits --> uniform / normal
//! ```
//!
//! A normal is one ziggurat draw from the 64 bits of its index on the seed's normal stream
//! (`random/ziggurat.rs`), with further bits from the index's own sequence when rejected.
//!
//! This is splitmix64 (Java's SplittableRandom) evaluated at an arbitrary position: a Weyl
//! sequence through Stafford's mix13 finalizer, which passes BigCrush. Each seed gets its own
//! offset and its own odd increment (chosen with enough bit transitions, as SplittableRandom
//! does), so streams of different seeds are not shifted copies of each other, and for one
//! seed the map index -> bits is a bijection. In a run of consecutive indices the product
//! `index * gamma` becomes an addition, which leaves two 64-bit multiplies per draw.

mod ziggurat;

/// Distinguishes the normal stream of a seed from its uniform stream.
const NORMAL_TAG: u64 = 0x6A09_E667_F3BC_C909;
/// 2^-53: maps the top 53 bits to [0, 1).
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// splitmix64's finalizer (Stafford's mix 13).
#[inline(always)]
fn mix13(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// [`mix13`] on 8 lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
#[inline]
unsafe fn mix13_avx512(z: std::arch::x86_64::__m512i) -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    let m1 = _mm512_set1_epi64(0xBF58_476D_1CE4_E5B9u64 as i64);
    let m2 = _mm512_set1_epi64(0x94D0_49BB_1331_11EBu64 as i64);
    let z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64::<30>(z)), m1);
    let z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64::<27>(z)), m2);
    _mm512_xor_si512(z, _mm512_srli_epi64::<31>(z))
}

/// murmur3's fmix64.
fn fmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    z = (z ^ (z >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    z ^ (z >> 33)
}

/// SplittableRandom's `mixGamma`: an odd increment whose bits change often enough.
fn mix_gamma(z: u64) -> u64 {
    let z = fmix64(z) | 1;
    if (z ^ (z >> 1)).count_ones() < 24 {
        z ^ 0xAAAA_AAAA_AAAA_AAAA
    } else {
        z
    }
}

/// The top 53 bits of `bits` as a float in [0, 1).
#[inline(always)]
fn to_unit(bits: u64) -> f64 {
    // Through i64: the value fits in 53 bits, and i64 -> f64 is one instruction on x86-64.
    ((bits >> 11) as i64) as f64 * UNIT
}

/// One random stream with its per-seed keys precomputed; `uniform`/`normal` of this module
/// are `Stream::new(seed).uniform(index)` etc. Use it to fill many values of one seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stream {
    k0: u64,
    gamma: u64,
}

impl Stream {
    /// The stream of `seed`.
    pub fn new(seed: u64) -> Stream {
        Stream {
            k0: fmix64(seed ^ 0x243F_6A88_85A3_08D3),
            gamma: mix_gamma(seed.wrapping_add(0x9E37_79B9_7F4A_7C15)),
        }
    }

    fn normal_stream(self) -> Stream {
        Stream {
            k0: fmix64(self.k0 ^ NORMAL_TAG),
            gamma: mix_gamma(self.gamma ^ NORMAL_TAG),
        }
    }

    /// 64 random bits for element `index`.
    #[inline(always)]
    pub fn bits(self, index: u64) -> u64 {
        mix13(index.wrapping_mul(self.gamma).wrapping_add(self.k0))
    }

    /// Uniform [0, 1) with 53 random bits.
    #[inline(always)]
    pub fn uniform(self, index: u64) -> f64 {
        to_unit(self.bits(index))
    }

    /// Standard normal, by the ziggurat (`random/ziggurat.rs`) on the normal stream.
    pub fn normal(self, index: u64) -> f64 {
        let (main, retry) = self.normal_streams();
        ziggurat::normal(ziggurat::tables(), main, retry, index)
    }

    /// The streams of normal draws: the first draw of each index, and the seeds of the
    /// further draws a rejection needs.
    fn normal_streams(self) -> (Stream, Stream) {
        let main = self.normal_stream();
        (main, main.normal_stream())
    }

    /// `out[k] = uniform(start + k * stride)`.
    pub fn fill_uniform(self, start: u64, stride: i64, out: &mut [f64]) {
        match stride {
            0 => out.fill(self.uniform(start)),
            1 => self.fill_uniform_run(start, out),
            _ => {
                for (k, o) in out.iter_mut().enumerate() {
                    *o = self.uniform(start.wrapping_add((k as i64).wrapping_mul(stride) as u64));
                }
            }
        }
    }

    /// `out[k] = uniform(start + k)`, the hot loop of random leaves.
    fn fill_uniform_run(self, start: u64, out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the CPU has the features the function is compiled for.
            unsafe { self.fill_uniform_run_avx512(start, out) };
            return;
        }
        // Without 64-bit vector multiplies (SSE2, AVX2) the vectorised loop is half as fast as
        // the scalar one; the opaque index keeps LLVM from vectorising.
        let mut index = start;
        for o in out.iter_mut() {
            *o = self.uniform(std::hint::black_box(index));
            index = index.wrapping_add(1);
        }
    }

    /// `fill_uniform_run` with 8-lane 64-bit multiplies (vpmullq): the Weyl sequence
    /// `index * gamma + k0` advances by one addition of `8 * gamma` per vector, which leaves
    /// mix13's two multiplies per draw (a third fewer than computing the product).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq")]
    unsafe fn fill_uniform_run_avx512(self, start: u64, out: &mut [f64]) {
        use std::arch::x86_64::*;
        let scale = _mm512_set1_pd(UNIT);
        let mut weyl = self.weyl8(start);
        let step = _mm512_set1_epi64(self.gamma.wrapping_mul(8) as i64);
        let n8 = out.len() / 8 * 8;
        for k in (0..n8).step_by(8) {
            let z = mix13_avx512(weyl);
            let u = _mm512_mul_pd(_mm512_cvtepi64_pd(_mm512_srli_epi64::<11>(z)), scale);
            // SAFETY: k + 8 <= out.len().
            _mm512_storeu_pd(out.as_mut_ptr().add(k), u);
            weyl = _mm512_add_epi64(weyl, step);
        }
        for (j, o) in out[n8..].iter_mut().enumerate() {
            *o = self.uniform(start.wrapping_add((n8 + j) as u64));
        }
    }

    /// The Weyl values `(start + j) * gamma + k0` of lanes j = 0..8, before mix13.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn weyl8(self, start: u64) -> std::arch::x86_64::__m512i {
        let mut w = [0u64; 8];
        for (j, v) in w.iter_mut().enumerate() {
            *v = start
                .wrapping_add(j as u64)
                .wrapping_mul(self.gamma)
                .wrapping_add(self.k0);
        }
        // SAFETY: 64 readable bytes.
        std::arch::x86_64::_mm512_loadu_si512(w.as_ptr().cast())
    }

    /// `out[k] = normal(start + k * stride)`.
    pub fn fill_normal(self, start: u64, stride: i64, out: &mut [f64]) {
        if stride == 0 {
            out.fill(self.normal(start));
            return;
        }
        let (main, retry) = self.normal_streams();
        #[cfg(target_arch = "x86_64")]
        if stride == 1
            && std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the CPU has the features the function is compiled for.
            unsafe { ziggurat::fill_run_avx512(main, retry, start, out) };
            return;
        }
        let t = ziggurat::tables();
        for (k, o) in out.iter_mut().enumerate() {
            let index = start.wrapping_add((k as i64).wrapping_mul(stride) as u64);
            *o = ziggurat::normal(t, main, retry, index);
        }
    }
}

/// Uniform [0, 1) float64 for element `index` of the stream `seed`.
pub fn uniform(seed: u64, index: u64) -> f64 {
    Stream::new(seed).uniform(index)
}

/// Standard normal float64 for element `index` of the stream `seed`.
pub fn normal(seed: u64, index: u64) -> f64 {
    Stream::new(seed).normal(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: u64 = 1_000_000;

    fn moments(f: impl Fn(u64) -> f64) -> (f64, f64, f64, f64) {
        let (mut s1, mut s2, mut s3, mut s4) = (0.0, 0.0, 0.0, 0.0);
        for i in 0..N {
            let x = f(i);
            s1 += x;
            s2 += x * x;
            s3 += x * x * x;
            s4 += x * x * x * x;
        }
        let n = N as f64;
        (s1 / n, s2 / n, s3 / n, s4 / n)
    }

    #[test]
    fn uniform_moments_and_range() {
        let s = Stream::new(42);
        for i in 0..N {
            let u = s.uniform(i);
            assert!((0.0..1.0).contains(&u), "{u}");
        }
        let (m1, m2, _, _) = moments(|i| s.uniform(i));
        // standard error of the mean is 0.29 / 1000
        assert!((m1 - 0.5).abs() < 2e-3, "mean {m1}");
        assert!(
            (m2 - m1 * m1 - 1.0 / 12.0).abs() < 1e-3,
            "var {}",
            m2 - m1 * m1
        );
    }

    #[test]
    fn uniform_histogram_is_flat() {
        // chi-square over 100 bins, 99 degrees of freedom: 99 +- 14
        for seed in [0, 1, 7, u64::MAX] {
            let s = Stream::new(seed);
            let mut bins = [0u64; 100];
            for i in 0..N {
                bins[(s.uniform(i) * 100.0) as usize] += 1;
            }
            let e = N as f64 / 100.0;
            let chi2: f64 = bins.iter().map(|&b| (b as f64 - e).powi(2) / e).sum();
            assert!(chi2 < 160.0, "seed {seed}: chi2 {chi2}");
        }
    }

    #[test]
    fn uniform_neighbours_uncorrelated() {
        let s = Stream::new(3);
        let mut c = 0.0;
        for i in 0..N {
            c += (s.uniform(i) - 0.5) * (s.uniform(i + 1) - 0.5);
        }
        // each product has sd 1/12, so the mean has sd 8.3e-5
        assert!((c / N as f64).abs() < 5e-4, "{}", c / N as f64);
        // different seeds at the same index are uncorrelated too
        let t = Stream::new(4);
        let mut c = 0.0;
        for i in 0..N {
            c += (s.uniform(i) - 0.5) * (t.uniform(i) - 0.5);
        }
        assert!((c / N as f64).abs() < 5e-4, "{}", c / N as f64);
    }

    #[test]
    fn normal_moments() {
        let s = Stream::new(11);
        let (m1, m2, m3, m4) = moments(|i| s.normal(i));
        assert!(m1.abs() < 5e-3, "mean {m1}");
        assert!((m2 - 1.0).abs() < 1e-2, "var {m2}");
        assert!(m3.abs() < 2e-2, "skew {m3}");
        assert!((m4 - 3.0).abs() < 5e-2, "kurtosis {m4}");
        let tail = (0..N).filter(|&i| s.normal(i).abs() > 1.959964).count() as f64 / N as f64;
        assert!((tail - 0.05).abs() < 1.5e-3, "tail {tail}");
    }

    /// The standard normal CDF, from erfc by Numerical Recipes' Chebyshev fit (error < 1.2e-7).
    fn normal_cdf(x: f64) -> f64 {
        let z = x.abs() / std::f64::consts::SQRT_2;
        let t = 1.0 / (1.0 + 0.5 * z);
        let poly = -z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77))))))));
        let erfc = t * poly.exp();
        if x >= 0.0 {
            1.0 - 0.5 * erfc
        } else {
            0.5 * erfc
        }
    }

    #[test]
    fn normal_kolmogorov_smirnov() {
        // D_n for n = 1e6 exceeds 1.63 / sqrt(n) with probability 1%
        for seed in [0, 5, u64::MAX] {
            let mut xs = vec![0.0; N as usize];
            Stream::new(seed).fill_normal(0, 1, &mut xs);
            xs.sort_by(f64::total_cmp);
            let n = N as f64;
            let d = xs
                .iter()
                .enumerate()
                .map(|(k, &x)| {
                    let f = normal_cdf(x);
                    (f - k as f64 / n).abs().max(((k + 1) as f64 / n - f).abs())
                })
                .fold(0.0, f64::max);
            assert!(d < 1.63e-3, "seed {seed}: D = {d}");
        }
    }

    #[test]
    fn normal_tails_have_the_right_mass() {
        // The base strip's tail (|x| > 3.654) is drawn by its own loop: P = 2.58e-4 both sides,
        // and beyond 4.5 sigma P = 6.8e-6.
        let s = Stream::new(21);
        let mut xs = vec![0.0; 4 * N as usize];
        s.fill_normal(0, 1, &mut xs);
        let n = xs.len() as f64;
        let tail = xs.iter().filter(|x| x.abs() > 3.654_152_885).count() as f64;
        let want = 2.0 * (1.0 - normal_cdf(3.654_152_885)) * n;
        assert!((tail - want).abs() < 4.0 * want.sqrt(), "{tail} vs {want}");
        let far = xs.iter().filter(|x| x.abs() > 4.5).count() as f64;
        let want = 2.0 * (1.0 - normal_cdf(4.5)) * n;
        assert!(
            (far - want).abs() < 4.0 * want.sqrt() + 1.0,
            "{far} vs {want}"
        );
        let pos = xs.iter().filter(|&&x| x > 3.654_152_885).count() as f64;
        assert!(
            (pos - tail / 2.0).abs() < 4.0 * (tail / 4.0).sqrt(),
            "{pos} of {tail}"
        );
    }

    #[test]
    fn vector_fill_matches_pointwise_values_with_rejections() {
        // 1.5% of draws are rejected by the fast test, so 3000 values exercise the
        // rejected lanes of the 8-wide loop, at every alignment of start.
        let s = Stream::new(123);
        for start in [0u64, 1, 7, 1 << 40] {
            let mut n = vec![0.0; 3001];
            s.fill_normal(start, 1, &mut n);
            for (k, &v) in n.iter().enumerate() {
                assert_eq!(v.to_bits(), normal(123, start + k as u64).to_bits(), "{k}");
            }
        }
    }

    #[test]
    fn vector_uniform_fill_matches_pointwise_values() {
        // the 8-lane loop's running Weyl sum, at every alignment and across the u64 wrap
        let s = Stream::new(321);
        for start in [0u64, 1, 7, 1 << 40, u64::MAX - 20] {
            let mut u = vec![0.0; 1003];
            s.fill_uniform(start, 1, &mut u);
            for (k, &v) in u.iter().enumerate() {
                let want = uniform(321, start.wrapping_add(k as u64));
                assert_eq!(v.to_bits(), want.to_bits(), "start {start}, {k}");
            }
            let mut n = vec![0.0; 1003];
            s.fill_normal(start, 1, &mut n);
            for (k, &v) in n.iter().enumerate() {
                let want = normal(321, start.wrapping_add(k as u64));
                assert_eq!(v.to_bits(), want.to_bits(), "start {start}, {k}");
            }
        }
    }

    #[test]
    fn seeds_and_indices_differ() {
        assert_ne!(uniform(1, 0), uniform(2, 0));
        assert_ne!(uniform(1, 0), uniform(1, 1));
        assert_ne!(normal(1, 0), normal(2, 0));
        assert_ne!(normal(1, 0), normal(1, 1));
        assert_ne!(uniform(5, 10), normal(5, 10));
        assert_eq!(uniform(9, 123), uniform(9, 123));
        // seed s at index i+1 is not seed s+1 at index i (no shifted streams)
        let same = (0..1000)
            .filter(|&i| uniform(1, i + 1) == uniform(2, i))
            .count();
        assert_eq!(same, 0);
    }

    #[test]
    fn fills_match_pointwise_values() {
        let s = Stream::new(77);
        for start in [0u64, 1, 10, 11] {
            for stride in [0i64, 1, 3, -1] {
                let mut u = vec![0.0; 9];
                let mut n = vec![0.0; 9];
                s.fill_uniform(start + 20, stride, &mut u);
                s.fill_normal(start + 20, stride, &mut n);
                for k in 0..9 {
                    let i = (start as i64 + 20 + k as i64 * stride) as u64;
                    assert_eq!(u[k], uniform(77, i));
                    assert_eq!(n[k], normal(77, i));
                }
            }
        }
    }

    /// CPU time this thread has run, from /proc (ns): rates per core on a shared machine.
    fn thread_cpu_ns() -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(f64::NAN)
    }

    /// `cargo test --release --lib bench_uniform_throughput -- --ignored --nocapture`:
    /// draws per second of wall time and per second of this thread's CPU time.
    #[test]
    #[ignore]
    fn bench_uniform_throughput() {
        let s = Stream::new(1);
        let mut buf = vec![0.0; 4096];
        let n = 200_000_000usize;
        let mut acc = 0.0;
        for normal in [false, true] {
            let (t, c) = (std::time::Instant::now(), thread_cpu_ns());
            for k in 0..n / buf.len() {
                if normal {
                    s.fill_normal((k * buf.len()) as u64, 1, &mut buf);
                } else {
                    s.fill_uniform((k * buf.len()) as u64, 1, &mut buf);
                }
                acc += buf[k % buf.len()];
            }
            let (dt, dc) = (t.elapsed().as_secs_f64(), (thread_cpu_ns() - c) * 1e-9);
            println!(
                "{}: {:.0} M draws/s wall, {:.0} M draws/s per core (CPU time) ({acc})",
                if normal { "normal" } else { "uniform" },
                n as f64 / dt / 1e6,
                n as f64 / dc / 1e6
            );
        }
    }
}
