//! E0009 and W0006: a line out of a final state, which can never be taken there.

use crate::analysis::Killed;
use crate::diag::{codes, Cause, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>, killed: &mut Vec<Killed>) {
    for (i, t) in m.transitions.iter().enumerate() {
        let line = TransitionIx(i as u32);
        if t.from_any {
            continue;
        }
        for (s, span) in t.sources.iter().zip(&t.source_spans) {
            let st = m.state(*s);
            if !st.is_final {
                continue;
            }
            let final_span = st.span;
            match &t.trigger {
                Trigger::Event { event, .. } => diags.push(
                    Diagnostic::error(
                        codes::FROM_FINAL,
                        t!(msg::E0009_MESSAGE, state = Text::code(&st.id.text)),
                        *span,
                        t!(msg::IS_FINAL, state = Text::code(&st.id.text)),
                    )
                    .with_secondary(final_span, t!(msg::MARKED_FINAL_HERE))
                    .with_note(t!(
                        msg::E0009_NOTE,
                        event = Text::code(&m.event(*event).id.text)
                    ))
                    .with_help(from_final_help(m, *s, t, *event)),
                ),
                Trigger::Timeout { .. } => diags.push(
                    Diagnostic::warning(
                        codes::TIMEOUT_ON_FINAL,
                        t!(msg::W0006_MESSAGE, state = Text::code(&st.id.text)),
                        *span,
                        t!(msg::IS_FINAL, state = Text::code(&st.id.text)),
                    )
                    .with_secondary(final_span, t!(msg::MARKED_FINAL_HERE))
                    .with_help(t!(msg::W0006_HELP)),
                ),
            }
            if let Some(d) = diags.last() {
                killed.push((*s, line, Cause::of(d)));
            }
        }
    }
}

/// The two ways out of E0009, and what each means for orders: the line is the mistake, or
/// the state is not really final. Removing `final` alone makes the check pass, so the help
/// never offers it without saying what it changes.
fn from_final_help(m: &Machine, s: StateIx, t: &Transition, event: EventIx) -> Text {
    let st = &m.state(s).id.text;
    let ev = &m.event(event).id.text;
    let st_name = human(m.state_label(s), st);
    let ev_name = human(m.event_label(event), ev);
    let moves = match t.target {
        Some(target) if target != s => t!(
            msg::E0009_TAKES_TO,
            target = human(m.state_label(target), &m.state(target).id.text)
        ),
        _ => t!(msg::E0009_STAYS),
    };
    let drop_line = if t.sources.len() > 1 {
        t!(msg::E0009_DROP_SOURCE, state = Text::code(st))
    } else {
        t!(msg::E0009_DROP_LINE)
    };
    t!(
        msg::E0009_HELP,
        drop_line = drop_line,
        state = Text::code(st),
        state_name = st_name,
        event_name = ev_name,
        moves = moves
    )
}

/// `待付款 (`Created`)` for a labelled item, `` `Created` `` for one without a label.
fn human(label: &str, id: &str) -> Text {
    if label == id {
        Text::code(id)
    } else {
        Text::Lit(format!("{label} (`{id}`)"))
    }
}
