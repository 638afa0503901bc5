//! Help: a function name -> its signature, one-line description and an example.
//!
//! One source for help and completion: builtins come from `builtins::BUILTINS` (signature and
//! description) plus [`EXAMPLES`] here; stdlib and user functions from their `#` comments
//! (the first line describes, an `Example: code` line gives the example). Examples are run
//! when shown, so the printed result is always what arrlang computes.

use crate::expr::builtins;
use crate::expr::value::{UserFn, Value};
use crate::session::{Options, Session};
use std::collections::HashMap;

/// An example call for every builtin, by name.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("ones", "ones((2, 3), dtype=int32)"),
    ("zeros", "zeros(4)"),
    ("full", "full((2, 2), 7)"),
    ("arange", "arange(1, 10, 3)"),
    ("linspace", "linspace(0, 1, num=5)"),
    ("eye", "eye(3, k=1)"),
    ("array", "array([[1, 2], [3, 4]])"),
    ("random", "random((2, 2), seed=0)"),
    ("normal", "normal((3,), loc=10, scale=2, seed=1)"),
    ("load", "load(\"data.npy\", chunks=(1000, 100))"),
    ("save", "save(\"out.npy\", arange(10))"),
    ("print", "print(arange(3), 1.5)"),
    ("where", "where(arange(5) > 2, 1, -1)"),
    ("maximum", "maximum(arange(4), 2)"),
    ("minimum", "minimum(arange(4), 2)"),
    ("clip", "clip(arange(6), 1, 4)"),
    ("astype", "astype(arange(3), float32)"),
    ("sum", "sum(arange(6).reshape((2, 3)), axis=0)"),
    ("prod", "prod(arange(1, 5))"),
    ("mean", "mean(arange(6).reshape((2, 3)), axis=1)"),
    ("std", "std(array([1., 2., 3., 4.]), ddof=1)"),
    ("var", "var(array([1., 2., 3., 4.]))"),
    ("min", "min(array([3, 1, 2]))"),
    (
        "max",
        "max(arange(6).reshape((2, 3)), axis=1, keepdims=True)",
    ),
    ("any", "any(arange(4) > 2)"),
    ("all", "all(arange(4) >= 0)"),
    ("argmin", "argmin(array([3, 1, 2]))"),
    ("argmax", "argmax(array([[1, 5], [7, 2]]), axis=1)"),
    ("nansum", "nansum(array([1., nan, 2.]))"),
    ("nanmean", "nanmean(array([1., nan, 2.]))"),
    ("nanmin", "nanmin(array([1., nan, 2.]))"),
    ("nanmax", "nanmax(array([1., nan, 2.]))"),
    ("transpose", "transpose(arange(6).reshape((2, 3)))"),
    ("reshape", "reshape(arange(6), (3, 2))"),
    ("squeeze", "squeeze(ones((1, 3, 1))).shape"),
    ("expand_dims", "expand_dims(arange(3), 0)"),
    ("concatenate", "concatenate([arange(2), arange(3)])"),
    ("stack", "stack([arange(2), arange(2)], axis=1)"),
    (
        "rechunk",
        "rechunk(ones((100, 100), chunks=10), (50, 100)).chunks",
    ),
    ("broadcast_to", "broadcast_to(arange(3), (2, 3))"),
    ("dot", "dot(array([[1, 2], [3, 4]]), array([1, 1]))"),
    ("matmul", "matmul(eye(2), array([[1., 2.], [3., 4.]]))"),
    ("tensordot", "tensordot(ones((2, 3)), ones((3, 4)), axes=1)"),
    ("shape", "shape(ones((2, 5)))"),
    ("len", "len(ones((4, 2)))"),
    ("int", "int(3.7)"),
    ("float", "float(2)"),
    ("tuple", "tuple([1, 2])"),
    ("abs", "abs(array([-1.5, 2.]))"),
    ("sqrt", "sqrt(array([4., 9.]))"),
    ("exp", "exp(array([0., 1.]))"),
    ("log", "log(array([1., e]))"),
    ("log10", "log10(array([1., 1000.]))"),
    ("log1p", "log1p(array([0., 1e-10]))"),
    ("expm1", "expm1(array([0., 1e-10]))"),
    ("sin", "sin(array([0., pi / 2]))"),
    ("cos", "cos(array([0., pi]))"),
    ("tan", "tan(array([0., pi / 4]))"),
    ("arcsin", "arcsin(array([0., 1.]))"),
    ("arccos", "arccos(array([1., 0.]))"),
    ("arctan", "arctan(array([0., 1.]))"),
    ("tanh", "tanh(array([0., 1.]))"),
    ("floor", "floor(array([-1.5, 1.5]))"),
    ("ceil", "ceil(array([-1.5, 1.5]))"),
    ("round", "round(array([0.5, 1.5, 2.6]))"),
    ("sign", "sign(array([-2., 0., 3.]))"),
    ("isnan", "isnan(array([1., nan]))"),
    ("isfinite", "isfinite(array([1., inf, nan]))"),
    ("negative", "negative(arange(3))"),
    ("invert", "invert(array([True, False]))"),
    ("vars", "vars(\"era5.nc\")"),
    (
        "imshow",
        "imshow(x.mean(0), cmap=\"RdBu_r\", path=\"out/mean.png\")",
    ),
    ("plot", "plot(y[::100], path=\"out/series.png\")"),
    ("qr", "qr(random((6, 2), chunks=(3, 2), seed=0))[1]"),
    ("svd", "svd(array([[3., 0.], [0., 4.], [0., 0.]]))[1]"),
    (
        "svd_compressed",
        "svd_compressed(eye(4) * arange(1, 5), 2, seed=0)[1]",
    ),
    (
        "lstsq",
        "lstsq(array([[1., 0.], [0., 1.], [1., 1.]]), array([1., 2., 3.]))",
    ),
    (
        "solve",
        "solve(array([[2., 0.], [0., 4.]]), array([2., 8.]))",
    ),
    ("inv", "inv(array([[2., 0.], [0., 4.]]))"),
    ("cholesky", "cholesky(array([[4., 2.], [2., 5.]]))"),
    ("norm", "norm(array([3., 4.]))"),
    ("einsum", "einsum(\"ij,j->i\", eye(2), array([1., 2.]))"),
];

/// Examples that need files: shown, not run.
const NOT_RUN: &[&str] = &["load", "save", "vars", "imshow", "plot"];

/// What `:help name` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub signature: String,
    pub summary: String,
    pub example: Option<String>,
    /// Where it is defined: "builtin", "stdlib" or "defined in this session".
    pub origin: &'static str,
}

/// The docs of `name` as bound in `globals` (builtins, stdlib and user functions).
pub fn lookup(globals: &HashMap<String, Value>, name: &str) -> Option<Doc> {
    match globals.get(name)? {
        Value::Builtin(b) => {
            let (signature, summary) = builtins::help(b)?;
            Some(Doc {
                signature,
                summary,
                example: EXAMPLES.iter().find(|e| e.0 == *b).map(|e| e.1.to_string()),
                origin: "builtin",
            })
        }
        Value::Func(f) => Some(user_doc(f)),
        _ => None,
    }
}

/// The docs of a function written in arrlang, from its `#` comment.
pub fn user_doc(f: &UserFn) -> Doc {
    let doc = f.doc.clone().unwrap_or_default();
    let mut summary = Vec::new();
    let mut example = None;
    for line in doc.lines() {
        match line.trim().strip_prefix("Example:") {
            Some(e) => {
                // `code  ->  result`: the result is computed when shown.
                let code = e.split("  ->").next().unwrap_or(e).trim();
                example = Some(code.to_string());
            }
            None if !line.trim().is_empty() => summary.push(line.trim().to_string()),
            None => {}
        }
    }
    let stdlib = std::ptr::eq(f.origin.as_ptr(), builtins::stdlib_origin().as_ptr());
    Doc {
        signature: signature_of(f),
        summary: if summary.is_empty() {
            "(no description)".to_string()
        } else {
            summary.join(" ")
        },
        example,
        origin: if stdlib {
            "stdlib"
        } else {
            "defined in this session"
        },
    }
}

/// `name(a, b=default)` from a user function's parameters.
pub fn signature_of(f: &UserFn) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| match &p.default {
            Some(d) => format!(
                "{}={}",
                p.name.node,
                f.origin.get(d.span.clone()).unwrap_or("...")
            ),
            None => p.name.node.clone(),
        })
        .collect();
    format!("{}({})", f.name, params.join(", "))
}

/// The parameter names of a callable value (for keyword completion).
pub fn params(globals: &HashMap<String, Value>, name: &str) -> Vec<String> {
    let sig = match globals.get(name) {
        Some(Value::Builtin(b)) => builtins::help(b).map(|h| h.0),
        Some(Value::Func(f)) => Some(signature_of(f)),
        _ => None,
    };
    let Some(sig) = sig else { return Vec::new() };
    let inner = sig
        .split_once('(')
        .map(|(_, r)| r.trim_end_matches(')'))
        .unwrap_or("");
    inner
        .split(", ")
        .map(|p| p.split('=').next().unwrap_or(p).trim().to_string())
        .filter(|p| !p.is_empty() && !p.starts_with('*'))
        .collect()
}

/// Runs an example in a fresh session: its printed result, or the error message.
pub fn run_example(code: &str) -> Result<String, String> {
    let mut s = Session::new(Options {
        threads: 1,
        ..Options::default()
    });
    s.run(code)
        .map(|out| out.trim_end().to_string())
        .map_err(|f| {
            f.diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        })
}

/// The text `:help name` prints.
pub fn render(name: &str, d: &Doc) -> String {
    let mut s = format!("{}    ({})\n    {}\n", d.signature, d.origin, d.summary);
    let _ = name;
    if let Some(e) = &d.example {
        s.push_str("Example:\n");
        s.push_str(&format!("    >>> {e}\n"));
        let name = d.signature.split('(').next().unwrap_or("");
        if !NOT_RUN.contains(&name) {
            match run_example(e) {
                Ok(out) => {
                    for line in out.lines() {
                        s.push_str(&format!("    {line}\n"));
                    }
                }
                Err(m) => s.push_str(&format!("    error: {m}\n")),
            }
        }
    }
    s
}

/// Every function name `:help` knows: builtins, stdlib and the session's functions.
pub fn function_names(globals: &HashMap<String, Value>) -> Vec<String> {
    let mut v: Vec<String> = globals
        .iter()
        .filter(|(_, v)| matches!(v, Value::Builtin(_) | Value::Func(_)))
        .map(|(k, _)| k.clone())
        .collect();
    v.sort();
    v
}

/// The overview `:help` prints.
pub fn overview(globals: &HashMap<String, Value>) -> String {
    let mut s = String::from(
        "arrlang: numpy-style lazy arrays. Type an expression to see its value, `name = expr`\n\
         to bind it, `fn f(x, k=1) = expr` to define a function. Tab completes names.\n\n\
         Commands:\n",
    );
    for (c, h) in super::commands::COMMANDS {
        s.push_str(&format!("  {c:<24} {h}\n"));
    }
    s.push_str("\nFunctions (`:help name` for one):\n");
    let names = function_names(globals);
    let mut line = String::from(" ");
    for n in names {
        if line.len() + n.len() + 1 > 78 {
            s.push_str(&line);
            s.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(&n);
    }
    s.push_str(&line);
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every function has a signature, a description and an example that runs.
    #[test]
    fn every_function_has_a_working_example() {
        let s = Session::new(Options::default());
        let names = function_names(&s.interp.globals);
        assert!(names.len() > 60, "{names:?}");
        for n in &names {
            let d = lookup(&s.interp.globals, n).unwrap_or_else(|| panic!("no help for {n}"));
            assert!(
                d.signature.starts_with(&format!("{n}(")),
                "{n}: {}",
                d.signature
            );
            assert!(
                !d.summary.is_empty() && d.summary != "(no description)",
                "{n}"
            );
            let e = d.example.unwrap_or_else(|| panic!("{n} has no example"));
            assert!(e.contains(n.as_str()), "{n}: example {e} does not use it");
            if !NOT_RUN.contains(&n.as_str()) {
                run_example(&e).unwrap_or_else(|m| panic!("{n}: example {e} fails: {m}"));
            }
        }
    }

    #[test]
    fn help_shows_the_example_result() {
        let s = Session::new(Options::default());
        let d = lookup(&s.interp.globals, "sum").expect("sum");
        let text = render("sum", &d);
        assert!(text.starts_with("sum(x, axis=None, keepdims=False)    (builtin)\n"));
        assert!(
            text.contains(">>> sum(arange(6).reshape((2, 3)), axis=0)\n    array([3, 5, 7])"),
            "{text}"
        );
        let d = lookup(&s.interp.globals, "demean").expect("demean");
        assert_eq!(d.signature, "demean(x, axis=0)");
        assert_eq!(d.origin, "stdlib");
        assert_eq!(params(&s.interp.globals, "sum"), ["x", "axis", "keepdims"]);
        assert_eq!(params(&s.interp.globals, "demean"), ["x", "axis"]);
    }
}
