//! The write protocol: create, apply, and the transition write shared with the timers.

use order_fsm::msg::{self, t, Text};
use order_fsm::plan::{self, RejectionKind, RejectionRecord};
use order_fsm::{Cause, Context, Enumerated, Machine, Rejection, Transition};
use tracing::field;

use crate::db::{Connection, DbErrorKind, Exec, InTransaction, Tx, Value};
use crate::{
    refuse, Applied, Hooks, Id, OrderKey, Outcome, Payload, Placement, Status, Store, StoreError,
};

/// What a request under a key learns and is told about it.
#[derive(Default)]
pub(crate) struct KeyState {
    /// The key's unique constraint failed: a concurrent delivery of the same key committed
    /// first.
    taken: bool,
    /// The request will be tried again: a lost compare-and-set leaves the key to the retry.
    retrying: bool,
}

/// The order row as the protocol reads it.
#[derive(Clone, Copy)]
pub(crate) struct Current<M: Machine> {
    pub state: M::State,
    pub version: i64,
    pub entered_at: i64,
    pub created_at: i64,
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// Create order `id` in the initial state, with the initial state's timers, inside `tx`.
    pub(crate) fn create_in<C: Exec + ?Sized, H: Hooks<M, K, C>>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        _hooks: &mut H,
    ) -> Result<(), StoreError> {
        self.check_dialect(tx)?;
        self.refuse_id(id)?;
        let now = self.clock.now_ms();
        let initial = M::INITIAL;
        let a = self
            .key_args(id)
            .set("status", self.status_value(initial))
            .set("now", now);
        match tx.execute(&self.q.order_insert.text, &self.q.order_insert.params(&a)) {
            Ok(_) => {}
            Err(e) if e.kind == DbErrorKind::Unique => {
                return Err(StoreError::AlreadyExists {
                    order: id.to_string(),
                })
            }
            Err(e) => return Err(e.into()),
        }
        let a = self
            .key_args(id)
            .set("to", self.status_value(initial))
            .set("hash", self.spec_hash.clone())
            .set("now", now);
        tx.query(&self.q.log_insert.text, &self.q.log_insert.params(&a))?;
        self.arm(tx, id, plan::timers_on_entry::<M>(initial), 0, now)?;
        tracing::debug!(order = %id, state = initial.id(), "order created");
        Ok(())
    }

    /// An order id the database would store changed (a NUL character in a text key or the
    /// tenant), refused before anything is written.
    fn refuse_id(&self, id: &Id<K>) -> Result<(), StoreError> {
        let key = id.key.to_value();
        let texts = id.tenant.iter().map(String::as_str).chain(key.as_str());
        for text in texts {
            if let Some(what) = refuse::text_problem(text, t!(msg::STORE_WHAT_ORDER_ID)) {
                return Err(StoreError::Invalid {
                    order: id.to_string(),
                    what,
                });
            }
        }
        Ok(())
    }
}

impl<M: Machine, K: OrderKey> Store<M, K>
where
    M::Event: Payload,
{
    /// What a request carries that the database would store changed: refused, the same on
    /// every backend, before anything is read or written.
    fn refuse(&self, id: &Id<K>, event: &M::Event, key: Option<&str>) -> Result<(), StoreError> {
        self.refuse_id(id)?;
        let problem = key
            .and_then(refuse::key_problem)
            .or_else(|| event.problem());
        match problem {
            Some(what) => Err(StoreError::Invalid {
                order: id.to_string(),
                what,
            }),
            None => Ok(()),
        }
    }

    /// Fire `event` at order `id` in a transaction of its own (the request's `run`). With
    /// `retrying`, a lost compare-and-set does not look for a concurrent delivery of the same
    /// key: the retry reads the key first anyway (see [`Store::apply_retried`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn apply<C, H>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
        retrying: bool,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        self.check_dialect(conn)?;
        let mut key_state = KeyState {
            taken: false,
            retrying,
        };
        let first = (|| {
            let mut tx = Tx::begin(conn)?;
            let o = self.apply_traced(
                tx.connection(),
                id,
                event,
                actor,
                key,
                hooks,
                &mut key_state,
            )?;
            tx.commit()?;
            Ok(o)
        })();
        match (first, key) {
            // A concurrent delivery of the same key recorded its outcome first (the key's
            // unique constraint, reported as a conflict; the failed insert ended our
            // transaction on PostgreSQL). Its outcome is now committed; return it. A lost
            // compare-and-set has looked for it inside the transaction already: no second
            // look, so a conflict costs no more than the retry it leads to.
            (Err(e @ StoreError::Conflict { .. }), Some(k)) if key_state.taken => {
                // One statement: no transaction needed around it.
                let recorded = self.recorded(conn, id, event, actor, k)?;
                match recorded {
                    Some(o) => Ok(o),
                    None => Err(e),
                }
            }
            (r, _) => r,
        }
    }

    /// Fire `event` at order `id` inside the caller's transaction `tx` (the request's
    /// `run_in`).
    pub(crate) fn apply_in<C, H>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: InTransaction + ?Sized,
        H: Hooks<M, K, C>,
    {
        self.apply_traced(tx, id, event, actor, key, hooks, &mut KeyState::default())
    }

    /// [`Store::apply`] under `policy`: each attempt a transaction of its own. An attempt
    /// that lost its compare-and-set leaves the key to the next attempt, which reads it
    /// first; only when the attempts run out with a conflict is the key read once more, for
    /// a concurrent delivery of it that won.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn apply_retried<C, H>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
        policy: crate::Retry,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        let r = self.retry(policy, || {
            self.apply(conn, id, event, actor, key, hooks, true)
        });
        match (r, key) {
            (Err(e @ StoreError::Conflict { .. }), Some(k)) => {
                match self.recorded(conn, id, event, actor, k)? {
                    Some(o) => Ok(o),
                    None => Err(e),
                }
            }
            (r, _) => r,
        }
    }

    /// [`Store::apply_in`]; `key_state.taken` is set when the conflict is the key's unique
    /// constraint (a concurrent delivery of the same key committed first).
    #[allow(clippy::too_many_arguments)]
    fn apply_traced<C, H>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
        key_state: &mut KeyState,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Exec + ?Sized,
        H: Hooks<M, K, C>,
    {
        let kind = order_fsm::EventData::kind(event);
        let span = tracing::info_span!(
            "order_fsm.apply",
            order = %id,
            event = kind.id(),
            outcome = field::Empty
        );
        let _enter = span.enter();
        let result = self.apply_steps(tx, id, event, actor, key, hooks, key_state);
        let outcome = match &result {
            Ok(Outcome::Applied(a)) if a.duplicate => "duplicate",
            Ok(Outcome::Applied(_)) => "applied",
            Ok(Outcome::Rejected {
                duplicate: true, ..
            }) => "duplicate",
            Ok(Outcome::Rejected { .. }) => "rejected",
            Err(StoreError::Conflict { .. }) => "conflict",
            Err(StoreError::Busy(_)) => "busy",
            Err(_) => "error",
        };
        span.record("outcome", outcome);
        self.metrics.count(outcome);
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn apply_steps<C, H>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
        key_state: &mut KeyState,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Exec + ?Sized,
        H: Hooks<M, K, C>,
    {
        self.check_dialect(tx)?;
        self.refuse(id, event, key)?;
        // 1. The key: a second delivery gets the recorded outcome.
        if let Some(k) = key {
            if let Some(o) = self.recorded(tx, id, event, actor, k)? {
                return Ok(o);
            }
        }
        // 2. Status and version.
        let cur = self.current(tx, id, self.lock_rows)?;
        // 3. The decision, guards asked inside the transaction.
        let mut guard_error = None;
        let decision = plan::decide::<M>(cur.state, event, actor, |g, ctx| {
            match hooks.guard(tx, id, g, ctx) {
                Ok(b) => b,
                Err(e) => {
                    guard_error.get_or_insert(StoreError::Guard {
                        guard: g.id(),
                        error: crate::HookFailure::new(e),
                    });
                    false
                }
            }
        });
        if let Some(e) = guard_error {
            return Err(e);
        }
        let kind = order_fsm::EventData::kind(event);
        match decision {
            Err(rejection) => {
                if let Some(k) = key {
                    let a = self
                        .key_args(id)
                        .set("key", k)
                        .set("event", kind.id())
                        .set("accepted", false)
                        .set(
                            "rejection",
                            rejection_json::<M>(&rejection, actor, event.to_json().as_deref()),
                        )
                        .set("now", self.clock.now_ms());
                    self.put_outcome(tx, id, &a, key_state)?;
                }
                Ok(Outcome::Rejected {
                    rejection,
                    duplicate: false,
                })
            }
            Ok(tr) => {
                let payload = event.to_json();
                let written =
                    self.write_transition(tx, id, &cur, &tr, Some(event), payload, None, hooks);
                let seq = match (written, key) {
                    // Lost the race: maybe to a delivery of this very key, whose outcome is
                    // now committed and visible (READ COMMITTED) in this transaction.
                    (Err(StoreError::Conflict { order }), Some(k)) if !key_state.retrying => {
                        return match self.recorded(tx, id, event, actor, k)? {
                            Some(o) => Ok(o),
                            None => Err(StoreError::Conflict { order }),
                        };
                    }
                    (r, _) => r?,
                };
                if let Some(k) = key {
                    let a = self
                        .key_args(id)
                        .set("key", k)
                        .set("event", kind.id())
                        .set("accepted", true)
                        .set("seq", seq)
                        .set("now", self.clock.now_ms());
                    self.put_outcome(tx, id, &a, key_state)?;
                }
                Ok(Outcome::Applied(Applied {
                    from: Status::State(tr.from),
                    to: Status::State(tr.to),
                    event: Some(kind),
                    actor,
                    line: Some(tr.line),
                    seq,
                    duplicate: false,
                }))
            }
        }
    }
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// Record the outcome under its key. The key's unique constraint failing means a
    /// concurrent delivery of the same key recorded first: a [`StoreError::Conflict`], so a
    /// retry (or [`Store::apply`] itself) returns that delivery's outcome; `key_state`
    /// says so.
    fn put_outcome<C: Exec + ?Sized>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        a: &crate::sql::Args,
        key_state: &mut KeyState,
    ) -> Result<(), StoreError> {
        match tx.execute(&self.q.idem_put.text, &self.q.idem_put.params(a)) {
            Ok(_) => Ok(()),
            Err(e) if e.kind == DbErrorKind::Unique => {
                key_state.taken = true;
                Err(StoreError::Conflict {
                    order: id.to_string(),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The outcome recorded under `key`, if any. The request it was recorded for must be
    /// this one: the same event, actor and payload, or it is
    /// [`StoreError::IdempotencyMismatch`].
    fn recorded<C: Exec + ?Sized>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: &str,
    ) -> Result<Option<Outcome<M>>, StoreError>
    where
        M::Event: Payload,
    {
        let kind = order_fsm::EventData::kind(event);
        let a = self.key_args(id).set("key", key);
        let rows = tx.query(&self.q.idem_get.text, &self.q.idem_get.params(&a))?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let given = Request {
            event: kind.id(),
            actor: actor.map(|r| r.id()),
            payload: event.to_json(),
        };
        let recorded_event = row.first().and_then(Value::as_str).unwrap_or_default();
        let mismatch = |recorded: Request<'_>| StoreError::IdempotencyMismatch {
            order: id.to_string(),
            key: key.to_string(),
            recorded: recorded.text(),
            given: given.text(),
        };
        if recorded_event != kind.id() {
            return Err(mismatch(Request {
                event: recorded_event,
                actor: None,
                payload: None,
            }));
        }
        let accepted = row.get(1).and_then(Value::as_bool).unwrap_or(false);
        if !accepted {
            let text = row.get(3).and_then(Value::as_str).unwrap_or_default();
            let unknown = || StoreError::Unknown {
                order: id.to_string(),
                what: t!(msg::STORE_UNKNOWN_REJECTION, text = text),
            };
            let json: serde_json::Value = serde_json::from_str(text).map_err(|_| unknown())?;
            let recorded = Request {
                event: recorded_event,
                // Rejections recorded before the request was kept with them compare by the
                // event alone.
                actor: match json.get("actor") {
                    Some(a) => a.as_str(),
                    None => given.actor,
                },
                payload: match json.get("payload") {
                    Some(p) => p.as_str().map(str::to_owned),
                    None => given.payload.clone(),
                },
            };
            if !recorded.same_as(&given) {
                return Err(mismatch(recorded));
            }
            let rejection = parse_rejection::<M>(&json).ok_or_else(unknown)?;
            tracing::debug!(order = %id, key, "duplicate delivery");
            return Ok(Some(Outcome::Rejected {
                rejection,
                duplicate: true,
            }));
        }
        let seq = row.get(2).and_then(Value::as_i64).unwrap_or(0);
        let entry = self
            .log_row(tx, id, seq)?
            .ok_or_else(|| StoreError::Unknown {
                order: id.to_string(),
                what: t!(msg::STORE_MISSING_LOG_ROW, key = key, seq = seq.to_string()),
            })?;
        let recorded = Request {
            event: recorded_event,
            actor: entry.actor.as_deref(),
            payload: entry.payload.clone(),
        };
        if !recorded.same_as(&given) {
            return Err(mismatch(recorded));
        }
        tracing::debug!(order = %id, key, "duplicate delivery");
        let to = entry.to;
        Ok(Some(Outcome::Applied(Applied {
            from: entry.from.unwrap_or_else(|| to.clone()),
            to,
            event: entry.event,
            actor: entry.actor.as_deref().and_then(M::Role::from_id),
            line: entry.line,
            seq,
            duplicate: true,
        })))
    }

    /// The order's status, version and times.
    pub(crate) fn current<C: Exec + ?Sized>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        lock: bool,
    ) -> Result<Current<M>, StoreError> {
        let q = if lock {
            &self.q.order_get_locked
        } else {
            &self.q.order_get
        };
        let rows = tx.query(&q.text, &q.params(&self.key_args(id)))?;
        let Some(row) = rows.into_iter().next() else {
            return Err(StoreError::NotFound {
                order: id.to_string(),
            });
        };
        let int = |i: usize| row.get(i).and_then(Value::as_i64).unwrap_or(0);
        Ok(Current {
            state: self.state_of(id, row.first().unwrap_or(&Value::Null))?,
            version: int(1),
            entered_at: int(2),
            created_at: int(3),
        })
    }

    /// Steps 4 to 7 of the protocol for a decided transition: compare-and-set, log row,
    /// timers of the new entry, actions (in the transaction, or into the outbox). Returns
    /// the log row's sequence number.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn write_transition<C, H>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        cur: &Current<M>,
        tr: &Transition<M>,
        event: Option<&M::Event>,
        payload: Option<String>,
        elapsed: Option<u64>,
        hooks: &mut H,
    ) -> Result<i64, StoreError>
    where
        C: Exec + ?Sized,
        H: Hooks<M, K, C>,
    {
        let now = self.clock.now_ms();
        let new_version = cur.version + 1;
        let a = self
            .key_args(id)
            .set("to", self.status_value(tr.to))
            .set("new_version", new_version)
            .set("now", now)
            .set("from", self.status_value(cur.state))
            .set("version", cur.version);
        // One answer of the runtime decides the entry and its timers: a line that keeps the
        // entry keeps the status and entry time (and the timers, below); any other starts a
        // new entry.
        let timers = plan::timers_after::<M>(tr);
        let cas = if timers.keeps_entry {
            &self.q.order_cas_stay
        } else {
            &self.q.order_cas
        };
        if tx.execute(&cas.text, &cas.params(&a))? == 0 {
            return Err(StoreError::Conflict {
                order: id.to_string(),
            });
        }
        let a = self
            .key_args(id)
            .set("from", self.status_value(tr.from))
            .set("to", self.status_value(tr.to))
            .set(
                "event",
                match tr.cause {
                    Cause::Event(e) => Value::Text(e.id().to_string()),
                    Cause::Timeout => Value::Null,
                },
            )
            .set(
                "timeout",
                tr.timeout_seconds()
                    .map_or(Value::Null, |s| Value::Int(s as i64)),
            )
            .set("line", self.line_id(tr.line))
            .set("actor", tr.actor.map(|r| r.id()))
            .set("payload", payload.clone())
            .set("hash", self.spec_hash.clone())
            .set("now", now);
        let rows = tx.query(&self.q.log_insert.text, &self.q.log_insert.params(&a))?;
        let seq = rows
            .first()
            .and_then(|r| r.first())
            .and_then(Value::as_i64)
            .ok_or_else(|| {
                StoreError::Db(crate::DbError::new(
                    DbErrorKind::Other,
                    "the log row was written but its sequence number was not returned",
                ))
            })?;
        // The entry that ended takes its timers with it; the new entry arms its own. A line
        // that keeps the entry keeps its timers: they move to the new version.
        if timers.keeps_entry {
            let a = self
                .key_args(id)
                .set("version", cur.version)
                .set("new_version", new_version);
            tx.execute(&self.q.timers_rekey.text, &self.q.timers_rekey.params(&a))?;
        } else {
            let a = self.key_args(id);
            tx.execute(&self.q.timers_drop.text, &self.q.timers_drop.params(&a))?;
        }
        self.arm(tx, id, timers.arm, new_version, now)?;
        let ctx = Context {
            from: tr.from,
            to: tr.to,
            event,
            actor: tr.actor,
            elapsed,
            line: tr.line,
        };
        for &action in plan::actions::<M>(tr) {
            let placed = hooks
                .action(tx, id, action, &ctx)
                .map_err(|e| StoreError::Action {
                    action: action.id(),
                    error: crate::HookFailure::new(e),
                })?;
            match placed {
                Placement::InTransaction => {}
                Placement::Outbox => {
                    let a = self
                        .key_args(id)
                        .set("seq", seq)
                        .set("action", action.id())
                        .set("payload", payload.clone())
                        .set("now", now);
                    tx.execute(&self.q.outbox_insert.text, &self.q.outbox_insert.params(&a))?;
                }
            }
        }
        Ok(seq)
    }

    /// Insert the timers `timers` of an entry.
    pub(crate) fn arm<C: Exec + ?Sized>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        timers: &[order_fsm::Timeout<M>],
        version: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        for t in timers {
            let due = now.saturating_add((t.seconds as i64).saturating_mul(1000));
            let a = self
                .key_args(id)
                .set("version", version)
                .set("line", self.line_id(t.line))
                .set("due", due)
                .set("delay", t.seconds as i64);
            tx.execute(&self.q.timer_insert.text, &self.q.timer_insert.params(&a))?;
        }
        Ok(())
    }
}

/// A request as an idempotency key records it: the event's id, the actor's role id (`None`
/// for a trusted caller) and the payload as JSON.
struct Request<'a> {
    event: &'a str,
    actor: Option<&'a str>,
    payload: Option<String>,
}

impl Request<'_> {
    /// The same request: payloads compare as JSON values, so the order of an object's keys
    /// and the database's spacing do not matter.
    fn same_as(&self, other: &Request<'_>) -> bool {
        let json = |p: &Option<String>| {
            p.as_deref()
                .map(|t| serde_json::from_str::<serde_json::Value>(t).map_err(|_| t.to_owned()))
        };
        self.event == other.event
            && self.actor == other.actor
            && json(&self.payload) == json(&other.payload)
    }

    /// The request in words, for [`StoreError::IdempotencyMismatch`]; a long payload is cut.
    fn text(&self) -> Text {
        const LONG: usize = 120;
        let actor = match self.actor {
            Some(role) => t!(msg::STORE_REQUEST_ACTOR, role = role),
            None => t!(msg::STORE_REQUEST_TRUSTED),
        };
        // The same form whatever the database made of it (PostgreSQL's `jsonb` reorders keys
        // and adds spaces): compact, keys sorted.
        let payload = self.payload.as_deref().map(|p| {
            serde_json::from_str::<serde_json::Value>(p)
                .map_or_else(|_| p.to_owned(), |v| v.to_string())
        });
        let payload = match &payload {
            Some(p) if p.chars().count() > LONG => {
                Text::Lit(format!("{}…", p.chars().take(LONG).collect::<String>()))
            }
            Some(p) => Text::Lit(p.clone()),
            None => t!(msg::STORE_REQUEST_NO_PAYLOAD),
        };
        t!(
            msg::STORE_REQUEST,
            event = self.event,
            actor = actor,
            payload = payload
        )
    }
}

/// A rejection as stored under an idempotency key: JSON with ids, so it reads on its own and
/// survives a renumbering of the spec, with the request's payload so a second delivery can
/// be compared with it.
pub(crate) fn rejection_json<M: Machine>(
    r: &Rejection<M>,
    actor: Option<M::Role>,
    payload: Option<&str>,
) -> String {
    let rec = RejectionRecord::of(r);
    let id_of = |ix: usize, all: &[&'static str]| all.get(ix).copied().unwrap_or("");
    let states: Vec<&str> = M::State::ALL.iter().map(|s| s.id()).collect();
    let events: Vec<&str> = M::EventKind::ALL.iter().map(|s| s.id()).collect();
    let roles: Vec<&str> = M::Role::ALL.iter().map(|s| s.id()).collect();
    let guards: Vec<&str> = M::Guard::ALL.iter().map(|s| s.id()).collect();
    serde_json::json!({
        "kind": rec.kind.as_str(),
        "state": id_of(rec.state, &states),
        "event": rec.event.map(|e| id_of(e, &events)),
        "role": rec.role.map(|r| id_of(r, &roles)),
        "seconds": rec.seconds,
        "failed": rec.failed.iter().map(|&g| id_of(g, &guards)).collect::<Vec<_>>(),
        "message": r.to_string(),
        "actor": actor.map(|a| a.id()),
        "payload": payload,
    })
    .to_string()
}

pub(crate) fn parse_rejection<M: Machine>(v: &serde_json::Value) -> Option<Rejection<M>> {
    let s = |k: &str| v.get(k).and_then(|x| x.as_str());
    let rec = RejectionRecord {
        kind: RejectionKind::parse(s("kind")?)?,
        state: M::State::from_id(s("state")?)?.index(),
        event: match s("event") {
            Some(e) => Some(M::EventKind::from_id(e)?.index()),
            None => None,
        },
        role: match s("role") {
            Some(r) => Some(M::Role::from_id(r)?.index()),
            None => None,
        },
        seconds: v.get("seconds").and_then(|x| x.as_u64()).unwrap_or(0),
        failed: v
            .get("failed")
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|g| g.as_str().and_then(M::Guard::from_id).map(|g| g.index()))
                    .collect()
            })
            .unwrap_or_default(),
    };
    rec.rebuild::<M>()
}
