//! The function registry: a call's name and arguments -> the lazy array (or value) it builds.
//! One table, by family, drives dispatch, methods, attributes, `:help` and Tab completion.
//!
//! # Adding a function
//!
//! 1. Pick its family module (`creation.rs`, `elementwise.rs`, `complex.rs`, `reductions.rs`,
//!    `scans.rs`, `order.rs`, `sorting.rs`, `overlap.rs`, `blocks.rs`, `shape.rs`, `indexing.rs`,
//!    `linalg.rs`, `fft.rs`, `random.rs`, `io.rs`, `pictures.rs`, `python.rs`; a new family is a new
//!    module plus one line in [`FAMILIES`]).
//! 2. Add ONE entry to that module's `FUNCTIONS` table:
//!    ```text
//!    Function::new("tril", "tril(x, k=0)", "lower triangle: zeros above the k-th diagonal",
//!                  "tril(ones((3, 3)))", Imp::Fn(tril)),
//!    ```
//!    - the signature is parsed by [`args::bind`]: `=` marks a default, `*args` takes all
//!      positionals; parameter names are the keywords the call accepts and Tab completes;
//!    - the example is run by `:help name` (and by a unit test), so it must work;
//!    - `.method()` also makes it `x.name(...)` (`x` is the first argument);
//!    - `Imp::Unary(op)` / `Imp::Binary(op)` need no code of their own (`unary!` writes a
//!      one-argument entry in one line); otherwise
//!      `Imp::Fn(f)` with `fn f(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value>`
//!      (`b.b.arr(it, 0)`, `b.get(i)`, `b.int_or(i, d)`, ... read the bound arguments).
//! 3. Add a golden test (`tests/golden/*.arr`) with values numpy computed.
//!
//! Nothing else needs to change: the name is bound in the globals, dispatched, completed,
//! listed by `:help` and offered by "did you mean" from this table.

pub mod args;
pub mod blocks;
pub mod complex;
pub mod creation;
pub mod edits;
pub mod elementwise;
pub mod fft;
pub mod grids;
pub mod indexing;
pub mod io;
pub mod labels;
pub mod linalg;
pub mod linalg_more;
pub mod logic;
pub mod order;
pub mod overlap;
pub mod pictures;
pub mod poly;
pub mod python;
pub mod random;
pub mod reductions;
pub mod scans;
pub mod shape;
pub mod sorting;
pub mod spellings;

use super::build;
use super::interp::{CallArgs, Interp, Result};
use super::node::Arr;
use super::value::Value;
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::source::Span;
pub use args::{to_array, to_int, to_operand, Bound};
use std::collections::HashMap;
use std::rc::Rc;

/// Where a function lives (one module each); shown by `:help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Creation,
    Elementwise,
    Logic,
    Reductions,
    Scans,
    Order,
    Sorting,
    Overlap,
    Blocks,
    Shape,
    Indexing,
    Linalg,
    Fft,
    Random,
    Io,
    Pictures,
    Python,
    Labels,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Creation => "creation",
            Family::Elementwise => "elementwise",
            Family::Logic => "comparison and logic",
            Family::Reductions => "reductions",
            Family::Scans => "scans",
            Family::Order => "order statistics",
            Family::Sorting => "sorting and search",
            Family::Overlap => "neighbours",
            Family::Blocks => "block functions",
            Family::Shape => "shape",
            Family::Indexing => "indexing",
            Family::Linalg => "linear algebra",
            Family::Fft => "fourier transforms",
            Family::Random => "random",
            Family::Io => "files",
            Family::Pictures => "pictures",
            Family::Python => "python",
            Family::Labels => "labels",
        }
    }

    /// Whether `:help` runs this family's examples (files and pictures would touch the disk).
    pub fn examples_run(self) -> bool {
        !matches!(self, Family::Io | Family::Pictures | Family::Labels)
    }
}

/// A builtin's implementation.
pub type ImplFn = fn(&mut Interp, &'static str, Bound) -> Result<Value>;

/// A builtin that binds its own arguments (keywords named after dimensions).
pub type RawFn = fn(&mut Interp, &'static str, CallArgs) -> Result<Value>;

/// How a call is carried out.
#[derive(Clone, Copy)]
pub enum Imp {
    /// Arguments bound by the signature, then this function.
    Fn(ImplFn),
    /// The call's arguments as written.
    Raw(RawFn),
    /// `name(x)`: one elementwise operator.
    Unary(UnaryOp),
    /// `name(a, b)`: one broadcasting elementwise operator.
    Binary(BinaryOp),
}

/// One builtin: everything arrlang knows about it.
#[derive(Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    /// `name(a, b=default, ...)`: binds the arguments (see [`args::bind`]).
    pub signature: &'static str,
    /// One line, lowercase, for `:help`.
    pub help: &'static str,
    /// Code using it; `:help` shows it with its computed result.
    pub example: &'static str,
    /// Also callable as `x.name(...)`.
    pub method: bool,
    pub imp: Imp,
}

impl Function {
    pub const fn new(
        name: &'static str,
        signature: &'static str,
        help: &'static str,
        example: &'static str,
        imp: Imp,
    ) -> Function {
        Function {
            name,
            signature,
            help,
            example,
            method: false,
            imp,
        }
    }

    /// Also a method: `x.name(args)` is `name(x, args)`.
    pub const fn method(mut self) -> Function {
        self.method = true;
        self
    }
}

/// An [`Imp::Unary`] entry: `unary!("log2", "base-2 logarithm", "log2(array([1., 8.]))", Log2)`.
#[macro_export]
macro_rules! unary {
    ($name:literal, $help:literal, $example:literal, $op:ident) => {
        $crate::expr::functions::Function::new(
            $name,
            concat!($name, "(x)"),
            $help,
            $example,
            $crate::expr::functions::Imp::Unary($crate::kernels::elementwise::UnaryOp::$op),
        )
    };
}

/// An [`Imp::Binary`] entry: `binary!("add", "a + b", "add(arange(3), 1)", Add)`.
#[macro_export]
macro_rules! binary {
    ($name:literal, $help:literal, $example:literal, $op:ident) => {
        $crate::expr::functions::Function::new(
            $name,
            concat!($name, "(a, b)"),
            $help,
            $example,
            $crate::expr::functions::Imp::Binary($crate::kernels::elementwise::BinaryOp::$op),
        )
    };
}

/// Every family's table: the registry.
pub const FAMILIES: &[(Family, &[Function])] = &[
    (Family::Creation, creation::FUNCTIONS),
    (Family::Creation, grids::FUNCTIONS),
    (Family::Random, random::FUNCTIONS),
    (Family::Elementwise, elementwise::FUNCTIONS),
    (Family::Elementwise, complex::FUNCTIONS),
    (Family::Logic, logic::FUNCTIONS),
    (Family::Reductions, reductions::FUNCTIONS),
    (Family::Scans, scans::FUNCTIONS),
    (Family::Order, order::FUNCTIONS),
    (Family::Sorting, sorting::FUNCTIONS),
    (Family::Overlap, overlap::FUNCTIONS),
    (Family::Blocks, blocks::FUNCTIONS),
    (Family::Shape, shape::FUNCTIONS),
    (Family::Shape, edits::FUNCTIONS),
    (Family::Indexing, indexing::FUNCTIONS),
    (Family::Linalg, linalg::FUNCTIONS),
    (Family::Linalg, linalg_more::FUNCTIONS),
    (Family::Linalg, poly::FUNCTIONS),
    (Family::Fft, fft::FUNCTIONS),
    (Family::Io, io::FUNCTIONS),
    (Family::Pictures, pictures::FUNCTIONS),
    (Family::Python, python::FUNCTIONS),
    (Family::Labels, labels::FUNCTIONS),
];

/// Every builtin with its family.
pub fn all() -> impl Iterator<Item = (Family, &'static Function)> {
    FAMILIES
        .iter()
        .flat_map(|(fam, fs)| fs.iter().map(move |f| (*fam, f)))
}

/// The builtin called `name`.
pub fn get(name: &str) -> Option<(Family, &'static Function)> {
    thread_local! {
        static INDEX: HashMap<&'static str, (Family, &'static Function)> =
            all().map(|(fam, f)| (f.name, (fam, f))).collect();
    }
    INDEX.with(|ix| ix.get(name).copied())
}

/// Names usable as `x.name(...)`.
pub fn methods() -> impl Iterator<Item = &'static str> {
    all().filter(|(_, f)| f.method).map(|(_, f)| f.name)
}

/// An attribute of an array: `x.shape`.
pub struct Attribute {
    pub name: &'static str,
    pub help: &'static str,
    pub get: fn(&Arr, Span) -> Result<Value>,
}

fn ints(xs: &[usize]) -> Value {
    Value::Tuple(xs.iter().map(|&d| Value::Int(d as i64)).collect())
}

/// The attributes of arrays (methods come from [`FAMILIES`]).
pub const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        name: "shape",
        help: "the length of each axis",
        get: |a, _| Ok(ints(a.shape())),
    },
    Attribute {
        name: "dtype",
        help: "the element type",
        get: |a, _| Ok(Value::DType(a.dtype())),
    },
    Attribute {
        name: "ndim",
        help: "the number of axes",
        get: |a, _| Ok(Value::Int(a.ndim() as i64)),
    },
    Attribute {
        name: "size",
        help: "the number of elements",
        get: |a, _| Ok(Value::Int(a.meta.size() as i64)),
    },
    Attribute {
        name: "nbytes",
        help: "the size in bytes",
        get: |a, _| Ok(Value::Int(a.meta.nbytes() as i64)),
    },
    Attribute {
        name: "chunks",
        help: "the chunk lengths along each axis",
        get: |a, _| {
            Ok(Value::Tuple(
                a.meta.chunks.iter().map(|c| ints(c)).collect(),
            ))
        },
    },
    Attribute {
        name: "numblocks",
        help: "the number of chunks along each axis",
        get: |a, _| Ok(ints(&a.meta.numblocks())),
    },
    Attribute {
        name: "dims",
        help: "the dimension names from the files it was read from (or None)",
        get: |a, _| {
            Ok(match crate::expr::dims::dims(a) {
                Some(d) => Value::Tuple(d.into_iter().map(Value::Str).collect()),
                None => Value::None,
            })
        },
    },
    Attribute {
        name: "real",
        help: "the real part",
        get: |a, span| Ok(Value::Array(complex::part(a, UnaryOp::Real, span)?)),
    },
    Attribute {
        name: "imag",
        help: "the imaginary part",
        get: |a, span| Ok(Value::Array(complex::part(a, UnaryOp::Imag, span)?)),
    },
    Attribute {
        name: "T",
        help: "the transpose",
        get: |a, span| Ok(Value::Array(build::transpose(a, None, span)?)),
    },
];

/// Names after `x.`: methods and attributes (for completion).
pub fn member_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = methods()
        .chain(ATTRIBUTES.iter().map(|a| a.name))
        .chain(crate::expr::labels::api::ATTRIBUTES.iter().copied())
        .collect();
    v.sort();
    v
}

/// The stdlib source, loaded at start-up.
pub const STDLIB: &[(&str, &str)] =
    &[("stdlib/core.arr", include_str!("../../../stdlib/core.arr"))];

thread_local! {
    static STDLIB_ORIGIN: Rc<str> = Rc::from(STDLIB[0].1);
}

/// The shared origin of stdlib function bodies.
pub fn stdlib_origin() -> Rc<str> {
    STDLIB_ORIGIN.with(|o| o.clone())
}

/// Binds builtin names, dtype names and constants.
pub fn install(g: &mut HashMap<String, Value>) {
    for (_, f) in all() {
        g.insert(f.name.to_string(), Value::Builtin(f.name));
    }
    for d in crate::dtype::ALL_DTYPES {
        g.insert(d.name().to_string(), Value::DType(d));
    }
    g.insert("bool_".into(), Value::DType(DType::Bool));
    g.insert("nan".into(), Value::Float(f64::NAN));
    g.insert("inf".into(), Value::Float(f64::INFINITY));
    g.insert("pi".into(), Value::Float(std::f64::consts::PI));
    g.insert("e".into(), Value::Float(std::f64::consts::E));
    g.insert("newaxis".into(), Value::None);
}

/// `x.name` for arrays (and `.shape` etc.).
pub fn attribute(
    _it: &mut Interp,
    v: Value,
    name: &str,
    vspan: Span,
    nspan: Span,
) -> Result<Value> {
    if let Value::Array(a) = &v {
        if let Some(at) = ATTRIBUTES.iter().find(|at| at.name == name) {
            return (at.get)(a, vspan.start..nspan.end);
        }
        if let Some((_, f)) = get(name).filter(|(_, f)| f.method) {
            return Ok(Value::Method(Box::new(v), f.name.to_string()));
        }
        // Labels: x.coords, x.attrs, x.name, x.lat (a coordinate), x.units (an attribute).
        if let Some(r) = crate::expr::labels::api::attribute(&v, name, &nspan) {
            return r;
        }
        let mut names: Vec<String> = member_names().iter().map(|s| s.to_string()).collect();
        names.extend(crate::expr::labels::api::attribute_names(a));
        let mut d = Diagnostic::new(
            codes::ATTRIBUTE,
            format!("an array has no attribute `{name}`"),
        )
        .label(nspan, "unknown attribute");
        if let Some(s) = crate::suggest::suggest(name, names.iter()) {
            d = d.note(format!("did you mean `{s}`?"));
        }
        return Err(d);
    }
    if let Some(r) = crate::expr::labels::api::attribute(&v, name, &nspan) {
        return r;
    }
    if let Value::Masked(m) = &v {
        return match name {
            "dtype" => Ok(Value::DType(m.x.dtype())),
            "ndim" => Ok(Value::Int(m.ndim() as i64)),
            r if crate::expr::mask::REDUCTIONS.contains(&r) => {
                Ok(Value::Method(Box::new(v.clone()), r.to_string()))
            }
            _ => Err(crate::expr::mask::needs_shape(
                m,
                &format!("`.{name}`"),
                nspan,
            )),
        };
    }
    if let (Value::DType(d), "name") = (&v, name) {
        return Ok(Value::Str(d.name().into()));
    }
    Err(Diagnostic::new(
        codes::ATTRIBUTE,
        format!("a `{}` has no attribute `{name}`", v.type_name()),
    )
    .label(nspan, "unknown attribute")
    .label(vspan, format!("this is a {}", v.type_name())))
}

/// `x.name(args)`: the builtin `name(x, args)`.
pub fn call_method(it: &mut Interp, name: &str, mut args: CallArgs) -> Result<Value> {
    if matches!(args.pos.first(), Some((Value::Grouped(_), _))) {
        return crate::expr::labels::api::call_method(name, args);
    }
    // numpy's methods take the shape as separate ints: x.reshape(3, 4), x.transpose(1, 0).
    if matches!(name, "reshape" | "transpose") && args.pos.len() > 2 {
        let recv = args.pos.remove(0);
        let sp = args.pos[0].1.start..args.pos.last().expect("non-empty").1.end;
        let items = Value::Tuple(args.pos.drain(..).map(|p| p.0).collect());
        args.pos = vec![recv, (items, sp)];
    }
    let Some((_, f)) = get(name) else {
        return Err(
            Diagnostic::new(codes::INTERNAL, format!("method `{name}` is not a builtin"))
                .label(args.span, "here"),
        );
    };
    call(it, f.name, args)
}

/// Calls the builtin `name`.
pub fn call(it: &mut Interp, name: &'static str, args: CallArgs) -> Result<Value> {
    let Some((_, f)) = get(name) else {
        return Err(Diagnostic::new(
            codes::INTERNAL,
            format!("builtin `{name}` has no implementation"),
        )
        .label(args.span, "here"));
    };
    if let Imp::Raw(imp) = f.imp {
        return imp(it, f.name, args);
    }
    let b = args::bind(f.signature, args)?;
    match f.imp {
        Imp::Raw(_) => unreachable!("handled above"),
        Imp::Fn(imp) => imp(it, f.name, b),
        Imp::Unary(op) => elementwise::apply_unary(it, op, b),
        Imp::Binary(op) => elementwise::apply_binary(it, op, b),
    }
}

/// Help for a builtin: (signature, description).
pub fn help(name: &str) -> Option<(String, String)> {
    get(name).map(|(_, f)| (f.signature.to_string(), f.help.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_well_formed_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for (fam, f) in all() {
            assert!(seen.insert(f.name), "`{}` registered twice", f.name);
            assert!(
                f.signature.starts_with(&format!("{}(", f.name)) && f.signature.ends_with(')'),
                "{}: signature {}",
                f.name,
                f.signature
            );
            assert!(!f.help.is_empty(), "{}", f.name);
            assert!(f.example.contains(f.name), "{}: {}", f.name, f.example);
            assert!(!fam.name().is_empty());
        }
        for a in ATTRIBUTES {
            assert!(get(a.name).is_none_or(|(_, f)| !f.method), "{}", a.name);
        }
    }
}
