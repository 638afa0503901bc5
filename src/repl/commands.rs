//! The REPL's back end, testable without a terminal: one entry (statements or a `:` command)
//! -> text for stdout or a rendered error for stderr.

use super::{help, progress};
use crate::expr::interp::Output;
use crate::expr::node::{Arr, MapExpr, MapLeaf, Op};
use crate::expr::value::{py_float, Value};
use crate::kernels::reduce::ReduceOp;
use crate::lower::{lower, Request};
use crate::session::{human_bytes, Failure, Session};
use crate::suggest::suggest;
use std::collections::HashSet;
use std::time::Instant;

/// The `:` commands with one line of help each.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        ":help [name]",
        "this overview, or a function's signature, description and example",
    ),
    (
        ":info expr",
        "shape, dtype, chunks, bytes, tasks and how an array is made",
    ),
    (
        ":graph expr [file.dot]",
        "the optimized task graph of an array as DOT",
    ),
    (
        ":time stmt",
        "run a statement; print wall time, peak memory held and tasks",
    ),
    (":threads [N]", "show or set the number of worker threads"),
    (
        ":cluster [ADDR|off]",
        "show where computations run, run them on a Dask scheduler, or here again",
    ),
    (":vars", "the session's names with their shapes"),
    (":load file.arr", "run a script in this session"),
    (
        ":save file.arr",
        "write the statements of this session to a file",
    ),
    (
        ":progress on|off",
        "progress bars for computations over half a second",
    ),
    (":quit", "leave (also Ctrl-D)"),
];

/// What one entry produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Text for stdout (may be empty).
    Text(String),
    /// A rendered error for stderr.
    Error(String),
    /// An interrupted computation (message for stderr).
    Interrupted(String),
    Quit,
}

/// A session plus what the REPL adds: statements to save, display settings.
pub struct Repl {
    pub session: Session,
    /// Entries that ran without error, for `:save`.
    pub entries: Vec<String>,
    pub progress: bool,
    /// Colour in rendered errors.
    pub color: bool,
    /// Names bound before the first entry (builtins, dtypes, constants, stdlib).
    base: HashSet<String>,
}

impl Repl {
    pub fn new(session: Session) -> Repl {
        let base = session.interp.globals.keys().cloned().collect();
        Repl {
            session,
            entries: Vec::new(),
            progress: false,
            color: false,
            base,
        }
    }

    /// Runs one complete entry.
    pub fn entry(&mut self, src: &str) -> Outcome {
        // A Ctrl-C that stopped an earlier computation (or came at the prompt) stops nothing
        // here: `:help` examples, `:time` and the rest start afresh.
        crate::schedule::CANCEL.store(false, std::sync::atomic::Ordering::Relaxed);
        let t = src.trim();
        if let Some(cmd) = t.strip_prefix(':') {
            let (name, arg) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
            return self.command(name, arg.trim());
        }
        match self.run(src, "<stdin>") {
            Ok(text) => {
                self.entries.push(t.to_string());
                Outcome::Text(text)
            }
            Err(o) => o,
        }
    }

    /// Runs source with a progress bar; failures rendered against it.
    fn run(&mut self, src: &str, name: &str) -> Result<String, Outcome> {
        crate::schedule::CANCEL.store(false, std::sync::atomic::Ordering::Relaxed);
        let bar = progress::Bar::start(self.progress);
        let r = self.session.run(src);
        drop(bar);
        r.map_err(|f| self.failure(&f, name, src))
    }

    fn failure(&self, f: &Failure, name: &str, src: &str) -> Outcome {
        let text = f.render(name, src, self.color);
        if f.interrupted() {
            Outcome::Interrupted(text)
        } else {
            Outcome::Error(text)
        }
    }

    fn command(&mut self, name: &str, arg: &str) -> Outcome {
        match name {
            "help" | "h" | "?" => self.help(arg),
            "info" => self.with_array(arg, |r, a| Outcome::Text(r.info(a))),
            "graph" => self.graph(arg),
            "time" => self.time(arg),
            "threads" => match arg {
                "" => Outcome::Text(format!("{} threads\n", self.session.opts.threads)),
                n => match n.parse::<usize>() {
                    Ok(n) if n > 0 => {
                        let (n, note) = crate::schedule::cap_threads(n);
                        self.session.opts.threads = n;
                        let note = note.map(|m| m + "\n").unwrap_or_default();
                        Outcome::Text(format!("{note}{n} threads\n"))
                    }
                    _ => Outcome::Error(format!(
                        "error: `:threads` needs a positive number, not `{n}`\n"
                    )),
                },
            },
            "cluster" => self.cluster(arg),
            "vars" => Outcome::Text(self.vars()),
            "load" => self.load(arg),
            "save" => self.save(arg),
            "progress" => match arg {
                "on" => {
                    self.progress = true;
                    Outcome::Text(String::new())
                }
                "off" => {
                    self.progress = false;
                    Outcome::Text(String::new())
                }
                _ => Outcome::Text(format!(
                    "progress {}\n",
                    if self.progress { "on" } else { "off" }
                )),
            },
            "quit" | "q" | "exit" => Outcome::Quit,
            other => {
                let names: Vec<String> = COMMANDS
                    .iter()
                    .map(|c| c.0[1..].split(' ').next().unwrap_or("").to_string())
                    .collect();
                let hint = match suggest(other, names.iter()) {
                    Some(s) => format!("; did you mean `:{s}`?"),
                    None => "; `:help` lists the commands".to_string(),
                };
                Outcome::Error(format!("error: unknown command `:{other}`{hint}\n"))
            }
        }
    }

    /// `:cluster`: where computations run; `:cluster tcp://HOST:PORT` sends them to a Dask
    /// scheduler (checked reachable first), `:cluster off` brings them back here.
    fn cluster(&mut self, arg: &str) -> Outcome {
        match arg {
            "" => {}
            "off" | "local" => self.session.cluster = None,
            a if a.contains(char::is_whitespace) => {
                return Outcome::Error(format!(
                    "error: `:cluster` takes one scheduler address (`tcp://HOST:PORT`) or `off`, not `{a}`\n"
                ))
            }
            a => {
                if let Err(e) = crate::cluster::client::check_reachable(a) {
                    return Outcome::Error(format!("error: {e}\n"));
                }
                self.session.cluster = Some(crate::cluster::Cluster::new(a));
            }
        }
        Outcome::Text(match &self.session.cluster {
            Some(c) => format!("computations run on the Dask cluster at {}\n", c.scheduler),
            None => format!(
                "computations run here ({} threads)\n",
                self.session.opts.threads
            ),
        })
    }

    fn help(&self, name: &str) -> Outcome {
        let globals = &self.session.interp.globals;
        if name.is_empty() {
            return Outcome::Text(help::overview(globals));
        }
        match help::lookup(globals, name) {
            Some(d) => Outcome::Text(help::render(name, &d)),
            None => {
                let names = help::function_names(globals);
                let hint = match suggest(name, names.iter()) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => "; `:help` lists them".to_string(),
                };
                Outcome::Error(format!("error: no function named `{name}`{hint}\n"))
            }
        }
    }

    /// Evaluates an expression to an array (nothing computed) and hands it to `f`.
    fn with_array(&mut self, src: &str, f: impl FnOnce(&mut Self, &Arr) -> Outcome) -> Outcome {
        if src.is_empty() {
            return Outcome::Error("error: this command needs an expression\n".into());
        }
        if let Err(e) = self.session.exec(src) {
            return self.failure(&e, "<stdin>", src);
        }
        let outputs = std::mem::take(&mut self.session.interp.outputs);
        match outputs.into_iter().last() {
            Some(Output::Show(Value::Array(a), _)) => f(self, &a),
            Some(Output::Show(v, _)) => Outcome::Error(format!(
                "error: `{src}` is a {}, not an array\n",
                v.type_name()
            )),
            _ => Outcome::Error(format!("error: `{src}` is not an expression\n")),
        }
    }

    /// `:info`: what an array is, without computing it.
    pub fn info(&self, a: &Arr) -> String {
        let m = &a.meta;
        let chunk = m.chunk_shape();
        let chunk_bytes = chunk.iter().product::<usize>() * m.dtype.size();
        let shape = crate::expr::build::shape_str(&m.shape);
        let mut s = format!("shape    {shape}\ndtype    {}\n", m.dtype);
        s += &format!(
            "chunks   {} x {} blocks {}, {} each\n",
            crate::expr::build::shape_str(&chunk),
            m.nblocks_total(),
            crate::expr::build::shape_str(&m.numblocks()),
            human_bytes(chunk_bytes)
        );
        s += &format!("bytes    {}\n", human_bytes(m.nbytes()));
        s += &match self.session.task_counts(a) {
            Some((raw, opt)) => format!("tasks    {raw} ({opt} after optimization)\n"),
            None => "tasks    too many to count quickly\n".to_string(),
        };
        s += &format!("made by  {}\n", describe(a, 4));
        if let Some(limit) = self.session.memory_limit {
            let threads = self.session.opts.threads;
            let staged = crate::staging::to_stage(&[Request::Value(a.clone())], limit, threads);
            for (r, p) in staged {
                s += &format!(
                    "memory   rechunk to {} goes through disk (limit {}): read blocks {}, stored inner chunks {}\n",
                    crate::expr::build::shape_str(&r.meta.chunk_shape()),
                    human_bytes(limit),
                    crate::expr::build::shape_str(&p.read),
                    crate::expr::build::shape_str(&p.inner)
                );
            }
        }
        if let Some(line) = self.session.spill.describe() {
            s += &format!("last run {line}\n");
        }
        s
    }

    fn graph(&mut self, arg: &str) -> Outcome {
        // A trailing word ending in `.dot` is the file to write.
        let (expr, file) = match arg.rsplit_once(char::is_whitespace) {
            Some((e, f)) if f.ends_with(".dot") => (e.trim().to_string(), Some(f.to_string())),
            _ => (arg.to_string(), None),
        };
        let optimize = self.session.opts.optimize;
        self.with_array(&expr, |_, a| {
            let mut g = lower(&[Request::Value(a.clone())]);
            if optimize {
                crate::optimize::optimize(&mut g);
            }
            let dot = g.to_dot();
            match file {
                Some(f) => match std::fs::write(&f, &dot) {
                    Ok(()) => Outcome::Text(format!("wrote {} tasks to {f}\n", g.len())),
                    Err(e) => Outcome::Error(format!("error: cannot write `{f}`: {e}\n")),
                },
                None if g.len() > 500 => Outcome::Error(format!(
                    "error: the graph has {} tasks; write it to a file: `:graph {expr} graph.dot`\n",
                    g.len()
                )),
                None => Outcome::Text(dot),
            }
        })
    }

    fn time(&mut self, src: &str) -> Outcome {
        let t0 = Instant::now();
        match self.run(src, "<stdin>") {
            Ok(text) => {
                self.entries.push(src.trim().to_string());
                let s = self.session.last_stats;
                Outcome::Text(format!(
                    "{text}wall {:.3} s, peak held {}, {} tasks\n",
                    t0.elapsed().as_secs_f64(),
                    human_bytes(s.peak_bytes),
                    s.tasks
                ))
            }
            Err(o) => o,
        }
    }

    /// `:vars`: user names, sorted, with what they hold.
    pub fn vars(&self) -> String {
        let g = &self.session.interp.globals;
        let mut names: Vec<&String> = g
            .iter()
            .filter(|(k, v)| {
                !self.base.contains(*k)
                    || matches!(v, Value::Array(_))
                    || matches!(v, Value::Func(f) if help::user_doc(f).origin != "stdlib")
            })
            .map(|(k, _)| k)
            .collect();
        names.sort();
        let mut s = String::new();
        for n in names {
            let line = match &g[n] {
                Value::Array(a) => format!(
                    "{n:<12} {} {}  {}, chunks {}",
                    a.meta.dtype,
                    crate::expr::build::shape_str(&a.meta.shape),
                    human_bytes(a.meta.nbytes()),
                    crate::expr::build::shape_str(&a.meta.chunk_shape())
                ),
                Value::Func(f) => format!("{n:<12} fn {}", help::signature_of(f)),
                Value::Int(i) => format!("{n:<12} int {i}"),
                Value::Float(x) => format!("{n:<12} float {}", py_float(*x)),
                v => format!("{n:<12} {}", v.type_name()),
            };
            s.push_str(&line);
            s.push('\n');
        }
        if s.is_empty() {
            s.push_str("(no names defined yet)\n");
        }
        s
    }

    fn load(&mut self, path: &str) -> Outcome {
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => return Outcome::Error(format!("error: cannot read `{path}`: {e}\n")),
        };
        match self.run(&src, path) {
            Ok(text) => {
                self.entries.push(src.trim().to_string());
                Outcome::Text(text)
            }
            Err(o) => o,
        }
    }

    fn save(&mut self, path: &str) -> Outcome {
        if path.is_empty() {
            return Outcome::Error("error: `:save` needs a file name\n".into());
        }
        let mut text = self.entries.join("\n");
        text.push('\n');
        match std::fs::write(path, text) {
            Ok(()) => Outcome::Text(format!("wrote {} entries to {path}\n", self.entries.len())),
            Err(e) => Outcome::Error(format!("error: cannot write `{path}`: {e}\n")),
        }
    }
}

/// How an array is made, as a call tree: `add(random((4, 4)), 1)`, `depth` calls deep.
pub fn describe(a: &Arr, depth: usize) -> String {
    if depth == 0 {
        return "…".into();
    }
    let ins: Vec<String> = a.inputs.iter().map(|i| describe(i, depth - 1)).collect();
    let shape = crate::expr::build::shape_str(a.shape());
    match &a.op {
        Op::Map(m) => map_str(m, &ins),
        Op::Full(_) | Op::Arange { .. } | Op::Eye { .. } | Op::Literal(_) => {
            format!("{}({shape})", a.op_name())
        }
        Op::Random { seed, .. } => format!("{}({shape}, seed={seed})", a.op_name()),
        Op::Load { source } => format!("load({source:?})"),
        Op::Reduce { op, axes, keepdims } => {
            let mut args = ins.clone();
            if axes.len() < a.inputs.first().map_or(0, |i| i.ndim()) {
                match axes.as_slice() {
                    [k] => args.push(format!("axis={k}")),
                    ks => args.push(format!("axis={}", crate::expr::build::shape_str(ks))),
                }
            }
            match op {
                ReduceOp::Var { ddof } | ReduceOp::Std { ddof } if *ddof != 0.0 => {
                    args.push(format!("ddof={}", py_float(*ddof)))
                }
                _ => {}
            }
            if *keepdims {
                args.push("keepdims=True".into());
            }
            format!("{}({})", op.name(), args.join(", "))
        }
        _ => format!("{}({})", a.op_name(), ins.join(", ")),
    }
}

fn map_str(m: &MapExpr, ins: &[String]) -> String {
    match m {
        MapExpr::Leaf(MapLeaf::Input(i), _) => ins.get(*i).cloned().unwrap_or_default(),
        MapExpr::Leaf(MapLeaf::Const(c), _) => {
            let v = Value::from_scalar(*c);
            match v {
                Value::Float(f) => py_float(f),
                Value::Complex(re, im) => crate::kernels::format::py_complex(re, im),
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => if b { "True" } else { "False" }.into(),
                _ => "?".into(),
            }
        }
        // Constants are cast to the array's dtype: show them as written.
        MapExpr::Cast(x, _) if matches!(**x, MapExpr::Leaf(MapLeaf::Const(_), _)) => {
            map_str(x, ins)
        }
        MapExpr::Cast(x, d) => format!("astype({}, {d})", map_str(x, ins)),
        MapExpr::Unary(op, x, _) => {
            format!("{}({})", format!("{op:?}").to_lowercase(), map_str(x, ins))
        }
        MapExpr::Binary(op, x, y, _) => format!(
            "{}({}, {})",
            format!("{op:?}").to_lowercase(),
            map_str(x, ins),
            map_str(y, ins)
        ),
        MapExpr::Where(c, x, y, _) => format!(
            "where({}, {}, {})",
            map_str(c, ins),
            map_str(x, ins),
            map_str(y, ins)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Options;

    fn repl() -> Repl {
        Repl::new(Session::new(Options {
            threads: 1,
            ..Options::default()
        }))
    }

    fn text(o: Outcome) -> String {
        match o {
            Outcome::Text(t) => t,
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn info_describes_without_computing() {
        let mut r = repl();
        text(r.entry("x = random((40000, 40000), chunks=(1000, 1000), seed=1)"));
        let t = text(r.entry(":info x + 1"));
        assert_eq!(
            t,
            "shape    (40000, 40000)\ndtype    float64\n\
             chunks   (1000, 1000) x 1600 blocks (40, 40), 8.00 MB each\n\
             bytes    12.80 GB\ntasks    3200 (1600 after optimization)\n\
             made by  add(random((40000, 40000), seed=1), 1)\n"
        );
        assert_eq!(r.session.last_stats.tasks, 0);
    }

    /// Under a memory limit, `:info` says which rechunks would go through disk, and how.
    #[test]
    fn info_tells_of_staged_rechunks() {
        let mut r = repl();
        r.session.memory_limit = Some(100_000_000);
        r.session.opts.threads = 2;
        text(r.entry("x = ones((100, 1000, 1000), chunks=(1, 1000, 1000)) * 2"));
        let t = text(r.entry(":info rechunk(x, (100, 50, 50))"));
        assert!(
            t.contains(
                "memory   rechunk to (100, 50, 50) goes through disk (limit 100.00 MB): \
                 read blocks (1, 1000, 500), stored inner chunks (1, 50, 50)\n"
            ),
            "{t}"
        );
        let t = text(r.entry(":info rechunk(x, (2, 1000, 1000))"));
        assert!(!t.contains("memory"), "{t}");
    }

    /// A file that disappears after `load` read its header fails while computing; the error
    /// points at the line that built the array, in the entry that typed it.
    #[test]
    fn a_failing_task_points_at_its_source() {
        let dir = std::env::temp_dir().join(format!("arrlang-gone-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("gone.npy");
        let mut r = repl();
        text(r.entry(&format!(
            "save({:?}, arange(10.0))",
            f.display().to_string()
        )));
        text(r.entry(&format!("x = load({:?}) * 2", f.display().to_string())));
        std::fs::remove_file(&f).unwrap();
        match r.entry("y = 1\nx.sum()") {
            Outcome::Error(e) => {
                assert!(e.contains("[E0301]"), "{e}");
                assert!(e.contains("<earlier input>"), "{e}");
                assert!(e.contains("x = load("), "{e}");
                assert!(e.contains("while computing this"), "{e}");
            }
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn commands_vars_time_threads_save_load() {
        let mut r = repl();
        text(r.entry("a = arange(10, chunks=5)\nfn f(x, k=2) = x * k\nk = 3"));
        let v = text(r.entry(":vars"));
        assert_eq!(
            v,
            "a            int64 (10,)  80 B, chunks (5,)\nf            fn f(x, k=2)\nk            int 3\n"
        );
        let t = text(r.entry(":time f(a).sum()"));
        assert!(t.starts_with("90\nwall "), "{t}");
        assert!(t.ends_with(" tasks\n"), "{t}");
        assert_eq!(text(r.entry(":threads 3")), "3 threads\n");
        assert_eq!(r.session.opts.threads, 3);
        let dir = std::env::temp_dir().join(format!("arrlang-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("s.arr");
        text(r.entry(&format!(":save {}", file.display())));
        let mut r2 = repl();
        assert_eq!(text(r2.entry(&format!(":load {}", file.display()))), "90\n");
        assert_eq!(text(r2.entry("f(a, k=k)[-1]")), "27\n");
        match r.entry(":hlep") {
            Outcome::Error(e) => assert!(e.contains("did you mean `:help`?"), "{e}"),
            o => panic!("{o:?}"),
        }
        match r.entry(":help summ") {
            Outcome::Error(e) => assert!(e.contains("did you mean `sum`?"), "{e}"),
            o => panic!("{o:?}"),
        }
        assert_eq!(r.entry(":quit"), Outcome::Quit);
        let g = text(r.entry(":graph a + 1"));
        assert!(g.starts_with("digraph"), "{g}");
    }

    #[test]
    fn cluster_command_switches_where_computations_run() {
        let mut r = repl();
        text(r.entry(":threads 2"));
        assert_eq!(
            text(r.entry(":cluster")),
            "computations run here (2 threads)\n"
        );
        text(r.entry("x = random((300, 200), chunks=(50, 40), seed=3)"));
        let here = text(r.entry("x.std(0)[:3]"));
        // The in-process cluster runs the distributed plan (groups, values as bytes).
        assert_eq!(
            text(r.entry(":cluster inprocess")),
            "computations run on the Dask cluster at inprocess\n"
        );
        assert!(r.session.cluster.is_some());
        assert_eq!(text(r.entry("x.std(0)[:3]")), here);
        // Nothing listens on port 1: refused, and the setting stays.
        match r.entry(":cluster tcp://127.0.0.1:1") {
            Outcome::Error(e) => assert!(e.contains("cannot reach the Dask scheduler"), "{e}"),
            o => panic!("{o:?}"),
        }
        assert!(r.session.cluster.is_some());
        match r.entry(":cluster a b") {
            Outcome::Error(e) => assert!(e.contains("one scheduler address"), "{e}"),
            o => panic!("{o:?}"),
        }
        assert_eq!(
            text(r.entry(":cluster off")),
            "computations run here (2 threads)\n"
        );
        assert!(r.session.cluster.is_none());
        assert!(text(r.entry(":help")).contains(":cluster [ADDR|off]"));
    }
}
