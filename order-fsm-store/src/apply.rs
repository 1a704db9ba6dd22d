//! The write protocol: create, apply, and the transition write shared with the timers.

use order_fsm::msg::{self, t};
use order_fsm::plan::{self, RejectionKind, RejectionRecord};
use order_fsm::{Cause, Context, Enumerated, Machine, Rejection, Transition};
use tracing::field;

use crate::db::{Connection, DbErrorKind, Exec, Value};
use crate::{Applied, Hooks, Id, OrderKey, Outcome, Payload, Placement, Status, Store, StoreError};

/// The order row as the protocol reads it.
#[derive(Clone, Copy)]
pub(crate) struct Current<M: Machine> {
    pub state: M::State,
    pub version: i64,
    pub entered_at: i64,
    pub created_at: i64,
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// Create order `id` in the initial state, with the initial state's timers, in a
    /// transaction of its own. [`StoreError::AlreadyExists`] if the id is taken.
    pub fn create<C: Connection>(&self, conn: &mut C, id: &Id<K>) -> Result<(), StoreError> {
        crate::in_transaction(conn, |c| self.create_in(c, id))
    }

    /// [`Store::create`] inside the caller's transaction.
    pub fn create_in<C: Exec + ?Sized>(&self, tx: &mut C, id: &Id<K>) -> Result<(), StoreError> {
        self.check_dialect(tx)?;
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
}

impl<M: Machine, K: OrderKey> Store<M, K>
where
    M::Event: Payload,
{
    /// Fire `event` at order `id` in a transaction of its own.
    ///
    /// `actor` is the role firing it (`None`: a trusted caller, role checks skipped). With
    /// `key`, a second delivery of the same key returns the outcome recorded for the first
    /// (marked `duplicate`), even when both arrive at once.
    pub fn apply<C, H>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        self.check_dialect(conn)?;
        let mut key_taken = false;
        let first = crate::in_transaction(conn, |c| {
            self.apply_traced(c, id, event, actor, key, hooks, &mut key_taken)
        });
        match (first, key) {
            // A concurrent delivery of the same key recorded its outcome first (the key's
            // unique constraint, reported as a conflict; the failed insert ended our
            // transaction on PostgreSQL). Its outcome is now committed; return it. A lost
            // compare-and-set has looked for it inside the transaction already: no second
            // look, so a conflict costs no more than the retry it leads to.
            (Err(e @ StoreError::Conflict { .. }), Some(k)) if key_taken => {
                // One statement: no transaction needed around it.
                let recorded = self.recorded(conn, id, event, k)?;
                match recorded {
                    Some(o) => Ok(o),
                    None => Err(e),
                }
            }
            (r, _) => r,
        }
    }

    /// Fire `event` at order `id` inside the caller's transaction `tx`, so the status
    /// changes together with the caller's own rows. The caller commits; on an error it must
    /// roll back (nothing of this call is kept then).
    pub fn apply_in<C, H>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        event: &M::Event,
        actor: Option<M::Role>,
        key: Option<&str>,
        hooks: &mut H,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Exec + ?Sized,
        H: Hooks<M, K, C>,
    {
        self.apply_traced(tx, id, event, actor, key, hooks, &mut false)
    }

    /// [`Store::apply_in`]; `key_taken` is set when the conflict is the key's unique
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
        key_taken: &mut bool,
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
        let result = self.apply_steps(tx, id, event, actor, key, hooks, key_taken);
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
        key_taken: &mut bool,
    ) -> Result<Outcome<M>, StoreError>
    where
        C: Exec + ?Sized,
        H: Hooks<M, K, C>,
    {
        self.check_dialect(tx)?;
        // 1. The key: a second delivery gets the recorded outcome.
        if let Some(k) = key {
            if let Some(o) = self.recorded(tx, id, event, k)? {
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
                        message: e.to_string(),
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
                        .set("rejection", rejection_json::<M>(&rejection))
                        .set("now", self.clock.now_ms());
                    self.put_outcome(tx, id, &a, key_taken)?;
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
                    (Err(StoreError::Conflict { order }), Some(k)) => {
                        return match self.recorded(tx, id, event, k)? {
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
                    self.put_outcome(tx, id, &a, key_taken)?;
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
    /// retry (or [`Store::apply`] itself) returns that delivery's outcome; `key_taken`
    /// says so.
    fn put_outcome<C: Exec + ?Sized>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        a: &crate::sql::Args,
        key_taken: &mut bool,
    ) -> Result<(), StoreError> {
        match tx.execute(&self.q.idem_put.text, &self.q.idem_put.params(a)) {
            Ok(_) => Ok(()),
            Err(e) if e.kind == DbErrorKind::Unique => {
                *key_taken = true;
                Err(StoreError::Conflict {
                    order: id.to_string(),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The outcome recorded under `key`, if any.
    fn recorded<C: Exec + ?Sized>(
        &self,
        tx: &mut C,
        id: &Id<K>,
        event: &M::Event,
        key: &str,
    ) -> Result<Option<Outcome<M>>, StoreError> {
        let kind = order_fsm::EventData::kind(event);
        let a = self.key_args(id).set("key", key);
        let rows = tx.query(&self.q.idem_get.text, &self.q.idem_get.params(&a))?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let recorded = row.first().and_then(Value::as_str).unwrap_or_default();
        if recorded != kind.id() {
            return Err(StoreError::IdempotencyMismatch {
                order: id.to_string(),
                key: key.to_string(),
                recorded: recorded.to_string(),
                given: kind.id().to_string(),
            });
        }
        tracing::debug!(order = %id, key, "duplicate delivery");
        let accepted = row.get(1).and_then(Value::as_bool).unwrap_or(false);
        if !accepted {
            let text = row.get(3).and_then(Value::as_str).unwrap_or_default();
            let rejection = parse_rejection::<M>(text).ok_or_else(|| StoreError::Unknown {
                order: id.to_string(),
                what: t!(msg::STORE_UNKNOWN_REJECTION, text = text),
            })?;
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
            match hooks.placement(action) {
                Placement::InTransaction => {
                    hooks
                        .action(tx, id, action, &ctx)
                        .map_err(|e| StoreError::Action {
                            action: action.id(),
                            message: e.to_string(),
                        })?;
                }
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

/// A rejection as stored under an idempotency key: JSON with ids, so it reads on its own and
/// survives a renumbering of the spec.
pub(crate) fn rejection_json<M: Machine>(r: &Rejection<M>) -> String {
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
    })
    .to_string()
}

pub(crate) fn parse_rejection<M: Machine>(text: &str) -> Option<Rejection<M>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
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
