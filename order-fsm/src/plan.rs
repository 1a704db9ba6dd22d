//! What a store needs from the runtime, for any generated machine: decide a transition
//! without running its actions, say which timers an entry into a state arms, fire a due
//! timer only for the entry that armed it, and keep a rejection as plain data.
//!
//! Everything here reads the same tables as [`fire`](crate::fire) and
//! [`elapse`](crate::elapse) and decides through the same code, so a store and the generated
//! `fire` can never disagree: the store runs the actions itself (inside its transaction or
//! from its outbox) after the decision is made.
//!
//! # Entries and timers
//! Every time an order enters a state, also when a line leads from a state back into itself,
//! it is a new **entry**, identified by the order's version at that moment ([`Entry`]). A
//! timer belongs to one entry: [`fire_timer`] does nothing for a timer armed by an earlier
//! entry, so `Paid → Refunding → Paid` never fires the first `Paid`'s `after 7d`.
//!
//! A line without a target (a reminder, or an event line handled in place) keeps the entry:
//! [`timers_after`] says so ([`TimerPlan::keeps_entry`]), drops nothing and arms nothing for
//! it, and a store that numbers entries by the order's version moves the entry's pending
//! timers to the new version. A reminder runs at most once per entry: it is decided (run, or
//! its guard said no) by the first timeout decision of the entry at or after its delay.
//! Each decision lists the reminders it decided ([`Waited::decided`]); a store marks them
//! and passes the reminders not marked yet as `pending` to [`fire_timer`]. After a spec
//! change, [`reconcile`] says what becomes of each pending or decided timer.

use core::convert::Infallible;

use crate::__private::{self, Hook};
use crate::runtime::bit;
use crate::{Context, Enumerated, FireError, GuardList, Machine, Rejection, Timeout, Transition};

/// One entry of an order into a state: the state, and the order's version when it entered.
pub struct Entry<M: Machine> {
    pub state: M::State,
    pub version: u64,
}

impl<M: Machine> Clone for Entry<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M: Machine> Copy for Entry<M> {}
impl<M: Machine> PartialEq for Entry<M> {
    fn eq(&self, o: &Self) -> bool {
        self.state == o.state && self.version == o.version
    }
}
impl<M: Machine> Eq for Entry<M> {}
impl<M: Machine> core::fmt::Debug for Entry<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Entry")
            .field("state", &self.state)
            .field("version", &self.version)
            .finish()
    }
}

fn decided<M: Machine>(r: Result<Transition<M>, FireError<M, Infallible>>) -> Decision<M> {
    match r {
        Ok(t) => Ok(t),
        Err(FireError::Rejected(r)) => Err(r),
        // Actions are not run by a decision, so none can fail.
        Err(FireError::Action { transition, .. }) => Ok(transition),
    }
}

/// The outcome of a decision: the transition to take, or why not.
pub type Decision<M> = Result<Transition<M>, Rejection<M>>;

/// What waiting in a state decides: the reminders that run, in order, then the outcome.
pub struct Waited<M: Machine> {
    /// Reminders whose guards said yes: their actions are to run, in this order, and the
    /// state stays. Each is a [`Transition`] from the state to itself that
    /// [`stays`](Transition::stays).
    pub reminders: Vec<Transition<M>>,
    /// Every reminder this wait decided, as line indexes in the order asked: those in
    /// `reminders` and those whose guard said no. Each is decided for the rest of the
    /// entry: it is not pending for a later decision of the same entry, whatever its guard
    /// would say then. Reminders not pending, or due after the leaving line taken, are not
    /// listed.
    pub decided: Vec<usize>,
    /// The leaving line taken, or why none was.
    pub outcome: Decision<M>,
}

impl<M: Machine> core::fmt::Debug for Waited<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Waited")
            .field("reminders", &self.reminders)
            .field("decided", &self.decided)
            .field("outcome", &self.outcome)
            .finish()
    }
}

/// Decide `event` in `state` exactly as [`fire`](crate::fire) does, asking `guard` for each
/// guard that must be evaluated, but without running any action: the caller runs
/// [`actions`] of the transition when and where it chooses.
pub fn decide<M: Machine>(
    state: M::State,
    event: &M::Event,
    actor: Option<M::Role>,
    mut guard: impl FnMut(M::Guard, &Context<'_, M>) -> bool,
) -> Decision<M> {
    decided(__private::fire::<M, Infallible, _>(
        state,
        event,
        actor,
        &mut |call, ctx| match call {
            Hook::Guard(g) => Ok(guard(g, ctx)),
            Hook::Action(_) => Ok(true),
        },
    ))
}

/// Decide what waiting `seconds` in `state` does, exactly as [`elapse`](crate::elapse)
/// does (every due timeout in order, shortest first; the first whose guard says yes), without
/// running any action.
pub fn decide_timeout<M: Machine>(
    state: M::State,
    seconds: u64,
    mut guard: impl FnMut(M::Guard, &Context<'_, M>) -> bool,
) -> Decision<M> {
    decided(__private::elapse::<M, Infallible, _>(
        state,
        seconds,
        &mut |call, ctx| match call {
            Hook::Guard(g) => Ok(guard(g, ctx)),
            Hook::Action(_) => Ok(true),
        },
    ))
}

/// Decide what waiting `seconds` since the entry into `state` does, without running any
/// action: every due reminder for which `pending(line)` says yes is decided (it runs when
/// its guard says yes), and the first due leaving line whose guard says yes is taken, in
/// the interpreter's order. After an outcome that keeps the state, every pending reminder
/// due by `seconds` has been decided; [`Waited::decided`] lists them.
pub fn decide_wait<M: Machine>(
    state: M::State,
    seconds: u64,
    mut pending: impl FnMut(usize) -> bool,
    mut guard: impl FnMut(M::Guard, &Context<'_, M>) -> bool,
) -> Waited<M> {
    let mut reminders = Vec::new();
    let mut decided_lines = Vec::new();
    let r = __private::wait::<M, Infallible, _>(
        state,
        seconds,
        &mut pending,
        &mut |line, ran| {
            decided_lines.push(line);
            reminders.extend(ran);
        },
        &mut |call, ctx| match call {
            Hook::Guard(g) => Ok(guard(g, ctx)),
            Hook::Action(_) => Ok(true),
        },
    );
    Waited {
        reminders,
        decided: decided_lines,
        outcome: decided(r),
    }
}

/// The actions of the line a transition took, in the order they run.
pub fn actions<M: Machine>(transition: &Transition<M>) -> &'static [M::Action] {
    M::__tables()
        .line(transition.line)
        .map_or(&[], |l| l.actions)
}

/// The timers an entry into `state` arms, shortest first: one per timeout line of the
/// state (none for a final state). Each is due `seconds` after the entry.
pub fn timers_on_entry<M: Machine>(state: M::State) -> &'static [Timeout<M>] {
    let is_final = M::INFO.states.get(state.index()).is_none_or(|s| s.is_final);
    if is_final {
        return &[];
    }
    __private::timeouts::<M>(state)
}

/// What a transition does to the order's entry and its timers: one answer for both, so a
/// store that writes the entry (its status and entry time) and the timers from it cannot
/// treat them differently.
pub struct TimerPlan<M: Machine> {
    /// True for a line that keeps the state (a reminder, or an event line without a
    /// target): the entry goes on, with its entry time and every timer it has, pending or
    /// decided. False for a line with a target (also one that leads back into the same
    /// state): it ends the entry, every timer of the entry that ended is dropped, and a new
    /// entry starts at the transition's time.
    pub keeps_entry: bool,
    /// The timers the new entry arms, due `seconds` after the transition (none when the
    /// entry goes on).
    pub arm: &'static [Timeout<M>],
}

impl<M: Machine> core::fmt::Debug for TimerPlan<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TimerPlan")
            .field("keeps_entry", &self.keeps_entry)
            .field("arm", &self.arm)
            .finish()
    }
}

/// Whether `transition` keeps the entry, and the timers to arm after it.
pub fn timers_after<M: Machine>(transition: &Transition<M>) -> TimerPlan<M> {
    if transition.stays() {
        return TimerPlan {
            keeps_entry: true,
            arm: &[],
        };
    }
    TimerPlan {
        keeps_entry: false,
        arm: timers_on_entry::<M>(transition.to),
    }
}

/// Which timer to keep, re-arm or drop after the spec changed (see [`reconcile`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerFate {
    /// Still a timeout of the state, with the same delay: nothing changes, a decided timer
    /// stays decided.
    Keep,
    /// Still a timeout of the state (same line), now with `seconds` of delay.
    Rearm {
        /// The new delay: the timer is due this long after the entry.
        seconds: u64,
        /// Whether the timer stays decided. A reminder is decided once per entry, whatever
        /// its new delay. A leaving line whose guard said no at the old delay was asked at
        /// or after the new one too, so it stays decided unless the new delay is longer:
        /// then it is pending again, asked when the new delay has passed. A pending timer
        /// stays pending.
        decided: bool,
    },
    /// No longer a timeout of the state: the line is gone.
    Drop,
}

/// After a spec change: what becomes of a timer of an entry into `state`, armed for line
/// `line` (an index into the current spec's lines, `None` when the line is gone) with
/// `armed_seconds` of delay. `decided` says whether the entry has decided it already (a
/// reminder that ran or whose guard said no, or a leaving line whose guard said no when its
/// timer fired, see [`Waited::decided`] and [`TimerDecision::Due`]).
pub fn reconcile<M: Machine>(
    state: M::State,
    line: Option<usize>,
    armed_seconds: u64,
    decided: bool,
) -> TimerFate {
    let Some(line) = line else {
        return TimerFate::Drop;
    };
    match timers_on_entry::<M>(state).iter().find(|t| t.line == line) {
        None => TimerFate::Drop,
        Some(t) if t.seconds == armed_seconds => TimerFate::Keep,
        Some(t) => TimerFate::Rearm {
            seconds: t.seconds,
            decided: decided && (t.is_reminder() || t.seconds <= armed_seconds),
        },
    }
}

/// What a due timer does.
pub enum TimerDecision<M: Machine> {
    /// The timer was armed by another entry (the order moved on, or left and came back), or
    /// its line is not a timeout of the state: it is dropped with no effect.
    Stale,
    /// The timeout decision for the time waited: the reminders that run (each keeps the
    /// state), then the leaving line taken, or why none was (the guards of every due
    /// leaving line said no; a later timer of the same entry asks them again). When the
    /// outcome keeps the state, every pending reminder due by then has been decided
    /// ([`Waited::decided`]), and so has the timer itself: its line is listed there when a
    /// reminder, and is otherwise a leaving line whose guard said no. Its own timer does
    /// not ask it again in this entry.
    Due(Waited<M>),
}

impl<M: Machine> core::fmt::Debug for TimerDecision<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TimerDecision::Stale => f.write_str("Stale"),
            TimerDecision::Due(w) => f.debug_tuple("Due").field(w).finish(),
        }
    }
}

/// Decide a due timer of line `line`, armed by the entry of version `armed_version`, for an
/// order whose current entry is `current` and which has waited `elapsed` seconds in it.
/// Versions only grow, so a version names one entry: a timer of another version is
/// [`TimerDecision::Stale`]. `pending(line)` says whether a reminder of the entry is still
/// to be decided (a store: its timer is armed and not yet decided); the timer's own line,
/// if a reminder, counts as pending.
///
/// The decision is the one the interpreter makes for the whole time waited (at least the
/// timer's own delay): every due timeout line in order, a guarded line that said no before
/// asked again. So when several timers of one entry fall due during downtime, the first
/// one scanned fires the right line and the others become stale.
pub fn fire_timer<M: Machine>(
    current: Entry<M>,
    armed_version: u64,
    line: usize,
    elapsed: u64,
    mut pending: impl FnMut(usize) -> bool,
    guard: impl FnMut(M::Guard, &Context<'_, M>) -> bool,
) -> TimerDecision<M> {
    if current.version != armed_version {
        return TimerDecision::Stale;
    }
    let Some(own) = timers_on_entry::<M>(current.state)
        .iter()
        .find(|t| t.line == line)
    else {
        return TimerDecision::Stale;
    };
    TimerDecision::Due(decide_wait::<M>(
        current.state,
        elapsed.max(own.seconds),
        |l| l == line || pending(l),
        guard,
    ))
}

/// An event a role may fire in a state, with the guards that would be asked.
pub struct Permitted<M: Machine> {
    pub event: M::EventKind,
    /// The guards asked, in order, until a line without a guard would be taken; empty when
    /// the first line the role may take has no guard. Guards are not evaluated.
    pub guards: Vec<M::Guard>,
}

impl<M: Machine> core::fmt::Debug for Permitted<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Permitted")
            .field("event", &self.event)
            .field("guards", &self.guards)
            .finish()
    }
}

/// The events `actor` may fire in `state` (as [`can_fire`](crate::can_fire) says), each
/// with the guards a decision would ask, in event order.
pub fn permitted<M: Machine>(state: M::State, actor: Option<M::Role>) -> Vec<Permitted<M>> {
    let t = M::__tables();
    let mut out = Vec::new();
    for &event in M::EventKind::ALL {
        if !crate::can_fire::<M>(state, event, actor) {
            continue;
        }
        let mut guards = Vec::new();
        let ix = state.index() * t.n_events + event.index();
        let slow = t.slow_cell(ix);
        if let Some(s) = slow {
            for (i, &l) in s.cands.iter().enumerate() {
                let Some(line) = t.line(l as usize) else {
                    continue;
                };
                let role_ok = match actor {
                    None => true,
                    Some(r) => line.roles.is_empty() || line.roles.contains(&r),
                };
                if !role_ok {
                    continue;
                }
                match s.guards.get(i).copied().flatten() {
                    None => break,
                    Some(g) => {
                        if !guards.contains(&g) {
                            guards.push(g)
                        }
                    }
                }
            }
        }
        out.push(Permitted { event, guards });
    }
    out
}

/// Which kind of [`Rejection`] a [`RejectionRecord`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RejectionKind {
    FinalState,
    NoTransition,
    RoleNotAllowed,
    GuardFailed,
    NoTimeoutDue,
}

impl RejectionKind {
    /// A stable snake-case name, for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionKind::FinalState => "final_state",
            RejectionKind::NoTransition => "no_transition",
            RejectionKind::RoleNotAllowed => "role_not_allowed",
            RejectionKind::GuardFailed => "guard_failed",
            RejectionKind::NoTimeoutDue => "no_timeout_due",
        }
    }
    /// The kind with this name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            RejectionKind::FinalState,
            RejectionKind::NoTransition,
            RejectionKind::RoleNotAllowed,
            RejectionKind::GuardFailed,
            RejectionKind::NoTimeoutDue,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A [`Rejection`] as plain data, to store (the recorded outcome of an idempotency key)
/// and to turn back into the same rejection later with [`RejectionRecord::rebuild`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectionRecord {
    pub kind: RejectionKind,
    /// State index.
    pub state: usize,
    /// Event index, for event rejections.
    pub event: Option<usize>,
    /// Role index, for [`RejectionKind::RoleNotAllowed`].
    pub role: Option<usize>,
    /// For [`RejectionKind::NoTimeoutDue`]: the time waited.
    pub seconds: u64,
    /// The guards that said no, in the order asked.
    pub failed: Vec<usize>,
}

impl RejectionRecord {
    /// The record of a rejection.
    pub fn of<M: Machine>(r: &Rejection<M>) -> Self {
        let mut rec = RejectionRecord {
            kind: RejectionKind::FinalState,
            state: r.state().index(),
            event: None,
            role: None,
            seconds: 0,
            failed: Vec::new(),
        };
        match *r {
            Rejection::FinalState { .. } => {}
            Rejection::NoTransition { event, .. } => {
                rec.kind = RejectionKind::NoTransition;
                rec.event = Some(event.index());
            }
            Rejection::RoleNotAllowed { event, role, .. } => {
                rec.kind = RejectionKind::RoleNotAllowed;
                rec.event = Some(event.index());
                rec.role = Some(role.index());
            }
            Rejection::GuardFailed { event, failed, .. } => {
                rec.kind = RejectionKind::GuardFailed;
                rec.event = Some(event.index());
                rec.failed = failed.iter().map(|g| g.index()).collect();
            }
            Rejection::NoTimeoutDue {
                seconds, failed, ..
            } => {
                rec.kind = RejectionKind::NoTimeoutDue;
                rec.seconds = seconds;
                rec.failed = failed.iter().map(|g| g.index()).collect();
            }
        }
        rec
    }

    /// The same rejection again, for the current spec; `None` when the record names a state,
    /// event, role or guard this machine does not have.
    pub fn rebuild<M: Machine>(&self) -> Option<Rejection<M>> {
        let t = M::__tables();
        let state = M::State::from_index(self.state)?;
        let event = match self.event {
            Some(e) => Some(M::EventKind::from_index(e)?),
            None => None,
        };
        let failed: Vec<M::Guard> = self
            .failed
            .iter()
            .map(|&g| M::Guard::from_index(g))
            .collect::<Option<_>>()?;
        let mask_of = |guards: &'static [Option<M::Guard>]| -> GuardList<M> {
            // Bit `i` stands for `guards[i]`; a guard asked once fails every candidate that
            // shares it, but is listed once, so the first candidate holding it is enough.
            let mut mask = 0;
            for g in &failed {
                if let Some(i) = guards.iter().position(|x| *x == Some(*g)) {
                    mask |= bit(i);
                }
            }
            __private::guard_list::<M>(guards, mask)
        };
        let cell = |e: M::EventKind| {
            let ix = state.index() * t.n_events + e.index();
            t.slow_cell(ix)
        };
        Some(match self.kind {
            RejectionKind::FinalState => Rejection::FinalState { state },
            RejectionKind::NoTransition => Rejection::NoTransition {
                state,
                event: event?,
            },
            RejectionKind::RoleNotAllowed => {
                let event = event?;
                Rejection::RoleNotAllowed {
                    state,
                    event,
                    role: M::Role::from_index(self.role?)?,
                    allowed: cell(event).map_or(&[], |s| s.allowed),
                }
            }
            RejectionKind::GuardFailed => {
                let event = event?;
                Rejection::GuardFailed {
                    state,
                    event,
                    failed: mask_of(cell(event).map_or(&[], |s| s.guards)),
                }
            }
            RejectionKind::NoTimeoutDue => Rejection::NoTimeoutDue {
                state,
                seconds: self.seconds,
                failed: mask_of(t.state_timeouts(state.index()).map_or(&[], |s| s.guards)),
            },
        })
    }
}
