//! Running scenarios (and command-line simulations) on the interpreter.

use crate::interp::{Input, Interpreter, Rejection, Taken};
use crate::model::{Expect, Machine, Scenario, StateIx, Step, StepInput};
use crate::msg::{self, Text};
use crate::source::Span;
use crate::t;

/// What happened at one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    /// The step as a person would write it: `Ship by seller [not stock_ok]`.
    pub input: String,
    pub before: StateIx,
    /// For a wait: the reminders that ran, in order (their actions ran; the state stayed).
    pub reminders: Vec<Taken>,
    pub outcome: Result<Taken, Rejection>,
    pub span: Span,
}

/// Why a scenario failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Index into the steps.
    pub step: usize,
    pub message: Text,
    pub span: Span,
    /// What the author may have meant, when there is a likely reading.
    pub hint: Option<Text>,
}

/// The result of running one scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: StateIx,
    /// Steps run, up to and including the one that failed.
    pub trace: Vec<TraceStep>,
    pub failure: Option<Failure>,
}

impl Run {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// A scenario written the way the spec writes it, on one line, ready to paste into the
/// machine: `scenario "name" from Start { Pay, after 30m => Closed }`, with `from` only
/// when given, and `{ => Closed }` for a scenario of no steps (it checks where the order
/// starts). Every scenario the tools print (a rule's counterexample, a scenario an edit
/// breaks) is written here, so that what is printed parses back as it reads. The name is
/// written with [`quote_name`].
pub fn scenario_text(name: &str, from: Option<&str>, steps: &[String], end: &str) -> String {
    let from = from.map_or(String::new(), |f| format!(" from {f}"));
    if steps.is_empty() {
        format!("scenario {}{from} {{ => {end} }}", quote_name(name))
    } else {
        format!(
            "scenario {}{from} {{ {} => {end} }}",
            quote_name(name),
            steps.join(", ")
        )
    }
}

/// A name as a string of the spec language, quotes included (see [`escape_name`]).
pub fn quote_name(name: &str) -> String {
    format!("\"{}\"", escape_name(name))
}

/// A name as the inside of a string of the spec language: a quote, a backslash, a tab and
/// a line break are written with the escapes the language reads (`\"`, `\\`, `\t`, `\n`),
/// so the name stays on one line and reads back as the same name. A carriage return has no
/// escape (no string of a spec can hold one): it is written as a line break.
pub fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// Write a step back as spec text.
pub fn describe_step(m: &Machine, step: &StepInput) -> String {
    match step {
        StepInput::Event {
            event,
            actor,
            guards,
        } => {
            let mut s = m.event(*event).id.text.clone();
            if let Some(a) = actor {
                s.push_str(" by ");
                s.push_str(&m.role(*a).id.text);
            }
            s.push_str(&guard_list(m, guards));
            s
        }
        StepInput::Wait {
            written, guards, ..
        } => format!("after {written}{}", guard_list(m, guards)),
    }
}

fn guard_list(m: &Machine, guards: &[(crate::model::GuardIx, bool)]) -> String {
    if guards.is_empty() {
        return String::new();
    }
    let g: Vec<String> = guards
        .iter()
        .map(|(g, v)| {
            let id = &m.guard(*g).id.text;
            if *v {
                id.clone()
            } else {
                format!("not {id}")
            }
        })
        .collect();
    format!(" [{}]", g.join(", "))
}

/// When a step without `by` was accepted by a line that only some roles may take, say so:
/// the author may have meant "this role cannot do it".
fn trusted_hint(m: &Machine, input: &StepInput, line: crate::model::TransitionIx) -> Option<Text> {
    let StepInput::Event { actor: None, .. } = input else {
        return None;
    };
    let allowed = m.allowed_roles(m.transition(line));
    if allowed.is_empty() {
        return None;
    }
    let roles: Vec<Text> = allowed
        .iter()
        .map(|r| Text::code(&m.role(*r).id.text))
        .collect();
    let example = (0..m.roles.len() as u32)
        .map(crate::model::RoleIx)
        .find(|r| !allowed.contains(r))
        .map(|r| {
            t!(
                msg::E0015_TRUSTED_EXAMPLE,
                example = Text::code(format!("… by {} => rejected", m.role(r).id.text))
            )
        })
        .unwrap_or_default();
    Some(t!(
        msg::E0015_TRUSTED,
        roles = Text::Join(roles),
        example = example
    ))
}

fn state_name(m: &Machine, s: StateIx) -> Text {
    Text::Lit(format!("{} ({})", m.state_label(s), m.state(s).id.text))
}

/// Run steps from `start`. Guards not set by a step say yes.
pub fn run_steps(interp: &Interpreter<'_>, start: StateIx, steps: &[Step]) -> Run {
    run_steps_in(interp, start, None, steps, &mut None)
}

/// Run steps from `start`, first checking `start_expect` (`{ => Created }`) when given.
/// Guards not set by a step say yes.
pub fn run_from(
    interp: &Interpreter<'_>,
    start: StateIx,
    start_expect: Option<&Expect>,
    steps: &[Step],
) -> Run {
    run_steps_in(interp, start, start_expect, steps, &mut None)
}

/// [`run_from`] within an entry that has gone on for a while: `decided_until` is the
/// longest wait already decided in the entry into `start` (reminders due by then do not
/// run again), and is left as it is after the last step (`None` after a new entry).
pub fn run_steps_in(
    interp: &Interpreter<'_>,
    start: StateIx,
    start_expect: Option<&Expect>,
    steps: &[Step],
    decided_until: &mut Option<u64>,
) -> Run {
    let m = interp.machine;
    if let Some(
        Expect::State { state: want, span }
        | Expect::Rejected {
            still: Some(want),
            span,
        },
    ) = start_expect
    {
        if *want != start {
            return Run {
                start,
                trace: Vec::new(),
                failure: Some(Failure {
                    step: 0,
                    message: t!(
                        msg::E0015_STARTS,
                        start = state_name(m, start),
                        want = state_name(m, *want)
                    ),
                    span: *span,
                    hint: None,
                }),
            };
        }
    }
    let mut state = start;
    // Each wait counts from the entry into the state: the reminders due by the longest wait
    // so far in this entry (`decided_until`) were decided then, and are not run again.
    let mut trace = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let input = match &step.input {
            StepInput::Event { event, actor, .. } => Input::Event {
                event: *event,
                actor: *actor,
            },
            StepInput::Wait { seconds, .. } => Input::Wait { seconds: *seconds },
        };
        let set: &[(crate::model::GuardIx, bool)] = match &step.input {
            StepInput::Event { guards, .. } | StepInput::Wait { guards, .. } => guards,
        };
        let answer = |g| set.iter().find(|(x, _)| *x == g).is_none_or(|(_, v)| *v);
        let (reminders, outcome) = match input {
            Input::Wait { seconds } => {
                let w = interp.wait(
                    state,
                    seconds,
                    |ix| {
                        let due = m.transition(ix).timeout_seconds().unwrap_or(0);
                        decided_until.is_none_or(|d| due > d)
                    },
                    answer,
                );
                if w.outcome.is_err() {
                    *decided_until = Some(decided_until.map_or(seconds, |d| d.max(seconds)));
                }
                (w.reminders, w.outcome)
            }
            Input::Event { .. } => (Vec::new(), interp.step(state, input, answer)),
        };
        // A line with a target ends the entry (also back into the same state).
        if let Ok(t) = &outcome {
            if !t.stays(m) {
                *decided_until = None;
            }
        }
        let before = state;
        let text = describe_step(m, &step.input);
        let wait = matches!(step.input, StepInput::Wait { .. });
        let failure = match (&outcome, &step.expect) {
            (Ok(t), Some(Expect::State { state: want, span })) if t.to != *want => Some(Failure {
                step: i,
                message: t!(
                    msg::E0015_LEADS_TO,
                    step = Text::code(&text),
                    to = state_name(m, t.to),
                    want = state_name(m, *want)
                ),
                span: *span,
                hint: None,
            }),
            (Ok(t), Some(Expect::Rejected { span, .. })) => Some(Failure {
                step: i,
                message: t!(
                    msg::E0015_ACCEPTED,
                    step = Text::code(&text),
                    from = state_name(m, before),
                    to = state_name(m, t.to)
                ),
                span: *span,
                hint: trusted_hint(m, &step.input, t.transition),
            }),
            // A wait that fires nothing leaves the order where it is, which `=> State` may
            // say: `after 26m => Created`.
            (Err(_), Some(Expect::State { state: want, .. })) if wait && *want == state => None,
            (Err(r), Some(Expect::State { state: want, span })) if wait => Some(Failure {
                step: i,
                message: t!(
                    msg::E0015_STAYS,
                    step = Text::code(&text),
                    why = r.explain_text(m),
                    at = state_name(m, state),
                    want = state_name(m, *want)
                ),
                span: *span,
                hint: None,
            }),
            (Err(r), Some(Expect::State { .. }) | None) => Some(Failure {
                step: i,
                message: t!(
                    msg::E0015_REJECTED,
                    step = Text::code(&text),
                    why = r.explain_text(m)
                ),
                span: step.span,
                // `Cancel => Paid` while in Paid: the author may mean "refused, stays".
                hint: match &step.expect {
                    Some(Expect::State { state: want, .. }) if *want == state => Some(t!(
                        msg::E0015_STILL_HINT,
                        example = Text::code(format!(
                            "{text} => rejected, still {}",
                            m.state(state).id.text
                        ))
                    )),
                    _ => None,
                },
            }),
            (
                Err(r),
                Some(Expect::Rejected {
                    still: Some(want),
                    span,
                }),
            ) if *want != state => Some(Failure {
                step: i,
                message: t!(
                    msg::E0015_REFUSED_ELSEWHERE,
                    step = Text::code(&text),
                    why = r.explain_text(m),
                    at = state_name(m, state),
                    want = state_name(m, *want)
                ),
                span: *span,
                hint: None,
            }),
            _ => None,
        };
        if let Ok(t) = &outcome {
            state = t.to;
        }
        trace.push(TraceStep {
            input: text,
            before,
            reminders,
            outcome,
            span: step.span,
        });
        if let Some(f) = failure {
            return Run {
                start,
                trace,
                failure: Some(f),
            };
        }
    }
    Run {
        start,
        trace,
        failure: None,
    }
}

/// Run a scenario of `m`. `None` if the machine has no initial state to start from.
pub fn run_scenario(interp: &Interpreter<'_>, s: &Scenario) -> Option<Run> {
    let start = s.from.or(interp.machine.initial)?;
    Some(run_from(interp, start, s.start.as_ref(), &s.steps))
}
