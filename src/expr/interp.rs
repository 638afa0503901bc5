//! The interpreter: AST statements -> values (lazy arrays, scalars) in an environment.
//! Nothing is computed here; the session collects the outputs and computes them together.

use super::build::{self, Operand};
use super::functions;
use super::node::Arr;
use super::value::{UserFn, Value};
use crate::diagnostic::{codes, Diagnostic};
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::Scalar;
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, BinOp, Expr, Index, Stmt, UnOp};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

pub type Result<T> = std::result::Result<T, Diagnostic>;

/// Something a statement asks to show or write.
#[derive(Debug, Clone)]
pub enum Output {
    /// A bare expression's value (numpy repr).
    Show(Value, Span),
    /// `print(a, b)`: values joined by spaces (numpy str).
    Print(Vec<Value>, Span),
    /// `save("x.npy", a)`
    SaveNpy(PathBuf, Arr, Span),
    /// `save("x.nc", "name", a, dims=..., attrs=..., compress=...)`: one variable of a
    /// netCDF-4 file (several calls may fill one file).
    SaveNc(PathBuf, crate::io::netcdf4::Nc4Var, Arr, Span),
    /// `imshow(a)`, `plot(a)`: a PNG drawn from the computed array.
    Picture(Arr, crate::render::Spec, Span),
}

/// Settings that change how arrays are made.
#[derive(Debug, Clone, Default)]
pub struct InterpOptions {
    /// Chunk length per axis used where `chunks=` is omitted (tests); None: automatic.
    pub default_chunk: Option<usize>,
}

/// Call arguments after evaluation.
#[derive(Debug, Clone)]
pub struct CallArgs {
    pub pos: Vec<(Value, Span)>,
    pub kw: Vec<(String, Value, Span)>,
    pub span: Span,
}

pub struct Interp {
    pub globals: HashMap<String, Value>,
    pub outputs: Vec<Output>,
    pub opts: InterpOptions,
    depth: usize,
    /// Seeds for `random` calls without `seed=`: fixed per session so reruns agree.
    pub next_seed: u64,
}

impl Interp {
    pub fn new(opts: InterpOptions) -> Interp {
        let mut globals = HashMap::new();
        functions::install(&mut globals);
        Interp {
            globals,
            outputs: Vec::new(),
            opts,
            depth: 0,
            next_seed: 0x5eed,
        }
    }

    /// Defines every `fn` of the program first, so functions can be used before their line.
    pub fn define_functions(&mut self, prog: &ast::Program, origin: Rc<str>) {
        for s in &prog.stmts {
            if let Stmt::FnDef {
                name,
                params,
                body,
                doc,
            } = &s.node
            {
                let f = UserFn {
                    name: name.node.clone(),
                    params: params.clone(),
                    body: body.clone(),
                    doc: doc.clone(),
                    origin: origin.clone(),
                };
                self.globals
                    .insert(name.node.clone(), Value::Func(Rc::new(f)));
            }
        }
    }

    /// Whether a user function is being evaluated (its spans point into its own source).
    pub fn in_function(&self) -> bool {
        self.depth > 0
    }

    /// Runs one statement.
    pub fn exec(&mut self, stmt: &Spanned<Stmt>) -> Result<()> {
        match &stmt.node {
            Stmt::FnDef { .. } => Ok(()),
            Stmt::Assign { targets, value } => {
                let v = self.eval(value, &HashMap::new())?;
                if targets.len() == 1 {
                    self.globals.insert(targets[0].node.clone(), v);
                    return Ok(());
                }
                let items = match v {
                    Value::Tuple(items) | Value::List(items) => items,
                    other => {
                        return Err(Diagnostic::new(
                            codes::TYPE,
                            format!("cannot unpack a value of type `{}`", other.type_name()),
                        )
                        .label(
                            value.span.clone(),
                            format!("expected {} values", targets.len()),
                        ))
                    }
                };
                if items.len() != targets.len() {
                    return Err(Diagnostic::new(
                        codes::TYPE,
                        format!(
                            "expected {} values to unpack, got {}",
                            targets.len(),
                            items.len()
                        ),
                    )
                    .label(
                        value.span.clone(),
                        format!("this gives {} values", items.len()),
                    ));
                }
                for (t, v) in targets.iter().zip(items) {
                    self.globals.insert(t.node.clone(), v);
                }
                Ok(())
            }
            Stmt::Expr(e) => {
                // `print(...)` and `save(...)` record their own outputs and give None.
                let v = self.eval(e, &HashMap::new())?;
                if !matches!(v, Value::None) {
                    self.outputs.push(Output::Show(v, e.span.clone()));
                }
                Ok(())
            }
        }
    }

    fn lookup(&self, name: &str, span: &Span, locals: &HashMap<String, Value>) -> Result<Value> {
        self.lookup_as(name, span, locals, false)
    }

    /// A name's value; when unbound, the error suggests a close name of the same kind (a
    /// function where it is called, a value elsewhere) or numpy's spelling's arrlang form.
    fn lookup_as(
        &self,
        name: &str,
        span: &Span,
        locals: &HashMap<String, Value>,
        called: bool,
    ) -> Result<Value> {
        if let Some(v) = locals.get(name).or_else(|| self.globals.get(name)) {
            return Ok(v.clone());
        }
        let mut d = Diagnostic::new(codes::UNKNOWN_NAME, format!("unknown name `{name}`"))
            .label(span.clone(), "not defined");
        if let Some(hint) = functions::spellings::hint(name) {
            return Err(d.note(hint));
        }
        let same_kind = |v: &Value| {
            matches!(v, Value::Builtin(_) | Value::Func(_) | Value::Method(..)) == called
        };
        let candidates = locals
            .iter()
            .chain(self.globals.iter())
            .filter(|(_, v)| same_kind(v))
            .map(|(k, _)| k);
        if let Some(best) = suggest(name, candidates) {
            d = d.note(format!("did you mean `{best}`?"));
        }
        Err(d)
    }

    /// Evaluates an expression (locals: a user function's parameters).
    pub fn eval(&mut self, e: &Spanned<Expr>, locals: &HashMap<String, Value>) -> Result<Value> {
        let span = e.span.clone();
        Ok(match &e.node {
            Expr::Int(i) => Value::Int(*i),
            Expr::Float(f) => Value::Float(*f),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::None => Value::None,
            Expr::Name(n) => self.lookup(n, &span, locals)?,
            Expr::Tuple(items) => Value::Tuple(
                items
                    .iter()
                    .map(|i| self.eval(i, locals))
                    .collect::<Result<_>>()?,
            ),
            Expr::List(items) => Value::List(
                items
                    .iter()
                    .map(|i| self.eval(i, locals))
                    .collect::<Result<_>>()?,
            ),
            Expr::Unary { op, operand } => {
                let v = self.eval(operand, locals)?;
                self.unary(*op, v, operand.span.clone(), span)?
            }
            Expr::Binary { op, lhs, rhs } => {
                let a = self.eval(lhs, locals)?;
                let b = self.eval(rhs, locals)?;
                self.binary(*op, (a, lhs.span.clone()), (b, rhs.span.clone()), span)?
            }
            Expr::Compare { first, rest } => {
                let mut prev = (self.eval(first, locals)?, first.span.clone());
                let mut acc: Option<(Value, Span)> = None;
                for (op, e) in rest {
                    let v = (self.eval(e, locals)?, e.span.clone());
                    let sp = prev.1.start..v.1.end;
                    let r = self.binary(*op, prev, v.clone(), sp.clone())?;
                    acc = Some(match acc {
                        None => (r, sp),
                        Some((Value::Bool(a), asp)) => match r {
                            Value::Bool(b) => (Value::Bool(a && b), asp.start..sp.end),
                            r => {
                                let all = asp.start..sp.end;
                                (
                                    self.binary(
                                        BinOp::And,
                                        (Value::Bool(a), asp),
                                        (r, sp),
                                        all.clone(),
                                    )?,
                                    all,
                                )
                            }
                        },
                        Some((a, asp)) => {
                            let all = asp.start..sp.end;
                            (
                                self.binary(BinOp::And, (a, asp), (r, sp), all.clone())?,
                                all,
                            )
                        }
                    });
                    prev = v;
                }
                acc.expect("a chain has two comparisons").0
            }
            Expr::Attr { value, name } => {
                let v = self.eval(value, locals)?;
                functions::attribute(self, v, &name.node, value.span.clone(), name.span.clone())?
            }
            Expr::Index { value, indices } => {
                let v = self.eval(value, locals)?;
                self.index(v, value.span.clone(), indices, locals, span)?
            }
            Expr::Call { func, args } => {
                let f = match &func.node {
                    Expr::Name(n) => self.lookup_as(n, &func.span, locals, true)?,
                    _ => self.eval(func, locals)?,
                };
                let mut pos = Vec::new();
                let mut kw: Vec<(String, Value, Span)> = Vec::new();
                for a in args {
                    let v = self.eval(&a.value, locals)?;
                    match &a.name {
                        None => {
                            if !kw.is_empty() {
                                return Err(Diagnostic::new(
                                    codes::ARGUMENT,
                                    "positional argument follows keyword argument",
                                )
                                .label(a.value.span.clone(), "positional"));
                            }
                            pos.push((v, a.value.span.clone()))
                        }
                        Some(n) => {
                            if kw.iter().any(|k| k.0 == n.node) {
                                return Err(Diagnostic::new(
                                    codes::ARGUMENT,
                                    format!("keyword argument `{}` repeated", n.node),
                                )
                                .label(n.span.clone(), "repeated"));
                            }
                            kw.push((n.node.clone(), v, n.span.start..a.value.span.end))
                        }
                    }
                }
                self.call(
                    f,
                    CallArgs {
                        pos,
                        kw,
                        span: span.clone(),
                    },
                    func.span.clone(),
                )?
            }
        })
    }

    /// Calls a function value.
    pub fn call(&mut self, f: Value, mut args: CallArgs, fspan: Span) -> Result<Value> {
        match f {
            Value::Builtin(name) => functions::call(self, name, args),
            Value::Method(recv, name) => {
                let rspan = fspan.clone();
                args.pos.insert(0, (*recv, rspan));
                functions::call_method(self, &name, args)
            }
            Value::Func(uf) => self.call_user(&uf, args),
            other => Err(Diagnostic::new(
                codes::TYPE,
                format!("`{}` is not callable", other.type_name()),
            )
            .label(fspan, "called here")),
        }
    }

    fn call_user(&mut self, f: &Rc<UserFn>, args: CallArgs) -> Result<Value> {
        let sig = format!(
            "{}({})",
            f.name,
            f.params
                .iter()
                .map(|p| if p.default.is_some() {
                    format!("{}=…", p.name.node)
                } else {
                    p.name.node.clone()
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        if args.pos.len() > f.params.len() {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                format!(
                    "`{}` takes {} arguments but {} were given",
                    f.name,
                    f.params.len(),
                    args.pos.len()
                ),
            )
            .label(args.span.clone(), "in this call")
            .note(format!("signature: {sig}")));
        }
        let mut locals: HashMap<String, Value> = HashMap::new();
        for (p, (v, _)) in f.params.iter().zip(args.pos) {
            locals.insert(p.name.node.clone(), v);
        }
        for (k, v, sp) in args.kw {
            if !f.params.iter().any(|p| p.name.node == k) {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!("`{}` got an unexpected keyword argument `{k}`", f.name),
                )
                .label(sp, "unknown keyword")
                .note(format!("signature: {sig}")));
            }
            if locals.insert(k.clone(), v).is_some() {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!("`{}` got multiple values for argument `{k}`", f.name),
                )
                .label(sp, "given twice"));
            }
        }
        for p in &f.params {
            if !locals.contains_key(&p.name.node) {
                match &p.default {
                    Some(d) => {
                        let v = self.eval(d, &HashMap::new())?;
                        locals.insert(p.name.node.clone(), v);
                    }
                    None => {
                        return Err(Diagnostic::new(
                            codes::ARGUMENT,
                            format!("`{}` is missing the argument `{}`", f.name, p.name.node),
                        )
                        .label(args.span.clone(), "in this call")
                        .note(format!("signature: {sig}")))
                    }
                }
            }
        }
        if self.depth > 200 {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                "too many nested calls (recursion is not supported)",
            )
            .label(args.span.clone(), "here"));
        }
        self.depth += 1;
        let r = self.eval(&f.body, &locals);
        self.depth -= 1;
        // Errors inside a stdlib body point at the call site: the body is another file.
        r.map_err(|d| {
            if Rc::ptr_eq(&f.origin, &functions::stdlib_origin()) {
                relabel(d, args.span.clone(), &f.name)
            } else {
                d
            }
        })
    }

    fn unary(&mut self, op: UnOp, v: Value, vspan: Span, span: Span) -> Result<Value> {
        Ok(match (op, &v) {
            (UnOp::Pos, Value::Int(_) | Value::Float(_) | Value::Array(_)) => v,
            (UnOp::Neg, Value::Int(i)) => Value::Int(i.wrapping_neg()),
            (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
            (UnOp::Invert, Value::Bool(b)) => Value::Bool(!b),
            (UnOp::Invert, Value::Int(i)) => Value::Int(!i),
            (_, Value::Array(a)) => {
                let uop = if op == UnOp::Neg {
                    UnaryOp::Neg
                } else {
                    UnaryOp::Invert
                };
                Value::Array(build::unary(uop, (Operand::Array(a.clone()), vspan), span)?)
            }
            _ => {
                return Err(Diagnostic::new(
                    codes::TYPE,
                    format!("bad operand type for unary operator: `{}`", v.type_name()),
                )
                .label(vspan, format!("this is a {}", v.type_name())))
            }
        })
    }

    /// `a op b` for arrays and scalars.
    pub fn binary(
        &mut self,
        op: BinOp,
        a: (Value, Span),
        b: (Value, Span),
        span: Span,
    ) -> Result<Value> {
        if op == BinOp::MatMul {
            let x = functions::to_array(self, &a.0, &a.1)?;
            let y = functions::to_array(self, &b.0, &b.1)?;
            return Ok(Value::Array(super::linalg::matmul(
                &x,
                &y,
                (a.1, b.1),
                span,
            )?));
        }
        let bop = match op {
            BinOp::Add => BinaryOp::Add,
            BinOp::Sub => BinaryOp::Sub,
            BinOp::Mul => BinaryOp::Mul,
            BinOp::Div => BinaryOp::Div,
            BinOp::FloorDiv => BinaryOp::FloorDiv,
            BinOp::Mod => BinaryOp::Mod,
            BinOp::Pow => BinaryOp::Pow,
            BinOp::And => BinaryOp::And,
            BinOp::Or => BinaryOp::Or,
            BinOp::Xor => BinaryOp::Xor,
            BinOp::Eq => BinaryOp::Eq,
            BinOp::Ne => BinaryOp::Ne,
            BinOp::Lt => BinaryOp::Lt,
            BinOp::Le => BinaryOp::Le,
            BinOp::Gt => BinaryOp::Gt,
            BinOp::Ge => BinaryOp::Ge,
            BinOp::MatMul => unreachable!("handled above"),
        };
        // Tuples: `+` concatenates (shapes), `==` compares.
        if let (Value::Tuple(x), Value::Tuple(y)) = (&a.0, &b.0) {
            match op {
                BinOp::Add => return Ok(Value::Tuple(x.iter().chain(y).cloned().collect())),
                BinOp::Eq | BinOp::Ne => {
                    let eq = format!("{x:?}") == format!("{y:?}");
                    return Ok(Value::Bool(eq == (op == BinOp::Eq)));
                }
                _ => {}
            }
        }
        if let (Some(x), Some(y)) = (a.0.scalar(), b.0.scalar()) {
            return scalar_binary(bop, x, y)
                .map(Value::from_scalar)
                .ok_or_else(|| {
                    Diagnostic::new(codes::TYPE, "division by zero")
                        .label(b.1.clone(), "this is zero")
                });
        }
        let x = functions::to_operand(self, &a.0, &a.1)?;
        let y = functions::to_operand(self, &b.0, &b.1)?;
        Ok(Value::Array(build::binary(bop, (x, a.1), (y, b.1), span)?))
    }

    fn index(
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
                if let [Spanned {
                    node: Index::Expr(e),
                    ..
                }] = indices
                {
                    let i = self.eval(e, locals)?;
                    if let Value::Array(m) = &i {
                        if m.dtype() == crate::dtype::DType::Bool {
                            let sel = super::mask::select(&a, vspan, m, e.span.clone(), span)?;
                            return Ok(Value::Masked(Rc::new(sel)));
                        }
                    }
                    let item = match i {
                        Value::None => build::IndexItem::NewAxis,
                        other => build::IndexItem::Int(
                            functions::to_int(&other, &e.span)?,
                            e.span.clone(),
                        ),
                    };
                    return Ok(Value::Array(build::getitem(&a, vec![item], span)?));
                }
                let mut items = Vec::new();
                for ix in indices {
                    items.push(match &ix.node {
                        Index::Ellipsis => build::IndexItem::Ellipsis(ix.span.clone()),
                        Index::Expr(e) => match self.eval(e, locals)? {
                            Value::None => build::IndexItem::NewAxis,
                            other => build::IndexItem::Int(
                                functions::to_int(&other, &e.span)?,
                                e.span.clone(),
                            ),
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
                            build::IndexItem::Slice(g(start)?, g(stop)?, g(step)?, ix.span.clone())
                        }
                    });
                }
                Ok(Value::Array(build::getitem(&a, items, span)?))
            }
            other => Err(Diagnostic::new(
                codes::TYPE,
                format!("a `{}` cannot be indexed", other.type_name()),
            )
            .label(vspan, format!("this is a {}", other.type_name()))),
        }
    }

    /// A fresh seed for an unseeded random array.
    pub fn fresh_seed(&mut self) -> u64 {
        self.next_seed = self
            .next_seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.next_seed
    }

    /// Chunks to use where the caller gave none.
    pub fn default_chunks(&self, shape: &[usize], itemsize: usize) -> super::node::Chunks {
        match self.opts.default_chunk {
            Some(c) => shape
                .iter()
                .map(|&s| super::chunks::regular(s, c))
                .collect(),
            None => super::chunks::auto(shape, itemsize),
        }
    }
}

fn relabel(mut d: Diagnostic, call: Span, name: &str) -> Diagnostic {
    d.labels = vec![(call, format!("in this call to `{name}`"))];
    d
}

/// Python arithmetic on scalars; None for division by zero.
pub fn scalar_binary(op: BinaryOp, x: Scalar, y: Scalar) -> Option<Scalar> {
    use BinaryOp::*;
    let both_int = !matches!(x, Scalar::Float(_)) && !matches!(y, Scalar::Float(_));
    let both_bool = matches!((x, y), (Scalar::Bool(_), Scalar::Bool(_)));
    Some(match op {
        Eq => Scalar::Bool(x.as_f64() == y.as_f64()),
        Ne => Scalar::Bool(x.as_f64() != y.as_f64()),
        Lt => Scalar::Bool(x.as_f64() < y.as_f64()),
        Le => Scalar::Bool(x.as_f64() <= y.as_f64()),
        Gt => Scalar::Bool(x.as_f64() > y.as_f64()),
        Ge => Scalar::Bool(x.as_f64() >= y.as_f64()),
        And | Or | Xor if both_bool => {
            let (a, b) = (x.as_bool(), y.as_bool());
            Scalar::Bool(match op {
                And => a & b,
                Or => a | b,
                _ => a ^ b,
            })
        }
        And => Scalar::Int(x.as_i64() & y.as_i64()),
        Or => Scalar::Int(x.as_i64() | y.as_i64()),
        Xor => Scalar::Int(x.as_i64() ^ y.as_i64()),
        Div => {
            if y.as_f64() == 0.0 {
                return None;
            }
            Scalar::Float(x.as_f64() / y.as_f64())
        }
        _ if both_int => {
            let (a, b) = (x.as_i64(), y.as_i64());
            Scalar::Int(match op {
                Add => a.wrapping_add(b),
                Sub => a.wrapping_sub(b),
                Mul => a.wrapping_mul(b),
                FloorDiv => {
                    if b == 0 {
                        return None;
                    }
                    a.div_euclid(b) - if b < 0 && a.rem_euclid(b) != 0 { 1 } else { 0 }
                }
                Mod => {
                    if b == 0 {
                        return None;
                    }
                    ((a % b) + b) % b
                }
                Pow => {
                    if b < 0 {
                        return Some(Scalar::Float((a as f64).powf(b as f64)));
                    }
                    a.wrapping_pow(b.min(u32::MAX as i64) as u32)
                }
                Maximum => a.max(b),
                Minimum => a.min(b),
                _ => unreachable!("handled above"),
            })
        }
        _ => {
            let (a, b) = (x.as_f64(), y.as_f64());
            Scalar::Float(match op {
                Add => a + b,
                Sub => a - b,
                Mul => a * b,
                FloorDiv => {
                    if b == 0.0 {
                        return None;
                    }
                    (a / b).floor()
                }
                Mod => {
                    if b == 0.0 {
                        return None;
                    }
                    let r = a % b;
                    if r != 0.0 && (r < 0.0) != (b < 0.0) {
                        r + b
                    } else {
                        r
                    }
                }
                Pow => a.powf(b),
                Maximum => a.max(b),
                Minimum => a.min(b),
                _ => unreachable!("handled above"),
            })
        }
    })
}

/// The closest known name within a small edit distance, for "did you mean": one edit for
/// names of 3 to 6 letters, two from 7 (a swap of neighbours counts as one), none below 3.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> Option<String> {
    let n = name.chars().count();
    let limit = match n {
        0..=2 => return None,
        3..=6 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &String)> = None;
    for c in candidates {
        // Case slips (`rdbu_r` for `RdBu_r`) cost nothing.
        let d = edit_distance(&name.to_lowercase(), &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.clone())
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbouring letters each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}
