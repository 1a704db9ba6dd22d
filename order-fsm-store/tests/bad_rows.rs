//! Rows the store did not write: a value of another type, a message for an order or a log
//! row that does not exist, an action no relay knows, a forged log row, a direct change of
//! what the store relies on. The database refuses what it can; what it holds anyway (a
//! database written before its checks) is set aside with its reason and listed, and never
//! holds up other rows or orders.

use crate::common;

use common::*;
use order_fsm_store::{
    Exec, HookError, OutboxConfig, OutboxMessage, Publisher, SqliteConn, Store, StoreError,
    TimerReport, Value,
};

// The store's calls, each in one place.

fn create<C: order_fsm_store::Connection>(s: &Store<Order, i64>, c: &mut C, n: i64) {
    s.create(&id(n)).run(c, &mut yes()).expect("create");
}

fn fire<C: order_fsm_store::Connection>(
    s: &Store<Order, i64>,
    c: &mut C,
    n: i64,
    event: &OrderEvent,
) -> Result<(), StoreError> {
    s.fire(&id(n), event).run(c, &mut yes()).map(|_| ())
}

fn scan<C: order_fsm_store::Connection>(s: &Store<Order, i64>, c: &mut C) -> TimerReport {
    s.fire_due_timers(c, &mut yes(), 100).expect("scan")
}

fn state<C: order_fsm_store::Connection>(s: &Store<Order, i64>, c: &mut C, n: i64) -> OrderState {
    s.read(&id(n)).view(c).expect("load").expect("order").state
}

/// `$1`-style SQL for the connection's dialect.
fn sql<C: Exec>(c: &C, text: &str) -> String {
    match c.dialect() {
        order_fsm_store::Dialect::Postgres => text.to_string(),
        order_fsm_store::Dialect::Sqlite => text.replace('$', "?"),
    }
}

fn run<C: Exec>(c: &mut C, text: &str, params: &[Value]) -> Result<u64, String> {
    let q = sql(c, text);
    c.execute(&q, params).map_err(|e| e.to_string())
}

/// What a publisher was given: (order, seq, action).
#[derive(Default)]
struct Got(Vec<(i64, i64, String)>);

impl Publisher<Order, i64> for Got {
    fn publish(&mut self, m: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
        self.0.push((
            m.order.key,
            m.seq,
            order_fsm::Enumerated::id(m.action).to_string(),
        ));
        Ok(())
    }
}

impl Got {
    fn of(&self, order: i64) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(o, ..)| *o == order)
            .map(|(_, _, a)| a.as_str())
            .collect()
    }
}

/// A SQLite database as it was before the store's columns were type-checked: the
/// triggers that check them are dropped.
fn as_before_type_checks(c: &mut SqliteConn) {
    let conn = c.connection();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%types%'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("triggers")
        .collect::<Result<_, _>>()
        .expect("names");
    assert!(names.len() >= 5, "{names:?}");
    for n in names {
        conn.execute_batch(&format!("DROP TRIGGER \"{n}\""))
            .expect("drop trigger");
    }
}

const CLOSE: &str = "Created|after|Cancelled|-";

fn sqlite_store(
    name: &str,
) -> (
    SqliteDb,
    Store<Order, i64>,
    std::sync::Arc<order_fsm_store::ManualClock>,
) {
    let db = SqliteDb::new(name);
    let (s, clock) = store(&db);
    (db, s, clock)
}

/// SQLite refuses a value of another type in the store's columns, as a STRICT table would;
/// a value SQLite converts without loss (`'5'`, `2.0`) is stored as the integer.
#[test]
fn sqlite_refuses_values_of_another_type() {
    let (db, s, _) = sqlite_store("types");
    let mut c = db.connect();
    create(&s, &mut c, 1);
    fire(&s, &mut c, 1, &pay(1)).expect("pay");
    let timers = s.layout().timers.clone();
    let outbox = s.layout().outbox.clone();
    for (what, text) in [
        (
            "text version",
            format!("UPDATE {timers} SET \"state_version\" = 'abc'"),
        ),
        (
            "real due time",
            format!("UPDATE {timers} SET \"due_at\" = 1.5"),
        ),
        (
            "text due time",
            format!("UPDATE {timers} SET \"due_at\" = 'soon'"),
        ),
        ("real seq", format!("UPDATE {outbox} SET \"seq\" = 2.5")),
        (
            "text next attempt",
            format!("UPDATE {outbox} SET \"next_attempt_at\" = 'later'"),
        ),
        (
            "text order id",
            format!(
                "INSERT INTO {outbox} (\"order_id\", \"seq\", \"action\", \"next_attempt_at\") \
                 VALUES ('one', 2, 'notify_buyer', 0)"
            ),
        ),
    ] {
        let e = run(&mut c, &text, &[]).expect_err(what);
        assert!(e.contains("another type"), "{what}: {e}");
    }
    // Converted without loss: accepted, stored as integers.
    run(
        &mut c,
        &format!("UPDATE {timers} SET \"attempts\" = '0', \"delay_seconds\" = 604800.0"),
        &[],
    )
    .expect("lossless conversion");
    let rows = c
        .query(
            &format!("SELECT typeof(\"attempts\"), typeof(\"delay_seconds\") FROM {timers}"),
            &[],
        )
        .expect("types");
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(
            r,
            [Value::Text("integer".into()), Value::Text("integer".into())]
        );
    }
}

/// Five orders wait for their 30-minute close; order 1's close timer has a text version
/// (written before the checks) and is due first. The worker parks it with its reason,
/// closes the other four, lists it, and does not come back to it.
#[test]
fn sqlite_a_timer_with_a_text_version_is_parked_not_spun_on() {
    let (db, s, clock) = sqlite_store("text_version");
    let mut c = db.connect();
    for n in 1..=5 {
        create(&s, &mut c, n);
    }
    as_before_type_checks(&mut c);
    let timers = s.layout().timers.clone();
    assert_eq!(
        run(
            &mut c,
            &format!(
                "UPDATE {timers} SET \"state_version\" = 'abc', \"due_at\" = \"due_at\" - 1 \
                 WHERE \"order_id\" = 1"
            ),
            &[],
        ),
        Ok(2)
    );
    clock.advance_secs(31 * 60);
    let r = scan(&s, &mut c);
    assert_eq!((r.fired, r.parked), (4, 2), "{r:?}");
    for n in 2..=5 {
        assert_eq!(state(&s, &mut c, n), OrderState::Cancelled, "order {n}");
    }
    assert_eq!(state(&s, &mut c, 1), OrderState::Created);
    let parked = s.parked_timers(&mut c, 10).expect("parked");
    assert_eq!(parked.len(), 2, "{parked:?}");
    assert!(parked.iter().any(|p| p.line_id == CLOSE), "{parked:?}");
    for p in &parked {
        assert_eq!((p.order.key, p.state_version), (1, -1));
        let why = p.last_error.as_deref().unwrap_or_default();
        assert!(
            why.contains("state_version") && why.contains("'abc'"),
            "{why}"
        );
    }
    // The stored values are kept for a person to look at.
    let kept = c
        .query(
            &format!("SELECT \"state_version\" FROM {timers} WHERE \"order_id\" = 1 AND \"line_id\" = ?1"),
            &[Value::Text(CLOSE.into())],
        )
        .expect("kept");
    assert_eq!(kept, [vec![Value::Text("abc".into())]]);
    // The next scan finds nothing to do.
    assert_eq!(scan(&s, &mut c), TimerReport::default());
}

/// A timer whose due time is a real number no longer makes every scan fail: it is parked,
/// and the others fire.
#[test]
fn sqlite_a_timer_with_a_real_due_time_is_parked() {
    let (db, s, clock) = sqlite_store("real_due");
    let mut c = db.connect();
    for n in 1..=3 {
        create(&s, &mut c, n);
    }
    as_before_type_checks(&mut c);
    let timers = s.layout().timers.clone();
    run(
        &mut c,
        &format!("UPDATE {timers} SET \"due_at\" = 1.5 WHERE \"order_id\" = 2"),
        &[],
    )
    .expect("corrupt");
    clock.advance_secs(31 * 60);
    let r = scan(&s, &mut c);
    assert_eq!((r.fired, r.parked), (2, 2), "{r:?}");
    assert_eq!(state(&s, &mut c, 1), OrderState::Cancelled);
    assert_eq!(state(&s, &mut c, 3), OrderState::Cancelled);
    assert_eq!(state(&s, &mut c, 2), OrderState::Created);
    let parked = s.parked_timers(&mut c, 10).expect("parked");
    assert_eq!(parked.len(), 2, "{parked:?}");
    for p in &parked {
        assert_eq!(p.order.key, 2);
        let why = p.last_error.as_deref().unwrap_or_default();
        assert!(why.contains("due_at") && why.contains("1.5"), "{why}");
    }
    // Listed with the order's timers too, without failing.
    assert_eq!(s.read(&id(2)).timers(&mut c).expect("timers").len(), 2);
}

/// A timer whose due time is text is never due: the worker parks it (found through the
/// due-time index) so that it is listed instead of silently never firing.
#[test]
fn sqlite_a_timer_with_a_text_due_time_is_parked_and_listed() {
    let (db, s, clock) = sqlite_store("text_due");
    let mut c = db.connect();
    create(&s, &mut c, 1);
    create(&s, &mut c, 2);
    as_before_type_checks(&mut c);
    let timers = s.layout().timers.clone();
    run(
        &mut c,
        &format!("UPDATE {timers} SET \"due_at\" = 'soon' WHERE \"order_id\" = 1"),
        &[],
    )
    .expect("corrupt");
    clock.advance_secs(31 * 60);
    let r = scan(&s, &mut c);
    assert_eq!((r.fired, r.parked), (1, 2), "{r:?}");
    assert_eq!(state(&s, &mut c, 2), OrderState::Cancelled);
    let parked = s.parked_timers(&mut c, 10).expect("parked");
    assert_eq!(parked.len(), 2, "{parked:?}");
    for p in &parked {
        assert_eq!((p.order.key, p.due_at), (1, 0));
        let why = p.last_error.as_deref().unwrap_or_default();
        assert!(why.contains("due_at") && why.contains("'soon'"), "{why}");
    }
}

/// A database written before the checks: `migrate` adds them, and sets aside the rows that
/// break them (a timer parked, an outbox row dead-lettered) before anything reads them.
#[test]
fn sqlite_migrate_sets_aside_the_rows_it_finds_unreadable() {
    let (db, s, _) = sqlite_store("migrate_sets_aside");
    let mut c = db.connect();
    create(&s, &mut c, 1);
    fire(&s, &mut c, 1, &pay(1)).expect("pay");
    as_before_type_checks(&mut c);
    let timers = s.layout().timers.clone();
    let outbox = s.layout().outbox.clone();
    run(
        &mut c,
        &format!("UPDATE {timers} SET \"state_version\" = 2.5"),
        &[],
    )
    .expect("timer");
    run(
        &mut c,
        &format!("UPDATE {outbox} SET \"seq\" = 'two' WHERE \"action\" = 'deduct_stock'"),
        &[],
    )
    .expect("outbox");
    s.migrate(&mut c).expect("migrate");
    let parked = s.parked_timers(&mut c, 10).expect("parked");
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert!(parked[0]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("state_version")));
    let dead = s.dead_letters(&mut c, 10).expect("dead");
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!((dead[0].action.as_str(), dead[0].seq), ("deduct_stock", -1));
    assert!(dead[0]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("seq")));
    // The checks are back.
    let e = run(
        &mut c,
        &format!("UPDATE {timers} SET \"due_at\" = 'x'"),
        &[],
    )
    .expect_err("checked");
    assert!(e.contains("another type"), "{e}");
}

/// Order 1's first outbox row has a real `seq`, its second row is fine; order 2 is fine.
/// The relay no longer fails on every call: the bad row is a dead letter with its reason,
/// listed, and holds back nothing.
#[test]
fn sqlite_an_outbox_row_with_a_real_seq_is_a_dead_letter() {
    let (db, s, _) = sqlite_store("outbox_real");
    let mut c = db.connect();
    for n in 1..=2 {
        create(&s, &mut c, n);
        fire(&s, &mut c, n, &pay(1)).expect("pay");
    }
    as_before_type_checks(&mut c);
    let outbox = s.layout().outbox.clone();
    run(
        &mut c,
        &format!("UPDATE {outbox} SET \"seq\" = 2.5 WHERE \"order_id\" = 1 AND \"action\" = 'deduct_stock'"),
        &[],
    )
    .expect("corrupt");
    let mut got = Got::default();
    s.relay_all(&mut c, &mut got, 10).expect("relay");
    assert_eq!(got.of(1), ["notify_seller"]);
    assert_eq!(got.of(2), ["deduct_stock", "notify_seller"]);
    let dead = s.dead_letters(&mut c, 10).expect("dead");
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(
        (dead[0].order.key, dead[0].action.as_str()),
        (1, "deduct_stock")
    );
    let why = dead[0].last_error.as_deref().unwrap_or_default();
    assert!(why.contains("seq") && why.contains("2.5"), "{why}");
    assert_eq!(s.outbox_backlog(&mut c).expect("backlog").0, 0);
}

/// An outbox row whose next attempt is text is never due and held back its order's later
/// rows for good: now it is a dead letter, and they are delivered.
#[test]
fn sqlite_an_outbox_row_never_due_does_not_hold_back_its_order() {
    let (db, s, _) = sqlite_store("outbox_never_due");
    let mut c = db.connect();
    create(&s, &mut c, 1);
    fire(&s, &mut c, 1, &pay(1)).expect("pay");
    as_before_type_checks(&mut c);
    let outbox = s.layout().outbox.clone();
    run(
        &mut c,
        &format!(
            "UPDATE {outbox} SET \"next_attempt_at\" = 'later' WHERE \"action\" = 'deduct_stock'"
        ),
        &[],
    )
    .expect("corrupt");
    let mut got = Got::default();
    s.relay_all(&mut c, &mut got, 10).expect("relay");
    assert_eq!(got.of(1), ["notify_seller"]);
    let dead = s.dead_letters(&mut c, 10).expect("dead");
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert!(dead[0]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("next_attempt_at") && e.contains("'later'")));
}

/// A row naming an action this relay's spec does not have (a newer writer's, in a rolling
/// deploy) keeps its order's later rows waiting, so that a relay that knows it delivers
/// them in order; other orders go on. Once no relay took it within the grace, it is a
/// dead letter with its reason, and its order's rows go on.
fn an_unknown_action_holds_back_its_order_only_for_the_grace<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let s = s.with_outbox(OutboxConfig {
        unknown_action_grace_ms: 10 * 60_000,
        ..OutboxConfig::default()
    });
    let mut c = db.connect();
    create(&s, &mut c, 1);
    create(&s, &mut c, 2);
    run(
        &mut c,
        &format!(
            "INSERT INTO {} (\"order_id\", \"seq\", \"action\", \"next_attempt_at\") VALUES (1, 1, 'gift_wrap', $1)",
            s.layout().outbox
        ),
        &[Value::Int(s.now_ms())],
    )
    .expect("a row of a newer spec");
    fire(&s, &mut c, 1, &pay(1)).expect("pay 1");
    fire(&s, &mut c, 2, &pay(1)).expect("pay 2");
    let mut got = Got::default();
    s.relay_all(&mut c, &mut got, 10).expect("relay");
    assert_eq!(got.of(2), ["deduct_stock", "notify_seller"]);
    assert!(got.of(1).is_empty(), "{:?}", got.0);
    assert!(s.dead_letters(&mut c, 10).expect("dead").is_empty());
    clock.advance_secs(9 * 60);
    s.relay_all(&mut c, &mut got, 10).expect("relay");
    assert!(got.of(1).is_empty(), "{:?}", got.0);
    clock.advance_secs(2 * 60);
    s.relay_all(&mut c, &mut got, 10).expect("relay");
    assert_eq!(got.of(1), ["deduct_stock", "notify_seller"]);
    let dead = s.dead_letters(&mut c, 10).expect("dead");
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0].action, "gift_wrap");
    let why = dead[0].last_error.as_deref().unwrap_or_default();
    assert!(why.contains("gift_wrap") && why.contains("10m"), "{why}");
}

/// A known action for an order that does not exist, or for a log row the order does not
/// have, is not published (no phantom refund): it is a dead letter with its reason.
fn an_outbox_row_without_its_order_or_log_row_is_not_published<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    create(&s, &mut c, 1);
    let insert = format!(
        "INSERT INTO {} (\"order_id\", \"seq\", \"action\", \"next_attempt_at\") VALUES ($1, $2, 'refund_payment', $3)",
        s.layout().outbox
    );
    for (order, seq) in [(999, 1), (1, 99)] {
        run(
            &mut c,
            &insert,
            &[Value::Int(order), Value::Int(seq), Value::Int(s.now_ms())],
        )
        .expect("insert");
    }
    fire(&s, &mut c, 1, &pay(1)).expect("pay");
    let mut got = Got::default();
    s.relay_all(&mut c, &mut got, 10).expect("relay");
    assert!(
        !got.0.iter().any(|(_, _, a)| a == "refund_payment"),
        "{:?}",
        got.0
    );
    assert_eq!(got.of(1), ["deduct_stock", "notify_seller"]);
    let dead = s.dead_letters(&mut c, 10).expect("dead");
    let rows: Vec<(i64, i64)> = dead.iter().map(|d| (d.order.key, d.seq)).collect();
    assert_eq!(rows, [(999, 1), (1, 99)]);
    assert!(dead[0]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("999") && e.contains("does not exist")));
    assert!(dead[1]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("log row 99")));
}

/// A direct UPDATE may not change an order's id or set its version other than one up (a
/// rewound version would let an ended entry's timer fire), and orders are not deleted.
/// The store's own path goes on.
fn the_database_guards_version_id_and_delete<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    create(&s, &mut c, 1);
    fire(&s, &mut c, 1, &pay(1)).expect("pay");
    let orders = s.layout().orders.clone();
    let (idc, st) = (
        s.layout().id_column.clone(),
        s.layout().status_column.clone(),
    );
    for (what, text) in [
        (
            "rewind",
            format!("UPDATE {orders} SET \"version\" = 0 WHERE {idc} = 1"),
        ),
        (
            "jump",
            format!("UPDATE {orders} SET \"version\" = 7 WHERE {idc} = 1"),
        ),
        (
            "rewind with status",
            format!("UPDATE {orders} SET {st} = 30, \"version\" = 0 WHERE {idc} = 1"),
        ),
        (
            "id",
            format!("UPDATE {orders} SET {idc} = 77 WHERE {idc} = 1"),
        ),
        ("delete", format!("DELETE FROM {orders} WHERE {idc} = 1")),
    ] {
        let e = run(&mut c, &text, &[]).expect_err(what);
        assert!(e.contains("order-fsm"), "{what}: {e}");
    }
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order");
    assert_eq!((v.state, v.version), (OrderState::Paid, 1));
    fire(&s, &mut c, 1, &ship()).expect("ship");
    assert_eq!(state(&s, &mut c, 1), OrderState::Shipped);
}

/// Log rows come only from the store's path: a forged "Created -> Completed", a row that
/// does not follow the last one, or one for an order that does not exist is refused; the
/// store's rows, timers' included, still go in.
fn a_forged_log_row_is_refused<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    create(&s, &mut c, 1);
    create(&s, &mut c, 2);
    let insert = format!(
        "INSERT INTO {} (\"order_id\", \"seq\", \"from_status\", \"to_status\", \"spec_hash\", \"at\") \
         VALUES ($1, $2, $3, $4, 'forged', 0)",
        s.layout().log
    );
    for (what, row) in [
        ("Created -> Completed", [1, 2, 10, 40]),
        ("Created -> Paid while Created", [1, 2, 10, 20]),
        ("a gap", [1, 3, 10, 10]),
        ("no such order", [9, 1, 10, 10]),
    ] {
        let params: Vec<Value> = row.iter().map(|&v| Value::Int(v)).collect();
        let e = run(&mut c, &insert, &params).expect_err(what);
        assert!(e.contains("order-fsm"), "{what}: {e}");
    }
    let e = run(
        &mut c,
        &format!(
            "INSERT INTO {} (\"order_id\", \"seq\", \"from_status\", \"to_status\", \"spec_hash\", \"at\") \
             VALUES (1, 2, NULL, 10, 'forged', 0)",
            s.layout().log
        ),
        &[],
    )
    .expect_err("a second creation");
    assert!(e.contains("order-fsm"), "{e}");
    fire(&s, &mut c, 1, &pay(1)).expect("pay");
    clock.advance_secs(31 * 60);
    let r = scan(&s, &mut c);
    assert_eq!((r.fired, r.reminders), (1, 1), "{r:?}");
    assert_eq!(s.read(&id(1)).history(&mut c).expect("log").len(), 2);
    assert_eq!(s.read(&id(2)).history(&mut c).expect("log").len(), 3);
}

/// A repair still can: with the bypass set in its transaction, an order is moved where no
/// line leads, its version set, and it is deleted.
fn a_repair_still_can<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    create(&s, &mut c, 1);
    create(&s, &mut c, 2);
    let orders = s.layout().orders.clone();
    let bypass = s.layout().bypass.clone();
    let (idc, st) = (
        s.layout().id_column.clone(),
        s.layout().status_column.clone(),
    );
    let repair = |c: &mut D::Conn, text: &str| -> Result<(), String> {
        let (on, off) = match c.dialect() {
            order_fsm_store::Dialect::Postgres => (
                format!("BEGIN; SELECT {bypass}('工单 #4711');"),
                String::new(),
            ),
            order_fsm_store::Dialect::Sqlite => (
                format!(
                    "BEGIN IMMEDIATE; INSERT INTO {bypass} (\"reason\") VALUES ('工单 #4711');"
                ),
                format!("DELETE FROM {bypass};"),
            ),
        };
        let r = c.batch(&format!("{on} {text}; {off} COMMIT;"));
        if r.is_err() {
            let _ = c.batch("ROLLBACK");
        }
        r.map_err(|e| e.to_string())
    };
    repair(
        &mut c,
        &format!("UPDATE {orders} SET {st} = 40 WHERE {idc} = 1"),
    )
    .expect("move");
    assert_eq!(state(&s, &mut c, 1), OrderState::Completed);
    let log = s.read(&id(1)).history(&mut c).expect("log");
    assert_eq!(
        log.last().and_then(|e| e.actor.as_deref()),
        Some("bypass: 工单 #4711")
    );
    repair(
        &mut c,
        &format!("UPDATE {orders} SET \"version\" = 5 WHERE {idc} = 1"),
    )
    .expect("version");
    assert_eq!(
        s.read(&id(1))
            .view(&mut c)
            .expect("load")
            .expect("o")
            .version,
        5
    );
    repair(&mut c, &format!("DELETE FROM {orders} WHERE {idc} = 2")).expect("delete");
    assert!(s.read(&id(2)).view(&mut c).expect("load").is_none());
}

/// PostgreSQL: the bypass is bound to one transaction and to members of the role
/// `order_fsm_bypass`. A session-wide SET does nothing; a member's repair works; a role that
/// is not a member cannot set it, nor forge its setting.
#[test]
fn postgres_the_bypass_is_one_transaction_and_granted() {
    let Some(db) = PgDb::new("bypass_granted") else {
        return;
    };
    let (s, _) = store(&db);
    let mut c = db.connect();
    create(&s, &mut c, 1);
    let orders = s.layout().orders.clone();
    let bypass = s.layout().bypass.clone();
    let (idc, st) = (
        s.layout().id_column.clone(),
        s.layout().status_column.clone(),
    );
    let complete = format!("UPDATE {orders} SET {st} = 40 WHERE {idc} = 1");
    let client = c.client();
    // A session-wide setting, even one naming a transaction, is no repair.
    client
        .batch_execute("SET order_fsm.bypass = '1:fix'")
        .expect("set");
    let e = client.batch_execute(&complete).expect_err("not a repair");
    assert!(
        format!("{e:?}").contains("no transition line allows it"),
        "{e:?}"
    );
    client
        .batch_execute("RESET order_fsm.bypass")
        .expect("reset");
    // The function's setting ends with its transaction.
    client
        .batch_execute(&format!("SELECT {bypass}('outside a transaction')"))
        .expect("autocommit");
    assert!(client.batch_execute(&complete).is_err());
    // A role that is not a member.
    let clerk = format!("order_fsm_clerk_{}", std::process::id());
    client
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {clerk}; CREATE ROLE {clerk} NOLOGIN; \
             GRANT ALL ON ALL TABLES IN SCHEMA public TO {clerk}; \
             GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {clerk};"
        ))
        .expect("role");
    let as_clerk = |client: &mut ::postgres::Client, body: &str| {
        let r = client.batch_execute(&format!("BEGIN; SET LOCAL ROLE {clerk}; {body}; COMMIT;"));
        if r.is_err() {
            let _ = client.batch_execute("ROLLBACK");
        }
        r
    };
    let e =
        as_clerk(client, &format!("SELECT {bypass}('fix'); {complete}")).expect_err("not granted");
    assert!(format!("{e:?}").contains("order_fsm_bypass"), "{e:?}");
    as_clerk(
        client,
        &format!("SELECT set_config('order_fsm.bypass', txid_current()::text || ':fix', true); {complete}"),
    )
    .expect_err("a forged setting");
    client
        .batch_execute(&format!("GRANT order_fsm_bypass TO {clerk}"))
        .expect("grant");
    as_clerk(client, &format!("SELECT {bypass}('fix'); {complete}")).expect("granted");
    assert_eq!(state(&s, &mut c, 1), OrderState::Completed);
    let client = c.client();
    let _ = client.batch_execute(&format!(
        "REASSIGN OWNED BY {clerk} TO CURRENT_USER; DROP OWNED BY {clerk}; DROP ROLE {clerk}"
    ));
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(&super::SqliteDb::new(stringify!($name))) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if let Some(db) = super::PgDb::new(stringify!($name)) { super::$name(&db) }
            })*
        }
    };
}

both!(
    an_unknown_action_holds_back_its_order_only_for_the_grace,
    an_outbox_row_without_its_order_or_log_row_is_not_published,
    the_database_guards_version_id_and_delete,
    a_forged_log_row_is_refused,
    a_repair_still_can,
    history_reads_after_a_state_is_removed,
);

mod signed_completes {
    use order_fsm::StateMachine;

    /// The order machine without the `Delivered` state: signing completes the order.
    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/order_signed_completes.fsm", machine = "Order")]
    pub struct Order;
}

/// Every guard says yes, every action goes to the outbox, for any machine.
struct AllYes;

impl<M: order_fsm::Machine, X: ?Sized> order_fsm::GenericStoreHooks<M, X> for AllYes {
    fn guard(
        &mut self,
        _: &mut X,
        _: M::Guard,
        _: &order_fsm::Context<'_, M>,
    ) -> Result<bool, HookError> {
        Ok(true)
    }
    fn action(
        &mut self,
        _: &mut X,
        _: M::Action,
        _: &order_fsm::Context<'_, M>,
    ) -> Result<order_fsm::Placement, HookError> {
        Ok(order_fsm::Placement::Outbox)
    }
}

fn fire_keyed<C: order_fsm_store::Connection, M>(
    s: &Store<M, i64>,
    c: &mut C,
    n: i64,
    event: &M::Event,
    key: &str,
) -> Result<order_fsm_store::Outcome<M>, StoreError>
where
    M::Event: order_fsm_store::Payload,
    M: for<'a> order_fsm::StoreDispatch<
        order_fsm_store::Call<'a, C, i64>,
        order_fsm::Generic<AllYes>,
    >,
{
    s.fire(&id(n), event)
        .idempotency_key(key)
        .run(c, &mut order_fsm::Generic(AllYes))
}

/// The spec loses `Delivered` once its orders have moved on. The audit trail of an order
/// that passed through it still reads, naming the state by the code and the label the spec
/// had; a key whose recorded outcome led into it, delivered again, returns that outcome.
fn history_reads_after_a_state_is_removed<D: TestDb>(db: &D) {
    use signed_completes::{OrderEvent as Event, OrderState as State};
    let (s1, _) = store(db);
    let mut c = db.connect();
    create(&s1, &mut c, 1);
    fire(&s1, &mut c, 1, &pay(1)).expect("pay");
    fire(&s1, &mut c, 1, &ship()).expect("ship");
    fire_keyed(&s1, &mut c, 1, &OrderEvent::Sign, "sign-1").expect("sign");
    fire(&s1, &mut c, 1, &OrderEvent::Confirm).expect("confirm");
    let s2 =
        Store::<signed_completes::Order, i64>::new(order_fsm_store::Options::new(db.dialect()))
            .expect("store without Delivered");
    s2.migrate(&mut c)
        .expect("migrate: no order is in Delivered");

    let log = s2.read(&id(1)).history(&mut c).expect("history");
    assert_eq!(log.len(), 5, "{log:?}");
    let retired = |st: &order_fsm_store::Status<signed_completes::Order>| match st {
        order_fsm_store::Status::Retired { code, id, label } => {
            (code.clone(), id.clone(), label.clone())
        }
        order_fsm_store::Status::State(s) => panic!("{s:?} is a state of the spec"),
    };
    let delivered = (
        "35".to_string(),
        Some("Delivered".to_string()),
        Some("已签收".to_string()),
    );
    assert_eq!(log[3].to.state(), None);
    assert_eq!(retired(&log[3].to), delivered);
    assert_eq!(
        log[3].from.as_ref().and_then(|f| f.state()),
        Some(State::Shipped)
    );
    assert_eq!(retired(log[4].from.as_ref().expect("from")), delivered);
    assert_eq!(log[4].to, State::Completed);
    let line = log[3].to_string();
    assert!(line.contains("已签收 (Delivered, code 35"), "{line}");

    // The key's recorded outcome: Shipped -> the removed Delivered, as a duplicate.
    let again = fire_keyed(&s2, &mut c, 1, &Event::Sign, "sign-1").expect("the recorded outcome");
    let order_fsm_store::Outcome::Applied(a) = again else {
        panic!("{again:?}")
    };
    assert!(a.duplicate);
    assert_eq!((a.from.state(), a.seq), (Some(State::Shipped), 4));
    assert_eq!(retired(&a.to), delivered);
    assert_eq!(
        s2.read(&id(1))
            .view(&mut c)
            .expect("load")
            .expect("order")
            .state,
        State::Completed
    );
}
