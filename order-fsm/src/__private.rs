//! Used by generated code only; not part of the public API and may change in any release.

pub use core;

pub use crate::meta::Packed;
#[cfg(feature = "serde")]
pub use serde;

// The byte layout of the tables below is `order-fsm-pack`'s: its constants are re-exported
// here, and its readers do the reading.
use order_fsm_pack::table as pack;
pub use order_fsm_pack::table::{
    int_at, str_at, ALL_ROLES, CELL_BYTES, LINE_BYTES, NO_TARGET, NO_TIMEOUTS, OP_FAST, OP_FINAL,
    OP_NONE, OP_SLOW,
};

use crate::runtime::bit;
use crate::Enumerated;
use crate::{
    Cause, Context, EventData, FireError, GenericHooks, GuardList, Machine, Rejection, Timeout,
    Transition,
};

/// The hot part of a cell, decoded from [`Tables::cells`].
#[derive(Clone, Copy)]
pub struct Fast<M: Machine> {
    pub op: u8,
    /// Target of the first candidate (meaningful for `OP_FAST`).
    pub target: M::State,
    /// Roles allowed on the first candidate, one bit per role index (`!0` for any role).
    pub roles: u32,
    /// Line of the first candidate.
    pub line: u32,
    /// Index of the rest of the cell in [`Tables::slow`] (`OP_SLOW` cells only).
    pub slow: u32,
}

/// The rest of a cell, for cells a role, a guard or an action makes `OP_SLOW`.
pub struct Slow<M: Machine> {
    /// Candidate lines, in the order tried.
    pub cands: &'static [u32],
    /// Guard of each candidate.
    pub guards: &'static [Option<M::Guard>],
    /// For each candidate, the slot of its guard among the distinct guards of this cell.
    pub slots: &'static [u8],
    /// Roles that may fire the event here, in the interpreter's order.
    pub allowed: &'static [M::Role],
}

/// Reads a [`Lazy`] table's bytes.
pub type Decoder<T> = fn(&'static [u8]) -> Vec<T>;

/// A table the derive writes as one byte string and the program decodes on first use.
///
/// Written as Rust values (`&[Slow { … }, …]`), a large machine's tables are hundreds of
/// thousands of tokens, which the compiler holds and checks one by one; a byte string is one
/// token. Reading it costs one atomic load after the first time.
pub struct Lazy<T: 'static> {
    bytes: &'static [u8],
    /// `None` for an empty table, so that no decoder is compiled for it.
    decode: Option<Decoder<T>>,
    items: std::sync::OnceLock<&'static [T]>,
}

impl<T> Lazy<T> {
    pub const fn new(bytes: &'static [u8], decode: Decoder<T>) -> Self {
        Lazy {
            bytes,
            decode: Some(decode),
            items: std::sync::OnceLock::new(),
        }
    }

    /// A table with no items.
    pub const fn empty() -> Self {
        Lazy {
            bytes: b"",
            decode: None,
            items: std::sync::OnceLock::new(),
        }
    }

    /// The items, decoded (once per process) and kept for the rest of it.
    #[inline(always)]
    pub fn get(&self) -> &'static [T] {
        match (self.decode, self.items.get()) {
            (None, _) => &[],
            (_, Some(items)) => items,
            (Some(decode), None) => self.decode_now(decode),
        }
    }

    /// Kept out of line: inlined, the one-time decoding would be compiled again into every
    /// caller of [`Lazy::get`], and the dispatch has many.
    #[cold]
    #[inline(never)]
    fn decode_now(&self, decode: Decoder<T>) -> &'static [T] {
        self.items.get_or_init(|| Vec::leak(decode(self.bytes)))
    }
}

/// Values of an enum written as a list of positions in spec order (a [`Lazy`] decoder). A
/// position past the end is skipped: only the derive writes these bytes.
pub fn enums<T: Enumerated>(b: &'static [u8]) -> Vec<T> {
    pack::positions(b).filter_map(T::from_index).collect()
}

/// The [`Slow`] cells (a [`Lazy`] decoder), as `order_fsm_pack::table::slow_cells` reads
/// them. The slices of all cells are cut from four shared pools.
pub fn slow_cells<M: Machine>(b: &'static [u8]) -> Vec<Slow<M>> {
    // (candidates start, count, roles start, count) per cell, into the pools.
    let mut spans = Vec::new();
    let (mut cands, mut guards, mut slots, mut allowed) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for cell in pack::slow_cells(b) {
        let (c0, a0) = (cands.len(), allowed.len());
        for c in cell.candidates() {
            cands.push(u32::try_from(c.line).unwrap_or(u32::MAX));
            guards.push(c.guard.and_then(M::Guard::from_index));
            slots.push(c.slot);
        }
        allowed.extend(cell.allowed().filter_map(M::Role::from_index));
        spans.push((c0, cands.len() - c0, a0, allowed.len() - a0));
    }
    let cands: &'static [u32] = Vec::leak(cands);
    let guards: &'static [Option<M::Guard>] = Vec::leak(guards);
    let slots: &'static [u8] = Vec::leak(slots);
    let allowed: &'static [M::Role] = Vec::leak(allowed);
    spans
        .into_iter()
        .map(|(c, n, a, r)| Slow {
            cands: cands.get(c..c + n).unwrap_or(&[]),
            guards: guards.get(c..c + n).unwrap_or(&[]),
            slots: slots.get(c..c + n).unwrap_or(&[]),
            allowed: allowed.get(a..a + r).unwrap_or(&[]),
        })
        .collect()
}

// Status-code tables, written by the derive as byte strings (a table of `Some(…)` values
// costs the compiler several tokens per state) and read in place: no decoding, no
// allocation. `int_at` and `str_at` read the first code of each state; the searches below
// are in `order-fsm-pack`, not generic over the machine, so they are compiled once, not in
// every crate that derives one.

/// The state with integer code `code`, in tables written by
/// `order_fsm_pack::table::int_keys`.
pub fn by_int<S: Enumerated>(keys: &'static [u8], states: &'static [u8], code: i64) -> Option<S> {
    S::from_index(pack::by_int(keys, states, code)?)
}

/// The state with text code `code`, in tables written by `order_fsm_pack::table::str_keys`.
pub fn by_str<S: Enumerated>(
    text: &'static str,
    spans: &'static [u8],
    states: &'static [u8],
    code: &str,
) -> Option<S> {
    S::from_index(pack::by_str(text, spans, states, code)?)
}

/// One transition line, as the dispatch needs it, decoded from [`Tables::lines`].
pub struct Line<M: Machine> {
    /// `None` for a line that keeps the state.
    pub target: Option<M::State>,
    /// Allowed roles; empty means any.
    pub roles: &'static [M::Role],
    pub actions: &'static [M::Action],
}

/// The timeouts of one state, shortest first.
pub struct StateTimeouts<M: Machine> {
    pub list: &'static [Timeout<M>],
    pub guards: &'static [Option<M::Guard>],
    pub slots: &'static [u8],
}

/// Everything the dispatch reads, built by the derive as `static` data: typed values only
/// where the public API hands out typed slices, byte strings for the rest, so that a large
/// machine costs the compiler a few literals instead of thousands of expressions.
pub struct Tables<M: Machine> {
    pub n_events: usize,
    /// [`CELL_BYTES`] per cell, `state.index() * n_events + event.index()`.
    pub cells: &'static [u8],
    pub slow: Lazy<Slow<M>>,
    /// [`LINE_BYTES`] per transition line.
    pub lines: &'static [u8],
    /// The roles of every line, one after the other.
    pub roles: Lazy<M::Role>,
    /// The actions of every line, one after the other.
    pub actions: Lazy<M::Action>,
    /// A little-endian `u32` per state: its index into `timeouts`, or [`NO_TIMEOUTS`]. Empty
    /// when no state has timeouts.
    pub timeout_index: &'static [u8],
    pub timeouts: &'static [StateTimeouts<M>],
}

impl<M: Machine> Tables<M> {
    /// The hot part of cell `ix`.
    #[inline(always)]
    pub fn cell(&self, ix: usize) -> Option<Fast<M>> {
        let c = pack::Cell::at(self.cells, ix)?;
        Some(Fast {
            op: c.op,
            target: *M::State::ALL.get(c.target as usize)?,
            roles: c.roles,
            line: c.line,
            slow: c.slow,
        })
    }

    /// The rest of cell `ix`, if it has any.
    pub fn slow_cell(&self, ix: usize) -> Option<&'static Slow<M>> {
        self.cell(ix)
            .filter(|c| c.op == OP_SLOW || (c.op == OP_FAST && c.roles != ALL_ROLES))
            .and_then(|c| self.slow.get().get(c.slow as usize))
    }

    /// Transition line `ix`.
    pub fn line(&self, ix: usize) -> Option<Line<M>> {
        let l = pack::line_at(self.lines, ix)?;
        let target = match l.target {
            None => None,
            Some(t) => Some(*M::State::ALL.get(t)?),
        };
        let roles = self.roles.get().get(l.roles)?;
        let actions = self.actions.get().get(l.actions)?;
        Some(Line {
            target,
            roles,
            actions,
        })
    }

    /// The timeouts of state `ix`, if it has any.
    pub fn state_timeouts(&self, ix: usize) -> Option<&'static StateTimeouts<M>> {
        self.timeouts
            .get(pack::timeout_slot(self.timeout_index, ix)?)
    }
}

/// The value with this id: `order` is written by `order_fsm_pack::table::id_order`.
pub fn by_id<T: Enumerated>(id: &str, order: &[u8]) -> Option<T> {
    let at = pack::by_id(order, id, |i| T::ALL.get(i).map(|v| v.id()))?;
    T::ALL.get(at).copied()
}

/// What the dispatch asks the hooks for.
pub enum Hook<M: Machine> {
    Guard(M::Guard),
    Action(M::Action),
}

#[inline(always)]
fn role_in_mask<R: Enumerated>(mask: u32, actor: Option<R>) -> bool {
    match actor {
        // `u32::MAX` is a line open to every role, however many the machine has (the
        // generator never writes it for a list of roles that leaves one out).
        _ if mask == ALL_ROLES => true,
        None => true,
        Some(r) => mask.checked_shr(r.index() as u32).unwrap_or(0) & 1 != 0,
    }
}

#[inline(always)]
fn role_ok<R: Enumerated>(roles: &[R], actor: Option<R>) -> bool {
    match actor {
        None => true,
        Some(r) => roles.is_empty() || roles.contains(&r),
    }
}

/// Decide and apply an event. `call` runs a guard (`Ok(answer)`) or an action.
#[inline(always)]
pub fn fire<M, E, F>(
    state: M::State,
    event: &M::Event,
    actor: Option<M::Role>,
    call: &mut F,
) -> Result<Transition<M>, FireError<M, E>>
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    let kind = event.kind();
    let t = M::__tables();
    let ix = state.index() * t.n_events + kind.index();
    if let Some(c) = t.cell(ix) {
        match c.op {
            OP_FAST if role_in_mask(c.roles, actor) => {
                return Ok(Transition {
                    from: state,
                    to: c.target,
                    cause: Cause::Event(kind),
                    actor,
                    line: c.line as usize,
                })
            }
            OP_FINAL => return Err(FireError::Rejected(Rejection::FinalState { state })),
            OP_NONE => {
                return Err(FireError::Rejected(Rejection::NoTransition {
                    state,
                    event: kind,
                }))
            }
            _ => {}
        }
    }
    fire_slow(ix, state, kind, event, actor, call)
}

#[inline]
fn fire_slow<M, E, F>(
    ix: usize,
    state: M::State,
    kind: M::EventKind,
    event: &M::Event,
    actor: Option<M::Role>,
    call: &mut F,
) -> Result<Transition<M>, FireError<M, E>>
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    let t = M::__tables();
    let no_transition = FireError::Rejected(Rejection::NoTransition { state, event: kind });
    let Some(c) = t.cell(ix) else {
        return Err(no_transition);
    };
    match c.op {
        OP_FINAL => return Err(FireError::Rejected(Rejection::FinalState { state })),
        OP_NONE => return Err(no_transition),
        _ => {}
    }
    let Some(s) = t.slow.get().get(c.slow as usize) else {
        return Err(no_transition);
    };
    let mut any_role = false;
    let mut asked = 0u64;
    let mut answers = 0u64;
    let mut failed = 0u64;
    for (i, &line_ix) in s.cands.iter().enumerate() {
        let Some(line) = t.line(line_ix as usize) else {
            continue;
        };
        if !role_ok(line.roles, actor) {
            continue;
        }
        any_role = true;
        let to = line.target.unwrap_or(state);
        let ctx = Context {
            from: state,
            to,
            event: Some(event),
            actor,
            elapsed: None,
            line: line_ix as usize,
        };
        let guard = s.guards.get(i).copied().flatten();
        let slot = s.slots.get(i).copied().unwrap_or(0) as usize;
        if !ask(
            guard,
            slot,
            i,
            &ctx,
            call,
            &mut asked,
            &mut answers,
            &mut failed,
        ) {
            continue;
        }
        let tr = Transition {
            from: state,
            to,
            cause: Cause::Event(kind),
            actor,
            line: line_ix as usize,
        };
        return run_actions(line.actions, tr, &ctx, call);
    }
    match actor {
        Some(role) if !any_role => Err(FireError::Rejected(Rejection::RoleNotAllowed {
            state,
            event: kind,
            role,
            allowed: s.allowed,
        })),
        _ if !any_role => Err(no_transition),
        _ => Err(FireError::Rejected(Rejection::GuardFailed {
            state,
            event: kind,
            failed: GuardList {
                guards: s.guards,
                mask: failed,
            },
        })),
    }
}

/// Ask a candidate's guard, at most once per guard and attempt.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn ask<M, E, F>(
    guard: Option<M::Guard>,
    slot: usize,
    cand: usize,
    ctx: &Context<'_, M>,
    call: &mut F,
    asked: &mut u64,
    answers: &mut u64,
    failed: &mut u64,
) -> bool
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    let Some(g) = guard else {
        return true;
    };
    let b = bit(slot);
    if *asked & b != 0 {
        return *answers & b != 0;
    }
    let answer = call(Hook::Guard(g), ctx).unwrap_or(false);
    *asked |= b;
    if answer {
        *answers |= b;
    } else {
        *failed |= bit(cand);
    }
    answer
}

#[inline(always)]
fn run_actions<M, E, F>(
    actions: &'static [M::Action],
    tr: Transition<M>,
    ctx: &Context<'_, M>,
    call: &mut F,
) -> Result<Transition<M>, FireError<M, E>>
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    for &action in actions {
        if let Err(error) = call(Hook::Action(action), ctx) {
            return Err(FireError::Action {
                action,
                transition: tr,
                error,
            });
        }
    }
    Ok(tr)
}

/// Let `seconds` pass in `state`: the first due timeout whose guard says yes fires.
/// Reminders due on the way run, each once (this is a fresh entry).
pub fn elapse<M, E, F>(
    state: M::State,
    seconds: u64,
    call: &mut F,
) -> Result<Transition<M>, FireError<M, E>>
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    wait(state, seconds, &mut |_| true, &mut |_, _| {}, call)
}

/// Let `seconds` pass since the entry into `state`, as the interpreter's `wait` does: due
/// timeout lines in order (shortest first; at one delay reminders first); a reminder for
/// which `pending(line)` says yes is decided: it runs its actions when its guard says yes
/// and is handed to `decided` with its transition, or handed to `decided` with `None`
/// when its guard says no; the first leaving line whose guard says yes is taken. Each
/// guard is asked at most once.
pub fn wait<M, E, F>(
    state: M::State,
    seconds: u64,
    pending: &mut dyn FnMut(usize) -> bool,
    decided: &mut dyn FnMut(usize, Option<Transition<M>>),
    call: &mut F,
) -> Result<Transition<M>, FireError<M, E>>
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    let t = M::__tables();
    let is_final = M::INFO.states.get(state.index()).is_none_or(|s| s.is_final);
    if is_final {
        return Err(FireError::Rejected(Rejection::FinalState { state }));
    }
    let Some(tos) = t.state_timeouts(state.index()) else {
        return Err(FireError::Rejected(Rejection::NoTimeoutDue {
            state,
            seconds,
            failed: GuardList::EMPTY,
        }));
    };
    let mut asked = 0u64;
    let mut answers = 0u64;
    let mut failed = 0u64;
    for (i, to) in tos.list.iter().enumerate() {
        if to.seconds > seconds {
            break;
        }
        let reminder = to.target.is_none();
        if reminder && !pending(to.line) {
            continue;
        }
        let ctx = Context {
            from: state,
            to: to.target.unwrap_or(state),
            event: None,
            actor: None,
            elapsed: Some(seconds),
            line: to.line,
        };
        let slot = tos.slots.get(i).copied().unwrap_or(0) as usize;
        if !ask(
            to.guard,
            slot,
            i,
            &ctx,
            call,
            &mut asked,
            &mut answers,
            &mut failed,
        ) {
            if reminder {
                decided(to.line, None);
            }
            continue;
        }
        let tr = Transition {
            from: state,
            to: ctx.to,
            cause: Cause::Timeout,
            actor: None,
            line: to.line,
        };
        let tr = run_actions(to.actions, tr, &ctx, call)?;
        if reminder {
            decided(to.line, Some(tr));
            continue;
        }
        return Ok(tr);
    }
    Err(FireError::Rejected(Rejection::NoTimeoutDue {
        state,
        seconds,
        failed: GuardList {
            guards: tos.guards,
            mask: failed,
        },
    }))
}

/// Fire a due timeout only while the order is still in the state the timer was armed in.
pub fn on_timeout<M, E, F>(
    state: M::State,
    armed_in: M::State,
    elapsed: u64,
    call: &mut F,
) -> Result<Option<Transition<M>>, FireError<M, E>>
where
    M: Machine,
    F: FnMut(Hook<M>, &Context<'_, M>) -> Result<bool, E>,
{
    if state != armed_in {
        return Ok(None);
    }
    match elapse(state, elapsed, call) {
        Ok(t) => Ok(Some(t)),
        Err(FireError::Rejected(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The timeouts of a state, shortest first.
#[inline]
pub fn timeouts<M: Machine>(state: M::State) -> &'static [Timeout<M>] {
    M::__tables()
        .state_timeouts(state.index())
        .map_or(&[], |t| t.list)
}

/// Whether `actor` may fire `event` in `state`, guards not asked.
#[inline]
pub fn can_fire<M: Machine>(state: M::State, event: M::EventKind, actor: Option<M::Role>) -> bool {
    let t = M::__tables();
    let ix = state.index() * t.n_events + event.index();
    let Some(c) = t.cell(ix) else {
        return false;
    };
    match c.op {
        OP_FINAL | OP_NONE => false,
        OP_FAST if role_in_mask(c.roles, actor) => true,
        _ => t.slow.get().get(c.slow as usize).is_some_and(|s| {
            s.cands.iter().any(|&l| {
                t.line(l as usize)
                    .is_some_and(|line| role_ok(line.roles, actor))
            })
        }),
    }
}

/// The events `actor` may fire in `state`, in event order.
pub fn permitted_events<M: Machine>(
    state: M::State,
    actor: Option<M::Role>,
) -> impl Iterator<Item = M::EventKind> {
    M::EventKind::ALL
        .iter()
        .copied()
        .filter(move |&e| can_fire::<M>(state, e, actor))
}

/// The guards that said no: bit `i` of `mask` stands for `guards[i]`.
#[inline]
pub fn guard_list<M: Machine>(guards: &'static [Option<M::Guard>], mask: u64) -> GuardList<M> {
    GuardList { guards, mask }
}

/// Route a dispatch call to [`GenericHooks`].
#[inline]
pub fn generic_call<M: Machine, H: GenericHooks<M> + ?Sized>(
    hooks: &mut H,
    call: Hook<M>,
    ctx: &Context<'_, M>,
) -> Result<bool, H::Error> {
    match call {
        Hook::Guard(g) => Ok(hooks.guard(g, ctx)),
        Hook::Action(a) => hooks.action(a, ctx).map(|()| true),
    }
}

/// Wraps an item in serde derives when the `serde` feature of `order-fsm` is on.
#[cfg(feature = "serde")]
#[macro_export]
#[doc(hidden)]
macro_rules! __serde_derive {
    ($($item:tt)*) => {
        #[derive($crate::__private::serde::Serialize, $crate::__private::serde::Deserialize)]
        #[serde(crate = "::order_fsm::__private::serde")]
        $($item)*
    };
}

/// Without the `serde` feature the item is left as it is.
#[cfg(not(feature = "serde"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __serde_derive {
    ($($item:tt)*) => {
        $($item)*
    };
}

pub use crate::__serde_by_id as serde_by_id;
pub use crate::__serde_derive as serde_derive;

/// Serialize a fieldless generated enum as its id.
#[cfg(feature = "serde")]
pub fn serialize_id<T: Enumerated, S: serde::Serializer>(v: T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.id())
}

/// Deserialize a fieldless generated enum from its id.
#[cfg(feature = "serde")]
pub fn deserialize_id<'de, T: Enumerated, D: serde::Deserializer<'de>>(
    d: D,
    what: &'static str,
) -> Result<T, D::Error> {
    struct V<T>(&'static str, core::marker::PhantomData<T>);
    impl<T: Enumerated> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            write!(f, "the id of a {}", self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            T::from_id(v).ok_or_else(|| E::custom(crate::ParseIdError::new(self.0, v)))
        }
    }
    d.deserialize_str(V(what, core::marker::PhantomData))
}

/// `Serialize` and `Deserialize` by id for a fieldless generated enum, when the `serde`
/// feature of `order-fsm` is on.
#[cfg(feature = "serde")]
#[macro_export]
#[doc(hidden)]
macro_rules! __serde_by_id {
    ($t:ty, $what:literal) => {
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_id(*self, s)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_id(d, $what)
            }
        }
    };
}

#[cfg(not(feature = "serde"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __serde_by_id {
    ($t:ty, $what:literal) => {};
}
