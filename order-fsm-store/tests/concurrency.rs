//! Many writers at once, on SQLite and (with `DATABASE_URL`) PostgreSQL: races have one
//! winner, no update is lost, duplicates are applied once, timers fire once.
//!
//! Sizes grow with `ORDER_FSM_STORE_SCALE` (a multiplier, default 1).

use crate::common;

use std::sync::{Arc, Barrier};
use std::thread;

use common::*;
use order_fsm_store::{Exec, Id, Outcome, Retry, Store, StoreError, Value};

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Got {
    Applied,
    Rejected,
    Conflict,
}

fn classify(r: Result<Outcome<Order>, StoreError>) -> Got {
    match r {
        Ok(o) if o.is_applied() => Got::Applied,
        Ok(_) => Got::Rejected,
        Err(StoreError::Conflict { .. }) => Got::Conflict,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// 8 threads fire Pay or Cancel (both by the buyer) at one order at once, without retries:
/// exactly one of them changes it, every round.
fn race_one_winner<D: TestDb + 'static>(db: D) {
    race(db, false)
}

/// The same with `FOR UPDATE`: writers queue on the row instead of conflicting.
fn race_one_winner_with_row_locks<D: TestDb + 'static>(db: D) {
    race(db, true)
}

fn race<D: TestDb + 'static>(db: D, lock: bool) {
    let db = Arc::new(db);
    let (s, _) = store(&*db);
    let s = s.lock_rows(lock);
    let s = Arc::new(s);
    let rounds = scaled(200) as i64;
    {
        let mut c = db.connect();
        for r in 0..rounds {
            s.create(&id(r)).run(&mut c, &mut yes()).expect("create");
        }
    }
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let (s, db, barrier) = (s.clone(), db.clone(), barrier.clone());
            thread::spawn(move || {
                let mut c = db.connect();
                let mut got = Vec::new();
                for r in 0..rounds {
                    let event = if t % 2 == 0 {
                        pay(100)
                    } else {
                        OrderEvent::Cancel
                    };
                    barrier.wait();
                    got.push(classify(
                        s.fire(&id(r), &event)
                            .by(OrderRole::Buyer)
                            .run(&mut c, &mut yes()),
                    ));
                }
                got
            })
        })
        .collect();
    let results: Vec<Vec<Got>> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let mut c = db.connect();
    let mut conflicts = 0;
    for r in 0..rounds as usize {
        let winners = results.iter().filter(|g| g[r] == Got::Applied).count();
        conflicts += results.iter().filter(|g| g[r] == Got::Conflict).count();
        assert_eq!(
            winners,
            1,
            "round {r}: {:?}",
            results.iter().map(|g| g[r]).collect::<Vec<_>>()
        );
        let log = s.read(&id(r as i64)).history(&mut c).expect("log");
        assert_eq!(log.len(), 2, "round {r}");
        let v = s
            .read(&id(r as i64))
            .view(&mut c)
            .expect("load")
            .expect("order");
        assert_eq!(log[1].to, v.state);
        assert!(matches!(v.state, OrderState::Paid | OrderState::Cancelled));
    }
    assert_eq!(s.metrics().conflicts as usize, conflicts);
    if lock {
        assert_eq!(conflicts, 0, "with row locks nobody conflicts");
    }
    eprintln!("{}: {rounds} rounds, {conflicts} conflicts", db.name());
}

/// 8 writers fire random events with retries at 1,000 orders: every order's log replays
/// through the interpreter to its stored state, numbered without gaps.
fn no_lost_update<D: TestDb + 'static>(db: D) {
    let db = Arc::new(db);
    let (s, _) = store(&*db);
    let s = Arc::new(s);
    let orders = scaled(1000) as i64;
    let per_writer = scaled(2000);
    {
        let mut c = db.connect();
        for o in 0..orders {
            s.create(&id(o)).run(&mut c, &mut yes()).expect("create");
        }
    }
    let handles: Vec<_> = (0..8u64)
        .map(|w| {
            let (s, db) = (s.clone(), db.clone());
            thread::spawn(move || {
                let mut c = db.connect();
                let mut rng = Rng::new(w + 1);
                let mut applied = 0;
                for i in 0..per_writer {
                    // Writers move through the orders at about the same pace, four at a
                    // time, so they collide; a few writes go anywhere.
                    let o = if rng.below(8) == 0 {
                        rng.below(orders as u64) as i64
                    } else {
                        ((i / 2) as u64 + rng.below(4)) as i64 % orders
                    };
                    let (event, role) = if rng.below(4) == 0 {
                        random_event(&mut rng)
                    } else {
                        // What a service does: read the order, pick something allowed.
                        let role = random_event(&mut rng).1;
                        let p = s
                            .read(&id(o))
                            .actor(role)
                            .permitted_events(&mut c)
                            .expect("permitted");
                        if p.is_empty() {
                            continue;
                        }
                        let k = p[rng.below(p.len() as u64) as usize].event;
                        (event_of(k, &mut rng), role)
                    };
                    let r = s.retry(Retry::times(50), || {
                        s.fire(&id(o), &event).actor(role).run(&mut c, &mut yes())
                    });
                    match r {
                        Ok(o) if o.is_applied() => applied += 1,
                        Ok(_) => {}
                        Err(e) => panic!("writer {w}: {e}"),
                    }
                }
                applied
            })
        })
        .collect();
    let applied: usize = handles.into_iter().map(|h| h.join().expect("thread")).sum();
    let m = model();
    let mut c = db.connect();
    let mut rows = 0;
    for o in 0..orders {
        let log = s.read(&id(o)).history(&mut c).expect("log");
        let v = s.read(&id(o)).view(&mut c).expect("load").expect("order");
        let replayed = replay(&m, &log).unwrap_or_else(|e| panic!("order {o}: {e}"));
        assert_eq!(replayed, v.state, "order {o}");
        assert_eq!(v.version as usize, log.len() - 1, "order {o}");
        rows += log.len() - 1;
    }
    assert_eq!(
        rows, applied,
        "every applied transition has its log row, and no other"
    );
    let metrics = s.metrics();
    eprintln!(
        "{}: {applied} transitions, {} conflicts, {} retries",
        db.name(),
        metrics.conflicts,
        metrics.retries
    );
}

fn event_of(k: OrderEventKind, rng: &mut Rng) -> OrderEvent {
    match k {
        OrderEventKind::Pay => pay(rng.below(3)),
        OrderEventKind::Cancel => OrderEvent::Cancel,
        OrderEventKind::Ship => ship(),
        OrderEventKind::Sign => OrderEvent::Sign,
        OrderEventKind::Confirm => OrderEvent::Confirm,
        OrderEventKind::RequestRefund => OrderEvent::RequestRefund { reason: "r".into() },
        OrderEventKind::ApproveRefund => OrderEvent::ApproveRefund,
        OrderEventKind::RejectRefund => OrderEvent::RejectRefund { reason: "r".into() },
        OrderEventKind::ForceClose => OrderEvent::ForceClose,
    }
}

fn random_event(rng: &mut Rng) -> (OrderEvent, Option<OrderRole>) {
    let role = match rng.below(5) {
        0 => None,
        1 => Some(OrderRole::Buyer),
        2 => Some(OrderRole::Seller),
        3 => Some(OrderRole::Service),
        _ => Some(OrderRole::System),
    };
    let e = match rng.below(9) {
        0 => pay(rng.below(3)),
        1 => OrderEvent::Cancel,
        2 => ship(),
        3 => OrderEvent::Sign,
        4 => OrderEvent::Confirm,
        5 => OrderEvent::RequestRefund { reason: "r".into() },
        6 => OrderEvent::ApproveRefund,
        7 => OrderEvent::RejectRefund { reason: "r".into() },
        _ => OrderEvent::ForceClose,
    };
    (e, role)
}

/// 8 deliveries of one callback at once: one log row, one set of outbox rows, and the same
/// outcome for every caller; likewise for a rejected callback.
fn concurrent_duplicates<D: TestDb + 'static>(db: D) {
    let db = Arc::new(db);
    let (s, _) = store(&*db);
    let s = Arc::new(s);
    let rounds = scaled(40) as i64;
    {
        let mut c = db.connect();
        for r in 0..rounds {
            s.create(&id(r)).run(&mut c, &mut yes()).expect("create");
        }
    }
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (s, db, barrier) = (s.clone(), db.clone(), barrier.clone());
            thread::spawn(move || {
                let mut c = db.connect();
                let mut got = Vec::new();
                for r in 0..rounds {
                    // Odd rounds: a callback that is refused (amount 0).
                    let event = pay(if r % 2 == 0 { 100 } else { 0 });
                    barrier.wait();
                    let o = s
                        .fire(&id(r), &event)
                        .idempotency_key("callback-1")
                        .run(&mut c, &mut yes())
                        .unwrap_or_else(|e| panic!("round {r}: {e}"));
                    got.push(o);
                }
                got
            })
        })
        .collect();
    let results: Vec<Vec<Outcome<Order>>> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let mut c = db.connect();
    for r in 0..rounds as usize {
        let outs: Vec<&Outcome<Order>> = results.iter().map(|g| &g[r]).collect();
        let firsts = outs.iter().filter(|o| !o.is_duplicate()).count();
        assert_eq!(firsts, 1, "round {r}: {outs:?}");
        let log = s.read(&id(r as i64)).history(&mut c).expect("log");
        let outbox = s.outbox_rows(&mut c, &id(r as i64)).expect("outbox");
        if r % 2 == 0 {
            for o in &outs {
                match o {
                    Outcome::Applied(a) => assert_eq!((state(&a.to), a.seq), (OrderState::Paid, 2)),
                    other => panic!("round {r}: {other:?}"),
                }
            }
            assert_eq!(log.len(), 2);
            assert_eq!(outbox.len(), 2);
        } else {
            let first = outs[0].rejection().expect("rejected");
            for o in &outs {
                assert_eq!(o.rejection(), Some(first), "round {r}");
            }
            assert_eq!(log.len(), 1);
            assert!(outbox.is_empty());
        }
    }
}

/// Two workers scan the same due timers at once: every timer fires exactly once.
fn timers_fire_once_with_two_workers<D: TestDb + 'static>(db: D) {
    let db = Arc::new(db);
    let (s, clock) = store(&*db);
    let s = Arc::new(s);
    let orders = scaled(200) as i64;
    {
        let mut c = db.connect();
        for o in 0..orders {
            s.create(&id(o)).run(&mut c, &mut yes()).expect("create");
        }
    }
    clock.advance_secs(3600);
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (s, db, barrier) = (s.clone(), db.clone(), barrier.clone());
            thread::spawn(move || {
                let mut c = db.connect();
                barrier.wait();
                let mut fired = 0;
                loop {
                    // No error is expected: a busy database or a deadlock is a failure.
                    let r = s
                        .fire_due_timers(&mut c, &mut yes(), 10)
                        .unwrap_or_else(|e| panic!("{e}"));
                    fired += r.fired;
                    assert_eq!(r.conflicts, 0, "a timer was fired by both workers");
                    if r.fired + r.reminders + r.stale + r.rejected == 0 && r.failed == 0 {
                        break;
                    }
                }
                fired
            })
        })
        .collect();
    let fired: Vec<u64> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(fired.iter().sum::<u64>(), orders as u64, "{fired:?}");
    let mut c = db.connect();
    for o in 0..orders {
        // Created, the payment reminder once (the order stays), the auto-close once.
        let log = s.read(&id(o)).history(&mut c).expect("log");
        assert_eq!(log.len(), 3, "order {o}");
        assert_eq!(log[1].to, OrderState::Created);
        assert_eq!(log[2].to, OrderState::Cancelled);
        let outbox: Vec<String> = s
            .outbox_rows(&mut c, &id(o))
            .expect("outbox")
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            outbox,
            ["remind_buyer", "release_stock"],
            "order {o}: the reminder and release_stock once each"
        );
    }
}

/// A user acts on an order at the moment its timer falls due, while two timer workers scan
/// the same orders: no deadlock or busy error escapes either side, every timer fires at most
/// once, and every order ends consistent (its log replays to its state; its timers belong to
/// its current entry). Half the rounds read the order `FOR UPDATE` (`lock_rows`).
fn apply_races_timer_workers<D: TestDb + 'static>(db: D) {
    let db = Arc::new(db);
    let (s, clock) = store(&*db);
    let stores = Arc::new([s.clone(), s.clone().lock_rows(true)]);
    let rounds = scaled(40);
    let per_round = 6i64;
    let m = model();
    let mut c = db.connect();
    fast_deadlocks(&mut c);
    // A guard that reads something first: it holds the transaction open a little longer.
    let slow_yes = || {
        order_fsm::Generic(order_fsm_store::GuardFn(
            |_: OrderGuard, _: &order_fsm::Context<'_, Order>| {
                thread::sleep(std::time::Duration::from_millis(1));
                true
            },
        ))
    };
    let mut outcomes = [0usize; 2];
    for r in 0..rounds {
        let base = r as i64 * per_round;
        for o in base..base + per_round {
            s.create(&id(o)).run(&mut c, &mut yes()).expect("create");
        }
        // Every timer of this round is due now.
        clock.advance_secs(1800);
        let barrier = Arc::new(Barrier::new(3));
        let user = {
            let (stores, db, barrier) = (stores.clone(), db.clone(), barrier.clone());
            thread::spawn(move || {
                let mut c = db.connect();
                fast_deadlocks(&mut c);
                let s = &stores[r % 2];
                barrier.wait();
                let mut paid = 0;
                for o in base..base + per_round {
                    loop {
                        match s.fire(&id(o), &pay(100)).run(&mut c, &mut slow_yes()) {
                            Ok(out) => {
                                paid += out.is_applied() as usize;
                                break;
                            }
                            Err(StoreError::Conflict { .. }) => continue,
                            Err(e) => panic!("round {r}, order {o}: apply failed: {e}"),
                        }
                    }
                }
                paid
            })
        };
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let (s, db, barrier) = (s.clone(), db.clone(), barrier.clone());
                thread::spawn(move || {
                    let mut c = db.connect();
                    fast_deadlocks(&mut c);
                    barrier.wait();
                    let mut fired = 0;
                    loop {
                        let rep = s
                            .fire_due_timers(&mut c, &mut yes(), 2)
                            .unwrap_or_else(|e| panic!("round {r}, worker {w}: {e}"));
                        fired += rep.fired;
                        if rep.fired + rep.reminders + rep.stale + rep.rejected + rep.conflicts == 0
                        {
                            break;
                        }
                    }
                    fired
                })
            })
            .collect();
        let paid = user.join().expect("user thread");
        let mut fired: u64 = workers
            .into_iter()
            .map(|h| h.join().expect("worker thread"))
            .sum();
        // Timers skipped while their order was busy fire now.
        fired += s
            .fire_due_timers(&mut c, &mut yes(), 100)
            .expect("last scan")
            .fired;
        assert_eq!(paid as u64 + fired, per_round as u64, "round {r}");
        outcomes[0] += paid;
        outcomes[1] += fired as usize;
        for o in base..base + per_round {
            let log = s.read(&id(o)).history(&mut c).expect("log");
            let v = s.read(&id(o)).view(&mut c).expect("load").expect("order");
            assert_eq!(replay(&m, &log), Ok(v.state), "round {r}, order {o}");
            let timers = s.read(&id(o)).timers(&mut c).expect("timers");
            match v.state {
                OrderState::Paid => {
                    assert_eq!(log.len(), 2, "round {r}, order {o}: one transition");
                    assert_eq!(timers.len(), 1, "round {r}, order {o}: {timers:?}");
                    assert_eq!(timers[0].state_version, v.version);
                    assert_eq!(s.outbox_rows(&mut c, &id(o)).expect("outbox").len(), 2);
                }
                OrderState::Cancelled => {
                    // The payment reminder due on the way ran once, then the auto-close.
                    assert_eq!(log.len(), 3, "round {r}, order {o}: reminder and close");
                    assert!(timers.is_empty(), "round {r}, order {o}: {timers:?}");
                    assert_eq!(s.outbox_rows(&mut c, &id(o)).expect("outbox").len(), 2);
                }
                other => panic!("round {r}, order {o}: {other:?}"),
            }
        }
    }
    eprintln!(
        "{}: {} paid first, {} closed by their timer first",
        db.name(),
        outcomes[0],
        outcomes[1]
    );
}

/// Two relays drain one outbox at once: every row is delivered exactly once (no lease runs
/// out, no relay dies) and the rows of each order in the order they were written.
fn relays_share_the_work<D: TestDb + 'static>(db: D) {
    use order_fsm_store::{HookError, OutboxMessage, Publisher};
    use std::sync::Mutex;
    let db = Arc::new(db);
    let (s, _) = store(&*db);
    let s = Arc::new(s);
    let orders = scaled(60) as i64;
    {
        let mut c = db.connect();
        for o in 0..orders {
            s.create(&id(o)).run(&mut c, &mut yes()).expect("create");
            s.fire(&id(o), &pay(1))
                .run(&mut c, &mut yes())
                .expect("pay");
            s.fire(&id(o), &ship())
                .run(&mut c, &mut yes())
                .expect("ship");
        }
    }
    struct Shared(Arc<Mutex<Vec<(i64, i64)>>>);
    impl Publisher<Order, i64> for Shared {
        fn publish(&mut self, m: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
            self.0
                .lock()
                .expect("lock")
                .push((m.order.key, m.outbox_id));
            Ok(())
        }
    }
    let got = Arc::new(Mutex::new(Vec::new()));
    let barrier = Arc::new(Barrier::new(2));
    let relays: Vec<_> = (0..2)
        .map(|_| {
            let (s, db, got, barrier) = (s.clone(), db.clone(), got.clone(), barrier.clone());
            thread::spawn(move || {
                let mut c = db.connect();
                barrier.wait();
                let mut p = Shared(got);
                let mut published = 0;
                loop {
                    let r = s.relay(&mut c, &mut p, 5).expect("relay");
                    published += r.published;
                    if r.total() == 0 {
                        break;
                    }
                }
                published
            })
        })
        .collect();
    let per: Vec<u64> = relays
        .into_iter()
        .map(|h| h.join().expect("relay"))
        .collect();
    let got = got.lock().expect("lock").clone();
    assert_eq!(got.len() as i64, 3 * orders, "{per:?}");
    let mut c = db.connect();
    for o in 0..orders {
        let mine: Vec<i64> = got.iter().filter(|g| g.0 == o).map(|g| g.1).collect();
        let rows: Vec<i64> = s
            .outbox_rows(&mut c, &id(o))
            .expect("outbox")
            .iter()
            .map(|r| r.outbox_id)
            .collect();
        assert_eq!(mine, rows, "order {o}: each row once, in order");
    }
    assert_eq!(s.outbox_backlog(&mut c).expect("backlog").0, 0);
    eprintln!("{}: relays published {per:?}", db.name());
}

/// On PostgreSQL, find deadlocks after 20 ms instead of a second, so a test that would
/// deadlock fails fast (needs a superuser, as the test server has; otherwise unchanged).
fn fast_deadlocks<C: std::any::Any>(c: &mut C) {
    if let Some(pg) = (c as &mut dyn std::any::Any).downcast_mut::<order_fsm_store::PgConn>() {
        let _ = pg.client().batch_execute("SET deadlock_timeout = '20ms'");
    }
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(super::SqliteDb::new(stringify!($name))) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if let Some(db) = super::PgDb::new(stringify!($name)) { super::$name(db) }
            })*
        }
    };
}

both!(
    race_one_winner,
    race_one_winner_with_row_locks,
    no_lost_update,
    concurrent_duplicates,
    timers_fire_once_with_two_workers,
    apply_races_timer_workers,
    relays_share_the_work,
);

/// The advisory lock class of the cross-process barrier; the round is the second key.
const BARRIER: i64 = 4711;

/// On PostgreSQL also across processes: this test binary, run again 4 times in
/// [`race_child`] mode (two threads each), fires Pay and Cancel at the same orders, without
/// retries. Every round starts at a barrier: the parent holds an advisory lock per round,
/// waits until all 8 threads queue on it, and lets them go at once.
#[test]
fn postgres_race_across_four_processes() {
    let Some(db) = PgDb::new("race_processes") else {
        return;
    };
    let (s, _) = store(&db);
    let rounds = scaled(200) as i64;
    let mut c = db.connect();
    for r in 0..rounds {
        s.create(&id(r)).run(&mut c, &mut yes()).expect("create");
    }
    let mut gate = ::postgres::Client::connect(&db.url, ::postgres::NoTls).expect("gate");
    for r in 0..rounds {
        gate.execute(
            "SELECT pg_advisory_lock($1::int4, $2::int4)",
            &[&(BARRIER as i32), &(r as i32)],
        )
        .expect("lock round");
    }
    let exe = std::env::current_exe().expect("test binary");
    // libtest names a test by its path inside the test binary (`concurrency::race_child`).
    let child_test = format!(
        "{}::race_child",
        module_path!().split_once("::").map_or("", |(_, m)| m)
    );
    let children: Vec<_> = (0..4)
        .map(|p| {
            std::process::Command::new(&exe)
                .args([
                    child_test.as_str(),
                    "--exact",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("ORDER_FSM_RACE_URL", &db.url)
                .env("ORDER_FSM_RACE_ROUNDS", rounds.to_string())
                .env("ORDER_FSM_RACE_PROCESS", p.to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn child")
        })
        .collect();
    let mut children = children;
    for r in 0..rounds {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let waiting: i64 = gate
                .query_one(
                    "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int8::oid \
                     AND objid = $2::int8::oid AND objsubid = 2 AND NOT granted",
                    &[&BARRIER, &r],
                )
                .expect("waiters")
                .get(0);
            if waiting == 8 {
                break;
            }
            if std::time::Instant::now() > deadline {
                let mut said = String::new();
                for child in &mut children {
                    let _ = child.kill();
                }
                for child in children {
                    if let Ok(out) = child.wait_with_output() {
                        said.push_str(&String::from_utf8_lossy(&out.stderr));
                    }
                }
                panic!("round {r}: only {waiting} of 8 threads reached the barrier\n{said}");
            }
            thread::sleep(std::time::Duration::from_millis(1));
        }
        gate.execute(
            "SELECT pg_advisory_unlock($1::int4, $2::int4)",
            &[&(BARRIER as i32), &(r as i32)],
        )
        .expect("open round");
    }
    let mut wins = vec![0; rounds as usize];
    let mut conflicts = 0;
    for child in children {
        let out = child.wait_with_output().expect("child");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "child failed:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut lines = 0;
        for line in text
            .lines()
            .filter_map(|l| l.split_once("RACE ").map(|(_, r)| r))
        {
            let (r, got) = line.split_once(' ').expect("line");
            let r: usize = r.parse().expect("round");
            match got {
                "Applied" => wins[r] += 1,
                "Conflict" => conflicts += 1,
                _ => {}
            }
            lines += 1;
        }
        assert_eq!(
            lines,
            2 * rounds,
            "every round reported by both threads of the child"
        );
    }
    for (r, w) in wins.iter().enumerate() {
        assert_eq!(*w, 1, "round {r}: {w} winners across processes");
        let log = s.read(&id(r as i64)).history(&mut c).expect("log");
        assert_eq!(log.len(), 2);
    }
    // The barrier made the writers meet: some lost the compare-and-set itself, not only
    // read a finished round.
    assert!(
        conflicts > 0,
        "no conflict in {rounds} rounds: the writers never met"
    );
    eprintln!("4 processes: {rounds} rounds, {conflicts} conflicts");
}

/// One of the processes of [`postgres_race_across_four_processes`] (two threads each).
#[test]
#[ignore = "run by postgres_race_across_four_processes"]
fn race_child() {
    let url = std::env::var("ORDER_FSM_RACE_URL").expect("ORDER_FSM_RACE_URL");
    let rounds: i64 = std::env::var("ORDER_FSM_RACE_ROUNDS")
        .expect("rounds")
        .parse()
        .expect("rounds");
    let p: i64 = std::env::var("ORDER_FSM_RACE_PROCESS")
        .expect("process")
        .parse()
        .expect("process");
    let s: Arc<Store<Order, i64>> = Arc::new(Store::postgres().expect("store"));
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let (s, url) = (s.clone(), url.clone());
            thread::spawn(move || {
                let mut c = order_fsm_store::PgConn::connect(&url).expect("connect");
                let mut out = Vec::new();
                for r in 0..rounds {
                    let event = if (p + t) % 2 == 0 {
                        pay(100)
                    } else {
                        OrderEvent::Cancel
                    };
                    // The barrier: wait for the parent to open round `r`.
                    let key = [Value::Int(BARRIER), Value::Int(r)];
                    c.execute("SELECT pg_advisory_lock_shared($1::int4, $2::int4)", &key)
                        .expect("barrier");
                    c.execute("SELECT pg_advisory_unlock_shared($1::int4, $2::int4)", &key)
                        .expect("barrier");
                    let got = classify(
                        s.fire(&Id::new(r), &event)
                            .by(OrderRole::Buyer)
                            .run(&mut c, &mut yes()),
                    );
                    out.push(format!("RACE {r} {got:?}"));
                }
                out
            })
        })
        .collect();
    for h in handles {
        for line in h.join().expect("thread") {
            println!("{line}");
        }
    }
}
