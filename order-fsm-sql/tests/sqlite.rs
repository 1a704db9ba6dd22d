//! The migration loaded into a real SQLite database (bundled with rusqlite), and into the
//! `sqlite3` shell when it is installed.

use crate::common;

use common::*;
use order_fsm::Machine;
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
    fn lift_code_list(layout: &Layout) -> String {
        let _ = layout;
        "DROP TRIGGER \"shop_orders_update\";".to_owned()
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
        // orders, allowed, statuses, log, idempotency, timers, outbox, bypass, sqlite_sequence
        assert_eq!(tables, Some(9), "{}", info.id);
        assert_eq!(
            d.int(&format!("SELECT COUNT(*) FROM {}", l.allowed)),
            Some(order_fsm_sql::allowed_pairs(info).len() as i64)
        );
    }
}

#[test]
fn database_enforces_every_shipped_spec() {
    for (file, machine, info) in all_specs() {
        if !file.starts_with("specs/") {
            continue;
        }
        database_enforces_spec(&mut db(), file, machine, info);
    }
}

#[test]
fn database_enforces_test_specs() {
    for (file, machine, info) in all_specs() {
        if !file.starts_with("specs/") {
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

/// Adopting a legacy table that already holds codes, one of them unknown. The store's way:
/// add the missing columns (SQLite cannot add a column only if it is missing), then run
/// the migration; both twice.
#[test]
fn alter_adopts_a_legacy_table() {
    let mut d = db();
    d.batch(
        "CREATE TABLE legacy_orders (order_no INTEGER PRIMARY KEY, order_status INTEGER, buyer TEXT);
         INSERT INTO legacy_orders VALUES (1, 10, '张三'), (2, 20, '李四'), (3, 77, '王五');",
    )
    .expect("legacy table");
    let mut o = opts::<Lite>();
    o.alter = Some("legacy_orders".to_owned());
    o.id_column = "order_no".to_owned();
    o.status_column = "order_status".to_owned();
    let info = Order::INFO;
    let columns = order_fsm_sql::adopt_columns(info, &o).expect("columns");
    assert_eq!(
        columns.iter().map(|c| c.column).collect::<Vec<_>>(),
        ["version", "state_entered_at", "created_at"]
    );
    let sql = order_fsm_sql::migration(info, &o).expect("migration");
    let mut l = None;
    for _ in 0..2 {
        for c in &columns {
            let present = d.int(&format!(
                "SELECT COUNT(*) FROM pragma_table_info('legacy_orders') WHERE name = '{}'",
                c.column
            ));
            if present == Some(0) {
                d.batch(&c.sql).expect("add column");
            }
        }
        l = Some(migrate_twice(&mut d, info, &o));
    }
    let l = l.expect("migrated");
    // Running the column statements again is what SQLite refuses; the migration is not.
    assert!(d.batch(&columns[0].sql).is_err());
    d.batch(&sql).expect("migration again");
    assert_eq!(
        d.texts("SELECT buyer FROM legacy_orders ORDER BY order_no"),
        vec!["张三", "李四", "王五"]
    );
    assert_eq!(
        d.int("SELECT COUNT(*) FROM legacy_orders WHERE version = 0 AND state_entered_at > 1600000000000 AND created_at > 1600000000000"),
        Some(3)
    );
    let q = order_fsm_sql::unknown_status_query(info, &o).expect("query");
    assert!(sql.contains(&q), "the migration prints the query");
    let ids: Vec<i64> = {
        let mut stmt = d.0.prepare(&q).expect("query");
        let rows = stmt
            .query_map([], |r| r.get::<_, i64>("order_no"))
            .expect("rows");
        rows.map(|r| r.expect("row")).collect()
    };
    assert_eq!(ids, vec![3]);
    d.batch("UPDATE legacy_orders SET order_status = 20 WHERE order_no = 1")
        .expect("Created -> Paid");
    let err = d
        .batch("UPDATE legacy_orders SET order_status = 40 WHERE order_no = 2")
        .expect_err("Paid -> Completed");
    assert!(
        err.contains("20 (Paid") && err.contains("40 (Completed"),
        "{err}"
    );
    assert!(d
        .batch("INSERT INTO legacy_orders (order_no, order_status, version, state_entered_at, created_at) VALUES (4, 30, 0, 1, 1)")
        .is_err());
    // The unknown row can only be repaired through the bypass.
    assert!(d
        .batch("UPDATE legacy_orders SET order_status = 90 WHERE order_no = 3")
        .is_err());
    d.bypass(
        &l,
        "旧系统状态 77 = 已关闭",
        "UPDATE legacy_orders SET order_status = 90 WHERE order_no = 3",
    )
    .expect("repair");
    assert_eq!(d.int(&q.replace("SELECT *", "SELECT COUNT(*)")), Some(0));
}

/// More states than SQLite's per-pair messages cover: the refusal names the old status
/// and lists the allowed ones.
#[test]
fn large_machines_name_the_old_status() {
    use order_fsm::{Code, MachineInfo, StateInfo, TransitionInfo, TriggerInfo};
    let n = 40;
    let states: Vec<StateInfo> = (0..n)
        .map(|i| StateInfo {
            id: Box::leak(format!("S{i}").into_boxed_str()),
            label: Box::leak(format!("状态{i}").into_boxed_str()),
            doc: None,
            initial: i == 0,
            is_final: i == n - 1,
            codes: Box::leak(vec![Code::Int(100 + i as i64)].into_boxed_slice()),
            system_codes: &[],
        })
        .collect();
    let lines: Vec<TransitionInfo> = (0..n - 1)
        .map(|i| TransitionInfo {
            sources: Box::leak(vec![i].into_boxed_slice()),
            from_any: false,
            target: Some(i + 1),
            trigger: TriggerInfo::Event(0),
            roles: &[],
            guard: None,
            guard_description: None,
            actions: &[],
            note: None,
            doc: None,
            line: 0,
            dead_in: &[],
        })
        .collect();
    let info = MachineInfo {
        id: "Long",
        states: order_fsm::Table::new(Box::leak(states.into_boxed_slice())),
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    let mut d = db();
    let l = migrate_twice(&mut d, &info, &opts::<Lite>());
    insert_order(&mut d, &l, 1, 0).expect("insert");
    set_status(&mut d, &l, 1, 1).expect("S0 -> S1");
    let err = set_status(&mut d, &l, 1, 5).expect_err("S1 -> S5");
    assert!(
        err.contains("status 101 (S1 状态1) cannot change to that status")
            && err.contains("allowed: 102 (S2 状态2)"),
        "{err}"
    );
}

/// The output loads with the `sqlite3` shell too (`-bail`: stop at the first error),
/// twice, when it is installed.
#[test]
fn sqlite3_shell_loads_the_output_twice() {
    let have = std::process::Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        if std::env::var("ORDER_FSM_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("sqlite3 is not installed, and ORDER_FSM_REQUIRE_TOOLS=1 requires it");
        }
        eprintln!("skipped: the sqlite3 shell is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("order-fsm-sql-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (_, _, info) in all_specs() {
        let file = dir.join(format!("{}.db", info.id));
        let _ = std::fs::remove_file(&file);
        let sql = order_fsm_sql::migration(info, &opts::<Lite>()).expect("sql");
        for run in 1..=2 {
            use std::io::Write;
            let mut child = std::process::Command::new("sqlite3")
                .arg("-bail")
                .arg(&file)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("sqlite3 runs");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(sql.as_bytes())
                .expect("write");
            let out = child.wait_with_output().expect("sqlite3 ends");
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{} run {run}: {}",
                info.id,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn renumbering_a_status_code() {
    renumbering_a_code(&mut db());
}

/// Every shipped spec, every valid fixture and random small specs: a direct `UPDATE` of
/// the status is accepted exactly when the interpreter can take that step. Lines that can
/// never be taken in a state (timeouts out of final states, lines an earlier line always
/// wins over) allow nothing there.
#[test]
fn database_allows_exactly_the_steps_the_interpreter_takes() {
    let started = std::time::Instant::now();
    let cases = step_cases(RANDOM_STEP_CASES);
    let (pairs, dead) = database_allows_exactly_the_steps(&mut db(), &cases);
    // The cases do exercise lines written but never taken.
    assert!(dead >= 20, "only {dead} pairs of dead lines");
    eprintln!(
        "allowed steps: {} machines, {pairs} pairs, {dead} pairs only a dead line names, {:.1?}",
        cases.len(),
        started.elapsed()
    );
}

#[test]
fn store_invariants_are_guarded_sqlite() {
    store_invariants_are_guarded(&mut db());
}
