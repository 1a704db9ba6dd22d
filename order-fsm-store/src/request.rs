//! The calls on one order, as requests: built with named options, then run on a connection
//! (a transaction of their own) or inside the caller's transaction.
//!
//! ```text
//! store.fire(&id, &event).by(role).idempotency_key(k).retry(policy).run(&mut conn, &mut hooks)
//! store.create(&id).run(&mut conn, &mut hooks)
//! store.read(&id).history(&mut conn)
//! ```

use order_fsm::plan::Permitted;
use order_fsm::Machine;

use crate::db::{Connection, Exec, InTransaction, Tx};
use crate::read::{LogEntry, OrderView, TimerRow};
use crate::{Hooks, Id, OrderKey, OutboxRow, Outcome, Payload, Retry, Store, StoreError};

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// A request to fire `event` at order `id`: by a trusted caller (role checks skipped),
    /// without an idempotency key, tried once, until said otherwise.
    pub fn fire<'a>(&'a self, id: &'a Id<K>, event: &'a M::Event) -> Fire<'a, M, K> {
        Fire {
            store: self,
            id,
            event,
            actor: None,
            key: None,
        }
    }

    /// A request to create order `id` in the initial state, with the initial state's timers.
    pub fn create<'a>(&'a self, id: &'a Id<K>) -> Create<'a, M, K> {
        Create { store: self, id }
    }

    /// The reads of order `id`.
    pub fn read<'a>(&'a self, id: &'a Id<K>) -> Read<'a, M, K> {
        Read {
            store: self,
            id,
            actor: None,
        }
    }
}

/// Fire an event at an order: [`Store::fire`].
#[must_use = "a request does nothing until `run` or `run_in`"]
pub struct Fire<'a, M: Machine, K: OrderKey> {
    store: &'a Store<M, K>,
    id: &'a Id<K>,
    event: &'a M::Event,
    actor: Option<M::Role>,
    key: Option<&'a str>,
}

impl<'a, M: Machine, K: OrderKey> Fire<'a, M, K>
where
    M::Event: Payload,
{
    /// Fired by `role`: lines limited to other roles refuse it.
    pub fn by(mut self, role: M::Role) -> Self {
        self.actor = Some(role);
        self
    }

    /// Fired by `actor`, or by a trusted caller when `None` (role checks skipped): for a
    /// role read from a request.
    pub fn actor(mut self, actor: Option<M::Role>) -> Self {
        self.actor = actor;
        self
    }

    /// Under an idempotency key: the outcome of the first delivery of this key, accepted or
    /// refused, is recorded with the whole request (event, payload, actor), and a second
    /// delivery, also a concurrent one, gets it back marked `duplicate`. A different request
    /// under the same key is [`StoreError::IdempotencyMismatch`]. At most
    /// [`MAX_KEY_BYTES`](crate::MAX_KEY_BYTES) bytes.
    pub fn idempotency_key(mut self, key: &'a str) -> Self {
        self.key = Some(key);
        self
    }

    /// Try again after a conflict or a busy database, as `policy` says. Each attempt is a
    /// transaction of its own that reads the order again, so a retried request can only
    /// [`run`](Retrying::run) on a connection, never inside the caller's transaction.
    pub fn retry(self, policy: Retry) -> Retrying<'a, M, K> {
        Retrying { fire: self, policy }
    }

    /// Run in a transaction of its own on `conn`: committed when it returns `Ok`, rolled
    /// back otherwise (a hook that panics included; the panic then goes on).
    pub fn run<C, H>(&self, conn: &mut C, hooks: &mut H) -> Result<Outcome<M>, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        self.store.apply(
            conn, self.id, self.event, self.actor, self.key, hooks, false,
        )
    }

    /// Run inside the caller's transaction `tx`, so the order changes together with the
    /// caller's own rows. The caller commits; after an error it must roll back (dropping a
    /// [`Tx`](crate::Tx) or the driver's transaction does).
    pub fn run_in<T, H>(&self, tx: &mut T, hooks: &mut H) -> Result<Outcome<M>, StoreError>
    where
        T: InTransaction + ?Sized,
        H: Hooks<M, K, T>,
    {
        self.store
            .apply_in(tx, self.id, self.event, self.actor, self.key, hooks)
    }
}

/// A [`Fire`] request tried again after a conflict or a busy database: [`Fire::retry`].
#[must_use = "a request does nothing until `run`"]
pub struct Retrying<'a, M: Machine, K: OrderKey> {
    fire: Fire<'a, M, K>,
    policy: Retry,
}

impl<M: Machine, K: OrderKey> Retrying<'_, M, K>
where
    M::Event: Payload,
{
    /// Run, each attempt in a transaction of its own on `conn`.
    pub fn run<C, H>(&self, conn: &mut C, hooks: &mut H) -> Result<Outcome<M>, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        let f = &self.fire;
        f.store
            .apply_retried(conn, f.id, f.event, f.actor, f.key, hooks, self.policy)
    }
}

/// Create an order: [`Store::create`].
#[must_use = "a request does nothing until `run` or `run_in`"]
pub struct Create<'a, M: Machine, K: OrderKey> {
    store: &'a Store<M, K>,
    id: &'a Id<K>,
}

impl<M: Machine, K: OrderKey> Create<'_, M, K> {
    /// Run in a transaction of its own. [`StoreError::AlreadyExists`] if the id is taken.
    /// `hooks` are the same as for firing events; creating an order asks none of them yet.
    pub fn run<C, H>(&self, conn: &mut C, hooks: &mut H) -> Result<(), StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        let mut tx = Tx::begin(conn)?;
        self.store.create_in(tx.connection(), self.id, hooks)?;
        tx.commit()?;
        Ok(())
    }

    /// Run inside the caller's transaction.
    pub fn run_in<T, H>(&self, tx: &mut T, hooks: &mut H) -> Result<(), StoreError>
    where
        T: InTransaction + ?Sized,
        H: Hooks<M, K, T>,
    {
        self.store.create_in(tx, self.id, hooks)
    }
}

/// The reads of one order: [`Store::read`]. Each takes any connection or transaction.
#[must_use = "a read does nothing until one of its methods runs it"]
pub struct Read<'a, M: Machine, K: OrderKey> {
    store: &'a Store<M, K>,
    id: &'a Id<K>,
    actor: Option<M::Role>,
}

impl<M: Machine, K: OrderKey> Read<'_, M, K> {
    /// Read as `role`: [`Read::permitted_events`] lists only what it may fire.
    pub fn by(mut self, role: M::Role) -> Self {
        self.actor = Some(role);
        self
    }

    /// Read as `actor`, or as a trusted caller when `None`.
    pub fn actor(mut self, actor: Option<M::Role>) -> Self {
        self.actor = actor;
        self
    }

    /// The order's state, version and times; `None` if there is no such order.
    pub fn view<C: Exec + ?Sized>(&self, conn: &mut C) -> Result<Option<OrderView<M>>, StoreError> {
        self.store.load(conn, self.id)
    }

    /// The audit trail, oldest first.
    pub fn history<C: Exec + ?Sized>(&self, conn: &mut C) -> Result<Vec<LogEntry<M>>, StoreError> {
        self.store.history(conn, self.id)
    }

    /// The events the reader may fire in the stored state, each with the guards a decision
    /// would ask (not evaluated).
    pub fn permitted_events<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
    ) -> Result<Vec<Permitted<M>>, StoreError> {
        self.store.permitted_events(conn, self.id, self.actor)
    }

    /// The order's timers (parked ones included), soonest first.
    pub fn timers<C: Exec + ?Sized>(&self, conn: &mut C) -> Result<Vec<TimerRow>, StoreError> {
        self.store.timers(conn, self.id)
    }

    /// The order's outbox rows (delivered, waiting and dead), oldest first.
    pub fn outbox<C: Exec + ?Sized>(&self, conn: &mut C) -> Result<Vec<OutboxRow<K>>, StoreError> {
        self.store.outbox_rows(conn, self.id)
    }
}
