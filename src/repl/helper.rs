//! The line editor's helper: tab completion, syntax colours, bracket matching and
//! multi-line input (rustyline's Completer, Highlighter, Hinter and Validator).

use super::commands::COMMANDS;
use super::help;
use crate::expr::functions;
use crate::expr::value::Value;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What completion knows about the session, refreshed after every entry.
#[derive(Debug, Default, Clone)]
pub struct Names {
    /// Every bound name.
    pub all: Vec<String>,
    /// Functions' parameter names.
    pub params: HashMap<String, Vec<String>>,
    /// Names of functions (coloured differently).
    pub functions: Vec<String>,
}

impl Names {
    pub fn from_globals(g: &HashMap<String, Value>) -> Names {
        let mut all: Vec<String> = g.keys().cloned().collect();
        all.sort();
        let functions = help::function_names(g);
        let params = functions
            .iter()
            .map(|f| (f.clone(), help::params(g, f)))
            .collect();
        Names {
            all,
            params,
            functions,
        }
    }
}

pub struct ArrHelper {
    pub names: Rc<RefCell<Names>>,
    files: FilenameCompleter,
}

impl ArrHelper {
    pub fn new(names: Rc<RefCell<Names>>) -> ArrHelper {
        ArrHelper {
            names,
            files: FilenameCompleter::new(),
        }
    }

    /// Candidates for the text before the cursor: (start of the replaced word, candidates).
    pub fn candidates(&self, before: &str) -> (usize, Vec<Pair>) {
        // Inside a string literal: a file name (`load("da` -> `load("data/`).
        if let Some(q) = open_string(before) {
            let (at, v) = file_candidates(&before[q..]);
            return (q + at, v);
        }
        let names = self.names.borrow();
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map(|(i, _)| i)
            .unwrap_or(before.len());
        let word = &before[start..];
        let pairs = |it: &mut dyn Iterator<Item = String>| -> Vec<Pair> {
            let mut v: Vec<Pair> = it
                .filter(|c| c.starts_with(word))
                .map(|c| Pair {
                    display: c.clone(),
                    replacement: c,
                })
                .collect();
            v.sort_by(|a, b| a.display.cmp(&b.display));
            v.dedup_by(|a, b| a.display == b.display);
            v
        };
        // `:com` completes commands; `:help na` function names.
        if let Some(cmd) = before.strip_prefix(':') {
            if !cmd.contains(char::is_whitespace) {
                let mut it = COMMANDS
                    .iter()
                    .map(|c| c.0.split(' ').next().unwrap_or("").to_string());
                let w = before;
                let v: Vec<Pair> = it
                    .by_ref()
                    .filter(|c| c.starts_with(w))
                    .map(|c| Pair {
                        display: c.clone(),
                        replacement: c,
                    })
                    .collect();
                return (0, v);
            }
            if cmd.starts_with("help ") {
                return (start, pairs(&mut names.functions.iter().cloned()));
            }
            if cmd.starts_with("cluster ") {
                // `off`, and the scheduler of `ARRLANG_SCHEDULER` when set.
                let mut it = ["off".to_string()]
                    .into_iter()
                    .chain(crate::cluster::scheduler_from_env());
                return (start, pairs(&mut it));
            }
        }
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            return (start, Vec::new());
        }
        // After a `.`: methods and attributes.
        if before[..start].ends_with('.') {
            let mut it = functions::member_names().into_iter().map(|s| s.to_string());
            return (start, pairs(&mut it));
        }
        // Inside a call, at an argument: its keyword names first.
        let mut kws = Vec::new();
        if let Some(f) = open_call(&before[..start]) {
            let lead = before[..start].trim_end();
            if lead.ends_with('(') || lead.ends_with(',') {
                if let Some(ps) = names.params.get(&f) {
                    kws = ps
                        .iter()
                        .filter(|p| p.starts_with(word))
                        .map(|p| Pair {
                            display: format!("{p}="),
                            replacement: format!("{p}="),
                        })
                        .collect();
                }
            }
        }
        let mut v = kws;
        v.extend(pairs(&mut names.all.iter().cloned()));
        (start, v)
    }
}

/// Where the string literal the end of `s` is inside begins (after its quote), if it is.
pub fn open_string(s: &str) -> Option<usize> {
    let mut open: Option<(char, usize)> = None;
    for (i, c) in s.char_indices() {
        match open {
            Some((q, _)) if c == q => open = None,
            Some(_) => {}
            None if c == '#' => return None,
            None if c == '"' || c == '\'' => open = Some((c, i + 1)),
            None => {}
        }
    }
    open.map(|(_, at)| at)
}

/// Files and directories whose path starts with `partial` (directories end in `/`; hidden
/// ones only when asked for): (where the replaced file name starts in `partial`, them).
pub fn file_candidates(partial: &str) -> (usize, Vec<Pair>) {
    let (dir, prefix, at) = match partial.rfind('/') {
        Some(k) => (&partial[..=k], &partial[k + 1..], k + 1),
        None => ("", partial, 0),
    };
    let Ok(entries) = std::fs::read_dir(if dir.is_empty() { "." } else { dir }) else {
        return (at, Vec::new());
    };
    let mut v: Vec<Pair> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let slash = if e.path().is_dir() { "/" } else { "" };
            Some(Pair {
                display: format!("{name}{slash}"),
                replacement: format!("{name}{slash}"),
            })
        })
        .collect();
    v.sort_by(|a, b| a.display.cmp(&b.display));
    (at, v)
}

/// The function whose call the end of `s` is inside: `sum(x, ax` -> `sum`.
pub fn open_call(s: &str) -> Option<String> {
    let mut depth = 0i32;
    let b = s.as_bytes();
    for i in (0..b.len()).rev() {
        match b[i] {
            b')' | b']' => depth += 1,
            b'[' => {
                if depth == 0 {
                    return None;
                }
                depth -= 1
            }
            b'(' => {
                if depth == 0 {
                    let name: String = s[..i]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    return (!name.is_empty()).then_some(name);
                }
                depth -= 1
            }
            _ => {}
        }
    }
    None
}

impl Completer for ArrHelper {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        if before.starts_with(":load ") || before.starts_with(":save ") {
            return self.files.complete(line, pos, ctx);
        }
        Ok(self.candidates(before))
    }
}

impl Hinter for ArrHelper {
    type Hint = String;
}

impl Validator for ArrHelper {
    fn validate(&self, _ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        // Continuation lines are read one by one after a `... ` prompt (`read_entry`).
        Ok(ValidationResult::Valid(None))
    }
}

impl Highlighter for ArrHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        Cow::Owned(highlight(line, pos, &self.names.borrow().functions))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        true
    }
}

impl Helper for ArrHelper {}

const RESET: &str = "\x1b[0m";

/// `line` with ANSI colours: numbers, strings, comments, keywords, function names, commands;
/// the bracket at (or just before) the cursor and its partner in bold, unmatched ones red.
pub fn highlight(line: &str, pos: usize, functions: &[String]) -> String {
    let pairs = bracket_pairs(line);
    let at_cursor = [pos, pos.wrapping_sub(1)].into_iter().find(|&p| {
        p < line.len() && matches!(line.as_bytes()[p], b'(' | b')' | b'[' | b']' | b'{' | b'}')
    });
    let partner = at_cursor.and_then(|p| pairs.get(&p).copied().flatten());
    let mut out = String::with_capacity(line.len() * 2);
    let paint = |out: &mut String, colour: &str, text: &str| {
        out.push_str(colour);
        out.push_str(text);
        out.push_str(RESET);
    };
    if line.trim_start().starts_with(':') {
        let end = line.find(char::is_whitespace).unwrap_or(line.len());
        paint(&mut out, "\x1b[33m", &line[..end]);
        out.push_str(&line[end..]);
        return out;
    }
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c == '#' {
            paint(&mut out, "\x1b[90m", &line[i..]);
            break;
        } else if c == '"' || c == '\'' {
            let end = line[i + 1..].find(c).map(|e| i + e + 2).unwrap_or(b.len());
            paint(&mut out, "\x1b[32m", &line[i..end]);
            i = end;
        } else if c.is_ascii_digit()
            || (c == '.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let mut end = i;
            while end < b.len()
                && (b[end].is_ascii_alphanumeric()
                    || b[end] == b'.'
                    || b[end] == b'_'
                    || ((b[end] == b'-' || b[end] == b'+') && matches!(b[end - 1], b'e' | b'E')))
            {
                end += 1;
            }
            paint(&mut out, "\x1b[36m", &line[i..end]);
            i = end;
        } else if c.is_alphabetic() || c == '_' {
            let mut end = i;
            while end < b.len()
                && (b[end].is_ascii_alphanumeric() || b[end] == b'_' || b[end] >= 0x80)
            {
                end += 1;
            }
            let w = &line[i..end];
            if matches!(w, "fn" | "True" | "False" | "None") {
                paint(&mut out, "\x1b[35m", w);
            } else if functions.iter().any(|f| f == w) && !line[..i].ends_with('.') {
                paint(&mut out, "\x1b[34m", w);
            } else {
                out.push_str(w);
            }
            i = end;
        } else if "()[]{}".contains(c) {
            let s = &line[i..i + 1];
            if pairs.get(&i) == Some(&None) {
                paint(&mut out, "\x1b[1;31m", s);
            } else if Some(i) == at_cursor || Some(i) == partner {
                if partner.is_some() {
                    paint(&mut out, "\x1b[1;4m", s);
                } else {
                    out.push_str(s);
                }
            } else {
                out.push_str(s);
            }
            i += 1;
        } else {
            let len = line[i..].chars().next().map_or(1, |ch| ch.len_utf8());
            out.push_str(&line[i..i + len]);
            i += len;
        }
    }
    out
}

/// For each bracket outside strings and comments: its partner's position, or None if it has
/// none (or the wrong kind).
pub fn bracket_pairs(line: &str) -> HashMap<usize, Option<usize>> {
    let mut m = HashMap::new();
    let mut stack: Vec<(usize, u8)> = Vec::new();
    let mut in_str: Option<u8> = None;
    for (i, &c) in line.as_bytes().iter().enumerate() {
        if let Some(q) = in_str {
            if c == q {
                in_str = None;
            }
            continue;
        }
        match c {
            b'#' => break,
            b'"' | b'\'' => in_str = Some(c),
            b'(' | b'[' | b'{' => stack.push((i, c)),
            b')' | b']' | b'}' => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.last() {
                    Some(&(j, o)) if o == want => {
                        stack.pop();
                        m.insert(i, Some(j));
                        m.insert(j, Some(i));
                    }
                    _ => {
                        m.insert(i, None);
                    }
                }
            }
            _ => {}
        }
    }
    // Brackets still open at the end are left out: not an error while typing.
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Options, Session};

    fn helper() -> ArrHelper {
        let mut s = Session::new(Options::default());
        s.run("x_values = arange(3)\nfn scale(v, factor=2) = v * factor")
            .unwrap();
        ArrHelper::new(Rc::new(RefCell::new(Names::from_globals(
            &s.interp.globals,
        ))))
    }

    fn words(h: &ArrHelper, before: &str) -> (usize, Vec<String>) {
        let (s, v) = h.candidates(before);
        (s, v.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn completes_names_methods_keywords_and_commands() {
        let h = helper();
        assert_eq!(words(&h, "y = x_v"), (4, vec!["x_values".to_string()]));
        assert_eq!(words(&h, "lins"), (0, vec!["linspace".to_string()]));
        assert_eq!(words(&h, "demea"), (0, vec!["demean".to_string()]));
        assert_eq!(words(&h, "x_values.me").1, ["mean"]);
        assert_eq!(words(&h, "x_values.sh").1, ["shape"]);
        let (_, kw) = words(&h, "sum(x_values, ax");
        assert_eq!(kw, ["axis="]);
        let (_, kw) = words(&h, "scale(x_values, fa");
        assert_eq!(kw[0], "factor=");
        assert_eq!(words(&h, ":he").1, [":help"]);
        assert_eq!(words(&h, ":help nanme").1, ["nanmean", "nanmedian"]);
        assert_eq!(words(&h, ":clu").1, [":cluster"]);
        assert_eq!(words(&h, ":cluster o"), (9, vec!["off".to_string()]));
        // Every listed attribute works on an array.
        let mut s = Session::new(Options::default());
        for a in functions::ATTRIBUTES.iter().map(|a| a.name) {
            s.run(&format!("ones((2, 3)).{a}"))
                .unwrap_or_else(|_| panic!("attribute {a}"));
        }
    }

    #[test]
    fn highlights_and_matches_brackets() {
        let f = vec!["sum".to_string()];
        let h = highlight("sum(x[1]) # c", 8, &f);
        assert_eq!(
            h,
            "\x1b[34msum\x1b[0m\x1b[1;4m(\x1b[0mx[\x1b[36m1\x1b[0m]\x1b[1;4m)\x1b[0m \x1b[90m# c\x1b[0m"
        );
        // An unmatched closing bracket is red; an open one while typing is not.
        assert!(highlight("x)", 0, &f).contains("\x1b[1;31m)"));
        assert_eq!(highlight("(x", 0, &f), "(x");
        assert_eq!(open_call("sum(x, mean(y), "), Some("sum".into()));
        assert_eq!(open_call("x[sum(y"), Some("sum".into()));
        assert_eq!(open_call("x[1, "), None);
    }
}
