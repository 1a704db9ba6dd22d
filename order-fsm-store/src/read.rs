//! Reading: the order's state, the audit trail, what a role may do next.

use std::fmt;

use order_fsm::plan::{self, Permitted};
use order_fsm::{Enumerated, Machine};

use crate::db::{Exec, Value};
use crate::sql::Args;
use crate::{Id, OrderKey, Store, StoreError};

/// An order as stored.
pub struct OrderView<M: Machine> {
    pub state: M::State,
    /// Grows by one with every transition (and every direct status change).
    pub version: i64,
    /// When the order entered its state (UTC ms).
    pub entered_at: i64,
    pub created_at: i64,
}

impl<M: Machine> fmt::Debug for OrderView<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrderView")
            .field("state", &self.state)
            .field("version", &self.version)
            .field("entered_at", &self.entered_at)
            .field("created_at", &self.created_at)
            .finish()
    }
}

/// One row of the audit log.
pub struct LogEntry<M: Machine> {
    /// 1 for the creation, then one more per transition.
    pub seq: i64,
    /// `None` for the creation.
    pub from: Option<M::State>,
    pub to: M::State,
    /// The event; `None` for the creation and for timeouts.
    pub event: Option<M::EventKind>,
    /// The delay of the timeout that fired.
    pub timeout_seconds: Option<i64>,
    /// The line identity as stored, and the line of the current spec it names.
    pub line_id: Option<String>,
    pub line: Option<usize>,
    /// The role id, `None` for a trusted caller or a timer; `bypass: <reason>` for a repair.
    pub actor: Option<String>,
    /// The event's payload as JSON.
    pub payload: Option<String>,
    pub spec_hash: String,
    pub at: i64,
}

impl<M: Machine> Clone for LogEntry<M> {
    fn clone(&self) -> Self {
        LogEntry {
            seq: self.seq,
            from: self.from,
            to: self.to,
            event: self.event,
            timeout_seconds: self.timeout_seconds,
            line_id: self.line_id.clone(),
            line: self.line,
            actor: self.actor.clone(),
            payload: self.payload.clone(),
            spec_hash: self.spec_hash.clone(),
            at: self.at,
        }
    }
}

impl<M: Machine> fmt::Debug for LogEntry<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogEntry")
            .field("seq", &self.seq)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("event", &self.event)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("line_id", &self.line_id)
            .field("actor", &self.actor)
            .field("payload", &self.payload)
            .field("at", &self.at)
            .finish()
    }
}

/// One entry as a line of an audit trail: `#2 待付款 (Created) -> 待发货 (Paid) on 付款 (Pay)
/// by buyer`, `#3 待付款 (Created) -> 交易关闭 (Cancelled) after 30m: 超时未付款，自动关闭`, and a
/// reminder as the reminder it is, not as a move to the same state: `#2 reminder in 待付款
/// (Created) after 25m: 付款提醒 (stays)`. A delay is written as the spec writes it.
impl<M: Machine> fmt::Display for LogEntry<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |s: M::State| format!("{} ({})", s.label(), s.id());
        write!(f, "#{} ", self.seq)?;
        // The timeout line of the current spec the entry names, if it still is one.
        let timeout = self
            .line
            .and_then(|l| M::INFO.transitions.get(l))
            .and_then(|t| match t.trigger {
                order_fsm::TriggerInfo::Timeout {
                    seconds,
                    written,
                    label,
                } => Some((t.is_reminder(), seconds, written, label)),
                order_fsm::TriggerInfo::Event(_) => None,
            });
        let reminder =
            self.event.is_none() && self.from == Some(self.to) && timeout.is_some_and(|(r, ..)| r);
        match self.from {
            None => write!(f, "created in {}", name(self.to))?,
            Some(_) if reminder => write!(f, "reminder in {}", name(self.to))?,
            Some(from) => write!(f, "{} -> {}", name(from), name(self.to))?,
        }
        if let Some(e) = self.event {
            write!(f, " on {} ({})", e.label(), e.id())?;
        } else if let Some(s) = self.timeout_seconds {
            match timeout {
                // The line the entry names still has the delay it fired after.
                Some((_, seconds, written, label)) if i64::try_from(seconds) == Ok(s) => {
                    write!(f, " after {written}")?;
                    if let Some(l) = label {
                        write!(f, ": {l}")?;
                    }
                }
                _ => match u64::try_from(s) {
                    Ok(s) => write!(f, " after {}", order_fsm::msg::format_seconds(s))?,
                    Err(_) => write!(f, " after {s}s")?,
                },
            }
            if reminder {
                write!(f, " (stays)")?;
            }
        }
        if let Some(a) = &self.actor {
            write!(f, " by {a}")?;
        }
        Ok(())
    }
}

/// A pending timer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimerRow {
    /// The order's version when it entered the state: the entry the timer belongs to.
    pub state_version: i64,
    pub line_id: String,
    pub due_at: i64,
    /// Failed firings so far, the last error, and when it was parked (see
    /// [`Store::parked_timers`](crate::Store::parked_timers)).
    pub attempts: i64,
    pub last_error: Option<String>,
    pub parked_at: Option<i64>,
    /// When the guards of every due line said no; the timer is kept until its entry ends.
    pub refused_at: Option<i64>,
    /// The line's delay when the timer was armed.
    pub delay_seconds: i64,
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// The order's state, version and times; `None` if there is no such order.
    pub(crate) fn load<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
    ) -> Result<Option<OrderView<M>>, StoreError> {
        self.check_dialect(conn)?;
        match self.current(conn, id, false) {
            Ok(c) => Ok(Some(OrderView {
                state: c.state,
                version: c.version,
                entered_at: c.entered_at,
                created_at: c.created_at,
            })),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The audit trail of an order, oldest first.
    pub(crate) fn history<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
    ) -> Result<Vec<LogEntry<M>>, StoreError> {
        self.check_dialect(conn)?;
        let rows = conn.query(
            &self.q.log_all.text,
            &self.q.log_all.params(&self.key_args(id)),
        )?;
        rows.into_iter().map(|r| self.log_entry(id, r)).collect()
    }

    pub(crate) fn log_row<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        seq: i64,
    ) -> Result<Option<LogEntry<M>>, StoreError> {
        let a: Args = self.key_args(id).set("seq", seq);
        let rows = conn.query(&self.q.log_one.text, &self.q.log_one.params(&a))?;
        rows.into_iter()
            .next()
            .map(|r| self.log_entry(id, r))
            .transpose()
    }

    fn log_entry(&self, id: &Id<K>, r: Vec<Value>) -> Result<LogEntry<M>, StoreError> {
        let get = |i: usize| r.get(i).cloned().unwrap_or(Value::Null);
        let text = |i: usize| get(i).as_str().map(str::to_string);
        let from = match get(1) {
            Value::Null => None,
            v => Some(self.state_of(id, &v)?),
        };
        let line_id = text(5);
        Ok(LogEntry {
            seq: get(0).as_i64().unwrap_or(0),
            from,
            to: self.state_of(id, &get(2))?,
            event: text(3).as_deref().and_then(M::EventKind::from_id),
            timeout_seconds: get(4).as_i64(),
            line: line_id
                .as_deref()
                .and_then(|l| self.lines_by_id.get(l).copied()),
            line_id,
            actor: text(6),
            payload: text(7),
            spec_hash: text(8).unwrap_or_default(),
            at: get(9).as_i64().unwrap_or(0),
        })
    }

    /// The events `role` may fire at the order in its stored state (`None`: a trusted
    /// caller), each with the guards a decision would ask. Guards are not evaluated: a
    /// button for each, and the guards say what may still refuse it.
    pub(crate) fn permitted_events<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        role: Option<M::Role>,
    ) -> Result<Vec<Permitted<M>>, StoreError> {
        self.check_dialect(conn)?;
        let cur = self.current(conn, id, false)?;
        Ok(plan::permitted::<M>(cur.state, role))
    }

    /// The timers of an order (parked ones included), soonest first.
    pub(crate) fn timers<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
    ) -> Result<Vec<TimerRow>, StoreError> {
        self.check_dialect(conn)?;
        let rows = conn.query(
            &self.q.timers_of_order.text,
            &self.q.timers_of_order.params(&self.key_args(id)),
        )?;
        Ok(rows
            .into_iter()
            .map(|r| TimerRow {
                state_version: r.first().and_then(Value::as_i64).unwrap_or(0),
                line_id: r
                    .get(1)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                due_at: r.get(2).and_then(Value::as_i64).unwrap_or(0),
                attempts: r.get(3).and_then(Value::as_i64).unwrap_or(0),
                last_error: r.get(4).and_then(Value::as_str).map(str::to_string),
                parked_at: r.get(5).and_then(Value::as_i64),
                refused_at: r.get(6).and_then(Value::as_i64),
                delay_seconds: r.get(7).and_then(Value::as_i64).unwrap_or(0),
            })
            .collect())
    }
}
