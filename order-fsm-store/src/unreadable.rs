//! Rows the timer worker or the relay cannot read: set aside with their reason, never spun
//! on, never holding up other rows.
//!
//! PostgreSQL's column types refuse a value of the wrong type, and so do SQLite's triggers
//! since the migration that created them; a SQLite database written before them (or by a
//! statement run with the triggers dropped) may still hold one. Such a timer is parked and
//! such an outbox row becomes a dead letter, both with a reason naming the column and the
//! value; the stored values are left as they are.

use order_fsm::msg::{self, t, Lang, Msg, Text};
use order_fsm::Machine;

use crate::db::{Dialect, Exec, Value};
use crate::sql::Args;
use crate::{OrderKey, Store, StoreError};

/// How a stored value is shown in a reason: its SQLite storage class when known, and the
/// value.
fn show(v: &Value, class: Option<&str>) -> String {
    let value = match v {
        Value::Null => "NULL".to_string(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Text(s) => {
            let mut s: String = s.chars().take(40).collect();
            s = s.replace('\'', "''");
            format!("'{s}'")
        }
    };
    match class {
        Some(c) => format!("{c} {value}"),
        None => value,
    }
}

/// The reason stored for a row whose `column` holds `v` instead of `expected`.
pub(crate) fn reason(column: &str, v: &Value, class: Option<&str>, expected: &'static Msg) -> Text {
    t!(
        msg::STORE_UNREADABLE_ROW,
        problems = t!(
            msg::STORE_UNREADABLE_VALUE,
            column = column,
            value = show(v, class),
            expected = expected
        )
    )
}

/// The reason as stored (English, like every error text the store keeps).
pub(crate) fn stored(text: &Text) -> String {
    text.render(Lang::En)
}

/// The first column of `row` (read by a query ending in the columns' storage classes at
/// `classes`) whose class is not the expected one, as a reason.
fn first_wrong(
    row: &[Value],
    columns: &[(&str, usize, &str, &'static Msg)],
    classes: usize,
) -> Option<Text> {
    columns
        .iter()
        .enumerate()
        .find_map(|(i, &(name, at, want, expected))| {
            let class = row.get(classes + i).and_then(Value::as_str)?;
            (class != want).then(|| {
                reason(
                    name,
                    row.get(at).unwrap_or(&Value::Null),
                    Some(class),
                    expected,
                )
            })
        })
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    fn key_class(&self) -> &'static str {
        match self.layout.key {
            order_fsm_sql::KeyType::BigInt => "integer",
            _ => "text",
        }
    }

    /// Park a timer read as `row` (tenant, order id, state version, line, …, as stored) with
    /// `why`; false when it was not there to park.
    pub(crate) fn park_timer_as_stored<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        row: &[Value],
        why: &Text,
    ) -> Result<bool, StoreError> {
        let get = |i: usize| row.get(i).cloned().unwrap_or(Value::Null);
        let mut a = Args::new();
        if self.layout.tenant {
            a.put("tenant", get(0));
        }
        let a = a
            .set("id", get(1))
            .set("version", get(2))
            .set("line", get(3))
            .set("now", self.clock.now_ms())
            .set("error", stored(why));
        let n = conn.execute(
            &self.q.timer_park_unreadable.text,
            &self.q.timer_park_unreadable.params(&a),
        )?;
        if n > 0 {
            tracing::warn!(reason = %stored(why), "an unreadable timer is parked");
            self.metrics.count("timer_parked");
        }
        Ok(n > 0)
    }

    /// SQLite: park the timers holding a value of another type than the store writes. With
    /// `all`, every timer is looked at (the migration); otherwise only those whose due time
    /// is text, which are never due (each scan of the worker, through the due-time index).
    /// Returns how many were parked.
    pub(crate) fn park_unreadable_timers<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        all: bool,
        limit: usize,
    ) -> Result<u64, StoreError> {
        if self.layout.dialect != Dialect::Sqlite {
            return Ok(0);
        }
        let q = if all {
            &self.q.timers_unreadable
        } else {
            &self.q.timers_never_due
        };
        let rows = conn.query(&q.text, &q.params(&Args::new().set("limit", limit as i64)))?;
        let key = self.key_class();
        let columns = [
            ("order_id", 1, key, &msg::STORE_EXPECTED_KEY),
            ("state_version", 2, "integer", &msg::STORE_EXPECTED_INTEGER),
            ("line_id", 3, "text", &msg::STORE_EXPECTED_TEXT),
            ("due_at", 4, "integer", &msg::STORE_EXPECTED_INTEGER),
            ("attempts", 5, "integer", &msg::STORE_EXPECTED_INTEGER),
            ("delay_seconds", 6, "integer", &msg::STORE_EXPECTED_INTEGER),
        ];
        let mut parked = 0;
        for row in rows {
            // The row holds 6 columns, then the classes of the 6 checked ones.
            let Some(why) = first_wrong(&row, &columns, 6) else {
                continue;
            };
            if self.park_timer_as_stored(conn, &row, &why)? {
                parked += 1;
            }
        }
        Ok(parked)
    }

    /// SQLite: make dead letters of the waiting outbox rows holding a value of another type
    /// than the store writes (`all`: every waiting row, the migration; otherwise those whose
    /// next attempt is text, which are never due and would hold back their order's later
    /// rows). Returns how many.
    pub(crate) fn dead_letter_unreadable_outbox<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        all: bool,
        limit: usize,
    ) -> Result<u64, StoreError> {
        if self.layout.dialect != Dialect::Sqlite {
            return Ok(0);
        }
        let q = if all {
            &self.q.outbox_unreadable
        } else {
            &self.q.outbox_never_due
        };
        let rows = conn.query(&q.text, &q.params(&Args::new().set("limit", limit as i64)))?;
        let key = self.key_class();
        let columns = [
            ("order_id", 1, key, &msg::STORE_EXPECTED_KEY),
            ("seq", 2, "integer", &msg::STORE_EXPECTED_INTEGER),
            ("action", 3, "text", &msg::STORE_EXPECTED_TEXT),
            (
                "next_attempt_at",
                4,
                "integer",
                &msg::STORE_EXPECTED_INTEGER,
            ),
            ("attempts", 5, "integer", &msg::STORE_EXPECTED_INTEGER),
        ];
        let mut dead = 0;
        for row in rows {
            let Some(oid) = row.first().and_then(Value::as_i64) else {
                continue;
            };
            let Some(why) = first_wrong(&row, &columns, 6) else {
                continue;
            };
            if self.set_dead(conn, oid, &why)? {
                dead += 1;
            }
        }
        Ok(dead)
    }

    /// Make the waiting outbox row `oid` a dead letter with `why`; false if it is not
    /// waiting.
    pub(crate) fn set_dead<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        oid: i64,
        why: &Text,
    ) -> Result<bool, StoreError> {
        let a = Args::new()
            .set("now", self.clock.now_ms())
            .set("error", stored(why))
            .set("oid", oid);
        let n = conn.execute(
            &self.q.outbox_set_dead.text,
            &self.q.outbox_set_dead.params(&a),
        )?;
        if n > 0 {
            tracing::warn!(outbox_id = oid, reason = %stored(why), "an outbox row is a dead letter");
        }
        Ok(n > 0)
    }
}
