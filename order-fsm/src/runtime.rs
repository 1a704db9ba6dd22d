//! Runtime types shared by every generated machine: transition records, rejections,
//! errors, hook contexts and timeouts.

use core::fmt;

use crate::msg::{self, t, Lang, Text};
use crate::{Enumerated, Machine, TransitionInfo};

/// What made a transition happen.
pub enum Cause<M: Machine> {
    /// An event of this kind.
    Event(M::EventKind),
    /// A timeout fell due; [`Transition::timeout_seconds`] tells which delay.
    Timeout,
}

/// A transition that was taken: the record to store in an audit log.
pub struct Transition<M: Machine> {
    pub from: M::State,
    pub to: M::State,
    pub cause: Cause<M>,
    /// Who fired it; `None` for a trusted caller and for timeouts.
    pub actor: Option<M::Role>,
    /// Index of the spec line taken, into [`MachineInfo::transitions`](crate::MachineInfo).
    pub line: usize,
}

impl<M: Machine> Transition<M> {
    /// Whether the line taken keeps the state (a reminder, or an event line without a
    /// target): `to` is `from`, the entry goes on and its timers with it. A line that leads
    /// back into its own state (`A -> A`) is a new entry and does not stay.
    pub fn stays(&self) -> bool {
        self.info().is_some_and(|i| i.stays())
    }
    /// Whether this is a reminder that ran: a timeout that keeps the state.
    pub fn is_reminder(&self) -> bool {
        matches!(self.cause, Cause::Timeout) && self.stays()
    }
    /// The event, unless a timeout caused it.
    pub fn event(&self) -> Option<M::EventKind> {
        match self.cause {
            Cause::Event(e) => Some(e),
            Cause::Timeout => None,
        }
    }
    /// The delay of the timeout that caused it, as written in the spec.
    pub fn timeout_seconds(&self) -> Option<u64> {
        match self.cause {
            Cause::Timeout => self.info().and_then(|i| i.timeout_seconds()),
            Cause::Event(_) => None,
        }
    }
    /// The spec line taken.
    pub fn info(&self) -> Option<&'static TransitionInfo> {
        M::INFO.transitions.get(self.line)
    }
}

/// The guards that said no during one attempt, in the order they were asked.
pub struct GuardList<M: Machine> {
    pub(crate) guards: &'static [Option<M::Guard>],
    pub(crate) mask: u64,
}

impl<M: Machine> GuardList<M> {
    /// No guard said no.
    pub const EMPTY: GuardList<M> = GuardList {
        guards: &[],
        mask: 0,
    };

    /// The guards, in the order asked.
    pub fn iter(&self) -> impl Iterator<Item = M::Guard> + '_ {
        self.guards
            .iter()
            .enumerate()
            .filter(|(i, _)| bit(*i) & self.mask != 0)
            .filter_map(|(_, g)| *g)
    }
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
    pub fn len(&self) -> usize {
        self.iter().count()
    }
    /// Whether this guard said no.
    pub fn contains(&self, guard: M::Guard) -> bool {
        self.iter().any(|g| g == guard)
    }
    /// As a vector.
    pub fn to_vec(&self) -> Vec<M::Guard> {
        self.iter().collect()
    }
}

#[inline]
pub(crate) fn bit(i: usize) -> u64 {
    1u64.checked_shl(i as u32).unwrap_or(0)
}

/// Why an event or a timeout was refused. The state does not change.
pub enum Rejection<M: Machine> {
    /// The state is final: nothing happens to it any more.
    FinalState { state: M::State },
    /// No line of the spec handles this event in this state.
    NoTransition {
        state: M::State,
        event: M::EventKind,
    },
    /// Lines exist, but none lets this role fire the event here.
    RoleNotAllowed {
        state: M::State,
        event: M::EventKind,
        role: M::Role,
        /// Roles that could have fired it here, in spec order.
        allowed: &'static [M::Role],
    },
    /// Every candidate line had a guard, and every guard said no.
    GuardFailed {
        state: M::State,
        event: M::EventKind,
        failed: GuardList<M>,
    },
    /// No timeout of this state is due after this long, or the guards of those due said no.
    NoTimeoutDue {
        state: M::State,
        seconds: u64,
        failed: GuardList<M>,
    },
}

impl<M: Machine> Rejection<M> {
    /// The state the machine stays in.
    pub fn state(&self) -> M::State {
        match *self {
            Rejection::FinalState { state }
            | Rejection::NoTransition { state, .. }
            | Rejection::RoleNotAllowed { state, .. }
            | Rejection::GuardFailed { state, .. }
            | Rejection::NoTimeoutDue { state, .. } => state,
        }
    }
}

/// Why a `fire` failed: the spec refused it, or an action failed. Either way the state is
/// unchanged.
pub enum FireError<M: Machine, E> {
    Rejected(Rejection<M>),
    /// The transition was allowed but this action returned an error; the actions before it
    /// ran, the ones after it did not.
    Action {
        action: M::Action,
        /// The transition that was being taken.
        transition: Transition<M>,
        error: E,
    },
}

impl<M: Machine, E> FireError<M, E> {
    /// The rejection, if the spec refused the event.
    pub fn rejection(&self) -> Option<&Rejection<M>> {
        match self {
            FireError::Rejected(r) => Some(r),
            FireError::Action { .. } => None,
        }
    }
}

impl<M: Machine, E> From<Rejection<M>> for FireError<M, E> {
    fn from(r: Rejection<M>) -> Self {
        FireError::Rejected(r)
    }
}

/// A typestate transition that did not happen: the value it was called on, given back,
/// and why.
pub struct Refused<S, M: Machine, E> {
    pub state: S,
    pub error: FireError<M, E>,
}

/// A checked conversion from the dynamic form to a typestate type found another state.
pub struct WrongState<M: Machine, D> {
    pub expected: M::State,
    pub found: M::State,
    /// The user data, given back.
    pub data: D,
}

/// What a guard or an action is told about the transition being decided.
pub struct Context<'a, M: Machine> {
    pub from: M::State,
    /// The target of the line being tried.
    pub to: M::State,
    /// The event and its payload; `None` for timeouts.
    pub event: Option<&'a M::Event>,
    pub actor: Option<M::Role>,
    /// For timeouts: the time waited, in seconds.
    pub elapsed: Option<u64>,
    /// Index of the line being tried into [`MachineInfo::transitions`](crate::MachineInfo).
    pub line: usize,
}

impl<M: Machine> Context<'_, M> {
    /// The line being tried.
    pub fn transition(&self) -> Option<&'static TransitionInfo> {
        M::INFO.transitions.get(self.line)
    }
}

/// A timeout of one state, as data for a scheduler.
///
/// `target` is `None` for a reminder (a timeout line without `-> Target`): it runs its
/// actions once per entry into the state and keeps the state and its other timers. (It was
/// a plain state before reminders were part of the language.)
pub struct Timeout<M: Machine> {
    /// The delay in seconds.
    pub seconds: u64,
    /// The delay as written in the spec (`30m`).
    pub written: &'static str,
    /// The text after the delay (`"超时未付款自动关闭"`).
    pub label: Option<&'static str>,
    /// Where the order goes when it fires; `None` for a reminder.
    pub target: Option<M::State>,
    pub guard: Option<M::Guard>,
    /// Run in order when the timeout fires.
    pub actions: &'static [M::Action],
    /// Index into [`MachineInfo::transitions`](crate::MachineInfo).
    pub line: usize,
}

impl<M: Machine> Timeout<M> {
    /// Whether this is a reminder (it keeps the state).
    pub fn is_reminder(&self) -> bool {
        self.target.is_none()
    }
    /// When it falls due for a state entered at `entered_at` (any clock in seconds).
    pub fn due_at(&self, entered_at: u64) -> u64 {
        entered_at.saturating_add(self.seconds)
    }
    /// The delay as a [`Duration`](core::time::Duration).
    pub fn duration(&self) -> core::time::Duration {
        core::time::Duration::from_secs(self.seconds)
    }
}

/// Hooks written once for any machine: guards and actions are told which one is meant.
///
/// Every generated hooks trait is implemented for [`Generic<T>`] when `T` implements this,
/// which suits logging, recording and tests; services normally implement the generated
/// trait, where a missing guard or action is a compile error.
pub trait GenericHooks<M: Machine> {
    type Error;
    fn guard(&self, guard: M::Guard, ctx: &Context<'_, M>) -> bool;
    fn action(&mut self, action: M::Action, ctx: &Context<'_, M>) -> Result<(), Self::Error>;
}

/// Adapts a [`GenericHooks`] implementation to a generated hooks trait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Generic<T>(pub T);

/// The hooks of a machine that has no guards and no actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoHooks;

// ------------------------------------------------------------------ std trait impls
// Written by hand: derives would require `M: Clone`, `M: Debug`, … of the machine type.

macro_rules! copy_clone {
    ($($t:ident),*) => {$(
        impl<M: Machine> Clone for $t<M> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<M: Machine> Copy for $t<M> {}
    )*};
}
copy_clone!(Cause, Transition, GuardList, Rejection);

impl<M: Machine> Clone for Timeout<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M: Machine> Copy for Timeout<M> {}

impl<M: Machine> PartialEq for Cause<M> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Cause::Event(a), Cause::Event(b)) => a == b,
            (Cause::Timeout, Cause::Timeout) => true,
            _ => false,
        }
    }
}
impl<M: Machine> Eq for Cause<M> {}

impl<M: Machine> fmt::Debug for Cause<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Event(e) => f.debug_tuple("Event").field(e).finish(),
            Cause::Timeout => f.write_str("Timeout"),
        }
    }
}

impl<M: Machine> PartialEq for Transition<M> {
    fn eq(&self, o: &Self) -> bool {
        self.from == o.from
            && self.to == o.to
            && self.cause == o.cause
            && self.actor == o.actor
            && self.line == o.line
    }
}
impl<M: Machine> Eq for Transition<M> {}

impl<M: Machine> fmt::Debug for Transition<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transition")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("cause", &self.cause)
            .field("actor", &self.actor)
            .field("line", &self.line)
            .finish()
    }
}

impl<M: Machine> Transition<M> {
    /// The transition in words, in any language: `待付款 (Created) -> 待发货 (Paid) on 付款
    /// (Pay) by 买家 (buyer)`; [`Display`](fmt::Display) writes it in English.
    pub fn text(&self) -> Text {
        let cause = match self.cause {
            Cause::Event(e) => t!(msg::CAUSE_EVENT, event = event_name::<M>(e)),
            Cause::Timeout => match self.timeout_seconds() {
                Some(s) => t!(msg::CAUSE_AFTER, after = msg::format_seconds(s)),
                None => t!(msg::CAUSE_TIMEOUT),
            },
        };
        let actor = match self.actor {
            Some(r) => t!(msg::BY_ROLE, role = role_name::<M>(r)),
            None => Text::default(),
        };
        if self.stays() {
            t!(
                msg::TRANSITION_STAYS,
                state = state_name::<M>(self.from),
                cause = cause,
                actor = actor
            )
        } else {
            t!(
                msg::TRANSITION_MOVES,
                from = state_name::<M>(self.from),
                to = state_name::<M>(self.to),
                cause = cause,
                actor = actor
            )
        }
    }
}

impl<M: Machine> fmt::Display for Transition<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl<M: Machine> PartialEq for GuardList<M> {
    fn eq(&self, o: &Self) -> bool {
        self.iter().eq(o.iter())
    }
}
impl<M: Machine> Eq for GuardList<M> {}

impl<M: Machine> fmt::Debug for GuardList<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<M: Machine> PartialEq for Rejection<M> {
    fn eq(&self, o: &Self) -> bool {
        use Rejection::*;
        match (self, o) {
            (FinalState { state: a }, FinalState { state: b }) => a == b,
            (NoTransition { state: a, event: x }, NoTransition { state: b, event: y }) => {
                a == b && x == y
            }
            (
                RoleNotAllowed {
                    state: a,
                    event: x,
                    role: r,
                    allowed: l,
                },
                RoleNotAllowed {
                    state: b,
                    event: y,
                    role: s,
                    allowed: m,
                },
            ) => a == b && x == y && r == s && l == m,
            (
                GuardFailed {
                    state: a,
                    event: x,
                    failed: f,
                },
                GuardFailed {
                    state: b,
                    event: y,
                    failed: g,
                },
            ) => a == b && x == y && f == g,
            (
                NoTimeoutDue {
                    state: a,
                    seconds: x,
                    failed: f,
                },
                NoTimeoutDue {
                    state: b,
                    seconds: y,
                    failed: g,
                },
            ) => a == b && x == y && f == g,
            _ => false,
        }
    }
}
impl<M: Machine> Eq for Rejection<M> {}

impl<M: Machine> fmt::Debug for Rejection<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::FinalState { state } => {
                f.debug_struct("FinalState").field("state", state).finish()
            }
            Rejection::NoTransition { state, event } => f
                .debug_struct("NoTransition")
                .field("state", state)
                .field("event", event)
                .finish(),
            Rejection::RoleNotAllowed {
                state,
                event,
                role,
                allowed,
            } => f
                .debug_struct("RoleNotAllowed")
                .field("state", state)
                .field("event", event)
                .field("role", role)
                .field("allowed", allowed)
                .finish(),
            Rejection::GuardFailed {
                state,
                event,
                failed,
            } => f
                .debug_struct("GuardFailed")
                .field("state", state)
                .field("event", event)
                .field("failed", failed)
                .finish(),
            Rejection::NoTimeoutDue {
                state,
                seconds,
                failed,
            } => f
                .debug_struct("NoTimeoutDue")
                .field("state", state)
                .field("seconds", seconds)
                .field("failed", failed)
                .finish(),
        }
    }
}

fn state_name<M: Machine>(s: M::State) -> String {
    format!("{} ({})", s.label(), s.id())
}
fn event_name<M: Machine>(e: M::EventKind) -> String {
    format!("{} ({})", e.label(), e.id())
}
fn role_name<M: Machine>(r: M::Role) -> String {
    format!("{} ({})", r.label(), r.id())
}
fn guard_name<M: Machine>(g: M::Guard) -> String {
    match M::INFO.guards.get(g.index()).and_then(|i| i.description) {
        Some(d) => format!("`{}` (\"{}\")", g.id(), d),
        None => format!("`{}`", g.id()),
    }
}

impl<M: Machine> Rejection<M> {
    /// Why the step was refused, in plain words with labels and ids, in any language, worded
    /// as `order-fsm simulate` words it (the same catalogue entries):
    /// `rejection.text().render(Lang::Zh)` for a Chinese page. [`Display`](fmt::Display)
    /// writes it in English.
    pub fn text(&self) -> Text {
        let guards = |failed: &GuardList<M>| {
            let mut parts = Vec::new();
            for (i, g) in failed.iter().enumerate() {
                if i > 0 {
                    parts.push(t!(msg::THEN_SEP));
                }
                parts.push(Text::Lit(guard_name::<M>(g)));
            }
            Text::Seq(parts)
        };
        match self {
            Rejection::FinalState { state } => {
                t!(msg::REJECT_FINAL, state = state_name::<M>(*state))
            }
            Rejection::NoTransition { state, event } => t!(
                msg::REJECT_NO_LINE,
                event = event_name::<M>(*event),
                state = state_name::<M>(*state)
            ),
            Rejection::RoleNotAllowed {
                state,
                event,
                role,
                allowed,
            } => t!(
                msg::REJECT_ROLE,
                role = role_name::<M>(*role),
                event = event_name::<M>(*event),
                state = state_name::<M>(*state),
                allowed = Text::Join(
                    allowed
                        .iter()
                        .map(|r| Text::Lit(role_name::<M>(*r)))
                        .collect()
                )
            ),
            Rejection::GuardFailed {
                state,
                event,
                failed,
            } => t!(
                msg::REJECT_GUARD,
                event = event_name::<M>(*event),
                state = state_name::<M>(*state),
                guards = guards(failed)
            ),
            Rejection::NoTimeoutDue {
                state,
                seconds,
                failed,
            } => {
                let after = msg::format_seconds(*seconds);
                if failed.is_empty() {
                    t!(
                        msg::REJECT_NO_TIMEOUT,
                        state = state_name::<M>(*state),
                        after = after
                    )
                } else {
                    t!(
                        msg::REJECT_TIMEOUT_GUARD,
                        state = state_name::<M>(*state),
                        after = after,
                        guards = guards(failed)
                    )
                }
            }
        }
    }
}

impl<M: Machine> fmt::Display for Rejection<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl<M: Machine> std::error::Error for Rejection<M> {}

impl<M: Machine, E: fmt::Debug> fmt::Debug for FireError<M, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FireError::Rejected(r) => f.debug_tuple("Rejected").field(r).finish(),
            FireError::Action {
                action,
                transition,
                error,
            } => f
                .debug_struct("Action")
                .field("action", action)
                .field("transition", transition)
                .field("error", error)
                .finish(),
        }
    }
}

impl<M: Machine, E: fmt::Display> FireError<M, E> {
    /// What went wrong, in any language; the action's own error is shown as it displays.
    pub fn text(&self) -> Text {
        match self {
            FireError::Rejected(r) => r.text(),
            FireError::Action {
                action,
                transition,
                error,
            } => t!(
                msg::RUNTIME_ACTION_FAILED,
                action = action.id(),
                transition = transition.text(),
                error = error.to_string()
            ),
        }
    }
}

impl<M: Machine, E: fmt::Display> fmt::Display for FireError<M, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl<M: Machine, E: std::error::Error + 'static> std::error::Error for FireError<M, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FireError::Rejected(_) => None,
            FireError::Action { error, .. } => Some(error),
        }
    }
}

impl<M: Machine, E: PartialEq> PartialEq for FireError<M, E> {
    fn eq(&self, o: &Self) -> bool {
        match (self, o) {
            (FireError::Rejected(a), FireError::Rejected(b)) => a == b,
            (
                FireError::Action {
                    action: a,
                    transition: t,
                    error: e,
                },
                FireError::Action {
                    action: b,
                    transition: u,
                    error: d,
                },
            ) => a == b && t == u && e == d,
            _ => false,
        }
    }
}

impl<S: fmt::Debug, M: Machine, E: fmt::Debug> fmt::Debug for Refused<S, M, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refused")
            .field("state", &self.state)
            .field("error", &self.error)
            .finish()
    }
}

impl<S, M: Machine, E: fmt::Display> Refused<S, M, E> {
    /// Why the call was refused, in any language.
    pub fn text(&self) -> Text {
        self.error.text()
    }
}

impl<S, M: Machine, E: fmt::Display> fmt::Display for Refused<S, M, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<S: fmt::Debug, M: Machine, E: std::error::Error + 'static> std::error::Error
    for Refused<S, M, E>
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl<M: Machine, D> fmt::Debug for WrongState<M, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrongState")
            .field("expected", &self.expected)
            .field("found", &self.found)
            .finish_non_exhaustive()
    }
}

impl<M: Machine, D> WrongState<M, D> {
    /// The mismatch in words, in any language.
    pub fn text(&self) -> Text {
        t!(
            msg::RUNTIME_WRONG_STATE,
            expected = state_name::<M>(self.expected),
            found = state_name::<M>(self.found)
        )
    }
}

impl<M: Machine, D> fmt::Display for WrongState<M, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl<M: Machine, D> std::error::Error for WrongState<M, D> {}

impl<M: Machine> fmt::Debug for Timeout<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timeout")
            .field("seconds", &self.seconds)
            .field("written", &self.written)
            .field("label", &self.label)
            .field("target", &self.target)
            .field("guard", &self.guard)
            .field("actions", &self.actions)
            .field("line", &self.line)
            .finish()
    }
}

impl<M: Machine> fmt::Debug for Context<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("event", &self.event)
            .field("actor", &self.actor)
            .field("elapsed", &self.elapsed)
            .field("line", &self.line)
            .finish()
    }
}

/// A string that is not the id of any state (event, role, …) of the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseIdError {
    /// `state`, `event`, `role`, `guard` or `action`.
    pub what: &'static str,
    pub found: String,
}

impl ParseIdError {
    pub fn new(what: &'static str, found: &str) -> Self {
        ParseIdError {
            what,
            found: found.to_string(),
        }
    }
}

impl ParseIdError {
    /// The error in words, in any language.
    pub fn text(&self) -> Text {
        let what = match self.what {
            "state" => t!(msg::KIND_STATE),
            "event" => t!(msg::KIND_EVENT),
            "role" => t!(msg::KIND_ROLE),
            "guard" => t!(msg::KIND_GUARD),
            "action" => t!(msg::KIND_ACTION),
            other => Text::Lit(other.to_string()),
        };
        t!(
            msg::RUNTIME_UNKNOWN_ID,
            what = what,
            found = self.found.as_str()
        )
    }
}

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl std::error::Error for ParseIdError {}
