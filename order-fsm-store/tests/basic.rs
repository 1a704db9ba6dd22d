//! The store end to end on one connection, on SQLite and (with `DATABASE_URL`) PostgreSQL:
//! create, apply, read, idempotency, timers, outbox, in-transaction hooks, key types.

use crate::common;

use order_fsm::msg::Lang;

use std::collections::BTreeMap;

use common::*;
use order_fsm::plan;
use order_fsm::{Context, Machine, Rejection};
use order_fsm_store::Call;
use order_fsm_store::{
    Clock, Exec, HookError, Id, OrderKey, OutboxConfig, OutboxMessage, Outcome, Placement,
    Publisher, StoreError, Tx, Value,
};

/// `$1`-style SQL for the connection's dialect.
fn sql<C: Exec>(c: &C, text: &str) -> String {
    match c.dialect() {
        order_fsm_store::Dialect::Postgres => text.to_string(),
        order_fsm_store::Dialect::Sqlite => text.replace('$', "?"),
    }
}

fn applied(o: &Outcome<Order>) -> (OrderState, OrderState, i64, bool) {
    match o {
        Outcome::Applied(a) => (state(&a.from), state(&a.to), a.seq, a.duplicate),
        Outcome::Rejected { rejection, .. } => panic!("rejected: {rejection}"),
    }
}

fn count<C: Exec>(c: &mut C, table: &str, order: i64) -> i64 {
    let q = sql(
        c,
        &format!("SELECT COUNT(*) FROM {table} WHERE \"order_id\" = $1"),
    );
    c.query(&q, &[Value::Int(order)]).expect("count")[0][0]
        .as_i64()
        .expect("int")
}

fn create_apply_read<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    assert_eq!(
        s.create(&id(1)).run(&mut c, &mut yes()),
        Err(StoreError::AlreadyExists { order: "1".into() })
    );
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order 1");
    assert_eq!(
        (v.state, v.version, v.entered_at),
        (OrderState::Created, 0, T0)
    );

    clock.advance_secs(60);
    let o = s
        .fire(&id(1), &pay(100))
        .by(OrderRole::Buyer)
        .idempotency_key("pay-1")
        .run(&mut c, &mut h)
        .expect("pay");
    assert_eq!(
        applied(&o),
        (OrderState::Created, OrderState::Paid, 2, false)
    );
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order 1");
    assert_eq!(
        (v.state, v.version, v.entered_at),
        (OrderState::Paid, 1, T0 + 60_000)
    );

    let log = s.read(&id(1)).history(&mut c).expect("history");
    assert_eq!(log.len(), 2);
    assert!(log[0].from.is_none());
    assert_eq!(log[1].from.as_ref().map(state), Some(OrderState::Created));
    assert_eq!(log[1].event, Some(OrderEventKind::Pay));
    assert_eq!(log[1].actor.as_deref(), Some("buyer"));
    assert_eq!(log[1].spec_hash, Order::INFO.spec_hash());
    let payload: serde_json::Value =
        serde_json::from_str(log[1].payload.as_deref().expect("payload")).expect("json");
    assert!(
        payload.to_string().contains("\"amount_cents\":100"),
        "{payload}"
    );
    assert_eq!(log[1].line, Some(0));

    // After-commit actions went to the outbox, keyed by the log row.
    let rows = s.outbox_rows(&mut c, &id(1)).expect("outbox");
    let actions: Vec<(&str, i64)> = rows.iter().map(|r| (r.action.as_str(), r.seq)).collect();
    assert_eq!(actions, [("deduct_stock", 2), ("notify_seller", 2)]);

    // The new entry armed its timer: 7 days after the entry, keyed by version 1.
    let timers = s.read(&id(1)).timers(&mut c).expect("timers");
    assert_eq!(timers.len(), 1);
    assert_eq!(timers[0].state_version, 1);
    assert_eq!(timers[0].due_at, T0 + 60_000 + 7 * 86_400_000);

    // What each role may do now.
    let p = s
        .read(&id(1))
        .by(OrderRole::Service)
        .permitted_events(&mut c)
        .expect("permitted");
    let p: Vec<(OrderEventKind, Vec<OrderGuard>)> =
        p.into_iter().map(|p| (p.event, p.guards)).collect();
    assert_eq!(
        p,
        [
            (OrderEventKind::Cancel, vec![]),
            (OrderEventKind::ForceClose, vec![OrderGuard::RiskConfirmed]),
        ]
    );
    let p = s
        .read(&id(1))
        .by(OrderRole::Seller)
        .permitted_events(&mut c)
        .expect("permitted");
    assert_eq!(
        p.iter().map(|p| p.event).collect::<Vec<_>>(),
        [OrderEventKind::Ship]
    );

    let missing = s.fire(&id(9), &ship()).run(&mut c, &mut h).unwrap_err();
    assert_eq!(missing, StoreError::NotFound { order: "9".into() });
    // A service shows the store's errors in its users' language.
    assert_eq!(missing.to_string(), "order 9 does not exist");
    assert_eq!(missing.text().render(Lang::Zh), "订单 9 不存在");
    let exists = s.create(&id(1)).run(&mut c, &mut yes()).unwrap_err();
    assert_eq!(exists.text().render(Lang::Zh), "订单 1 已经存在");
    let conflict = StoreError::Conflict { order: "1".into() };
    assert_eq!(
        conflict.text().render(Lang::Zh),
        "订单 1 同时被另一个写入方修改了；请重新读取后重试"
    );
}

fn idempotency<D: TestDb>(db: &D) {
    idempotency_with(db, false)
}

/// The same with the order read `FOR UPDATE`: the key is read in the same statement.
fn idempotency_with_row_locks<D: TestDb>(db: &D) {
    idempotency_with(db, true)
}

fn idempotency_with<D: TestDb>(db: &D, lock: bool) {
    let (s, _) = store(db);
    let s = s.lock_rows(lock);
    let mut c = db.connect();
    let mut h = yes();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let first = s
        .fire(&id(1), &pay(100))
        .idempotency_key("cb-1")
        .run(&mut c, &mut h)
        .expect("pay");
    let again = s
        .fire(&id(1), &pay(100))
        .idempotency_key("cb-1")
        .run(&mut c, &mut h)
        .expect("pay again");
    assert_eq!(
        applied(&first),
        (OrderState::Created, OrderState::Paid, 2, false)
    );
    assert_eq!(
        applied(&again),
        (OrderState::Created, OrderState::Paid, 2, true)
    );
    assert_eq!(s.read(&id(1)).history(&mut c).expect("log").len(), 2);
    assert_eq!(s.outbox_rows(&mut c, &id(1)).expect("outbox").len(), 2);

    // A different event under the same key.
    let e = s
        .fire(&id(1), &ship())
        .idempotency_key("cb-1")
        .run(&mut c, &mut h)
        .unwrap_err();
    assert!(
        matches!(e, StoreError::IdempotencyMismatch { ref recorded, ref given, .. } if recorded.render(Lang::En).contains("`Pay`") && given.render(Lang::En).contains("`Ship`")),
        "{e}"
    );

    // A rejected first delivery returns the same rejection, even after the order moved on.
    s.create(&id(2)).run(&mut c, &mut yes()).expect("create");
    let r1 = s
        .fire(&id(2), &pay(0))
        .by(OrderRole::Buyer)
        .idempotency_key("cb-2")
        .run(&mut c, &mut h)
        .expect("pay 0");
    let expected = *r1.rejection().expect("rejected");
    assert!(
        matches!(expected, Rejection::GuardFailed { state: OrderState::Created, event: OrderEventKind::Pay, failed }
            if failed.to_vec() == [OrderGuard::PaymentVerified]),
        "{expected:?}"
    );
    assert_eq!(r1.rejection(), Some(&expected));
    assert!(!r1.is_duplicate());
    s.fire(&id(2), &pay(5))
        .idempotency_key("cb-3")
        .run(&mut c, &mut h)
        .expect("pay 5");
    let r2 = s
        .fire(&id(2), &pay(0))
        .by(OrderRole::Buyer)
        .idempotency_key("cb-2")
        .run(&mut c, &mut h)
        .expect("pay 0 again");
    assert_eq!(r2.rejection(), Some(&expected));
    assert!(r2.is_duplicate());
    assert_eq!(s.read(&id(2)).history(&mut c).expect("log").len(), 2);

    // A role rejection keeps the roles that could.
    let r = s
        .fire(&id(2), &OrderEvent::Cancel)
        .by(OrderRole::Buyer)
        .idempotency_key("c")
        .run(&mut c, &mut h)
        .expect("cancel");
    let r2 = s
        .fire(&id(2), &OrderEvent::Cancel)
        .by(OrderRole::Buyer)
        .idempotency_key("c")
        .run(&mut c, &mut h)
        .expect("cancel again");
    match (r.rejection(), r2.rejection()) {
        (Some(a @ Rejection::RoleNotAllowed { allowed, .. }), Some(b)) => {
            assert_eq!(*allowed, [OrderRole::Service]);
            assert_eq!(a, b);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.metrics().duplicates, 3);
}

/// The identity of the first timeout line of `state`.
fn timeout_line(state: OrderState) -> String {
    let t = plan::timers_on_entry::<Order>(state)[0];
    Order::INFO.line_identity(t.line).expect("line")
}

fn timers_belong_to_their_entry<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    s.fire(&id(1), &pay(1)).run(&mut c, &mut h).expect("pay");
    clock.advance_secs(5 * 86_400);
    let refund = OrderEvent::RequestRefund {
        reason: "不想要了".into(),
    };
    s.fire(&id(1), &refund).run(&mut c, &mut h).expect("refund");
    let reject = OrderEvent::RejectRefund {
        reason: "已打包".into(),
    };
    s.fire(&id(1), &reject).run(&mut c, &mut h).expect("reject");
    // Back in Paid, entered at day 5. Put back the first entry's timer, as a worker that
    // read it before the order moved on would see it.
    let q = sql(
        &c,
        &format!(
            "INSERT INTO {} (\"order_id\", \"state_version\", \"line_id\", \"due_at\", \"delay_seconds\") VALUES ($1, 1, $2, $3, 604800)",
            s.layout().timers
        ),
    );
    c.execute(
        &q,
        &[
            Value::Int(1),
            Value::Text(timeout_line(OrderState::Paid)),
            Value::Int(T0 + 7 * 86_400_000),
        ],
    )
    .expect("stale timer");

    // Day 7 and a bit: the first entry's 7 days are over, the second's are not.
    clock.set(T0 + 7 * 86_400_000 + 1000);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!((r.fired, r.stale), (0, 1), "{r:?}");
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order");
    assert_eq!((v.state, v.version), (OrderState::Paid, 3));
    assert_eq!(s.read(&id(1)).timers(&mut c).expect("timers").len(), 1);

    // Day 12: the second entry's timer fires.
    clock.set(T0 + 12 * 86_400_000);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!(r.fired, 1, "{r:?}");
    let log = s.read(&id(1)).history(&mut c).expect("log");
    let last = log.last().expect("row");
    assert_eq!(
        (last.from.as_ref().map(state), state(&last.to)),
        (Some(OrderState::Paid), OrderState::Refunding)
    );
    assert_eq!(
        (last.event, last.timeout_seconds, last.actor.as_deref()),
        (None, Some(604_800), None)
    );
    let rows = s.outbox_rows(&mut c, &id(1)).expect("outbox");
    assert_eq!(
        rows.last().map(|r| r.action.as_str()),
        Some("compensate_buyer")
    );
    assert_eq!(
        s.read(&id(1)).timers(&mut c).expect("timers")[0].state_version,
        4
    );
}

fn timers_due_during_downtime_fire_on_the_next_scan<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    for i in 1..=5 {
        s.create(&id(i)).run(&mut c, &mut yes()).expect("create");
    }
    s.fire(&id(5), &pay(1)).run(&mut c, &mut h).expect("pay");
    // Nobody scanned for a day.
    clock.advance_secs(86_400);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!(r.fired, 4, "{r:?}");
    // The payment reminder (25m) is the first timer due: its firing runs the reminder,
    // then the auto-close due on the way, in one decision.
    assert_eq!(r.reminders, 4, "{r:?}");
    assert_eq!(r.max_lag_ms, 86_400_000 - 25 * 60_000);
    for i in 1..=4 {
        let v = s.read(&id(i)).view(&mut c).expect("load").expect("order");
        assert_eq!(v.state, OrderState::Cancelled);
        assert!(s.read(&id(i)).timers(&mut c).expect("timers").is_empty());
        let actions: Vec<String> = s
            .outbox_rows(&mut c, &id(i))
            .expect("outbox")
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(actions, ["remind_buyer", "release_stock"]);
    }
    assert_eq!(
        s.read(&id(5))
            .view(&mut c)
            .expect("load")
            .expect("order")
            .state,
        OrderState::Paid
    );
    assert_eq!(
        s.fire_due_timers(&mut c, &mut h, 100).expect("scan").fired,
        0
    );
    assert!(s.metrics().timer_lag_ms_max >= 86_400_000 - 30 * 60_000);
}

fn ten_days_is_864000_seconds<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    s.fire(&id(1), &pay(1)).run(&mut c, &mut h).expect("pay");
    s.fire(&id(1), &ship()).run(&mut c, &mut h).expect("ship");
    let shipped_at = clock.now_ms();
    let t = s.read(&id(1)).timers(&mut c).expect("timers");
    assert_eq!(t[0].due_at - shipped_at, 864_000 * 1000);
    clock.set(shipped_at + 863_999_000);
    assert_eq!(
        s.fire_due_timers(&mut c, &mut h, 10).expect("scan").fired,
        0
    );
    clock.set(shipped_at + 864_000_000);
    assert_eq!(
        s.fire_due_timers(&mut c, &mut h, 10).expect("scan").fired,
        1
    );
    assert_eq!(
        s.read(&id(1)).view(&mut c).expect("load").expect("o").state,
        OrderState::Completed
    );
}

/// A publisher that fails the first `fail` deliveries of each row, and records the rest.
#[derive(Default)]
struct Flaky {
    fail: i64,
    tries: BTreeMap<i64, i64>,
    got: Vec<(i64, i64, &'static str)>,
}

impl Publisher<Order, i64> for Flaky {
    fn publish(&mut self, m: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
        let n = self.tries.entry(m.outbox_id).or_default();
        *n += 1;
        if *n <= self.fail {
            return Err(format!("broker down ({n})").into());
        }
        self.got
            .push((m.order.key, m.seq, order_fsm::Enumerated::id(m.action)));
        Ok(())
    }
}

fn outbox_retries_then_delivers_everything<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let s = s.with_outbox(OutboxConfig {
        max_attempts: 5,
        backoff_ms: 1000,
        max_backoff_ms: 8000,
        ..OutboxConfig::default()
    });
    let mut c = db.connect();
    let mut h = yes();
    for i in 1..=3 {
        s.create(&id(i)).run(&mut c, &mut yes()).expect("create");
        s.fire(&id(i), &pay(1)).run(&mut c, &mut h).expect("pay");
        s.fire(&id(i), &ship()).run(&mut c, &mut h).expect("ship");
    }
    let mut p = Flaky {
        fail: 3,
        ..Flaky::default()
    };
    for _ in 0..40 {
        s.relay(&mut c, &mut p, 10).expect("relay");
        clock.advance_secs(10);
    }
    // Every row, once, in order per order.
    let mut expected = Vec::new();
    for i in 1..=3 {
        expected.extend([
            (i, 2, "deduct_stock"),
            (i, 2, "notify_seller"),
            (i, 3, "notify_buyer"),
        ]);
    }
    let mut got = p.got.clone();
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want);
    for i in 1..=3 {
        let per: Vec<_> = p.got.iter().filter(|g| g.0 == i).copied().collect();
        assert_eq!(per, expected[(i as usize - 1) * 3..(i as usize) * 3]);
    }
    assert!(s.dead_letters(&mut c, 10).expect("dead").is_empty());
    assert_eq!(s.outbox_backlog(&mut c).expect("backlog").0, 0);

    // Cleanup removes published rows.
    let removed = s
        .cleanup_outbox(&mut c, clock.now_ms() + 1)
        .expect("cleanup");
    assert_eq!(removed, 9);
}

fn outbox_dead_letters<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let s = s.with_outbox(OutboxConfig {
        max_attempts: 3,
        backoff_ms: 1000,
        max_backoff_ms: 1000,
        ..OutboxConfig::default()
    });
    let mut c = db.connect();
    let mut h = yes();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    s.fire(&id(1), &pay(1)).run(&mut c, &mut h).expect("pay");
    // A row for an action the spec no longer has.
    let q = sql(
        &c,
        &format!(
            "INSERT INTO {} (\"order_id\", \"seq\", \"action\", \"next_attempt_at\") VALUES ($1, 1, 'send_fax', $2)",
            s.layout().outbox
        ),
    );
    c.execute(&q, &[Value::Int(7), Value::Int(s.now_ms())])
        .expect("insert");
    let mut p = Flaky {
        fail: i64::MAX,
        ..Flaky::default()
    };
    let r = s.relay(&mut c, &mut p, 10).expect("relay");
    // The first row of order 1 fails; its second row waits behind it. The relay leaves the
    // unknown action alone (another version of the spec may deliver it)...
    assert_eq!((r.published, r.failed, r.dead), (0, 1, 0), "{r:?}");
    assert!(s.dead_letters(&mut c, 10).expect("dead").is_empty());
    // ...and the migration of a spec without it makes it a dead letter.
    s.migrate(&mut c).expect("migrate");
    assert_eq!(p.tries.len(), 1);
    for _ in 0..5 {
        clock.advance_secs(2);
        s.relay(&mut c, &mut p, 10).expect("relay");
    }
    let dead = s.dead_letters(&mut c, 10).expect("dead");
    let names: Vec<&str> = dead.iter().map(|d| d.action.as_str()).collect();
    assert_eq!(names, ["deduct_stock", "notify_seller", "send_fax"]);
    assert!(dead[0]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("broker down")));
    assert!(dead[2]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("send_fax")));
    assert_eq!(dead[0].attempts, 3);
    assert_eq!(s.outbox_backlog(&mut c).expect("backlog").0, 0);
    assert_eq!(s.metrics().dead_letters, 3);

    // Retried dead letters are delivered.
    p.fail = 0;
    p.tries.clear();
    for d in &dead[..2] {
        assert!(s.retry_dead_letter(&mut c, d.outbox_id).expect("retry"));
    }
    s.relay_all(&mut c, &mut p, 10).expect("relay");
    assert_eq!(p.got, [(1, 2, "deduct_stock"), (1, 2, "notify_seller")]);
    assert_eq!(s.dead_letters(&mut c, 10).expect("dead").len(), 1);
}

/// A relay that dies in the middle of a batch (its thread panics inside the publisher, the
/// connection goes with it) loses nothing: once its lease is over, the next relay delivers
/// every row, the ones the dead relay had already handed over included (at least once).
fn relay_crash_loses_nothing<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    for i in 1..=3 {
        s.create(&id(i)).run(&mut c, &mut yes()).expect("create");
        s.fire(&id(i), &pay(1)).run(&mut c, &mut h).expect("pay");
    }
    struct Dies(Vec<(i64, i64, &'static str)>);
    impl Publisher<Order, i64> for Dies {
        fn publish(&mut self, m: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
            self.0
                .push((m.order.key, m.seq, order_fsm::Enumerated::id(m.action)));
            if self.0.len() == 2 {
                panic!("the relay process dies here");
            }
            Ok(())
        }
    }
    let crashed = std::thread::scope(|sc| {
        sc.spawn(|| {
            let mut c = db.connect();
            s.relay(&mut c, &mut Dies(Vec::new()), 10)
        })
        .join()
    });
    assert!(crashed.is_err(), "the relay thread died");
    let mut p = Flaky::default();
    // The dead relay's claim holds its rows (the first of orders 2 and 3, the second of
    // which it was handing over when it died) and the rows behind them until its lease
    // ends; order 1's first row was marked published before it died.
    s.relay_all(&mut c, &mut p, 20).expect("relay");
    assert_eq!(p.got, [(1, 2, "notify_seller")]);
    clock.advance_secs(OutboxConfig::default().lease_ms as u64 / 1000);
    s.relay_all(&mut c, &mut p, 20).expect("relay");
    let mut got = p.got.clone();
    got.sort();
    // Every row but the one the dead relay delivered and marked, among them the one it was
    // handing over when it died (delivered again: at least once).
    let mut want = vec![(1, 2, "notify_seller")];
    for i in 2..=3 {
        want.extend([(i, 2, "deduct_stock"), (i, 2, "notify_seller")]);
    }
    assert_eq!(got, want);
    assert_eq!(s.outbox_backlog(&mut c).expect("backlog").0, 0);
}

/// One clock, the application's: a transition in the same millisecond as the last entry
/// (a clock that did not move) keeps the store's entry time; only a direct `UPDATE` that
/// sets neither version nor entry time gets the database's.
fn the_entry_time_is_the_applications_clock<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    s.create(&id(2)).run(&mut c, &mut yes()).expect("create");
    s.fire(&id(1), &pay(1))
        .run(&mut c, &mut yes())
        .expect("pay");
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order");
    assert_eq!(
        (v.state, v.version, v.entered_at),
        (OrderState::Paid, 1, T0)
    );
    // The timer of the new entry is due from the same clock.
    let t = s.read(&id(1)).timers(&mut c).expect("timers");
    assert_eq!(t[0].due_at, T0 + 7 * 86_400_000);
    // A direct change: the database bumps the version and stamps its own time.
    let q = sql(
        &c,
        &format!(
            "UPDATE {} SET \"status\" = 90 WHERE \"id\" = $1",
            s.layout().orders
        ),
    );
    c.execute(&q, &[Value::Int(2)]).expect("direct update");
    let v = s.read(&id(2)).view(&mut c).expect("load").expect("order");
    assert_eq!((v.state, v.version), (OrderState::Cancelled, 1));
    assert!(v.entered_at > clock.now_ms(), "the database's time: {v:?}");
}

/// A publisher that blocks (a slow broker) holds no transaction: an `apply` on another
/// connection completes meanwhile (on SQLite it would otherwise wait for the write lock until
/// its busy timeout), and on PostgreSQL the relay's session is not inside a transaction.
fn a_slow_publisher_does_not_block_apply<D: TestDb + 'static>(db: &D) {
    use std::sync::mpsc;
    let (s, _) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    s.create(&id(2)).run(&mut c, &mut yes()).expect("create");
    s.fire(&id(1), &pay(1)).run(&mut c, &mut h).expect("pay");
    struct Blocks {
        started: mpsc::Sender<()>,
        release: mpsc::Receiver<()>,
    }
    impl Publisher<Order, i64> for Blocks {
        fn publish(&mut self, _: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
            let _ = self.started.send(());
            // A failing test must not hang: give up after a while.
            self.release
                .recv_timeout(std::time::Duration::from_secs(20))
                .map_err(|e| e.to_string())?;
            Ok(())
        }
    }
    let (started_tx, started) = mpsc::channel();
    let (release, release_rx) = mpsc::channel();
    let mut relay_conn = db.connect();
    let relay_pid = backend_pid(&mut relay_conn);
    std::thread::scope(|sc| {
        let relay = sc.spawn(|| {
            let mut p = Blocks {
                started: started_tx,
                release: release_rx,
            };
            s.relay(&mut relay_conn, &mut p, 10)
        });
        started.recv().expect("the publisher was called");
        let mut other = db.connect();
        short_busy_timeout(&mut other);
        let applied = s.fire(&id(2), &pay(1)).run(&mut other, &mut yes());
        let relay_state = relay_pid.map(|pid| {
            other
                .query(
                    "SELECT \"state\" FROM pg_stat_activity WHERE \"pid\" = $1",
                    &[Value::Int(pid)],
                )
                .expect("activity")
        });
        release.send(()).expect("release");
        let r = relay.join().expect("relay thread").expect("relay");
        assert!(
            applied.as_ref().is_ok_and(|o| o.is_applied()),
            "apply while the publisher is blocked: {applied:?}"
        );
        if let Some(rows) = relay_state {
            assert_eq!(rows[0][0].as_str(), Some("idle"), "{rows:?}");
        }
        // One row per order per pass: order 1's first row.
        assert_eq!(r.published, 1, "{r:?}");
    });
}

fn backend_pid<C: std::any::Any>(c: &mut C) -> Option<i64> {
    let pg = (c as &mut dyn std::any::Any).downcast_mut::<order_fsm_store::PgConn>()?;
    let rows = pg
        .query("SELECT pg_backend_pid()::bigint", &[])
        .expect("pid");
    rows[0][0].as_i64()
}

fn short_busy_timeout<C: std::any::Any>(c: &mut C) {
    if let Some(lite) = (c as &mut dyn std::any::Any).downcast_mut::<order_fsm_store::SqliteConn>()
    {
        lite.set_busy_timeout(std::time::Duration::from_millis(300))
            .expect("busy timeout");
    }
}

/// Hooks of a shop with its own `stock` table: the guard reads the payment inside the
/// transaction, `deduct_stock` writes in it, the rest goes through the outbox.
struct Shop {
    fail_deduct: bool,
}

impl<C: Exec> OrderStoreHooks<Call<'_, C, i64>> for Shop {
    fn payment_verified(
        &mut self,
        x: &mut Call<'_, C, i64>,
        event: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        let OrderEvent::Pay { amount_cents, .. } = event else {
            return Ok(false);
        };
        let (tx, order) = x.parts();
        let q = sql(
            tx,
            "SELECT \"due_cents\" FROM \"shop_due\" WHERE \"order_id\" = $1",
        );
        let rows = tx.query(&q, &[Value::Int(order.key)])?;
        let due = rows
            .first()
            .and_then(|r| r[0].as_i64())
            .ok_or("no amount due")?;
        Ok(due == *amount_cents as i64)
    }
    fn risk_confirmed(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        Ok(false)
    }
    fn deduct_stock(
        &mut self,
        x: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        let (tx, order) = x.parts();
        let q = sql(
            tx,
            "UPDATE \"shop_stock\" SET \"left\" = \"left\" - 1 WHERE \"sku\" = 'A'",
        );
        tx.execute(&q, &[])?;
        if self.fail_deduct {
            return Err(format!("stock for order {} is locked by the warehouse", order.key).into());
        }
        Ok(Placement::InTransaction)
    }
    fn notify_seller(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn release_stock(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn remind_buyer(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn notify_buyer(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn compensate_buyer(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn refund_payment(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn restock(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn settle_to_seller(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
    fn close_and_refund(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
}

fn in_transaction_hooks_and_rollback<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    c.batch(
        "CREATE TABLE \"shop_due\" (\"order_id\" BIGINT PRIMARY KEY, \"due_cents\" BIGINT NOT NULL);
         CREATE TABLE \"shop_stock\" (\"sku\" TEXT PRIMARY KEY, \"left\" BIGINT NOT NULL);
         INSERT INTO \"shop_due\" VALUES (1, 500);
         INSERT INTO \"shop_stock\" VALUES ('A', 10);",
    )
    .expect("shop tables");
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let stock = |c: &mut D::Conn| -> i64 {
        c.query("SELECT \"left\" FROM \"shop_stock\"", &[])
            .expect("stock")[0][0]
            .as_i64()
            .expect("int")
    };

    // The guard reads the amount due in the transaction.
    let r = s
        .fire(&id(1), &pay(499))
        .idempotency_key("k1")
        .run(&mut c, &mut Shop { fail_deduct: false })
        .expect("apply");
    assert!(matches!(r.rejection(), Some(Rejection::GuardFailed { .. })));

    // A failing in-transaction action rolls everything back: no status change, no log row,
    // no outbox row, no recorded outcome, and the action's own write is undone too.
    let e = s
        .fire(&id(1), &pay(500))
        .idempotency_key("k2")
        .run(&mut c, &mut Shop { fail_deduct: true })
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Action {
                action: "deduct_stock",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(
        s.read(&id(1)).view(&mut c).expect("load").expect("o").state,
        OrderState::Created
    );
    assert_eq!(s.read(&id(1)).history(&mut c).expect("log").len(), 1);
    assert!(s.outbox_rows(&mut c, &id(1)).expect("outbox").is_empty());
    assert_eq!(stock(&mut c), 10);
    assert_eq!(count(&mut c, &s.layout().idempotency, 1), 1);

    // The same key after the failure is a first delivery.
    let r = s
        .fire(&id(1), &pay(500))
        .idempotency_key("k2")
        .run(&mut c, &mut Shop { fail_deduct: false })
        .expect("apply");
    assert!(r.is_applied() && !r.is_duplicate());
    assert_eq!(stock(&mut c), 9);
    let rows = s.outbox_rows(&mut c, &id(1)).expect("outbox");
    assert_eq!(
        rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["notify_seller"]
    );
}

fn apply_in_the_callers_transaction<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    c.batch("CREATE TABLE \"notes\" (\"order_id\" BIGINT, \"text\" TEXT)")
        .expect("notes");
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let note = sql(&c, "INSERT INTO \"notes\" VALUES ($1, $2)");

    // Dropped without a commit, the transaction rolls back: the order's change with it.
    let mut tx = Tx::begin(&mut c).expect("begin");
    s.fire(&id(1), &pay(1))
        .idempotency_key("p")
        .run_in(&mut tx, &mut h)
        .expect("apply_in");
    tx.execute(&note, &[Value::Int(1), Value::Text("付款".into())])
        .expect("note");
    drop(tx);
    assert_eq!(
        s.read(&id(1)).view(&mut c).expect("load").expect("o").state,
        OrderState::Created
    );
    assert_eq!(count(&mut c, "\"notes\"", 1), 0);
    assert_eq!(count(&mut c, &s.layout().outbox, 1), 0);

    let mut tx = Tx::begin(&mut c).expect("begin");
    s.fire(&id(1), &pay(1))
        .idempotency_key("p")
        .run_in(&mut tx, &mut h)
        .expect("apply_in");
    tx.execute(&note, &[Value::Int(1), Value::Text("付款".into())])
        .expect("note");
    tx.commit().expect("commit");
    assert_eq!(
        s.read(&id(1)).view(&mut c).expect("load").expect("o").state,
        OrderState::Paid
    );
    assert_eq!(count(&mut c, "\"notes\"", 1), 1);
}

/// A UUID key through the trait, as a service would wrap its own id type.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OrderNo(uuid::Uuid);

impl OrderKey for OrderNo {
    const KEY_TYPE: order_fsm_store::KeyType = order_fsm_store::KeyType::Uuid;
    fn to_value(&self) -> Value {
        Value::Text(self.0.to_string())
    }
    fn from_value(v: &Value) -> Option<Self> {
        v.as_str()
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
            .map(OrderNo)
    }
}

fn text_keys_with_tenants_and_uuid_keys<D: TestDb>(db: &D) {
    let (s, clock) = store_with::<String, D>(db, |o| {
        o.tenant = true;
        o.prefix = "t_".into();
    });
    let mut c = db.connect();
    let mut h = yes();
    let a = Id::of_tenant("shop-a", "SO-1".to_string());
    let b = Id::of_tenant("shop-b", "SO-1".to_string());
    s.create(&a).run(&mut c, &mut yes()).expect("create a");
    s.create(&b).run(&mut c, &mut yes()).expect("create b");
    s.fire(&a, &pay(1))
        .idempotency_key("k")
        .run(&mut c, &mut h)
        .expect("pay a");
    // The same key in another tenant is another delivery.
    let o = s
        .fire(&b, &pay(1))
        .idempotency_key("k")
        .run(&mut c, &mut h)
        .expect("pay b");
    assert!(!o.is_duplicate());
    s.fire(&b, &ship()).run(&mut c, &mut h).expect("ship b");
    assert_eq!(
        s.read(&a).view(&mut c).expect("a").expect("a").state,
        OrderState::Paid
    );
    assert_eq!(
        s.read(&b).view(&mut c).expect("b").expect("b").state,
        OrderState::Shipped
    );
    clock.advance_secs(7 * 86_400);
    let r = s.fire_due_timers(&mut c, &mut h, 10).expect("scan");
    assert_eq!(r.fired, 1);
    assert_eq!(
        s.read(&a).view(&mut c).expect("a").expect("a").state,
        OrderState::Refunding
    );
    let mut p = Flaky::default();
    let mut got = Vec::new();
    struct Collect<'a>(&'a mut Vec<(String, String, &'static str)>);
    impl Publisher<Order, String> for Collect<'_> {
        fn publish(&mut self, m: &OutboxMessage<Order, String>) -> Result<(), HookError> {
            self.0.push((
                m.order.tenant.clone().unwrap_or_default(),
                m.order.key.clone(),
                order_fsm::Enumerated::id(m.action),
            ));
            Ok(())
        }
    }
    s.relay_all(&mut c, &mut Collect(&mut got), 10)
        .expect("relay");
    got.sort();
    assert_eq!(got.len(), 6, "{got:?}");
    assert!(got.contains(&("shop-a".into(), "SO-1".into(), "compensate_buyer")));
    assert!(got.contains(&("shop-b".into(), "SO-1".into(), "notify_buyer")));
    let _ = &mut p;

    let (u, _) = store_with::<OrderNo, D>(db, |o| o.prefix = "u_".into());
    let k = Id::new(OrderNo(uuid::Uuid::new_v4()));
    u.create(&k).run(&mut c, &mut yes()).expect("create uuid");
    u.fire(&k, &pay(1))
        .idempotency_key("x")
        .run(&mut c, &mut h)
        .expect("pay uuid");
    assert_eq!(
        u.read(&k).view(&mut c).expect("load").expect("o").state,
        OrderState::Paid
    );
    assert_eq!(u.read(&k).history(&mut c).expect("log").len(), 2);
}

/// A legacy table that already holds orders: `migrate` adds the store's columns (on SQLite
/// itself, on PostgreSQL through the migration), keeps every row and its codes, runs again
/// without harm, and the store then drives the legacy rows.
fn adopting_a_legacy_table<D: TestDb>(db: &D) {
    let mut c = db.connect();
    let int = match db.dialect() {
        order_fsm_store::Dialect::Sqlite => "INTEGER",
        order_fsm_store::Dialect::Postgres => "BIGINT",
    };
    c.batch(&format!(
        "CREATE TABLE legacy_orders (order_no {int} PRIMARY KEY, order_status {int}, buyer TEXT);
         INSERT INTO legacy_orders VALUES (1, 10, '张三'), (2, 20, '李四');"
    ))
    .expect("legacy table");
    let adopt = |o: &mut order_fsm_sql::Options| {
        o.alter = Some("legacy_orders".to_owned());
        o.id_column = "order_no".to_owned();
        o.status_column = "order_status".to_owned();
    };
    let (s, clock) = store_with::<i64, D>(db, adopt);
    // Starting again (a second service, a restart) finds the columns and adds nothing.
    s.migrate(&mut c).expect("migrate again");
    let columns = c
        .query(
            &sql(
                &c,
                "SELECT COUNT(*) FROM legacy_orders WHERE version = 0 AND state_entered_at > 0 AND created_at > 0",
            ),
            &[],
        )
        .expect("columns");
    assert_eq!(columns[0][0].as_i64(), Some(2));
    let one = s.read(&id(1)).view(&mut c).expect("load").expect("order 1");
    assert_eq!((one.state, one.version), (OrderState::Created, 0));
    let two = s.read(&id(2)).view(&mut c).expect("load").expect("order 2");
    assert_eq!(two.state, OrderState::Paid);
    clock.advance_secs(60);
    let mut h = yes();
    let o = s
        .fire(&id(1), &pay(100))
        .idempotency_key("cb-1")
        .run(&mut c, &mut h)
        .expect("pay a legacy order");
    assert_eq!(applied(&o).1, OrderState::Paid);
    let rows = c
        .query(
            "SELECT buyer, order_status FROM legacy_orders ORDER BY order_no",
            &[],
        )
        .expect("rows");
    let rows: Vec<(Option<&str>, Option<i64>)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_i64()))
        .collect();
    assert_eq!(rows, [(Some("张三"), Some(20)), (Some("李四"), Some(20))]);
}

/// A database whose timers table is older than its `delay_seconds`, `refused_at`,
/// `attempts`, `last_error` and `parked_at` columns (made here by dropping them, with one
/// order's timers pending): `migrate` adds them, keeps the pending timers (re-armed from the
/// entry time with their lines' delays, so due when they were), and they fire.
fn migrating_an_old_timers_table<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let before = s.read(&id(1)).timers(&mut c).expect("timers");
    assert_eq!(
        before.len(),
        2,
        "the reminder and the auto-close: {before:?}"
    );
    let timers = s.layout().timers.clone();
    // Back then there were no triggers checking the timers' columns either (SQLite will
    // not drop a column a trigger names).
    if c.dialect() == order_fsm_store::Dialect::Sqlite {
        let bare = timers.trim_matches('"');
        for t in ["types", "types_update"] {
            c.batch(&format!("DROP TRIGGER IF EXISTS \"{bare}_{t}\""))
                .expect("drop a trigger");
        }
    }
    for col in [
        "delay_seconds",
        "refused_at",
        "attempts",
        "last_error",
        "parked_at",
    ] {
        c.batch(&format!("ALTER TABLE {timers} DROP COLUMN \"{col}\""))
            .expect("drop a column");
    }

    let again = s.migrate(&mut c).expect("migrate an old timers table");
    assert_eq!(again.rearmed, 2, "{again:?}");
    assert_eq!(again.armed, 0, "the old timers count: {again:?}");
    let after = s.read(&id(1)).timers(&mut c).expect("timers");
    let due = |t: &[order_fsm_store::TimerRow]| -> Vec<(String, i64)> {
        t.iter().map(|t| (t.line_id.clone(), t.due_at)).collect()
    };
    assert_eq!(due(&after), due(&before), "due when they were");
    let delays: Vec<i64> = after.iter().map(|t| t.delay_seconds).collect();
    assert_eq!(
        delays,
        [25 * 60, 30 * 60],
        "the lines' delays, recorded again"
    );
    // Run twice: nothing more to do.
    let third = s.migrate(&mut c).expect("migrate again");
    assert_eq!((third.rearmed, third.armed, third.dropped), (0, 0, 0));

    // The reminder at 25 minutes, the auto-close at 30.
    clock.advance_secs(25 * 60);
    let r = s.fire_due_timers(&mut c, &mut yes(), 10).expect("timers");
    assert_eq!(r.reminders, 1, "{r:?}");
    clock.advance_secs(5 * 60);
    let r = s.fire_due_timers(&mut c, &mut yes(), 10).expect("timers");
    assert_eq!(r.fired, 1, "{r:?}");
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order");
    assert_eq!(v.state, OrderState::Cancelled);
    let log = s.read(&id(1)).history(&mut c).expect("log");
    assert_eq!(replay(&model(), &log), Ok(OrderState::Cancelled));
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
    create_apply_read,
    idempotency,
    idempotency_with_row_locks,
    timers_belong_to_their_entry,
    timers_due_during_downtime_fire_on_the_next_scan,
    ten_days_is_864000_seconds,
    outbox_retries_then_delivers_everything,
    outbox_dead_letters,
    relay_crash_loses_nothing,
    a_slow_publisher_does_not_block_apply,
    the_entry_time_is_the_applications_clock,
    in_transaction_hooks_and_rollback,
    apply_in_the_callers_transaction,
    text_keys_with_tenants_and_uuid_keys,
    adopting_a_legacy_table,
    migrating_an_old_timers_table,
);

/// The synchronous store from async code: each task takes a blocking thread and its own
/// connection.
#[test]
fn from_a_multi_thread_tokio_runtime() {
    let db = std::sync::Arc::new(SqliteDb::new("tokio"));
    let (s, _) = store(&*db);
    let s = std::sync::Arc::new(s);
    {
        let mut c = db.connect();
        for i in 0..16 {
            s.create(&id(i)).run(&mut c, &mut yes()).expect("create");
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime");
    let outcomes = rt.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..16 {
            let (s, db) = (s.clone(), db.clone());
            tasks.push(tokio::task::spawn_blocking(move || {
                let mut c = db.connect();
                s.retry(Default::default(), || {
                    s.fire(&id(i), &pay(1))
                        .idempotency_key("pay")
                        .run(&mut c, &mut yes())
                })
                .map(|o| o.is_applied())
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.expect("join"));
        }
        out
    });
    assert!(outcomes.iter().all(|o| *o == Ok(true)), "{outcomes:?}");
    let mut c = db.connect();
    for i in 0..16 {
        assert_eq!(
            s.read(&id(i)).view(&mut c).expect("load").expect("o").state,
            OrderState::Paid
        );
    }
}
