//! The reference interpreter: given a state and an input it says the next state, or
//! exactly why not.
//!
//! This is the semantics of the language; `simulate`, `test`, the checks on scenarios and the
//! generated code are all measured against it.
//!
//! # How an event is decided
//! 1. A final state accepts nothing: [`Rejection::FinalState`].
//! 2. The candidate lines for (state, event) are those naming the state explicitly, in spec
//!    order, followed by `any -> …` lines in spec order. None: [`Rejection::NoTransition`].
//! 3. Candidates whose roles do not include the actor are dropped (a `None` actor is a
//!    trusted caller and passes every role check). None left: [`Rejection::RoleNotAllowed`].
//! 4. The remaining candidates are tried in order; the first without a guard, or whose guard
//!    says yes, is taken. Each guard is asked at most once per attempt. None taken:
//!    [`Rejection::GuardFailed`] listing every guard that said no.
//!
//! # How a timeout is decided
//! The timeout lines of a state are tried in one order: shortest delay first; at the same
//! delay reminders (timeout lines without a target) before lines that lead somewhere;
//! then explicit lines before `any` lines; then spec order. Waiting `seconds` since the
//! entry into the state walks the lines due by then (delay at most `seconds`) in that
//! order, asking each guard at most once:
//! - a **reminder** still pending in this entry runs its actions when its guard (if any)
//!   says yes, and is then done; when its guard says no it is done too, without running:
//!   a reminder belongs to its moment and is asked once per entry. Either way the walk goes
//!   on: a reminder keeps the state and restarts no timer;
//! - the first **leaving** line (one with a target, the state itself included) whose guard
//!   says yes is taken and ends the entry; a guarded leaving line that said no is asked
//!   again at the next decision of the same entry.
//!
//! So a reminder due at the same moment as a leaving timeout runs first, and one due after
//! an unguarded leaving timeout never runs (the checks report it, E0011). Final states
//! never time out. [`Interpreter::wait`] says what a wait does, reminders included;
//! [`Interpreter::step`] with [`Input::Wait`] is its outcome for a fresh entry.
//!
//! # Lines without a target
//! An event line written without `-> Target` (`Paid on Remark then save_remark`) is decided
//! like any other line; when it is taken its actions run and the order stays in its entry:
//! nothing is entered, no timer restarts. `A -> A on E` is a re-entry: the entry ends and a
//! new one starts, with its timers armed again.
//!
//! Which lines these rules can ever take, per state and role, is [`crate::liveness`].

use serde::Serialize;

use crate::model::{EventIx, GuardIx, Machine, RoleIx, StateIx, TransitionIx};

/// What is fed to the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// An event fired by an actor (`None`: a trusted caller, role checks skipped).
    Event {
        event: EventIx,
        actor: Option<RoleIx>,
    },
    /// Time passed in the current state.
    Wait { seconds: u64 },
}

/// A transition that was taken. For a line without a target (a reminder, or an event
/// handled in place) `to` is `from` and [`Taken::stays`] is true.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Taken {
    pub from: StateIx,
    pub to: StateIx,
    pub transition: TransitionIx,
    /// Guards asked, with their answers, in the order asked.
    pub guards_asked: Vec<(GuardIx, bool)>,
}

impl Taken {
    /// Whether the line keeps the entry (it has no target): no entry, no timer restart.
    pub fn stays(&self, m: &Machine) -> bool {
        m.transitions
            .get(self.transition.index())
            .is_some_and(|t| t.stays())
    }
}

/// What waiting in a state did: the reminders that ran, in order, then the outcome for the
/// state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Waited {
    /// The reminders whose actions ran (their guards said yes), in the order they ran.
    pub reminders: Vec<Taken>,
    /// Every reminder the wait decided, in the order asked: those that ran and those whose
    /// guard said no. They are decided for the rest of the entry.
    pub decided: Vec<TransitionIx>,
    /// The leaving line taken, or why none was.
    pub outcome: Result<Taken, Rejection>,
}

/// Why an input was rejected. The state does not change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rejection {
    /// The state is final: nothing happens to it any more.
    FinalState { state: StateIx },
    /// No line in the spec handles this event in this state.
    NoTransition { state: StateIx, event: EventIx },
    /// Lines exist, but none lets this role fire the event here.
    RoleNotAllowed {
        state: StateIx,
        event: EventIx,
        role: RoleIx,
        /// Roles that could have fired it here, in spec order, without duplicates.
        allowed: Vec<RoleIx>,
    },
    /// Every candidate line had a guard, and every guard said no.
    GuardFailed {
        state: StateIx,
        event: EventIx,
        /// The guards that said no, in the order asked.
        failed: Vec<GuardIx>,
    },
    /// No timeout of this state is due after this long (or all their guards said no).
    NoTimeoutDue {
        state: StateIx,
        seconds: u64,
        /// Guards of due timeouts that said no.
        failed: Vec<GuardIx>,
    },
}

/// A machine prepared for fast lookups.
///
/// Lines are indexed per state in one flat table (state → its events → their candidate
/// lines), so lookups touch a few neighbouring cache lines even for machines with tens of
/// thousands of states.
#[derive(Clone, Debug)]
pub struct Interpreter<'m> {
    pub machine: &'m Machine,
    /// `entries[state_start[s]..state_start[s + 1]]` are the events of state `s`, sorted.
    state_start: Vec<u32>,
    /// (event, range into `cands`)
    entries: Vec<(EventIx, u32, u32)>,
    cands: Vec<TransitionIx>,
    timeouts: Vec<Vec<TransitionIx>>,
}

impl<'m> Interpreter<'m> {
    pub fn new(machine: &'m Machine) -> Self {
        let n = machine.states.len();
        // (state, event, any line?, line): sorting puts explicit lines before `any` lines,
        // each in spec order, which is the order they are tried in.
        let mut rows: Vec<(StateIx, EventIx, bool, TransitionIx)> = Vec::new();
        let mut timeouts: Vec<Vec<TransitionIx>> = vec![Vec::new(); n];
        let mut any_timeouts: Vec<Vec<TransitionIx>> = vec![Vec::new(); n];
        for (i, t) in machine.transitions.iter().enumerate() {
            let ix = TransitionIx(i as u32);
            for &s in &t.sources {
                match t.event() {
                    Some(e) => rows.push((s, e, t.from_any, ix)),
                    None => {
                        let v = if t.from_any {
                            &mut any_timeouts
                        } else {
                            &mut timeouts
                        };
                        if let Some(list) = v.get_mut(s.index()) {
                            list.push(ix);
                        }
                    }
                }
            }
        }
        rows.sort_unstable();
        let mut state_start = Vec::with_capacity(n + 1);
        let mut entries: Vec<(EventIx, u32, u32)> = Vec::new();
        let mut cands = Vec::with_capacity(rows.len());
        let mut r = 0;
        for s in 0..n as u32 {
            state_start.push(entries.len() as u32);
            while r < rows.len() && rows[r].0 == StateIx(s) {
                let e = rows[r].1;
                let begin = cands.len() as u32;
                while r < rows.len() && rows[r].0 == StateIx(s) && rows[r].1 == e {
                    cands.push(rows[r].3);
                    r += 1;
                }
                entries.push((e, begin, cands.len() as u32));
            }
        }
        state_start.push(entries.len() as u32);
        for (t, a) in timeouts.iter_mut().zip(any_timeouts) {
            t.extend(a);
            // Stable: explicit lines stay before `any` lines, each in spec order.
            t.sort_by_key(|&ix| {
                let t = machine.transition(ix);
                (t.timeout_seconds().unwrap_or(u64::MAX), t.target.is_some())
            });
        }
        Interpreter {
            machine,
            state_start,
            entries,
            cands,
            timeouts,
        }
    }

    /// The events with at least one line from `state`, each with its lines in the order
    /// they are tried.
    pub fn events_of(
        &self,
        state: StateIx,
    ) -> impl Iterator<Item = (EventIx, &[TransitionIx])> + '_ {
        let (a, b) = match (
            self.state_start.get(state.index()),
            self.state_start.get(state.index() + 1),
        ) {
            (Some(&a), Some(&b)) => (a as usize, b as usize),
            _ => (0, 0),
        };
        self.entries[a..b]
            .iter()
            .map(|&(e, x, y)| (e, &self.cands[x as usize..y as usize]))
    }

    /// The lines tried for `event` in `state`, in order.
    pub fn candidates(&self, state: StateIx, event: EventIx) -> &[TransitionIx] {
        self.events_of(state)
            .find(|(e, _)| *e == event)
            .map_or(&[], |(_, c)| c)
    }

    /// The timeouts of `state`, in the order they are tried.
    pub fn timeouts(&self, state: StateIx) -> &[TransitionIx] {
        self.timeouts.get(state.index()).map_or(&[], Vec::as_slice)
    }

    /// Whether `actor` passes the role check of line `ix` (step 3 above): a trusted caller
    /// (`None`) always does; a role does when the line's roles (its own `by`, else the
    /// event's) include it or are empty.
    pub fn allows(&self, ix: TransitionIx, actor: Option<RoleIx>) -> bool {
        match actor {
            None => true,
            Some(r) => {
                let roles = self.machine.allowed_roles(self.machine.transition(ix));
                roles.is_empty() || roles.contains(&r)
            }
        }
    }

    /// Apply one input. `guard` is asked for each guard that must be evaluated.
    pub fn step(
        &self,
        state: StateIx,
        input: Input,
        mut guard: impl FnMut(GuardIx) -> bool,
    ) -> Result<Taken, Rejection> {
        let m = self.machine;
        if m.state(state).is_final {
            return Err(Rejection::FinalState { state });
        }
        match input {
            Input::Event { event, actor } => {
                let cands = self.candidates(state, event);
                if cands.is_empty() {
                    return Err(Rejection::NoTransition { state, event });
                }
                let permitted: Vec<TransitionIx> = cands
                    .iter()
                    .copied()
                    .filter(|&ix| self.allows(ix, actor))
                    .collect();
                if permitted.is_empty() {
                    let mut allowed = Vec::new();
                    for &ix in cands {
                        for &r in m.allowed_roles(m.transition(ix)) {
                            if !allowed.contains(&r) {
                                allowed.push(r);
                            }
                        }
                    }
                    return Err(Rejection::RoleNotAllowed {
                        state,
                        event,
                        // `permitted` empty implies an actor was given.
                        role: actor.unwrap_or(RoleIx(0)),
                        allowed,
                    });
                }
                let mut asked = Vec::new();
                let mut failed = Vec::new();
                for ix in permitted {
                    if let Some(taken) =
                        self.try_line(state, ix, &mut guard, &mut asked, &mut failed)
                    {
                        return Ok(taken);
                    }
                }
                Err(Rejection::GuardFailed {
                    state,
                    event,
                    failed,
                })
            }
            Input::Wait { seconds } => self.wait(state, seconds, |_| true, guard).outcome,
        }
    }

    /// What waiting `seconds` since the entry into `state` does (see the module docs):
    /// every due reminder for which `pending` says yes (not yet decided in this entry) is
    /// decided, and runs when its guard says yes; the first due leaving line whose guard
    /// says yes is taken. After a decision that keeps the state, every pending reminder
    /// due by `seconds` is decided.
    pub fn wait(
        &self,
        state: StateIx,
        seconds: u64,
        mut pending: impl FnMut(TransitionIx) -> bool,
        mut guard: impl FnMut(GuardIx) -> bool,
    ) -> Waited {
        let m = self.machine;
        let mut reminders = Vec::new();
        let mut decided = Vec::new();
        if m.state(state).is_final {
            return Waited {
                reminders,
                decided,
                outcome: Err(Rejection::FinalState { state }),
            };
        }
        let mut asked = Vec::new();
        let mut failed = Vec::new();
        for &ix in self.timeouts(state) {
            let t = m.transition(ix);
            let due = t.timeout_seconds().unwrap_or(u64::MAX);
            if due > seconds {
                break;
            }
            if t.stays() {
                if !pending(ix) {
                    continue;
                }
                decided.push(ix);
                if let Some(taken) = self.try_line(state, ix, &mut guard, &mut asked, &mut failed) {
                    reminders.push(taken);
                }
                continue;
            }
            if let Some(taken) = self.try_line(state, ix, &mut guard, &mut asked, &mut failed) {
                return Waited {
                    reminders,
                    decided,
                    outcome: Ok(taken),
                };
            }
        }
        Waited {
            reminders,
            decided,
            outcome: Err(Rejection::NoTimeoutDue {
                state,
                seconds,
                failed,
            }),
        }
    }

    fn try_line(
        &self,
        state: StateIx,
        ix: TransitionIx,
        guard: &mut impl FnMut(GuardIx) -> bool,
        asked: &mut Vec<(GuardIx, bool)>,
        failed: &mut Vec<GuardIx>,
    ) -> Option<Taken> {
        let t = self.machine.transition(ix);
        let pass = match &t.guard {
            None => true,
            Some(g) => match asked.iter().find(|(a, _)| *a == g.guard) {
                Some(&(_, answer)) => answer,
                None => {
                    let answer = guard(g.guard);
                    asked.push((g.guard, answer));
                    if !answer {
                        failed.push(g.guard);
                    }
                    answer
                }
            },
        };
        pass.then(|| Taken {
            from: state,
            to: t.target_from(state),
            transition: ix,
            guards_asked: asked.clone(),
        })
    }

    /// Whether `event` could be fired by `actor` in `state`, ignoring guards
    /// (a guarded line counts as possible).
    pub fn can_fire(&self, state: StateIx, event: EventIx, actor: Option<RoleIx>) -> bool {
        !self.machine.state(state).is_final
            && self
                .candidates(state, event)
                .iter()
                .any(|&ix| self.allows(ix, actor))
    }

    /// The events `actor` may fire in `state` (guards not asked), in event order.
    pub fn permitted_events(&self, state: StateIx, actor: Option<RoleIx>) -> Vec<EventIx> {
        (0..self.machine.events.len() as u32)
            .map(EventIx)
            .filter(|&e| self.can_fire(state, e, actor))
            .collect()
    }
}

impl Rejection {
    /// A plain-words explanation, using labels and ids.
    pub fn explain(&self, m: &Machine) -> String {
        self.explain_text(m).render(crate::msg::Lang::En)
    }

    /// Why the step was refused, in every language.
    pub fn explain_text(&self, m: &Machine) -> crate::msg::Text {
        use crate::msg::{self, Text};
        use crate::t;
        let st = |s: StateIx| Text::Lit(format!("{} ({})", m.state_label(s), m.state(s).id.text));
        let ev = |e: EventIx| Text::Lit(format!("{} ({})", m.event_label(e), m.event(e).id.text));
        let gd = |g: GuardIx| {
            let gg = m.guard(g);
            Text::Lit(match &gg.description {
                Some(d) => format!("`{}` (\"{}\")", gg.id.text, d.text),
                None => format!("`{}`", gg.id.text),
            })
        };
        let guards = |failed: &[GuardIx]| {
            let mut parts = Vec::new();
            for (i, g) in failed.iter().enumerate() {
                if i > 0 {
                    parts.push(t!(msg::THEN_SEP));
                }
                parts.push(gd(*g));
            }
            Text::Seq(parts)
        };
        match self {
            Rejection::FinalState { state } => t!(msg::REJECT_FINAL, state = st(*state)),
            Rejection::NoTransition { state, event } => {
                t!(msg::REJECT_NO_LINE, event = ev(*event), state = st(*state))
            }
            Rejection::RoleNotAllowed {
                state,
                event,
                role,
                allowed,
            } => {
                let who: Vec<Text> = allowed
                    .iter()
                    .map(|r| Text::Lit(format!("{} ({})", m.role_label(*r), m.role(*r).id.text)))
                    .collect();
                t!(
                    msg::REJECT_ROLE,
                    role = format!("{} ({})", m.role_label(*role), m.role(*role).id.text),
                    event = ev(*event),
                    state = st(*state),
                    allowed = Text::Join(who)
                )
            }
            Rejection::GuardFailed {
                state,
                event,
                failed,
            } => t!(
                msg::REJECT_GUARD,
                event = ev(*event),
                state = st(*state),
                guards = guards(failed)
            ),
            Rejection::NoTimeoutDue {
                state,
                seconds,
                failed,
            } => {
                let after = crate::duration::format_seconds(*seconds);
                if failed.is_empty() {
                    t!(msg::REJECT_NO_TIMEOUT, state = st(*state), after = after)
                } else {
                    t!(
                        msg::REJECT_TIMEOUT_GUARD,
                        state = st(*state),
                        after = after,
                        guards = guards(failed)
                    )
                }
            }
        }
    }
}
