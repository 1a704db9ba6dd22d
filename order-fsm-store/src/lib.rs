//! Orders of an order-fsm machine stored in SQLite or PostgreSQL.
//!
//! The schema comes from the spec (`order-fsm-sql`, the same generator as `order-fsm sql`),
//! and the decisions come from the runtime (`order_fsm::plan`): the store only stores. What
//! it guarantees, for any number of threads, processes and machines sharing one database:
//!
//! - **one winner**: a transition is a compare-and-set on the order's status and version;
//!   of two concurrent writers one commits, the other gets [`StoreError::Conflict`] (and
//!   retries with [`Fire::retry`] if it wants);
//! - **no double application**: an idempotency key records the outcome of its first
//!   delivery, accepted or rejected; a second delivery, also a concurrent one, gets the same
//!   outcome, and another request under the same key is [`StoreError::IdempotencyMismatch`];
//! - **an audit log** with one row per transition, numbered without gaps;
//! - **durable timers** keyed by the entry into the state (the order's version), fired by a
//!   [`TimerWorker`]: a timer of an entry that ended never fires;
//! - **side effects after the commit**: each action runs either inside the transaction (a
//!   failure rolls everything back) or from the outbox, delivered at least once by an
//!   [`OutboxRelay`].
//!
//! Calls on an order are requests ([`Store::fire`], [`Store::create`], [`Store::read`]),
//! run on a connection in a transaction of their own, or inside the caller's transaction
//! ([`InTransaction`]: a plain connection does not compile there).
//!
//! Everything is synchronous. From async code, run the calls on a blocking thread
//! (`tokio::task::spawn_blocking`), one connection per thread. The backends are the features
//! `sqlite` and `postgres`, both on by default.
//!
//! See `docs/store.md` for the protocol step by step.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use order_fsm::msg::{self, t, Lang, Text};
use order_fsm::{Context, Enumerated, Machine, StoreDispatch};
use order_fsm_sql::StatusValue;

mod apply;
mod call;
pub mod db;
mod key;
mod metrics;
mod outbox;
#[cfg(feature = "postgres")]
pub mod postgres;
mod read;
mod refuse;
mod request;
mod retry;
mod runner;
mod sql;
#[cfg(feature = "sqlite")]
pub mod sqlite;
mod timers;
mod unreadable;

pub use call::{Call, FromRow, FromValue};
pub use db::{Connection, DbError, DbErrorKind, Dialect, Exec, InTransaction, Tx, Value};
pub use key::{Id, OrderKey};
pub use metrics::{Metrics, MetricsSnapshot};
pub use order_fsm_sql::{KeyType, Layout, Options, StatusType};
pub use outbox::{OutboxConfig, OutboxMessage, OutboxRow, Publisher, RelayReport};
#[cfg(feature = "postgres")]
pub use postgres::PgConn;
pub use read::{LogEntry, OrderView, Status, TimerRow};
pub use request::{Create, Fire, Read, Retrying};
pub use retry::Retry;
pub use runner::{Health, OutboxRelay, RunnerHandle, RunnerPanicked, TimerWorker};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteConn;
pub use timers::{ParkedTimer, TimerConfig, TimerReport, TimersReconciled};

use sql::Queries;

/// The store's clock: UTC milliseconds since the Unix epoch.
///
/// It is the application's clock, not the database's: entry times, due times and the
/// scans of the timer worker all read it. Instances sharing a database should keep their
/// clocks in sync (NTP); a skew of `s` makes a timer fire up to `s` early or late, and
/// never fires a timer of an entry that ended.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    }
}

/// A clock that moves only when told to, for tests and simulations.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start_ms: i64) -> Self {
        ManualClock(AtomicI64::new(start_ms))
    }
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst)
    }
    pub fn advance_secs(&self, secs: u64) {
        self.0
            .fetch_add((secs as i64).saturating_mul(1000), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub use order_fsm::{HookError, Placement};

/// Hooks the store can run for machine `M` with orders keyed by `K` on `C`: every type that
/// implements the machine's generated store hooks trait (`OrderStoreHooks<Call<'_, C, K>>`).
/// Implemented by the store for those types; never written by hand.
pub trait Hooks<M: Machine, K, C: ?Sized> {
    /// Ask a guard.
    fn guard(
        &mut self,
        tx: &mut C,
        order: &Id<K>,
        guard: M::Guard,
        ctx: &Context<'_, M>,
    ) -> Result<bool, HookError>;
    /// Run an action, or learn that it goes to the outbox.
    fn action(
        &mut self,
        tx: &mut C,
        order: &Id<K>,
        action: M::Action,
        ctx: &Context<'_, M>,
    ) -> Result<Placement, HookError>;
}

impl<M, K, C, H> Hooks<M, K, C> for H
where
    M: Machine + for<'a> StoreDispatch<Call<'a, C, K>, H>,
    C: ?Sized,
    H: ?Sized,
{
    fn guard(
        &mut self,
        tx: &mut C,
        order: &Id<K>,
        guard: M::Guard,
        ctx: &Context<'_, M>,
    ) -> Result<bool, HookError> {
        M::guard(self, &mut Call { tx, order }, guard, ctx)
    }
    fn action(
        &mut self,
        tx: &mut C,
        order: &Id<K>,
        action: M::Action,
        ctx: &Context<'_, M>,
    ) -> Result<Placement, HookError> {
        M::action(self, &mut Call { tx, order }, action, ctx)
    }
}

/// Guards answered by a closure, every action delivered from the outbox: for tests and
/// tools, through `order_fsm::Generic(GuardFn(|guard, ctx| …))`. A service implements its
/// machine's store hooks trait instead, one method per guard and action.
pub struct GuardFn<F>(pub F);

impl<M, X, F> order_fsm::GenericStoreHooks<M, X> for GuardFn<F>
where
    M: Machine,
    X: ?Sized,
    F: FnMut(M::Guard, &Context<'_, M>) -> bool,
{
    fn guard(
        &mut self,
        _: &mut X,
        guard: M::Guard,
        ctx: &Context<'_, M>,
    ) -> Result<bool, HookError> {
        Ok((self.0)(guard, ctx))
    }
    fn action(
        &mut self,
        _: &mut X,
        _: M::Action,
        _: &Context<'_, M>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
}

/// Event payloads as JSON, for the log and the outbox. With the `serde` feature (on by
/// default) every generated event is serialized with `serde_json`; without it, payloads are
/// stored as NULL and the log keeps only the event's id.
pub trait Payload {
    fn to_json(&self) -> Option<String>;
    /// What JSON or the database would change in this payload (a NaN, a NUL character),
    /// refused as [`StoreError::Invalid`] before anything is written.
    fn problem(&self) -> Option<Text> {
        None
    }
}

#[cfg(feature = "serde")]
impl<T: serde::Serialize + ?Sized> Payload for T {
    fn to_json(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }
    fn problem(&self) -> Option<Text> {
        refuse::payload_problem(self)
    }
}

#[cfg(not(feature = "serde"))]
impl<T: ?Sized> Payload for T {
    fn to_json(&self) -> Option<String> {
        None
    }
}

/// Why a store call failed. Nothing was written: the transaction was rolled back (or, for
/// the `run_in` calls, must be rolled back by the caller).
///
/// New kinds of failure may be added: match with a `_` arm. The words for each, in English
/// and Chinese, come from [`StoreError::text`]; the database's own error is
/// [`source`](std::error::Error::source), with its SQLSTATE in [`StoreError::sqlstate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// No order with this id.
    NotFound { order: String },
    /// `create` for an id that exists.
    AlreadyExists { order: String },
    /// Another writer changed the order between the read and the write. Retryable.
    Conflict { order: String },
    /// The database is locked by another writer (SQLite busy timeout) or the server gave
    /// up the transaction (PostgreSQL serialization failure, deadlock). Retryable.
    Busy(DbError),
    /// This idempotency key was first used for another request: another event, payload or
    /// actor. `recorded` and `given` describe the two requests.
    IdempotencyMismatch {
        order: String,
        key: String,
        recorded: Text,
        given: Text,
    },
    /// A guard returned an error.
    Guard {
        guard: &'static str,
        error: HookFailure,
    },
    /// An in-transaction action failed; the transition was rolled back.
    Action {
        action: &'static str,
        error: HookFailure,
    },
    /// A value the database would store changed or not at all (a NaN in the payload, a NUL
    /// character, an idempotency key over [`MAX_KEY_BYTES`]), refused before anything was
    /// written, the same on every database. `what` says which.
    Invalid { order: String, what: Text },
    /// A stored value the spec does not know (a status code, an event id); `what` says
    /// which, in any language (`what.render(Lang::En)`).
    Unknown { order: String, what: Text },
    /// The store was built for one dialect and given a connection of the other.
    WrongDialect { store: Dialect, connection: Dialect },
    /// The schema could not be generated for these options.
    Schema(String),
    /// The database refused or failed (read-only, full, connection lost, …).
    Db(DbError),
}

/// The error a guard or an action returned, kept as its [`source`](std::error::Error::source).
/// Two are equal when their messages are.
#[derive(Clone)]
pub struct HookFailure(Arc<dyn std::error::Error + Send + Sync>);

impl HookFailure {
    pub fn new(e: HookError) -> Self {
        HookFailure(Arc::from(e))
    }
    /// The hook's own error.
    pub fn get(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Debug for HookFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for HookFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl PartialEq for HookFailure {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for HookFailure {}

/// The longest idempotency key the store takes, in bytes (UTF-8). A longer one is
/// [`StoreError::Invalid`] on every database (PostgreSQL's index could not hold a key much
/// longer than this).
pub const MAX_KEY_BYTES: usize = 255;

impl StoreError {
    /// Whether trying the same call again may succeed: a conflict or a busy database. A
    /// unique violation is not (the store turns a concurrent delivery of the same key into
    /// a `Conflict` itself; any other one would fail again).
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Conflict { .. } | StoreError::Busy(_))
    }

    /// The database's error, when the database failed.
    pub fn db_error(&self) -> Option<&DbError> {
        match self {
            StoreError::Busy(e) | StoreError::Db(e) => Some(e),
            _ => None,
        }
    }

    /// The SQLSTATE the database reported (PostgreSQL), e.g. `40001` for a serialization
    /// failure.
    pub fn sqlstate(&self) -> Option<&str> {
        self.db_error().and_then(DbError::sqlstate)
    }
}

/// What kind of failure a [`StoreError`] is, for a web framework to map to a status:
/// [`ErrorClass::http_status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// No such order (404).
    NotFound,
    /// Another writer won, or the order exists already (409); a conflict may be retried.
    Conflict,
    /// The idempotency key was used for another request (422).
    Mismatch,
    /// The database is busy or unreachable; try again later (503).
    Busy,
    /// The request carries a value the store refuses (400).
    Refused,
    /// The service's own hooks, the schema or the database failed (500).
    Internal,
}

impl ErrorClass {
    /// The HTTP status a service answers with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorClass::NotFound => 404,
            ErrorClass::Conflict => 409,
            ErrorClass::Mismatch => 422,
            ErrorClass::Busy => 503,
            ErrorClass::Refused => 400,
            ErrorClass::Internal => 500,
        }
    }

    /// A stable snake-case name, for logs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::NotFound => "not_found",
            ErrorClass::Conflict => "conflict",
            ErrorClass::Mismatch => "mismatch",
            ErrorClass::Busy => "busy",
            ErrorClass::Refused => "refused",
            ErrorClass::Internal => "internal",
        }
    }
}

impl StoreError {
    /// The kind of failure, for a web framework adapter.
    pub fn class(&self) -> ErrorClass {
        match self {
            StoreError::NotFound { .. } => ErrorClass::NotFound,
            StoreError::AlreadyExists { .. } | StoreError::Conflict { .. } => ErrorClass::Conflict,
            StoreError::IdempotencyMismatch { .. } => ErrorClass::Mismatch,
            StoreError::Busy(_) => ErrorClass::Busy,
            StoreError::Invalid { .. } => ErrorClass::Refused,
            StoreError::Db(e)
                if matches!(
                    e.kind,
                    DbErrorKind::ConnectionLost | DbErrorKind::ReadOnly | DbErrorKind::Full
                ) =>
            {
                ErrorClass::Busy
            }
            _ => ErrorClass::Internal,
        }
    }
}

/// `{"class": "conflict", "status": 409, "message": {"en": "…", "zh": "…"}}`.
#[cfg(feature = "serde")]
impl serde::Serialize for StoreError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let class = self.class();
        let text = self.text();
        let mut st = s.serialize_struct("StoreError", 3)?;
        st.serialize_field("class", class.as_str())?;
        st.serialize_field("status", &class.http_status())?;
        st.serialize_field(
            "message",
            &[("en", text.render(Lang::En)), ("zh", text.render(Lang::Zh))]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )?;
        st.end()
    }
}

/// `{"outcome": "applied", "from": "Created", "to": "Paid", "event": "Pay", "actor": "buyer",
/// "line": "…", "seq": 2, "duplicate": false}`, or `{"outcome": "rejected", "rejection": {…},
/// "duplicate": false}` with the refusal's own form (`order_fsm::json`). Ids throughout;
/// `event` and `actor` are `null` for a timeout and a trusted caller, `line` is the line's
/// identity (`null` when the spec no longer has it).
#[cfg(feature = "serde")]
impl<M: Machine> serde::Serialize for Outcome<M> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            Outcome::Applied(a) => {
                let mut st = s.serialize_struct("Outcome", 8)?;
                st.serialize_field("outcome", "applied")?;
                st.serialize_field("from", a.from.id())?;
                st.serialize_field("to", a.to.id())?;
                st.serialize_field("event", &a.event.map(|e| e.id()))?;
                st.serialize_field("actor", &a.actor.map(|r| r.id()))?;
                st.serialize_field("line", &a.line.and_then(|l| M::INFO.line_identity(l)))?;
                st.serialize_field("seq", &a.seq)?;
                st.serialize_field("duplicate", &a.duplicate)?;
                st.end()
            }
            Outcome::Rejected {
                rejection,
                duplicate,
            } => {
                let mut st = s.serialize_struct("Outcome", 3)?;
                st.serialize_field("outcome", "rejected")?;
                st.serialize_field("rejection", rejection)?;
                st.serialize_field("duplicate", duplicate)?;
                st.end()
            }
        }
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> Self {
        match e.kind {
            DbErrorKind::Busy | DbErrorKind::Serialization => StoreError::Busy(e),
            _ => StoreError::Db(e),
        }
    }
}

impl StoreError {
    /// The error in words, in any language: `err.text().render(Lang::Zh)` for a Chinese
    /// page or log. [`Display`](fmt::Display) writes it in English. The database's own
    /// message is shown as the database gave it.
    pub fn text(&self) -> Text {
        let order = |o: &String| Text::Lit(o.clone());
        match self {
            StoreError::NotFound { order: o } => t!(msg::STORE_NOT_FOUND, order = order(o)),
            StoreError::AlreadyExists { order: o } => t!(msg::STORE_EXISTS, order = order(o)),
            StoreError::Conflict { order: o } => t!(msg::STORE_CONFLICT, order = order(o)),
            StoreError::Busy(e) => t!(msg::STORE_BUSY, error = e.to_string()),
            StoreError::IdempotencyMismatch {
                order: o,
                key,
                recorded,
                given,
            } => t!(
                msg::STORE_KEY_MISMATCH,
                key = key,
                order = order(o),
                recorded = recorded.clone(),
                given = given.clone()
            ),
            StoreError::Guard { guard, error } => {
                t!(
                    msg::STORE_GUARD_FAILED,
                    guard = *guard,
                    error = error.to_string()
                )
            }
            StoreError::Action { action, error } => {
                t!(
                    msg::STORE_ACTION_FAILED,
                    action = *action,
                    error = error.to_string()
                )
            }
            StoreError::Invalid { order: o, what } => {
                t!(msg::STORE_INVALID, order = order(o), what = what.clone())
            }
            StoreError::Unknown { order: o, what } => {
                t!(msg::STORE_UNKNOWN, order = order(o), what = what.clone())
            }
            StoreError::WrongDialect { store, connection } => t!(
                msg::STORE_WRONG_DIALECT,
                store = format!("{store:?}"),
                connection = format!("{connection:?}")
            ),
            StoreError::Schema(e) => t!(msg::STORE_SCHEMA, error = e),
            StoreError::Db(e) => {
                let m = match e.kind {
                    DbErrorKind::ReadOnly => &msg::STORE_READ_ONLY,
                    DbErrorKind::Full => &msg::STORE_FULL,
                    DbErrorKind::ConnectionLost => &msg::STORE_CONNECTION_LOST,
                    _ => &msg::STORE_DB_ERROR,
                };
                t!(m, error = e.to_string())
            }
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Busy(e) | StoreError::Db(e) => Some(e),
            StoreError::Guard { error, .. } | StoreError::Action { error, .. } => {
                Some(error.get() as &(dyn std::error::Error + 'static))
            }
            _ => None,
        }
    }
}

/// A transition that was stored.
pub struct Applied<M: Machine> {
    /// A recorded outcome (`duplicate`) may name a state the spec no longer has:
    /// [`Status::Retired`], with the code and the label the spec had.
    pub from: Status<M>,
    pub to: Status<M>,
    /// The event; `None` for a timeout.
    pub event: Option<M::EventKind>,
    pub actor: Option<M::Role>,
    /// The spec line taken; `None` when a recorded outcome names a line the current spec no
    /// longer has.
    pub line: Option<usize>,
    /// The log row written.
    pub seq: i64,
    /// True when this is the recorded outcome of an earlier delivery of the same key.
    pub duplicate: bool,
}

/// The outcome of a [`Fire`] request.
pub enum Outcome<M: Machine> {
    Applied(Applied<M>),
    /// The spec refused the event; the order is unchanged. Under an idempotency key the
    /// rejection is recorded and returned again to a second delivery.
    Rejected {
        rejection: order_fsm::Rejection<M>,
        duplicate: bool,
    },
}

impl<M: Machine> Outcome<M> {
    pub fn is_applied(&self) -> bool {
        matches!(self, Outcome::Applied(_))
    }
    pub fn is_duplicate(&self) -> bool {
        match self {
            Outcome::Applied(a) => a.duplicate,
            Outcome::Rejected { duplicate, .. } => *duplicate,
        }
    }
    /// The state the order is in after this outcome's transition, if one was applied.
    pub fn to(&self) -> Option<M::State> {
        match self {
            Outcome::Applied(a) => a.to.state(),
            Outcome::Rejected { .. } => None,
        }
    }
    pub fn rejection(&self) -> Option<&order_fsm::Rejection<M>> {
        match self {
            Outcome::Applied(_) => None,
            Outcome::Rejected { rejection, .. } => Some(rejection),
        }
    }
}

impl<M: Machine> fmt::Debug for Applied<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applied")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("event", &self.event)
            .field("actor", &self.actor)
            .field("line", &self.line)
            .field("seq", &self.seq)
            .field("duplicate", &self.duplicate)
            .finish()
    }
}

impl<M: Machine> fmt::Debug for Outcome<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Applied(a) => f.debug_tuple("Applied").field(a).finish(),
            Outcome::Rejected {
                rejection,
                duplicate,
            } => f
                .debug_struct("Rejected")
                .field("rejection", rejection)
                .field("duplicate", duplicate)
                .finish(),
        }
    }
}

/// The orders of machine `M`, keyed by `K`, in one database. Cheap to share between threads
/// (`Arc<Store>`); it holds no connection: every call takes one.
pub struct Store<M: Machine, K: OrderKey = i64> {
    options: Options,
    layout: Layout,
    q: Queries,
    spec_hash: String,
    line_ids: Vec<String>,
    lines_by_id: HashMap<String, usize>,
    status: Vec<Value>,
    clock: Arc<dyn Clock>,
    lock_rows: bool,
    outbox: OutboxConfig,
    timer_config: TimerConfig,
    metrics: Arc<Metrics>,
    /// When a relay last looked for rows of actions no relay took in time (shared by clones).
    unknown_sweep_at: Arc<AtomicI64>,
    _m: PhantomData<fn() -> (M, K)>,
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// A store with the schema these options describe (`options.key` is set from `K`).
    pub fn new(mut options: Options) -> Result<Self, StoreError> {
        options.key = K::KEY_TYPE;
        let layout = order_fsm_sql::layout(M::INFO, &options)
            .map_err(|e| StoreError::Schema(e.to_string()))?;
        let line_ids: Vec<String> = (0..M::INFO.transitions.len())
            .map(|i| M::INFO.line_identity(i).unwrap_or_default())
            .collect();
        // The lines a worker of this spec may fire, and the actions its relay may deliver:
        // rows naming others were written by another version of the spec (a rolling
        // deploy) and are left to it, or to the migration that drops them.
        let timeout_lines: Vec<String> = M::INFO
            .transitions
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.trigger, order_fsm::TriggerInfo::Timeout { .. }))
            .map(|(i, _)| line_ids[i].clone())
            .collect();
        let actions: Vec<&str> = M::Action::ALL.iter().map(|a| a.id()).collect();
        let lines_by_id = line_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i))
            .collect();
        let status = layout
            .status
            .iter()
            .map(|s| match s {
                StatusValue::Int(i) => Value::Int(*i),
                StatusValue::Text(t) => Value::Text(t.clone()),
            })
            .collect();
        Ok(Store {
            q: Queries::new(&layout, &timeout_lines, &actions),
            spec_hash: M::INFO.spec_hash(),
            options,
            layout,
            line_ids,
            lines_by_id,
            status,
            clock: Arc::new(SystemClock),
            lock_rows: false,
            outbox: OutboxConfig::default(),
            timer_config: TimerConfig::default(),
            metrics: Arc::new(Metrics::default()),
            unknown_sweep_at: Arc::new(AtomicI64::new(i64::MIN)),
            _m: PhantomData,
        })
    }

    /// A SQLite store with the default options.
    pub fn sqlite() -> Result<Self, StoreError> {
        Self::new(Options::new(Dialect::Sqlite))
    }

    /// A PostgreSQL store with the default options.
    pub fn postgres() -> Result<Self, StoreError> {
        Self::new(Options::new(Dialect::Postgres))
    }

    /// Use this clock instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Read the order with `SELECT … FOR UPDATE` (PostgreSQL) before deciding, so concurrent
    /// writers queue instead of failing with [`StoreError::Conflict`]. Off by default
    /// (optimistic: the compare-and-set alone decides). SQLite always serializes writers.
    pub fn lock_rows(mut self, on: bool) -> Self {
        self.lock_rows = on;
        self
    }

    /// Retries, backoff and dead letters of the outbox relay.
    pub fn with_outbox(mut self, config: OutboxConfig) -> Self {
        self.outbox = config;
        self
    }

    /// Backoff and parking of timers whose firing fails.
    pub fn with_timers(mut self, config: TimerConfig) -> Self {
        self.timer_config = config;
        self
    }

    /// The table and column names the store uses.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The options the schema was generated with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The spec hash written into every log row.
    pub fn spec_hash(&self) -> &str {
        &self.spec_hash
    }

    /// The store's clock, now.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Counters since the store was built.
    pub fn metrics(&self) -> MetricsSnapshot {
        self.metrics.snapshot()
    }

    /// The migration for these options: the same text `order-fsm sql` prints.
    pub fn migration(&self) -> Result<String, StoreError> {
        order_fsm_sql::migration(M::INFO, &self.options)
            .map_err(|e| StoreError::Schema(e.to_string()))
    }

    /// Create or upgrade the tables, then bring pending timers in line with the spec
    /// ([`Store::reconcile_timers`]). Safe to run on every start.
    ///
    /// An adopted table ([`Options::alter`]) gets the columns the store needs first: on
    /// PostgreSQL the migration adds them; on SQLite, which cannot add a column only if it is
    /// missing, each missing one is added here, in a transaction of its own, before the
    /// migration runs.
    pub fn migrate<C: Connection>(&self, conn: &mut C) -> Result<TimersReconciled, StoreError> {
        self.check_dialect(conn)?;
        self.add_adopted_columns(conn)?;
        self.add_timer_columns(conn)?;
        if let Err(e) = conn.batch(&self.migration()?) {
            // The script is one transaction; a failed statement leaves it open.
            let _ = conn.batch("ROLLBACK");
            return Err(e.into());
        }
        // Rows written before the triggers that refuse values of the wrong type (SQLite):
        // set aside with their reason before anything reads them.
        let parked = self.park_unreadable_timers(conn, true, usize::MAX)?;
        let dead = self.dead_letter_unreadable_outbox(conn, true, usize::MAX)?;
        if parked + dead > 0 {
            tracing::warn!(
                parked,
                dead,
                "unreadable timers parked, unreadable outbox rows dead-lettered"
            );
            self.metrics.outbox(0, 0, dead);
        }
        let reconciled = self.reconcile_timers(conn)?;
        // Rows for actions this spec no longer has: no relay of it delivers them. Only the
        // migration (the spec change itself) dead-letters them; relays leave them alone.
        let a = sql::Args::new().set("now", self.clock.now_ms());
        let dead = conn.execute(
            &self.q.outbox_unknown_dead.text,
            &self.q.outbox_unknown_dead.params(&a),
        )?;
        if dead > 0 {
            tracing::warn!(
                dead,
                "outbox rows naming actions the spec no longer has are dead letters"
            );
            self.metrics.outbox(0, 0, dead);
        }
        Ok(reconciled)
    }

    /// SQLite only: adds the columns a timers table created before them lacks (PostgreSQL's
    /// migration adds them itself). The check and the additions share one `BEGIN IMMEDIATE`
    /// transaction; a database without a timers table yet is left to the migration.
    fn add_timer_columns<C: Connection>(&self, conn: &mut C) -> Result<(), StoreError> {
        let columns = order_fsm_sql::timer_upgrade_columns(M::INFO, &self.options)
            .map_err(|e| StoreError::Schema(e.to_string()))?;
        if columns.is_empty() {
            return Ok(());
        }
        let timers = &self.layout.timers;
        let bare = timers
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .map_or_else(|| timers.clone(), |t| t.replace("\"\"", "\""));
        in_transaction(conn, |tx| {
            if !has_column(tx, &bare, "due_at")? {
                return Ok(());
            }
            for c in &columns {
                if !has_column(tx, &bare, c.column)? {
                    tracing::info!(table = %timers, column = c.column, "adding a column to the timers table");
                    tx.batch(&c.sql)?;
                }
            }
            Ok(())
        })
    }

    /// SQLite only, with [`Options::alter`]: adds the store's columns the adopted table lacks.
    /// The check and the additions share one `BEGIN IMMEDIATE` transaction, so two services
    /// starting at once never both add a column.
    fn add_adopted_columns<C: Connection>(&self, conn: &mut C) -> Result<(), StoreError> {
        let columns = order_fsm_sql::adopt_columns(M::INFO, &self.options)
            .map_err(|e| StoreError::Schema(e.to_string()))?;
        let Some(table) = self.options.alter.as_deref() else {
            return Ok(());
        };
        if columns.is_empty() {
            return Ok(());
        }
        in_transaction(conn, |tx| {
            for c in &columns {
                if !has_column(tx, table, c.column)? {
                    tx.batch(&c.sql)?;
                }
            }
            Ok(())
        })
    }

    fn check_dialect<C: Exec + ?Sized>(&self, conn: &C) -> Result<(), StoreError> {
        if conn.dialect() != self.layout.dialect {
            return Err(StoreError::WrongDialect {
                store: self.layout.dialect,
                connection: conn.dialect(),
            });
        }
        Ok(())
    }

    fn status_value(&self, s: M::State) -> Value {
        self.status.get(s.index()).cloned().unwrap_or(Value::Null)
    }

    fn state_of(&self, id: &Id<K>, v: &Value) -> Result<M::State, StoreError> {
        self.status
            .iter()
            .position(|s| s == v)
            .and_then(M::State::from_index)
            .ok_or_else(|| StoreError::Unknown {
                order: id.to_string(),
                what: t!(msg::STORE_UNKNOWN_STATUS, status = format!("{v:?}")),
            })
    }

    fn line_id(&self, line: usize) -> Value {
        self.line_ids
            .get(line)
            .map_or(Value::Null, |s| Value::Text(s.clone()))
    }

    fn key_args(&self, id: &Id<K>) -> sql::Args {
        let mut a = sql::Args::new();
        if self.layout.tenant {
            a.put("tenant", id.tenant.clone().unwrap_or_default());
        }
        a.put("id", id.key.to_value());
        a
    }
}

impl<M: Machine, K: OrderKey> Clone for Store<M, K> {
    fn clone(&self) -> Self {
        Store {
            options: self.options.clone(),
            layout: self.layout.clone(),
            q: self.q.clone(),
            spec_hash: self.spec_hash.clone(),
            line_ids: self.line_ids.clone(),
            lines_by_id: self.lines_by_id.clone(),
            status: self.status.clone(),
            clock: self.clock.clone(),
            lock_rows: self.lock_rows,
            outbox: self.outbox,
            timer_config: self.timer_config,
            metrics: self.metrics.clone(),
            unknown_sweep_at: self.unknown_sweep_at.clone(),
            _m: PhantomData,
        }
    }
}

/// Whether SQLite's table `table` (its bare name) has the column `column`. SQLite reads a
/// double-quoted name it cannot resolve as a string, so a probe statement would not fail:
/// the table's columns are asked instead.
fn has_column<E: Exec + ?Sized>(tx: &mut E, table: &str, column: &str) -> Result<bool, StoreError> {
    let rows = tx.query(
        "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2",
        &[
            Value::Text(table.to_owned()),
            Value::Text(column.to_owned()),
        ],
    )?;
    Ok(!rows.is_empty())
}

/// Run `f` in a transaction of `conn`: commit on `Ok`, roll back on `Err` (and when `f`
/// panics: the panic then goes on, and the connection is usable again).
pub fn in_transaction<C: Connection, T>(
    conn: &mut C,
    f: impl FnOnce(&mut Tx<'_, C>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut tx = Tx::begin(conn)?;
    let v = f(&mut tx)?;
    tx.commit()?;
    Ok(v)
}
