//! The few things the protocol asks of a database connection. One implementation per
//! driver ([`crate::sqlite`], [`crate::postgres`]); everything else is shared.

use std::fmt;
use std::sync::Arc;

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
#[non_exhaustive]
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

/// A database error: its kind, the driver's message, the SQLSTATE where the database gives
/// one (PostgreSQL), and the driver's own error as [`source`](std::error::Error::source).
#[derive(Clone, Debug)]
pub struct DbError {
    pub kind: DbErrorKind,
    pub message: String,
    sqlstate: Option<String>,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl DbError {
    pub fn new(kind: DbErrorKind, message: impl Into<String>) -> Self {
        DbError {
            kind,
            message: message.into(),
            sqlstate: None,
            source: None,
        }
    }

    /// The same error, with the driver's error it came from.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// The same error, with the five-character SQLSTATE the database reported.
    pub fn with_sqlstate(mut self, code: impl Into<String>) -> Self {
        self.sqlstate = Some(code.into());
        self
    }

    /// The SQLSTATE the database reported (`23505` for a unique violation on PostgreSQL);
    /// `None` for SQLite, which has none, and for errors outside the database.
    pub fn sqlstate(&self) -> Option<&str> {
        self.sqlstate.as_deref()
    }
}

/// Two errors are equal when their kind, message and SQLSTATE are: the driver's error is
/// not compared.
impl PartialEq for DbError {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.message == other.message && self.sqlstate == other.sqlstate
    }
}

impl Eq for DbError {}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Runs statements. Implemented by the connection wrappers of this crate, by the drivers'
/// own connection and transaction types, and by [`Tx`]. Whether the statements share a
/// transaction is said by [`InTransaction`].
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

/// An [`Exec`] inside an open transaction: what the `run_in` calls take, so the status
/// update, the log row, the timers and the outbox rows commit together or not at all.
///
/// Implemented by the store's own [`Tx`] and by the drivers' transaction types
/// (`rusqlite::Transaction` and `Savepoint`, `postgres::Transaction`). A plain connection
/// is not one: on it each statement would commit by itself, and a crash between two of them
/// would leave a status change without its log row.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not inside a transaction",
    label = "`run_in` joins the caller's transaction; on this each statement would commit by itself",
    note = "open one with `let mut tx = Tx::begin(&mut conn)?;` (commit with `tx.commit()?`), or call `run(&mut conn, …)` for a transaction of the request's own"
)]
pub trait InTransaction: Exec {}

impl<T: InTransaction + ?Sized> InTransaction for &mut T {}

/// A connection that can open its own transactions: what the `run` calls and the runners
/// need.
pub trait Connection: Exec {
    /// Open a transaction: `BEGIN IMMEDIATE` on SQLite (the write lock is taken at once, so
    /// two writers never deadlock on an upgrade), READ COMMITTED on PostgreSQL.
    fn begin(&mut self) -> Result<(), DbError>;
    fn commit(&mut self) -> Result<(), DbError>;
    /// Undo the open transaction. Never fails loudly: a lost connection has no transaction.
    fn rollback(&mut self);
}

/// A transaction the store (or its caller) opened on a [`Connection`]. Dropped without
/// [`Tx::commit`], it rolls back: after an error, an early return, or a hook that panics
/// (the panic then goes on, and the connection is usable again, with nothing of the
/// transaction kept).
pub struct Tx<'c, C: Connection + ?Sized> {
    conn: &'c mut C,
    open: bool,
}

impl<'c, C: Connection + ?Sized> Tx<'c, C> {
    /// Open a transaction on `conn`.
    pub fn begin(conn: &'c mut C) -> Result<Self, DbError> {
        conn.begin()?;
        Ok(Tx { conn, open: true })
    }

    /// Commit. On an error the transaction is rolled back.
    pub fn commit(mut self) -> Result<(), DbError> {
        self.open = false;
        let r = self.conn.commit();
        if r.is_err() {
            self.conn.rollback();
        }
        r
    }

    /// Roll back now (dropping the transaction does the same).
    pub fn rollback(mut self) {
        self.open = false;
        self.conn.rollback();
    }

    /// The connection the transaction runs on, for the caller's own statements.
    pub fn connection(&mut self) -> &mut C {
        self.conn
    }
}

impl<C: Connection + ?Sized> Drop for Tx<'_, C> {
    fn drop(&mut self) {
        if self.open {
            self.conn.rollback();
        }
    }
}

impl<C: Connection + ?Sized> Exec for Tx<'_, C> {
    fn dialect(&self) -> Dialect {
        self.conn.dialect()
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.conn.execute(sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.conn.query(sql, params)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.batch(sql)
    }
}

impl<C: Connection + ?Sized> InTransaction for Tx<'_, C> {}

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
