//! Fills the per-dialect templates of `src/sql/`.

use order_fsm::MachineInfo;

use crate::{names, Dialect, KeyType, Layout, Options};

const POSTGRES: &str = include_str!("sql/postgres.sql");
const SQLITE: &str = include_str!("sql/sqlite.sql");
const ORDERS_CREATE: &str = include_str!("sql/orders_create.sql");

/// Replaces each `{{name}}` of `template` by its value. Every placeholder must be given:
/// the templates are ours, so a missing one is a bug the tests catch (it stays visible).
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

pub(crate) fn migration(info: &MachineInfo, opts: &Options, layout: &Layout) -> String {
    let d = opts.dialect;
    let key_type = match (opts.key, d) {
        (KeyType::BigInt, _) => "BIGINT",
        (KeyType::Text, _) | (KeyType::Uuid, Dialect::Sqlite) => "TEXT",
        (KeyType::Uuid, Dialect::Postgres) => "UUID",
    };
    let status_type = if layout.status_is_int {
        "BIGINT"
    } else {
        "TEXT"
    };
    let (tenant_col, tenant_key) = if opts.tenant {
        ("\"tenant\" TEXT NOT NULL,\n    ", "\"tenant\", ")
    } else {
        ("", "")
    };
    let create_schema = match (d, &opts.schema) {
        (Dialect::Postgres, Some(s)) => {
            format!("CREATE SCHEMA IF NOT EXISTS {};\n", names::quote(s))
        }
        _ => String::new(),
    };
    let index = |suffix: &str| names::quote(&crate::table_name(info, opts, suffix));
    let timers_due_index = index("timers_due_idx");
    let outbox_due_index = index("outbox_due_idx");
    let common: Vec<(&str, &str)> = vec![
        ("orders", &layout.orders),
        ("allowed", &layout.allowed),
        ("log", &layout.log),
        ("idempotency", &layout.idempotency),
        ("timers", &layout.timers),
        ("outbox", &layout.outbox),
        ("bypass", &layout.bypass),
        ("id", &layout.id_column),
        ("status", &layout.status_column),
        ("key_type", key_type),
        ("status_type", status_type),
        ("tenant_col", tenant_col),
        ("tenant_key", tenant_key),
        ("timers_due_index", &timers_due_index),
        ("outbox_due_index", &outbox_due_index),
    ];
    let orders_table = fill(ORDERS_CREATE, &common);
    let machine = info.id;
    let mut values = common.clone();
    values.extend([
        ("machine", machine),
        ("spec_hash", layout.spec_hash.as_str()),
        ("create_schema", create_schema.as_str()),
        ("orders_table", orders_table.as_str()),
        ("rules", ""),
    ]);
    let template = match d {
        Dialect::Postgres => POSTGRES,
        Dialect::Sqlite => SQLITE,
    };
    fill(template, &values)
}
