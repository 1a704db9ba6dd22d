//! The generated SQL, reviewed as code: one snapshot per shipped spec and dialect, plus the
//! option variants. Also: the `order-fsm sql` command's conversion of a checked spec gives
//! the same metadata, and so the same SQL, as the derive.

use crate::common;

use common::*;
use order_fsm::Machine;
use order_fsm_sql::{migration, Dialect, KeyType, Options, StatusType, MAX_NAME_BYTES};

fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
    }
}

fn check_output(sql: &str) {
    assert!(!sql.contains("{{"), "a placeholder was left unfilled");
    assert!(sql.trim_end().ends_with("COMMIT;"));
}

#[test]
fn every_shipped_spec_in_both_dialects() {
    for (file, _, info) in shipped() {
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            let sql = migration(info, &Options::new(d)).expect("migration");
            check_output(&sql);
            let stem = file.trim_start_matches("specs/").trim_end_matches(".fsm");
            insta::assert_snapshot!(format!("{stem}_{}", dialect_name(d)), sql);
        }
    }
}

#[test]
fn options_schema_prefix_tenant_text_keys() {
    let mut o = Options::new(Dialect::Postgres);
    o.schema = Some("shop".to_owned());
    o.prefix = "app_".to_owned();
    o.tenant = true;
    o.key = KeyType::Text;
    let sql = migration(Order::INFO, &o).expect("migration");
    check_output(&sql);
    insta::assert_snapshot!("order_postgres_schema_prefix_tenant", sql);
}

#[test]
fn alter_in_both_dialects() {
    for d in [Dialect::Sqlite, Dialect::Postgres] {
        let mut o = Options::new(d);
        o.alter = Some("legacy_orders".to_owned());
        o.status_column = "order_status".to_owned();
        let sql = migration(Order::INFO, &o).expect("migration");
        check_output(&sql);
        insta::assert_snapshot!(format!("order_{}_alter", dialect_name(d)), sql);
    }
}

#[test]
fn layout_names_every_table_quoted_and_short() {
    for (_, _, info) in all_specs() {
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            let mut o = Options::new(d);
            o.prefix = "x".repeat(70);
            let l = order_fsm_sql::layout(info, &o).expect("layout");
            for t in [
                &l.orders,
                &l.allowed,
                &l.log,
                &l.idempotency,
                &l.timers,
                &l.outbox,
                &l.bypass,
            ] {
                assert!(t.starts_with('"') && t.ends_with('"'), "{t}");
                assert!(t.len() - 2 <= MAX_NAME_BYTES, "{t}");
            }
            let sql = migration(info, &o).expect("migration");
            // Every quoted identifier in the output fits.
            for piece in sql.split('"').skip(1).step_by(2) {
                assert!(piece.len() <= MAX_NAME_BYTES, "{piece}");
            }
        }
    }
}

#[test]
fn status_values_follow_the_main_codes() {
    let l = order_fsm_sql::layout(Order::INFO, &Options::new(Dialect::Sqlite)).expect("layout");
    assert!(l.status_is_int);
    assert_eq!(
        l.status.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["10", "20", "30", "35", "50", "40", "90", "91"]
    );
    let mut o = Options::new(Dialect::Sqlite);
    o.status_type = StatusType::Text;
    let l = order_fsm_sql::layout(Order::INFO, &o).expect("layout");
    assert!(!l.status_is_int);
    assert_eq!(
        l.status[0],
        order_fsm_sql::StatusValue::Text("10".to_owned())
    );
    assert_eq!(
        l.state_of(&order_fsm_sql::StatusValue::Text("91".to_owned())),
        Some(7)
    );
    let l = order_fsm_sql::layout(Ticket::INFO, &Options::new(Dialect::Sqlite)).expect("layout");
    assert!(!l.status_is_int);
    let mut o = Options::new(Dialect::Sqlite);
    o.status_type = StatusType::Int;
    let err = order_fsm_sql::layout(Ticket::INFO, &o).expect_err("text codes");
    assert!(
        err.to_string()
            .contains("state Open has no numeric first code"),
        "{err}"
    );
}

/// The conversion the `order-fsm sql` command uses gives exactly the derive's metadata.
#[test]
fn checked_spec_conversion_matches_the_derive() {
    for (file, machine, info) in all_specs() {
        let bytes = std::fs::read(workspace_file(file)).expect("read");
        let compiled = order_fsm_core::compile_bytes(info.file, &bytes);
        let spec = compiled.spec.as_ref().expect("parsed");
        let m = spec.machine(machine).expect("machine");
        let converted = order_fsm_sql::model::machine_info(m, info.file, Some(&compiled.source));
        assert_eq!(converted, info, "{file}");
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            assert_eq!(
                migration(converted, &Options::new(d)),
                migration(info, &Options::new(d))
            );
        }
    }
}

#[test]
fn awkward_text_is_escaped() {
    for d in [Dialect::Sqlite, Dialect::Postgres] {
        let sql = migration(Awkward::INFO, &Options::new(d)).expect("migration");
        check_output(&sql);
        if d == Dialect::Postgres {
            // A label containing the usual dollar-quote tag goes into a function body (in
            // the refusal's message), so the bodies use another tag.
            assert!(sql.contains("LANGUAGE plpgsql AS $order_fsm_1$"), "{sql}");
            assert!(
                sql.contains("'2 (Mid $order_fsm$ -- not a comment */)'"),
                "{sql}"
            );
            let plain = migration(Order::INFO, &Options::new(d)).expect("migration");
            assert!(plain.contains("LANGUAGE plpgsql AS $order_fsm$"));
            // So does a prefix containing it.
            let mut o = Options::new(d);
            o.prefix = "x$order_fsm$".to_owned();
            let tagged = migration(Order::INFO, &o).expect("migration");
            assert!(
                tagged.contains("LANGUAGE plpgsql AS $order_fsm_1$"),
                "{tagged}"
            );
            assert!(tagged.contains("\"x$order_fsm$order_log\""), "{tagged}");
            assert!(sql.contains("'order-fsm: a new Awkward must start in status 1 (Fresh 新 ''quoted'' 100%%), not %'"), "{sql}");
        } else {
            assert!(
                sql.contains(
                    "'order-fsm: a new Awkward must start in status 1 (Fresh 新 ''quoted'' 100%)'"
                ),
                "{sql}"
            );
        }
        // Comment text stays on its line.
        assert!(!sql.contains("\n    ('"));
    }
}

#[test]
fn names_that_cannot_be_used() {
    let bad = |f: &dyn Fn(&mut Options)| {
        let mut o = Options::new(Dialect::Postgres);
        f(&mut o);
        migration(Order::INFO, &o).expect_err("refused").to_string()
    };
    assert!(bad(&|o| o.id_column = String::new())
        .contains("the id column name `\"\"` cannot be used: it is empty"));
    let mut o = Options::new(Dialect::Postgres);
    o.id_column = String::new();
    let e = migration(Order::INFO, &o).expect_err("refused");
    assert_eq!(
        e.text().render(order_fsm::msg::Lang::Zh),
        "订单号列的名字 `\"\"` 不能用：它是空的"
    );
    assert!(bad(&|o| o.prefix = "a\0b".to_owned()).contains("NUL"));
    assert!(bad(&|o| o.schema = Some("s".repeat(64))).contains("longer than PostgreSQL's 63 bytes"));
    assert!(bad(&|o| o.alter = Some(String::new())).contains("table name"));
    // `@` marks the store's statement parameters: a name with one would be rewritten.
    assert!(bad(&|o| o.status_column = "a@id".to_owned()).contains("contains `@`"));
}

#[test]
fn inconsistent_metadata_is_an_error_not_a_panic() {
    let no_states = order_fsm::MachineInfo {
        states: order_fsm::Table::new(&[]),
        ..*Order::INFO
    };
    let err = migration(&no_states, &Options::new(Dialect::Sqlite)).expect_err("no states");
    assert!(err.to_string().contains("it has no states"), "{err}");
    let bad_initial = order_fsm::MachineInfo {
        initial: 99,
        ..*Order::INFO
    };
    assert!(migration(&bad_initial, &Options::new(Dialect::Postgres)).is_err());
    let mut lines = Order::INFO.transitions.to_vec();
    lines[0].target = Some(99);
    let bad_line = order_fsm::MachineInfo {
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    let err = migration(&bad_line, &Options::new(Dialect::Sqlite)).expect_err("bad line");
    assert!(err.to_string().contains("line #0"), "{err}");
}
