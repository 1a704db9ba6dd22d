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

/// A status as a log row or a recorded outcome stored it: a state of the spec, or a code the
/// spec no longer has (a state since removed), named as the last spec that had it named it.
pub enum Status<M: Machine> {
    State(M::State),
    /// A code of a state the current spec no longer has. `id` and `label` are those the
    /// last migrated spec with that code gave it (`None` when no migration recorded them:
    /// the state was removed before the store kept its statuses).
    Retired {
        code: String,
        id: Option<String>,
        label: Option<String>,
    },
}

impl<M: Machine> Status<M> {
    /// The state, if the spec still has it.
    pub fn state(&self) -> Option<M::State> {
        match self {
            Status::State(s) => Some(*s),
            Status::Retired { .. } => None,
        }
    }
    /// The state's id; for a retired code without a recorded id, the code.
    pub fn id(&self) -> &str {
        match self {
            Status::State(s) => s.id(),
            Status::Retired { code, id, .. } => id.as_deref().unwrap_or(code),
        }
    }
    /// The same status: the same state, or the same retired code.
    pub fn same(&self, other: &Status<M>) -> bool {
        match (self, other) {
            (Status::State(a), Status::State(b)) => a == b,
            (Status::Retired { code: a, .. }, Status::Retired { code: b, .. }) => a == b,
            _ => false,
        }
    }
    /// The state's label; for a retired code without a recorded label, its id.
    pub fn label(&self) -> &str {
        match self {
            Status::State(s) => s.label(),
            Status::Retired { label, .. } => label.as_deref().unwrap_or_else(|| self.id()),
        }
    }
}

impl<M: Machine> Clone for Status<M> {
    fn clone(&self) -> Self {
        match self {
            Status::State(s) => Status::State(*s),
            Status::Retired { code, id, label } => Status::Retired {
                code: code.clone(),
                id: id.clone(),
                label: label.clone(),
            },
        }
    }
}

/// `entry.to == OrderState::Paid`: false for a retired code.
impl<M: Machine> PartialEq<M::State> for Status<M> {
    fn eq(&self, other: &M::State) -> bool {
        self.state() == Some(*other)
    }
}

impl<M: Machine> fmt::Debug for Status<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::State(s) => s.fmt(f),
            Status::Retired { code, id, label } => f
                .debug_struct("Retired")
                .field("code", code)
                .field("id", id)
                .field("label", label)
                .finish(),
        }
    }
}

/// `待付款 (Created)`; a retired code as `退款中 (Refunding, code 50, no longer in the spec)`.
impl<M: Machine> fmt::Display for Status<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::State(s) => write!(f, "{} ({})", s.label(), s.id()),
            Status::Retired { code, .. } => write!(
                f,
                "{} ({}, code {code}, no longer in the spec)",
                self.label(),
                self.id()
            ),
        }
    }
}

/// One row of the audit log.
pub struct LogEntry<M: Machine> {
    /// 1 for the creation, then one more per transition.
    pub seq: i64,
    /// `None` for the creation. A code the spec no longer has reads as [`Status::Retired`]:
    /// the trail of an order that passed through a removed state still reads.
    pub from: Option<Status<M>>,
    pub to: Status<M>,
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
            from: self.from.clone(),
            to: self.to.clone(),
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
        let name = |s: &Status<M>| s.to_string();
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
        let reminder = self.event.is_none()
            && self.from.as_ref().is_some_and(|f| f.same(&self.to))
            && timeout.is_some_and(|(r, ..)| r);
        match &self.from {
            None => write!(f, "created in {}", name(&self.to))?,
            Some(_) if reminder => write!(f, "reminder in {}", name(&self.to))?,
            Some(from) => write!(f, "{} -> {}", name(from), name(&self.to))?,
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
        rows.into_iter()
            .map(|r| self.log_entry(conn, id, r))
            .collect()
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
            .map(|r| self.log_entry(conn, id, r))
            .transpose()
    }

    /// A stored status: a state of the spec, or a code it no longer has, named from the
    /// statuses table (kept by every migration).
    pub(crate) fn stored_status<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        v: &Value,
    ) -> Result<Status<M>, StoreError> {
        if let Ok(s) = self.state_of(id, v) {
            return Ok(Status::State(s));
        }
        let code = match v {
            Value::Int(i) => i.to_string(),
            Value::Text(t) => t.clone(),
            Value::Bool(b) => b.to_string(),
            // A log row always has a status: a NULL here is no status at all.
            Value::Null => {
                return Err(self.state_of(id, v).err().unwrap_or(StoreError::NotFound {
                    order: id.to_string(),
                }))
            }
        };
        let a = Args::new().set("status", v.clone());
        let row = conn
            .query(
                &self.q.status_of_code.text,
                &self.q.status_of_code.params(&a),
            )?
            .into_iter()
            .next()
            .unwrap_or_default();
        let text = |i: usize| row.get(i).and_then(Value::as_str).map(str::to_string);
        Ok(Status::Retired {
            code,
            id: text(0),
            label: text(1),
        })
    }

    fn log_entry<C: Exec + ?Sized>(
        &self,
        conn: &mut C,
        id: &Id<K>,
        r: Vec<Value>,
    ) -> Result<LogEntry<M>, StoreError> {
        let get = |i: usize| r.get(i).cloned().unwrap_or(Value::Null);
        let text = |i: usize| get(i).as_str().map(str::to_string);
        let from = match get(1) {
            Value::Null => None,
            v => Some(self.stored_status(conn, id, &v)?),
        };
        let line_id = text(5);
        Ok(LogEntry {
            seq: get(0).as_i64().unwrap_or(0),
            from,
            to: self.stored_status(conn, id, &get(2))?,
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

/// `{"id": "Created", "label": "待付款", "retired": false}`; a status the spec no longer has is
/// `retired`, with the id and label the spec had (or its stored code as the id).
#[cfg(feature = "serde")]
impl<M: Machine> serde::Serialize for Status<M> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Status", 3)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("label", self.label())?;
        st.serialize_field("retired", &self.state().is_none())?;
        st.end()
    }
}

/// `{"seq": 2, "from": {status}, "to": {status}, "event": "Pay", "timeout_seconds": null,
/// "line": "Created|on Pay|Paid|payment_verified", "actor": "buyer", "payload": {…},
/// "spec_hash": "…", "at": 1767225600000, "text": "#2 待付款 (Created) -> …"}`: `from` is
/// `null` for the creation, `event` for a timeout, `actor` for a trusted caller or a timer;
/// `payload` is the event's JSON as stored; `at` is UTC milliseconds; `text` is the entry as a
/// line of the audit trail.
#[cfg(feature = "serde")]
impl<M: Machine> serde::Serialize for LogEntry<M> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let payload: Option<serde_json::Value> = self
            .payload
            .as_deref()
            .map(|p| serde_json::from_str(p).unwrap_or_else(|_| serde_json::Value::from(p)));
        let mut st = s.serialize_struct("LogEntry", 11)?;
        st.serialize_field("seq", &self.seq)?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("to", &self.to)?;
        st.serialize_field("event", &self.event.map(|e| e.id()))?;
        st.serialize_field("timeout_seconds", &self.timeout_seconds)?;
        st.serialize_field("line", &self.line_id)?;
        st.serialize_field("actor", &self.actor)?;
        st.serialize_field("payload", &payload)?;
        st.serialize_field("spec_hash", &self.spec_hash)?;
        st.serialize_field("at", &self.at)?;
        st.serialize_field("text", &self.to_string())?;
        st.end()
    }
}
