//! Graphviz DOT, with a CJK-capable font named so Chinese labels render.

use std::fmt::Write as _;

use order_fsm_core::model::{Machine, StateIx, Trigger};

use crate::common::*;
use crate::Lang;

/// The font list used by DOT, SVG and HTML output: a CJK font first on each platform.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Quotes a DOT string: `"` and `\` escaped, line breaks as `\n` (centred lines).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The DOT text for one machine.
pub fn render(m: &Machine, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&m.id.text));
    let _ = writeln!(
        out,
        "    graph [label={}, labelloc=t, fontsize=16, fontname={}, rankdir=TB, nodesep=0.5, ranksep=0.6];",
        quote(&machine_title(m)),
        quote(FONT_FAMILY)
    );
    let _ = writeln!(
        out,
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f7fb\", color=\"#4a6fa5\", fontname={}, fontsize=12];",
        quote(FONT_FAMILY)
    );
    let _ = writeln!(
        out,
        "    edge [color=\"#555555\", fontname={}, fontsize=10];",
        quote(FONT_FAMILY)
    );
    out.push('\n');
    if let Some(init) = m.initial.filter(|s| s.index() < m.states.len()) {
        out.push_str("    \"__start\" [shape=circle, style=filled, fillcolor=black, width=0.18, label=\"\"];\n");
        let _ = writeln!(out, "    \"__start\" -> {};", quote(state_id(m, init)));
    }
    for (i, st) in m.states.iter().enumerate() {
        let s = StateIx(i as u32);
        let label = m.state_label(s);
        let mut text = if label == st.id.text {
            label.to_string()
        } else {
            format!("{label}\n{}", st.id.text)
        };
        // Reminders and events handled in place are written in the state: no arrow.
        for line in stays_of(m, s, lang) {
            text.push('\n');
            text.push_str(&line);
        }
        let mut attrs = format!("label={}", quote(&text));
        if st.is_final {
            attrs.push_str(", peripheries=2, fillcolor=\"#eef5ee\", color=\"#3c7a3c\"");
        }
        if st.initial {
            attrs.push_str(", penwidth=2");
        }
        if let Some(d) = &st.doc {
            let _ = write!(attrs, ", tooltip={}", quote(d));
        }
        let _ = writeln!(out, "    {} [{attrs}];", quote(&st.id.text));
    }
    let any = any_id(m);
    if has_any(m) {
        let _ = writeln!(
            out,
            "    {} [label={}, style=\"rounded,dashed,filled\", fillcolor=\"#faf5ff\", color=\"#8a63c7\"];",
            quote(&any),
            quote(any_text(lang))
        );
    }
    out.push('\n');
    for (s, i, to) in edges(m) {
        let t = &m.transitions[i];
        let mut lines = Vec::new();
        match &t.trigger {
            Trigger::Event { event, .. } => lines.push(m.event_label(*event).to_string()),
            Trigger::Timeout { label, .. } => {
                lines.push(format!("⏱ {}", trigger_duration(&t.trigger, lang)));
                if let Some(l) = label {
                    lines.push(l.text.clone());
                }
            }
        }
        if let Some(g) = &t.guard {
            lines.push(format!("[{}]", guard_text(m, g)));
        }
        let roles = roles_short(m, t, lang);
        if !roles.is_empty() {
            lines.push(match lang {
                Lang::Zh => format!("（{roles}）"),
                Lang::En => format!("({roles})"),
            });
        }
        let mut attrs = format!("label={}", quote(&lines.join("\n")));
        if t.event().is_none() {
            attrs.push_str(", style=dashed");
        }
        let _ = writeln!(
            out,
            "    {} -> {} [{attrs}];",
            quote(match s {
                Source::State(s) => state_id(m, s),
                Source::Any => any.as_str(),
            }),
            quote(state_id(m, to))
        );
    }
    if !m.notes.is_empty() {
        out.push('\n');
        let text = m
            .notes
            .iter()
            .map(|n| n.text.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let _ = writeln!(
            out,
            "    \"__notes\" [shape=note, style=filled, fillcolor=\"#fff8dc\", color=\"#c8b560\", label={}];",
            quote(&text)
        );
    }
    out.push_str("}\n");
    out
}
