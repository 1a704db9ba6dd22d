//! Faults: a connection killed in the middle of a transaction, a read-only or full SQLite
//! file. Each time: a clear error, and nothing half-written.

use crate::common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use order_fsm::Context;
use order_fsm::{Generic, GenericStoreHooks};
use order_fsm_store::{DbErrorKind, Exec, HookError, Placement, SqliteConn, StoreError, Value};

fn backend_pid(c: &mut order_fsm_store::PgConn) -> i64 {
    c.query("SELECT pg_backend_pid()", &[]).expect("pid")[0][0]
        .as_i64()
        .expect("int")
}

fn terminate(db: &PgDb, pid: i64) {
    let mut admin = db.admin();
    let n = admin
        // Wait (up to 10 s) until the backend is gone.
        .query_one(
            "SELECT pg_terminate_backend($1::int, 10000)",
            &[&(pid as i32)],
        )
        .expect("terminate");
    assert!(n.get::<_, bool>(0), "backend {pid} was not terminated");
}

/// Hooks whose guard or in-transaction action kills the store's own connection, between
/// two statements of the protocol.
struct Killer<'a> {
    db: &'a PgDb,
    pid: i64,
    in_guard: bool,
}

impl<X: ?Sized> GenericStoreHooks<Order, X> for Killer<'_> {
    fn guard(
        &mut self,
        _: &mut X,
        _: OrderGuard,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        if self.in_guard {
            terminate(self.db, self.pid);
        }
        Ok(true)
    }
    fn action(
        &mut self,
        _: &mut X,
        action: OrderAction,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        if action != OrderAction::NotifySeller {
            return Ok(Placement::Outbox);
        }
        if !self.in_guard {
            terminate(self.db, self.pid);
        }
        Ok(Placement::InTransaction)
    }
}

fn assert_untouched(s: &order_fsm_store::Store<Order>, db: &PgDb, order: i64) {
    let mut c = db.connect();
    let v = s
        .read(&id(order))
        .view(&mut c)
        .expect("load")
        .expect("order");
    assert_eq!((v.state, v.version), (OrderState::Created, 0));
    assert_eq!(s.read(&id(order)).history(&mut c).expect("log").len(), 1);
    assert!(s
        .outbox_rows(&mut c, &id(order))
        .expect("outbox")
        .is_empty());
    let q = format!(
        "SELECT COUNT(*) FROM {} WHERE \"order_id\" = $1",
        s.layout().idempotency
    );
    assert_eq!(
        c.query(&q, &[Value::Int(order)]).expect("idem")[0][0],
        Value::Int(0)
    );
    // The payment reminder's timer and the auto-close's, both of the first entry.
    let t = s.read(&id(order)).timers(&mut c).expect("timers");
    assert_eq!(t.len(), 2);
    assert!(
        t.iter()
            .all(|t| t.state_version == 0 && t.refused_at.is_none()),
        "{t:?}"
    );
}

#[test]
fn postgres_connection_terminated_between_statements() {
    let Some(db) = PgDb::new("terminated") else {
        return;
    };
    let (s, _) = store(&db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    // Killed after the read, before the compare-and-set (in the guard), and after the
    // compare-and-set, the log row and the timers (in an in-transaction action).
    for in_guard in [true, false] {
        let mut c = db.connect();
        let pid = backend_pid(&mut c);
        let mut k = Generic(Killer {
            db: &db,
            pid,
            in_guard,
        });
        let e = s
            .fire(&id(1), &pay(100))
            .idempotency_key("k")
            .run(&mut c, &mut k)
            .unwrap_err();
        match &e {
            StoreError::Db(d) => assert_eq!(d.kind, DbErrorKind::ConnectionLost, "{e:?}"),
            StoreError::Action { .. } => panic!("the action itself did not fail: {e}"),
            other => panic!("unexpected: {other}"),
        }
        assert!(e.to_string().contains("connection"), "{e}");
        assert_untouched(&s, &db, 1);
    }
    // A new connection carries on.
    let o = s
        .fire(&id(1), &pay(100))
        .idempotency_key("k")
        .run(&mut c, &mut yes())
        .expect("pay");
    assert!(o.is_applied() && !o.is_duplicate());
}

/// Holds its timer's transaction open inside the action, until told to go on.
struct Hold {
    held: mpsc::Sender<()>,
    go: mpsc::Receiver<()>,
}

impl<X: ?Sized> GenericStoreHooks<Order, X> for Hold {
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
        _: OrderAction,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        self.held.send(()).map_err(|e| e.to_string())?;
        self.go
            .recv_timeout(Duration::from_secs(20))
            .map_err(|e| e.to_string())?;
        Ok(Placement::InTransaction)
    }
}

#[test]
fn postgres_timer_worker_killed_mid_transaction_leaves_its_timer_claimable() {
    let Some(db) = PgDb::new("worker_killed") else {
        return;
    };
    let (s, clock) = store(&db);
    let mut c = db.connect();
    s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
    clock.advance_secs(3600);

    let (held_tx, held_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel();
    let mut a = db.connect();
    let pid = backend_pid(&mut a);
    let worker = {
        let s = s.clone();
        std::thread::spawn(move || {
            let mut h = Generic(Hold {
                held: held_tx,
                go: go_rx,
            });
            s.fire_due_timers(&mut a, &mut h, 1)
        })
    };
    held_rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the worker claimed the timer");
    // While the first worker holds it, a second worker skips it.
    let mut b = db.connect();
    let r = s.fire_due_timers(&mut b, &mut yes(), 10).expect("scan");
    assert_eq!((r.fired, r.stale), (0, 0), "{r:?}");

    terminate(&db, pid);
    go_tx.send(()).expect("go");
    let e = worker.join().expect("worker thread").unwrap_err();
    assert!(
        matches!(&e, StoreError::Db(d) if d.kind == DbErrorKind::ConnectionLost),
        "{e}"
    );
    assert_eq!(
        s.read(&id(1)).view(&mut b).expect("load").expect("o").state,
        OrderState::Created
    );

    // The timer is still there, and the next scan fires it.
    let r = s.fire_due_timers(&mut b, &mut yes(), 10).expect("scan");
    assert_eq!(r.fired, 1, "{r:?}");
    // The payment reminder due on the way, once, then the close.
    let log = s.read(&id(1)).history(&mut b).expect("log");
    assert_eq!(log.len(), 3);
    assert_eq!(log[1].to, OrderState::Created);
    assert_eq!(log[2].to, OrderState::Cancelled);
}

#[test]
fn sqlite_read_only_file_is_a_clear_error() {
    let db = SqliteDb::new("read_only");
    let (s, _) = store(&db);
    let mut rw = db.connect();
    s.create(&id(1)).run(&mut rw, &mut yes()).expect("create");

    let uri = format!("file:{}?mode=ro", db.path.display());
    let mut ro = SqliteConn::open(&uri).expect("open read-only");
    // Reading works.
    assert_eq!(
        s.read(&id(1))
            .view(&mut ro)
            .expect("load")
            .expect("o")
            .state,
        OrderState::Created
    );
    let e = s
        .fire(&id(1), &pay(1))
        .idempotency_key("k")
        .run(&mut ro, &mut yes())
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Db(d) if d.kind == DbErrorKind::ReadOnly),
        "{e:?}"
    );
    assert!(e.to_string().contains("read-only"), "{e}");
    let e = s.create(&id(2)).run(&mut ro, &mut yes()).unwrap_err();
    assert!(
        matches!(&e, StoreError::Db(d) if d.kind == DbErrorKind::ReadOnly),
        "{e:?}"
    );

    let v = s.read(&id(1)).view(&mut rw).expect("load").expect("o");
    assert_eq!((v.state, v.version), (OrderState::Created, 0));
    assert_eq!(s.read(&id(1)).history(&mut rw).expect("log").len(), 1);
    assert!(s.read(&id(2)).view(&mut rw).expect("load").is_none());
}

#[test]
fn sqlite_full_file_is_a_clear_error_and_writes_nothing() {
    let db = SqliteDb::new("full");
    let (s, _) = store(&db);
    let mut c = db.connect();
    let pages = c.query("PRAGMA page_count", &[]).expect("pages")[0][0]
        .as_i64()
        .expect("int");
    c.batch(&format!("PRAGMA max_page_count = {}", pages + 6))
        .expect("limit");
    let mut created = Vec::new();
    let mut failure = None;
    for i in 0..100_000 {
        match s.create(&id(i)).run(&mut c, &mut yes()).and_then(|()| {
            s.fire(&id(i), &pay(100))
                .idempotency_key("a-long-idempotency-key-to-fill-pages-faster-0123456789")
                .run(&mut c, &mut yes())
                .map(|_| ())
        }) {
            Ok(()) => created.push(i),
            Err(e) => {
                failure = Some((i, e));
                break;
            }
        }
    }
    let (i, e) = failure.expect("the file filled up");
    assert!(
        matches!(&e, StoreError::Db(d) if d.kind == DbErrorKind::Full),
        "{e:?}"
    );
    assert!(e.to_string().contains("full"), "{e}");
    // Every order before the failure is whole; the failing call left nothing behind (its
    // create, or its payment, is entirely absent).
    for &o in &created {
        let v = s.read(&id(o)).view(&mut c).expect("load").expect("order");
        assert_eq!(v.state, OrderState::Paid);
        assert_eq!(s.read(&id(o)).history(&mut c).expect("log").len(), 2);
    }
    match s.read(&id(i)).view(&mut c).expect("load") {
        None => assert!(s.read(&id(i)).history(&mut c).expect("log").is_empty()),
        Some(v) => {
            assert_eq!((v.state, v.version), (OrderState::Created, 0));
            assert_eq!(s.read(&id(i)).history(&mut c).expect("log").len(), 1);
            assert!(s.outbox_rows(&mut c, &id(i)).expect("outbox").is_empty());
        }
    }
    assert!(!created.is_empty());
}

#[test]
fn sqlite_busy_is_retryable_and_not_a_conflict() {
    let db = SqliteDb::new("busy");
    let (s, _) = store(&db);
    let mut a = db.connect();
    s.create(&id(1)).run(&mut a, &mut yes()).expect("create");
    // Another writer holds the write lock.
    let mut holder = db.connect();
    holder
        .connection()
        .execute_batch("BEGIN IMMEDIATE")
        .expect("lock");
    a.set_busy_timeout(Duration::from_millis(50))
        .expect("timeout");
    let e = s
        .fire(&id(1), &pay(1))
        .idempotency_key("k")
        .run(&mut a, &mut yes())
        .unwrap_err();
    assert!(matches!(e, StoreError::Busy(_)), "{e:?}");
    assert!(e.is_retryable());
    assert_ne!(e, StoreError::Conflict { order: "1".into() });
    holder
        .connection()
        .execute_batch("ROLLBACK")
        .expect("unlock");
    let o = s
        .retry(order_fsm_store::Retry::default(), || {
            s.fire(&id(1), &pay(1))
                .idempotency_key("k")
                .run(&mut a, &mut yes())
        })
        .expect("after the lock is gone");
    assert!(o.is_applied());
}

/// A unique violation is not retryable (retrying the same statement fails the same way); the
/// store reports a concurrent delivery of one key as a `Conflict` itself.
#[test]
fn unique_violations_are_not_retried() {
    use order_fsm_store::{DbError, DbErrorKind, StoreError};
    let unique = StoreError::Db(DbError::new(DbErrorKind::Unique, "duplicate key"));
    assert!(!unique.is_retryable());
    assert!(StoreError::Conflict { order: "1".into() }.is_retryable());
    let s = order_fsm_store::Store::<Order, i64>::sqlite().expect("store");
    let mut calls = 0;
    let r: Result<(), StoreError> = s.retry(order_fsm_store::Retry::times(5), || {
        calls += 1;
        Err(unique.clone())
    });
    assert_eq!((r, calls), (Err(unique), 1));
}

/// A SQLite value the store cannot read (a real number) is an error naming the column, not
/// a silently truncated integer.
#[test]
fn sqlite_real_numbers_are_an_error_not_truncated() {
    use order_fsm_store::Exec;
    let mut c = order_fsm_store::SqliteConn::open_in_memory().expect("open");
    let e = c
        .query("SELECT 2.5 AS \"amount\"", &[])
        .expect_err("a real number");
    assert!(
        e.message.contains("amount") && e.message.contains("2.5"),
        "{e}"
    );
}

/// On connections the store opens, a double-quoted name that matches no column is an error,
/// not a text value (SQLite's default), in a file and in memory alike.
#[test]
fn sqlite_double_quotes_name_columns_only() {
    let db = SqliteDb::new("quotes");
    let conns = [
        order_fsm_store::SqliteConn::open(&db.path).expect("open"),
        order_fsm_store::SqliteConn::open_in_memory().expect("open"),
    ];
    for mut c in conns {
        let conn = c.connection();
        conn.execute_batch("CREATE TABLE t (\"status\" INTEGER); INSERT INTO t VALUES (1);")
            .expect("create");
        let named: i64 = conn
            .query_row("SELECT \"status\" FROM t", [], |r| r.get(0))
            .expect("a quoted name that exists is read");
        assert_eq!(named, 1);
        let missing = conn.query_row("SELECT \"stauts\" FROM t", [], |r| r.get::<_, String>(0));
        assert!(missing.is_err(), "{missing:?}");
    }
}
