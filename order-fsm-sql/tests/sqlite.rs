//! The migration loaded into a real SQLite database (bundled with rusqlite), and into the
//! `sqlite3` shell when it is installed.

mod common;

use common::*;
use order_fsm_sql::{Dialect, Layout};
use rusqlite::Connection;

struct Lite(Connection);

fn db() -> Lite {
    Lite(Connection::open_in_memory().expect("in-memory database"))
}

impl Db for Lite {
    const DIALECT: Dialect = Dialect::Sqlite;
    fn batch(&mut self, sql: &str) -> Result<(), String> {
        self.0.execute_batch(sql).map_err(|e| e.to_string())
    }
    fn int(&mut self, sql: &str) -> Option<i64> {
        self.0
            .query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
            .expect("query")
    }
    fn texts(&mut self, sql: &str) -> Vec<String> {
        let mut stmt = self.0.prepare(sql).expect("prepare");
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query");
        rows.map(|r| r.expect("row")).collect()
    }
    fn bypass(&mut self, layout: &Layout, reason: &str, sql: &str) -> Result<(), String> {
        let tx = self.0.transaction().map_err(|e| e.to_string())?;
        tx.execute(
            &format!("INSERT INTO {} (\"reason\") VALUES (?1)", layout.bypass),
            [reason],
        )
        .map_err(|e| e.to_string())?;
        tx.execute_batch(sql).map_err(|e| e.to_string())?;
        tx.execute_batch(&format!("DELETE FROM {}", layout.bypass))
            .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())
    }
    fn rollback(&mut self) {
        if !self.0.is_autocommit() {
            self.0.execute_batch("ROLLBACK").expect("rollback");
        }
    }
}

#[test]
fn every_spec_loads_twice() {
    for (_, _, info) in all_specs() {
        let mut d = db();
        let l = migrate_twice(&mut d, info, &opts::<Lite>());
        let tables = d.int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        // orders, allowed, log, idempotency, timers, outbox, bypass, sqlite_sequence
        assert_eq!(tables, Some(8), "{}", info.id);
        assert_eq!(
            d.int(&format!("SELECT COUNT(*) FROM {}", l.allowed)),
            Some(order_fsm_sql::allowed_pairs(info).len() as i64)
        );
    }
}

#[test]
fn database_enforces_every_shipped_spec() {
    for (file, machine, info) in all_specs() {
        if file.contains("shop_v") || file.contains("text_codes") {
            continue;
        }
        database_enforces_spec(&mut db(), file, machine, info);
    }
}

#[test]
fn database_enforces_test_specs() {
    for (file, machine, info) in all_specs() {
        if file.contains("shop_v") || file.contains("text_codes") {
            database_enforces_spec(&mut db(), file, machine, info);
        }
    }
}

#[test]
fn inserts_start_in_the_initial_status_and_repairs_are_logged() {
    insert_rules_and_bypass(&mut db());
}

#[test]
fn every_status_change_bumps_the_version() {
    version_and_entry_time(&mut db());
}

#[test]
fn the_log_is_append_only() {
    log_is_append_only(&mut db());
}

#[test]
fn upgrading_the_spec_keeps_the_data_and_applies_the_new_rules() {
    upgrade_keeps_data(&mut db());
}

#[test]
fn text_status_codes() {
    text_codes(&mut db());
}
