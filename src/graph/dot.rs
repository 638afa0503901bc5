//! DOT output of a task graph: nodes labelled with operation and block index, clustered by
//! the array they belong to.

use super::TaskGraph;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::program::{Instr, Program};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A short name for a fused program: its operations joined with `+`.
pub fn program_label(p: &Program) -> String {
    let mut names: Vec<String> = Vec::new();
    for i in &p.instrs {
        let n = match i {
            Instr::Input(_) | Instr::Const(_) => continue,
            Instr::InputPermuted(..) => "transpose".to_string(),
            Instr::Random { normal: false, .. } => "random".to_string(),
            Instr::Random { normal: true, .. } => "normal".to_string(),
            Instr::Arange { .. } => "arange".to_string(),
            Instr::Eye { .. } => "eye".to_string(),
            Instr::Unary(op, _) => unary_name(*op),
            Instr::Binary(op, _, _) => binary_name(*op),
            Instr::Where(..) => "where".to_string(),
            Instr::Cast(_) => "astype".to_string(),
        };
        if names.last() != Some(&n) {
            names.push(n);
        }
    }
    if names.is_empty() {
        if p.instrs.iter().any(|i| matches!(i, Instr::Const(_))) {
            "full".into()
        } else {
            "copy".into()
        }
    } else {
        names.join("+")
    }
}

fn unary_name(op: UnaryOp) -> String {
    match op {
        UnaryOp::Neg => "neg".into(),
        UnaryOp::Invert => "invert".into(),
        o => format!("{o:?}").to_lowercase(),
    }
}

fn binary_name(op: BinaryOp) -> String {
    match op {
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::FloorDiv => "floordiv",
        BinaryOp::Mod => "mod",
        BinaryOp::Pow => "pow",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
        BinaryOp::Xor => "xor",
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
        BinaryOp::Maximum => "maximum",
        BinaryOp::Minimum => "minimum",
        BinaryOp::Fmax => "fmax",
        BinaryOp::Fmin => "fmin",
        BinaryOp::Arctan2 => "arctan2",
    }
    .into()
}

impl TaskGraph {
    /// The graph in Graphviz DOT, deterministic for a given graph.
    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph arrlang {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        let mut by_layer: BTreeMap<usize, Vec<_>> = BTreeMap::new();
        for n in self.g.node_indices() {
            by_layer.entry(self.g[n].layer).or_default().push(n);
        }
        let outputs: std::collections::HashSet<_> = self.output_tasks().into_iter().collect();
        for (k, (layer, nodes)) in by_layer.iter().enumerate() {
            // Numbered by position, not by id, so the same program always gives the same text.
            let name = format!(
                "{} #{k}",
                self.layers
                    .get(layer)
                    .map(|l| l.name.as_str())
                    .unwrap_or("array")
            );
            let _ = writeln!(
                s,
                "  subgraph cluster_{k} {{\n    label=\"{name}\";\n    style=rounded; color=gray;"
            );
            for &n in nodes {
                let t = &self.g[n];
                let idx = t
                    .block
                    .iter()
                    .map(|b| b.to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                let style = if outputs.contains(&n) {
                    ", style=bold"
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "    t{} [label=\"{} ({})\"{}];",
                    n.index(),
                    t.kind.name(),
                    idx,
                    style
                );
            }
            s.push_str("  }\n");
        }
        for n in self.g.node_indices() {
            for i in &self.g[n].inputs {
                let _ = writeln!(s, "  t{} -> t{};", i.index(), n.index());
            }
        }
        s.push_str("}\n");
        s
    }
}
