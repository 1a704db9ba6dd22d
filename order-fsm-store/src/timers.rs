//! The timer worker: due timers fired through the same write as `apply`, one transaction
//! per timer, claimed on PostgreSQL by locking the order row (`FOR UPDATE SKIP LOCKED`)
//! before the timer row, in the same order as `apply`.

use order_fsm::msg;
use order_fsm::plan::{self, Entry, TimerDecision, TimerFate};
use order_fsm::{Enumerated, Machine};

use crate::db::{Connection, Exec, Value};
use crate::sql::Args;
use crate::{Hooks, Id, OrderKey, Store, StoreError};

/// What one scan of [`Store::fire_due_timers`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimerReport {
    /// Timers that moved their order.
    pub fired: u64,
    /// Reminders that ran (their actions written like any transition's; the order stayed).
    pub reminders: u64,
    /// Timers whose decision was "nothing" (the guards of every due line said no).
    pub rejected: u64,
    /// Timers of an entry that had ended, of a line the spec no longer has, or of an order
    /// that is gone: dropped with no effect.
    pub stale: u64,
    /// Timers that lost a race with another writer; they are looked at again next scan.
    pub conflicts: u64,
    /// Timers whose firing failed (a guard or an in-transaction action returned an error,
    /// or the database refused a statement): pushed back with backoff
    /// ([`TimerConfig`]), so they do not hold up the timers behind them.
    pub failed: u64,
    /// Timers that failed [`TimerConfig::max_attempts`] times, or hold a value the worker
    /// cannot read (a reason naming the column is their `last_error`), and were parked in
    /// this scan: no worker takes them until [`Store::retry_parked_timer`].
    pub parked: u64,
    /// The largest delay between a timer's due time and its firing, in ms.
    pub max_lag_ms: i64,
}

/// What [`Store::reconcile_timers`] changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimersReconciled {
    pub dropped: u64,
    pub rearmed: u64,
    pub armed: u64,
}

/// Retries of a timer whose firing failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerConfig {
    /// Failed firings before the timer is parked.
    pub max_attempts: u32,
    /// Wait after the first failure; doubled after each further one.
    pub backoff_ms: i64,
    /// The longest wait between two attempts.
    pub max_backoff_ms: i64,
}

impl Default for TimerConfig {
    fn default() -> Self {
        TimerConfig {
            max_attempts: 10,
            backoff_ms: 60_000,
            max_backoff_ms: 3_600_000,
        }
    }
}

impl TimerConfig {
    /// The wait after `attempts` failed firings.
    pub fn backoff(&self, attempts: u32) -> i64 {
        let shift = attempts.saturating_sub(1).min(40);
        self.backoff_ms
            .saturating_mul(1i64 << shift)
            .min(self.max_backoff_ms)
    }
}

/// A timer that failed too often and waits for a person: [`Store::parked_timers`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParkedTimer<K> {
    pub order: Id<K>,
    /// −1 (and `line_id` empty) when the stored value is not one the store writes: such a
    /// timer was parked as unreadable, and `last_error` names the column and the value.
    pub state_version: i64,
    pub line_id: String,
    pub due_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub parked_at: i64,
}

/// A claimed timer, carried with an error so the caller can push it back.
type Claimed<K> = (Id<K>, i64, String, i64);

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// Fire the timers due now, at most `max` of them, each in a transaction of its own that
    /// claims it, decides and writes: a worker that dies mid-way leaves its timer claimable,
    /// and timers that fell due while no worker ran fire on this scan. Several workers may
    /// scan at once; no timer fires twice.
    pub fn fire_due_timers<C, H>(
        &self,
        conn: &mut C,
        hooks: &mut H,
        max: usize,
    ) -> Result<TimerReport, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        self.check_dialect(conn)?;
        let mut report = TimerReport::default();
        // Timers whose due time is text are never due: set aside, so they are listed.
        report.parked += self.park_unreadable_timers(conn, false, max)?;
        for _ in 0..max {
            if !self.fire_one(conn, hooks, &mut report)? {
                break;
            }
        }
        Ok(report)
    }

    /// Claim and fire one due timer; false when none is due.
    fn fire_one<C, H>(
        &self,
        conn: &mut C,
        hooks: &mut H,
        report: &mut TimerReport,
    ) -> Result<bool, StoreError>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        let now = self.clock.now_ms();
        // Dropped without a commit (an error, or a hook that panics), it rolls back.
        let mut tx = crate::Tx::begin(conn)?;
        let result = self.fire_one_in(tx.connection(), hooks, report, now);
        match result {
            Ok(found) => {
                tx.commit()?;
                Ok(found)
            }
            Err((Some(timer), e)) if !connection_lost(&e) => {
                tx.rollback();
                if matches!(e, StoreError::Conflict { .. }) {
                    report.conflicts += 1;
                    self.metrics.count("conflict");
                    return Ok(true);
                }
                // A guard, an action or the database failed on this timer: push it back
                // (then park it) instead of holding up the timers behind it.
                let (id, version, line, attempts) = timer;
                let attempts = attempts.saturating_add(1);
                let parked = attempts >= self.timer_config.max_attempts as i64;
                tracing::warn!(order = %id, line = %line, attempts, parked, error = %e, "timer failed");
                let a = self
                    .key_args(&id)
                    .set("version", version)
                    .set("line", line)
                    .set("attempts", attempts)
                    .set("error", e.to_string())
                    .set(
                        "due",
                        now.saturating_add(self.timer_config.backoff(attempts as u32)),
                    )
                    .set("dead", if parked { Value::Int(now) } else { Value::Null });
                crate::in_transaction(conn, |c| {
                    c.execute(&self.q.timer_failed.text, &self.q.timer_failed.params(&a))?;
                    Ok(())
                })?;
                if parked {
                    report.parked += 1;
                    self.metrics.count("timer_parked");
                } else {
                    report.failed += 1;
                    self.metrics.count("timer_failed");
                }
                Ok(true)
            }
            Err((_, e)) => {
                tx.rollback();
                Err(e)
            }
        }
    }

    // The timer rides along with the error so the caller can push it back; one per call.
    #[allow(clippy::type_complexity, clippy::result_large_err)]
    fn fire_one_in<C, H>(
        &self,
        conn: &mut C,
        hooks: &mut H,
        report: &mut TimerReport,
        now: i64,
    ) -> Result<bool, (Option<Claimed<K>>, StoreError)>
    where
        C: Connection,
        H: Hooks<M, K, C>,
    {
        let a = Args::new().set("now", now);
        let rows = conn
            .query(&self.q.timer_claim.text, &self.q.timer_claim.params(&a))
            .map_err(|e| (None, e.into()))?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(false);
        };
        // A timer holding a value of another type than the store writes (possible only on
        // SQLite, in a row written before its triggers) is parked with the reason, as it is
        // stored: it is not claimed again, and the timers behind it go on.
        let unreadable = if row.get(1).and_then(K::from_value).is_none() {
            Some(("order_id", 1, &msg::STORE_EXPECTED_KEY))
        } else if row.get(2).and_then(Value::as_i64).is_none() {
            Some(("state_version", 2, &msg::STORE_EXPECTED_INTEGER))
        } else if row.get(3).and_then(Value::as_str).is_none() {
            Some(("line_id", 3, &msg::STORE_EXPECTED_TEXT))
        } else if row.get(4).and_then(Value::as_i64).is_none() {
            Some(("due_at", 4, &msg::STORE_EXPECTED_INTEGER))
        } else if row.get(5).and_then(Value::as_i64).is_none() {
            Some(("attempts", 5, &msg::STORE_EXPECTED_INTEGER))
        } else {
            None
        };
        if let Some((column, at, expected)) = unreadable {
            let why = crate::unreadable::reason(
                column,
                row.get(at).unwrap_or(&Value::Null),
                None,
                expected,
            );
            let parked = self
                .park_timer_as_stored(conn, &row, &why)
                .map_err(|e| (None, e))?;
            if parked {
                report.parked += 1;
            }
            // Not found to park: stop this scan rather than claim it again.
            return Ok(parked);
        }
        let tenant = row.first().and_then(Value::as_str).map(str::to_string);
        let Some(key) = row.get(1).and_then(K::from_value) else {
            return Ok(false);
        };
        let id = Id { tenant, key };
        let version = row.get(2).and_then(Value::as_i64).unwrap_or(-1);
        let line_id = row
            .get(3)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let due = row.get(4).and_then(Value::as_i64).unwrap_or(now);
        let attempts = row.get(5).and_then(Value::as_i64).unwrap_or(0);
        // The order is locked; now the timer. An apply that committed since the claim may
        // have dropped it: then there is nothing to fire.
        let a = self
            .key_args(&id)
            .set("version", version)
            .set("line", line_id.clone())
            .set("now", now);
        let still = conn
            .query(&self.q.timer_lock.text, &self.q.timer_lock.params(&a))
            .map_err(|e| (None, e.into()))?;
        if still.is_empty() {
            return Ok(true);
        }
        let timer = (id.clone(), version, line_id.clone(), attempts);
        let span = tracing::info_span!(
            "order_fsm.timer",
            order = %id,
            line = %line_id,
            outcome = tracing::field::Empty
        );
        let _enter = span.enter();
        let fail = |e: StoreError| (Some(timer.clone()), e);
        let lag = now.saturating_sub(due).max(0);
        report.max_lag_ms = report.max_lag_ms.max(lag);
        self.metrics.timer_lag(lag);

        let drop_timer = |conn: &mut C| -> Result<(), StoreError> {
            let a = self
                .key_args(&id)
                .set("version", version)
                .set("line", line_id.clone());
            conn.execute(&self.q.timer_delete.text, &self.q.timer_delete.params(&a))?;
            Ok(())
        };
        let cur = match self.current(conn, &id, false) {
            Ok(c) => c,
            Err(StoreError::NotFound { .. }) => {
                drop_timer(conn).map_err(fail)?;
                report.stale += 1;
                span.record("outcome", "stale");
                self.metrics.count("timer_stale");
                return Ok(true);
            }
            Err(e) => return Err(fail(e)),
        };
        // Versions are never negative (the schema's CHECK); a timer without one belongs to
        // no entry and is dropped as stale below.
        let current = Entry::<M> {
            state: cur.state,
            version: u64::try_from(cur.version).unwrap_or(u64::MAX),
        };
        let armed_version = u64::try_from(version).ok();
        let elapsed = (now.saturating_sub(cur.entered_at).max(0) / 1000) as u64;
        // The reminders of this entry still to be decided: armed, not refused or done, not
        // parked.
        let pending: std::collections::HashSet<usize> = conn
            .query(
                &self.q.timers_of_order.text,
                &self.q.timers_of_order.params(&self.key_args(&id)),
            )
            .map_err(|e| fail(e.into()))?
            .into_iter()
            .filter(|r| {
                r.first().and_then(Value::as_i64) == Some(cur.version)
                    && r.get(5).is_none_or(|v| v.as_i64().is_none())
                    && r.get(6).is_none_or(|v| v.as_i64().is_none())
            })
            .filter_map(|r| {
                r.get(1)
                    .and_then(Value::as_str)
                    .and_then(|l| self.lines_by_id.get(l).copied())
            })
            .collect();
        let decision = match (self.lines_by_id.get(&line_id), armed_version) {
            // A line of another version of the spec (the claim takes only this spec's
            // lines): left to a worker that knows it, or to the migration that drops it.
            (None, _) => return Ok(true),
            (Some(_), None) => TimerDecision::Stale,
            (Some(&line), Some(armed_version)) => {
                let mut guard_error = None;
                let d = plan::fire_timer::<M>(
                    current,
                    armed_version,
                    line,
                    elapsed,
                    |l| pending.contains(&l),
                    |g, ctx| match hooks.guard(conn, &id, g, ctx) {
                        Ok(b) => b,
                        Err(e) => {
                            guard_error.get_or_insert(StoreError::Guard {
                                guard: g.id(),
                                error: crate::HookFailure::new(e),
                            });
                            false
                        }
                    },
                );
                if let Some(e) = guard_error {
                    return Err(fail(e));
                }
                d
            }
        };
        match decision {
            TimerDecision::Stale => {
                drop_timer(conn).map_err(fail)?;
                report.stale += 1;
                span.record("outcome", "stale");
                self.metrics.count("timer_stale");
            }
            TimerDecision::Due(waited) => {
                // The reminders run first, each a step that keeps the state (a new version,
                // the same entry); then the leaving line, which ends the entry and takes its
                // timers, or nothing.
                let mut cur = cur;
                for r in &waited.reminders {
                    self.write_transition(conn, &id, &cur, r, None, None, Some(elapsed), hooks)
                        .map_err(fail)?;
                    cur.version += 1;
                }
                // Counted now: a failure below rolls the reminders back with the rest.
                let ran = waited.reminders.len() as u64;
                match waited.outcome {
                    Ok(tr) => {
                        self.write_transition(
                            conn,
                            &id,
                            &cur,
                            &tr,
                            None,
                            None,
                            Some(elapsed),
                            hooks,
                        )
                        .map_err(fail)?;
                        report.fired += 1;
                        span.record("outcome", "fired");
                        self.metrics.count("timer_fired");
                        tracing::debug!(from = tr.from.id(), to = tr.to.id(), "timer fired");
                    }
                    Err(_) => {
                        // The entry goes on. The runtime lists the reminders this decision
                        // settled (run, or their guard said no); the timer itself has
                        // fired too (its line is among them, or a leaving line whose guard
                        // said no). They are kept, marked, until the entry ends, so that
                        // no worker fires them twice and a reconciliation does not arm
                        // them again.
                        let own = self.lines_by_id.get(&line_id).copied();
                        let done = waited
                            .decided
                            .iter()
                            .copied()
                            .chain(own.filter(|l| !waited.decided.contains(l)));
                        for l in done {
                            let a = self
                                .key_args(&id)
                                .set("version", cur.version)
                                .set("line", self.line_id(l))
                                .set("now", now);
                            conn.execute(
                                &self.q.timer_refuse.text,
                                &self.q.timer_refuse.params(&a),
                            )
                            .map_err(|e| fail(e.into()))?;
                        }
                        if waited.reminders.is_empty() {
                            report.rejected += 1;
                            span.record("outcome", "rejected");
                            self.metrics.count("timer_rejected");
                        } else {
                            span.record("outcome", "reminded");
                        }
                    }
                }
                report.reminders += ran;
                for _ in 0..ran {
                    self.metrics.count("timer_reminded");
                }
            }
        }
        Ok(true)
    }

    /// The parked timers (failed [`TimerConfig::max_attempts`] times), oldest first; also
    /// counted in [`Store::metrics`].
    pub fn parked_timers<C: crate::Exec + ?Sized>(
        &self,
        conn: &mut C,
        limit: usize,
    ) -> Result<Vec<ParkedTimer<K>>, StoreError> {
        self.check_dialect(conn)?;
        let a = Args::new().set("limit", limit as i64);
        let rows = conn.query(&self.q.timers_parked.text, &self.q.timers_parked.params(&a))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let get = |i: usize| r.get(i).cloned().unwrap_or(Value::Null);
                Some(ParkedTimer {
                    order: Id {
                        tenant: get(0).as_str().map(str::to_string),
                        key: K::from_value(&get(1))?,
                    },
                    // An unreadable timer is listed too; its reason names the stored value.
                    state_version: get(2).as_i64().unwrap_or(-1),
                    line_id: get(3).as_str().unwrap_or_default().to_string(),
                    due_at: get(4).as_i64().unwrap_or(0),
                    attempts: get(5).as_i64().unwrap_or(0),
                    last_error: get(6).as_str().map(str::to_string),
                    parked_at: get(7).as_i64().unwrap_or(0),
                })
            })
            .collect())
    }

    /// Put a parked timer back in line, due now, with its attempts reset; false if no such
    /// timer is parked.
    pub fn retry_parked_timer<C: crate::Exec + ?Sized>(
        &self,
        conn: &mut C,
        order: &Id<K>,
        state_version: i64,
        line_id: &str,
    ) -> Result<bool, StoreError> {
        self.check_dialect(conn)?;
        let a = self
            .key_args(order)
            .set("version", state_version)
            .set("line", line_id)
            .set("now", self.clock.now_ms());
        Ok(conn.execute(&self.q.timer_unpark.text, &self.q.timer_unpark.params(&a))? > 0)
    }

    /// Timers due now and not yet fired (parked ones, refused ones and reminders already run left out), and how late the oldest of
    /// them is, in ms (the timer lag; recorded in [`Store::metrics`] with the number of
    /// parked timers).
    pub fn timer_backlog<C: crate::Exec + ?Sized>(
        &self,
        conn: &mut C,
    ) -> Result<(i64, i64), StoreError> {
        self.check_dialect(conn)?;
        let now = self.clock.now_ms();
        let a = Args::new().set("now", now);
        let rows = conn.query(&self.q.timers_lag.text, &self.q.timers_lag.params(&a))?;
        let r = rows.into_iter().next().unwrap_or_default();
        let lag = r
            .first()
            .and_then(Value::as_i64)
            .map_or(0, |due| now.saturating_sub(due).max(0));
        let count = r.get(1).and_then(Value::as_i64).unwrap_or(0);
        self.metrics.timer_lag(lag);
        let parked = conn.query(&self.q.timers_parked_count.text, &[])?;
        self.metrics.parked_timers(
            parked
                .first()
                .and_then(|r| r.first())
                .and_then(Value::as_i64)
                .unwrap_or(0),
        );
        Ok((count, lag))
    }

    /// Bring pending timers in line with the current spec, after a spec change: timers of
    /// an entry that ended, of an order that is gone, or of a line that is gone are dropped;
    /// timers whose line's delay changed are re-armed from the entry time, or stay decided,
    /// as [`plan::reconcile`] says (a decided reminder stays decided; a leaving line whose
    /// guard said no is asked again only when its new delay is longer). A timer pushed back
    /// after a failure keeps its later due time, a parked one stays parked. Timeout lines
    /// that have no timer for an order in their state get one, due from the entry time;
    /// decided timers count as timers, so they are not armed again.
    /// [`Store::migrate`] runs it.
    pub fn reconcile_timers<C: Connection>(
        &self,
        conn: &mut C,
    ) -> Result<TimersReconciled, StoreError> {
        self.check_dialect(conn)?;
        crate::in_transaction(conn, |c| {
            let mut out = TimersReconciled::default();
            let rows = c.query(&self.q.timers_all.text, &[])?;
            for row in rows {
                let int = |i: usize| row.get(i).and_then(Value::as_i64);
                let tenant = row.first().and_then(Value::as_str).map(str::to_string);
                let Some(key) = row.get(1).and_then(K::from_value) else {
                    continue;
                };
                let id = Id { tenant, key };
                // An unreadable timer was parked by the migration: left as it is.
                let (Some(version), Some(line_id), Some(due)) =
                    (int(2), row.get(3).and_then(Value::as_str), int(4))
                else {
                    continue;
                };
                let line_id = line_id.to_string();
                let delay = int(5).unwrap_or(0).max(0) as u64;
                let attempts = int(6).unwrap_or(0);
                let refused_at = int(7);
                let refused = refused_at.is_some();
                let parked = int(8).is_some();
                let a = self
                    .key_args(&id)
                    .set("version", version)
                    .set("line", line_id.clone());
                // The order as read with the timers: gone, or in another entry, drops it.
                let (fate, entered) = match (row.get(9), int(10)) {
                    (Some(status), Some(v)) if v == version && !matches!(status, Value::Null) => (
                        plan::reconcile::<M>(
                            self.state_of(&id, status)?,
                            self.lines_by_id.get(&line_id).copied(),
                            delay,
                            refused,
                        ),
                        int(11).unwrap_or(0),
                    ),
                    _ => (TimerFate::Drop, 0),
                };
                match fate {
                    TimerFate::Keep => {}
                    TimerFate::Drop => {
                        c.execute(&self.q.timer_delete.text, &self.q.timer_delete.params(&a))?;
                        out.dropped += 1;
                    }
                    TimerFate::Rearm { seconds, decided } => {
                        let from_entry =
                            entered.saturating_add((seconds as i64).saturating_mul(1000));
                        // The runtime says whether the timer stays decided; the store keeps
                        // its own bookkeeping: a parked timer stays parked at its time, a
                        // decided one is not claimed whatever its time, and one pushed back
                        // after a failure keeps its later due time.
                        let due = if parked || decided {
                            due
                        } else if attempts > 0 {
                            due.max(from_entry)
                        } else {
                            from_entry
                        };
                        let a = a
                            .set("due", due)
                            .set("delay", seconds as i64)
                            .set("dead", refused_at.filter(|_| decided));
                        c.execute(&self.q.timer_rearm.text, &self.q.timer_rearm.params(&a))?;
                        out.rearmed += 1;
                    }
                }
            }
            for &state in M::State::ALL {
                for t in plan::timers_on_entry::<M>(state) {
                    let a = Args::new()
                        .set("line", self.line_id(t.line))
                        .set("ms", (t.seconds as i64).saturating_mul(1000))
                        .set("delay", t.seconds as i64)
                        .set("status", self.status_value(state));
                    out.armed += c.execute(
                        &self.q.timers_arm_missing.text,
                        &self.q.timers_arm_missing.params(&a),
                    )?;
                }
            }
            Ok(out)
        })
    }
}

/// Only a lost connection stops a scan: every other failure belongs to one timer.
fn connection_lost(e: &StoreError) -> bool {
    matches!(e, StoreError::Db(d) if d.kind == crate::DbErrorKind::ConnectionLost)
}
