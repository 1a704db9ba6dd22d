//! W0005: states and events without a label; W0014: actions without one.

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for s in &m.states {
        if s.label.is_none() {
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_LABEL,
                    t!(msg::W0005_STATE, state = Text::code(&s.id.text)),
                    s.id.span,
                    t!(msg::W0005_LABEL),
                )
                .with_help(t!(msg::W0005_STATE_HELP, id = &s.id.text)),
            );
        }
    }
    for e in &m.events {
        if e.label.is_none() {
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_LABEL,
                    t!(msg::W0005_EVENT, event = Text::code(&e.id.text)),
                    e.id.span,
                    t!(msg::W0005_LABEL),
                )
                .with_help(t!(msg::W0005_EVENT_HELP, id = &e.id.text)),
            );
        }
    }
    for a in &m.actions {
        if a.description.is_none() {
            // An action only used after `then` has no line of its own yet; one declared
            // with `action` has, and only lacks the label.
            let declared = a.span != a.id.span;
            let help = if declared {
                t!(msg::W0014_HELP_LABEL, id = &a.id.text)
            } else {
                t!(msg::W0014_HELP_DECLARE, id = &a.id.text)
            };
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_ACTION_LABEL,
                    t!(msg::W0014_MESSAGE, action = Text::code(&a.id.text)),
                    a.id.span,
                    t!(msg::W0014_LABEL),
                )
                .with_help(help),
            );
        }
    }
}
