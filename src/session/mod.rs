//! A session: parses source, runs statements, and computes every output of an entry
//! together in one pass over the data. Used by scripts, `-e`, the REPL and tests.

use crate::diagnostic::{codes, Diagnostic};
use crate::expr::functions;
use crate::expr::interp::{Interp, InterpOptions, Output};
use crate::expr::node::Arr;
use crate::expr::value::{py_float, Value};
use crate::graph::TaskGraph;
use crate::kernels::{format, Block};
use crate::lower::{lower, Request};
use crate::schedule::RunStats;
use crate::source::Span;
use crate::syntax::parser;
use std::rc::Rc;

mod requests;
mod run;
/// The requests an output list needs computed (the embedding API runs them itself).
pub(crate) use requests::requests;
use requests::{carry_existing, check_limits, needed_whole};

/// Shown arrays with more elements than this get a summary line above their values (which
/// are abbreviated, and computed from only the chunks holding the printed corners).
pub const SHOW_LIMIT: usize = 1_000_000;

/// How a session computes.
#[derive(Debug, Clone)]
pub struct Options {
    pub threads: usize,
    pub optimize: bool,
    pub sequential: bool,
    /// Compute with the reference evaluator (whole arrays, no graph): for tests.
    pub reference: bool,
    /// Chunk length per axis where `chunks=` is omitted (tests); None: automatic.
    pub default_chunk: Option<usize>,
}

/// Kept results take at most this much memory unless `--memory-limit` says otherwise.
pub const DEFAULT_KEEP_BYTES: usize = 1 << 30;

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            optimize: true,
            sequential: false,
            reference: false,
            default_chunk: None,
        }
    }
}

/// Errors of one entry, with the source they point into.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    /// The earlier entry the spans point into, when not the one that failed (a computation
    /// failing in an array built by an earlier REPL line).
    pub origin: Option<Rc<str>>,
}

impl Failure {
    pub fn render(&self, name: &str, src: &str, color: bool) -> String {
        let (name, src) = match &self.origin {
            Some(o) if &**o != src => ("<earlier input>", &**o),
            _ => (name, src),
        };
        self.diagnostics
            .iter()
            .map(|d| d.render(name, src, color))
            .collect::<Vec<_>>()
            .join("")
    }
}

impl Failure {
    /// True if the computation was stopped by Ctrl-C.
    pub fn interrupted(&self) -> bool {
        self.diagnostics.iter().any(|d| d.message == INTERRUPTED)
    }
}

/// The message of a computation stopped by Ctrl-C.
pub const INTERRUPTED: &str = "computation interrupted (Ctrl-C)";

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure {
            diagnostics: vec![d],
            origin: None,
        }
    }
}

pub struct Session {
    pub interp: Interp,
    pub opts: Options,
    /// Statistics of the last computation.
    pub last_stats: RunStats,
    /// Seconds spent building, optimizing, ordering and running the last graph.
    pub last_timings: [f64; 4],
    /// Picture files named so far, so none overwrites another.
    pub picture_names: crate::render::naming::Names,
    /// Results computed earlier that the session still refers to (like dask's `persist`).
    pub kept: crate::keep::Kept,
    /// Bytes the session may use to keep computed results.
    pub keep_bytes: usize,
    /// Refuse computations whose planned peak (`budget::planned_peak`) is above this.
    pub memory_limit: Option<usize>,
    /// Each entry's source with the first node id made while running it: a failing task's
    /// array (by node id) maps back to the text its span points into.
    pub sources: Vec<(usize, Rc<str>)>,
    /// Run computations on this Dask cluster instead of this machine's threads.
    pub cluster: Option<crate::cluster::Cluster>,
    /// Which computation of the last entry runs (a cluster worker rebuilds that one).
    pub want: crate::cluster::Want,
    /// Keep the next computation's optimized graph in `planned` instead of running it (a
    /// cluster worker rebuilding the client's graph).
    pub plan_only: bool,
    pub planned: Option<TaskGraph>,
    /// Sources given to [`Session::predefine`], in order (a cluster worker replays them).
    pub predefined: Vec<Rc<str>>,
    /// What the last computation spilled (rechunks through a temporary store).
    pub spill: crate::staging::SpillReport,
    /// During a computation: its staged rechunks (by array id) as loads of their store.
    pub(crate) staged: std::collections::HashMap<usize, Arr>,
    /// During a computation: its spill directory, once one is needed.
    pub(crate) spill_dir: Option<crate::io::spill::SpillDir>,
    /// Nesting of `compute` (stage 1 of a staged rechunk is a computation of its own).
    depth: usize,
}

impl Session {
    pub fn new(opts: Options) -> Session {
        let mut interp = Interp::new(InterpOptions {
            default_chunk: opts.default_chunk,
        });
        for (name, src) in functions::STDLIB {
            let prog = parser::parse(src)
                .unwrap_or_else(|e| panic!("internal: stdlib {name} does not parse: {e:?}"));
            interp.define_functions(&prog, functions::stdlib_origin());
        }
        Session {
            interp,
            opts,
            last_stats: RunStats::default(),
            last_timings: [0.0; 4],
            picture_names: Default::default(),
            kept: Default::default(),
            keep_bytes: DEFAULT_KEEP_BYTES,
            memory_limit: None,
            sources: Vec::new(),
            cluster: None,
            want: Default::default(),
            plan_only: false,
            planned: None,
            predefined: Vec::new(),
            spill: Default::default(),
            staged: Default::default(),
            spill_dir: None,
            depth: 0,
        }
    }

    /// Defines the functions of a whole script up front (for running it piece by piece).
    pub fn predefine(&mut self, src: &str) {
        self.predefined.push(Rc::from(src));
        if let Ok(prog) = parser::parse(src) {
            self.interp.define_functions(&prog, Rc::from(src));
        }
    }

    /// Parses an entry; every syntax error becomes a diagnostic.
    fn parse(src: &str) -> Result<crate::syntax::ast::Program, Failure> {
        parser::parse(src).map_err(|errs| Failure {
            diagnostics: errs
                .into_iter()
                .map(|e| {
                    let mut d = Diagnostic::new(codes::SYNTAX, e.message.clone())
                        .label(e.span.clone(), "here");
                    if let Some(h) = &e.hint {
                        d = d.note(h.clone());
                    } else if !e.expected.is_empty() {
                        d = d.note(format!("expected {}", e.expected.join(", ")));
                    }
                    d
                })
                .collect(),
            origin: None,
        })
    }

    /// Runs statements without computing anything; outputs stay queued.
    pub fn exec(&mut self, src: &str) -> Result<(), Failure> {
        let prog = Self::parse(src)?;
        let text: Rc<str> = Rc::from(src);
        self.sources
            .push((crate::expr::node::next_node_id(), text.clone()));
        self.interp.define_functions(&prog, text);
        for s in &prog.stmts {
            let before = self.interp.outputs.len();
            if let Err(d) = self
                .interp
                .exec(s)
                .and_then(|()| self.name_pictures(before, src, &s.span))
            {
                self.interp.outputs.clear();
                return Err(d.into());
            }
        }
        Ok(())
    }

    /// Names the files of pictures queued since output `from` (after the source text of
    /// what they show) and creates their directories, so a bad path fails before computing.
    fn name_pictures(&mut self, from: usize, src: &str, stmt: &Span) -> Result<(), Diagnostic> {
        for o in &mut self.interp.outputs[from..] {
            if let Output::Picture(a, spec, span, _) = o {
                crate::expr::limits::check_picture(a.shape(), spec.verb())
                    .map_err(|d| d.label(span.clone(), "this picture"))?;
                spec.expr = spec
                    .name_span
                    .as_ref()
                    .and_then(|s| src.get(s.clone()))
                    .map(str::to_string);
                let path = match &spec.path {
                    Some(p) => {
                        self.picture_names.claim(p);
                        p.clone()
                    }
                    None => {
                        let text = spec.name_span.as_ref().unwrap_or(stmt);
                        let text = src.get(text.clone()).unwrap_or("");
                        let p = self.picture_names.auto(spec.verb(), text);
                        spec.path = Some(p.clone());
                        p
                    }
                };
                if !crate::io::plan_only() {
                    crate::render::encode::prepare_dir(&path).map_err(|m| {
                        Diagnostic::new(codes::IO, m).label(span.clone(), "this picture")
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Every error in a script, found without computing: syntax errors, then each
    /// statement's errors (shapes, dtypes, names, arguments, file headers). A name whose
    /// assignment failed is not reported again where it is used.
    pub fn check(&mut self, src: &str) -> Vec<Diagnostic> {
        let prog = match Self::parse(src) {
            Ok(p) => p,
            Err(f) => return f.diagnostics,
        };
        self.interp.define_functions(&prog, Rc::from(src));
        let mut failed: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for s in &prog.stmts {
            let before = self.interp.outputs.len();
            let result = self.interp.exec(s).and_then(|()| {
                // A run would refuse this graph before lowering it: so does `check`.
                check_limits(&requests(&self.interp.outputs[before..]))
                    .map_err(|mut f| f.diagnostics.remove(0))?;
                for o in &self.interp.outputs[before..] {
                    if let Output::Picture(a, spec, span, _) = o {
                        crate::expr::limits::check_picture(a.shape(), spec.verb())
                            .map_err(|d| d.label(span.clone(), "this picture"))?;
                    }
                }
                Ok(())
            });
            // Later loads of a file saved here read the saved array: keep the saves.
            let keep_saves = result.is_ok();
            let mut i = 0;
            self.interp.outputs.retain(|o| {
                i += 1;
                i <= before
                    || keep_saves
                        && matches!(
                            o,
                            Output::SaveNpy(..) | Output::SaveNc(..) | Output::SaveZarr(..)
                        )
            });
            if let Err(d) = result {
                let cascade = d.code == codes::UNKNOWN_NAME
                    && failed
                        .iter()
                        .any(|n| d.message == format!("unknown name `{n}`"));
                if !cascade {
                    out.push(d);
                }
                if let crate::syntax::ast::Stmt::Assign { targets, .. } = &s.node {
                    failed.extend(targets.iter().map(|t| t.node.clone()));
                }
                if let crate::syntax::ast::Stmt::Update { target, .. } = &s.node {
                    failed.push(target.node.clone());
                }
            }
        }
        self.interp.outputs.clear();
        out
    }

    /// Runs an entry and computes its outputs; returns the text to print.
    pub fn run(&mut self, src: &str) -> Result<String, Failure> {
        self.exec(src)?;
        self.flush()
    }

    /// The task graph of the queued outputs (optimized unless `--no-optimize`); an empty
    /// graph when it would be over the task limit.
    pub fn graph(&mut self) -> TaskGraph {
        self.try_graph().unwrap_or_default()
    }

    /// The task graph of the queued outputs, or the error of a graph over the task limit.
    pub fn try_graph(&mut self) -> Result<TaskGraph, Failure> {
        let outputs = std::mem::take(&mut self.interp.outputs);
        let opts = format::PrintOptions::default();
        let whole = needed_whole(&outputs);
        let mut reqs = requests(&outputs);
        carry_existing(&outputs, &mut reqs)?;
        let reqs: Vec<Request> = reqs
            .into_iter()
            .map(|r| match r {
                Request::Value(a) if whole.contains(&a.id) => Request::Value(a),
                Request::Value(a) => {
                    Request::Value(crate::expr::corners::corners(&a, &opts).unwrap_or(a))
                }
                other => other,
            })
            .collect();
        check_limits(&reqs)?;
        let mut g = lower(&reqs);
        if self.opts.optimize {
            crate::optimize::optimize(&mut g);
        }
        Ok(g)
    }

    /// Computes the queued outputs in one pass and renders them.
    pub fn flush(&mut self) -> Result<String, Failure> {
        let outputs = std::mem::take(&mut self.interp.outputs);
        let mut reqs = requests(&outputs);
        carry_existing(&outputs, &mut reqs)?;
        let whole = needed_whole(&outputs);
        self.last_stats = RunStats::default();
        // Shown arrays wider than numpy's print threshold need only their corners.
        let opts = format::PrintOptions::default();
        let mut by_node: std::collections::HashMap<usize, Block> = std::collections::HashMap::new();
        let mut todo: Vec<Request> = Vec::new();
        let mut shown: Vec<(usize, Arr)> = Vec::new();
        for r in reqs {
            match r {
                Request::Value(a) => {
                    let c = if whole.contains(&a.id) {
                        a.clone()
                    } else {
                        crate::expr::corners::corners(&a, &opts).unwrap_or_else(|| a.clone())
                    };
                    // A cluster worker cannot see what this session kept: recompute.
                    let kept = match self.cluster {
                        None => self.kept.get(c.key),
                        Some(_) => None,
                    };
                    match kept {
                        Some(b) => {
                            by_node.insert(a.id, b);
                        }
                        None => {
                            shown.push((a.id, a.clone()));
                            todo.push(Request::Value(c));
                        }
                    }
                }
                other => {
                    // A written file may be read again: results read from files may change.
                    self.kept.clear();
                    todo.push(other);
                }
            }
        }
        let values = self.compute(&todo)?;
        let mut shown = shown.into_iter();
        for (r, v) in todo.iter().zip(values) {
            if let Request::Value(c) = r {
                let (id, a) = shown.next().expect("one shown array per value request");
                if let Some(b) = v {
                    self.kept.insert(c.key, a.key, b.clone());
                    by_node.insert(id, b);
                }
            }
        }
        self.kept
            .retain_reachable(&self.interp.globals, self.keep_bytes);
        let mut text = String::new();
        for o in &outputs {
            match o {
                Output::Show(v, _) => {
                    text.push_str(&self.show_value(v, &by_node));
                    text.push('\n');
                }
                Output::Print(vs, _) => {
                    let parts: Vec<String> = vs.iter().map(|v| show(v, &by_node, false)).collect();
                    text.push_str(&parts.join(" "));
                    text.push('\n');
                }
                Output::SaveNpy(..) | Output::SaveNc(..) | Output::SaveZarr(..) => {}
                Output::Picture(a, spec, span, range) => {
                    let missing =
                        || Diagnostic::new(codes::INTERNAL, "internal error: picture not computed");
                    let block = by_node.get(&a.id).ok_or_else(missing)?;
                    let range = match &range[..] {
                        [lo, hi] => {
                            let lo = by_node.get(&lo.id).ok_or_else(missing)?.get_flat(0);
                            let hi = by_node.get(&hi.id).ok_or_else(missing)?.get_flat(0);
                            let (lo, hi) = (lo.as_f64(), hi.as_f64());
                            (lo <= hi).then_some((lo, hi))
                        }
                        _ => None,
                    };
                    let line = crate::render::write(spec, block, range).map_err(|m| {
                        Diagnostic::new(codes::IO, m).label(span.clone(), "this picture")
                    })?;
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        }
        Ok(text)
    }

    /// A shown value; a large array gets a summary line above its values.
    fn show_value(&self, v: &Value, by_node: &std::collections::HashMap<usize, Block>) -> String {
        match v {
            Value::Array(a) if a.meta.size() > SHOW_LIMIT => {
                format!("{}\n{}", self.summary_with_tasks(a), show(v, by_node, true))
            }
            _ => show(v, by_node, true),
        }
    }

    /// [`summary`] plus the number of tasks computing all of `a` takes.
    pub fn summary_with_tasks(&self, a: &Arr) -> String {
        let s = summary(a);
        match self.task_counts(a) {
            Some((raw, _)) => format!("{} tasks={raw}>", &s[..s.len() - 1]),
            None => s,
        }
    }

    /// Tasks computing all of `a` takes, before and after optimization (None if too many
    /// to count quickly).
    pub fn task_counts(&self, a: &Arr) -> Option<(usize, usize)> {
        if a.meta.nblocks_total() > 200_000 {
            return None;
        }
        let mut g = lower(&[Request::Value(a.clone())]);
        let raw = g.len();
        if self.opts.optimize {
            crate::optimize::optimize(&mut g);
        }
        Some((raw, g.len()))
    }
}

/// The repr of a value that holds no array data (functions, dtypes, groupbys).
pub(crate) fn show_repr(v: &Value) -> String {
    show(v, &std::collections::HashMap::new(), true)
}

/// A one-line description of a lazy array that is too big to show.
pub fn summary(a: &Arr) -> String {
    let m = &a.meta;
    let chunk = m.chunk_shape();
    format!(
        "<lazy array shape={} dtype={} chunks={} blocks={} size={}>",
        crate::expr::build::shape_str(&m.shape),
        m.dtype,
        crate::expr::build::shape_str(&chunk),
        m.nblocks_total(),
        human_bytes(m.nbytes())
    )
}

pub fn human_bytes(n: usize) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < units.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.2} {}", units[u])
    }
}

/// numpy-like rendering of a value: `repr` for bare expressions, `str` for print.
fn show(v: &Value, blocks: &std::collections::HashMap<usize, Block>, repr: bool) -> String {
    match v {
        Value::Array(a) => {
            let values = match blocks.get(&a.id) {
                Some(b) => {
                    let o = format::PrintOptions::default();
                    if repr {
                        format::repr_visible(b, a.shape(), &o)
                    } else {
                        format::str_visible(b, a.shape(), &o)
                    }
                }
                None => summary(a),
            };
            // A labelled array's repr is framed as xarray's: name and dims, then its
            // coordinates and attributes.
            let l = crate::expr::labels::labels(a);
            if repr && l.is_labelled() {
                let foot = crate::expr::labels::show::footer(&l);
                format!(
                    "{}\n{values}\n{foot}",
                    crate::expr::labels::show::header(&l, a.shape())
                )
            } else {
                values
            }
        }
        Value::Int(i) => i.to_string(),
        Value::Float(f) => py_float(*f),
        Value::Complex(re, im) => crate::kernels::format::py_complex(*re, *im),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Str(s) => {
            if repr {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            } else {
                s.clone()
            }
        }
        Value::None => "None".into(),
        Value::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|i| show(i, blocks, true)).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| show(i, blocks, true))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::DType(d) => {
            if repr {
                format!("dtype('{d}')")
            } else {
                d.to_string()
            }
        }
        Value::Func(f) => format!("<function {}>", f.name),
        Value::Builtin(n) => format!("<built-in function {n}>"),
        Value::Method(_, n) => format!("<method {n}>"),
        Value::Slice(p) => format!(
            "slice({}, {}, {})",
            show(&p[0], blocks, true),
            show(&p[1], blocks, true),
            show(&p[2], blocks, true)
        ),
        Value::Grouped(g) => format!(
            "<groupby over `{}`: {} groups>",
            g.coord.name,
            g.groups.len()
        ),
        Value::Masked(m) => match (blocks.get(&m.x.id), blocks.get(&m.mask.id)) {
            (Some(x), Some(mask)) => {
                let b = crate::expr::mask::shown(m, x, mask);
                if repr {
                    format::repr(&b)
                } else {
                    format::str(&b)
                }
            }
            _ => format!(
                "<lazy boolean-mask selection of up to {} elements: reduce it, or compute where(mask, x, fill)>",
                m.x.meta.size()
            ),
        },
    }
}
