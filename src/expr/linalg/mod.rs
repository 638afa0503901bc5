//! Linear algebra builtins: arguments -> lazy arrays. The node operation and the shared
//! argument checks live here; the builders by family: `factor` (TSQR `qr`/`svd`,
//! `svd_compressed`, `eig`), `solve` (whole-matrix tasks: `solve det inv cholesky`), `norm`,
//! and `products` (N-d `matmul`, `einsum`).

mod factor;
mod norm;
mod products;
mod solve;

pub use factor::{eig, qr, svd, svd_compressed, svd_full, MAX_AUTO_COLUMNS};
pub use norm::norm;
pub use products::{einsum, matmul};
pub use solve::{det, solve, unary_dense};

use super::build::{self, Operand};
use super::interp::Result;
use super::node::{Arr, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::linalg::Dense;
use crate::kernels::reduce::ReduceOp;
use crate::source::Span;

/// A linear algebra node's operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinalgOp {
    /// One factor of the TSQR of input 0 (tall-skinny, one column block, every row block at
    /// least as tall as the array is wide).
    Tsqr(TsqrPart),
    /// A whole-matrix operation on single-block inputs.
    Dense(Dense),
}

/// Which factor: `q`, `r` of `qr`; `u`, `s`, `vh` of `svd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TsqrPart {
    Q,
    R,
    U,
    S,
    V,
}

/// `E0207`: a linear algebra precondition on shapes or chunks.
pub const LINALG: &str = codes::LINALG;

pub(crate) fn err(msg: impl Into<String>, span: &Span, label: impl Into<String>) -> Diagnostic {
    Diagnostic::new(LINALG, msg).label(span.clone(), label)
}

/// float32, float64, complex64 and complex128 stay, everything else computes in float64
/// (as numpy.linalg does).
pub(crate) fn float(x: &Arr, span: &Span) -> Result<Arr> {
    match x.dtype() {
        DType::F32 | DType::F64 | DType::C64 | DType::C128 => Ok(x.clone()),
        _ => build::astype(x, DType::F64, span.clone()),
    }
}

/// A non-empty 2-d array as a float or complex matrix.
pub(crate) fn matrix(x: &Arr, name: &str, span: &Span) -> Result<Arr> {
    if x.ndim() != 2 {
        return Err(err(
            format!("`{name}` takes a 2-d array, got {}-d", x.ndim()),
            span,
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    if x.meta.size() == 0 {
        return Err(err(
            format!("`{name}` of an empty array"),
            span,
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    float(x, span)
}

pub(crate) fn square(x: &Arr, name: &str, span: &Span) -> Result<Arr> {
    let x = matrix(x, name, span)?;
    if x.shape()[0] != x.shape()[1] {
        return Err(err(
            format!("`{name}` needs a square matrix"),
            span,
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    Ok(x)
}

/// The array as one block.
pub(crate) fn whole(x: &Arr) -> Arr {
    build::rechunk_to(x, x.shape().iter().map(|&d| vec![d]).collect())
}

pub(crate) fn dense(op: Dense, ins: Vec<Arr>, shape: Vec<usize>, span: &Span) -> Result<Arr> {
    // Each input becomes one block: one that cannot fit in memory is an error now.
    for x in &ins {
        let bytes = crate::expr::limits::product(x.shape().iter().map(|&d| d as u128))
            .unwrap_or(u128::MAX)
            .saturating_mul(x.dtype().size() as u128);
        crate::expr::limits::check_block(bytes, None).map_err(|d| {
            d.label(
                span.clone(),
                format!(
                    "a whole-matrix operation on shape {}",
                    build::shape_str(x.shape())
                ),
            )
        })?;
    }
    let dtype = op.out_dtype(ins[0].dtype());
    let chunks = shape.iter().map(|&d| vec![d]).collect();
    Ok(Node::new(
        Op::Linalg(LinalgOp::Dense(op)),
        ins.iter().map(whole).collect(),
        Meta {
            shape,
            dtype,
            chunks,
        },
        span.clone(),
    ))
}

/// Promotes two float operands to one dtype.
pub(crate) fn same_float(a: Arr, b: Arr, span: &Span) -> Result<(Arr, Arr)> {
    let dt = DType::promote(a.dtype(), b.dtype());
    Ok((
        build::astype(&a, dt, span.clone())?,
        build::astype(&b, dt, span.clone())?,
    ))
}

/// For the builders that handle real matrices only (`svd_compressed`).
pub(crate) fn no_complex(x: &Arr, name: &str, span: &Span) -> Result<()> {
    if x.dtype().is_complex() {
        return Err(err(
            format!("`{name}` of a complex matrix is not supported"),
            span,
            format!("dtype {}", x.dtype()),
        ));
    }
    Ok(())
}

pub(crate) fn rhs(b: &Arr, n: usize, name: &str, span: &Span) -> Result<Arr> {
    if b.ndim() == 0 || b.ndim() > 2 || b.shape()[0] != n {
        return Err(err(
            format!(
                "`{name}`: right-hand side of shape {} does not match a matrix with {n} rows",
                build::shape_str(b.shape())
            ),
            span,
            "here",
        ));
    }
    float(b, span)
}

pub(crate) fn red(x: &Arr, op: ReduceOp, axes: Option<Vec<usize>>, span: &Span) -> Result<Arr> {
    build::reduce(x, op, axes, false, span.clone())
}

pub(crate) fn un(op: UnaryOp, x: &Arr, span: &Span) -> Result<Arr> {
    build::unary(op, (Operand::Array(x.clone()), span.clone()), span.clone())
}

pub(crate) fn bin(op: BinaryOp, x: &Arr, y: Operand, span: &Span) -> Result<Arr> {
    build::binary(
        op,
        (Operand::Array(x.clone()), span.clone()),
        (y, span.clone()),
        span.clone(),
    )
}

/// The real part of a complex array (singular values, `eigh`'s eigenvalues, which complex
/// kernels carry with a zero imaginary part); a real array as it is.
pub(crate) fn real(x: &Arr, span: &Span) -> Result<Arr> {
    if x.dtype().is_complex() {
        un(UnaryOp::Real, x, span)
    } else {
        Ok(x.clone())
    }
}
