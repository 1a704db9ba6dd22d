//! The migration loaded into a real PostgreSQL server: `DATABASE_URL` names it (any
//! database on it; each test creates its own database and drops it afterwards). Without
//! `DATABASE_URL` these tests say so and pass, unless `ORDER_FSM_REQUIRE_TOOLS=1`.

use crate::common;

use std::sync::atomic::{AtomicU32, Ordering};

use common::*;
use order_fsm::Machine;
use order_fsm_sql::{Dialect, KeyType, Layout, Options};
use postgres::{Client, NoTls};

struct Pg {
    client: Option<Client>,
    admin: Client,
    name: String,
}

/// A fresh database on the server `DATABASE_URL` names, or None (with a message) when the
/// variable is not set and the tools are not required.
fn db() -> Option<Pg> {
    let url = match std::env::var("DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            if std::env::var("ORDER_FSM_REQUIRE_TOOLS").as_deref() == Ok("1") {
                panic!("DATABASE_URL is not set, and ORDER_FSM_REQUIRE_TOOLS=1 requires the PostgreSQL tests to run");
            }
            // Once per run, past the harness's capture, so that the skip is seen.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped: the PostgreSQL tests of the SQL migration need DATABASE_URL=postgres://…"
                );
            });
            return None;
        }
    };
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "order_fsm_sql_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    let mut admin = Client::connect(&url, NoTls).expect("connect to DATABASE_URL");
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .expect("create a test database");
    let mut config: postgres::Config = url.parse().expect("DATABASE_URL parses");
    config.dbname(&name);
    let client = config.connect(NoTls).expect("connect to the test database");
    Some(Pg {
        client: Some(client),
        admin,
        name,
    })
}

impl Pg {
    fn c(&mut self) -> &mut Client {
        self.client.as_mut().expect("connected")
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        drop(self.client.take());
        let _ = self.admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ));
    }
}

fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    }
}

impl Db for Pg {
    const DIALECT: Dialect = Dialect::Postgres;
    fn batch(&mut self, sql: &str) -> Result<(), String> {
        self.c().batch_execute(sql).map_err(|e| message(&e))
    }
    fn int(&mut self, sql: &str) -> Option<i64> {
        let row = self.c().query_one(sql, &[]).expect("query");
        row.get::<_, Option<i64>>(0)
    }
    fn texts(&mut self, sql: &str) -> Vec<String> {
        let rows = self.c().query(sql, &[]).expect("query");
        rows.iter().map(|r| r.get::<_, String>(0)).collect()
    }
    fn bypass(&mut self, layout: &Layout, reason: &str, sql: &str) -> Result<(), String> {
        let mut tx = self.c().transaction().map_err(|e| message(&e))?;
        tx.execute(&format!("SELECT {}($1)", layout.bypass), &[&reason])
            .map_err(|e| message(&e))?;
        tx.batch_execute(sql).map_err(|e| message(&e))?;
        tx.commit().map_err(|e| message(&e))
    }
    fn lift_code_list(layout: &Layout) -> String {
        format!(
            "ALTER TABLE {} DROP CONSTRAINT \"shop_status_check\";",
            layout.orders
        )
    }
    fn rollback(&mut self) {
        let _ = self.c().batch_execute("ROLLBACK");
    }
}

#[test]
fn every_spec_loads_twice() {
    for (_, _, info) in all_specs() {
        let Some(mut d) = db() else { return };
        migrate_twice(&mut d, info, &opts::<Pg>());
        let tables =
            d.int("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'");
        // orders, allowed, statuses, log, idempotency, timers, outbox
        assert_eq!(tables, Some(7), "{}", info.id);
    }
}

#[test]
fn database_enforces_every_spec() {
    for (file, machine, info) in all_specs() {
        let Some(mut d) = db() else { return };
        database_enforces_spec(&mut d, file, machine, info);
    }
}

#[test]
fn refusals_are_check_violations() {
    let Some(mut d) = db() else { return };
    let l = migrate_twice(&mut d, Order::INFO, &opts::<Pg>());
    insert_order(&mut d, &l, 1, 0).expect("insert");
    let err = set_status_raw(&mut d, &l, 1, "40").expect_err("Created -> Completed");
    assert!(err.ends_with("(23514)"), "{err}");
    assert!(
        err.contains("Order status 10 (Created 待付款) cannot change to 40 (Completed 交易成功)"),
        "{err}"
    );
}

#[test]
fn inserts_start_in_the_initial_status_and_repairs_are_logged() {
    let Some(mut d) = db() else { return };
    insert_rules_and_bypass(&mut d);
}

#[test]
fn every_status_change_bumps_the_version() {
    let Some(mut d) = db() else { return };
    version_and_entry_time(&mut d);
}

#[test]
fn the_log_is_append_only() {
    let Some(mut d) = db() else { return };
    log_is_append_only(&mut d);
    let l = order_fsm_sql::layout(Order::INFO, &opts::<Pg>()).expect("layout");
    let err = d
        .batch(&format!("TRUNCATE {}", l.log))
        .expect_err("truncate refused");
    assert!(err.contains("append-only"), "{err}");
}

#[test]
fn upgrading_the_spec_keeps_the_data_and_applies_the_new_rules() {
    let Some(mut d) = db() else { return };
    upgrade_keeps_data(&mut d);
}

#[test]
fn text_status_codes() {
    let Some(mut d) = db() else { return };
    text_codes(&mut d);
}

/// A schema and a prefix that need quoting, a tenant column and UUID keys.
#[test]
fn schema_prefix_tenant_and_uuid_keys() {
    let Some(mut d) = db() else { return };
    let mut o = Options::new(Dialect::Postgres);
    o.schema = Some("Shop \"A\"".to_owned());
    o.prefix = "订单-".to_owned();
    o.tenant = true;
    o.key = KeyType::Uuid;
    let l = migrate_twice(&mut d, Order::INFO, &o);
    assert_eq!(l.orders, "\"Shop \"\"A\"\"\".\"订单-order_orders\"");
    let tables =
        d.int("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'Shop \"A\"'");
    assert_eq!(tables, Some(7));
    let id = "'6f1c2a3b-0000-4000-8000-000000000001'";
    d.batch(&format!(
        "INSERT INTO {} (\"tenant\", \"id\", \"status\", \"state_entered_at\", \"created_at\") VALUES ('t1', {id}, 10, 1, 1), ('t2', {id}, 10, 1, 1)",
        l.orders
    ))
    .expect("the same id under two tenants");
    d.batch(&format!(
        "UPDATE {} SET \"status\" = 20 WHERE \"tenant\" = 't1' AND \"id\" = {id}",
        l.orders
    ))
    .expect("Created -> Paid");
    let err = d
        .batch(&format!(
            "UPDATE {} SET \"status\" = 40 WHERE \"tenant\" = 't2' AND \"id\" = {id}",
            l.orders
        ))
        .expect_err("Created -> Completed");
    assert!(err.contains("10") && err.contains("40"), "{err}");
    // The repair log row carries the tenant.
    d.bypass(
        &l,
        "fix",
        &format!(
            "UPDATE {} SET \"status\" = 90 WHERE \"tenant\" = 't2' AND \"id\" = {id}",
            l.orders
        ),
    )
    .expect("bypass");
    assert_eq!(
        d.texts(&format!("SELECT \"tenant\" FROM {}", l.log)),
        vec!["t2".to_owned()]
    );
}

/// Names longer than PostgreSQL's 63 bytes are shortened by us, distinctly, rather than
/// cut by the server (which would make `…_orders_guard` and `…_orders_guard2` collide).
#[test]
fn long_names_fit_and_stay_distinct() {
    let Some(mut d) = db() else { return };
    let mut o = Options::new(Dialect::Postgres);
    o.prefix = "a_very_long_prefix_for_a_shared_database_of_many_services_".to_owned();
    let l = migrate_twice(&mut d, Order::INFO, &o);
    let names = d.texts(
        "SELECT relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY 1",
    );
    for t in [
        &l.orders,
        &l.allowed,
        &l.log,
        &l.idempotency,
        &l.timers,
        &l.outbox,
    ] {
        let bare = t.trim_matches('"');
        assert!(bare.len() <= 63, "{bare}");
        assert!(names.iter().any(|n| n == bare), "{bare} in {names:?}");
    }
    // The orders' guard, no DELETE, no TRUNCATE; the log's append-only, no TRUNCATE, and
    // insert guard: each created once, however long the names.
    let triggers = d.int("SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal");
    assert_eq!(triggers, Some(6));
}

/// Adopting a legacy table that already holds codes, one of them unknown.
#[test]
fn alter_adopts_a_legacy_table() {
    let Some(mut d) = db() else { return };
    d.batch(
        "CREATE TABLE legacy_orders (order_no BIGINT PRIMARY KEY, order_status INTEGER, buyer TEXT);
         INSERT INTO legacy_orders VALUES (1, 10, '张三'), (2, 20, '李四'), (3, 77, '王五');",
    )
    .expect("legacy table");
    let mut o = Options::new(Dialect::Postgres);
    o.alter = Some("legacy_orders".to_owned());
    o.id_column = "order_no".to_owned();
    o.status_column = "order_status".to_owned();
    let sql = order_fsm_sql::migration(Order::INFO, &o).expect("migration");
    assert!(sql.contains("NOT VALID"));
    let l = migrate_twice(&mut d, Order::INFO, &o);
    assert_eq!(l.orders, "\"legacy_orders\"");
    // The legacy data and columns are kept; the new columns have values.
    assert_eq!(
        d.texts("SELECT buyer FROM legacy_orders ORDER BY order_no"),
        vec!["张三", "李四", "王五"]
    );
    assert_eq!(
        d.int("SELECT COUNT(*) FROM legacy_orders WHERE version = 0 AND state_entered_at > 1600000000000 AND created_at > 1600000000000"),
        Some(3)
    );
    // The query printed with the migration finds the unknown code.
    let q = order_fsm_sql::unknown_status_query(Order::INFO, &o).expect("query");
    assert!(sql.contains(&q), "the migration prints the query");
    let c = d.c();
    let rows = c.query(&q, &[]).expect("query runs");
    let ids: Vec<i64> = rows.iter().map(|r| r.get("order_no")).collect();
    assert_eq!(ids, vec![3]);
    // The rules hold on the legacy table.
    d.batch("UPDATE legacy_orders SET order_status = 20 WHERE order_no = 1")
        .expect("Created -> Paid");
    assert!(d
        .batch("UPDATE legacy_orders SET order_status = 40 WHERE order_no = 2")
        .is_err());
    assert!(d
        .batch("INSERT INTO legacy_orders (order_no, order_status) VALUES (4, 30)")
        .is_err());
    // The unknown row is repaired through the bypass, then the CHECK can be validated.
    d.bypass(
        &l,
        "旧系统状态 77 = 已关闭",
        "UPDATE legacy_orders SET order_status = 90 WHERE order_no = 3",
    )
    .expect("repair");
    d.batch("ALTER TABLE legacy_orders VALIDATE CONSTRAINT \"order_status_check\"")
        .expect("every row now has a known code");
}

/// The output loads with `psql -v ON_ERROR_STOP=1` too, twice, when psql is installed.
#[test]
fn psql_loads_the_output_twice() {
    let Some(d) = db() else { return };
    let Ok(url) = std::env::var("DATABASE_URL") else {
        return;
    };
    let have_psql = std::process::Command::new("psql")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_psql {
        if std::env::var("ORDER_FSM_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("psql is not installed, and ORDER_FSM_REQUIRE_TOOLS=1 requires it");
        }
        eprintln!("skipped: psql is not installed");
        return;
    }
    let mut config: postgres::Config = url.parse().expect("url");
    config.dbname(&d.name);
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("postgres").to_owned();
    let sql = order_fsm_sql::migration(Order::INFO, &opts::<Pg>()).expect("sql");
    for run in 1..=2 {
        let mut child = std::process::Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
            .args([
                "-h",
                &host,
                "-p",
                &port.to_string(),
                "-U",
                &user,
                "-d",
                &d.name,
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("psql runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(sql.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("psql ends");
        assert!(
            out.status.success(),
            "run {run}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A re-run with the same spec does not lock the orders table (services may migrate at
/// every start while others write); a new spec does, briefly, to replace the CHECK.
#[test]
fn rerun_with_the_same_spec_does_not_lock_the_orders_table() {
    let Some(mut d) = db() else { return };
    let l = migrate_twice(&mut d, ShopV1::INFO, &opts::<Pg>());
    let url = std::env::var("DATABASE_URL").expect("set when db() returned one");
    let mut config: postgres::Config = url.parse().expect("url");
    config.dbname(&d.name);
    let mut reader = config.connect(NoTls).expect("second connection");
    let mut tx = reader.transaction().expect("begin");
    tx.query(&format!("SELECT * FROM {}", l.orders), &[])
        .expect("read orders");
    // The reader's transaction holds ACCESS SHARE on the orders table until it ends.
    let same = order_fsm_sql::migration(ShopV1::INFO, &opts::<Pg>()).expect("sql");
    d.batch(&format!("SET lock_timeout = '2s'; {same}"))
        .expect("same spec: no lock wait");
    let newer = order_fsm_sql::migration(ShopV2::INFO, &opts::<Pg>()).expect("sql");
    let err = d
        .batch(&format!("SET lock_timeout = '500ms'; {newer}"))
        .expect_err("a new CHECK needs the table");
    assert!(err.contains("lock timeout"), "{err}");
    d.rollback();
    tx.rollback().expect("reader ends");
    d.batch(&newer)
        .expect("no reader: the upgrade goes through");
}

/// Service instances that all migrate as they start, at once: every migration succeeds.
#[test]
fn concurrent_migrations_all_succeed() {
    let Some(d) = db() else { return };
    let url = std::env::var("DATABASE_URL").expect("set when db() returned one");
    let mut config: postgres::Config = url.parse().expect("url");
    config.dbname(&d.name);
    for round in 0..3 {
        let info = if round % 2 == 0 {
            ShopV1::INFO
        } else {
            ShopV2::INFO
        };
        let sql = order_fsm_sql::migration(info, &opts::<Pg>()).expect("sql");
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let config = config.clone();
                let sql = sql.clone();
                std::thread::spawn(move || {
                    let mut c = config.connect(NoTls).expect("connect");
                    c.batch_execute(&sql).map_err(|e| message(&e))
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread").expect("migration succeeds");
        }
    }
    drop(d);
}

#[test]
fn renumbering_a_status_code() {
    let Some(mut d) = db() else { return };
    renumbering_a_code(&mut d);
}

/// Names and labels that need escaping load and work: a prefix holding the dollar-quote tag.
#[test]
fn awkward_names_load() {
    let Some(mut d) = db() else { return };
    let mut o = opts::<Pg>();
    o.prefix = "x$order_fsm$'".to_owned();
    let l = migrate_twice(&mut d, Awkward::INFO, &o);
    insert_order(&mut d, &l, 1, 0).expect("insert");
    set_status(&mut d, &l, 1, 1).expect("Fresh -> Mid");
    let err = set_status(&mut d, &l, 1, 0).expect_err("Mid -> Fresh");
    assert!(err.contains("status 2 (Mid $order_fsm$ -- not a comment */) cannot change to 1 (Fresh 新 'quoted' 100%)"), "{err}");
    let err = insert_order(&mut d, &l, 2, 2).expect_err("not initial");
    assert!(err.contains("(Fresh 新 'quoted' 100%), not 3"), "{err}");
}

/// The allowed steps of every shipped spec, valid fixture and random small spec, as on
/// SQLite.
#[test]
fn database_allows_exactly_the_steps_the_interpreter_takes() {
    let Some(mut d) = db() else { return };
    let cases = step_cases(RANDOM_STEP_CASES);
    let (_, dead) = database_allows_exactly_the_steps(&mut d, &cases);
    assert!(dead >= 20, "only {dead} pairs of dead lines");
}

#[test]
fn store_invariants_are_guarded_postgres() {
    let Some(mut d) = db() else { return };
    store_invariants_are_guarded(&mut d);
}
