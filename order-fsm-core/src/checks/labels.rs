//! W0005: states and events without a label.

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
}
