//! Labels: a lazy array -> its coordinates (one optional 1-D coordinate per axis), its
//! attributes and its variable name, derived by walking the expression as `dims.rs` does.
//!
//! Why derived and not stored on every node: nodes are made in a hundred places (every
//! builtin, the linear algebra, masks, the optimizer's rewrites), and labels never change
//! what is computed. Walking keeps the one rule per operation in one `match` below (the
//! xarray `Variable` rules: keep, drop a reduced axis, permute, slice, concatenate), costs
//! nothing for unlabelled arrays, and a new operation forgets labels until it says what it
//! does to them — never a wrong label. Operations that *create* labels (a coordinate
//! array, a group result whose axis is `month`) set them explicitly on their node
//! ([`Node::labels`](super::node::Node::labels)), which the walk takes as they are.
//!
//! ```text
//! load(t2m)            coords (time, lat, lon) read once from the file, attrs {units: K}
//!   [::4, 10:20]       time[::4], lat[10:20], lon         (Slice: coordinates sliced)
//!   .mean("time")      lat[10:20], lon                    (Reduce: time dropped)
//!   - clim             per axis: the first input with a coordinate of that length
//! ```
//!
//! Attributes follow an array through selection, reshaping, transposes, concatenation and
//! reductions that keep units (sum/mean/min/max/std/median-like); elementwise operations keep
//! them only when every step keeps units (`+ - where maximum minimum abs neg`, casts) and
//! every labelled input agrees on `units`, so `x - x.mean("time")` is still in kelvin but
//! `x * x` has no `units`.

pub mod api;
pub mod group;
pub mod picture;
pub mod save;
pub mod sel;
pub mod show;
pub mod time;

use super::node::{Arr, MapExpr, Op};
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// Attributes in file order.
pub type Attrs = Vec<(String, AttrValue)>;

pub use crate::io::attrs::AttrValue;

/// Looks up a text attribute.
pub fn attr_str<'a>(attrs: &'a Attrs, key: &str) -> Option<&'a str> {
    attrs.iter().find_map(|(k, v)| match v {
        AttrValue::Text(s) if k == key => Some(s.as_str()),
        _ => None,
    })
}

/// A 1-D coordinate: the values along one axis, read once (they are small), its
/// attributes (`units`, `calendar`, ...) and its stored dtype.
#[derive(Debug, Clone)]
pub struct Coord {
    pub name: String,
    pub values: Arc<Vec<f64>>,
    pub attrs: Arc<Attrs>,
    pub dtype: crate::dtype::DType,
    /// Text labels shown instead of the numbers (`season`: DJF JJA MAM SON).
    pub text: Option<Arc<Vec<String>>>,
}

impl Coord {
    /// The coordinate at positions `start, start+step, ...` (`len` of them).
    pub fn take(&self, start: usize, len: usize, step: isize) -> Coord {
        let v = (0..len)
            .map(|i| self.values[(start as isize + i as isize * step) as usize])
            .collect();
        let text = self.text.as_ref().map(|t| {
            Arc::new(
                (0..len)
                    .map(|i| t[(start as isize + i as isize * step) as usize].clone())
                    .collect(),
            )
        });
        Coord {
            values: Arc::new(v),
            text,
            ..self.clone()
        }
    }

    /// The decoded CF time axis, when the coordinate is one.
    pub fn time(&self) -> Option<time::TimeAxis> {
        time::TimeAxis::of(self)
    }
}

/// What an array knows about itself beyond shape and dtype.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// The variable's name (from the file; kept by selections and reductions).
    pub name: Option<String>,
    /// Dimension names (as `dims.rs` reports them).
    pub dims: Option<Vec<String>>,
    /// One entry per axis.
    pub coords: Vec<Option<Coord>>,
    /// Scalar coordinates: the one value of an axis selected away (`x.sel(plev=85000)`
    /// keeps `plev = 85000`, as xarray), each a `Coord` of length 1 named after its axis.
    pub scalars: Vec<Coord>,
    pub attrs: Arc<Attrs>,
}

impl Labels {
    fn bare(ndim: usize) -> Labels {
        Labels {
            coords: vec![None; ndim],
            ..Labels::default()
        }
    }

    /// Whether there is anything to show beyond a numpy repr.
    pub fn is_labelled(&self) -> bool {
        // Scalar coordinates alone label an array with a name or axes (`x.plev`,
        // `x.sel(plev=85000)`), not an anonymous 0-d result (`(a == b).all()`).
        self.coords.iter().any(|c| c.is_some())
            || (!self.scalars.is_empty() && (self.name.is_some() || !self.coords.is_empty()))
            || !self.attrs.is_empty()
    }

    /// The scalar coordinate named `name`.
    pub fn scalar_named(&self, name: &str) -> Option<&Coord> {
        self.scalars.iter().find(|c| c.name == name)
    }

    /// The coordinate named `name` (a dimension name) and its axis.
    pub fn coord_named(&self, name: &str) -> Option<(usize, &Coord)> {
        self.coords
            .iter()
            .enumerate()
            .find_map(|(k, c)| c.as_ref().filter(|c| c.name == name).map(|c| (k, c)))
    }
}

/// The labels of `a`.
pub fn labels(a: &Arr) -> Labels {
    let mut l = walk(a);
    l.dims = super::dims::dims(a);
    if l.coords.len() != a.ndim() {
        l.coords = vec![None; a.ndim()];
    }
    // A coordinate names its axis: a disagreeing name means a rule above went wrong.
    if let Some(d) = &l.dims {
        for (c, n) in l.coords.iter_mut().zip(d) {
            if c.as_ref().is_some_and(|c| &c.name != n) {
                *c = None;
            }
        }
    } else {
        l.coords = vec![None; a.ndim()];
    }
    // A scalar coordinate never shares its name with an axis (`x.isel(time=0)[None]` with
    // an axis named again `time` keeps the axis's).
    let names = l.dims.clone().unwrap_or_default();
    l.scalars.retain(|s| !names.contains(&s.name));
    l
}

/// [`walk_op`], with one coordinate slot per axis whatever a rule gave.
fn walk(a: &Arr) -> Labels {
    let mut l = walk_op(a);
    if l.coords.len() != a.ndim() {
        l.coords = vec![None; a.ndim()];
    }
    l
}

fn walk_op(a: &Arr) -> Labels {
    if let Some(l) = &a.labels {
        return (**l).clone();
    }
    let n = a.ndim();
    match &a.op {
        Op::Load { source } => source_labels(source, n),
        Op::Rechunk => walk(&a.inputs[0]),
        Op::Slice { ranges } => {
            let mut l = walk(&a.inputs[0]);
            for (c, &(start, len, step)) in l.coords.iter_mut().zip(ranges) {
                if let Some(cc) = c {
                    *c = Some(cc.take(start, len, step));
                }
            }
            l
        }
        Op::Transpose { perm } => {
            let mut l = walk(&a.inputs[0]);
            if l.coords.len() == perm.len() {
                l.coords = perm.iter().map(|&p| l.coords[p].clone()).collect();
            }
            l
        }
        Op::Reduce { op, axes, keepdims } => {
            let mut l = walk(&a.inputs[0]);
            if *keepdims {
                for &ax in axes {
                    if let Some(c) = l.coords.get_mut(ax) {
                        *c = None;
                    }
                }
            } else {
                l.coords = l
                    .coords
                    .into_iter()
                    .enumerate()
                    .filter(|(k, _)| !axes.contains(k))
                    .map(|(_, c)| c)
                    .collect();
            }
            if !keeps_units(*op) {
                l.attrs = Arc::default();
            }
            l
        }
        Op::GroupReduce { op, .. } => {
            // Group results carry explicit labels; this is the unlabelled fallback.
            let mut l = walk(&a.inputs[0]);
            if !keeps_units(*op) {
                l.attrs = Arc::default();
            }
            l.coords = vec![None; n];
            l
        }
        Op::ViewReshape => {
            let x = &a.inputs[0];
            let mut l = walk(x);
            let mut out = Vec::new();
            let mut k = 0;
            for (i, &len) in x.shape().iter().enumerate() {
                if k < n && a.shape()[k] == len {
                    out.push(l.coords.get(i).cloned().flatten());
                    k += 1;
                } else if len != 1 {
                    return Labels::bare(n);
                } else if let Some(c) = l.coords.get(i).cloned().flatten() {
                    // An axis indexed away (`x[:, 2]`, `sel(plev=85000)`) keeps its value.
                    l.scalars.retain(|s| s.name != c.name);
                    l.scalars.push(c);
                }
            }
            Labels { coords: out, ..l }
        }
        Op::Concat { axis } => {
            let ls: Vec<Labels> = a.inputs.iter().map(walk).collect();
            let mut l = ls[0].clone();
            // Scalar coordinates that differ between the pieces describe none of the result.
            l.scalars.retain(|c| {
                ls.iter().all(|x| {
                    x.scalar_named(&c.name)
                        .is_some_and(|d| d.values == c.values && d.text == c.text)
                })
            });
            let along: Option<Vec<&Coord>> = ls
                .iter()
                .map(|x| x.coords.get(*axis).and_then(|c| c.as_ref()))
                .collect();
            let Some(slot) = l.coords.get_mut(*axis) else {
                return l;
            };
            *slot = along.map(|cs| Coord {
                values: Arc::new(cs.iter().flat_map(|c| c.values.iter().copied()).collect()),
                text: cs
                    .iter()
                    .map(|c| c.text.clone())
                    .collect::<Option<Vec<_>>>()
                    .map(|ts| Arc::new(ts.iter().flat_map(|t| t.iter().cloned()).collect())),
                ..cs[0].clone()
            });
            l
        }
        Op::Map(m) => map_labels(a, m),
        _ => Labels::bare(n),
    }
}

pub(crate) fn keeps_units(op: ReduceOp) -> bool {
    use ReduceOp::*;
    matches!(
        op,
        Sum | Min | Max | Mean | Std { .. } | NanSum | NanMean | NanMin | NanMax
    )
}

/// Elementwise: per axis (numpy's right alignment) the first input that has a coordinate
/// of the output's length there; name and attributes as the module doc says.
fn map_labels(a: &Arr, m: &MapExpr) -> Labels {
    let n = a.ndim();
    let ins: Vec<(usize, Labels)> = a.inputs.iter().map(|i| (i.ndim(), walk(i))).collect();
    let mut l = Labels::bare(n);
    for k in 0..n {
        for (i, (nd, li)) in a.inputs.iter().zip(&ins) {
            if *nd + k < n {
                continue;
            }
            let j = k + nd - n;
            if i.shape()[j] != a.shape()[k] {
                continue;
            }
            if let Some(c) = li.coords.get(j).cloned().flatten() {
                l.coords[k] = Some(c);
                break;
            }
        }
    }
    // Scalar coordinates of every input, the first of a name winning; one that names an
    // output axis with a coordinate goes (xarray keeps the index coordinate).
    for (_, li) in &ins {
        for c in &li.scalars {
            let axis_has = l.coords.iter().flatten().any(|x| x.name == c.name);
            if !axis_has && l.scalar_named(&c.name).is_none() {
                l.scalars.push(c.clone());
            }
        }
    }
    let labelled: Vec<&Labels> = ins
        .iter()
        .map(|(_, l)| l)
        .filter(|l| l.name.is_some() || !l.attrs.is_empty())
        .collect();
    if let Some(first) = labelled.first() {
        let units = attr_str(&first.attrs, "units");
        let agree = labelled
            .iter()
            .all(|x| attr_str(&x.attrs, "units").is_none_or(|u| Some(u) == units));
        if agree && map_keeps_units(m) {
            l.attrs = first.attrs.clone();
            l.name = first.name.clone();
        }
    }
    l
}

fn map_keeps_units(m: &MapExpr) -> bool {
    match m {
        MapExpr::Leaf(..) => true,
        MapExpr::Cast(x, _) => map_keeps_units(x),
        MapExpr::Unary(op, x, _) => matches!(op, UnaryOp::Neg | UnaryOp::Abs) && map_keeps_units(x),
        MapExpr::Binary(op, x, y, _) => {
            matches!(
                op,
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Maximum | BinaryOp::Minimum
            ) && map_keeps_units(x)
                && map_keeps_units(y)
        }
        // The condition's units do not matter.
        MapExpr::Where(_, x, y, _) => map_keeps_units(x) && map_keeps_units(y),
    }
}

thread_local! {
    /// Coordinate values read from files, by the coordinate source's identity.
    static COORDS: RefCell<HashMap<String, Option<Coord>>> = RefCell::new(HashMap::new());
    /// Scalar coordinates read from files, likewise.
    static SCALARS: RefCell<HashMap<String, Vec<Coord>>> = RefCell::new(HashMap::new());
}

/// The labels a file gives a loaded variable: its name, attributes and the coordinate
/// variable of each dimension (read whole, once per session).
fn source_labels(src: &crate::io::source::Source, n: usize) -> Labels {
    let io = time::source_io(src, n);
    let coords = (0..n)
        .map(|axis| {
            let key = format!("{src:?}#{axis}");
            if let Some(c) = COORDS.with(|m| m.borrow().get(&key).cloned()) {
                return c;
            }
            let c = (io.coord)(axis);
            COORDS.with(|m| m.borrow_mut().insert(key, c.clone()));
            c
        })
        .collect();
    let key = format!("{src:?}");
    let scalars = match SCALARS.with(|m| m.borrow().get(&key).cloned()) {
        Some(s) => s,
        None => {
            let s = (io.scalars)();
            SCALARS.with(|m| m.borrow_mut().insert(key, s.clone()));
            s
        }
    };
    Labels {
        name: io.name,
        dims: None,
        coords,
        scalars,
        attrs: Arc::new(io.attrs),
    }
}

/// A 1-D array holding `c` with `c` as its own coordinate (what `x.lat` gives).
pub fn coord_array(c: &Coord, span: crate::source::Span) -> Arr {
    let n = c.values.len();
    let labels = Labels {
        name: Some(c.name.clone()),
        dims: Some(vec![c.name.clone()]),
        coords: vec![Some(c.clone())],
        scalars: vec![],
        attrs: c.attrs.clone(),
    };
    values_of(c.values.to_vec(), vec![n], c.dtype, labels, span)
}

/// A 0-d array holding the scalar coordinate `c` (what `x.plev` gives after
/// `x.sel(plev=85000)`), with `c` as its own scalar coordinate, as xarray.
pub fn scalar_array(c: &Coord, span: crate::source::Span) -> Arr {
    let v = c.values.first().copied().unwrap_or(f64::NAN);
    let dtype = if c.text.is_some() {
        crate::dtype::DType::I64
    } else {
        c.dtype
    };
    let labels = Labels {
        name: Some(c.name.clone()),
        dims: Some(vec![]),
        coords: vec![],
        scalars: vec![c.clone()],
        attrs: c.attrs.clone(),
    };
    values_of(vec![v], vec![], dtype, labels, span)
}

/// A one-block array of a coordinate's `values` (kept as f64 in `Coord`) cast to `dtype`.
fn values_of(
    values: Vec<f64>,
    shape: Vec<usize>,
    dtype: crate::dtype::DType,
    labels: Labels,
    span: crate::source::Span,
) -> Arr {
    use super::node::{Meta, Node};
    use crate::kernels::Block;
    let chunks = shape
        .iter()
        .map(|&n| super::chunks::regular(n, n))
        .collect();
    let block = Block::F64(ndarray::ArrayD::from_shape_vec(shape.clone(), values).expect("sized"))
        .cast(dtype);
    let meta = Meta {
        shape,
        dtype: block.dtype(),
        chunks,
    };
    Node::new_labelled(Op::Literal(Arc::new(block)), vec![], meta, span, labels)
}
