//! Embedding: in-memory arrays bound to names + a program -> its results as whole blocks
//! (with their labels) instead of printed text. The Python package (`python/`) is built on
//! this; nothing here knows Python.
//!
//! ```text
//! bind_array("x", MemorySource)   x = load(<memory>)   (read block by block, no whole copy)
//! Program::compile(session, src)  statements run lazily; the last bare expression is kept
//! Program::run()                  other outputs (print, save, imshow) as a script runs them,
//!                                 then the kept value computed whole -> Computed
//! ```

use crate::cluster::Want;
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::interp::Output;
use crate::expr::labels::Labels;
use crate::expr::value::Value;
use crate::io::memory::MemorySource;
use crate::io::source::ArraySource;
use crate::kernels::Block;
use crate::lower::{lower, Request};
use crate::session::{Failure, Session};
use crate::syntax::{ast::Stmt, parser};
use std::sync::Arc;

/// A computed value handed back to the host.
#[derive(Debug, Clone)]
pub enum Computed {
    /// A whole array (its own buffer: hand it over without copying) and its labels.
    Array(Block, Labels),
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    None,
    Tuple(Vec<Computed>),
    List(Vec<Computed>),
    /// Anything else (a function, a dtype, a groupby): its repr.
    Other(String),
}

/// What running a program gives: the text its `print`s, earlier bare expressions and
/// pictures wrote, and the value of its last statement when that is a bare expression.
#[derive(Debug)]
pub struct Outcome {
    pub printed: String,
    pub value: Option<Computed>,
}

/// Binds `name` to an in-memory array chunked `chunks` (one block length per axis; None:
/// the session's default, automatic or `Options::default_chunk`).
pub fn bind_array(
    s: &mut Session,
    name: &str,
    src: MemorySource,
    chunks: Option<&[usize]>,
) -> Result<(), Failure> {
    let shape = src.shape().to_vec();
    let chunks = match chunks {
        Some(c) if c.len() != shape.len() => {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                format!(
                    "chunks of `{name}` give {} lengths for an array of {} axes",
                    c.len(),
                    shape.len()
                ),
            )
            .into())
        }
        Some(c) => {
            crate::expr::limits::check_grid(&shape, c, src.dtype().size())
                .map_err(Failure::from)?;
            shape
                .iter()
                .zip(c)
                .map(|(&n, &k)| crate::expr::chunks::regular(n, k))
                .collect()
        }
        None => s
            .interp
            .default_chunks(&shape, src.dtype().size())
            .map_err(Failure::from)?,
    };
    let source: crate::io::source::Source = Arc::new(src);
    let a = crate::expr::files::node(source, chunks, 0..0);
    s.interp.globals.insert(name.to_string(), Value::Array(a));
    Ok(())
}

/// Binds `name` to a scalar or string.
pub fn bind(s: &mut Session, name: &str, v: Value) {
    s.interp.globals.insert(name.to_string(), v);
}

/// A program run lazily in a session: its outputs queued, its last bare expression kept.
pub struct Program {
    pub session: Session,
    outputs: Vec<Output>,
    value: Option<Value>,
}

impl Program {
    /// Runs the statements of `src` (nothing is computed; errors of names, shapes and
    /// dtypes show here).
    pub fn compile(mut session: Session, src: &str) -> Result<Program, Failure> {
        session.exec(src)?;
        let mut outputs = std::mem::take(&mut session.interp.outputs);
        let last_expr = parser::parse(src).ok().and_then(|p| match p.stmts.last() {
            Some(s) => match &s.node {
                Stmt::Expr(e) => Some(e.span.clone()),
                _ => None,
            },
            None => None,
        });
        let value = match (outputs.last(), last_expr) {
            (Some(Output::Show(_, span)), Some(e)) if *span == e => match outputs.pop() {
                Some(Output::Show(v, _)) => Some(v),
                _ => None,
            },
            _ => None,
        };
        Ok(Program {
            session,
            outputs,
            value,
        })
    }

    /// The kept value (the last bare expression), uncomputed.
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// Runs the queued outputs, then computes the kept value whole.
    pub fn run(&mut self) -> Result<Outcome, Failure> {
        self.session.interp.outputs = self.outputs.clone();
        // On a cluster, a worker rebuilds each computation's graph: it is told which one.
        self.session.want = Want::Printed;
        let printed = self.session.flush();
        self.session.want = Want::Outputs;
        let printed = printed?;
        let value = match self.value.clone() {
            Some(v) => {
                self.session.want = Want::Value;
                let c = compute(&mut self.session, &[v]);
                self.session.want = Want::Outputs;
                Some(c?.remove(0))
            }
            None => None,
        };
        Ok(Outcome { printed, value })
    }

    /// Computes the values of global names, together in one pass.
    pub fn get(&mut self, names: &[&str]) -> Result<Vec<Computed>, Failure> {
        let values = names
            .iter()
            .map(|n| {
                self.session.interp.globals.get(*n).cloned().ok_or_else(|| {
                    Failure::from(Diagnostic::new(
                        codes::UNKNOWN_NAME,
                        format!("unknown name `{n}`"),
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.session.want = Want::Names(names.iter().map(|n| n.to_string()).collect());
        let c = compute(&mut self.session, &values);
        self.session.want = Want::Outputs;
        c
    }

    /// The optimized task graph that `run` computes, as DOT.
    pub fn graph_dot(&self) -> String {
        let mut reqs = crate::session::requests(&self.outputs);
        if let Some(v) = &self.value {
            arrays_of(v, &mut reqs);
        }
        let mut g = lower(&reqs);
        if self.session.opts.optimize {
            crate::optimize::optimize(&mut g);
        }
        g.to_dot()
    }
}

/// A cluster worker's rebuild of an embedded program's computation `want` (see
/// [`crate::cluster::Want`]): `src` compiled in `s` (the earlier entries replayed), then the
/// computation planned, not run: its optimized graph.
pub fn plan_on_worker(
    s: Session,
    src: &str,
    want: &Want,
) -> Result<crate::graph::TaskGraph, String> {
    let mut p = Program::compile(s, src).map_err(|f| f.render("<python>", src, false))?;
    p.session.plan_only = true;
    p.session.want = want.clone();
    let result = match want {
        Want::Outputs | Want::Printed => {
            p.session.interp.outputs = p.outputs.clone();
            p.session.flush().map(|_| ())
        }
        Want::Value => match p.value.clone() {
            Some(v) => compute(&mut p.session, &[v]).map(|_| ()),
            None => Ok(()),
        },
        Want::Names(names) => {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            p.get(&refs).map(|_| ())
        }
    };
    match (p.session.planned.take(), result) {
        (Some(g), _) => Ok(g),
        (None, Err(f)) => Err(f.render("<python>", src, false)),
        (None, Ok(())) => Err("the program computes nothing on this worker".into()),
    }
}

/// The arrays a value needs computed whole (both sides of a mask selection).
fn arrays_of(v: &Value, reqs: &mut Vec<Request>) {
    match v {
        Value::Array(a) => reqs.push(Request::Value(a.clone())),
        Value::Masked(m) => {
            reqs.push(Request::Value(m.x.clone()));
            reqs.push(Request::Value(m.mask.clone()));
        }
        Value::Tuple(items) | Value::List(items) => items.iter().for_each(|i| arrays_of(i, reqs)),
        _ => {}
    }
}

/// Computes `values` whole, in one pass over the data.
pub fn compute(s: &mut Session, values: &[Value]) -> Result<Vec<Computed>, Failure> {
    let mut reqs = Vec::new();
    values.iter().for_each(|v| arrays_of(v, &mut reqs));
    let mut blocks = s.compute(&reqs)?.into_iter();
    let mut next = || {
        blocks.next().flatten().ok_or_else(|| {
            Failure::from(Diagnostic::new(
                codes::INTERNAL,
                "internal error: a requested array was not computed",
            ))
        })
    };
    fn build(
        v: &Value,
        next: &mut dyn FnMut() -> Result<Block, Failure>,
    ) -> Result<Computed, Failure> {
        Ok(match v {
            Value::Array(a) => Computed::Array(next()?, crate::expr::labels::labels(a)),
            Value::Masked(m) => {
                let x = next()?;
                let mask = next()?;
                let l = Labels::default();
                Computed::Array(crate::expr::mask::shown(m, &x, &mask), l)
            }
            Value::Tuple(items) => Computed::Tuple(
                items
                    .iter()
                    .map(|i| build(i, next))
                    .collect::<Result<_, _>>()?,
            ),
            Value::List(items) => Computed::List(
                items
                    .iter()
                    .map(|i| build(i, next))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Int(i) => Computed::Int(*i),
            Value::Float(f) => Computed::Float(*f),
            Value::Bool(b) => Computed::Bool(*b),
            Value::Str(t) => Computed::Str(t.clone()),
            Value::None => Computed::None,
            other => Computed::Other(crate::session::show_repr(other)),
        })
    }
    values.iter().map(|v| build(v, &mut next)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Options;
    use ndarray::ArrayD;

    fn session() -> Session {
        Session::new(Options {
            threads: 2,
            default_chunk: Some(2),
            ..Options::default()
        })
    }

    fn f64s(v: &Computed) -> Vec<f64> {
        match v {
            Computed::Array(b, _) => b.to_f64_vec(),
            other => panic!("not an array: {other:?}"),
        }
    }

    #[test]
    fn bound_array_is_read_in_chunks_and_summed() {
        let mut s = session();
        let x = ArrayD::from_shape_vec(vec![3, 4], (0..12).map(|i| i as f64).collect()).unwrap();
        bind_array(&mut s, "x", MemorySource::owned(Block::F64(x)), None).unwrap();
        bind(&mut s, "k", Value::Int(10));
        let mut p = Program::compile(s, "y = x * k\ny.sum(axis=0)").unwrap();
        let out = p.run().unwrap();
        assert_eq!(out.printed, "");
        // Columns of 0..12 in 3x4: 12, 15, 18, 21, times 10.
        assert_eq!(f64s(&out.value.unwrap()), vec![120., 150., 180., 210.]);
        let got = p.get(&["y"]).unwrap();
        assert_eq!(f64s(&got[0])[11], 110.);
    }

    #[test]
    fn printed_outputs_and_no_value_after_assignment() {
        let s = session();
        let mut p = Program::compile(s, "print(arange(3))\na = 1").unwrap();
        let out = p.run().unwrap();
        assert_eq!(out.printed, "[0 1 2]\n");
        assert!(out.value.is_none());
    }

    #[test]
    fn unknown_name_fails_at_compile() {
        let Err(f) = Program::compile(session(), "zz + 1") else {
            panic!("compiled")
        };
        assert_eq!(f.diagnostics[0].code, codes::UNKNOWN_NAME);
    }
}
