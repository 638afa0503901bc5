//! The interpreter: AST statements -> values (lazy arrays, scalars) in an environment.
//! Nothing is computed here; the session collects the outputs and computes them together.

use super::build;
use super::functions;
use super::node::Arr;
use super::value::{UserFn, Value};
use crate::diagnostic::{codes, Diagnostic};
use crate::source::{Span, Spanned};
use crate::suggest::suggest;
use crate::syntax::ast::{self, BinOp, Expr, Stmt};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

mod index;
mod ops;

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
    /// `save("x.zarr", "name", a, dims=..., attrs=..., compress=...)`: one array of a Zarr
    /// store (several calls may fill one store).
    SaveZarr(PathBuf, crate::io::zarr::ZarrVar, Arr, Span),
    /// `imshow(a)`, `plot(a)`: a PNG drawn from the computed array (for a large `imshow`,
    /// its block means), and the arrays whose values the drawing also needs (for block
    /// means: the data's finite minimum and maximum, the colour range).
    Picture(Arr, crate::render::Spec, Span, Vec<Arr>),
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
    /// Results of user function calls in the current statement, by function and argument
    /// identity: `fn f(x) = g(x) + g(x)` nested 100 deep evaluates `g` once per level.
    memo: HashMap<(usize, Vec<ArgKey>), Value>,
    /// Functions whose default arguments are being evaluated (a default calling its own
    /// function would never end).
    in_defaults: Vec<usize>,
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
            memo: HashMap::new(),
            in_defaults: Vec::new(),
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
        // Function bodies read globals, which the previous statement may have changed.
        self.memo.clear();
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
            Stmt::Update {
                target,
                indices,
                op,
                value,
            } => {
                let v = self.update(
                    target,
                    indices.as_deref(),
                    op.as_ref(),
                    value,
                    stmt.span.clone(),
                )?;
                self.globals.insert(target.node.clone(), v);
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
            Expr::Imag(f) => Value::Complex(0.0, *f),
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
                // Limits checked deep inside a builtin carry no span: point at the call.
                self.call(
                    f,
                    CallArgs {
                        pos,
                        kw,
                        span: span.clone(),
                    },
                    func.span.clone(),
                )
                .map_err(|d| {
                    if d.labels.is_empty() {
                        d.label(span.clone(), "in this call")
                    } else {
                        d
                    }
                })?
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
        if self.depth > 200 {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                "too many nested calls (recursion is not supported)",
            )
            .label(args.span.clone(), "here"));
        }
        let fid = Rc::as_ptr(f) as usize;
        for p in &f.params {
            if !locals.contains_key(&p.name.node) {
                match &p.default {
                    Some(d) => {
                        if self.in_defaults.contains(&fid) {
                            return Err(Diagnostic::new(
                                codes::ARGUMENT,
                                format!(
                                    "the default value of `{}` calls `{}` again",
                                    p.name.node, f.name
                                ),
                            )
                            .label(args.span.clone(), "called while computing its defaults")
                            .note("a default argument cannot depend on its own function"));
                        }
                        self.in_defaults.push(fid);
                        self.depth += 1;
                        let v = self.eval(d, &HashMap::new());
                        self.depth -= 1;
                        self.in_defaults.pop();
                        locals.insert(p.name.node.clone(), v?);
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
        // Same function, same arguments, same statement: the same value, unless the body
        // printed, saved or drew something or took a fresh random seed.
        let key = f
            .params
            .iter()
            .map(|p| locals.get(&p.name.node).and_then(arg_key))
            .collect::<Option<Vec<ArgKey>>>()
            .map(|k| (fid, k));
        if let Some(v) = key.as_ref().and_then(|k| self.memo.get(k)) {
            return Ok(v.clone());
        }
        let (outputs, seed) = (self.outputs.len(), self.next_seed);
        self.depth += 1;
        let r = self.eval(&f.body, &locals);
        self.depth -= 1;
        if let (Some(k), Ok(v)) = (key, &r) {
            if self.outputs.len() == outputs && self.next_seed == seed {
                self.memo.insert(k, v.clone());
            }
        }
        // Errors inside a stdlib body point at the call site: the body is another file.
        r.map_err(|d| {
            if Rc::ptr_eq(&f.origin, &functions::stdlib_origin()) {
                relabel(d, args.span.clone(), &f.name)
            } else {
                d
            }
        })
    }

    /// A fresh seed for an unseeded random array.
    pub fn fresh_seed(&mut self) -> u64 {
        self.next_seed = self
            .next_seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.next_seed
    }

    /// Chunks to use where the caller gave none, checked against the limits before the
    /// chunk table is built.
    pub fn default_chunks(&self, shape: &[usize], itemsize: usize) -> Result<super::node::Chunks> {
        super::limits::check_shape(shape)?;
        let sizes = match self.opts.default_chunk {
            Some(c) => vec![c; shape.len()],
            None => super::chunks::auto_sizes(shape, itemsize),
        };
        super::limits::check_grid(shape, &sizes, itemsize)?;
        Ok(shape
            .iter()
            .zip(sizes)
            .map(|(&s, c)| super::chunks::regular(s, c))
            .collect())
    }
}

/// The identity of an argument value for memoising calls: arrays by node, scalars and
/// strings by value; None for values that are not worth keying (selections, methods).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArgKey {
    Node(usize),
    Int(i64),
    Float(u64),
    Complex(u64, u64),
    Bool(bool),
    Str(String),
    None,
    Seq(bool, Vec<ArgKey>),
    DType(crate::dtype::DType),
    Func(usize),
    Builtin(&'static str),
}

fn arg_key(v: &Value) -> Option<ArgKey> {
    Some(match v {
        Value::Array(a) => ArgKey::Node(a.id),
        Value::Int(i) => ArgKey::Int(*i),
        Value::Float(f) => ArgKey::Float(f.to_bits()),
        Value::Complex(re, im) => ArgKey::Complex(re.to_bits(), im.to_bits()),
        Value::Bool(b) => ArgKey::Bool(*b),
        Value::Str(s) => ArgKey::Str(s.clone()),
        Value::None => ArgKey::None,
        Value::Tuple(items) | Value::List(items) => ArgKey::Seq(
            matches!(v, Value::List(_)),
            items.iter().map(arg_key).collect::<Option<_>>()?,
        ),
        Value::DType(d) => ArgKey::DType(*d),
        Value::Func(f) => ArgKey::Func(Rc::as_ptr(f) as usize),
        Value::Builtin(b) => ArgKey::Builtin(b),
        Value::Method(..) | Value::Masked(_) | Value::Slice(_) | Value::Grouped(_) => return None,
    })
}

/// numpy's in-place rule for `x op= v`: the result is cast back to `x`'s dtype when it is of
/// the same kind (int64 into int32), and a result of a higher kind (float into int) fails.
fn same_kind(cur: &Value, r: Value, op: &Spanned<BinOp>, span: &Span) -> Result<Value> {
    let (Value::Array(x), Value::Array(a)) = (cur, &r) else {
        return Ok(r);
    };
    if a.dtype() == x.dtype() {
        return Ok(r);
    }
    check_same_kind(a.dtype(), x.dtype(), op, span)?;
    Ok(Value::Array(build::astype(a, x.dtype(), span.clone())?))
}

/// Fails when `from` cannot be cast to `to` with numpy's 'same_kind' rule.
fn check_same_kind(
    from: crate::dtype::DType,
    to: crate::dtype::DType,
    op: &Spanned<BinOp>,
    span: &Span,
) -> Result<()> {
    let kind = |d: crate::dtype::DType| {
        if d == crate::dtype::DType::Bool {
            0
        } else if d.is_float() {
            2
        } else {
            1
        }
    };
    if kind(from) <= kind(to) {
        return Ok(());
    }
    Err(Diagnostic::new(
        codes::DTYPE,
        format!(
            "cannot cast the result of `{}` from {from} to {to} in place (casting rule 'same_kind')",
            op.node.symbol()
        ),
    )
    .label(span.clone(), format!("the array is {to}, the result {from}"))
    .note(format!(
        "write `x = x {} v` for a new {from} array",
        op.node.symbol()
    )))
}

fn relabel(mut d: Diagnostic, call: Span, name: &str) -> Diagnostic {
    d.labels = vec![(call, format!("in this call to `{name}`"))];
    d
}
