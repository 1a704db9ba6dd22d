//! Counters, kept in atomics by the store and read with [`Store::metrics`](crate::Store::metrics).

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};

/// Counters of one store (shared by its clones).
#[derive(Debug, Default)]
pub struct Metrics {
    applied: AtomicU64,
    rejected: AtomicU64,
    conflicts: AtomicU64,
    busy: AtomicU64,
    retries: AtomicU64,
    duplicates: AtomicU64,
    errors: AtomicU64,
    timers_fired: AtomicU64,
    reminders_run: AtomicU64,
    timers_rejected: AtomicU64,
    timers_stale: AtomicU64,
    timers_failed: AtomicU64,
    timers_parked: AtomicU64,
    parked_timers: AtomicI64,
    timer_lag_ms_max: AtomicI64,
    timer_lag_ms_last: AtomicI64,
    outbox_published: AtomicU64,
    outbox_failed: AtomicU64,
    dead_letters_made: AtomicU64,
    outbox_backlog: AtomicI64,
    outbox_oldest_age_ms: AtomicI64,
    dead_letters: AtomicI64,
}

/// The counters at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MetricsSnapshot {
    pub applied: u64,
    pub rejected: u64,
    /// Compare-and-set failures: another writer won.
    pub conflicts: u64,
    /// Busy databases and serialization failures.
    pub busy: u64,
    /// Attempts repeated by [`Store::retry`](crate::Store::retry).
    pub retries: u64,
    /// Second deliveries answered from an idempotency key.
    pub duplicates: u64,
    pub errors: u64,
    pub timers_fired: u64,
    /// Reminders run by the timer worker (each a step that keeps the state).
    pub reminders_run: u64,
    pub timers_rejected: u64,
    pub timers_stale: u64,
    /// Failed timer firings pushed back, and timers parked after the last allowed failure.
    pub timers_failed: u64,
    pub timers_parked: u64,
    /// From the last [`Store::timer_backlog`](crate::Store::timer_backlog): parked timers
    /// in the table.
    pub parked_timers: i64,
    /// The largest and the last delay between a timer's due time and its firing.
    pub timer_lag_ms_max: i64,
    pub timer_lag_ms_last: i64,
    pub outbox_published: u64,
    pub outbox_failed: u64,
    /// Rows that became dead letters.
    pub dead_letters_made: u64,
    /// From the last [`Store::outbox_backlog`](crate::Store::outbox_backlog): rows waiting,
    /// the oldest one's age, dead letters in the table.
    pub outbox_backlog: i64,
    pub outbox_oldest_age_ms: i64,
    pub dead_letters: i64,
}

impl Metrics {
    pub(crate) fn count(&self, outcome: &str) {
        let c = match outcome {
            "applied" => &self.applied,
            "rejected" => &self.rejected,
            "conflict" => &self.conflicts,
            "busy" => &self.busy,
            "duplicate" => &self.duplicates,
            "retry" => &self.retries,
            "timer_fired" => &self.timers_fired,
            "timer_reminded" => &self.reminders_run,
            "timer_rejected" => &self.timers_rejected,
            "timer_stale" => &self.timers_stale,
            "timer_failed" => &self.timers_failed,
            "timer_parked" => &self.timers_parked,
            _ => &self.errors,
        };
        c.fetch_add(1, Relaxed);
    }

    pub(crate) fn timer_lag(&self, ms: i64) {
        self.timer_lag_ms_last.store(ms, Relaxed);
        self.timer_lag_ms_max.fetch_max(ms, Relaxed);
    }

    pub(crate) fn parked_timers(&self, n: i64) {
        self.parked_timers.store(n, Relaxed);
    }

    pub(crate) fn outbox(&self, published: u64, failed: u64, dead: u64) {
        self.outbox_published.fetch_add(published, Relaxed);
        self.outbox_failed.fetch_add(failed, Relaxed);
        self.dead_letters_made.fetch_add(dead, Relaxed);
    }

    pub(crate) fn backlog(&self, count: i64, age_ms: i64, dead: i64) {
        self.outbox_backlog.store(count, Relaxed);
        self.outbox_oldest_age_ms.store(age_ms, Relaxed);
        self.dead_letters.store(dead, Relaxed);
    }

    pub fn snapshot(&self) -> MetricsSnapshot {
        MetricsSnapshot {
            applied: self.applied.load(Relaxed),
            rejected: self.rejected.load(Relaxed),
            conflicts: self.conflicts.load(Relaxed),
            busy: self.busy.load(Relaxed),
            retries: self.retries.load(Relaxed),
            duplicates: self.duplicates.load(Relaxed),
            errors: self.errors.load(Relaxed),
            timers_fired: self.timers_fired.load(Relaxed),
            reminders_run: self.reminders_run.load(Relaxed),
            timers_rejected: self.timers_rejected.load(Relaxed),
            timers_stale: self.timers_stale.load(Relaxed),
            timers_failed: self.timers_failed.load(Relaxed),
            timers_parked: self.timers_parked.load(Relaxed),
            parked_timers: self.parked_timers.load(Relaxed),
            timer_lag_ms_max: self.timer_lag_ms_max.load(Relaxed),
            timer_lag_ms_last: self.timer_lag_ms_last.load(Relaxed),
            outbox_published: self.outbox_published.load(Relaxed),
            outbox_failed: self.outbox_failed.load(Relaxed),
            dead_letters_made: self.dead_letters_made.load(Relaxed),
            outbox_backlog: self.outbox_backlog.load(Relaxed),
            outbox_oldest_age_ms: self.outbox_oldest_age_ms.load(Relaxed),
            dead_letters: self.dead_letters.load(Relaxed),
        }
    }
}
