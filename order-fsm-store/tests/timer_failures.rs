//! Timers that cannot fire: one failing timer does not hold up the others, it is pushed back
//! with backoff, then parked where a person can list it and retry it.

use crate::common;

use common::*;
use order_fsm_store::{Exec, TimerConfig, Value};

/// `$1`-style SQL for the connection's dialect.
fn sql<C: Exec>(c: &C, text: &str) -> String {
    match c.dialect() {
        order_fsm_store::Dialect::Postgres => text.to_string(),
        order_fsm_store::Dialect::Sqlite => text.replace('$', "?"),
    }
}

/// The database refuses one timer's transition (as during a rollout whose migration removed
/// the pair before every instance was updated): the timers behind it still fire, it is
/// pushed back with backoff, parked after the maximum, listed, counted, and fires once
/// retried after the repair.
fn a_failing_timer_does_not_stall_the_others<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let s = s.with_timers(TimerConfig {
        max_attempts: 3,
        backoff_ms: 1_000,
        max_backoff_ms: 60_000,
    });
    let mut c = db.connect();
    let mut h = yes();
    // Order 1's 30-minute close is due first; orders 2 and 3 are paid, their 7-day refund
    // comes later.
    for o in 1..=3 {
        s.create(&id(o)).run(&mut c, &mut yes()).expect("create");
    }
    for o in 2..=3 {
        s.fire(&id(o), &pay(1)).run(&mut c, &mut h).expect("pay");
    }
    // Order 1's payment reminder runs first: it changes no status, and is then done for
    // this entry (its row stays, marked, so that it is not armed again).
    clock.advance_secs(26 * 60);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("reminder");
    assert_eq!((r.reminders, r.fired), (1, 0), "{r:?}");
    let open_timers = |s: &order_fsm_store::Store<Order, i64>, c: &mut _| -> Vec<_> {
        s.read(&id(1))
            .timers(c)
            .expect("timers")
            .into_iter()
            .filter(|t: &order_fsm_store::TimerRow| t.refused_at.is_none())
            .collect()
    };
    // The database no longer allows Created -> Cancelled.
    let allowed = s.layout().allowed.clone();
    let q = sql(
        &c,
        &format!("DELETE FROM {allowed} WHERE \"from_status\" = $1 AND \"to_status\" = $2"),
    );
    assert_eq!(
        c.execute(&q, &[Value::Int(10), Value::Int(90)])
            .expect("remove pair"),
        1
    );
    clock.advance_secs(8 * 86_400);
    let now = clock_now(&s);
    let r = s
        .fire_due_timers(&mut c, &mut h, 100)
        .expect("scan goes on");
    assert_eq!((r.fired, r.failed, r.parked), (2, 1, 0), "{r:?}");
    for o in 2..=3 {
        let v = s.read(&id(o)).view(&mut c).expect("load").expect("order");
        assert_eq!(v.state, OrderState::Refunding, "order {o}");
    }
    let t = open_timers(&s, &mut c);
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].attempts, t[0].due_at), (1, now + 1_000), "{t:?}");
    assert!(
        t[0].last_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot change")),
        "{t:?}"
    );
    // Not due again until its backoff is over.
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!((r.fired, r.failed, r.parked), (0, 0, 0), "{r:?}");
    clock.advance_secs(1);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!((r.failed, r.parked), (1, 0), "{r:?}");
    assert_eq!(
        open_timers(&s, &mut c)[0].due_at,
        clock_now(&s) + 2_000,
        "the backoff doubles"
    );
    clock.advance_secs(2);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!((r.failed, r.parked), (0, 1), "{r:?}");
    // Parked: no scan takes it, the backlog leaves it out, the list and metrics show it.
    clock.advance_secs(86_400);
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!((r.fired, r.failed, r.parked), (0, 0, 0), "{r:?}");
    assert_eq!(s.timer_backlog(&mut c).expect("backlog").0, 0);
    let parked = s.parked_timers(&mut c, 10).expect("parked");
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert_eq!((parked[0].order.key, parked[0].attempts), (1, 3));
    let m = s.metrics();
    assert_eq!(
        (m.timers_failed, m.timers_parked, m.parked_timers),
        (2, 1, 1)
    );
    // The repair, then the retry: it fires.
    let q = sql(
        &c,
        &format!("INSERT INTO {allowed} (\"from_status\", \"to_status\") VALUES ($1, $2)"),
    );
    c.execute(&q, &[Value::Int(10), Value::Int(90)])
        .expect("restore pair");
    let p = &parked[0];
    assert!(s
        .retry_parked_timer(&mut c, &p.order, p.state_version, &p.line_id)
        .expect("retry"));
    assert!(!s
        .retry_parked_timer(&mut c, &p.order, p.state_version, &p.line_id)
        .expect("retry twice"));
    let r = s.fire_due_timers(&mut c, &mut h, 100).expect("scan");
    assert_eq!(r.fired, 1, "{r:?}");
    let v = s.read(&id(1)).view(&mut c).expect("load").expect("order");
    assert_eq!(v.state, OrderState::Cancelled);
    assert!(s.parked_timers(&mut c, 10).expect("parked").is_empty());
}

fn clock_now<K: order_fsm_store::OrderKey>(s: &order_fsm_store::Store<Order, K>) -> i64 {
    s.now_ms()
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

both!(a_failing_timer_does_not_stall_the_others);
