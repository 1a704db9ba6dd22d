//! Mermaid `stateDiagram-v2`.
//!
//! States keep their ASCII ids (`state "待付款" as Created`); ids that Mermaid reads as
//! keywords get an `s_` prefix. Edges read `付款 [条件] （买家）`, timeouts `⏱ 30m 说明`.
//! Final states get a thick green border (class `finalState`) instead of an edge into `[*]`,
//! which Mermaid would draw into one end dot shared by all of them. Mermaid's state diagram
//! cannot style one edge (it has no `linkStyle`), so timeouts are told apart by their `⏱`.

use std::fmt::Write as _;

use order_fsm_core::model::{Machine, StateIx, Trigger};

use crate::common::*;
use crate::Lang;

/// Words the Mermaid state diagram grammar treats specially.
const RESERVED: &[&str] = &[
    "end",
    "state",
    "note",
    "direction",
    "classdef",
    "class",
    "style",
    "as",
    "left",
    "right",
    "of",
    "default",
    "fork",
    "join",
    "choice",
    "concurrent",
    "hide",
    "scale",
    "stateDiagram",
    "click",
    "accTitle",
    "accDescr",
];

/// The id a state gets in the diagram.
pub(crate) fn node_id(m: &Machine, s: StateIx) -> String {
    let id = state_id(m, s);
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(id)) {
        format!("s_{id}")
    } else {
        id.to_string()
    }
}

/// Makes free text safe inside a Mermaid label: characters the grammar gives a meaning to are
/// replaced by full-width look-alikes, line breaks by spaces.
pub fn escape_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ':' => out.push('：'),
            ';' => out.push('；'),
            '#' => out.push('＃'),
            '"' => out.push('＂'),
            '{' => out.push('｛'),
            '}' => out.push('｝'),
            '<' => out.push('＜'),
            '>' => out.push('＞'),
            '`' => out.push('\''),
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        "-".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The label of one edge: `付款 [条件] （买家）` or `⏱ 30m 说明 [条件]`.
///
/// With `clock` false the timeout is written in words (`30m 后`, `after 30m`), for renderers whose fonts
/// lack the clock sign.
pub(crate) fn edge_label(
    m: &Machine,
    t: &order_fsm_core::model::Transition,
    lang: Lang,
    clock: bool,
) -> String {
    let mut s = match &t.trigger {
        Trigger::Event { event, .. } => m.event_label(*event).to_string(),
        Trigger::Timeout { label, .. } => {
            let d = short_duration(&t.trigger);
            let mut x = match (clock, lang) {
                (true, _) => format!("⏱ {d}"),
                (false, Lang::Zh) => format!("{d} 后"),
                (false, Lang::En) => format!("after {d}"),
            };
            if let Some(l) = label {
                x.push(' ');
                x.push_str(&l.text);
            }
            x
        }
    };
    if let Some(g) = &t.guard {
        let _ = write!(s, " [{}]", guard_text(m, g));
    }
    let roles = roles_short(m, t, lang);
    if !roles.is_empty() {
        match lang {
            Lang::Zh => {
                let _ = write!(s, " （{roles}）");
            }
            Lang::En => {
                let _ = write!(s, " ({roles})");
            }
        }
    }
    s
}

/// The diagram, ending in a newline, without a Markdown fence.
pub fn render(m: &Machine, lang: Lang) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    let title = machine_title(m);
    let _ = writeln!(out, "    %% {}", escape_label(&title));
    for (i, st) in m.states.iter().enumerate() {
        let s = StateIx(i as u32);
        let label = st.label.as_ref().map_or(&st.id.text, |l| &l.text);
        let _ = writeln!(
            out,
            "    state \"{}\" as {}",
            escape_label(label),
            node_id(m, s)
        );
    }
    let any = any_id(m);
    if has_any(m) {
        let _ = writeln!(
            out,
            "    state \"{}\" as {any}",
            escape_label(any_text(lang))
        );
        let _ = writeln!(
            out,
            "    classDef anyState fill:#faf5ff,stroke:#8a63c7,stroke-dasharray:4 3"
        );
        let _ = writeln!(out, "    class {any} anyState");
    }
    out.push('\n');
    if let Some(init) = m.initial.filter(|s| s.index() < m.states.len()) {
        let _ = writeln!(out, "    [*] --> {}", node_id(m, init));
    }
    for (s, i) in edges(m) {
        let t = &m.transitions[i];
        let from = match s {
            Source::State(s) => node_id(m, s),
            Source::Any => any.clone(),
        };
        let _ = writeln!(
            out,
            "    {} --> {} : {}",
            from,
            node_id(m, t.target),
            escape_label(&edge_label(m, t, lang, true))
        );
    }
    // Final states are marked by their style, not by edges into `[*]`: Mermaid draws every
    // `X --> [*]` into one shared end dot, with long edges crossing the diagram to reach it.
    let finals: Vec<String> = (0..m.states.len())
        .filter(|&i| m.states[i].is_final)
        .map(|i| node_id(m, StateIx(i as u32)))
        .collect();
    if !finals.is_empty() {
        let _ = writeln!(
            out,
            "    classDef finalState fill:#eef6ee,stroke:#3c7a3c,stroke-width:3px"
        );
        let _ = writeln!(out, "    class {} finalState", finals.join(","));
    }
    let anchor = m
        .initial
        .filter(|s| s.index() < m.states.len())
        .or_else(|| (!m.states.is_empty()).then_some(StateIx(0)));
    if let (Some(a), false) = (anchor, m.notes.is_empty()) {
        out.push('\n');
        let _ = writeln!(out, "    note left of {}", node_id(m, a));
        for n in &m.notes {
            let line = note_line(escape_label(&n.text.text));
            let _ = writeln!(out, "        {line}");
        }
        out.push_str("    end note\n");
    }
    out
}
