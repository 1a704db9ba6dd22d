//! PlantUML state diagram with a CJK-capable default font.

use std::fmt::Write as _;

use order_fsm_core::model::{Machine, StateIx};

use crate::common::*;
use crate::Lang;

/// Makes text safe inside a PlantUML label: `"` becomes `＂`, line breaks become `\n`.
pub fn escape_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push('＂'),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The PlantUML text for one machine.
pub fn render(m: &Machine, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "@startuml {}", m.id.text);
    out.push_str("skinparam defaultFontName \"Noto Sans CJK SC\"\n");
    out.push_str("skinparam shadowing false\n");
    out.push_str("skinparam state {\n  BackgroundColor #F4F7FB\n  BorderColor #4A6FA5\n}\n");
    out.push_str("hide empty description\n");
    let _ = writeln!(out, "title {}", escape_label(&machine_title(m)));
    out.push('\n');
    for (i, st) in m.states.iter().enumerate() {
        let s = StateIx(i as u32);
        let stereo = if st.is_final {
            " #EEF5EE;line.bold"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "state \"{}\" as {}{stereo}",
            escape_label(m.state_label(s)),
            st.id.text
        );
        if let Some(d) = &st.doc {
            for line in doc_lines(d) {
                let _ = writeln!(out, "{} : {}", st.id.text, escape_label(line));
            }
        }
        // Reminders and events handled in place are written in the state: no arrow.
        for line in stays_of(m, s, lang) {
            let _ = writeln!(out, "{} : {}", st.id.text, escape_label(&line));
        }
    }
    let any = any_id(m);
    if has_any(m) {
        let _ = writeln!(
            out,
            "state \"{}\" as {any} #FAF5FF;line:8A63C7;line.dashed",
            escape_label(any_text(lang))
        );
    }
    out.push('\n');
    if let Some(init) = m.initial.filter(|s| s.index() < m.states.len()) {
        let _ = writeln!(out, "[*] --> {}", state_id(m, init));
    }
    for (s, i, to) in edges(m) {
        let t = &m.transitions[i];
        let arrow = if t.event().is_none() {
            "-[dashed]->"
        } else {
            "-->"
        };
        let _ = writeln!(
            out,
            "{} {arrow} {} : {}",
            match s {
                Source::State(s) => state_id(m, s),
                Source::Any => any.as_str(),
            },
            state_id(m, to),
            escape_label(&crate::mermaid::edge_label(m, t, lang, false))
        );
    }
    for st in &m.states {
        if st.is_final {
            let _ = writeln!(out, "{} --> [*]", st.id.text);
        }
    }
    if !m.notes.is_empty() {
        out.push('\n');
        out.push_str("note as N_notes\n");
        for n in &m.notes {
            let _ = writeln!(out, "  {}", note_line(escape_label(&n.text.text)));
        }
        out.push_str("end note\n");
    }
    out.push_str("@enduml\n");
    out
}
