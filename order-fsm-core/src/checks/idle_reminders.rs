//! W0013: a reminder (a timeout without a target) that runs no action.

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

/// A reminder (a timeout without a target) that runs no action does nothing at all (W0013).
pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for t in &m.transitions {
        let Trigger::Timeout { written, span, .. } = &t.trigger else {
            continue;
        };
        if t.target.is_some() || !t.actions.is_empty() {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                codes::IDLE_REMINDER,
                t!(
                    msg::W0013_MESSAGE,
                    delay = Text::code(format!("after {written}"))
                ),
                *span,
                t!(msg::W0013_LABEL),
            )
            .with_help(t!(msg::W0013_HELP)),
        );
    }
}
