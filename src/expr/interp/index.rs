//! The interpreter's indexing: `x[...]` reads and `x[...] = v` / `x[...] op= v` updates.

use super::{check_same_kind, same_kind, Interp, Result};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build::{self};
use crate::expr::functions;
use crate::expr::value::Value;
use crate::source::{Span, Spanned};
use crate::syntax::ast::{BinOp, Expr, Index};
use std::collections::HashMap;
use std::rc::Rc;

impl Interp {
    pub(super) fn index(
        &mut self,
        v: Value,
        vspan: Span,
        indices: &[Spanned<Index>],
        locals: &HashMap<String, Value>,
        span: Span,
    ) -> Result<Value> {
        match v {
            Value::Tuple(items) | Value::List(items) => {
                if indices.len() != 1 {
                    return Err(
                        Diagnostic::new(codes::INDEX, "tuples take one index").label(span, "here")
                    );
                }
                match &indices[0].node {
                    Index::Expr(e) => {
                        let i = functions::to_int(&self.eval(e, locals)?, &e.span)?;
                        let n = items.len() as i64;
                        if i < -n || i >= n {
                            return Err(Diagnostic::new(
                                codes::INDEX,
                                format!("tuple index `{i}` out of range"),
                            )
                            .label(e.span.clone(), format!("the tuple has {n} items")));
                        }
                        Ok(items[(if i < 0 { i + n } else { i }) as usize].clone())
                    }
                    Index::Slice { start, stop, step } => {
                        let g = |x: &Option<Spanned<Expr>>, me: &mut Self| -> Result<Option<i64>> {
                            x.as_ref()
                                .map(|e| {
                                    me.eval(e, locals)
                                        .and_then(|v| functions::to_int(&v, &e.span))
                                })
                                .transpose()
                        };
                        let (a, b, c) = (g(start, self)?, g(stop, self)?, g(step, self)?);
                        let (s, len, st) = build::slice_indices(a, b, c, items.len());
                        Ok(Value::Tuple(
                            (0..len)
                                .map(|i| items[(s as isize + i as isize * st) as usize].clone())
                                .collect(),
                        ))
                    }
                    Index::Ellipsis => Ok(Value::Tuple(items)),
                }
            }
            Value::Array(a) => {
                let items = self.array_items(indices, locals)?;
                if let [crate::expr::fancy::Item::Array(m, mspan)] = items.as_slice() {
                    if m.dtype() == crate::dtype::DType::Bool
                        && m.ndim() > 0
                        && m.shape() == a.shape()
                    {
                        let sel = crate::expr::mask::select(&a, vspan, m, mspan.clone(), span)?;
                        return Ok(Value::Masked(Rc::new(sel)));
                    }
                }
                if let Some(sel) = crate::expr::fancy::axis_mask(&a, &items, &span)? {
                    return Ok(Value::Masked(Rc::new(sel)));
                }
                Ok(Value::Array(crate::expr::fancy::getitem(&a, items, span)?))
            }
            other => Err(Diagnostic::new(
                codes::TYPE,
                format!("a `{}` cannot be indexed", other.type_name()),
            )
            .label(vspan, format!("this is a {}", other.type_name()))),
        }
    }

    /// The items of an array index, evaluated: integers, slices, `None`, `...`, and arrays
    /// (lists become arrays; an empty list is an empty int64 array).
    pub(super) fn array_items(
        &mut self,
        indices: &[Spanned<Index>],
        locals: &HashMap<String, Value>,
    ) -> Result<Vec<crate::expr::fancy::Item>> {
        use crate::expr::fancy::Item;
        let mut items = Vec::new();
        for ix in indices {
            items.push(match &ix.node {
                Index::Ellipsis => Item::Basic(build::IndexItem::Ellipsis(ix.span.clone())),
                Index::Expr(e) => match self.eval(e, locals)? {
                    Value::None => Item::Basic(build::IndexItem::NewAxis),
                    Value::Array(a) if a.ndim() > 0 || !a.dtype().is_float() => {
                        Item::Array(a, e.span.clone())
                    }
                    v @ Value::List(_) => {
                        let mut a = functions::to_array(self, &v, &e.span)?;
                        if a.meta.size() == 0 {
                            a = build::astype(&a, crate::dtype::DType::I64, e.span.clone())?;
                        }
                        Item::Array(a, e.span.clone())
                    }
                    Value::Masked(m) => {
                        return Err(crate::expr::mask::needs_shape(
                            &m,
                            "an index",
                            e.span.clone(),
                        ))
                    }
                    other => Item::Basic(build::IndexItem::Int(
                        functions::to_int(&other, &e.span)?,
                        e.span.clone(),
                    )),
                },
                Index::Slice { start, stop, step } => {
                    let mut g = |x: &Option<Spanned<Expr>>| -> Result<Option<i64>> {
                        x.as_ref()
                            .map(|e| {
                                let v = self.eval(e, locals)?;
                                if matches!(v, Value::None) {
                                    Ok(None)
                                } else {
                                    functions::to_int(&v, &e.span).map(Some)
                                }
                            })
                            .transpose()
                            .map(|o| o.flatten())
                    };
                    Item::Basic(build::IndexItem::Slice(
                        g(start)?,
                        g(stop)?,
                        g(step)?,
                        ix.span.clone(),
                    ))
                }
            });
        }
        Ok(items)
    }

    /// `x[i] = v`, `x += v`, `x[i] += v`: the new value of `x` (a new lazy array).
    pub(super) fn update(
        &mut self,
        target: &Spanned<String>,
        indices: Option<&[Spanned<Index>]>,
        op: Option<&Spanned<BinOp>>,
        value: &Spanned<Expr>,
        span: Span,
    ) -> Result<Value> {
        let none = HashMap::new();
        let cur = self.lookup(&target.node, &target.span, &none)?;
        let v = self.eval(value, &none)?;
        let Some(indices) = indices else {
            let op = op.expect("an update without an index has an operator");
            let r = self.binary(
                op.node,
                (cur.clone(), target.span.clone()),
                (v, value.span.clone()),
                span.clone(),
            )?;
            return same_kind(&cur, r, op, &span);
        };
        let Value::Array(x) = &cur else {
            return Err(Diagnostic::new(
                codes::TYPE,
                format!("a `{}` does not support item assignment", cur.type_name()),
            )
            .label(
                target.span.clone(),
                format!("this is a {}", cur.type_name()),
            ));
        };
        let items = self.array_items(indices, &none)?;
        let ispan = indices[0].span.start..indices[indices.len() - 1].span.end;
        let v = match op {
            None => v,
            Some(op) => {
                let old = match items.as_slice() {
                    [crate::expr::fancy::Item::Array(m, mspan)]
                        if m.dtype() == crate::dtype::DType::Bool && m.shape() == x.shape() =>
                    {
                        Value::Masked(Rc::new(crate::expr::mask::select(
                            x,
                            target.span.clone(),
                            m,
                            mspan.clone(),
                            span.clone(),
                        )?))
                    }
                    _ => Value::Array(crate::expr::fancy::getitem(x, items.clone(), span.clone())?),
                };
                let r = match old {
                    Value::Masked(m) => {
                        // Elementwise over the whole array, then selected by the mask.
                        let r = self.binary(
                            op.node,
                            (Value::Array(m.x.clone()), target.span.clone()),
                            (v, value.span.clone()),
                            span.clone(),
                        )?;
                        let Value::Array(r) = r else {
                            unreachable!("an array operand gives an array")
                        };
                        Value::Masked(Rc::new(crate::expr::mask::Masked {
                            x: r,
                            mask: m.mask.clone(),
                            span: m.span.clone(),
                            lanes: m.lanes,
                            axis: m.axis,
                        }))
                    }
                    old => self.binary(
                        op.node,
                        (old, ispan.clone()),
                        (v, value.span.clone()),
                        span.clone(),
                    )?,
                };
                let got = match &r {
                    Value::Array(a) => Some(a.dtype()),
                    Value::Masked(m) => Some(m.x.dtype()),
                    _ => None,
                };
                if let Some(d) = got {
                    check_same_kind(d, x.dtype(), op, &span)?;
                }
                r
            }
        };
        if let [crate::expr::fancy::Item::Array(m, mspan)] = items.as_slice() {
            if m.dtype() == crate::dtype::DType::Bool && m.shape() == x.shape() && m.ndim() > 0 {
                let val = match &v {
                    Value::Masked(sel) if sel.mask.key == m.key => {
                        (build::Operand::Array(sel.x.clone()), value.span.clone())
                    }
                    Value::Masked(sel) => {
                        return Err(crate::expr::mask::needs_shape(
                            sel,
                            "assigning",
                            value.span.clone(),
                        )
                        .note("x[m] = y[m] works when both selections use the same mask"))
                    }
                    other => (
                        functions::to_operand(self, other, &value.span)?,
                        value.span.clone(),
                    ),
                };
                let r = crate::expr::fancy::set_masked(x, m, mspan.clone(), val, span)?;
                return Ok(Value::Array(r));
            }
        }
        let val = match &v {
            Value::Masked(sel) => {
                return Err(crate::expr::mask::needs_shape(
                    sel,
                    "assigning",
                    value.span.clone(),
                ))
            }
            other => functions::to_operand(self, other, &value.span)?,
        };
        Ok(Value::Array(crate::expr::fancy::setitem(
            x,
            items,
            (val, value.span.clone()),
            span,
        )?))
    }
}
