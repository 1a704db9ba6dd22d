//! E0022: more lines for one event in one state, or more timeouts in one state, than the
//! generated code handles.

use super::list_states;
use crate::diag::{codes, Diagnostic};
use crate::interp::Interpreter;
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

/// The most lines one state may have for one event, and the most timeouts one state may
/// have: the generated code keeps one bit per candidate line.
pub const MAX_CANDIDATES: usize = 64;

/// More candidates for one (state, event), or timeouts for one state, than the generated
/// code handles. Reported once per first line beyond the limit, with the states it affects.
pub(super) fn check(m: &Machine, interp: &Interpreter<'_>, diags: &mut Vec<Diagnostic>) {
    /// The first line beyond the limit, its event (`None`: timeouts), the states it is
    /// beyond the limit in, and the largest count.
    type Over = ((TransitionIx, Option<EventIx>), Vec<StateIx>, usize);
    let mut found: Vec<Over> = Vec::new();
    let mut add = |line: TransitionIx, event: Option<EventIx>, s: StateIx, n: usize| match found
        .iter_mut()
        .find(|f| f.0 == (line, event))
    {
        Some(f) => {
            f.1.push(s);
            f.2 = f.2.max(n);
        }
        None => found.push(((line, event), vec![s], n)),
    };
    for s in 0..m.states.len() as u32 {
        let s = StateIx(s);
        if m.state(s).is_final {
            continue;
        }
        for (e, cands) in interp.events_of(s) {
            if let Some(&line) = cands.get(MAX_CANDIDATES) {
                add(line, Some(e), s, cands.len());
            }
        }
        let t = interp.timeouts(s);
        if let Some(&line) = t.get(MAX_CANDIDATES) {
            add(line, None, s, t.len());
        }
    }
    for ((line, event), states, n) in found {
        let t = m.transition(line);
        let one = states.len() == 1;
        let state = Text::code(&m.state(states[0]).id.text);
        let all = list_states(m, &states);
        let d = match event {
            Some(e) => {
                let event = Text::code(&m.event(e).id.text);
                let message = if one {
                    t!(
                        msg::E0022_EVENT_ONE,
                        state = state,
                        n = n,
                        event = event,
                        max = MAX_CANDIDATES
                    )
                } else {
                    t!(
                        msg::E0022_EVENT_MANY,
                        states = all,
                        n = n,
                        event = event,
                        max = MAX_CANDIDATES
                    )
                };
                Diagnostic::error(
                    codes::TOO_MANY_LINES,
                    message,
                    t.span,
                    t!(msg::E0022_LINE_LABEL, k = MAX_CANDIDATES + 1),
                )
                .with_help(t!(msg::E0022_HELP_EVENT, max = MAX_CANDIDATES))
            }
            None => {
                let message = if one {
                    t!(
                        msg::E0022_TIMEOUT_ONE,
                        state = state,
                        n = n,
                        max = MAX_CANDIDATES
                    )
                } else {
                    t!(
                        msg::E0022_TIMEOUT_MANY,
                        states = all,
                        n = n,
                        max = MAX_CANDIDATES
                    )
                };
                Diagnostic::error(
                    codes::TOO_MANY_LINES,
                    message,
                    t.span,
                    t!(msg::E0022_TIMEOUT_LABEL, k = MAX_CANDIDATES + 1),
                )
                .with_help(t!(msg::E0022_HELP_TIMEOUT, max = MAX_CANDIDATES))
            }
        };
        let st = m.state(states[0]);
        diags.push(d.with_secondary(
            st.span,
            t!(msg::DECLARED_HERE, name = Text::code(&st.id.text)),
        ));
    }
}
