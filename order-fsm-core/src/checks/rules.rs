//! E0024, E0025 and W0010: business rules that are broken, contradict themselves or hold
//! only because a state is never reached, as the [prover](crate::rules) finds them.

use crate::analysis::{Analysis, Consequences};
use crate::diag::{codes, Diagnostic};
use crate::model::{Machine, RuleKind, StateIx};
use crate::msg::{self, Text};
use crate::rules::{Outcome, Prover, Why};
use crate::t;

fn state_name(m: &Machine, s: StateIx) -> Text {
    Text::Lit(format!("{} ({})", m.state_label(s), m.state(s).id.text))
}

fn names(m: &Machine, v: &[StateIx]) -> Text {
    Text::OrList(v.iter().map(|s| state_name(m, *s)).collect())
}

/// Prove every rule of the machine and report those that are broken, malformed or vacuous.
pub(super) fn check(an: &Analysis<'_>, fx: &Consequences, diags: &mut Vec<Diagnostic>) {
    let m = an.machine();
    if m.rules.is_empty() {
        return;
    }
    let prover = Prover::new(an);
    for r in &m.rules {
        let name = &r.name.text;
        match prover.prove(&r.kind) {
            Outcome::Holds => {}
            Outcome::Vacuous(s) => diags.push(
                Diagnostic::warning(
                    codes::RULE_VACUOUS,
                    t!(
                        msg::W0010_MESSAGE,
                        name = name,
                        state = Text::code(&m.state(s).id.text)
                    ),
                    r.body,
                    t!(msg::W0010_LABEL),
                )
                .with_note(t!(msg::W0010_NOTE, state = state_name(m, s)))
                .with_help(t!(msg::W0010_HELP))
                .with_causes(fx.unreachable(s)),
            ),
            Outcome::Malformed(why) => diags.push(
                Diagnostic::error(
                    codes::RULE_MALFORMED,
                    t!(msg::E0025_MESSAGE, name = name),
                    r.body,
                    why,
                )
                .with_help(t!(msg::E0025_HELP)),
            ),
            Outcome::Broken(cx) => {
                let what = match (&r.kind, cx.why) {
                    (_, Why::Reached(t)) => t!(
                        msg::E0024_REACHED,
                        target = state_name(m, t),
                        from = match &r.kind {
                            RuleKind::Never { from, .. } => state_name(m, *from),
                            _ => state_name(m, cx.start),
                        }
                    ),
                    (RuleKind::Via { via, .. }, Why::ReachedWithout(t)) => t!(
                        msg::E0024_WITHOUT,
                        target = state_name(m, t),
                        via = names(m, via)
                    ),
                    (RuleKind::Always { targets, .. }, Why::OtherFinal(s)) => t!(
                        msg::E0024_OTHER_FINAL,
                        end = state_name(m, s),
                        targets = names(m, targets)
                    ),
                    (RuleKind::Always { targets, .. }, Why::Stuck(s)) => t!(
                        msg::E0024_STUCK,
                        from = state_name(m, s),
                        targets = names(m, targets)
                    ),
                    (_, Why::ReachedWithout(t) | Why::OtherFinal(t) | Why::Stuck(t)) => {
                        state_name(m, t)
                    }
                };
                let mut d = Diagnostic::error(
                    codes::RULE_BROKEN,
                    t!(msg::E0024_MESSAGE, name = name),
                    r.body,
                    t!(msg::E0024_LABEL),
                );
                if let Some(last) = cx.hops.last() {
                    d = d.with_secondary(m.transition(last.line).span, t!(msg::E0024_LAST_LINE));
                }
                d = d.with_note(t!(msg::E0024_NOTE, what = what, path = cx.path(m)));
                let sc = cx.scenario(m, &format!("{name}（反例）"));
                d = d.with_help(t!(msg::E0024_HELP_SCENARIO, scenario = sc));
                diags.push(d);
            }
        }
    }
}
