//! Mermaid `flowchart`.
//!
//! A flowchart rather than a `stateDiagram-v2`: Mermaid's state diagram draws every final state
//! into one shared end dot, with long edges crossing the picture to reach it, and cannot style
//! one edge, so timeouts could not be told apart by their line. In the flowchart:
//!
//! - a small filled circle marks the start and points to the initial state;
//! - states are rounded boxes that keep their ASCII ids as node ids (`Created("待付款")`); an id
//!   the flowchart grammar reads as a keyword (`end`, `graph`, `style`, `v`, …) gets a `_`
//!   prefix, which no spec id can have, so node ids stay distinct;
//! - each final state is its own double circle (`Done((("交易成功")))`), green: there is no
//!   shared end marker;
//! - the "any non-final state" pseudo-state is a dashed purple box;
//! - event edges are solid (`A -->|"付款 [条件] （买家）"| B`), timeout edges dashed
//!   (`A -.->|"⏱ 30m 说明"| B`);
//! - the machine's notes are one note-coloured box tied to the initial state by an invisible
//!   link (`~~~`), one line per note.
//!
//! Labels are quoted, and every character the grammar or the HTML inside a label gives a
//! meaning to is written as a Mermaid entity code (`#35;` for `#`), which Mermaid draws as the
//! character itself: the diagram shows the spec's text unchanged.

use std::fmt::Write as _;

use order_fsm_core::model::{Machine, StateIx, Trigger};

use crate::common::*;
use crate::Lang;

/// Node ids the flowchart grammar reads as keywords (or, for `v`, as a direction), compared
/// without regard to case so that older Mermaid releases read them as ids too.
const RESERVED: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "linkStyle",
    "classDef",
    "class",
    "click",
    "call",
    "href",
    "default",
    "interpolate",
    "direction",
    "accTitle",
    "accDescr",
    "v",
    "TB",
    "TD",
    "BT",
    "LR",
    "RL",
];

/// The id of the start marker. Spec ids start with a letter, so an id starting with `_` is
/// never a state's, and `start` is not reserved, so no prefixed state id is `_start` either.
const START_ID: &str = "_start";
/// The id of the box holding the machine's notes (distinct for the same reasons).
const NOTES_ID: &str = "_notes";

/// The id a state gets in the diagram.
pub(crate) fn node_id(m: &Machine, s: StateIx) -> String {
    let id = state_id(m, s);
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(id)) {
        format!("_{id}")
    } else {
        id.to_string()
    }
}

/// Makes free text safe inside a quoted Mermaid label, without changing what it shows.
///
/// Characters the flowchart grammar, Mermaid's pre-processing (`%%{…}%%` directives, `#…;`
/// entity codes, `style …:#…;` lines), Markdown strings (a leading backtick) or the HTML of a
/// label give a meaning to become entity codes (`#34;` for `"`), which Mermaid draws as the
/// character. The word `direction` has its last letter written as a code: Mermaid reads any
/// line holding `direction` and a direction name as a direction statement. Line breaks become
/// spaces, other control characters are dropped; an empty label becomes `-`.
pub fn escape_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '`' | '|' | '%' | ':' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let out = out.replace("direction", "directio#110;");
    let trimmed = out.trim();
    if trimmed.is_empty() {
        "-".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Text for a `%%` comment line: one line, no directive opener.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace("%%{", "%% {")
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
            let d = trigger_duration(&t.trigger, lang);
            let mut x = match (clock, lang) {
                (true, _) => format!("⏱ {d}"),
                (false, Lang::Zh) => format!("{d}后"),
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
    let mut out = String::from("flowchart TB\n");
    let _ = writeln!(out, "    %% {}", comment(&machine_title(m)));
    let initial = m.initial.filter(|s| s.index() < m.states.len());
    if initial.is_some() {
        let _ = writeln!(out, "    {START_ID}(( ))");
    }
    for (i, st) in m.states.iter().enumerate() {
        let s = StateIx(i as u32);
        let mut label = escape_label(st.label.as_ref().map_or(&st.id.text, |l| &l.text));
        // Reminders and events handled in place are written in the state: no arrow.
        for line in stays_of(m, s, lang) {
            label.push_str("<br>");
            label.push_str(&escape_label(&line));
        }
        let id = node_id(m, s);
        if st.is_final {
            let _ = writeln!(out, "    {id}(((\"{label}\")))");
        } else {
            let _ = writeln!(out, "    {id}(\"{label}\")");
        }
    }
    let any = any_id(m);
    if has_any(m) {
        let _ = writeln!(out, "    {any}(\"{}\")", escape_label(any_text(lang)));
    }
    out.push('\n');
    if let Some(init) = initial {
        let _ = writeln!(out, "    {START_ID} --> {}", node_id(m, init));
    }
    for (s, i, to) in edges(m) {
        let t = &m.transitions[i];
        let from = match s {
            Source::State(s) => node_id(m, s),
            Source::Any => any.clone(),
        };
        let arrow = match t.trigger {
            Trigger::Event { .. } => "-->",
            Trigger::Timeout { .. } => "-.->",
        };
        let _ = writeln!(
            out,
            "    {from} {arrow}|\"{}\"| {}",
            escape_label(&edge_label(m, t, lang, true)),
            node_id(m, to)
        );
    }
    // The notes sit next to the initial state (or the first state), tied to it by a link that
    // is not drawn.
    let anchor = initial.or_else(|| (!m.states.is_empty()).then_some(StateIx(0)));
    if let (Some(a), false) = (anchor, m.notes.is_empty()) {
        let lines: Vec<String> = m.notes.iter().map(|n| escape_label(&n.text.text)).collect();
        out.push('\n');
        let _ = writeln!(out, "    {NOTES_ID}[\"{}\"]", lines.join("<br>"));
        let _ = writeln!(out, "    {NOTES_ID} ~~~ {}", node_id(m, a));
    }

    out.push('\n');
    if initial.is_some() {
        let _ = writeln!(out, "    classDef startMark fill:#333,stroke:#333");
        let _ = writeln!(out, "    class {START_ID} startMark");
    }
    let finals: Vec<String> = (0..m.states.len())
        .filter(|&i| m.states[i].is_final)
        .map(|i| node_id(m, StateIx(i as u32)))
        .collect();
    if !finals.is_empty() {
        let _ = writeln!(
            out,
            "    classDef finalState fill:#eef6ee,stroke:#3c7a3c,stroke-width:2px"
        );
        let _ = writeln!(out, "    class {} finalState", finals.join(","));
    }
    if has_any(m) {
        let _ = writeln!(
            out,
            "    classDef anyState fill:#faf5ff,stroke:#8a63c7,stroke-dasharray:4 3"
        );
        let _ = writeln!(out, "    class {any} anyState");
    }
    if anchor.is_some() && !m.notes.is_empty() {
        let _ = writeln!(out, "    classDef noteBox fill:#fff8c4,stroke:#c9b458");
        let _ = writeln!(out, "    class {NOTES_ID} noteBox");
    }
    out
}
