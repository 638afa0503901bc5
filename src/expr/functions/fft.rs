//! Fourier transforms: arrays -> lazy transforms along an axis made one chunk (numpy.fft's
//! `fft ifft rfft irfft fft2 ifft2 fftn ifftn rfft2 irfft2 rfftn irfftn`), sample frequencies
//! and shifts.

use super::args::{to_chunks, to_int, to_ints, to_str, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::fft::{FftKind, FftSpec, Norm};
use crate::kernels::Scalar;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "fft",
        "fft(a, n=None, axis=-1, norm=None)",
        "discrete Fourier transform along an axis (cut or zero-padded to n)",
        "fft(array([0., 1., 2., 3.]))",
        Imp::Fn(fft1),
    ),
    Function::new(
        "ifft",
        "ifft(a, n=None, axis=-1, norm=None)",
        "inverse discrete Fourier transform along an axis",
        "ifft(array([6., -2+2j, -2., -2-2j]))",
        Imp::Fn(fft1),
    ),
    Function::new(
        "rfft",
        "rfft(a, n=None, axis=-1, norm=None)",
        "Fourier transform of real input: the n // 2 + 1 non-negative frequency terms",
        "rfft(array([0., 1., 2., 3.]))",
        Imp::Fn(fft1),
    ),
    Function::new(
        "irfft",
        "irfft(a, n=None, axis=-1, norm=None)",
        "inverse of rfft: real output of length n (default 2 * (m - 1))",
        "irfft(array([6., -2+2j, -2.]))",
        Imp::Fn(fft1),
    ),
    Function::new(
        "fft2",
        "fft2(a, s=None, axes=None, norm=None)",
        "2-d discrete Fourier transform (over the last two axes unless axes=)",
        "fft2(array([[1., 2.], [3., 4.]]))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "ifft2",
        "ifft2(a, s=None, axes=None, norm=None)",
        "2-d inverse discrete Fourier transform (over the last two axes unless axes=)",
        "ifft2(array([[10., -2.], [-4., 0.]]))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "fftn",
        "fftn(a, s=None, axes=None, norm=None)",
        "n-d discrete Fourier transform (over all axes by default)",
        "fftn(array([[1., 2.], [3., 4.]]))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "ifftn",
        "ifftn(a, s=None, axes=None, norm=None)",
        "n-d inverse discrete Fourier transform",
        "ifftn(array([[10., -2.], [-4., 0.]]))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "rfft2",
        "rfft2(a, s=None, axes=None, norm=None)",
        "2-d transform of real input: rfft along the last axis, fft along the other",
        "rfft2(array([[1., 2., 3.], [4., 5., 6.]]))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "irfft2",
        "irfft2(a, s=None, axes=None, norm=None)",
        "inverse of rfft2: ifft along the first axis, irfft along the last",
        "irfft2(rfft2(array([[1., 2.], [3., 4.]])))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "rfftn",
        "rfftn(a, s=None, axes=None, norm=None)",
        "n-d transform of real input: rfft along the last axis, fft along the others",
        "rfftn(ones((2, 2, 3)))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "irfftn",
        "irfftn(a, s=None, axes=None, norm=None)",
        "inverse of rfftn: ifft along the other axes, then irfft along the last",
        "irfftn(rfftn(array([[1., 2.], [3., 4.]])))",
        Imp::Fn(fftn),
    ),
    Function::new(
        "fftfreq",
        "fftfreq(n, d=1.0)",
        "the sample frequencies of an n-point fft with sample spacing d",
        "fftfreq(5)",
        Imp::Fn(fftfreq),
    ),
    Function::new(
        "rfftfreq",
        "rfftfreq(n, d=1.0)",
        "the sample frequencies of an n-point rfft (n // 2 + 1 of them)",
        "rfftfreq(5)",
        Imp::Fn(fftfreq),
    ),
    Function::new(
        "fftshift",
        "fftshift(x, axes=None)",
        "moves the zero-frequency term to the centre (rolls each axis by n // 2)",
        "fftshift(fftfreq(5))",
        Imp::Fn(shift),
    ),
    Function::new(
        "ifftshift",
        "ifftshift(x, axes=None)",
        "inverse of fftshift",
        "ifftshift(fftshift(fftfreq(5)))",
        Imp::Fn(shift),
    ),
];

fn arg_err(msg: impl Into<String>, span: &Span, label: &str) -> Diagnostic {
    Diagnostic::new(codes::ARGUMENT, msg).label(span.clone(), label.to_string())
}

fn kind_of(name: &str) -> FftKind {
    match name.trim_end_matches(['2', 'n']) {
        "ifft" => FftKind::Ifft,
        "rfft" => FftKind::Rfft,
        "irfft" => FftKind::Irfft,
        _ => FftKind::Fft,
    }
}

fn norm_of(b: &Bound, i: usize) -> Result<Norm> {
    match b.get(i) {
        None => Ok(Norm::Backward),
        Some((v, sp)) => {
            let s = to_str(v, sp)?;
            Norm::parse(s).ok_or_else(|| {
                arg_err(
                    format!("invalid norm `{s}`"),
                    sp,
                    "use \"backward\", \"ortho\" or \"forward\"",
                )
            })
        }
    }
}

/// `axis` normalised against `ndim`.
fn axis_of(a: i64, ndim: usize, sp: &Span) -> Result<usize> {
    let v = build::normalize_axes(&[(a, sp.clone())], ndim)?;
    Ok(v[0])
}

/// One transform of `x` along `axis` with length `n` (None: numpy's default).
pub fn transform(
    x: &Arr,
    kind: FftKind,
    n: Option<(i64, Span)>,
    axis: usize,
    norm: Norm,
    span: &Span,
) -> Result<Arr> {
    let m = x.shape()[axis];
    let n = match n {
        Some((n, sp)) if n < 1 => {
            return Err(arg_err(
                format!("invalid number of data points ({n}) specified"),
                &sp,
                "n must be at least 1",
            ))
        }
        Some((n, _)) => n as usize,
        None if kind == FftKind::Irfft => 2 * m.saturating_sub(1),
        None => m,
    };
    if n == 0 {
        return Err(arg_err(
            format!("invalid number of data points ({n}) specified"),
            span,
            "the transformed axis is too short",
        ));
    }
    if kind == FftKind::Rfft && x.dtype().is_complex() {
        return Err(Diagnostic::new(
            codes::DTYPE,
            "`rfft` takes real input (numpy discards the imaginary part with a warning)",
        )
        .label(span.clone(), format!("dtype {}", x.dtype()))
        .note("use `fft(x)`, or `rfft(x.real)`"));
    }
    let out_dtype = kind.out_dtype(x.dtype());
    let input = super::order::one_chunk_along(x, axis);
    let mut meta = Meta {
        dtype: out_dtype,
        ..input.meta.clone()
    };
    let out_len = kind.out_len(n);
    meta.shape[axis] = out_len;
    meta.chunks[axis] = vec![out_len];
    let spec = FftSpec {
        kind,
        axis,
        n,
        norm,
    };
    Ok(Node::new(Op::Fft(spec), vec![input], meta, span.clone()))
}

fn fft1(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    if x.ndim() == 0 {
        return Err(type_err(
            "an array of at least one dimension",
            &b.req(0).0,
            &b.req(0).1,
        ));
    }
    let n = match b.get(1) {
        Some((v, sp)) => Some((to_int(v, sp)?, sp.clone())),
        None => None,
    };
    let axis = axis_of(b.int_or(2, -1)?, x.ndim(), &b.span_of(2))?;
    let norm = norm_of(&b, 3)?;
    Ok(Value::Array(transform(
        &x,
        kind_of(name),
        n,
        axis,
        norm,
        &b.span,
    )?))
}

fn fftn(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let two = name.ends_with('2');
    let axes: Vec<i64> = match b.get(2) {
        Some((v, sp)) => to_ints(v, sp)?,
        None if two => vec![-2, -1],
        None => match b.get(1) {
            // numpy: with s= and no axes=, the last len(s) axes
            Some((v, sp)) => {
                let k = to_ints(v, sp)?.len() as i64;
                (-k..0).collect()
            }
            None => (0..x.ndim() as i64).collect(),
        },
    };
    let s: Option<Vec<i64>> = match b.get(1) {
        Some((v, sp)) => {
            let s = to_ints(v, sp)?;
            if s.len() != axes.len() {
                return Err(arg_err(
                    "`s` and `axes` have different lengths",
                    sp,
                    format!("{} sizes for {} axes", s.len(), axes.len()).as_str(),
                ));
            }
            Some(s)
        }
        None => None,
    };
    let axes_sp = b.span_of(2);
    if x.ndim() < axes.len() || (axes.is_empty() && x.ndim() == 0) {
        return Err(arg_err(
            format!(
                "`{name}` needs an array of at least {} dimensions",
                axes.len().max(1)
            ),
            &b.req(0).1,
            &format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    let norm = norm_of(&b, 3)?;
    let kind = kind_of(name);
    let last = axes.len().saturating_sub(1);
    // The real transform is along the last axis listed: rfftn does it first, irfftn last;
    // the other axes get full complex transforms (in any order: the result is the same).
    let kind_at = |k: usize| match kind {
        FftKind::Rfft if k != last => FftKind::Fft,
        FftKind::Irfft if k != last => FftKind::Ifft,
        other => other,
    };
    let mut order: Vec<usize> = (0..axes.len()).rev().collect();
    if kind == FftKind::Irfft {
        order.rotate_left(1);
    }
    let mut y = x;
    for k in order {
        let axis = axis_of(axes[k], y.ndim(), &axes_sp)?;
        let n = s.as_ref().map(|s| (s[k], b.span_of(1)));
        y = transform(&y, kind_at(k), n, axis, norm, &b.span)?;
    }
    Ok(Value::Array(y))
}

fn fftfreq(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let (nv, nsp) = b.req(0);
    let n = to_int(nv, nsp)?;
    if n < 1 {
        return Err(arg_err(
            format!("`{name}` needs n >= 1, got {n}"),
            nsp,
            "the number of samples",
        ));
    }
    let d = b.f64_or(1, 1.0)?;
    let span = b.span.clone();
    let val = 1.0 / (n as f64 * d);
    let len = if name == "rfftfreq" { n / 2 + 1 } else { n } as usize;
    let chunks = to_chunks(it, None, &[len], DType::I64)?;
    let i = crate::expr::arange::build(
        Scalar::Int(0),
        Scalar::Int(1),
        len,
        DType::I64,
        chunks,
        span.clone(),
    )?;
    let sc = |v: Scalar| (Operand::Scalar(v), span.clone());
    let arr = |a: &Arr| (Operand::Array(a.clone()), span.clone());
    let k = if name == "rfftfreq" {
        i
    } else {
        // 0, 1, ..., (n-1)//2, then -(n//2), ..., -1
        let half = (n - 1) / 2 + 1;
        let low = build::binary(BinaryOp::Lt, arr(&i), sc(Scalar::Int(half)), span.clone())?;
        let wrapped = build::binary(BinaryOp::Sub, arr(&i), sc(Scalar::Int(n)), span.clone())?;
        build::where_(arr(&low), arr(&i), arr(&wrapped), span.clone())?
    };
    Ok(Value::Array(build::binary(
        BinaryOp::Mul,
        arr(&k),
        sc(Scalar::Float(val)),
        span,
    )?))
}

fn shift(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let axes: Vec<usize> = match b.get(1) {
        Some((v, sp)) => {
            let a = to_ints(v, sp)?;
            let spanned: Vec<(i64, Span)> = a.into_iter().map(|a| (a, sp.clone())).collect();
            build::normalize_axes(&spanned, x.ndim())?
        }
        None => (0..x.ndim()).collect(),
    };
    let mut y = x;
    for axis in axes {
        let n = y.shape()[axis] as i64;
        let by = if name == "fftshift" { n / 2 } else { -(n / 2) };
        y = super::overlap::roll_along(&y, by, axis, &b.span)?;
    }
    Ok(Value::Array(y))
}
