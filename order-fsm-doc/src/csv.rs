//! The 状态流转表 as CSV (RFC 4180, CRLF line ends, UTF-8 with a byte order mark).

use order_fsm_core::model::Machine;

use crate::common::*;
use crate::Lang;

/// The UTF-8 byte order mark that lets Excel read Chinese text correctly.
pub const BOM: &str = "\u{feff}";

/// True for a whole cell that is a decimal integer, such as the status code `-1`.
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Quotes one field when it holds a comma, a quote or a line break; quotes are doubled.
///
/// A field that a spreadsheet would run as a formula (its first character is `=`, `+`, `-`,
/// `@`, a tab or a carriage return) is written as text instead: a `'` goes in front and the
/// field is quoted, as OWASP advises against CSV injection. A whole decimal integer (a
/// status code may be negative) is left as it is.
pub fn field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_integer(s) {
        return format!("\"'{}\"", s.replace('"', "\"\""));
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(out: &mut String, cells: &[String]) {
    let line = cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    out.push_str(&line);
    out.push_str("\r\n");
}

/// The 状态码映射表 as its own CSV, `None` when the machine lists no other system's codes:
/// one header row, then one row per state with its label, id, main codes and each system's
/// codes. A cell holds a state's codes in one system separated by `|` (the first is the one
/// written to that system); a code several states share is followed by the word `共用`
/// (`shared`).
pub fn render_codes(m: &Machine, lang: Lang) -> Option<String> {
    if m.code_systems.is_empty() {
        return None;
    }
    let mut out = String::from(BOM);
    row(&mut out, &code_map_head(m, lang));
    for i in 0..m.states.len() {
        let s = order_fsm_core::model::StateIx(i as u32);
        let mut cells = vec![m.state_label(s).to_string(), m.state(s).id.text.clone()];
        for cell in code_map_cells(m, s) {
            // Codes as the system writes them: numbers bare, texts without quotes.
            let mut text = cell
                .codes
                .iter()
                .map(|c| c.key().into_owned())
                .collect::<Vec<_>>()
                .join("|");
            if cell.none {
                text.push_str(not_applicable_word(lang));
            } else if cell.shared {
                text.push(' ');
                text.push_str(shared_word(lang));
            }
            cells.push(text);
        }
        row(&mut out, &cells);
    }
    Some(out)
}

/// One header row and one row per transition line, in spec order.
pub fn render(m: &Machine, lang: Lang) -> String {
    let mut out = String::from(BOM);
    let head: Vec<String> = [
        tr(lang, "当前状态", "Current state"),
        tr(lang, "当前状态ID", "Current state id"),
        tr(lang, "事件/超时", "Event / timeout"),
        tr(lang, "事件ID", "Event id"),
        tr(lang, "超时秒数", "Timeout seconds"),
        tr(lang, "角色", "Role"),
        tr(lang, "条件", "Condition"),
        tr(lang, "条件ID", "Guard id"),
        tr(lang, "次态", "Next state"),
        tr(lang, "次态ID", "Next state id"),
        tr(lang, "动作", "Actions"),
        tr(lang, "动作ID", "Action ids"),
        tr(lang, "备注", "Note"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    row(&mut out, &head);
    for t in &m.transitions {
        let actions = actions_text(m, t, lang);
        row(
            &mut out,
            &[
                sources_text(m, t, lang),
                sources_ids(m, t),
                trigger_text(m, t, lang),
                t.event()
                    .map_or(String::new(), |e| event_id(m, e).to_string()),
                t.timeout_seconds().map_or(String::new(), |s| s.to_string()),
                roles_text(m, t, lang),
                t.guard
                    .as_ref()
                    .map_or(String::new(), |g| guard_text(m, g).to_string()),
                t.guard
                    .as_ref()
                    .map_or(String::new(), |g| guard_id(m, g).to_string()),
                t.target.map_or(stays_word(lang).to_string(), |to| {
                    m.state_label(to).to_string()
                }),
                t.target
                    .map_or(String::new(), |to| state_id(m, to).to_string()),
                actions,
                actions_ids(m, t),
                note_text(t, lang),
            ],
        );
    }
    out
}
