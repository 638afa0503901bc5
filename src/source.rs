//! Source text bookkeeping: spans and spanned values shared by every stage.

/// A byte range into one source text.
pub type Span = std::ops::Range<usize>;

/// A value together with the span of source text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}
