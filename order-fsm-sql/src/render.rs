//! Fills the per-dialect templates of `src/sql/`.

use order_fsm::MachineInfo;

use crate::{names, Dialect, KeyType, Layout, Options, StatusValue};

const POSTGRES: &str = include_str!("sql/postgres.sql");
const POSTGRES_RULES: &str = include_str!("sql/postgres_rules.sql");
const POSTGRES_ALTER: &str = include_str!("sql/postgres_alter.sql");
const SQLITE: &str = include_str!("sql/sqlite.sql");
const SQLITE_RULES: &str = include_str!("sql/sqlite_rules.sql");
const SQLITE_ALTER: &str = include_str!("sql/sqlite_alter.sql");
const ORDERS_CREATE: &str = include_str!("sql/orders_create.sql");
const UNKNOWN_STATUS: &str = include_str!("sql/unknown_status.sql");

/// Above this many states, SQLite's refusal names only the old status (with the allowed
/// ones): naming both needs a message per pair, and the trigger grows with the square of
/// the states (SQLite before 3.46 takes only a literal text in `RAISE`).
const PAIR_MESSAGES_UP_TO: usize = 32;

/// SQLite's current time in UTC milliseconds (works from SQLite 3.8; `unixepoch` is newer).
const SQLITE_NOW_MS: &str =
    "(CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER))";

/// Replaces each `{{name}}` of `template` by its value. A placeholder without a value is
/// left as it is; the tests check that no output contains `{{`.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = &after[..end];
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push_str("{{");
                        out.push_str(key);
                        out.push_str("}}");
                    }
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every pair (from, to) of state indices for which some line can be taken in `from`, in
/// spec order, once. A line is left out in the sources where it can never be taken
/// ([`TransitionInfo::dead_in`](order_fsm::TransitionInfo::dead_in): a final state, or an
/// earlier line that always wins), as `order-fsm check` reports it.
pub(crate) fn allowed_pairs(info: &MachineInfo) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for t in info.transitions {
        // A line that keeps the state changes no status: it needs no pair.
        let Some(to) = t.target else {
            continue;
        };
        for &s in t.sources {
            if !t.dead_in.contains(&s) && !pairs.contains(&(s, to)) {
                pairs.push((s, to));
            }
        }
    }
    pairs
}

/// `10 (Created 待付款)`: a status for people, with the state's id and label.
fn display(info: &MachineInfo, layout: &Layout, state: usize) -> String {
    let s = &info.states[state];
    let value = &layout.status[state];
    let name = if s.label == s.id {
        s.id.to_owned()
    } else {
        format!("{} {}", s.id, s.label)
    };
    if matches!(value, StatusValue::Text(t) if t == s.id) {
        name
    } else {
        format!("{value} ({name})")
    }
}

fn codes(layout: &Layout) -> String {
    layout
        .status
        .iter()
        .map(StatusValue::sql_literal)
        .collect::<Vec<_>>()
        .join(", ")
}

fn allowed_rows(info: &MachineInfo, layout: &Layout) -> String {
    let pairs = allowed_pairs(info);
    if pairs.is_empty() {
        return "-- (no line can take any change)\n".to_owned();
    }
    let mut out = format!(
        "INSERT INTO {} (\"from_status\", \"to_status\") VALUES\n",
        layout.allowed
    );
    let last = pairs.len() - 1;
    for (i, &(from, to)) in pairs.iter().enumerate() {
        let sep = if i == last { ";" } else { "," };
        out.push_str(&format!(
            "    ({}, {}){sep} -- {} -> {}\n",
            layout.status[from].sql_literal(),
            layout.status[to].sql_literal(),
            one_line(info.states[from].id),
            one_line(info.states[to].id),
        ));
    }
    out
}

/// The upsert of the spec's states into the statuses table, by code.
fn status_rows(info: &MachineInfo, layout: &Layout) -> String {
    let mut out = format!(
        "INSERT INTO {} (\"code\", \"state\", \"label\") VALUES\n",
        layout.statuses
    );
    let last = info.states.len().saturating_sub(1);
    for (i, s) in info.states.iter().enumerate() {
        let sep = if i == last { "" } else { "," };
        out.push_str(&format!(
            "    ({}, {}, {}){sep}\n",
            layout.status[i].sql_literal(),
            names::literal(s.id),
            names::literal(s.label),
        ));
    }
    out.push_str(
        "ON CONFLICT (\"code\") DO UPDATE SET \"state\" = excluded.\"state\", \"label\" = excluded.\"label\";\n",
    );
    out
}

/// Text safe for a `--` comment: one line.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Text inside a PL/pgSQL `RAISE` format string literal: quotes doubled, `%` escaped.
fn pg_format_text(text: &str) -> String {
    text.replace('\'', "''").replace('%', "%%")
}

/// A PL/pgSQL expression naming the status of row `row` (`OLD` or `NEW`) for people:
/// `10 (Created 待付款)`, or the bare value when it is not a code of the spec.
fn pg_status_name(info: &MachineInfo, layout: &Layout, row: &str) -> String {
    let status = &layout.status_column;
    let mut out = format!("CASE {row}.{status}");
    for (i, value) in layout.status.iter().enumerate() {
        out.push_str(&format!(
            "\n                    WHEN {} THEN {}",
            value.sql_literal(),
            names::literal(&display(info, layout, i))
        ));
    }
    out.push_str(&format!(
        "\n                    ELSE CAST({row}.{status} AS TEXT)\n                END"
    ));
    out
}

/// A dollar-quote tag for function bodies that occurs in none of the names and texts put
/// into them.
fn dollar_tag(body: &str) -> String {
    let mut tag = "$order_fsm$".to_owned();
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$order_fsm_{n}$");
    }
    tag
}

/// The SQLite expression that aborts a status change no line can take, naming both statuses.
fn sqlite_refusal(info: &MachineInfo, layout: &Layout) -> String {
    let machine = info.id;
    let allowed = allowed_pairs(info);
    let status = &layout.status_column;
    let generic = names::literal(&format!(
        "order-fsm: {machine} status cannot change this way: no transition line allows it"
    ));
    let mut out = format!("CASE OLD.{status}\n");
    for (from, _) in info.states.iter().enumerate() {
        let targets: Vec<usize> = allowed
            .iter()
            .filter(|(f, _)| *f == from)
            .map(|(_, t)| *t)
            .collect();
        let allowed_text = if targets.is_empty() {
            "none".to_owned()
        } else {
            targets
                .iter()
                .map(|&t| display(info, layout, t))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let from_text = display(info, layout, from);
        let from_message = names::literal(&format!(
            "order-fsm: {machine} status {from_text} cannot change to that status: no transition line allows it (allowed: {allowed_text})"
        ));
        out.push_str(&format!(
            "        WHEN {} THEN",
            layout.status[from].sql_literal()
        ));
        // The trigger runs only when the status changes, and allowed pairs never reach
        // the refusal.
        let refused: Vec<usize> = (0..info.states.len())
            .filter(|&to| to != from && !targets.contains(&to))
            .collect();
        if info.states.len() <= PAIR_MESSAGES_UP_TO && !refused.is_empty() {
            out.push_str(&format!(" CASE NEW.{status}\n"));
            for to in refused {
                let message = names::literal(&format!(
                    "order-fsm: {machine} status {from_text} cannot change to {}: no transition line allows it",
                    display(info, layout, to)
                ));
                out.push_str(&format!(
                    "            WHEN {} THEN RAISE(ABORT, {message})\n",
                    layout.status[to].sql_literal()
                ));
            }
            out.push_str(&format!(
                "            ELSE RAISE(ABORT, {from_message}) END\n"
            ));
        } else {
            out.push_str(&format!(" RAISE(ABORT, {from_message})\n"));
        }
    }
    out.push_str(&format!("        ELSE RAISE(ABORT, {generic})\n    END"));
    out
}

/// Columns and the storage classes each may hold.
type Columns = Vec<(String, Class)>;

/// SQLite: the storage classes a column of the store may hold.
#[derive(Clone, Copy)]
enum Class {
    Int,
    IntOrNull,
    Text,
    TextOrNull,
}

impl Class {
    fn refuses(self, value: &str) -> String {
        match self {
            Class::Int => format!("typeof({value}) <> 'integer'"),
            Class::IntOrNull => format!("typeof({value}) NOT IN ('integer', 'null')"),
            Class::Text => format!("typeof({value}) <> 'text'"),
            Class::TextOrNull => format!("typeof({value}) NOT IN ('text', 'null')"),
        }
    }
    fn integer(self) -> bool {
        matches!(self, Class::Int | Class::IntOrNull)
    }
}

/// SQLite keeps whatever value a column is given (its tables are not `STRICT`, and an
/// existing table cannot be made so, nor given a new `CHECK`, without copying it whole).
/// These triggers give the store's columns the guarantee of `STRICT`, on new and old
/// databases alike: after SQLite's usual conversion (`'5'` becomes 5, `2.0` becomes 2), a
/// value of another type is refused. On `UPDATE` only the values that change are checked, so
/// a row written before them can still be marked (parked, dead-lettered). The user's own
/// columns are left alone.
fn sqlite_type_guards(info: &MachineInfo, opts: &Options, layout: &Layout) -> String {
    let key = match opts.key {
        KeyType::BigInt => Class::Int,
        KeyType::Text | KeyType::Uuid => Class::Text,
    };
    let (status, status_or_null) = if layout.status_is_int {
        (Class::Int, Class::IntOrNull)
    } else {
        (Class::Text, Class::TextOrNull)
    };
    let plain = |suffix: &str| crate::table_name(info, opts, suffix);
    let local = |suffix: &str| names::quote(&plain(suffix));
    let mut tables: Vec<(&str, &String, Columns)> = Vec::new();
    let col = |c: &str| format!("\"{c}\"");
    let with_tenant = |mut v: Vec<(String, Class)>| {
        if opts.tenant {
            v.insert(0, (col("tenant"), Class::Text));
        }
        v
    };
    tables.push((
        "orders",
        &layout.orders,
        // The status is checked against the spec's codes by the triggers above (an adopted
        // table may keep numbers as text).
        vec![
            (col("version"), Class::Int),
            (col("state_entered_at"), Class::Int),
            (col("created_at"), Class::Int),
        ],
    ));
    tables.push((
        "log",
        &layout.log,
        with_tenant(vec![
            (col("order_id"), key),
            (col("seq"), Class::Int),
            (col("from_status"), status_or_null),
            (col("to_status"), status),
            (col("event"), Class::TextOrNull),
            (col("timeout_seconds"), Class::IntOrNull),
            (col("line_id"), Class::TextOrNull),
            (col("actor"), Class::TextOrNull),
            (col("payload"), Class::TextOrNull),
            (col("spec_hash"), Class::Text),
            (col("at"), Class::Int),
        ]),
    ));
    tables.push((
        "idempotency",
        &layout.idempotency,
        with_tenant(vec![
            (col("order_id"), key),
            (col("key"), Class::Text),
            (col("event"), Class::Text),
            (col("accepted"), Class::Int),
            (col("seq"), Class::IntOrNull),
            (col("rejection"), Class::TextOrNull),
            (col("at"), Class::Int),
        ]),
    ));
    tables.push((
        "timers",
        &layout.timers,
        with_tenant(vec![
            (col("order_id"), key),
            (col("state_version"), Class::Int),
            (col("line_id"), Class::Text),
            (col("due_at"), Class::Int),
            (col("delay_seconds"), Class::Int),
            (col("refused_at"), Class::IntOrNull),
            (col("attempts"), Class::Int),
            (col("last_error"), Class::TextOrNull),
            (col("parked_at"), Class::IntOrNull),
        ]),
    ));
    tables.push((
        "outbox",
        &layout.outbox,
        with_tenant(vec![
            (col("order_id"), key),
            (col("seq"), Class::Int),
            (col("action"), Class::Text),
            (col("payload"), Class::TextOrNull),
            (col("attempts"), Class::Int),
            (col("next_attempt_at"), Class::Int),
            (col("last_error"), Class::TextOrNull),
            (col("published_at"), Class::IntOrNull),
            (col("dead_at"), Class::IntOrNull),
        ]),
    ));
    let mut out = String::from(
        "\n-- The store's columns hold only the types it writes (the guarantee of STRICT tables).\n",
    );
    for (suffix, table, columns) in tables {
        let list = |integer: bool| {
            columns
                .iter()
                .filter(|(_, c)| c.integer() == integer)
                .map(|(n, _)| n.trim_matches('"').to_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text = list(false);
        let message = names::literal(&format!(
            "order-fsm: {} takes integers in {}{}; a value of another type is refused",
            table.replace('"', ""),
            list(true),
            if text.is_empty() {
                String::new()
            } else {
                format!(" and text in {text}")
            }
        ));
        let on_insert = columns
            .iter()
            .map(|(n, c)| c.refuses(&format!("NEW.{n}")))
            .collect::<Vec<_>>()
            .join("\n       OR ");
        let on_update = columns
            .iter()
            .map(|(n, c)| {
                format!(
                    "(NEW.{n} IS NOT OLD.{n} AND {})",
                    c.refuses(&format!("NEW.{n}"))
                )
            })
            .collect::<Vec<_>>()
            .join("\n       OR ");
        let insert_trigger = local(&format!("{suffix}_types"));
        let update_trigger = local(&format!("{suffix}_types_update"));
        if suffix == "log" {
            // The log refuses every UPDATE already.
            out.push_str(&format!(
                "DROP TRIGGER IF EXISTS {insert_trigger};
CREATE TRIGGER {insert_trigger} BEFORE INSERT ON {table}
BEGIN
    SELECT RAISE(ABORT, {message})
    WHERE {on_insert};
END;
"
            ));
            continue;
        }
        out.push_str(&format!(
            "DROP TRIGGER IF EXISTS {insert_trigger};
CREATE TRIGGER {insert_trigger} BEFORE INSERT ON {table}
BEGIN
    SELECT RAISE(ABORT, {message})
    WHERE {on_insert};
END;
DROP TRIGGER IF EXISTS {update_trigger};
CREATE TRIGGER {update_trigger} BEFORE UPDATE ON {table}
BEGIN
    SELECT RAISE(ABORT, {message})
    WHERE {on_update};
END;
"
        ));
    }
    out
}

/// The statements that add the columns the store needs to an adopted table.
pub(crate) fn adopt_columns(opts: &Options, layout: &Layout) -> Vec<(&'static str, String)> {
    if opts.alter.is_none() || opts.dialect == Dialect::Postgres {
        return Vec::new();
    }
    ["version", "state_entered_at", "created_at"]
        .into_iter()
        .map(|c| {
            (
                c,
                format!(
                    "ALTER TABLE {} ADD COLUMN \"{c}\" BIGINT NOT NULL DEFAULT 0;",
                    layout.orders
                ),
            )
        })
        .collect()
}

/// SQLite: the columns the timers table gained after its first version, each with the
/// statement that adds it to an older table (PostgreSQL's migration adds them itself).
pub(crate) fn timer_upgrade_columns(
    opts: &Options,
    layout: &Layout,
) -> Vec<(&'static str, String)> {
    if opts.dialect == Dialect::Postgres {
        return Vec::new();
    }
    [
        // Unknown for a timer armed back then: 0, re-armed from its entry time by the
        // reconciliation that follows the migration.
        ("delay_seconds", "BIGINT NOT NULL DEFAULT 0"),
        ("refused_at", "BIGINT"),
        ("attempts", "INTEGER NOT NULL DEFAULT 0"),
        ("last_error", "TEXT"),
        ("parked_at", "BIGINT"),
    ]
    .into_iter()
    .map(|(c, ty)| {
        (
            c,
            format!("ALTER TABLE {} ADD COLUMN \"{c}\" {ty};", layout.timers),
        )
    })
    .collect()
}

pub(crate) fn unknown_status_query(layout: &Layout) -> String {
    let status = &layout.status_column;
    format!(
        "SELECT * FROM {} WHERE {status} IS NULL OR {status} NOT IN ({})",
        layout.orders,
        codes(layout)
    )
}

fn lookup<'a>(values: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    values.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub(crate) fn migration(info: &MachineInfo, opts: &Options, layout: &Layout) -> String {
    let d = opts.dialect;
    let machine = info.id;
    let key_type = match (opts.key, d) {
        // SQLite: an `INTEGER` primary key is the rowid itself, one b-tree fewer.
        (KeyType::BigInt, Dialect::Sqlite) => "INTEGER",
        (KeyType::BigInt, Dialect::Postgres) => "BIGINT",
        (KeyType::Text, _) | (KeyType::Uuid, Dialect::Sqlite) => "TEXT",
        (KeyType::Uuid, Dialect::Postgres) => "UUID",
    };
    let status_type = if layout.status_is_int {
        "BIGINT"
    } else {
        "TEXT"
    };
    let (tenant_col, tenant_key, new_tenant) = if opts.tenant {
        (
            "\"tenant\" TEXT NOT NULL,\n    ",
            "\"tenant\", ",
            "NEW.\"tenant\", ",
        )
    } else {
        ("", "", "")
    };
    let id = &layout.id_column;
    let log_match = if opts.tenant {
        format!("\"order_id\" = NEW.{id} AND \"tenant\" = NEW.\"tenant\"")
    } else {
        format!("\"order_id\" = NEW.{id}")
    };
    let row_match = if opts.tenant {
        format!("{id} = NEW.{id} AND \"tenant\" = NEW.\"tenant\"")
    } else {
        format!("{id} = NEW.{id}")
    };
    let schema = match d {
        Dialect::Postgres => opts.schema.as_deref(),
        Dialect::Sqlite => None,
    };
    let create_schema = match schema {
        Some(s) => format!("CREATE SCHEMA IF NOT EXISTS {};\n", names::quote(s)),
        None => String::new(),
    };
    let plain = |suffix: &str| crate::table_name(info, opts, suffix);
    let local = |suffix: &str| names::quote(&plain(suffix));
    let global = |suffix: &str| names::qualified(d, schema, &plain(suffix));
    let timers_due_index = local("timers_due_idx");
    let outbox_due_index = local("outbox_due_idx");
    let outbox_order_index = local("outbox_order_idx");
    let outbox_dead_index = local("outbox_dead_idx");
    let outbox_published_index = local("outbox_published_idx");
    let orders_status_index = local("orders_status_idx");
    let codes = codes(layout);
    let initial = info.initial;
    let initial_code = layout.status[initial].sql_literal();
    let initial_display = display(info, layout, initial);
    let allowed_rows = allowed_rows(info, layout);
    let now_ms = match d {
        Dialect::Sqlite => SQLITE_NOW_MS,
        Dialect::Postgres => "((extract(epoch FROM clock_timestamp()) * 1000)::BIGINT)",
    };
    let mut values: Vec<(&str, String)> = vec![
        ("machine", machine.to_owned()),
        ("spec_hash", layout.spec_hash.clone()),
        ("orders", layout.orders.clone()),
        ("allowed", layout.allowed.clone()),
        ("log", layout.log.clone()),
        ("idempotency", layout.idempotency.clone()),
        ("timers", layout.timers.clone()),
        ("outbox", layout.outbox.clone()),
        ("bypass", layout.bypass.clone()),
        ("id", id.clone()),
        ("status", layout.status_column.clone()),
        ("key_type", key_type.to_owned()),
        ("status_type", status_type.to_owned()),
        ("tenant_col", tenant_col.to_owned()),
        ("tenant_key", tenant_key.to_owned()),
        ("new_tenant", new_tenant.to_owned()),
        ("log_match", log_match),
        ("row_match", row_match),
        ("timers_due_index", timers_due_index),
        ("outbox_due_index", outbox_due_index),
        ("outbox_order_index", outbox_order_index),
        ("outbox_dead_index", outbox_dead_index),
        ("outbox_published_index", outbox_published_index),
        ("orders_status_index", orders_status_index),
        ("create_schema", create_schema),
        ("codes", codes.clone()),
        ("initial_code", initial_code.clone()),
        ("allowed_rows", allowed_rows),
        ("statuses", layout.statuses.clone()),
        ("status_rows", status_rows(info, layout)),
        ("now_ms", now_ms.to_owned()),
    ];

    let (log_order_match, log_self_match) = if opts.tenant {
        (
            format!("o.{id} = NEW.\"order_id\" AND o.\"tenant\" = NEW.\"tenant\""),
            "l.\"order_id\" = NEW.\"order_id\" AND l.\"tenant\" = NEW.\"tenant\"".to_owned(),
        )
    } else {
        (
            format!("o.{id} = NEW.\"order_id\""),
            "l.\"order_id\" = NEW.\"order_id\"".to_owned(),
        )
    };
    let orders_plain = layout.orders.replace('"', "");
    let log_plain = layout.log.replace('"', "");
    values.extend([
        ("log_order_match", log_order_match),
        ("log_self_match", log_self_match),
    ]);

    let alter = opts.alter.is_some();
    match d {
        Dialect::Postgres => {
            let check = plain("status_check");
            let comment = format!(
                "order-fsm status codes: {}{}",
                codes.replace('\'', ""),
                if alter { " (not valid)" } else { "" }
            );
            values.extend([
                // Per schema, so that machines sharing one also create it one at a time.
                (
                    "lock_key",
                    names::lock_key(&format!("order-fsm migration {}", schema.unwrap_or("")))
                        .to_string(),
                ),
                ("orders_regclass", names::literal(&layout.orders)),
                ("log_regclass", names::literal(&layout.log)),
                ("timers_regclass", names::literal(&layout.timers)),
                ("status_check", names::quote(&check)),
                ("status_check_name", names::literal(&check)),
                ("status_check_comment", names::literal(&comment)),
                (
                    "check_not_valid",
                    if alter { " NOT VALID" } else { "" }.to_owned(),
                ),
                ("orders_guard_fn", global("orders_guard")),
                ("orders_guard_trigger", local("orders_guard")),
                (
                    "orders_guard_trigger_name",
                    names::literal(&plain("orders_guard")),
                ),
                ("log_guard_fn", global("log_append_only")),
                ("log_guard_trigger", local("log_append_only")),
                (
                    "log_guard_trigger_name",
                    names::literal(&plain("log_append_only")),
                ),
                ("log_truncate_trigger", local("log_no_truncate")),
                (
                    "log_truncate_trigger_name",
                    names::literal(&plain("log_no_truncate")),
                ),
                ("initial_display", pg_format_text(&initial_display)),
                ("bypass_fn", layout.bypass.clone()),
                ("bypass_fn_plain", layout.bypass.replace('"', "")),
                ("bypass_fn_text", layout.bypass.replace('\'', "''")),
                ("bypass_reason_fn", global("bypass_reason")),
                (
                    "pg_tenant_changed",
                    if opts.tenant {
                        " OR NEW.\"tenant\" IS DISTINCT FROM OLD.\"tenant\"".to_owned()
                    } else {
                        String::new()
                    },
                ),
                ("orders_plain_fmt", pg_format_text(&orders_plain)),
                ("log_plain_fmt", pg_format_text(&log_plain)),
                ("orders_delete_fn", global("orders_no_delete")),
                ("orders_delete_trigger", local("orders_no_delete")),
                (
                    "orders_delete_trigger_name",
                    names::literal(&plain("orders_no_delete")),
                ),
                ("orders_truncate_trigger", local("orders_no_truncate")),
                (
                    "orders_truncate_trigger_name",
                    names::literal(&plain("orders_no_truncate")),
                ),
                ("log_insert_fn", global("log_insert")),
                ("log_insert_trigger", local("log_insert")),
                (
                    "log_insert_trigger_name",
                    names::literal(&plain("log_insert")),
                ),
                ("old_status_name", pg_status_name(info, layout, "OLD")),
                ("new_status_name", pg_status_name(info, layout, "NEW")),
                ("allowed_plain", layout.allowed.replace('\'', "''")),
            ]);
        }
        Dialect::Sqlite => {
            let guard_existing = if alter {
                String::new()
            } else {
                format!(
                    "
-- Stops here, changing nothing, when an order is in a status the spec no longer has:
-- move those orders first (see the bypass above).
CREATE TEMP TABLE IF NOT EXISTS \"order_fsm_upgrade_check\" (
    \"orders_in_unknown_status\" INTEGER,
    CONSTRAINT \"orders are in a status the spec no longer has; move them first\"
        CHECK (\"orders_in_unknown_status\" = 0)
);
INSERT INTO temp.\"order_fsm_upgrade_check\"
    SELECT COUNT(*) FROM {} WHERE {} NOT IN ({codes});
DROP TABLE temp.\"order_fsm_upgrade_check\";
",
                    layout.orders, layout.status_column
                )
            };
            let unknown = names::literal(&format!(
                "order-fsm: that status is not a status code of {machine} (known: {})",
                codes.replace('\'', "")
            ));
            let initial_message = names::literal(&format!(
                "order-fsm: a new {machine} must start in status {initial_display}"
            ));
            let tenant_changed = if opts.tenant {
                " OR NEW.\"tenant\" IS NOT OLD.\"tenant\""
            } else {
                ""
            };
            values.extend([
                ("keys_trigger", local("orders_keys")),
                (
                    "keys_changed",
                    format!("NEW.{id} IS NOT OLD.{id}{tenant_changed}"),
                ),
                (
                    "keys_message",
                    names::literal(&format!(
                        "order-fsm: the id of an order of {orders_plain} does not change (a repair sets the bypass)"
                    )),
                ),
                (
                    "version_message",
                    names::literal(&format!(
                        "order-fsm: the version of an order of {orders_plain} only grows by one (a repair sets the bypass)"
                    )),
                ),
                ("delete_trigger", local("orders_no_delete")),
                (
                    "delete_message",
                    names::literal(&format!(
                        "order-fsm: orders of {orders_plain} are not deleted: their log, timers, keys and outbox rows name them (a repair sets the bypass)"
                    )),
                ),
                ("log_insert_trigger", local("log_insert")),
                (
                    "log_insert_message",
                    names::literal(&format!(
                        "order-fsm: a row of {log_plain} must follow the order's last row and lead to its status as it is now, along a change some line allows"
                    )),
                ),
                ("type_guards", sqlite_type_guards(info, opts, layout)),
                ("guard_existing", guard_existing),
                ("insert_trigger", local("orders_insert")),
                ("insert_log_trigger", local("orders_insert_bypass")),
                ("update_trigger", local("orders_update")),
                ("changed_trigger", local("orders_changed")),
                ("log_update_trigger", local("log_no_update")),
                ("log_delete_trigger", local("log_no_delete")),
                ("unknown_code_message", unknown),
                ("initial_message", initial_message),
                ("refusal", sqlite_refusal(info, layout)),
            ]);
        }
    }
    let unknown = if alter {
        let validate_hint = match d {
            Dialect::Postgres => format!(
                "--\n-- When it returns no row, check the status codes of every row too:\n--\n--     ALTER TABLE {} VALIDATE CONSTRAINT {};\n",
                layout.orders,
                names::quote(&plain("status_check"))
            ),
            Dialect::Sqlite => String::new(),
        };
        let mut v = values.clone();
        v.extend([
            ("unknown_query", unknown_status_query(layout)),
            ("validate_hint", validate_hint),
        ]);
        fill(UNKNOWN_STATUS, &lookup(&v))
    } else {
        String::new()
    };
    // Function bodies are dollar-quoted with a tag that none of the inserted texts contain.
    let everything: String = values.iter().map(|(_, v)| v.as_str()).collect();
    values.push(("tag", dollar_tag(&everything)));

    let orders_template = match (alter, d) {
        (false, _) => ORDERS_CREATE,
        (true, Dialect::Postgres) => POSTGRES_ALTER,
        (true, Dialect::Sqlite) => SQLITE_ALTER,
    };
    let orders_table = fill(orders_template, &lookup(&values));
    let rules_template = match d {
        Dialect::Postgres => POSTGRES_RULES,
        Dialect::Sqlite => SQLITE_RULES,
    };
    let mut rules = fill(rules_template, &lookup(&values));
    rules.push_str(&unknown);
    values.extend([("orders_table", orders_table), ("rules", rules)]);
    let template = match d {
        Dialect::Postgres => POSTGRES,
        Dialect::Sqlite => SQLITE,
    };
    fill(template, &lookup(&values))
}
