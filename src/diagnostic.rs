//! Diagnostics: every user-facing error as a value with a code, spans and a hint, rendered
//! with ariadne (colour only on a terminal, plain text in tests).

use crate::source::Span;
use ariadne::{Config, Label, Report, ReportKind, Source};
use std::fmt;

/// One error a user can cause. `labels` point into the source; the first is the primary one.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            labels: Vec::new(),
            note: None,
        }
    }

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push((span, text.into()));
        self
    }

    pub fn note(mut self, text: impl Into<String>) -> Self {
        self.note = Some(text.into());
        self
    }

    /// Renders the report against `src` (named `name`); `color` only for terminals.
    pub fn render(&self, name: &str, src: &str, color: bool) -> String {
        let name = name.to_string();
        let primary = self.labels.first().map(|l| l.0.clone()).unwrap_or(0..0);
        let clamp =
            |s: &Span| s.start.min(src.len())..s.end.min(src.len()).max(s.start.min(src.len()));
        let mut report = Report::build(ReportKind::Error, (name.clone(), clamp(&primary)))
            .with_config(Config::default().with_color(color))
            .with_code(self.code)
            .with_message(&self.message);
        for (span, text) in &self.labels {
            report = report.with_label(Label::new((name.clone(), clamp(span))).with_message(text));
        }
        if let Some(note) = &self.note {
            report = report.with_note(note);
        }
        let mut out = Vec::new();
        let cache = (name.clone(), Source::from(src));
        if report.finish().write(cache, &mut out).is_err() {
            return format!("error[{}]: {}", self.code, self.message);
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The one-line form used by golden tests: `error[E0201]: message`.
    pub fn headline(&self) -> String {
        format!("error[{}]: {}", self.code, self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

impl std::error::Error for Diagnostic {}

/// Error codes, one per kind of mistake (documented in README's error table).
pub mod codes {
    pub const SYNTAX: &str = "E0001";
    pub const UNKNOWN_NAME: &str = "E0101";
    pub const ARGUMENT: &str = "E0102";
    pub const TYPE: &str = "E0103";
    pub const ATTRIBUTE: &str = "E0104";
    pub const BROADCAST: &str = "E0201";
    pub const AXIS: &str = "E0202";
    pub const INDEX: &str = "E0203";
    pub const SHAPE: &str = "E0204";
    pub const CONTRACTION: &str = "E0205";
    pub const DTYPE: &str = "E0206";
    pub const LINALG: &str = "E0207";
    pub const OVERFLOW: &str = "E0208";
    pub const IO: &str = "E0301";
    pub const VARIABLE: &str = "E0302";
    pub const CONCAT: &str = "E0303";
    pub const RUNTIME: &str = "E0401";
    pub const MEMORY: &str = "E0402";
    pub const LIMIT: &str = "E0403";
    pub const INTERNAL: &str = "E9999";
}
