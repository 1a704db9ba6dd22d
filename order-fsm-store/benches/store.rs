//! Transitions per second through the store, against hand-written SQL doing the same
//! writes a careful developer would (idempotency check, status read, compare-and-set, log
//! row, timers replaced, outbox row, idempotency row) in one transaction, in the same run.
//!
//! 1 and 8 writers; each writer on its own order, or all on one hot order (with retries
//! after conflicts). SQLite always; PostgreSQL when `DATABASE_URL` is set (a fresh database,
//! dropped afterwards). Writers take their connections from a pool kept between runs, as a
//! service does, so both sides run with prepared statements and warm plan caches rather
//! than paying a new connection's first statements every few transitions. The ratio
//! store/hand-written throughput is printed at the end, with the retries per transition of
//! each (lost races).
//!
//! A third side, the bare compare-and-set plus log row in one transaction (what a team
//! writes first), shows what the protocol's guarantees cost.
//!
//! `cargo bench -p order-fsm-store --bench store`; `ORDER_FSM_BENCH_PAIRED=1` for the paired
//! ratios only, `ORDER_FSM_BENCH_ROUNDS=N` for more alternating rounds (default 8).

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use order_fsm::StateMachine;
use order_fsm_store::{
    Connection, Dialect, GuardFn, Id, Options, PgConn, Retry, SqliteConn, Store,
};

#[derive(StateMachine)]
#[fsm(spec = "benches/ticket.fsm", machine = "Ticket")]
pub struct Ticket;

type S = Store<Ticket, i64>;

const MONTH_MS: i64 = 30 * 86_400_000;

/// Lost races of the hand-written path (the store counts its own in its metrics).
static HAND_RETRIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Throughput per benchmark id, for the ratio table.
static RESULTS: Mutex<BTreeMap<String, (u64, Duration)>> = Mutex::new(BTreeMap::new());

fn record(id: &str, n: u64, d: Duration) {
    let mut r = RESULTS.lock().expect("results");
    let e = r.entry(id.to_string()).or_insert((0, Duration::ZERO));
    e.0 += n;
    e.1 += d;
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Guards all answered yes.
fn yes(
) -> order_fsm::Generic<GuardFn<impl FnMut(TicketGuard, &order_fsm::Context<'_, Ticket>) -> bool>> {
    order_fsm::Generic(GuardFn(
        |_: TicketGuard, _: &order_fsm::Context<'_, Ticket>| true,
    ))
}

/// One transition through the store.
fn store_step<C: Connection>(s: &S, c: &mut C, order: i64, key: &str) {
    let r = s
        .fire(&Id::new(order), &TicketEvent::Touch)
        .idempotency_key(key)
        .retry(Retry::times(1000))
        .run(c, &mut yes());
    match r {
        Ok(o) if o.is_applied() => {}
        other => panic!("store step: {other:?}"),
    }
}

/// The same transition written by hand against the raw drivers.
struct Hand {
    idem_get: String,
    order_get: String,
    cas: String,
    log: String,
    timers_drop: String,
    timer: String,
    outbox: String,
    idem_put: String,
    line: String,
    hash: String,
}

impl Hand {
    fn new(s: &S) -> Self {
        let l = s.layout();
        let pg = l.dialect == Dialect::Postgres;
        let p = |t: String| if pg { t } else { t.replace('$', "?") };
        Hand {
            idem_get: p(format!(
                "SELECT \"accepted\", \"seq\" FROM {} WHERE \"order_id\" = $1 AND \"key\" = $2",
                l.idempotency
            )),
            order_get: p(format!(
                "SELECT \"status\", \"version\" FROM {} WHERE \"id\" = $1",
                l.orders
            )),
            cas: p(format!(
                "UPDATE {} SET \"status\" = $1, \"version\" = $2, \"state_entered_at\" = $3 \
                 WHERE \"id\" = $4 AND \"status\" = $5 AND \"version\" = $6",
                l.orders
            )),
            log: p(format!(
                "INSERT INTO {} (\"order_id\", \"seq\", \"from_status\", \"to_status\", \"event\", \
                 \"line_id\", \"payload\", \"spec_hash\", \"at\") VALUES ($1, $2, $3, $4, $5, $6, {}, $8, $9)",
                l.log,
                if pg { "CAST($7::text AS jsonb)" } else { "$7" }
            )),
            timers_drop: p(format!("DELETE FROM {} WHERE \"order_id\" = $1", l.timers)),
            timer: p(format!(
                "INSERT INTO {} (\"order_id\", \"state_version\", \"line_id\", \"due_at\", \"delay_seconds\") VALUES ($1, $2, $3, $4, $5)",
                l.timers
            )),
            outbox: p(format!(
                "INSERT INTO {} (\"order_id\", \"seq\", \"action\", \"payload\", \"next_attempt_at\") \
                 VALUES ($1, $2, 'notify_customer', {}, $4)",
                l.outbox,
                if pg { "CAST($3::text AS jsonb)" } else { "$3" }
            )),
            idem_put: p(format!(
                "INSERT INTO {} (\"order_id\", \"key\", \"event\", \"accepted\", \"seq\", \"at\") \
                 VALUES ($1, $2, 'Touch', {}, $3, $4)",
                l.idempotency,
                if pg { "TRUE" } else { "1" }
            )),
            line: <Ticket as order_fsm::Machine>::INFO
                .line_identity(0)
                .expect("line"),
            hash: s.spec_hash().to_string(),
        }
    }
}

/// A writer's connection: the store's wrapper, and the raw driver underneath for the
/// hand-written path.
enum Conn {
    Sqlite(SqliteConn),
    Pg(Box<PgConn>),
}

fn hand_sqlite(h: &Hand, c: &rusqlite::Connection, order: i64, key: &str) -> bool {
    // BEGIN IMMEDIATE, as the store does: with several writers a deferred transaction
    // would fail to upgrade its lock instead of waiting.
    let tx = rusqlite::Transaction::new_unchecked(c, rusqlite::TransactionBehavior::Immediate)
        .expect("begin");
    let mut q = tx.prepare_cached(&h.idem_get).expect("prepare");
    assert!(!q.exists(rusqlite::params![order, key]).expect("idem"));
    let (status, version): (i64, i64) = tx
        .prepare_cached(&h.order_get)
        .expect("prepare")
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("order");
    let now = now_ms();
    let n = tx
        .prepare_cached(&h.cas)
        .expect("prepare")
        .execute(rusqlite::params![
            status,
            version + 1,
            now,
            order,
            status,
            version
        ])
        .expect("cas");
    if n == 0 {
        return false;
    }
    let seq = version + 2;
    tx.prepare_cached(&h.log)
        .expect("prepare")
        .execute(rusqlite::params![
            order,
            seq,
            status,
            status,
            "Touch",
            h.line,
            "\"Touch\"",
            h.hash,
            now
        ])
        .expect("log");
    tx.prepare_cached(&h.timers_drop)
        .expect("prepare")
        .execute([order])
        .expect("timers");
    tx.prepare_cached(&h.timer)
        .expect("prepare")
        .execute(rusqlite::params![
            order,
            version + 1,
            h.line,
            now + MONTH_MS,
            MONTH_MS / 1000
        ])
        .expect("timer");
    tx.prepare_cached(&h.outbox)
        .expect("prepare")
        .execute(rusqlite::params![order, seq, "\"Touch\"", now])
        .expect("outbox");
    tx.prepare_cached(&h.idem_put)
        .expect("prepare")
        .execute(rusqlite::params![order, key, seq, now])
        .expect("idem");
    drop(q);
    tx.commit().expect("commit");
    true
}

/// What a team writes first: read the status, compare-and-set, insert the log row, in one
/// transaction; no idempotency, timers or outbox. The floor under any protocol.
fn bare_sqlite(h: &Hand, c: &rusqlite::Connection, order: i64) -> bool {
    let tx = rusqlite::Transaction::new_unchecked(c, rusqlite::TransactionBehavior::Immediate)
        .expect("begin");
    let (status, version): (i64, i64) = tx
        .prepare_cached(&h.order_get)
        .expect("prepare")
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("order");
    let now = now_ms();
    let n = tx
        .prepare_cached(&h.cas)
        .expect("prepare")
        .execute(rusqlite::params![
            status,
            version + 1,
            now,
            order,
            status,
            version
        ])
        .expect("cas");
    if n == 0 {
        return false;
    }
    tx.prepare_cached(&h.log)
        .expect("prepare")
        .execute(rusqlite::params![
            order,
            version + 2,
            status,
            status,
            "Touch",
            h.line,
            "\"Touch\"",
            h.hash,
            now
        ])
        .expect("log");
    tx.commit().expect("commit");
    true
}

fn bare_pg(h: &Hand, p: &mut Option<PgHand>, c: &mut postgres::Client, order: i64) -> bool {
    prepare_pg(h, p, c);
    let st = &p.as_ref().expect("prepared").st;
    let mut tx = c.transaction().expect("begin");
    let row = tx.query_one(&st[1], &[&order]).expect("order");
    let (status, version): (i64, i64) = (row.get(0), row.get(1));
    let now = now_ms();
    let n = tx
        .execute(
            &st[2],
            &[&status, &(version + 1), &now, &order, &status, &version],
        )
        .unwrap_or_default();
    if n == 0 {
        let _ = tx.rollback();
        return false;
    }
    let (line, hash) = (h.line.as_str(), h.hash.as_str());
    tx.execute(
        &st[3],
        &[
            &order,
            &(version + 2),
            &status,
            &status,
            &"Touch",
            &line,
            &"\"Touch\"",
            &hash,
            &now,
        ],
    )
    .expect("log");
    tx.commit().expect("commit");
    true
}

/// Prepared statements of one PostgreSQL connection.
struct PgHand {
    st: Vec<postgres::Statement>,
}

fn hand_pg(
    h: &Hand,
    p: &mut Option<PgHand>,
    c: &mut postgres::Client,
    order: i64,
    key: &str,
) -> bool {
    prepare_pg(h, p, c);
    let st = &p.as_ref().expect("prepared").st;
    let mut tx = c.transaction().expect("begin");
    assert!(tx.query(&st[0], &[&order, &key]).expect("idem").is_empty());
    let row = tx.query_one(&st[1], &[&order]).expect("order");
    let (status, version): (i64, i64) = (row.get(0), row.get(1));
    let now = now_ms();
    // A compare-and-set that fails by error (a serialization failure) counts as lost.
    let n = tx
        .execute(
            &st[2],
            &[&status, &(version + 1), &now, &order, &status, &version],
        )
        .unwrap_or_default();
    if n == 0 {
        let _ = tx.rollback();
        return false;
    }
    let seq = version + 2;
    let line = h.line.as_str();
    let hash = h.hash.as_str();
    tx.execute(
        &st[3],
        &[
            &order,
            &seq,
            &status,
            &status,
            &"Touch",
            &line,
            &"\"Touch\"",
            &hash,
            &now,
        ],
    )
    .expect("log");
    tx.execute(&st[4], &[&order]).expect("timers");
    tx.execute(
        &st[5],
        &[
            &order,
            &(version + 1),
            &line,
            &(now + MONTH_MS),
            &(MONTH_MS / 1000),
        ],
    )
    .expect("timer");
    tx.execute(&st[6], &[&order, &seq, &"\"Touch\"", &now])
        .expect("outbox");
    tx.execute(&st[7], &[&order, &key, &seq, &now])
        .expect("idem");
    tx.commit().expect("commit");
    true
}

/// The hand-written statements, prepared once per connection.
fn prepare_pg(h: &Hand, p: &mut Option<PgHand>, c: &mut postgres::Client) {
    if p.is_none() {
        let st = [
            &h.idem_get,
            &h.order_get,
            &h.cas,
            &h.log,
            &h.timers_drop,
            &h.timer,
            &h.outbox,
            &h.idem_put,
        ]
        .iter()
        .map(|q| c.prepare(q).expect("prepare"))
        .collect();
        *p = Some(PgHand { st });
    }
}

/// Who writes the transitions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Store,
    /// The same writes by hand.
    Hand,
    /// Compare-and-set and log row only.
    Bare,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Store => "store",
            Side::Hand => "hand_sql",
            Side::Bare => "bare_cas_log",
        }
    }
}

/// A writer's connection between runs, with the hand-written path's prepared statements.
type Pooled = (Conn, Option<PgHand>);

struct Bench {
    name: &'static str,
    /// Connections kept between runs, as a service's pool keeps them.
    pool: Arc<Mutex<Vec<Pooled>>>,
    store: Arc<S>,
    hand: Arc<Hand>,
    connect: Arc<dyn Fn() -> Conn + Send + Sync>,
}

/// Run `iters` transitions spread over `writers` threads; the time from the moment all
/// writers are connected until the last one is done.
fn run(b: &Bench, writers: usize, hot: bool, side: Side, iters: u64, round: &mut u64) -> Duration {
    *round += 1;
    let barrier = Arc::new(Barrier::new(writers + 1));
    let per = iters.div_ceil(writers as u64);
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (s, h, connect, barrier, pool) = (
                b.store.clone(),
                b.hand.clone(),
                b.connect.clone(),
                barrier.clone(),
                b.pool.clone(),
            );
            let round = *round;
            thread::spawn(move || {
                let taken = pool.lock().expect("pool").pop();
                let (mut c, mut prepared) = taken.unwrap_or_else(|| (connect(), None));
                let order = if hot { 0 } else { 1 + w as i64 };
                barrier.wait();
                for i in 0..per {
                    let key = format!("{}-{round}-{w}-{i}", side.name());
                    let mut tries = 0;
                    let mut lost = || {
                        tries += 1;
                        HAND_RETRIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        assert!(tries < 1000, "too many conflicts");
                    };
                    match (&mut c, side) {
                        (Conn::Sqlite(c), Side::Store) => store_step(&s, c, order, &key),
                        (Conn::Pg(c), Side::Store) => store_step(&s, &mut **c, order, &key),
                        (Conn::Sqlite(c), Side::Hand) => {
                            while !hand_sqlite(&h, c.connection(), order, &key) {
                                lost();
                            }
                        }
                        (Conn::Pg(c), Side::Hand) => {
                            while !hand_pg(&h, &mut prepared, c.client(), order, &key) {
                                lost();
                            }
                        }
                        (Conn::Sqlite(c), Side::Bare) => {
                            while !bare_sqlite(&h, c.connection(), order) {
                                lost();
                            }
                        }
                        (Conn::Pg(c), Side::Bare) => {
                            while !bare_pg(&h, &mut prepared, c.client(), order) {
                                lost();
                            }
                        }
                    }
                }
                pool.lock().expect("pool").push((c, prepared));
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    for h in handles {
        h.join().expect("writer");
    }
    let done = per * writers as u64;
    let elapsed = start.elapsed();
    Duration::from_secs_f64(elapsed.as_secs_f64() * iters as f64 / done as f64)
}

/// Store, hand-written SQL and the bare compare-and-set measured in alternation, `rounds`
/// times `n` transitions each, so that load from other processes falls on all alike: their
/// throughputs, and the retries per transition of the store and the hand-written SQL (lost
/// races, busy databases).
fn paired_ratio(
    b: &Bench,
    writers: usize,
    hot: bool,
    n: u64,
    rounds: u32,
    round: &mut u64,
) -> ([f64; 3], (f64, f64)) {
    let mut t = [Duration::ZERO; 3];
    let store_retries = b.store.metrics().retries;
    let mut hand_retries = 0;
    for _ in 0..rounds {
        t[0] += run(b, writers, hot, Side::Store, n, round);
        let before = HAND_RETRIES.load(std::sync::atomic::Ordering::Relaxed);
        t[1] += run(b, writers, hot, Side::Hand, n, round);
        hand_retries += HAND_RETRIES.load(std::sync::atomic::Ordering::Relaxed) - before;
        t[2] += run(b, writers, hot, Side::Bare, n, round);
    }
    let total = n as f64 * rounds as f64;
    let retries = (
        (b.store.metrics().retries - store_retries) as f64 / total,
        hand_retries as f64 / total,
    );
    (t.map(|d| total / d.as_secs_f64()), retries)
}

fn bench_backend(c: &mut Criterion, b: &Bench) {
    {
        let mut conn = (b.connect)();
        for o in 0..=8 {
            match &mut conn {
                Conn::Sqlite(c) => b.store.create(&Id::new(o)).run(c, &mut yes()),
                Conn::Pg(c) => b.store.create(&Id::new(o)).run(&mut **c, &mut yes()),
            }
            .expect("create");
        }
    }
    let mut round = 0u64;
    // `ORDER_FSM_BENCH_PAIRED=1`: only the paired ratios, without criterion's samples.
    if std::env::var("ORDER_FSM_BENCH_PAIRED").is_err() {
        criterion_groups(c, b, &mut round);
    }
    paired(b, &mut round);
}

fn criterion_groups(c: &mut Criterion, b: &Bench, round: &mut u64) {
    let mut g = c.benchmark_group(format!("store_{}", b.name));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(1));
    for writers in [1usize, 8] {
        for hot in [false, true] {
            if writers == 1 && hot {
                continue; // one writer on one order is the distinct case
            }
            for side in [Side::Store, Side::Hand, Side::Bare] {
                let id = format!(
                    "{}/{}_writers/{}/{}",
                    b.name,
                    writers,
                    if hot { "hot_order" } else { "distinct_orders" },
                    side.name()
                );
                g.bench_function(&id, |bench| {
                    bench.iter_custom(|iters| {
                        let d = run(b, writers, hot, side, iters, round);
                        record(&id, iters, d);
                        d
                    })
                });
            }
        }
    }
    g.finish();
}

/// `ORDER_FSM_BENCH_ROUNDS` (default 8) rounds of each, for steadier figures on a busy
/// machine.
fn paired(b: &Bench, round: &mut u64) {
    let n = if b.name == "sqlite" { 40 } else { 200 };
    let rounds: u32 = std::env::var("ORDER_FSM_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(8);
    for (writers, hot) in [(1, false), (8, false), (8, true)] {
        let ([s, h, bare], (rs, rh)) = paired_ratio(b, writers, hot, n, rounds, round);
        PAIRED.lock().expect("paired").push(format!(
            "  {:<36} {s:>7.0} / {h:>7.0} = {:.2}   {s:>7.0} / {bare:>7.0} = {:.2}   retries {rs:.2} / {rh:.2}",
            format!(
                "{}/{writers}_writers/{}",
                b.name,
                if hot { "hot_order" } else { "distinct_orders" }
            ),
            s / h,
            s / bare
        ));
    }
}

static PAIRED: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn sqlite_bench() -> (Bench, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("ofs_bench_{}.sqlite", std::process::id()));
    let store: S = Store::new(Options::new(Dialect::Sqlite)).expect("store");
    let mut c = SqliteConn::open(&path).expect("open");
    store.migrate(&mut c).expect("migrate");
    let p = path.clone();
    let bench = Bench {
        name: "sqlite",
        pool: Arc::default(),
        hand: Arc::new(Hand::new(&store)),
        store: Arc::new(store),
        connect: Arc::new(move || Conn::Sqlite(SqliteConn::open(&p).expect("open"))),
    };
    (bench, path)
}

fn pg_bench() -> Option<(Bench, String, String)> {
    let admin_url = std::env::var("DATABASE_URL").ok()?;
    let db = format!("ofs_bench_{}", std::process::id());
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).expect("admin");
    admin
        .batch_execute(&format!("CREATE DATABASE \"{db}\""))
        .expect("create database");
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db}"),
        None => admin_url.clone(),
    };
    let store: S = Store::new(Options::new(Dialect::Postgres)).expect("store");
    let mut c = PgConn::connect(&url).expect("connect");
    store.migrate(&mut c).expect("migrate");
    let u = url.clone();
    let bench = Bench {
        name: "postgres",
        pool: Arc::default(),
        hand: Arc::new(Hand::new(&store)),
        store: Arc::new(store),
        connect: Arc::new(move || Conn::Pg(Box::new(PgConn::connect(&u).expect("connect")))),
    };
    Some((bench, admin_url, db))
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let (sqlite, path) = sqlite_bench();
    bench_backend(&mut c, &sqlite);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    match pg_bench() {
        Some((pg, admin_url, db)) => {
            bench_backend(&mut c, &pg);
            drop(pg);
            if let Ok(mut admin) = postgres::Client::connect(&admin_url, postgres::NoTls) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
            }
        }
        None => eprintln!("PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it"),
    }
    c.final_summary();

    // Store throughput as a share of the hand-written SQL's and of the bare compare-and-set's.
    let r = RESULTS.lock().expect("results");
    let tps = |id: &str| r.get(id).map(|(n, d)| *n as f64 / d.as_secs_f64());
    println!(
        "\ntransitions per second: store / hand-written SQL (target >= 0.90), store / bare compare-and-set and log row:"
    );
    for id in r.keys() {
        let Some(case) = id.strip_suffix("/store") else {
            continue;
        };
        let (Some(s), Some(h), Some(bare)) = (
            tps(id),
            tps(&format!("{case}/hand_sql")),
            tps(&format!("{case}/bare_cas_log")),
        ) else {
            continue;
        };
        println!(
            "  {case:<36} {s:>7.0} / {h:>7.0} = {:.2}   {s:>7.0} / {bare:>7.0} = {:.2}",
            s / h,
            s / bare
        );
    }
    println!("\nthe same, measured in alternation (the three take turns), with retries per transition (store / hand-written):");
    for line in PAIRED.lock().expect("paired").iter() {
        println!("{line}");
    }
}
