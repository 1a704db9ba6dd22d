//! The SQL schema of an order lifecycle, generated from its spec.
//!
//! One generator serves both the `order-fsm sql` command and the store's own migration.
//! It reads the machine's runtime metadata ([`order_fsm::MachineInfo`], what
//! `#[derive(StateMachine)]` emits, or what the command builds from a checked spec) and
//! writes a migration for SQLite or PostgreSQL:
//!
//! | table | what it holds |
//! |---|---|
//! | `{prefix}{machine}_orders` | one row per order: status code, version, entry time |
//! | `{prefix}{machine}_allowed` | every status change some transition line allows |
//! | `{prefix}{machine}_log` | the append-only audit log |
//! | `{prefix}{machine}_idempotency` | the recorded outcome per idempotency key |
//! | `{prefix}{machine}_timers` | armed timeouts, keyed by the state's version |
//! | `{prefix}{machine}_outbox` | side effects to deliver after the commit |
//!
//! The SQL itself lives in one template file per dialect (`src/sql/`), filled with names
//! and code lists; [`Layout`] hands the same names to code that queries the tables.
//! No database driver is linked.

#![forbid(unsafe_code)]

use core::fmt;

use order_fsm::msg::{self, t, Lang, Msg, Text};
use order_fsm::{Code, MachineInfo};

#[cfg(feature = "model")]
pub mod model;
mod names;
mod render;

pub use names::{quote, MAX_NAME_BYTES};

/// Which database the SQL is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite 3.35 or later.
    Sqlite,
    /// PostgreSQL 12 or later.
    Postgres,
}

/// The SQL type of the order id (and of `order_id` in the other tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// `BIGINT`.
    BigInt,
    /// `TEXT`.
    Text,
    /// `UUID` on PostgreSQL, `TEXT` on SQLite.
    Uuid,
}

/// How status values are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusType {
    /// `BIGINT` when every state's main code is a number; `TEXT` when every main code is
    /// text or no state has a code (then each state is stored as its id); an error when the
    /// spec mixes them.
    Auto,
    /// `BIGINT`: every state needs a numeric main code.
    Int,
    /// `TEXT`: numeric codes are stored as their decimal text, states without a code as
    /// their id.
    Text,
}

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub dialect: Dialect,
    /// Prepended to every table name.
    pub prefix: String,
    /// PostgreSQL schema for the tables (created if missing). Ignored on SQLite.
    pub schema: Option<String>,
    /// Adopt this existing orders table (it already holds status codes) instead of
    /// creating `{prefix}{machine}_orders`.
    pub alter: Option<String>,
    /// The order id column. Default `id`.
    pub id_column: String,
    /// The status column. Default `status`.
    pub status_column: String,
    /// The order id's type. Default [`KeyType::BigInt`].
    pub key: KeyType,
    /// A `tenant TEXT NOT NULL` column first in every key.
    pub tenant: bool,
    /// Default [`StatusType::Auto`].
    pub status_type: StatusType,
}

impl Options {
    /// The defaults: no prefix, no schema, a new orders table with `id BIGINT` and
    /// `status`, no tenant, status type chosen from the codes.
    pub fn new(dialect: Dialect) -> Self {
        Options {
            dialect,
            prefix: String::new(),
            schema: None,
            alter: None,
            id_column: "id".to_owned(),
            status_column: "status".to_owned(),
            key: KeyType::BigInt,
            tenant: false,
            status_type: StatusType::Auto,
        }
    }
}

/// A status value as stored in the status column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StatusValue {
    Int(i64),
    Text(String),
}

impl StatusValue {
    /// The value as a SQL literal: `10`, `'WAIT_BUYER_PAY'`.
    pub fn sql_literal(&self) -> String {
        match self {
            StatusValue::Int(i) => i.to_string(),
            StatusValue::Text(t) => names::literal(t),
        }
    }
}

impl fmt::Display for StatusValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusValue::Int(i) => write!(f, "{i}"),
            StatusValue::Text(t) => f.write_str(t),
        }
    }
}

/// Every name the store's queries need, already quoted for the dialect, and how each state
/// is stored. Built from the machine and the options: the single source of names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub dialect: Dialect,
    /// The orders table (schema-qualified on PostgreSQL when a schema is given).
    pub orders: String,
    pub allowed: String,
    pub log: String,
    pub idempotency: String,
    pub timers: String,
    pub outbox: String,
    /// SQLite: the one-row table whose row lets repairs through the rules; PostgreSQL: the
    /// function a repair calls to set the switch for its transaction.
    pub bypass: String,
    /// Every status code a spec migrated here had, with its state's id and label: the
    /// current spec's, and those of states since removed, so that old log rows still read.
    pub statuses: String,
    /// Quoted.
    pub id_column: String,
    /// Quoted.
    pub status_column: String,
    pub tenant: bool,
    pub key: KeyType,
    /// Whether status values are `BIGINT` (else `TEXT`).
    pub status_is_int: bool,
    /// The status value stored for each state, by state index.
    pub status: Vec<StatusValue>,
    /// [`MachineInfo::spec_hash`] of the machine the layout was made for.
    pub spec_hash: String,
}

impl Layout {
    /// The state stored as `value`, by index.
    pub fn state_of(&self, value: &StatusValue) -> Option<usize> {
        self.status.iter().position(|v| v == value)
    }
}

/// Why no SQL could be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlError {
    /// Some states have numeric main codes and others text (or none).
    MixedStatusCodes {
        numeric: Vec<String>,
        text: Vec<String>,
    },
    /// `StatusType::Int` but this state has no numeric main code.
    NotNumeric { state: String },
    /// Two states would be stored as the same status value.
    SameStatus {
        first: String,
        second: String,
        value: String,
    },
    /// The metadata contradicts itself (an index out of range, no states): it was not made
    /// by the derive or from a checked spec.
    Inconsistent(String),
    /// A table, column or schema name that cannot be used.
    BadName {
        what: NameUse,
        name: String,
        reason: NameProblem,
    },
}

/// What a name given in [`Options`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameUse {
    IdColumn,
    StatusColumn,
    Schema,
    Table,
    Prefix,
}

impl NameUse {
    /// The catalogue entry naming it, as in "the status column name".
    pub fn msg(self) -> &'static Msg {
        match self {
            NameUse::IdColumn => &msg::SQL_NAME_ID_COLUMN,
            NameUse::StatusColumn => &msg::SQL_NAME_STATUS_COLUMN,
            NameUse::Schema => &msg::SQL_NAME_SCHEMA,
            NameUse::Table => &msg::SQL_NAME_TABLE,
            NameUse::Prefix => &msg::SQL_NAME_PREFIX,
        }
    }

    /// In English, as in "the status column name".
    pub fn as_str(self) -> &'static str {
        self.msg().en
    }
}

/// Why a name cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// It contains a NUL character, which no database takes in a name.
    Nul,
    /// It contains `@`, which the store's statements use to mark their parameters.
    At,
    /// It is longer than PostgreSQL's 63 bytes.
    TooLong,
}

impl NameProblem {
    /// The catalogue entry saying it, as in "… cannot be used: it is empty".
    pub fn msg(self) -> &'static Msg {
        match self {
            NameProblem::Empty => &msg::SQL_NAME_EMPTY,
            NameProblem::Nul => &msg::SQL_NAME_NUL,
            NameProblem::At => &msg::SQL_NAME_AT,
            NameProblem::TooLong => &msg::SQL_NAME_TOO_LONG,
        }
    }

    /// In English, as in "… cannot be used: it is empty".
    pub fn as_str(self) -> &'static str {
        self.msg().en
    }
}

impl SqlError {
    /// The error in words, in any language (`e.text().render(Lang::Zh)`);
    /// [`Display`](fmt::Display) writes it in English.
    pub fn text(&self) -> Text {
        let list = |v: &[String]| Text::Join(v.iter().map(Text::code).collect());
        match self {
            SqlError::MixedStatusCodes { numeric, text } => {
                t!(msg::SQL_MIXED, numeric = list(numeric), text = list(text))
            }
            SqlError::NotNumeric { state } => t!(msg::SQL_NOT_NUMERIC, state = state.as_str()),
            SqlError::SameStatus {
                first,
                second,
                value,
            } => t!(
                msg::SQL_SAME_STATUS,
                first = first.as_str(),
                second = second.as_str(),
                value = value.as_str()
            ),
            SqlError::Inconsistent(what) => t!(msg::SQL_INCONSISTENT, what = what.as_str()),
            SqlError::BadName { what, name, reason } => t!(
                msg::SQL_BAD_NAME,
                what = what.msg(),
                name = Text::code(format!("{name:?}")),
                reason = reason.msg()
            ),
        }
    }
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl std::error::Error for SqlError {}

/// Names and status values for `info` under `opts`.
pub fn layout(info: &MachineInfo, opts: &Options) -> Result<Layout, SqlError> {
    check_indices(info)?;
    let (status_is_int, status) = status_values(info, opts.status_type)?;
    names::check(NameUse::IdColumn, &opts.id_column)?;
    names::check(NameUse::StatusColumn, &opts.status_column)?;
    let schema = match opts.dialect {
        Dialect::Postgres => opts.schema.as_deref(),
        Dialect::Sqlite => None,
    };
    if let Some(s) = schema {
        names::check(NameUse::Schema, s)?;
    }
    if let Some(t) = &opts.alter {
        names::check(NameUse::Table, t)?;
    }
    names::check_prefix(&opts.prefix)?;
    let table =
        |suffix: &str| names::qualified(opts.dialect, schema, &table_name(info, opts, suffix));
    let orders = match &opts.alter {
        Some(t) => names::qualified(opts.dialect, schema, t),
        None => table("orders"),
    };
    Ok(Layout {
        dialect: opts.dialect,
        orders,
        allowed: table("allowed"),
        log: table("log"),
        idempotency: table("idempotency"),
        timers: table("timers"),
        outbox: table("outbox"),
        bypass: table("bypass"),
        statuses: table("statuses"),
        id_column: quote(&opts.id_column),
        status_column: quote(&opts.status_column),
        tenant: opts.tenant,
        key: opts.key,
        status_is_int,
        status,
        spec_hash: info.spec_hash(),
    })
}

/// Every index the generator follows must point at a state, so that no hand-made
/// metadata can make it panic.
fn check_indices(info: &MachineInfo) -> Result<(), SqlError> {
    let n = info.states.len();
    if n == 0 {
        return Err(SqlError::Inconsistent("it has no states".to_owned()));
    }
    if info.initial >= n {
        return Err(SqlError::Inconsistent(format!(
            "the initial state is #{} of {n}",
            info.initial
        )));
    }
    for (i, t) in info.transitions.iter().enumerate() {
        if t.target.is_some_and(|to| to >= n) || t.sources.iter().any(|&s| s >= n) {
            return Err(SqlError::Inconsistent(format!(
                "transition line #{i} names a state beyond the {n} states"
            )));
        }
    }
    Ok(())
}

/// `{prefix}{machine_snake}_{suffix}`, cut to PostgreSQL's 63 bytes if longer.
pub(crate) fn table_name(info: &MachineInfo, opts: &Options, suffix: &str) -> String {
    names::fit(&format!(
        "{}{}_{}",
        opts.prefix,
        names::snake_case(info.id),
        suffix
    ))
}

/// The migration script: creates what is missing, replaces the rules, keeps the data.
///
/// One transaction (`BEGIN` … `COMMIT`; `BEGIN IMMEDIATE` on SQLite): run it as a batch
/// on a connection that is not in a transaction. If a statement fails, roll back (a
/// driver's batch call stops at the failing statement and leaves the transaction open;
/// the `sqlite3` shell needs `-bail` to stop, `psql` needs `-v ON_ERROR_STOP=1`).
///
/// Running it again changes nothing. Running the migration of a newer spec over an older
/// one keeps every table and row, and replaces the status codes, the allowed changes and
/// the triggers; it fails, changing nothing, when some order is in a status the new spec
/// no longer has (unless the table is adopted with [`Options::alter`]).
pub fn migration(info: &MachineInfo, opts: &Options) -> Result<String, SqlError> {
    let layout = layout(info, opts)?;
    Ok(render::migration(info, opts, &layout))
}

/// A column the store needs, added to an adopted table (see [`adopt_columns`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddColumn {
    /// The column's name, unquoted: `version`, `state_entered_at` or `created_at` (see
    /// [`adopt_columns`]), or one of the timers table's later columns (see
    /// [`timer_upgrade_columns`]).
    pub column: &'static str,
    /// The `ALTER TABLE … ADD COLUMN …;` statement.
    pub sql: String,
}

/// With [`Options::alter`] on SQLite: the statements that add the store's columns to the
/// adopted table, to run once, before [`migration`], for each column the table lacks.
/// SQLite cannot add a column only if it is missing, so these are kept out of the
/// migration, which must stay safe to run again. Empty on PostgreSQL (its migration adds
/// the missing columns itself) and without `alter`.
pub fn adopt_columns(info: &MachineInfo, opts: &Options) -> Result<Vec<AddColumn>, SqlError> {
    let layout = layout(info, opts)?;
    Ok(render::adopt_columns(opts, &layout)
        .into_iter()
        .map(|(column, sql)| AddColumn { column, sql })
        .collect())
}

/// SQLite: the columns of the timers table that a database created before them lacks, each
/// with its `ALTER TABLE … ADD COLUMN …;`, to run once, before [`migration`], for each
/// column the table lacks (SQLite cannot add a column only if it is missing). Empty for
/// PostgreSQL, whose migration adds them itself.
pub fn timer_upgrade_columns(
    info: &MachineInfo,
    opts: &Options,
) -> Result<Vec<AddColumn>, SqlError> {
    let layout = layout(info, opts)?;
    Ok(render::timer_upgrade_columns(opts, &layout)
        .into_iter()
        .map(|(column, sql)| AddColumn { column, sql })
        .collect())
}

/// The query that lists the rows of the orders table whose status is not a status code of
/// the spec (or is NULL): legacy rows to repair after adopting a table with
/// [`Options::alter`], or orders left in a state a new spec version removed.
pub fn unknown_status_query(info: &MachineInfo, opts: &Options) -> Result<String, SqlError> {
    let layout = layout(info, opts)?;
    Ok(render::unknown_status_query(&layout))
}

/// Every pair of states `(from, to)`, by index, for which some transition line with the
/// target `to` can be taken in `from` (event, timeout or `any` line, for some role, guard
/// answers and waiting time; self-loops included), in spec order: the rows of the
/// `_allowed` table. A line is left out in the sources where the checker's liveness says it
/// can never be taken ([`TransitionInfo::dead_in`](order_fsm::TransitionInfo::dead_in)).
pub fn allowed_pairs(info: &MachineInfo) -> Vec<(usize, usize)> {
    render::allowed_pairs(info)
}

/// The main code of each state as stored, and whether the column is numeric.
fn status_values(
    info: &MachineInfo,
    wanted: StatusType,
) -> Result<(bool, Vec<StatusValue>), SqlError> {
    let numeric = |c: &Code| -> Option<i64> {
        match c {
            Code::Int(i) => Some(*i),
            // "2" and 2 are the same code to a legacy system.
            Code::Str(s) => s.parse::<i64>().ok().filter(|i| i.to_string() == *s),
        }
    };
    let as_int = match wanted {
        StatusType::Int => true,
        StatusType::Text => false,
        StatusType::Auto => {
            let (mut num, mut text) = (Vec::new(), Vec::new());
            for s in info.states {
                match s.codes.first().and_then(numeric) {
                    Some(_) => num.push(s.id.to_owned()),
                    None => text.push(s.id.to_owned()),
                }
            }
            if !num.is_empty() && !text.is_empty() {
                return Err(SqlError::MixedStatusCodes { numeric: num, text });
            }
            !num.is_empty()
        }
    };
    let mut values = Vec::with_capacity(info.states.len());
    for s in info.states {
        let v = if as_int {
            match s.codes.first().and_then(numeric) {
                Some(i) => StatusValue::Int(i),
                None => {
                    return Err(SqlError::NotNumeric {
                        state: s.id.to_owned(),
                    })
                }
            }
        } else {
            match s.codes.first() {
                Some(Code::Int(i)) => StatusValue::Text(i.to_string()),
                Some(Code::Str(t)) => StatusValue::Text((*t).to_owned()),
                None => StatusValue::Text(s.id.to_owned()),
            }
        };
        if let Some(prev) = values.iter().position(|p| *p == v) {
            return Err(SqlError::SameStatus {
                first: info.states[prev].id.to_owned(),
                second: s.id.to_owned(),
                value: v.to_string(),
            });
        }
        values.push(v);
    }
    Ok((as_int, values))
}
