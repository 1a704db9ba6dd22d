//! W0001, W0002 and W0003: states never reached, with no way out, or that never finish,
//! over the lines that can be taken.

use crate::analysis::{Analysis, Consequences};
use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

/// Reachability and dead ends, over the lines that can be taken: a line that can never be
/// taken (already an error) leads nowhere.
pub(super) fn check(an: &Analysis<'_>, fx: &Consequences, diags: &mut Vec<Diagnostic>) {
    let m = an.machine();
    if m.initial.is_some() {
        for (i, s) in m.states.iter().enumerate() {
            if !an.is_reachable(StateIx(i as u32)) {
                diags.push(
                    Diagnostic::warning(
                        codes::UNREACHABLE,
                        t!(msg::W0001_MESSAGE, state = Text::code(&s.id.text)),
                        s.id.span,
                        t!(msg::W0001_LABEL),
                    )
                    .with_help(t!(msg::W0001_HELP, state = Text::code(&s.id.text)))
                    .with_causes(fx.unreachable(StateIx(i as u32))),
                );
            }
        }
    }
    let any_final = m.states.iter().any(|s| s.is_final);
    if !any_final && !m.states.is_empty() {
        diags.push(
            Diagnostic::warning(
                codes::NO_FINAL_REACHABLE,
                t!(msg::W0003_NO_FINAL, machine = Text::code(&m.id.text)),
                m.id.span,
                t!(msg::W0003_NEVER_FINISH),
            )
            .with_help(t!(msg::W0003_NO_FINAL_HELP)),
        );
        return;
    }
    for (i, s) in m.states.iter().enumerate() {
        let ix = StateIx(i as u32);
        if s.is_final {
            continue;
        }
        if !an.has_way_out(ix) {
            diags.push(
                Diagnostic::warning(
                    codes::DEAD_END,
                    t!(msg::W0002_MESSAGE, state = Text::code(&s.id.text)),
                    s.id.span,
                    t!(msg::W0002_LABEL),
                )
                .with_help(t!(msg::W0002_HELP, state = Text::code(&s.id.text)))
                .with_causes(fx.dead_end(ix)),
            );
        } else if !an.can_finish(ix) && (an.is_reachable(ix) || m.initial.is_none()) {
            diags.push(
                Diagnostic::warning(
                    codes::NO_FINAL_REACHABLE,
                    t!(msg::W0003_MESSAGE, state = Text::code(&s.id.text)),
                    s.id.span,
                    t!(msg::W0003_LABEL),
                )
                .with_help(t!(msg::W0003_HELP))
                .with_causes(fx.no_final(ix)),
            );
        }
    }
}
