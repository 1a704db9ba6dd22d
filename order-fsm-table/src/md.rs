//! The 状态流转表 as Markdown, and the escaping of text for Markdown tables.

use std::fmt::Write as _;

use order_fsm_core::model::{EventIx, Machine, StateIx, Transition};

use crate::words::*;
use crate::Lang;

/// Escapes text for a table cell: `|` is escaped and line breaks become `<br>`.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes plain text (labels, descriptions, notes, doc comments) for Markdown: characters
/// that would start emphasis, code, links (rustdoc's intra-doc links too) or HTML are
/// backslash-escaped or turned into entities, `|` is escaped for tables and line breaks
/// become `<br>`. Everything else, Chinese text included, is written as it is. Doc comments
/// are text like the rest, as on the HTML page: a `<script>` in one shows as written.
pub fn txt(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        let before = prev;
        prev = Some(c);
        match c {
            // `_` between two letters or digits (`after_sale`, `中_文`) cannot start or end
            // emphasis in CommonMark; leave it readable there.
            '_' if before.is_some_and(char::is_alphanumeric)
                && chars.peek().is_some_and(|n| n.is_alphanumeric()) =>
            {
                out.push('_');
            }
            '\\' | '`' | '*' | '_' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Inline code for an identifier-like text (ids, type paths).
pub fn code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let fence = if s.contains('`') { "``" } else { "`" };
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

pub fn table_head(out: &mut String, cols: &[&str]) {
    out.push('|');
    for c in cols {
        let _ = write!(out, " {} |", cell(c));
    }
    out.push_str("\n|");
    for _ in cols {
        out.push_str("---|");
    }
    out.push('\n');
}

pub fn table_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        if c.is_empty() {
            out.push_str(" |");
        } else {
            let _ = write!(out, " {c} |");
        }
    }
    out.push('\n');
}

pub fn state_with_id(m: &Machine, s: StateIx) -> String {
    let label = m.state_label(s);
    let id = state_id(m, s);
    if label == id {
        code(id)
    } else {
        format!("{} {}", txt(label), code(id))
    }
}

pub fn event_with_id(m: &Machine, e: EventIx) -> String {
    let label = m.event_label(e);
    let id = event_id(m, e);
    if label == id {
        code(id)
    } else {
        format!("{} {}", txt(label), code(id))
    }
}

/// The 状态流转表 as a Markdown table, one row per transition line in spec order:
/// current state, event or timeout, role, condition, next state, actions, note.
///
/// Used by `order-fsm doc` and by the rustdoc of generated types.
pub fn transition_table_md(m: &Machine, lang: Lang) -> String {
    let mut out = String::new();
    table_head(&mut out, &transition_table_head(lang));
    for row in transition_rows_md(m, lang) {
        table_row(&mut out, &row);
    }
    out
}

/// The column names of the 状态流转表.
pub fn transition_table_head(lang: Lang) -> [&'static str; 7] {
    [
        tr(lang, "当前状态", "Current state"),
        tr(lang, "事件 / 超时", "Event / timeout"),
        tr(lang, "角色", "Role"),
        tr(lang, "条件", "Condition"),
        tr(lang, "次态", "Next state"),
        tr(lang, "动作", "Actions"),
        tr(lang, "备注", "Note"),
    ]
}

/// The rows of the 状态流转表 as Markdown cells, one per transition line in spec order
/// (shared by the table and by `order-fsm diff`, which shows the rows that changed).
pub fn transition_rows_md(m: &Machine, lang: Lang) -> Vec<[String; 7]> {
    let mut rows = Vec::with_capacity(m.transitions.len());
    for t in &m.transitions {
        let from = if t.from_any {
            format!("*{}*", any_text(lang))
        } else {
            t.sources
                .iter()
                .map(|&s| state_with_id(m, s))
                .collect::<Vec<_>>()
                .join(list_sep(lang))
        };
        let trigger = match t.event() {
            Some(e) => event_with_id(m, e),
            None => txt(&trigger_text(m, t, lang)),
        };
        let cond = guard_cell(m, t);
        let actions = actions_cell(m, t, lang);
        rows.push([
            from,
            trigger,
            txt(&roles_text(m, t, lang)),
            cond,
            t.target
                .map_or(txt(stays_word(lang)), |to| state_with_id(m, to)),
            actions,
            txt(&note_text(t, lang)),
        ]);
    }
    rows
}

/// The condition cell of a line, in every table alike: its description and its id.
pub fn guard_cell(m: &Machine, t: &Transition) -> String {
    match &t.guard {
        None => String::new(),
        Some(g) => match m.guard_description(g) {
            Some(d) => format!("{} {}", txt(d), code(guard_id(m, g))),
            None => code(guard_id(m, g)),
        },
    }
}

/// The actions cell of a line, in every table alike: each one's description and its id
/// (`释放库存 `release_stock``).
pub fn actions_cell(m: &Machine, t: &Transition, lang: Lang) -> String {
    t.actions
        .iter()
        .map(|&a| match action_description(m, a) {
            Some(d) => format!("{} {}", txt(d), code(action_id(m, a))),
            None => code(action_id(m, a)),
        })
        .collect::<Vec<_>>()
        .join(list_sep(lang))
}
