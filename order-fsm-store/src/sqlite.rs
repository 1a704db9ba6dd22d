//! SQLite through `rusqlite` (bundled: no system library).

use std::path::Path;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{ffi, ErrorCode};

use crate::db::{Connection, DbError, DbErrorKind, Dialect, Exec, InTransaction, Row, Value};

/// How long a writer waits for the write lock before [`DbErrorKind::Busy`].
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A SQLite connection set up for the store: WAL journal (readers never block the writer),
/// a busy timeout, and `BEGIN IMMEDIATE` transactions.
pub struct SqliteConn {
    conn: rusqlite::Connection,
}

/// Double quotes quote names only, in statements and in schema (`SQLITE_DBCONFIG_DQS_*`).
fn strict_quotes(conn: rusqlite::Connection) -> Result<rusqlite::Connection, DbError> {
    use rusqlite::config::DbConfig;
    for c in [
        DbConfig::SQLITE_DBCONFIG_DQS_DML,
        DbConfig::SQLITE_DBCONFIG_DQS_DDL,
    ] {
        conn.set_db_config(c, false).map_err(error)?;
    }
    Ok(conn)
}

impl SqliteConn {
    /// Open (or create) a database file, or a URI such as `file:orders.db?mode=ro`.
    ///
    /// Double quotes only quote names on connections the store opens: SQLite otherwise reads a
    /// double-quoted name that matches no column as a text value, so a statement naming a
    /// missing column would run and do something else instead of failing.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, DbError> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
            | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(path, flags).map_err(error)?;
        Self::setup(strict_quotes(conn)?)
    }

    /// A private in-memory database (for tests and tools; other connections cannot see it),
    /// with double quotes for names only, as [`SqliteConn::open`].
    pub fn open_in_memory() -> Result<Self, DbError> {
        Self::setup(strict_quotes(
            rusqlite::Connection::open_in_memory().map_err(error)?,
        )?)
    }

    /// Wrap a connection opened by the caller; WAL and the busy timeout are set on it. How it
    /// reads double quotes stays as the caller set it, since the caller's own statements
    /// run on it too.
    pub fn from_connection(conn: rusqlite::Connection) -> Result<Self, DbError> {
        Self::setup(conn)
    }

    fn setup(conn: rusqlite::Connection) -> Result<Self, DbError> {
        conn.busy_timeout(DEFAULT_BUSY_TIMEOUT).map_err(error)?;
        conn.set_prepared_statement_cache_capacity(64);
        if !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            // In-memory databases answer `memory`: that is fine.
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                .map_err(error)?;
        }
        Ok(SqliteConn { conn })
    }

    /// Change the busy timeout.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), DbError> {
        self.conn.busy_timeout(timeout).map_err(error)
    }

    /// The underlying connection, for the caller's own statements.
    pub fn connection(&mut self) -> &mut rusqlite::Connection {
        &mut self.conn
    }
}

/// Sort a rusqlite error into the kinds the protocol acts on.
pub fn error(e: rusqlite::Error) -> DbError {
    let kind = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => DbErrorKind::Busy,
            ErrorCode::ReadOnly => DbErrorKind::ReadOnly,
            ErrorCode::DiskFull => DbErrorKind::Full,
            ErrorCode::ConstraintViolation => match f.extended_code {
                ffi::SQLITE_CONSTRAINT_PRIMARYKEY | ffi::SQLITE_CONSTRAINT_UNIQUE => {
                    DbErrorKind::Unique
                }
                _ => DbErrorKind::Check,
            },
            _ => DbErrorKind::Other,
        },
        _ => DbErrorKind::Other,
    };
    DbError::new(kind, format!("sqlite: {e}")).with_source(e)
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Bool(b) => rusqlite::types::Value::Integer(*b as i64),
    }
}

fn run_query(c: &rusqlite::Connection, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
    let mut st = c.prepare_cached(sql).map_err(error)?;
    let n = st.column_count();
    let mut rows = st
        .query(rusqlite::params_from_iter(params.iter().map(to_sql)))
        .map_err(error)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(error)? {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
            row.push(match r.get_ref(i).map_err(error)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Int(i),
                ValueRef::Real(f) => {
                    return Err(DbError::new(
                        DbErrorKind::Other,
                        format!(
                            "sqlite: column `{}` holds the real number {f}; the store reads only integers and text",
                            r.as_ref().column_name(i).unwrap_or("?")
                        ),
                    ))
                }
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
            });
        }
        out.push(row);
    }
    Ok(out)
}

fn execute_on(c: &rusqlite::Connection, sql: &str, params: &[Value]) -> Result<u64, DbError> {
    let mut st = c.prepare_cached(sql).map_err(error)?;
    st.execute(rusqlite::params_from_iter(params.iter().map(to_sql)))
        .map(|n| n as u64)
        .map_err(error)
}

/// `Exec` for the driver's own types: a connection (outside a transaction) and the
/// transactions and savepoints opened on it (inside one).
macro_rules! exec_for {
    ($($ty:ty),*) => {$(
        impl Exec for $ty {
            fn dialect(&self) -> Dialect {
                Dialect::Sqlite
            }
            fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
                execute_on(self, sql, params)
            }
            fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
                run_query(self, sql, params)
            }
            fn batch(&mut self, sql: &str) -> Result<(), DbError> {
                self.execute_batch(sql).map_err(error)
            }
        }
    )*};
}

exec_for!(
    rusqlite::Connection,
    rusqlite::Transaction<'_>,
    rusqlite::Savepoint<'_>
);

impl InTransaction for rusqlite::Transaction<'_> {}
impl InTransaction for rusqlite::Savepoint<'_> {}

impl Exec for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        execute_on(&self.conn, sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        run_query(&self.conn, sql, params)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(error)
    }
}

impl Connection for SqliteConn {
    fn begin(&mut self) -> Result<(), DbError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(error)
    }
    fn commit(&mut self) -> Result<(), DbError> {
        self.conn.execute_batch("COMMIT").map_err(error)
    }
    fn rollback(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
