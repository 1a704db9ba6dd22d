//! Order lifecycles from one spec file.
//!
//! A spec file (`specs/order.fsm`) says which states an order has, which events move it,
//! who may fire them, which guards decide and which actions run. `#[derive(StateMachine)]`
//! reads it at compile time, checks it exactly as `order-fsm check` does, and generates
//! type-safe Rust for it:
//!
//! ```ignore
//! use order_fsm::StateMachine;
//!
//! #[derive(StateMachine)]
//! #[fsm(spec = "specs/order.fsm", machine = "Order")]
//! pub struct Order;
//! ```
//!
//! The path is relative to the crate's `Cargo.toml`; `machine` is needed only when the
//! file defines several machines. Editing the spec rebuilds the crate. A mistake in the
//! spec stops compilation with the same message `order-fsm check` prints, pointing at
//! `file:line:col`.
//!
//! A third key, `typestate = true` or `false`, turns the typestate API on or off. Without
//! it, the API is generated for machines of up to 256 transition lines; larger machines get
//! the dynamic API only (the typestate API adds one method per line to the build; for a
//! 1000-line machine it more than doubled the crate's release build time).
//!
//! The spec's warnings (an unreachable state, a missing label, …) become compiler warnings
//! at the `spec = "…"` literal, one per warning code, each with the first ten in the text
//! `order-fsm check` prints (file, line, column), then how many more. Like any warning,
//! `-D warnings` (`RUSTFLAGS="-D warnings"`, `cargo clippy -- -D warnings` or
//! `#![deny(warnings)]`) makes them errors. `warnings = "allow"` silences them all,
//! `allow = ["W0005", "W0001"]` the codes listed.
//!
//! `lang = "zh"` reports the spec's errors and warnings in Chinese (`"en"`: English). Without
//! it the `ORDER_FSM_LANG` environment variable of the build is the default, then English.
//! Cargo cannot know that the derive reads that variable (`proc_macro::tracked_env` is not
//! stable), so changing it rebuilds nothing by itself; a build script with
//! `println!("cargo:rerun-if-env-changed=ORDER_FSM_LANG");` makes cargo rebuild the crate,
//! and so run the derive again, when it changes.
//!
//! Any name the spec accepts compiles: Rust keywords become raw identifiers (`event Return`
//! has the method `r#return()`), while every id the code writes out (serde, `Debug`,
//! `FromStr`, metadata) stays the spec's name.
//!
//! # What is generated, for `struct Order`
//!
//! | item | what it is |
//! |---|---|
//! | `OrderState` | the states: `Copy`, one byte, `label()`, `doc()`, `is_final()`, status codes, `Display` (label), `FromStr` (id), serde by id |
//! | `OrderEvent` | the events, each variant carrying its typed payload fields |
//! | `OrderEventKind` | the events without payload, for `can_fire` and UI buttons |
//! | `OrderRole` | the roles that may fire events |
//! | `OrderGuard`, `OrderAction` | the guards and actions, with their descriptions |
//! | `OrderHooks` | a trait with one method per guard and per action, none with a default body |
//! | `order_states` | the typestate API: one type per state, one method per event valid there |
//! | `OrderTypestate` | any typestate value, for checked conversion from the dynamic form |
//! | `impl Machine for Order` | static metadata ([`MachineInfo`]) and the dispatch tables |
//!
//! Names are made from the struct's name: `Order` gives `OrderState`, `order_states`, …
//!
//! For every other system whose codes the spec lists (`codes legacy "旧订单系统"`),
//! `OrderState` also has `to_legacy()` (the state's code there: `i64` or `&'static str`, an
//! `Option` of it when some state has none), `from_legacy(code)` returning
//! `Option<`[`Lookup`]`<OrderState>>` (`Lookup::Many` for a code several states share, so
//! that no caller silently picks one) and `legacy_codes()` (every code the state accepts).
//!
//! # The dynamic API
//!
//! `OrderState::fire(&event, actor, &mut hooks)` decides an event exactly as the reference interpreter
//! (`order_fsm_core::interp`) does:
//! 1. a final state accepts nothing ([`Rejection::FinalState`]);
//! 2. no line for this state and event: [`Rejection::NoTransition`];
//! 3. lines exist but none lets this role fire it: [`Rejection::RoleNotAllowed`] with the
//!    roles that could (a `None` actor is a trusted caller and passes role checks);
//! 4. candidate lines are tried in order (lines naming the state, then `any -> …` lines);
//!    the first without a guard or whose guard says yes is taken, each guard asked at most
//!    once; else [`Rejection::GuardFailed`] naming every guard that said no.
//!
//! Then the line's actions run in order. An action that fails stops the rest and the call
//! returns [`FireError::Action`]: the caller's state value is unchanged, because states are
//! plain `Copy` values and the new state is only ever returned in the [`Transition`].
//!
//! # Timeouts
//!
//! `after 30m` lines are data: `OrderState::timeouts()` lists each timeout of a state
//! ([`Timeout`]: delay, target, guard, actions), shortest first, for a scheduler to arm.
//! When one falls due, `state.on_timeout(armed_in, elapsed, &mut hooks)` fires it only if
//! the order is still in the state the timer was armed in, so delivering it twice, or after
//! the buyer already paid, does nothing.
//!
//! # Lines without a target
//!
//! A spec line written without `-> Target` keeps the order in its state: a **reminder**
//! (`Created after 25m "付款提醒" then remind_buyer`) runs its actions once per entry into the
//! state and restarts no timer; an event line without a target runs its actions and keeps
//! the entry. [`Transition::stays`] tells such a step from a re-entry (`A -> A`, which is a
//! new entry whose timers start again). **API change:** [`TransitionInfo::target`] and
//! [`Timeout::target`] are `Option`s, `None` for such lines (they were plain values). The
//! generated `elapse` and `on_timeout` know nothing of earlier decisions, so they run the
//! reminders due on the way every time; a scheduler that must run each reminder once per
//! entry uses [`plan`] (`fire_timer`, `decide_wait`), as `order-fsm-store` does.

#![forbid(unsafe_code)]

pub mod meta;
/// The message catalogue (`order-fsm-msg`): every text of the runtime, the checker and the
/// store in English and Chinese. `rejection.text().render(msg::Lang::Zh)` shows a refusal
/// in Chinese.
pub use order_fsm_msg as msg;
#[cfg(feature = "serde")]
pub mod json;
pub mod plan;
mod runtime;
pub mod store_hooks;

#[doc(hidden)]
pub mod __private;

pub use meta::{
    ActionInfo, Code, CodeSystemInfo, EventInfo, FieldInfo, GuardInfo, Lookup, MachineInfo,
    RoleInfo, StateInfo, SystemCodesInfo, Table, TransitionInfo, TriggerInfo, Unpack,
};
pub use order_fsm_macros::StateMachine;
pub use runtime::{
    Cause, Context, FireError, Generic, GenericHooks, GuardList, NoHooks, ParseIdError, Refused,
    Rejection, Timeout, Transition, WrongState,
};
pub use store_hooks::{GenericStoreHooks, HookError, Placement, StoreDispatch};

use core::fmt::Debug;
use core::hash::Hash;

/// A generated fieldless enum (states, event kinds, roles, guards, actions): numbered in
/// spec order from 0, named by its spec id.
pub trait Enumerated: Copy + Eq + Ord + Hash + Debug + Send + Sync + 'static {
    /// Every value, in spec order.
    const ALL: &'static [Self];
    /// Position in spec order.
    fn index(self) -> usize;
    /// The id as written in the spec.
    fn id(self) -> &'static str;
    /// The human name: label (or description), else the id.
    fn label(self) -> &'static str;
    /// The value at this position.
    fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }
    /// The value with this id.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }
}

/// A generated event enum: each variant carries its payload.
pub trait EventData: Debug {
    /// The fieldless twin of the event enum.
    type Kind: Enumerated;
    /// Which event this is.
    fn kind(&self) -> Self::Kind;
}

/// Implemented by `#[derive(StateMachine)]` on the struct that names the machine.
pub trait Machine: Sized + 'static {
    type State: Enumerated;
    type Event: EventData<Kind = Self::EventKind>;
    type EventKind: Enumerated;
    type Role: Enumerated;
    type Guard: Enumerated;
    type Action: Enumerated;
    /// Everything the spec says, as static data.
    const INFO: &'static MachineInfo;
    /// The initial state.
    const INITIAL: Self::State;
    #[doc(hidden)]
    fn __tables() -> &'static __private::Tables<Self>;
}

/// Decide and apply `event` in `state` for any generated machine, with hooks given as a
/// [`GenericHooks`] implementation. The generated `fire` methods are the typed form of this.
pub fn fire<M: Machine, H: GenericHooks<M>>(
    state: M::State,
    event: &M::Event,
    actor: Option<M::Role>,
    hooks: &mut H,
) -> Result<Transition<M>, FireError<M, H::Error>> {
    __private::fire::<M, H::Error, _>(state, event, actor, &mut |call, ctx| {
        __private::generic_call(hooks, call, ctx)
    })
}

/// Let `seconds` pass in `state` for any generated machine: fires the first due timeout
/// whose guard says yes.
pub fn elapse<M: Machine, H: GenericHooks<M>>(
    state: M::State,
    seconds: u64,
    hooks: &mut H,
) -> Result<Transition<M>, FireError<M, H::Error>> {
    __private::elapse::<M, H::Error, _>(state, seconds, &mut |call, ctx| {
        __private::generic_call(hooks, call, ctx)
    })
}

/// Whether `actor` may fire `event` in `state` (guards not asked).
pub fn can_fire<M: Machine>(state: M::State, event: M::EventKind, actor: Option<M::Role>) -> bool {
    __private::can_fire::<M>(state, event, actor)
}
