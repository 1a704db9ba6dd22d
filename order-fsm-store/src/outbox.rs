//! The outbox relay: actions placed in the outbox are delivered after the commit, at least
//! once, in order per order.

use std::fmt;
use std::sync::atomic::Ordering;

use order_fsm::msg::{self, t};
use order_fsm::{Enumerated, Machine};

use crate::db::{Connection, Exec, Value};
use crate::sql::Args;
use crate::{Id, OrderKey, Store, StoreError};

/// Retries of the relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutboxConfig {
    /// Failed deliveries before a row becomes a dead letter.
    pub max_attempts: u32,
    /// Wait after the first failure; doubled after each further one.
    pub backoff_ms: i64,
    /// The longest wait between two attempts.
    pub max_backoff_ms: i64,
    /// How long a relay holds the rows it claimed while it delivers them. A relay that dies
    /// leaves them to the next one after this long; a delivery that takes longer may be
    /// repeated by another relay (at least once).
    pub lease_ms: i64,
    /// How long a row naming an action this relay's spec does not have is left to a relay
    /// that knows it (another version of the spec wrote it: a rolling deploy). Past it the
    /// row becomes a dead letter with its reason, so the later rows of its order go on;
    /// [`Store::retry_dead_letter`] puts it back once a relay that knows the action runs.
    pub unknown_action_grace_ms: i64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            max_attempts: 10,
            backoff_ms: 1_000,
            max_backoff_ms: 3_600_000,
            lease_ms: 60_000,
            unknown_action_grace_ms: 600_000,
        }
    }
}

impl OutboxConfig {
    /// The wait after `attempts` failed deliveries.
    pub fn backoff(&self, attempts: u32) -> i64 {
        let shift = attempts.saturating_sub(1).min(40);
        self.backoff_ms
            .saturating_mul(1i64 << shift)
            .min(self.max_backoff_ms)
    }
}

/// One action to deliver. `(order, seq, action)` is unique: use it to drop a second delivery
/// on the receiving side.
pub struct OutboxMessage<M: Machine, K> {
    pub outbox_id: i64,
    pub order: Id<K>,
    /// The log row of the transition that produced it.
    pub seq: i64,
    pub action: M::Action,
    /// The event's payload as JSON (`None` for timeouts, and without the `serde` feature).
    pub payload: Option<String>,
    /// Deliveries tried before this one.
    pub attempts: i64,
}

impl<M: Machine, K: fmt::Debug> fmt::Debug for OutboxMessage<M, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboxMessage")
            .field("outbox_id", &self.outbox_id)
            .field("order", &self.order)
            .field("seq", &self.seq)
            .field("action", &self.action)
            .field("payload", &self.payload)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// A row of the outbox as stored (for dead letters and inspection).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow<K> {
    pub outbox_id: i64,
    pub order: Id<K>,
    pub seq: i64,
    /// The action id as stored (it may name an action the spec no longer has).
    pub action: String,
    pub payload: Option<String>,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub published_at: Option<i64>,
    pub dead_at: Option<i64>,
}

/// The user's code that delivers outbox messages (to a queue, a mailer, another service).
pub trait Publisher<M: Machine, K> {
    /// Deliver one message. An error is retried with backoff, then dead-lettered.
    fn publish(&mut self, message: &OutboxMessage<M, K>) -> Result<(), crate::HookError>;
}

/// What one [`Store::relay`] pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelayReport {
    pub published: u64,
    pub failed: u64,
    /// Rows that became dead letters in this pass.
    pub dead: u64,
}

impl RelayReport {
    /// Rows handled.
    pub fn total(&self) -> u64 {
        self.published + self.failed + self.dead
    }
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    fn outbox_row(&self, r: &[Value]) -> Option<OutboxRow<K>> {
        let get = |i: usize| r.get(i).cloned().unwrap_or(Value::Null);
        Some(OutboxRow {
            outbox_id: get(0).as_i64()?,
            order: Id {
                tenant: get(1).as_str().map(str::to_string),
                key: K::from_value(&get(2))?,
            },
            seq: get(3).as_i64()?,
            action: get(4).as_str()?.to_string(),
            payload: get(5).as_str().map(str::to_string),
            attempts: get(6).as_i64().unwrap_or(0),
            next_attempt_at: get(7).as_i64().unwrap_or(0),
            last_error: get(8).as_str().map(str::to_string),
            published_at: get(9).as_i64(),
            dead_at: get(10).as_i64(),
        })
    }

    /// A row as listed: one that could not be read (a dead letter whose reason names the
    /// column) is listed too, with `seq` −1 and `action` empty when those do not read; only
    /// an order id of another type than the store's key cannot be shown.
    fn outbox_row_listed(&self, r: &[Value]) -> Option<OutboxRow<K>> {
        let get = |i: usize| r.get(i).cloned().unwrap_or(Value::Null);
        Some(OutboxRow {
            outbox_id: get(0).as_i64()?,
            order: Id {
                tenant: get(1).as_str().map(str::to_string),
                key: K::from_value(&get(2))?,
            },
            seq: get(3).as_i64().unwrap_or(-1),
            action: get(4).as_str().unwrap_or_default().to_string(),
            payload: get(5).as_str().map(str::to_string),
            attempts: get(6).as_i64().unwrap_or(0),
            next_attempt_at: get(7).as_i64().unwrap_or(0),
            last_error: get(8).as_str().map(str::to_string),
            published_at: get(9).as_i64(),
            dead_at: get(10).as_i64(),
        })
    }

    /// Deliver up to `batch` due outbox rows: the oldest waiting row of each order (a row is
    /// not delivered while an earlier row of its order waits, so a failing row holds back the
    /// later rows of its order until it is published or becomes a dead letter).
    ///
    /// Three short steps, so no transaction stays open while the publisher works (on SQLite
    /// an open write transaction would block every `apply`): one statement **claims** the
    /// rows with a lease (`next_attempt_at = now + lease`, for the whole batch at once;
    /// `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several relays share the work); each row is **published**
    /// outside any transaction; each outcome is **marked** with one statement. A relay that
    /// dies leaves its rows to the next one once the lease ends (at least once). A row naming
    /// an action this spec does not have is left to a relay that knows it (another version
    /// of the spec wrote it during a rolling deploy) for
    /// [`OutboxConfig::unknown_action_grace_ms`], then becomes a dead letter so that the
    /// later rows of its order go on; [`Store::migrate`] of a spec without that action
    /// makes it a dead letter at once. A row whose order or log row does not exist, or that
    /// this relay cannot read, becomes a dead letter with its reason instead of being
    /// published.
    pub fn relay<C, P>(
        &self,
        conn: &mut C,
        publisher: &mut P,
        batch: usize,
    ) -> Result<RelayReport, StoreError>
    where
        C: Connection,
        P: Publisher<M, K>,
    {
        self.check_dialect(conn)?;
        let span = tracing::info_span!("order_fsm.relay", published = tracing::field::Empty);
        let _enter = span.enter();
        let now = self.clock.now_ms();
        // One statement claims the due rows and leases them.
        let a = Args::new()
            .set("now", now)
            .set("limit", batch as i64)
            .set("next", now.saturating_add(self.outbox.lease_ms));
        let mut report = RelayReport::default();
        // Rows that can never be claimed (a next attempt stored as text, SQLite) and rows
        // no relay that knows their action took in time: dead letters with their reason,
        // so that they hold back no later row of their order.
        report.dead += self.dead_letter_unreadable_outbox(conn, false, batch)?;
        // The rows that waited past the grace are looked for at most once a minute (a tenth
        // of the grace when shorter): the look reads every row waiting that long, a large
        // backlog behind a failing publisher included.
        let every = (self.outbox.unknown_action_grace_ms / 10).clamp(1_000, 60_000);
        let last = self.unknown_sweep_at.load(Ordering::Relaxed);
        if now.saturating_sub(last) >= every || now < last {
            self.unknown_sweep_at.store(now, Ordering::Relaxed);
            report.dead += self.dead_letter_unknown_actions(conn, now, batch)?;
        }
        let rows = conn.query(&self.q.outbox_claim.text, &self.q.outbox_claim.params(&a))?;
        let mut claimed: Vec<(OutboxRow<K>, bool, bool)> = Vec::with_capacity(rows.len());
        for r in &rows {
            let exists = |i: usize| r.get(i).and_then(Value::as_bool).unwrap_or(false);
            match self.outbox_row(r) {
                Some(row) => claimed.push((row, exists(11), exists(12))),
                None => {
                    // A row this relay cannot read is not leased again and again: it is a
                    // dead letter, its reason naming the column.
                    let Some(oid) = r.first().and_then(Value::as_i64) else {
                        continue;
                    };
                    if self.set_dead(conn, oid, &self.unreadable_outbox_reason(r))? {
                        report.dead += 1;
                    }
                }
            }
        }
        claimed.sort_by_key(|(r, ..)| r.outbox_id);
        for (row, order_exists, log_exists) in claimed {
            // A message is delivered only for a transition that happened: its order and
            // its log row exist. Anything else (a row written by hand) is a dead letter.
            if !order_exists || !log_exists {
                let why = if order_exists {
                    t!(
                        msg::STORE_OUTBOX_NO_LOG_ROW,
                        order = row.order.to_string(),
                        seq = row.seq.to_string()
                    )
                } else {
                    t!(msg::STORE_OUTBOX_NO_ORDER, order = row.order.to_string())
                };
                if self.set_dead(conn, row.outbox_id, &why)? {
                    report.dead += 1;
                }
                continue;
            }
            let Some(action) = M::Action::from_id(&row.action) else {
                // Another version of the spec wrote it (the claim takes only this spec's
                // actions): left to a relay that knows it, or to the migration.
                continue;
            };
            let result = {
                {
                    let msg = OutboxMessage {
                        outbox_id: row.outbox_id,
                        order: row.order.clone(),
                        seq: row.seq,
                        action,
                        payload: row.payload.clone(),
                        attempts: row.attempts,
                    };
                    publisher.publish(&msg).map_err(|e| e.to_string())
                }
            };
            // Marked with the clock of now, not of the claim: publishing takes time.
            let done = self.clock.now_ms();
            let attempts = row.attempts + 1;
            match result {
                Ok(()) => {
                    let a = Args::new().set("now", done).set("oid", row.outbox_id);
                    conn.execute(
                        &self.q.outbox_published.text,
                        &self.q.outbox_published.params(&a),
                    )?;
                    report.published += 1;
                }
                Err(error) => {
                    let dead = attempts >= self.outbox.max_attempts as i64;
                    tracing::warn!(order = %row.order, seq = row.seq, action = %row.action, attempts, dead, %error, "outbox delivery failed");
                    let a = Args::new()
                        .set("attempts", attempts)
                        .set("error", error)
                        .set("next", done + self.outbox.backoff(attempts as u32))
                        .set("dead", if dead { Value::Int(done) } else { Value::Null })
                        .set("oid", row.outbox_id);
                    conn.execute(&self.q.outbox_failed.text, &self.q.outbox_failed.params(&a))?;
                    if dead {
                        report.dead += 1;
                    } else {
                        report.failed += 1;
                    }
                }
            }
        }
        span.record("published", report.published);
        self.metrics
            .outbox(report.published, report.failed, report.dead);
        Ok(report)
    }

    /// The reason an outbox row read as `r` cannot be delivered: its first column that does
    /// not hold what the store writes.
    fn unreadable_outbox_reason(&self, r: &[Value]) -> msg::Text {
        use crate::unreadable::reason;
        let get = |i: usize| r.get(i).cloned().unwrap_or(Value::Null);
        if K::from_value(&get(2)).is_none() {
            reason("order_id", &get(2), None, &msg::STORE_EXPECTED_KEY)
        } else if get(3).as_i64().is_none() {
            reason("seq", &get(3), None, &msg::STORE_EXPECTED_INTEGER)
        } else {
            reason("action", &get(4), None, &msg::STORE_EXPECTED_TEXT)
        }
    }

    /// Dead-letter the rows naming an action this spec does not have that waited longer
    /// than [`OutboxConfig::unknown_action_grace_ms`] with no relay taking them.
    fn dead_letter_unknown_actions<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        now: i64,
        limit: usize,
    ) -> Result<u64, StoreError> {
        let before = now.saturating_sub(self.outbox.unknown_action_grace_ms.max(0));
        let a = Args::new().set("before", before).set("limit", limit as i64);
        let rows = conn.query(
            &self.q.outbox_unknown_waiting.text,
            &self.q.outbox_unknown_waiting.params(&a),
        )?;
        let grace = msg::format_seconds(
            u64::try_from(self.outbox.unknown_action_grace_ms / 1000).unwrap_or(0),
        );
        let mut dead = 0;
        for r in rows {
            let Some(oid) = r.first().and_then(Value::as_i64) else {
                continue;
            };
            let action = r
                .get(1)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let why = t!(
                msg::STORE_OUTBOX_UNKNOWN_ACTION,
                action = action.as_str(),
                grace = grace.as_str()
            );
            let a = Args::new()
                .set("now", self.clock.now_ms())
                .set("error", crate::unreadable::stored(&why))
                .set("oid", oid)
                .set("before", before);
            // A relay that knows the action may have leased it since: then it is left.
            if conn.execute(
                &self.q.outbox_unknown_set_dead.text,
                &self.q.outbox_unknown_set_dead.params(&a),
            )? > 0
            {
                tracing::warn!(outbox_id = oid, %action, "no relay delivered an action this spec does not have; a dead letter");
                dead += 1;
            }
        }
        Ok(dead)
    }

    /// Relay until no row is due (or `max_passes` passes): for tests, tools and shutdown.
    pub fn relay_all<C, P>(
        &self,
        conn: &mut C,
        publisher: &mut P,
        max_passes: usize,
    ) -> Result<RelayReport, StoreError>
    where
        C: Connection,
        P: Publisher<M, K>,
    {
        let mut total = RelayReport::default();
        for _ in 0..max_passes {
            let r = self.relay(conn, publisher, 100)?;
            total.published += r.published;
            total.failed += r.failed;
            total.dead += r.dead;
            if r.total() == 0 {
                break;
            }
        }
        Ok(total)
    }

    /// The dead letters, oldest first.
    pub fn dead_letters<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        limit: usize,
    ) -> Result<Vec<OutboxRow<K>>, StoreError> {
        self.check_dialect(conn)?;
        let a = Args::new().set("limit", limit as i64);
        let rows = conn.query(&self.q.outbox_dead.text, &self.q.outbox_dead.params(&a))?;
        Ok(rows
            .iter()
            .filter_map(|r| self.outbox_row_listed(r))
            .collect())
    }

    /// Put a dead letter back in line, with its attempts reset; false if it is not dead.
    pub fn retry_dead_letter<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        outbox_id: i64,
    ) -> Result<bool, StoreError> {
        self.check_dialect(conn)?;
        let a = Args::new()
            .set("now", self.clock.now_ms())
            .set("oid", outbox_id);
        Ok(conn.execute(&self.q.outbox_retry.text, &self.q.outbox_retry.params(&a))? > 0)
    }

    /// Delete rows published before `before_ms` (run it on a schedule); how many.
    pub fn cleanup_outbox<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        before_ms: i64,
    ) -> Result<u64, StoreError> {
        self.check_dialect(conn)?;
        let a = Args::new().set("before", before_ms);
        Ok(conn.execute(
            &self.q.outbox_cleanup.text,
            &self.q.outbox_cleanup.params(&a),
        )?)
    }

    /// The outbox rows of one order, in the order they were written.
    pub fn outbox_rows<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
    ) -> Result<Vec<OutboxRow<K>>, StoreError> {
        self.check_dialect(conn)?;
        let rows = conn.query(
            &self.q.outbox_of_order.text,
            &self.q.outbox_of_order.params(&self.key_args(id)),
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| self.outbox_row_listed(r))
            .collect())
    }

    /// Rows waiting for delivery, and the age in ms of the oldest (from its transition);
    /// also recorded in [`Store::metrics`].
    pub fn outbox_backlog<C: Exec + ?Sized>(&self, conn: &mut C) -> Result<(i64, i64), StoreError> {
        self.check_dialect(conn)?;
        let rows = conn.query(&self.q.outbox_backlog.text, &[])?;
        let r = rows.into_iter().next().unwrap_or_default();
        let count = r.first().and_then(Value::as_i64).unwrap_or(0);
        let age = r
            .get(1)
            .and_then(Value::as_i64)
            .map_or(0, |at| self.clock.now_ms().saturating_sub(at).max(0));
        let dead = conn.query(&self.q.outbox_dead_count.text, &[])?;
        let dead = dead
            .first()
            .and_then(|r| r.first())
            .and_then(Value::as_i64)
            .unwrap_or(0);
        self.metrics.backlog(count, age, dead);
        Ok((count, age))
    }
}
