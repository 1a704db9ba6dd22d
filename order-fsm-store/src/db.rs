//! The few things the protocol asks of a database connection. One implementation per
//! driver ([`crate::sqlite`], [`crate::postgres`]); everything else is shared.

use std::fmt;

pub use order_fsm_sql::Dialect;

/// A parameter or a column value. Booleans are integers 0/1 on SQLite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
}

impl Value {
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Int(i) => Some(i),
            Value::Bool(b) => Some(b as i64),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            Value::Int(i) => Some(i != 0),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row.
pub type Row = Vec<Value>;

/// What went wrong in the database, sorted into what the protocol acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbErrorKind {
    /// A unique or primary key constraint: a concurrent duplicate, or an existing row.
    Unique,
    /// The database is locked by another writer (SQLite `SQLITE_BUSY` after the busy
    /// timeout, PostgreSQL `lock_not_available`): retry later.
    Busy,
    /// PostgreSQL gave up the transaction to resolve a conflict (serialization failure,
    /// deadlock): retry.
    Serialization,
    /// A CHECK constraint or a trigger refused the change.
    Check,
    /// The connection is gone (closed, terminated by the server).
    ConnectionLost,
    /// The database is read-only.
    ReadOnly,
    /// The database or the disk is full.
    Full,
    /// Anything else.
    Other,
}

/// A database error with its kind and the driver's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbError {
    pub kind: DbErrorKind,
    pub message: String,
}

impl DbError {
    pub fn new(kind: DbErrorKind, message: impl Into<String>) -> Self {
        DbError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DbError {}

/// Runs statements. Implemented by the connection wrappers of this crate and by the
/// drivers' own connection and transaction types, so [`Store::apply_in`](crate::Store::apply_in)
/// joins a transaction the caller already holds.
pub trait Exec {
    /// Which SQL this connection speaks.
    fn dialect(&self) -> Dialect;
    /// Run a statement with positional parameters (`$1`, `$2`, … on PostgreSQL, `?1`, `?2`,
    /// … on SQLite); the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Run a query; every row, every column.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// Run several statements without parameters (a migration).
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;
}

/// A connection that can open its own transactions: what [`Store::apply`](crate::Store::apply)
/// and the workers need.
pub trait Connection: Exec {
    /// Open a transaction: `BEGIN IMMEDIATE` on SQLite (the write lock is taken at once, so
    /// two writers never deadlock on an upgrade), READ COMMITTED on PostgreSQL.
    fn begin(&mut self) -> Result<(), DbError>;
    fn commit(&mut self) -> Result<(), DbError>;
    /// Undo the open transaction. Never fails loudly: a lost connection has no transaction.
    fn rollback(&mut self);
}

impl<T: Exec + ?Sized> Exec for &mut T {
    fn dialect(&self) -> Dialect {
        (**self).dialect()
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        (**self).execute(sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        (**self).query(sql, params)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        (**self).batch(sql)
    }
}
