//! PostgreSQL through the pure-Rust `postgres` client (no libpq).

use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{GenericClient, NoTls, Statement};

use crate::db::{Connection, DbError, DbErrorKind, Dialect, Exec, InTransaction, Row, Value};

/// A PostgreSQL connection for the store, keeping each statement prepared once.
pub struct PgConn {
    client: postgres::Client,
    statements: HashMap<String, Statement>,
    in_tx: bool,
}

impl PgConn {
    /// Connect with a URL (`postgres://user@host:port/db`) or a key-value string, without TLS.
    pub fn connect(url: &str) -> Result<Self, DbError> {
        let client = postgres::Client::connect(url, NoTls).map_err(error)?;
        Ok(Self::from_client(client))
    }

    /// Wrap a client connected by the caller (with TLS, say).
    pub fn from_client(client: postgres::Client) -> Self {
        PgConn {
            client,
            statements: HashMap::new(),
            in_tx: false,
        }
    }

    /// The underlying client, for the caller's own statements.
    pub fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, DbError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(error)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// Sort a `postgres` error into the kinds the protocol acts on.
pub fn error(e: postgres::Error) -> DbError {
    let kind = if e.is_closed() {
        DbErrorKind::ConnectionLost
    } else {
        match e.code() {
            Some(c) if *c == SqlState::UNIQUE_VIOLATION => DbErrorKind::Unique,
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED =>
            {
                DbErrorKind::Serialization
            }
            Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => DbErrorKind::Busy,
            Some(c)
                if *c == SqlState::CHECK_VIOLATION
                    || *c == SqlState::RAISE_EXCEPTION
                    || *c == SqlState::NOT_NULL_VIOLATION
                    || *c == SqlState::FOREIGN_KEY_VIOLATION =>
            {
                DbErrorKind::Check
            }
            Some(c)
                if *c == SqlState::ADMIN_SHUTDOWN
                    || *c == SqlState::CONNECTION_FAILURE
                    || *c == SqlState::CONNECTION_EXCEPTION
                    || *c == SqlState::CRASH_SHUTDOWN =>
            {
                DbErrorKind::ConnectionLost
            }
            Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => DbErrorKind::ReadOnly,
            Some(c) if *c == SqlState::DISK_FULL || *c == SqlState::OUT_OF_MEMORY => {
                DbErrorKind::Full
            }
            _ => {
                // A statement after the server closed the connection reports it
                // only through the message of the I/O error.
                let text = e.to_string();
                let io = std::error::Error::source(&e)
                    .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some());
                if io
                    || e.code().is_none()
                        && (text.contains("connection closed")
                            || text.contains("terminat")
                            || text.contains("unexpected EOF")
                            || text.contains("reset"))
                {
                    DbErrorKind::ConnectionLost
                } else {
                    DbErrorKind::Other
                }
            }
        }
    };
    let detail = match e.as_db_error() {
        Some(d) => format!("postgres: {}", d.message()),
        None => format!("postgres: {e}"),
    };
    let sqlstate = e.code().map(|c| c.code().to_owned());
    let err = DbError::new(kind, detail).with_source(e);
    match sqlstate {
        Some(code) => err.with_sqlstate(code),
        None => err,
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Bool(b) => b.to_sql(ty, out),
        }
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    to_sql_checked!();
}

fn params(p: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    p.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

fn read(rows: Vec<postgres::Row>) -> Result<Vec<Row>, DbError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut row = Vec::with_capacity(r.len());
        for (i, c) in r.columns().iter().enumerate() {
            let v = match *c.type_() {
                Type::INT8 => r.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int)),
                Type::INT4 => r
                    .try_get::<_, Option<i32>>(i)
                    .map(|v| v.map(|x| Value::Int(x as i64))),
                Type::INT2 => r
                    .try_get::<_, Option<i16>>(i)
                    .map(|v| v.map(|x| Value::Int(x as i64))),
                Type::BOOL => r.try_get::<_, Option<bool>>(i).map(|v| v.map(Value::Bool)),
                _ => r
                    .try_get::<_, Option<String>>(i)
                    .map(|v| v.map(Value::Text)),
            }
            .map_err(|e| {
                DbError::new(
                    DbErrorKind::Other,
                    format!("postgres: column `{}` of type {}: {e}", c.name(), c.type_()),
                )
            })?;
            row.push(v.unwrap_or(Value::Null));
        }
        out.push(row);
    }
    Ok(out)
}

fn exec_on<C: GenericClient>(c: &mut C, sql: &str, p: &[Value]) -> Result<u64, DbError> {
    c.execute(sql, &params(p)).map_err(error)
}

fn query_on<C: GenericClient>(c: &mut C, sql: &str, p: &[Value]) -> Result<Vec<Row>, DbError> {
    read(c.query(sql, &params(p)).map_err(error)?)
}

impl Exec for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&mut self, sql: &str, p: &[Value]) -> Result<u64, DbError> {
        let st = self.statement(sql)?;
        self.client.execute(&st, &params(p)).map_err(error)
    }
    fn query(&mut self, sql: &str, p: &[Value]) -> Result<Vec<Row>, DbError> {
        let st = self.statement(sql)?;
        read(self.client.query(&st, &params(p)).map_err(error)?)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.client.batch_execute(sql).map_err(error)
    }
}

impl Connection for PgConn {
    fn begin(&mut self) -> Result<(), DbError> {
        self.client
            .batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")
            .map_err(error)?;
        self.in_tx = true;
        Ok(())
    }
    fn commit(&mut self) -> Result<(), DbError> {
        self.in_tx = false;
        self.client.batch_execute("COMMIT").map_err(error)
    }
    fn rollback(&mut self) {
        if std::mem::take(&mut self.in_tx) && !self.client.is_closed() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

impl Exec for postgres::Client {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&mut self, sql: &str, p: &[Value]) -> Result<u64, DbError> {
        exec_on(self, sql, p)
    }
    fn query(&mut self, sql: &str, p: &[Value]) -> Result<Vec<Row>, DbError> {
        query_on(self, sql, p)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.batch_execute(sql).map_err(error)
    }
}

impl InTransaction for postgres::Transaction<'_> {}

impl Exec for postgres::Transaction<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&mut self, sql: &str, p: &[Value]) -> Result<u64, DbError> {
        exec_on(self, sql, p)
    }
    fn query(&mut self, sql: &str, p: &[Value]) -> Result<Vec<Row>, DbError> {
        query_on(self, sql, p)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.batch_execute(sql).map_err(error)
    }
}
