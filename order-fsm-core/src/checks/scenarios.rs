//! E0015: scenarios that fail on the interpreter.

use crate::diag::{codes, Diagnostic};
use crate::interp::Interpreter;
use crate::model::*;
use crate::msg::{self, Text};
use crate::scenario::run_scenario;
use crate::t;

pub(super) fn check(m: &Machine, interp: &Interpreter<'_>, diags: &mut Vec<Diagnostic>) {
    for s in &m.scenarios {
        let Some(run) = run_scenario(interp, s) else {
            continue;
        };
        if let Some(f) = &run.failure {
            let mut d = Diagnostic::error(
                codes::SCENARIO_FAILS,
                t!(msg::E0015_MESSAGE, name = &s.name.text),
                f.span,
                f.message.clone(),
            );
            if let Some(Ok(t)) = run.trace.last().map(|t| &t.outcome) {
                d = d.with_secondary(m.transition(t.transition).span, t!(msg::E0015_TAKEN));
            }
            let path: Vec<Text> = run.trace.iter().map(|t| Text::from(&t.input)).collect();
            if !path.is_empty() {
                d = d.with_note(t!(msg::E0015_STEPS, steps = Text::Join(path)));
            }
            d = d.with_help(f.hint.clone().unwrap_or_else(|| t!(msg::E0015_HELP)));
            diags.push(d);
        }
    }
}
