//! Contractions with generated operands: a generator (ones/random/... and elementwise maps)
//! fused into the contraction task, streamed into the product in panels along the contracted
//! axis, so no whole generated block is held beside the accumulator.
//!
//! ```text
//! random x(i) ─┐                              DotGen(i): for each panel p of 512 rows
//!              ├─> tensordot(i)      =>          x_p = x's program at rows p (as the block's rows)
//! random y(i) ─┘                                 y_p = y's program at rows p
//!                                                acc (+)= x_p.T @ y_p       (faer, one depth block)
//! ```
//!
//! Bit-identical to the unfused task: the generated values depend only on their global
//! positions, and faer (private-gemm-x86, the path every float product of these sizes takes on
//! x86-64 with AVX2/AVX-512) runs a depth of K as depth blocks of [`PANEL`] accumulated in
//! order into the destination: the panels are exactly those blocks, accumulated the same way.
//! Where that cannot be promised (no such CPU, a panel small enough that faer takes another
//! path), the operands are generated whole and multiplied as before.

use super::contract::tensordot;
use super::program::{eval_program, Instr, Program};
use super::Block;
use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewD, Axis, CowArray, Ix2, IxDyn};
use std::sync::Arc;

/// Depth of one panel: faer's depth block (`kc` of private-gemm-x86, `min(depth, 512)`).
pub const PANEL: usize = 512;
/// faer's products of at most this many multiply-adds go through nano-gemm (another order).
const NANO_GEMM_THRESHOLD: usize = 16 * 16 * 16;

/// One operand of a [`DotGen`] task.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// The task's next input block.
    Input,
    /// Generated in the task: a generator program (no inputs) placed at its block, and the
    /// block's shape (every leaf of the program has this shape).
    Generated {
        prog: Arc<Program>,
        shape: Vec<usize>,
    },
}

/// numpy `tensordot(a, b, axes=(axes_a, axes_b))` with generated operands.
#[derive(Debug, Clone, PartialEq)]
pub struct DotGen {
    pub axes_a: Vec<usize>,
    pub axes_b: Vec<usize>,
    pub a: Operand,
    pub b: Operand,
}

impl DotGen {
    /// How many inputs the task takes (the operands that are not generated).
    pub fn n_inputs(&self) -> usize {
        [&self.a, &self.b]
            .iter()
            .filter(|o| matches!(o, Operand::Input))
            .count()
    }
}

/// Whether generator `prog` (no inputs) can be evaluated on any part of a block of `shape` by
/// moving its leaves: every leaf covers the whole block.
pub fn streamable(prog: &Program, shape: &[usize]) -> bool {
    prog.instrs.iter().all(|i| match i {
        Instr::Input(_) | Instr::InputPermuted(..) => false,
        Instr::Random { shape: s, .. } => s == shape,
        Instr::Arange { len, .. } => shape.len() == 1 && *len == shape[0],
        Instr::Eye { shape: s, .. } => shape.len() == 2 && s[..] == shape[..],
        _ => true,
    })
}

/// `prog` (placed at a block, [`streamable`]) placed at the part `lo..lo + len` along `axis`
/// of that block instead.
pub fn panel_program(prog: &Program, axis: usize, lo: usize, len: usize) -> Program {
    let mut p = prog.clone();
    for ins in &mut p.instrs {
        match ins {
            Instr::Random { offset, shape, .. } => {
                offset[axis] += lo;
                shape[axis] = len;
            }
            Instr::Arange { offset, len: l, .. } => {
                *offset += lo;
                *l = len;
            }
            Instr::Eye { offset, shape, .. } => {
                offset[axis] += lo;
                shape[axis] = len;
            }
            _ => {}
        }
    }
    p
}

/// Whether faer's product runs as [`PANEL`]-deep blocks accumulated in order on this CPU
/// (private-gemm-x86 with AVX-512 or AVX2+FMA).
fn blocked_gemm() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            || (std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma"))
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether an `m`×`k` by `k`×`n` product, run panel by panel, performs faer's own blocked
/// product bit for bit: more than one panel, and every panel (the last one may be short)
/// large enough to take the blocked path (no matrix-vector, rank-1 or nano-gemm special case).
pub fn panels_match(m: usize, n: usize, k: usize) -> bool {
    let last = k % PANEL;
    k > PANEL
        && m >= 2
        && n >= 2
        && m * n * PANEL > NANO_GEMM_THRESHOLD
        && (last == 0 || (last >= 2 && m * n * last > NANO_GEMM_THRESHOLD))
        && blocked_gemm()
}

/// The task's value: `spec`'s product, with `ins` the operands that are inputs.
pub fn dot_generated(spec: &DotGen, ins: &[&Block]) -> Block {
    let mut next = ins.iter();
    let (a, b) = (side(&spec.a, &mut next), side(&spec.b, &mut next));
    if let Some(c) = panelled(spec, &a, &b) {
        return c;
    }
    tensordot(&whole(&a), &whole(&b), &spec.axes_a, &spec.axes_b)
}

fn side<'a>(o: &'a Operand, next: &mut std::slice::Iter<'_, &'a Block>) -> Side<'a> {
    match o {
        Operand::Input => Side::Input(next.next().expect("an input per operand")),
        Operand::Generated { prog, shape } => Side::Gen(prog, shape),
    }
}

/// A side's whole block.
fn whole<'a>(s: &Side<'a>) -> std::borrow::Cow<'a, Block> {
    match *s {
        Side::Input(b) => std::borrow::Cow::Borrowed(b),
        Side::Gen(prog, shape) => std::borrow::Cow::Owned(eval_program(prog, &[], shape)),
    }
}

enum Side<'a> {
    Input(&'a Block),
    Gen(&'a Program, &'a [usize]),
}

impl Side<'_> {
    fn shape(&self) -> &[usize] {
        match self {
            Side::Input(b) => b.shape(),
            Side::Gen(_, s) => s,
        }
    }

    fn dtype(&self) -> crate::dtype::DType {
        match self {
            Side::Input(b) => b.dtype(),
            Side::Gen(p, _) => p.out_dtype(),
        }
    }
}

/// The product streamed in panels, when it is a float matrix product faer runs blocked.
fn panelled(spec: &DotGen, a: &Side, b: &Side) -> Option<Block> {
    use crate::dtype::DType;
    let ([ka], [kb]) = (&spec.axes_a[..], &spec.axes_b[..]) else {
        return None;
    };
    let (ka, kb) = (*ka, *kb);
    let (sa, sb) = (a.shape(), b.shape());
    if sa.len() != 2 || sb.len() != 2 || ka > 1 || kb > 1 {
        return None;
    }
    let (m, n, k) = (sa[1 - ka], sb[1 - kb], sa[ka]);
    if sb[kb] != k || !panels_match(m, n, k) {
        return None;
    }
    match (a.dtype(), b.dtype()) {
        (DType::F64, DType::F64) => Some(Block::F64(panel_f64(a, b, ka, kb, m, n, k))),
        (DType::F32, DType::F32) => Some(Block::F32(panel_f32(a, b, ka, kb, m, n, k))),
        _ => None,
    }
}

/// Rows `lo..lo + len` along `axis` of a side: generated, or a view of the input.
macro_rules! panel_of {
    ($name:ident, $t:ty, $v:ident) => {
        fn $name<'a>(s: &'a Side, axis: usize, lo: usize, len: usize) -> CowArray<'a, $t, IxDyn> {
            match s {
                Side::Input(Block::$v(x)) => {
                    CowArray::from(x.view().slice_axis_move(Axis(axis), (lo..lo + len).into()))
                }
                Side::Gen(prog, shape) => {
                    let mut sub = shape.to_vec();
                    sub[axis] = len;
                    match eval_program(&panel_program(prog, axis, lo, len), &[], &sub) {
                        Block::$v(x) => CowArray::from(x),
                        other => panic!("internal: generated {} panel", other.dtype()),
                    }
                }
                Side::Input(other) => panic!("internal: {} input to a panelled dot", other.dtype()),
            }
        }
    };
}
panel_of!(panel_of_f64, f64, F64);
panel_of!(panel_of_f32, f32, F32);

/// A 2-D panel as the `rows`×`cols` matrix faer multiplies: contracted axis `kaxis` last
/// (lhs) or first (rhs), by a transposed view when needed (as `contract::as_matrix` does).
fn matrix<'a, T>(
    p: &'a ArrayViewD<'a, T>,
    kaxis: usize,
    contracted_first: bool,
) -> ArrayView2<'a, T> {
    let v = p.view().into_dimensionality::<Ix2>().expect("a 2-D panel");
    if (kaxis == 0) == contracted_first {
        v
    } else {
        v.reversed_axes()
    }
}

macro_rules! panel_dot {
    ($name:ident, $t:ty, $panel:ident) => {
        fn $name(
            a: &Side,
            b: &Side,
            ka: usize,
            kb: usize,
            m: usize,
            n: usize,
            k: usize,
        ) -> ArrayD<$t> {
            let mut c = Array2::<$t>::zeros((m, n));
            let mut lo = 0;
            while lo < k {
                let len = PANEL.min(k - lo);
                let (pa, pb) = ($panel(a, ka, lo, len), $panel(b, kb, lo, len));
                let (va, vb) = (pa.view(), pb.view());
                let (p, q) = (matrix(&va, ka, false), matrix(&vb, kb, true));
                let (ps, qs) = (p.strides(), q.strides());
                // SAFETY: the views outlive the faer views, and the strides are ndarray's own.
                let fa = unsafe { faer::MatRef::from_raw_parts(p.as_ptr(), m, len, ps[0], ps[1]) };
                let fb = unsafe { faer::MatRef::from_raw_parts(q.as_ptr(), len, n, qs[0], qs[1]) };
                let dst = unsafe {
                    faer::MatMut::from_raw_parts_mut(c.as_mut_ptr(), m, n, n as isize, 1)
                };
                let beta = if lo == 0 {
                    faer::Accum::Replace
                } else {
                    faer::Accum::Add
                };
                faer::linalg::matmul::matmul(dst, beta, fa, fb, 1.0 as $t, faer::Par::Seq);
                lo += len;
            }
            c.into_dyn()
        }
    };
}
panel_dot!(panel_f64, f64, panel_of_f64);
panel_dot!(panel_f32, f32, panel_of_f32);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::kernels::program::generated::place;

    /// A random generator placed at the block of `shape` at `offset` of an array of `full`.
    fn random(seed: u64, full: &[usize], offset: &[usize], shape: &[usize], f32: bool) -> Program {
        let mut p = Program::default();
        p.push(
            Instr::Random {
                seed,
                normal: false,
                full_shape: full.to_vec(),
                offset: vec![0; full.len()],
                shape: vec![0; full.len()],
            },
            DType::F64,
        );
        // 2x - 1: an elementwise step above the leaf.
        let two = p.push(Instr::Const(crate::kernels::Scalar::Float(2.0)), DType::F64);
        let x2 = p.push(
            Instr::Binary(crate::kernels::elementwise::BinaryOp::Mul, 0, two),
            DType::F64,
        );
        let one = p.push(Instr::Const(crate::kernels::Scalar::Float(1.0)), DType::F64);
        p.push(
            Instr::Binary(crate::kernels::elementwise::BinaryOp::Sub, x2, one),
            DType::F64,
        );
        if f32 {
            p.push(Instr::Cast(4), DType::F32);
        }
        place(&mut p, offset, shape);
        p
    }

    #[test]
    fn a_panel_program_generates_the_blocks_rows() {
        let p = random(3, &[3000, 40], &[1000, 0], &[1500, 40], false);
        let whole = eval_program(&p, &[], &[1500, 40]).to_f64_vec();
        for (axis, lo, len) in [(0, 0, 512), (0, 512, 512), (0, 1024, 476), (1, 7, 20)] {
            let mut sub = vec![1500, 40];
            sub[axis] = len;
            let got = eval_program(&panel_program(&p, axis, lo, len), &[], &sub).to_f64_vec();
            let want: Vec<f64> = (0..sub[0] * sub[1])
                .map(|f| {
                    let (mut i, mut j) = (f / sub[1], f % sub[1]);
                    if axis == 0 {
                        i += lo
                    } else {
                        j += lo
                    }
                    whole[i * 40 + j]
                })
                .collect();
            assert_eq!(got, want, "axis {axis} at {lo}");
        }
    }

    /// Streamed in panels or multiplied whole, the product is the same to the last bit, for
    /// `x.T @ y` (rows contracted), `a @ b`, generated or input operands, f64 and f32.
    #[test]
    fn panels_give_the_whole_products_bits() {
        let cases: &[(usize, usize, usize)] = &[(1300, 40, 30), (1024, 17, 9), (2000, 3, 64)];
        for &(k, m, n) in cases {
            for f32 in [false, true] {
                for (ka, kb) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let sa = if ka == 0 { vec![k, m] } else { vec![m, k] };
                    let sb = if kb == 0 { vec![k, n] } else { vec![n, k] };
                    let fa = if ka == 0 {
                        vec![k + 100, m]
                    } else {
                        vec![m, k + 100]
                    };
                    let oa = if ka == 0 { vec![100, 0] } else { vec![0, 100] };
                    let pa = random(1, &fa, &oa, &sa, f32);
                    let pb = random(2, &sb, &[0, 0], &sb, f32);
                    let (wa, wb) = (eval_program(&pa, &[], &sa), eval_program(&pb, &[], &sb));
                    let want = tensordot(&wa, &wb, &[ka], &[kb]);
                    let gen = |p: &Program, s: &Vec<usize>| Operand::Generated {
                        prog: Arc::new(p.clone()),
                        shape: s.clone(),
                    };
                    for (a, b, ins) in [
                        (gen(&pa, &sa), gen(&pb, &sb), vec![]),
                        (Operand::Input, gen(&pb, &sb), vec![&wa]),
                        (gen(&pa, &sa), Operand::Input, vec![&wb]),
                    ] {
                        let spec = DotGen {
                            axes_a: vec![ka],
                            axes_b: vec![kb],
                            a,
                            b,
                        };
                        let (sa2, sb2) = (Side::Gen(&pa, &sa), Side::Gen(&pb, &sb));
                        assert!(
                            !blocked_gemm() || panelled(&spec, &sa2, &sb2).is_some(),
                            "{k}x{m}x{n} takes the panelled path"
                        );
                        let got = dot_generated(&spec, &ins);
                        assert_eq!(got.shape(), want.shape());
                        let (g, w) = (got.to_f64_vec(), want.to_f64_vec());
                        assert!(
                            g.iter().zip(&w).all(|(p, q)| p.to_bits() == q.to_bits()),
                            "{k}x{m}x{n} axes ({ka},{kb}) f32 {f32}: not bit-identical"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn small_or_odd_panels_multiply_whole() {
        // A last panel of one row would be a rank-1 update in faer: not streamed.
        assert!(!panels_match(40, 30, 1025));
        // One panel's worth: nothing to stream.
        assert!(!panels_match(40, 30, 512));
        // A matrix-vector product is another path.
        assert!(!panels_match(40, 1, 2000));
        // Tiny products go through nano-gemm.
        assert!(!panels_match(2, 2, 1026));
    }
}
