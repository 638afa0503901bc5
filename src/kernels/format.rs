//! Printing: Block -> String, exactly the way numpy 2.x prints arrays (`repr` and `str`).
//!
//! This follows numpy's `arrayprint.py` step by step, with its default print options
//! (`precision=8`, `floatmode='maxprec'`, `threshold=1000`, `edgeitems=3`, `linewidth=75`):
//!
//! ```text
//! block --(summarise: keep edge items)--> visible elements
//!       --(IntegerFormat / BoolFormat / FloatingFormat: common width)--> words
//!       --(_formatArray: nested brackets, wrapping)--> "[...]"
//!       --(array_repr: `array(`, `dtype=`, `shape=` extras)--> "array([...])"
//! ```

use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, IxDyn};
mod float;
#[cfg(test)]
mod tests;

pub use float::py_complex;
use float::{format_complex, format_floats, py_complex_repr, py_float_repr};

/// The subset of numpy's print options (`np.set_printoptions`) arrlang supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintOptions {
    /// Maximum number of fractional digits of floats (numpy `precision`).
    pub precision: usize,
    /// Arrays with more elements than this are summarised with `...`.
    pub threshold: usize,
    /// Items kept at each end of a summarised axis.
    pub edgeitems: usize,
    /// Characters per line before wrapping.
    pub linewidth: usize,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            precision: 8,
            threshold: 1000,
            edgeitems: 3,
            linewidth: 75,
        }
    }
}

/// numpy's `repr(a)`: `array([1., 2.])`, `array([1, 2], dtype=int32)`, a 0-d array prints as
/// its scalar (`np.float64(3.0)` prints as `3.0`), with numpy's precision, alignment, line
/// wrapping at 75 columns and `...` summarisation above 1000 elements.
pub fn repr(b: &Block) -> String {
    repr_with(b, &PrintOptions::default())
}

/// numpy's `str(a)`: `[1. 2.]`; a 0-d array prints as its scalar.
pub fn str(b: &Block) -> String {
    str_with(b, &PrintOptions::default())
}

/// [`repr`] with explicit print options.
pub fn repr_with(b: &Block, o: &PrintOptions) -> String {
    if b.shape().is_empty() {
        return scalar_str(b);
    }
    let lst = array2string(b, o, ", ", "array(".len(), 1);
    repr_wrap(lst, b.shape(), b.dtype(), o)
}

/// numpy's `array_repr` around an already formatted body: `array(`, `shape=`, `dtype=`.
fn repr_wrap(lst: String, shape: &[usize], dtype: DType, o: &PrintOptions) -> String {
    let prefix = "array(";
    let size: usize = shape.iter().product();
    let mut extras = Vec::new();
    if (size == 0 && shape != [0]) || size > o.threshold {
        extras.push(format!("shape={}", py_tuple(shape)));
    }
    // int64, float64, complex128 and bool are what numpy infers from the printed values.
    if !matches!(dtype, DType::I64 | DType::F64 | DType::C128 | DType::Bool) || size == 0 {
        extras.push(format!("dtype={}", dtype.name()));
    }
    if extras.is_empty() {
        return format!("{prefix}{lst})");
    }
    let arr_str = format!("{prefix}{lst},");
    let extra_str = extras.join(", ") + ")";
    let last_line_len = arr_str.len() - arr_str.rfind('\n').map_or(0, |i| i + 1);
    let spacer = if last_line_len + extra_str.len() + 1 > o.linewidth {
        format!("\n{}", " ".repeat(prefix.len()))
    } else {
        " ".to_string()
    };
    arr_str + &spacer + &extra_str
}

/// [`str`] with explicit print options.
pub fn str_with(b: &Block, o: &PrintOptions) -> String {
    if b.shape().is_empty() {
        return scalar_str(b);
    }
    array2string(b, o, " ", 0, 0)
}

/// Which axes numpy abbreviates with `...` when printing an array of `shape`.
pub fn summarised_axes(shape: &[usize], o: &PrintOptions) -> Vec<bool> {
    let edge = o.edgeitems.max(1);
    let summarise = shape.iter().product::<usize>() > o.threshold;
    shape.iter().map(|&n| summarise && n > 2 * edge).collect()
}

/// The index ranges along each axis that printing an array of `shape` shows: the whole
/// axis, or its first and last `edgeitems` elements where it is abbreviated.
// `vec![0..n]`: one range, the whole axis (a `Vec` like the summarised axes' two).
#[allow(clippy::single_range_in_vec_init)]
pub fn visible_ranges(shape: &[usize], o: &PrintOptions) -> Vec<Vec<std::ops::Range<usize>>> {
    let edge = o.edgeitems.max(1);
    shape
        .iter()
        .zip(summarised_axes(shape, o))
        .map(|(&n, s)| {
            if s {
                vec![0..edge, n - edge..n]
            } else {
                vec![0..n]
            }
        })
        .collect()
}

/// [`repr`] of an array of `shape` from only its visible elements: `vis` holds, per axis,
/// the elements [`visible_ranges`] names, put together in order.
pub fn repr_visible(vis: &Block, shape: &[usize], o: &PrintOptions) -> String {
    if shape.is_empty() {
        return scalar_str(vis);
    }
    let lst = array2string_of(vis, shape, o, ", ", "array(".len(), 1);
    repr_wrap(lst, shape, vis.dtype(), o)
}

/// [`str`] of an array of `shape` from only its visible elements (see [`repr_visible`]).
pub fn str_visible(vis: &Block, shape: &[usize], o: &PrintOptions) -> String {
    if shape.is_empty() {
        return scalar_str(vis);
    }
    array2string_of(vis, shape, o, " ", 0, 0)
}

/// A 0-d block as numpy's `str` of its scalar (which matches Python's `repr` of floats).
fn scalar_str(b: &Block) -> String {
    match b {
        Block::Bool(a) => if first(a) { "True" } else { "False" }.to_string(),
        Block::I32(a) => first(a).to_string(),
        Block::I64(a) => first(a).to_string(),
        Block::I8(a) => first(a).to_string(),
        Block::I16(a) => first(a).to_string(),
        Block::U8(a) => first(a).to_string(),
        Block::U16(a) => first(a).to_string(),
        Block::U32(a) => first(a).to_string(),
        Block::U64(a) => first(a).to_string(),
        Block::F32(a) => py_float_repr(first(a)),
        Block::F64(a) => py_float_repr(first(a)),
        Block::C64(a) => {
            let z = first(a);
            py_complex_repr(z.re(), z.im())
        }
        Block::C128(a) => {
            let z = first(a);
            py_complex_repr(z.re(), z.im())
        }
    }
}

fn first<T: Copy>(a: &ArrayD<T>) -> T {
    *a.iter().next().expect("0-d block holds one element")
}

/// Python's tuple repr of a shape: `(5,)`, `(2, 0)`.
fn py_tuple(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// numpy's `_array2string` + `array2string`: the bracketed body without `array(`/`)`.
fn array2string(
    b: &Block,
    o: &PrintOptions,
    sep: &str,
    prefix_len: usize,
    suffix_len: usize,
) -> String {
    array2string_of(b, b.shape(), o, sep, prefix_len, suffix_len)
}

/// [`array2string`] of an array of `shape`, given either all of it (`b.shape() == shape`)
/// or only its visible elements (`b` has the shape of the summarised view).
fn array2string_of(
    b: &Block,
    shape: &[usize],
    o: &PrintOptions,
    sep: &str,
    prefix_len: usize,
    suffix_len: usize,
) -> String {
    if shape.contains(&0) {
        return "[]".to_string();
    }
    // numpy prints an axis's last item even with `edgeitems=0`; keeping one item per side
    // instead avoids a special case nobody needs.
    let o = &PrintOptions {
        edgeitems: o.edgeitems.max(1),
        ..o.clone()
    };
    let summ = summarised_axes(shape, o);
    // Abbreviate here only what `b` still holds in full.
    let cut: Vec<bool> = if b.shape() == shape {
        summ.clone()
    } else {
        vec![false; shape.len()]
    };
    let words = match b {
        Block::Bool(a) => visible(a, &cut, o.edgeitems)
            .into_iter()
            .map(|x| if x { " True" } else { "False" }.to_string())
            .collect(),
        Block::I8(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::I16(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::I32(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::I64(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::U8(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::U16(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::U32(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::U64(a) => format_ints(&visible(a, &cut, o.edgeitems)),
        Block::F32(a) => format_floats(&visible(a, &cut, o.edgeitems), o.precision),
        Block::F64(a) => format_floats(&visible(a, &cut, o.edgeitems), o.precision),
        Block::C64(a) => format_complex(&visible(a, &cut, o.edgeitems), o.precision),
        Block::C128(a) => format_complex(&visible(a, &cut, o.edgeitems), o.precision),
    };
    let vis_shape: Vec<usize> = shape
        .iter()
        .zip(&summ)
        .map(|(&n, &s)| if s { 2 * o.edgeitems } else { n })
        .collect();
    let f = ArrayFormatter {
        words: &words,
        shape: &vis_shape,
        summ: &summ,
        edge: o.edgeitems,
        sep,
    };
    let line_width = o.linewidth as isize - suffix_len as isize;
    f.recurse(0, 0, &" ".repeat(1 + prefix_len), line_width)
}

/// numpy's `_leading_trailing`: the elements left after summarising, in C order.
fn visible<T: Copy>(a: &ArrayD<T>, summ: &[bool], edge: usize) -> Vec<T> {
    if !summ.iter().any(|&s| s) {
        return a.iter().copied().collect();
    }
    let shape = a.shape();
    let vis: Vec<usize> = shape
        .iter()
        .zip(summ)
        .map(|(&n, &s)| if s { 2 * edge } else { n })
        .collect();
    let total: usize = vis.iter().product();
    let mut idx = vec![0usize; shape.len()];
    let mut orig = vec![0usize; shape.len()];
    let mut out = Vec::with_capacity(total);
    for _ in 0..total {
        for d in 0..shape.len() {
            orig[d] = if summ[d] && idx[d] >= edge {
                shape[d] - 2 * edge + idx[d]
            } else {
                idx[d]
            };
        }
        out.push(a[IxDyn(&orig)]);
        for d in (0..shape.len()).rev() {
            idx[d] += 1;
            if idx[d] < vis[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    out
}

/// numpy's `IntegerFormat`: right-aligned to the longer of the max and min.
fn format_ints<T: Copy + Ord + Default + std::fmt::Display>(v: &[T]) -> Vec<String> {
    let (max, min) = (
        v.iter().max().copied().unwrap_or_default(),
        v.iter().min().copied().unwrap_or_default(),
    );
    let w = max.to_string().len().max(min.to_string().len());
    v.iter().map(|x| format!("{x:>w$}")).collect()
}

/// numpy's `_formatArray`, over the already formatted visible elements.
struct ArrayFormatter<'a> {
    words: &'a [String],
    /// Shape of the visible (summarised) array that `words` fills in C order.
    shape: &'a [usize],
    /// Which axes are summarised: their visible length is `2 * edge`.
    summ: &'a [bool],
    edge: usize,
    sep: &'a str,
}

impl ArrayFormatter<'_> {
    fn recurse(&self, axis: usize, offset: usize, hanging: &str, curr_width: isize) -> String {
        let axes_left = self.shape.len() - axis;
        let next_hanging = format!("{hanging} ");
        let next_width = curr_width - 1;
        let n = self.shape[axis];
        let stride: usize = self.shape[axis + 1..].iter().product();
        let show_summary = self.summ[axis];
        let lead = if show_summary { self.edge } else { 0 };
        let mut s = String::new();
        if axes_left == 1 {
            let elem_width = curr_width - self.sep.trim_end().len().max(1) as isize;
            let mut line = hanging.to_string();
            for i in 0..lead {
                extend_line(
                    &mut s,
                    &mut line,
                    &self.words[offset + i],
                    elem_width,
                    hanging,
                );
                line += self.sep;
            }
            if show_summary {
                extend_line(&mut s, &mut line, "...", elem_width, hanging);
                line += self.sep;
            }
            for i in lead..n - 1 {
                extend_line(
                    &mut s,
                    &mut line,
                    &self.words[offset + i],
                    elem_width,
                    hanging,
                );
                line += self.sep;
            }
            extend_line(
                &mut s,
                &mut line,
                &self.words[offset + n - 1],
                elem_width,
                hanging,
            );
            s += &line;
        } else {
            let line_sep = format!("{}{}", self.sep.trim_end(), "\n".repeat(axes_left - 1));
            for i in 0..lead {
                s += hanging;
                s += &self.recurse(axis + 1, offset + i * stride, &next_hanging, next_width);
                s += &line_sep;
            }
            if show_summary {
                s += hanging;
                s += "...";
                s += &line_sep;
            }
            for i in lead..n {
                s += hanging;
                s += &self.recurse(axis + 1, offset + i * stride, &next_hanging, next_width);
                if i + 1 < n {
                    s += &line_sep;
                }
            }
        }
        format!("[{}]", &s[hanging.len()..])
    }
}

/// numpy's `_extendLine`: wrap before `word` if it would pass `width`, unless wrapping
/// cannot help because the line holds only the indent.
fn extend_line(s: &mut String, line: &mut String, word: &str, width: isize, prefix: &str) {
    let needs_wrap = (line.len() + word.len()) as isize > width && line.len() > prefix.len();
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = prefix.to_string();
    }
    line.push_str(word);
}
