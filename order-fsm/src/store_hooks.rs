//! How a store calls a machine's guards and actions.
//!
//! For each machine the derive generates, beside the in-memory hooks trait (`OrderHooks`),
//! its store variant (`OrderStoreHooks<X>`): the same methods, one per guard and one per
//! action and none with a default, each given `x`, what the store passes with the call (in
//! `order-fsm-store`, its `Call`: the transaction and the order), and each free to fail.
//! A guard the spec gains is a compile error in every store service until it is written.
//!
//! The derive also implements [`StoreDispatch`] on the machine type for every type that
//! implements that trait: the `match` from a guard or action to its method is generated, so
//! no service writes one (and none can fall through a catch-all arm).

use crate::{Context, Machine};

/// The error a store hook returns: any error, kept as the store error's source.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// Where an action ran, as its store hook answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placement {
    /// The hook did the work itself, inside the transaction (a write to the service's own
    /// tables): a failure rolls the whole transition back.
    InTransaction,
    /// The hook did nothing: the store writes an outbox row, delivered after the commit, at
    /// least once (a message, a call to another service).
    Outbox,
}

/// The guards and actions of machine `Self` answered by hooks `H`, given `x`: implemented by
/// the derive for every `H` that implements the machine's store hooks trait.
pub trait StoreDispatch<X: ?Sized, H: ?Sized>: Machine {
    /// Ask `guard`.
    fn guard(
        hooks: &mut H,
        x: &mut X,
        guard: Self::Guard,
        ctx: &Context<'_, Self>,
    ) -> Result<bool, HookError>;
    /// Run `action`, or say it goes to the outbox.
    fn action(
        hooks: &mut H,
        x: &mut X,
        action: Self::Action,
        ctx: &Context<'_, Self>,
    ) -> Result<Placement, HookError>;
}

/// A machine's store hooks written once for any machine, answering by the guard and action
/// enums: for generic code (tests, tools) through the derive's adapter
/// `impl OrderStoreHooks<X> for Generic<T>`. A service writes the machine's own trait, whose
/// methods the compiler checks one by one.
pub trait GenericStoreHooks<M: Machine, X: ?Sized> {
    /// Ask `guard`.
    fn guard(
        &mut self,
        x: &mut X,
        guard: M::Guard,
        ctx: &Context<'_, M>,
    ) -> Result<bool, HookError>;
    /// Run `action`, or say it goes to the outbox.
    fn action(
        &mut self,
        x: &mut X,
        action: M::Action,
        ctx: &Context<'_, M>,
    ) -> Result<Placement, HookError>;
}
