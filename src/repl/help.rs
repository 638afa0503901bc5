//! Help: a function name -> its signature, one-line description and an example.
//!
//! One source for help and completion: builtins come from the registry in
//! `expr::functions` (signature, description, example); stdlib and user functions from their `#` comments
//! (the first line describes, an `Example: code` line gives the example). Examples are run
//! when shown, so the printed result is always what arrlang computes.

use crate::expr::functions;
use crate::expr::value::{UserFn, Value};
use crate::session::{Options, Session};
use std::collections::HashMap;

/// What `:help name` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub signature: String,
    pub summary: String,
    pub example: Option<String>,
    /// Where it is defined: "builtin", "stdlib" or "defined in this session".
    pub origin: &'static str,
    /// A builtin's family ("creation", "reductions", ...).
    pub family: Option<&'static str>,
    /// Whether the example is run when shown (not for files and pictures).
    pub runs: bool,
}

/// The docs of `name` as bound in `globals` (builtins, stdlib and user functions).
pub fn lookup(globals: &HashMap<String, Value>, name: &str) -> Option<Doc> {
    match globals.get(name)? {
        Value::Builtin(b) => {
            let (family, f) = functions::get(b)?;
            Some(Doc {
                signature: f.signature.to_string(),
                summary: f.help.to_string(),
                example: Some(f.example.to_string()),
                origin: "builtin",
                family: Some(family.name()),
                runs: family.examples_run(),
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
    let stdlib = std::ptr::eq(f.origin.as_ptr(), functions::stdlib_origin().as_ptr());
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
        family: None,
        runs: true,
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
        Some(Value::Builtin(b)) => functions::help(b).map(|h| h.0),
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
        if d.runs {
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
         to bind it, `fn f(x, k=1) = expr` to define a function. Tab completes names.\n\
         Updates `x[i] = v`, `x[mask] = v`, `x[1:3, ::2] = v`, `x += 1` rebind `x` to a new lazy\n\
         array: nothing is changed in place (after `y = x`, `y` keeps the old values).\n\n\
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
            if d.runs {
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
