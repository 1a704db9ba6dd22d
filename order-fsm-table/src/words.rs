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

/// A delay for people: `30 分钟`, `1 天 12 小时`, `30 minutes`, `1 day 12 hours`.
pub fn human_duration(seconds: u64, lang: Lang) -> String {
    if seconds == 0 {
        return tr(lang, "0 秒", "0 seconds").to_string();
    }
    let mut parts = Vec::new();
    let mut s = seconds;
    for (len, zh, en) in [
        (86_400u64, "天", "day"),
        (3600, "小时", "hour"),
        (60, "分钟", "minute"),
        (1, "秒", "second"),
    ] {
        if s >= len {
            let n = s / len;
            s %= len;
            parts.push(match lang {
                Lang::Zh => format!("{n} {zh}"),
                Lang::En if n == 1 => format!("{n} {en}"),
                Lang::En => format!("{n} {en}s"),
            });
        }
    }
    parts.join(" ")
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
        Trigger::Timeout { seconds, .. } if t.stays() => match lang {
            Lang::Zh => format!("⏰ {}后提醒", human_duration(*seconds, lang)),
            Lang::En => format!("⏰ reminder after {}", human_duration(*seconds, lang)),
        },
        Trigger::Timeout { seconds, .. } => match lang {
            Lang::Zh => format!("⏱ 超时 {}", human_duration(*seconds, lang)),
            Lang::En => format!("⏱ after {}", human_duration(*seconds, lang)),
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
