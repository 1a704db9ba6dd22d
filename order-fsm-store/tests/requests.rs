//! The store's typed surface: requests inside transactions only, a hook that panics, the
//! whole request under an idempotency key, values the database would change, errors that
//! keep their source, and runners that stop without losing anything.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use order_fsm::msg::Lang;
use order_fsm::{Context, StateMachine};
use order_fsm::{Generic, GenericStoreHooks};
use order_fsm_store::{
    DbErrorKind, Exec, HookError, Id, OutboxMessage, OutboxRelay, Placement, Publisher, Store,
    StoreError, TimerWorker, Tx, MAX_KEY_BYTES,
};

use crate::common::{
    self, id, pay, store, yes, Order, OrderAction, OrderEvent, OrderGuard, OrderRole, OrderState,
    PgDb, SqliteDb, TestDb, T0,
};

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/rated.fsm", machine = "Review")]
pub struct Review;

/// Hooks whose in-transaction action panics: after the status, log row and timers are written.
struct Panics;

impl<X: ?Sized> GenericStoreHooks<Order, X> for Panics {
    fn guard(
        &mut self,
        _: &mut X,
        _: OrderGuard,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        Ok(true)
    }
    fn action(
        &mut self,
        _: &mut X,
        action: OrderAction,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        panic!("the hook of `{}` panicked", action.id())
    }
}

fn count<C: Exec>(c: &mut C, table: &str) -> i64 {
    let rows = c
        .query(&format!("SELECT COUNT(*) FROM {table}"), &[])
        .expect("count");
    rows[0][0].as_i64().expect("a count")
}

/// Nothing of a transition is kept: state, log, timers, outbox and key as before.
fn unchanged<D: TestDb>(s: &Store<Order>, c: &mut D::Conn, timers: usize) {
    let v = s.read(&id(1)).view(c).expect("view").expect("order");
    assert_eq!((v.state, v.version), (OrderState::Created, 0));
    assert_eq!(s.read(&id(1)).history(c).expect("log").len(), 1);
    assert_eq!(s.read(&id(1)).timers(c).expect("timers").len(), timers);
    assert_eq!(count(c, &s.layout().outbox), 0);
    assert_eq!(count(c, &s.layout().idempotency), 0);
}

fn a_panicking_hook_rolls_back_and_the_connection_goes_on<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let timers = s.read(&id(1)).timers(&mut c).expect("timers").len();

    // In a transaction of the request's own.
    let caught = catch_unwind(AssertUnwindSafe(|| {
        s.fire(&id(1), &pay(100))
            .idempotency_key("k")
            .run(&mut c, &mut Generic(Panics))
    }));
    assert!(caught.is_err(), "the panic goes on to the caller");
    unchanged::<D>(&s, &mut c, timers);

    // In the caller's transaction: dropping the `Tx` while unwinding rolls it back.
    let caught = catch_unwind(AssertUnwindSafe(|| {
        let mut tx = Tx::begin(&mut c).expect("begin");
        let r = s
            .fire(&id(1), &pay(100))
            .run_in(&mut tx, &mut Generic(Panics));
        tx.commit().expect("never reached");
        r
    }));
    assert!(caught.is_err());
    unchanged::<D>(&s, &mut c, timers);

    // The same connection takes the next request, and keeps what it writes.
    let o = s
        .fire(&id(1), &pay(100))
        .idempotency_key("k")
        .run(&mut c, &mut yes())
        .expect("the next call");
    assert_eq!(o.to(), Some(OrderState::Paid));
    assert_eq!(s.read(&id(1)).history(&mut c).expect("log").len(), 2);
}

fn the_key_records_the_whole_request<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let first = s
        .fire(&id(1), &pay(100))
        .by(OrderRole::Buyer)
        .idempotency_key("cb-1")
        .run(&mut c, &mut yes())
        .expect("first");
    assert!(first.is_applied() && !first.is_duplicate());

    // The same request again: the recorded outcome.
    let again = s
        .fire(&id(1), &pay(100))
        .by(OrderRole::Buyer)
        .idempotency_key("cb-1")
        .run(&mut c, &mut yes())
        .expect("again");
    assert!(again.is_applied() && again.is_duplicate());

    // Another amount, another channel, another actor, no actor: another request.
    let other_channel = OrderEvent::Pay {
        amount_cents: 100,
        channel: "wechat".into(),
    };
    let cases: [(&str, OrderEvent, Option<OrderRole>); 4] = [
        ("amount", pay(200), Some(OrderRole::Buyer)),
        ("channel", other_channel, Some(OrderRole::Buyer)),
        ("actor", pay(100), Some(OrderRole::Seller)),
        ("trusted caller", pay(100), None),
    ];
    for (what, event, actor) in cases {
        let e = s
            .fire(&id(1), &event)
            .actor(actor)
            .idempotency_key("cb-1")
            .run(&mut c, &mut yes())
            .expect_err(what);
        let StoreError::IdempotencyMismatch {
            recorded, given, ..
        } = &e
        else {
            panic!("{what}: {e:?}");
        };
        assert_ne!(recorded, given, "{what}");
        let zh = e.text().render(Lang::Zh);
        assert!(zh.contains("幂等键 `cb-1`"), "{what}: {zh}");
    }
    let e = s
        .fire(&id(1), &pay(200))
        .by(OrderRole::Buyer)
        .idempotency_key("cb-1")
        .run(&mut c, &mut yes())
        .expect_err("mismatch");
    let en = e.to_string();
    assert!(
        en.contains("\"amount_cents\":100") && en.contains("\"amount_cents\":200"),
        "both requests are named: {en}"
    );

    // A refused request is recorded with its request too.
    s.create(&id(2)).run(&mut c, &mut yes()).expect("create");
    let ship = |waybill: &str| OrderEvent::Ship {
        carrier: "顺丰".into(),
        waybill_no: waybill.into(),
    };
    let refused = s
        .fire(&id(2), &ship("SF1"))
        .by(OrderRole::Seller)
        .idempotency_key("ship-1")
        .run(&mut c, &mut yes())
        .expect("refused");
    assert!(refused.rejection().is_some());
    let again = s
        .fire(&id(2), &ship("SF1"))
        .by(OrderRole::Seller)
        .idempotency_key("ship-1")
        .run(&mut c, &mut yes())
        .expect("again");
    assert!(again.rejection().is_some() && again.is_duplicate());
    for (event, actor) in [
        (ship("SF2"), OrderRole::Seller),
        (ship("SF1"), OrderRole::Buyer),
    ] {
        let e = s
            .fire(&id(2), &event)
            .by(actor)
            .idempotency_key("ship-1")
            .run(&mut c, &mut yes())
            .expect_err("another request");
        assert!(matches!(e, StoreError::IdempotencyMismatch { .. }), "{e:?}");
    }
}

fn values_the_database_would_change_are_refused<D: TestDb>(db: &D) {
    let (s, _) = store(db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    let nul = OrderEvent::Pay {
        amount_cents: 1,
        channel: "ali\0pay".into(),
    };
    let long = "k".repeat(MAX_KEY_BYTES + 1);
    let fits = "k".repeat(MAX_KEY_BYTES);
    let refused: [(&OrderEvent, &str, &str); 3] = [
        (&nul, "k", "NUL"),
        (&pay(1), &long, "256 bytes"),
        (&pay(1), "k\0", "NUL"),
    ];
    for (event, key, said) in refused {
        let e = s
            .fire(&id(1), event)
            .idempotency_key(key)
            .run(&mut c, &mut yes())
            .expect_err(said);
        assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
        assert!(e.to_string().contains(said), "{e}");
        assert!(!e.is_retryable());
        unchanged::<D>(&s, &mut c, 2);
    }
    let o = s
        .fire(&id(1), &pay(1))
        .idempotency_key(&fits)
        .run(&mut c, &mut yes())
        .expect("a key of the longest length");
    assert!(o.is_applied());
    let again = s
        .fire(&id(1), &pay(1))
        .idempotency_key(&fits)
        .run(&mut c, &mut yes())
        .expect("again");
    assert!(again.is_duplicate());

    // A real number JSON cannot hold.
    let r = Store::<Review, i64>::new(order_fsm_store::Options::new(db.dialect())).expect("store");
    r.migrate(&mut c).expect("migrate");
    let mut h = order_fsm::Generic(order_fsm_store::GuardFn(
        |_: ReviewGuard, _: &Context<'_, Review>| true,
    ));
    r.create(&id(1)).run(&mut c, &mut h).expect("create");
    for score in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = r
            .fire(
                &id(1),
                &ReviewEvent::Rate {
                    score,
                    comment: "好".into(),
                },
            )
            .run(&mut c, &mut h)
            .expect_err("refused");
        let zh = e.text().render(Lang::Zh);
        assert!(
            matches!(e, StoreError::Invalid { .. }) && zh.contains("`Rate.score`"),
            "{zh}"
        );
    }
    assert_eq!(r.read(&id(1)).history(&mut c).expect("log").len(), 1);
    let ok = r
        .fire(
            &id(1),
            &ReviewEvent::Rate {
                score: 4.5,
                comment: "好".into(),
            },
        )
        .run(&mut c, &mut h)
        .expect("a finite score");
    assert!(ok.is_applied());
    let log = r.read(&id(1)).history(&mut c).expect("log");
    assert!(
        log[1].payload.as_deref().is_some_and(|p| p.contains("4.5")),
        "{log:?}"
    );
}

/// A text order id with a NUL is refused at `create` and `fire`.
fn an_order_id_with_a_nul_is_refused<D: TestDb>(db: &D) {
    let (s, _) = common::store_with::<String, D>(db, |_| {});
    let mut c = db.connect();
    let bad = Id::new("A\0B".to_string());
    let e = s.create(&bad).run(&mut c, &mut yes()).expect_err("refused");
    assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
    let e = s
        .fire(&bad, &pay(1))
        .run(&mut c, &mut yes())
        .expect_err("refused");
    assert!(matches!(e, StoreError::Invalid { .. }), "{e:?}");
    assert_eq!(count(&mut c, &s.layout().orders), 0);
}

/// The error of a guard is the store error's source; a database error keeps the driver's.
fn errors_keep_their_source<D: TestDb>(db: &D) {
    #[derive(Debug)]
    struct RiskServiceDown;
    impl std::fmt::Display for RiskServiceDown {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("risk service down")
        }
    }
    impl std::error::Error for RiskServiceDown {}

    let (s, _) = store(db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    struct Failing;
    impl<X: ?Sized> GenericStoreHooks<Order, X> for Failing {
        fn guard(
            &mut self,
            _: &mut X,
            _: OrderGuard,
            _: &Context<'_, Order>,
        ) -> Result<bool, HookError> {
            Err(Box::new(RiskServiceDown))
        }
        fn action(
            &mut self,
            _: &mut X,
            _: OrderAction,
            _: &Context<'_, Order>,
        ) -> Result<Placement, HookError> {
            Ok(Placement::Outbox)
        }
    }
    let e = s
        .fire(&id(1), &pay(1))
        .run(&mut c, &mut Generic(Failing))
        .expect_err("guard error");
    let source = std::error::Error::source(&e).expect("a source");
    assert!(source.downcast_ref::<RiskServiceDown>().is_some(), "{e:?}");
    assert!(e.text().render(Lang::Zh).contains("risk service down"));

    // A trigger of the schema refuses a direct change: the driver's error, as the database
    // gave it, with its SQLSTATE on PostgreSQL.
    // Created -> Shipped skips the payment: no line allows it.
    let update = format!(
        "UPDATE {} SET status = {} WHERE id = 1",
        s.layout().orders,
        match &s.layout().status[OrderState::Shipped.index()] {
            order_fsm_sql::StatusValue::Int(i) => i.to_string(),
            order_fsm_sql::StatusValue::Text(t) => format!("'{t}'"),
        }
    );
    let db_error = c.execute(&update, &[]).expect_err("refused by the trigger");
    let e = StoreError::from(db_error);
    let db_error = e.db_error().expect("a database error");
    assert_eq!(db_error.kind, DbErrorKind::Check, "{e:?}");
    let source = std::error::Error::source(db_error).expect("the driver's error");
    match db.name() {
        "sqlite" => {
            assert!(source.downcast_ref::<rusqlite::Error>().is_some());
            assert_eq!(e.sqlstate(), None);
        }
        _ => {
            assert!(source.downcast_ref::<::postgres::Error>().is_some());
            assert_eq!(e.sqlstate(), Some("23514"), "{e:?}");
        }
    }
}

/// Records what it delivers, slowly enough that a shutdown lands mid-run.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(i64, i64, String)>>>);

impl Publisher<Order, i64> for Recorder {
    fn publish(&mut self, m: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
        std::thread::sleep(Duration::from_millis(2));
        self.0
            .lock()
            .expect("deliveries")
            .push((m.order.key, m.seq, m.action.id().to_owned()));
        Ok(())
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn runners_stop_mid_run_and_lose_nothing<D: TestDb + 'static>(db: Arc<D>) {
    let (s, clock) = store(&*db);
    let mut c = db.connect();
    let n = 60i64;
    for o in 0..n {
        s.create(&id(o)).run(&mut c, &mut yes()).expect("create");
        if o % 2 == 0 {
            s.fire(&id(o), &pay(100))
                .run(&mut c, &mut yes())
                .expect("pay");
        }
    }
    // Every unpaid order is due to close; every paid one left a message.
    clock.set(T0 + 31 * 60 * 1000);
    let connect = |db: &Arc<D>| {
        let db = db.clone();
        move || Ok(db.connect())
    };
    let worker = TimerWorker::new(s.clone(), connect(&db), yes())
        .batch(3)
        .interval(Duration::from_millis(5))
        .spawn()
        .expect("spawn");
    let sent = Recorder::default();
    let relay = OutboxRelay::new(s.clone(), connect(&db), sent.clone())
        .batch(3)
        .interval(Duration::from_millis(5))
        .spawn()
        .expect("spawn");
    wait_for("the runners to start", || {
        worker.health().handled > 0 && relay.health().handled > 0
    });
    let (w, r) = (worker.health(), relay.health());
    assert!(w.running && r.running && w.last_error.is_none());
    worker.shutdown().expect("the worker stops");
    relay.shutdown().expect("the relay stops");

    // Whatever the runners did is whole: a closed order has its log row, a delivered message
    // is marked, and nothing is half done.
    let closed = |c: &mut D::Conn| {
        (0..n)
            .filter(|&o| {
                let v = s.read(&id(o)).view(c).expect("view").expect("order");
                v.state == OrderState::Cancelled
            })
            .count()
    };
    let published = |c: &mut D::Conn| {
        (0..n)
            .flat_map(|o| s.outbox_rows(c, &id(o)).expect("outbox"))
            .filter(|r| r.published_at.is_some())
            .count()
    };
    for o in (1..n).step_by(2) {
        let v = s.read(&id(o)).view(&mut c).expect("view").expect("order");
        let log = s.read(&id(o)).history(&mut c).expect("log");
        let timers = s.read(&id(o)).timers(&mut c).expect("timers");
        if v.state == OrderState::Cancelled {
            assert_eq!(
                log.last().and_then(|e| e.to.state()),
                Some(OrderState::Cancelled)
            );
            assert!(timers.is_empty(), "order {o}: {timers:?}");
        } else {
            assert_eq!(v.state, OrderState::Created, "order {o}");
            assert!(!timers.is_empty(), "order {o} kept its close timer");
        }
    }
    assert_eq!(published(&mut c), sent.0.lock().expect("sent").len());

    // Started again, they finish the rest: each timer fired once, each message sent once.
    let worker = TimerWorker::new(s.clone(), connect(&db), yes())
        .interval(Duration::from_millis(5))
        .spawn()
        .expect("spawn");
    let relay = OutboxRelay::new(s.clone(), connect(&db), sent.clone())
        .interval(Duration::from_millis(5))
        .spawn()
        .expect("spawn");
    let unpaid = (0..n).filter(|o| o % 2 == 1).count();
    wait_for("every unpaid order to close", || {
        closed(&mut db.connect()) == unpaid
    });
    let rows = (0..n)
        .flat_map(|o| s.outbox_rows(&mut c, &id(o)).expect("outbox"))
        .count();
    wait_for("every message", || published(&mut db.connect()) == rows);
    worker.shutdown().expect("stops");
    relay.shutdown().expect("stops");
    for o in 0..n {
        let log = s.read(&id(o)).history(&mut c).expect("log");
        let closes = log
            .iter()
            .filter(|e| e.to.state() == Some(OrderState::Cancelled))
            .count();
        assert_eq!(closes, (o % 2) as usize, "order {o}: {log:?}");
    }
    let mut sent = sent.0.lock().expect("sent").clone();
    let total = sent.len();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), total, "no message was sent twice");
    assert_eq!(total, rows);
}

/// A runner reports a failing scan in its health, and keeps going.
fn a_failing_runner_reports_it<D: TestDb + 'static>(db: Arc<D>) {
    let (s, _) = store(&*db);
    let tries = Arc::new(Mutex::new(0));
    let t = tries.clone();
    let relay = OutboxRelay::new(
        s,
        move || {
            *t.lock().expect("tries") += 1;
            Err::<order_fsm_store::SqliteConn, _>(StoreError::from(order_fsm_store::DbError::new(
                DbErrorKind::ConnectionLost,
                "no database",
            )))
        },
        Recorder::default(),
    )
    .interval(Duration::from_millis(1))
    .spawn()
    .expect("spawn");
    wait_for("two tries", || *tries.lock().expect("tries") >= 2);
    let h = relay.health();
    assert!(h.running);
    assert!(
        h.last_error
            .as_deref()
            .is_some_and(|e| e.contains("no database")),
        "{h:?}"
    );
    assert!(
        h.consecutive_errors >= 1 && h.last_scan_at_ms.is_none(),
        "{h:?}"
    );
    relay.shutdown().expect("stops");
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
    a_panicking_hook_rolls_back_and_the_connection_goes_on,
    the_key_records_the_whole_request,
    values_the_database_would_change_are_refused,
    an_order_id_with_a_nul_is_refused,
    errors_keep_their_source,
);

mod runners {
    use super::*;

    #[test]
    fn sqlite_stop_mid_run() {
        runners_stop_mid_run_and_lose_nothing(Arc::new(SqliteDb::new("runners")));
    }

    #[test]
    fn postgres_stop_mid_run() {
        if let Some(db) = PgDb::new("runners") {
            runners_stop_mid_run_and_lose_nothing(Arc::new(db));
        }
    }

    #[test]
    fn a_failing_scan_is_in_the_health() {
        a_failing_runner_reports_it(Arc::new(SqliteDb::new("runner_errors")));
    }
}

/// The JSON a service hands to its clients: events, roles, outcomes, refusals, the events a
/// role may fire, and errors, in forms pinned here and described in docs/store.md.
#[test]
fn the_json_forms_are_pinned() {
    use serde_json::json;
    let db = SqliteDb::new("json_forms");
    let (s, _) = store(&db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");

    // Events are externally tagged by their ids, with their fields; roles are their ids.
    assert_eq!(
        serde_json::to_value(pay(100)).expect("event"),
        json!({"Pay": {"amount_cents": 100, "channel": "alipay"}})
    );
    assert_eq!(
        serde_json::to_value(OrderEvent::Cancel).expect("event"),
        json!("Cancel")
    );
    assert_eq!(
        serde_json::to_value(OrderRole::Buyer).expect("role"),
        json!("buyer")
    );
    let back: OrderEvent =
        serde_json::from_value(json!({"Pay": {"amount_cents": 7, "channel": "wechat"}}))
            .expect("an event read back");
    assert!(matches!(
        back,
        OrderEvent::Pay {
            amount_cents: 7,
            ..
        }
    ));

    // A refusal: a seller may not pay.
    let refused = s
        .fire(&id(1), &pay(100))
        .by(OrderRole::Seller)
        .run(&mut c, &mut yes())
        .expect("refused");
    let v = serde_json::to_value(&refused).expect("outcome");
    assert_eq!(v["outcome"], "rejected");
    assert_eq!(v["duplicate"], false);
    let r = &v["rejection"];
    assert_eq!(
        (
            r["kind"].clone(),
            r["state"].clone(),
            r["event"].clone(),
            r["role"].clone()
        ),
        (
            json!("role_not_allowed"),
            json!("Created"),
            json!("Pay"),
            json!("seller")
        )
    );
    assert_eq!(r["allowed"], json!(["buyer"]));
    assert_eq!(r["failed"], json!([]));
    assert_eq!(r["seconds"], json!(null));
    let zh = r["message"]["zh"].as_str().expect("Chinese");
    let en = r["message"]["en"].as_str().expect("English");
    assert!(zh.contains("卖家") && en.contains("seller"), "{zh} / {en}");

    // An applied transition.
    let applied = s
        .fire(&id(1), &pay(100))
        .by(OrderRole::Buyer)
        .run(&mut c, &mut yes())
        .expect("applied");
    let v = serde_json::to_value(&applied).expect("outcome");
    let line = v["line"].as_str().expect("the line's identity").to_owned();
    assert_eq!(
        v,
        json!({"outcome": "applied", "from": "Created", "to": "Paid", "event": "Pay",
               "actor": "buyer", "line": line, "seq": 2, "duplicate": false})
    );

    // The audit trail: ids, the status's label, the payload as JSON, the line as text.
    let trail = s.read(&id(1)).history(&mut c).expect("history");
    let v = serde_json::to_value(&trail).expect("history");
    assert_eq!(v[0]["from"], json!(null));
    assert_eq!(
        v[0]["to"],
        json!({"id": "Created", "label": "待付款", "retired": false})
    );
    assert_eq!(
        (
            v[1]["seq"].clone(),
            v[1]["event"].clone(),
            v[1]["actor"].clone()
        ),
        (json!(2), json!("Pay"), json!("buyer"))
    );
    assert_eq!(v[1]["to"]["id"], "Paid");
    assert_eq!(
        v[1]["payload"],
        json!({"Pay": {"amount_cents": 100, "channel": "alipay"}})
    );
    assert_eq!(v[1]["line"], json!(line));
    assert!(v[1]["at"].is_i64() && v[1]["spec_hash"].is_string());
    assert_eq!(v[1]["text"], json!(trail[1].to_string()));

    // What the buyer may do now, with the guards each would ask.
    let permitted = s
        .read(&id(1))
        .by(OrderRole::Buyer)
        .permitted_events(&mut c)
        .expect("permitted");
    let v = serde_json::to_value(&permitted).expect("permitted");
    let events: Vec<&str> = v
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["event"].as_str().expect("an id"))
        .collect();
    assert!(events.contains(&"RequestRefund"), "{v}");
    assert!(v
        .as_array()
        .expect("a list")
        .iter()
        .all(|p| p["guards"].is_array()));

    // Errors carry their class, the HTTP status it maps to, and both languages.
    let e = s
        .fire(&id(9), &pay(1))
        .run(&mut c, &mut yes())
        .expect_err("no such order");
    assert_eq!(
        serde_json::to_value(&e).expect("error"),
        json!({"class": "not_found", "status": 404,
               "message": {"en": "order 9 does not exist", "zh": "订单 9 不存在"}})
    );
    let e = s
        .fire(&id(1), &pay(1))
        .idempotency_key(&"k".repeat(MAX_KEY_BYTES + 1))
        .run(&mut c, &mut yes())
        .expect_err("refused");
    assert_eq!(
        (e.class().as_str(), e.class().http_status()),
        ("refused", 400)
    );
}
