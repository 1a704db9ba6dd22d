//! The words a transition line reads as, in Chinese or English: ids, labels, roles, delays,
//! the "event or timeout" and note cells. Every document and the rustdoc table use these.

use order_fsm_core::duration::format_seconds;
use order_fsm_core::model::{
    ActionIx, EventIx, GuardUse, Machine, RoleIx, StateIx, Transition, Trigger,
};

use crate::Lang;

/// Picks the word for the language.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The separator between items of a short list.
pub fn list_sep(lang: Lang) -> &'static str {
    tr(lang, "、", ", ")
}

/// A state by index, tolerant of an out-of-range index (the model from a spec with errors).
pub fn state_id(m: &Machine, ix: StateIx) -> &str {
    m.states.get(ix.index()).map_or("?", |s| s.id.text.as_str())
}

pub fn event_id(m: &Machine, ix: EventIx) -> &str {
    m.events.get(ix.index()).map_or("?", |e| e.id.text.as_str())
}

pub fn role_id(m: &Machine, ix: RoleIx) -> &str {
    m.roles.get(ix.index()).map_or("?", |r| r.id.text.as_str())
}

pub fn action_id(m: &Machine, ix: ActionIx) -> &str {
    m.actions
        .get(ix.index())
        .map_or("?", |a| a.id.text.as_str())
}

/// An action's description, if it has one.
pub fn action_description(m: &Machine, ix: ActionIx) -> Option<&str> {
    m.actions
        .get(ix.index())
        .and_then(|a| a.description.as_ref())
        .map(|d| d.text.as_str())
}

pub fn guard_id<'a>(m: &'a Machine, g: &GuardUse) -> &'a str {
    m.guards
        .get(g.guard.index())
        .map_or("?", |x| x.id.text.as_str())
}

/// What a person reads as the condition: the description, else the guard id.
pub fn guard_text<'a>(m: &'a Machine, g: &'a GuardUse) -> &'a str {
    m.guard_description(g).unwrap_or_else(|| guard_id(m, g))
}

/// Role labels joined, or "any role" / "timer" when there are none.
pub fn roles_text(m: &Machine, t: &Transition, lang: Lang) -> String {
    if t.event().is_none() {
        return tr(lang, "系统（定时）", "system (timer)").to_string();
    }
    let roles = m.allowed_roles(t);
    if roles.is_empty() {
        return tr(lang, "任意角色", "any role").to_string();
    }
    roles
        .iter()
        .map(|&r| m.role_label(r))
        .collect::<Vec<_>>()
        .join(list_sep(lang))
}

/// Role labels for a diagram edge; empty when any role may.
pub fn roles_short(m: &Machine, t: &Transition, lang: Lang) -> String {
    m.allowed_roles(t)
        .iter()
        .map(|&r| m.role_label(r))
        .collect::<Vec<_>>()
        .join(list_sep(lang))
}

/// A delay for people, in the units the spec wrote it in: `30m` is `30 分钟` / `30 minutes`,
/// `48h` stays `48 小时` / `48 hours` (never `2 天`), `1d12h` is `1 天 12 小时`. `written` is
/// the delay as written; when it is empty or not a delay, `seconds` is written out in the
/// largest units that fit.
pub fn human_duration(written: &str, seconds: u64, lang: Lang) -> String {
    let fallback;
    let written = if delay_parts(written).is_some() {
        written
    } else {
        fallback = format_seconds(seconds);
        &fallback
    };
    let parts = delay_parts(written).unwrap_or_default();
    if parts.is_empty() {
        return tr(lang, "0 秒", "0 seconds").to_string();
    }
    parts
        .into_iter()
        .map(|(n, unit)| {
            let (zh, en) = match unit {
                'd' => ("天", "day"),
                'h' => ("小时", "hour"),
                'm' => ("分钟", "minute"),
                _ => ("秒", "second"),
            };
            match lang {
                Lang::Zh => format!("{n} {zh}"),
                Lang::En if n == "1" => format!("{n} {en}"),
                Lang::En => format!("{n} {en}s"),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The number-and-unit pieces of a delay as written (`1d12h` → `1` `d`, `12` `h`), or `None`
/// when it is not a delay.
fn delay_parts(written: &str) -> Option<Vec<(&str, char)>> {
    order_fsm_core::duration::parse_duration(written)?;
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in written.char_indices() {
        if !c.is_ascii_digit() {
            parts.push((&written[start..i], c));
            start = i + c.len_utf8();
        }
    }
    Some(parts)
}

/// The delay of a timeout in words, in the units it was written in (see [`human_duration`]).
pub fn trigger_duration(t: &Trigger, lang: Lang) -> String {
    match t {
        Trigger::Timeout {
            seconds, written, ..
        } => human_duration(written, *seconds, lang),
        Trigger::Event { .. } => String::new(),
    }
}

/// The delay as a spec writes it (`30m`), for diagrams.
pub fn short_duration(t: &Trigger) -> String {
    match t {
        Trigger::Timeout {
            seconds, written, ..
        } => {
            if written.is_empty() {
                format_seconds(*seconds)
            } else {
                written.clone()
            }
        }
        Trigger::Event { .. } => String::new(),
    }
}

/// The "event or timeout" cell: the event label, or `⏱ 超时 30 分钟`.
pub fn trigger_text(m: &Machine, t: &Transition, lang: Lang) -> String {
    match &t.trigger {
        Trigger::Event { event, .. } => m.event_label(*event).to_string(),
        // A reminder is no timeout that moves the order: it says so.
        Trigger::Timeout { .. } if t.stays() => match lang {
            Lang::Zh => format!("⏰ {}后提醒", trigger_duration(&t.trigger, lang)),
            Lang::En => format!("⏰ reminder after {}", trigger_duration(&t.trigger, lang)),
        },
        Trigger::Timeout { .. } => match lang {
            Lang::Zh => format!("⏱ 超时 {}", trigger_duration(&t.trigger, lang)),
            Lang::En => format!("⏱ after {}", trigger_duration(&t.trigger, lang)),
        },
    }
}

/// The source cell: labels joined, or "any non-final state".
pub fn sources_text(m: &Machine, t: &Transition, lang: Lang) -> String {
    if t.from_any {
        return any_text(lang).to_string();
    }
    t.sources
        .iter()
        .map(|&s| m.state_label(s))
        .collect::<Vec<_>>()
        .join(list_sep(lang))
}

pub fn any_text(lang: Lang) -> &'static str {
    tr(lang, "任意非终态", "any non-final state")
}

/// Source ids joined with `,`; `*` for `any`.
pub fn sources_ids(m: &Machine, t: &Transition) -> String {
    if t.from_any {
        return "*".to_string();
    }
    t.sources
        .iter()
        .map(|&s| state_id(m, s))
        .collect::<Vec<_>>()
        .join(",")
}

/// One action for people: its description, else its id.
pub fn action_text(m: &Machine, a: ActionIx) -> &str {
    action_description(m, a).unwrap_or_else(|| action_id(m, a))
}

/// The actions of a line for people, each by its description (else its id), joined.
pub fn actions_text(m: &Machine, t: &Transition, lang: Lang) -> String {
    t.actions
        .iter()
        .map(|&a| action_text(m, a))
        .collect::<Vec<_>>()
        .join(list_sep(lang))
}

/// Action ids joined.
pub fn actions_ids(m: &Machine, t: &Transition) -> String {
    t.actions
        .iter()
        .map(|&a| action_id(m, a))
        .collect::<Vec<_>>()
        .join(",")
}

/// The note cell: the timeout's own text, the line's note and its doc, joined.
pub fn note_text(t: &Transition, lang: Lang) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Trigger::Timeout { label: Some(l), .. } = &t.trigger {
        parts.push(&l.text);
    }
    if let Some(n) = &t.note {
        parts.push(&n.text);
    }
    if let Some(d) = &t.doc {
        parts.push(d);
    }
    parts.join(tr(lang, "；", "; "))
}

/// The "next state" cell of a line that keeps the state.
pub fn stays_word(lang: Lang) -> &'static str {
    tr(lang, "不变（留在原状态）", "unchanged (stays)")
}
