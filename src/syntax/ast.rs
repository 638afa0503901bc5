//! The abstract syntax tree: parser output, interpreter input. Every node carries its span.

use crate::source::Spanned;

/// A whole script or REPL entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub stmts: Vec<Spanned<Stmt>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `a = e`, or tuple unpacking `u, s, v = e` when `targets.len() > 1`.
    Assign {
        targets: Vec<Spanned<String>>,
        value: Spanned<Expr>,
    },
    /// `x[i] = v` (`indices`), `x += v` (`op`), `x[i] += v` (both): rebinds `x` to a new
    /// lazy array; arrays other names hold are unchanged.
    Update {
        target: Spanned<String>,
        indices: Option<Vec<Spanned<Index>>>,
        op: Option<Spanned<BinOp>>,
        value: Spanned<Expr>,
    },
    /// A bare expression; its value is printed.
    Expr(Spanned<Expr>),
    /// `fn name(a, b=1) = body`
    FnDef {
        name: Spanned<String>,
        params: Vec<Param>,
        body: Spanned<Expr>,
        /// The `#` comment lines directly above the definition, without the `#`.
        doc: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Spanned<String>,
    pub default: Option<Spanned<Expr>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Pos,
    /// `~`: bitwise/logical not
    Invert,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    And,
    Or,
    Xor,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl UnOp {
    /// The operator as written in source (`-`, `+`, `~`).
    pub fn symbol(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Pos => "+",
            UnOp::Invert => "~",
        }
    }
}

impl BinOp {
    /// The operator as written in source (`+`, `//`, `<=`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::MatMul => "@",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Int(i64),
    Float(f64),
    /// An imaginary literal `2.5j`: the complex `0 + 2.5j`.
    Imag(f64),
    Bool(bool),
    Str(String),
    None,
    Name(String),
    Tuple(Vec<Spanned<Expr>>),
    List(Vec<Spanned<Expr>>),
    Unary {
        op: UnOp,
        operand: Box<Spanned<Expr>>,
    },
    /// Arithmetic, bitwise and single comparison operators.
    Binary {
        op: BinOp,
        lhs: Box<Spanned<Expr>>,
        rhs: Box<Spanned<Expr>>,
    },
    /// A chain of two or more comparisons, `1 < a <= 5`: `(1 < a) & (a <= 5)` with `a`
    /// evaluated once (Python's meaning, elementwise as numpy users expect).
    Compare {
        first: Box<Spanned<Expr>>,
        rest: Vec<(BinOp, Spanned<Expr>)>,
    },
    Call {
        func: Box<Spanned<Expr>>,
        args: Vec<Arg>,
    },
    /// `value.name`
    Attr {
        value: Box<Spanned<Expr>>,
        name: Spanned<String>,
    },
    /// `value[i, a:b:c, None, ...]`
    Index {
        value: Box<Spanned<Expr>>,
        indices: Vec<Spanned<Index>>,
    },
}

/// One call argument: positional when `name` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<Spanned<String>>,
    pub value: Spanned<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Index {
    /// An integer (or any expression); `None` here means a new axis.
    Expr(Spanned<Expr>),
    Slice {
        start: Option<Spanned<Expr>>,
        stop: Option<Spanned<Expr>>,
        step: Option<Spanned<Expr>>,
    },
    Ellipsis,
}
