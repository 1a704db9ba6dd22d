//! Shared by the store's tests: the order machine, fresh databases on both backends, and
//! replaying a log through the reference interpreter.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use order_fsm::StateMachine;
use order_fsm_store::{
    Connection, Dialect, GuardFn, Id, ManualClock, OrderKey, PgConn, SqliteConn, Store, StoreError,
};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

pub const SPEC: &str = include_str!("../../../specs/order.fsm");

/// Start of every manual clock: 2026-01-01T00:00:00Z.
pub const T0: i64 = 1_767_225_600_000;

/// A size from `ORDER_FSM_STORE_SCALE` (a multiplier, default 1).
pub fn scaled(n: usize) -> usize {
    let k: f64 = std::env::var("ORDER_FSM_STORE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    ((n as f64 * k).round() as usize).max(1)
}

fn unique(name: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "ofs_{}_{}_{}_{}",
        name,
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// A fresh database of one backend.
pub trait TestDb: Send + Sync {
    type Conn: Connection + Send + 'static;
    fn dialect(&self) -> Dialect;
    fn connect(&self) -> Self::Conn;
    fn name(&self) -> &'static str;
}

/// A SQLite file in the temp folder, removed afterwards.
pub struct SqliteDb {
    pub path: PathBuf,
}

impl SqliteDb {
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("{}.sqlite", unique(name)));
        SqliteDb { path }
    }
}

impl Drop for SqliteDb {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm", "-journal"] {
            let mut p = self.path.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
    }
}

impl TestDb for SqliteDb {
    type Conn = SqliteConn;
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn connect(&self) -> SqliteConn {
        SqliteConn::open(&self.path).expect("open sqlite")
    }
    fn name(&self) -> &'static str {
        "sqlite"
    }
}

/// A fresh PostgreSQL database on the server of `DATABASE_URL`, dropped afterwards.
pub struct PgDb {
    admin_url: String,
    pub url: String,
    pub db: String,
}

/// Whether the PostgreSQL tests must run (CI) rather than skip.
pub fn require_tools() -> bool {
    std::env::var("ORDER_FSM_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

impl PgDb {
    /// `None` (with a message) when `DATABASE_URL` is not set, unless
    /// `ORDER_FSM_REQUIRE_TOOLS=1`, which makes it a failure.
    pub fn new(name: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var("DATABASE_URL") else {
            assert!(
                !require_tools(),
                "ORDER_FSM_REQUIRE_TOOLS=1 but DATABASE_URL is not set: the PostgreSQL tests cannot run"
            );
            say_skipped("the PostgreSQL tests of the store");
            return None;
        };
        let db = unique(name);
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to DATABASE_URL: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE \"{db}\""))
            .expect("create database");
        let url = with_db(&admin_url, &db);
        Some(PgDb { admin_url, url, db })
    }

    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin_url, postgres::NoTls).expect("admin connection")
    }
}

/// The URL with its database replaced.
pub fn with_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{}", &base[..path_start], db);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.db
            ));
        }
    }
}

impl TestDb for PgDb {
    type Conn = PgConn;
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn connect(&self) -> PgConn {
        PgConn::connect(&self.url).expect("connect to the test database")
    }
    fn name(&self) -> &'static str {
        "postgres"
    }
}

/// A store of `Order` keyed by `K` on `db`'s dialect, migrated, with a manual clock.
pub fn store_with<K: OrderKey, D: TestDb>(
    db: &D,
    opts: impl FnOnce(&mut order_fsm_sql::Options),
) -> (Store<Order, K>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(T0));
    let mut o = order_fsm_sql::Options::new(db.dialect());
    opts(&mut o);
    let store = Store::<Order, K>::new(o)
        .expect("store")
        .with_clock(clock.clone());
    let mut c = db.connect();
    store.migrate(&mut c).expect("migrate");
    (store, clock)
}

pub fn store<D: TestDb>(db: &D) -> (Store<Order, i64>, Arc<ManualClock>) {
    store_with::<i64, D>(db, |_| {})
}

/// Guards: `payment_verified` says yes when the amount is positive, `risk_confirmed` yes.
pub fn yes(
) -> order_fsm::Generic<GuardFn<impl FnMut(OrderGuard, &order_fsm::Context<'_, Order>) -> bool>> {
    order_fsm::Generic(GuardFn(
        |g: OrderGuard, ctx: &order_fsm::Context<'_, Order>| match g {
            OrderGuard::PaymentVerified => {
                matches!(ctx.event, Some(OrderEvent::Pay { amount_cents, .. }) if *amount_cents > 0)
            }
            OrderGuard::RiskConfirmed => true,
        },
    ))
}

pub fn pay(cents: u64) -> OrderEvent {
    OrderEvent::Pay {
        amount_cents: cents,
        channel: "alipay".into(),
    }
}

pub fn ship() -> OrderEvent {
    OrderEvent::Ship {
        carrier: "顺丰".into(),
        waybill_no: "SF1".into(),
    }
}

pub fn id(n: i64) -> Id<i64> {
    Id::new(n)
}

/// The state a stored status names; a status the spec no longer has fails the test.
pub fn state<M: order_fsm::Machine>(s: &order_fsm_store::Status<M>) -> M::State {
    s.state()
        .unwrap_or_else(|| panic!("{s:?} is not a state of the spec"))
}

/// The interpreter's model of the order machine.
pub fn model() -> order_fsm_core::model::Machine {
    let c = order_fsm_core::compile("order.fsm", SPEC);
    assert!(!c.has_errors(), "{}", c.render());
    c.spec
        .expect("spec")
        .machine("Order")
        .expect("machine")
        .clone()
}

/// Replay a log through the interpreter. Every row must name, by its line identity, the
/// line the interpreter takes from the row's `from` for the row's event (or for a wait of
/// the row's delay, at least that long after the entry), given that only that line's
/// guard says yes; it must lead to the row's `to`. A reminder runs at most once per entry
/// (a line with a target starts a new entry; one without keeps it). The result is the
/// state after the last row.
pub fn replay(
    m: &order_fsm_core::model::Machine,
    log: &[order_fsm_store::LogEntry<Order>],
) -> Result<OrderState, String> {
    use order_fsm_core::interp::{Input, Interpreter};
    use order_fsm_core::model::TransitionIx;
    let interp = Interpreter::new(m);
    let first = log.first().ok_or("empty log")?;
    if first.seq != 1 || first.from.is_some() || first.to != <Order as order_fsm::Machine>::INITIAL
    {
        return Err(format!("log does not start with the creation: {first:?}"));
    }
    let mut state = m.state_ix(first.to.id()).ok_or("state")?;
    // The current entry: when it began, and the reminders that ran in it.
    let mut entered_at = first.at;
    let mut ran: Vec<TransitionIx> = Vec::new();
    for (i, e) in log.iter().enumerate().skip(1) {
        if e.seq != i as i64 + 1 {
            return Err(format!("gap in the log at {}: {:?}", i + 1, e));
        }
        let from = e.from.as_ref().ok_or("transition without from")?;
        if m.state(state).id.text != from.id() {
            return Err(format!(
                "row {} starts in {from:?}, replay is in {}",
                e.seq,
                m.state(state).id.text
            ));
        }
        // The line the row names.
        let named = e
            .line_id
            .as_deref()
            .ok_or_else(|| format!("row {} names no line", e.seq))?;
        let ix = <Order as order_fsm::Machine>::INFO
            .line_by_identity(named)
            .filter(|&l| l < m.transitions.len())
            .map(|l| TransitionIx(l as u32))
            .ok_or_else(|| {
                format!(
                    "row {} names `{named}`, which is no line of the spec",
                    e.seq
                )
            })?;
        let line = m.transition(ix);
        let only_its_guard =
            |g: order_fsm_core::model::GuardIx| line.guard.as_ref().is_some_and(|u| u.guard == g);
        let taken = match e.event {
            Some(ev) => {
                let input = Input::Event {
                    event: m.event_ix(ev.id()).ok_or("event")?,
                    actor: e.actor.as_deref().and_then(|a| m.role_ix(a)),
                };
                interp
                    .step(state, input, only_its_guard)
                    .map_err(|r| format!("row {} rejected by the interpreter: {r:?}", e.seq))?
            }
            None => {
                let seconds = e.timeout_seconds.ok_or("timeout row without seconds")?;
                if line.timeout_seconds() != u64::try_from(seconds).ok() {
                    return Err(format!(
                        "row {} says {seconds}s, its line `{named}` waits {:?}s",
                        e.seq,
                        line.timeout_seconds()
                    ));
                }
                if e.at < entered_at.saturating_add(seconds.saturating_mul(1000)) {
                    return Err(format!(
                        "row {}: `{named}` ran {} ms after the entry, before its {seconds}s",
                        e.seq,
                        e.at - entered_at
                    ));
                }
                let w = interp.wait(state, seconds as u64, |r| !ran.contains(&r), only_its_guard);
                if line.stays() {
                    if ran.contains(&ix) {
                        return Err(format!(
                            "row {}: reminder `{named}` ran twice in one entry",
                            e.seq
                        ));
                    }
                    w.reminders
                        .into_iter()
                        .find(|t| t.transition == ix)
                        .ok_or_else(|| {
                            format!("row {}: the wait does not run reminder `{named}`", e.seq)
                        })?
                } else {
                    w.outcome
                        .map_err(|r| format!("row {} rejected by the interpreter: {r:?}", e.seq))?
                }
            }
        };
        if taken.transition != ix {
            return Err(format!(
                "row {} names `{named}`, the interpreter took `{}`",
                e.seq,
                <Order as order_fsm::Machine>::INFO
                    .line_identity(taken.transition.index())
                    .unwrap_or_default()
            ));
        }
        if m.state(taken.to).id.text != e.to.id() {
            return Err(format!(
                "row {}: interpreter went to {}, log says {:?}",
                e.seq,
                m.state(taken.to).id.text,
                e.to
            ));
        }
        if line.stays() {
            if e.event.is_none() {
                ran.push(ix);
            }
        } else {
            entered_at = e.at;
            ran.clear();
        }
        state = taken.to;
    }
    OrderState::from_id(&m.state(state).id.text).ok_or_else(|| "state".to_string())
}

/// Whether an error is one a writer retries.
pub fn retryable(e: &StoreError) -> bool {
    e.is_retryable()
}

/// Says once per test binary, past the test harness's output capture (which would hide an
/// `eprintln!` of a passing test), that PostgreSQL tests were skipped and how to run them.
pub fn say_skipped(what: &str) {
    use std::io::Write;
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "skipped: {what} need DATABASE_URL=postgres://… (see docs/store.md)"
        );
    });
}
