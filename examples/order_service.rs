//! An order service on the store: orders live in a database, several workers place, pay,
//! ship and cancel them at the same time, a timer worker closes the orders nobody paid, a
//! relay delivers the notifications after each commit, and the audit trail of one order is
//! printed at the end.
//!
//! Run: `cargo run --example order_service` (a SQLite file in the temp folder), or
//! `DATABASE_URL=postgres://user@host/db cargo run --example order_service` to share
//! PostgreSQL. The clock runs an hour per second, so the 30-minute close happens in half a
//! second.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use order_fsm::{Context, StateMachine};
use order_fsm_store::{
    Call, Clock, Connection, Dialect, Exec, HookError, Id, OutboxMessage, OutboxRelay, PgConn,
    Placement, Publisher, Retry, SqliteConn, Store, StoreError, SystemClock, TimerWorker, Value,
};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

/// The application's clock, an hour per real second (UTC milliseconds).
struct FastClock {
    start: Instant,
    at: i64,
}

impl Clock for FastClock {
    fn now_ms(&self) -> i64 {
        self.at + self.start.elapsed().as_millis() as i64 * 3600
    }
}

/// The shop's own code, one method per guard and action of the spec (`order-fsm hooks
/// specs/order.fsm --store` prints them): the payment guard reads the amount due from the
/// shop's table inside the store's transaction; stock moves in that transaction too;
/// everything else is a message sent after the commit, from the outbox. A guard or action
/// the spec gains is a compile error here until it is written.
struct Shop;

/// Placing an order reserves one unit; paying turns the reservation into a sale; closing or
/// refunding puts it back.
fn move_stock<C: Exec + ?Sized>(
    x: &mut Call<'_, C, i64>,
    reserved: i64,
    sold: i64,
) -> Result<Placement, HookError> {
    x.execute(
        "UPDATE shop_stock SET reserved = reserved + :reserved, sold = sold + :sold WHERE sku = 'tea'",
        &[("reserved", reserved.into()), ("sold", sold.into())],
    )?;
    Ok(Placement::InTransaction)
}

impl<C: Exec + ?Sized> OrderStoreHooks<Call<'_, C, i64>> for Shop {
    fn payment_verified(
        &mut self,
        x: &mut Call<'_, C, i64>,
        event: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        let OrderEvent::Pay { amount_cents, .. } = event else {
            return Ok(false);
        };
        let due: Option<(i64,)> = x.query_one(
            "SELECT amount_due FROM shop_orders WHERE order_id = :order",
            &[],
        )?;
        let (due,) = due.ok_or("the shop has no amount due for this order")?;
        Ok(due == *amount_cents as i64)
    }
    fn risk_confirmed(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        // Nobody is flagged as a fraudster in this demo.
        Ok(false)
    }
    fn deduct_stock(
        &mut self,
        x: &mut Call<'_, C, i64>,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        move_stock(x, -1, 1)
    }
    fn release_stock(
        &mut self,
        x: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        move_stock(x, -1, 0)
    }
    fn restock(
        &mut self,
        x: &mut Call<'_, C, i64>,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        move_stock(x, -1, 0)
    }
    fn notify_seller(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &OrderEvent,
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

/// Prints what a message broker would receive.
struct Printer;

impl Publisher<Order, i64> for Printer {
    fn publish(&mut self, m: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
        println!(
            "  [notify] order {} #{}: {} ({})",
            m.order.key,
            m.seq,
            m.action.label(),
            m.action.id()
        );
        Ok(())
    }
}

fn run<C, F>(connect: F, fresh: bool) -> Result<(), StoreError>
where
    C: Connection + Send + 'static,
    F: Fn() -> Result<C, order_fsm_store::DbError> + Send + Sync + 'static,
{
    let connect = Arc::new(connect);
    let mut c = connect()?;
    let dialect = c.dialect();
    let clock = Arc::new(FastClock {
        start: Instant::now(),
        at: SystemClock.now_ms(),
    });
    let store: Arc<Store<Order>> =
        Arc::new(Store::new(order_fsm_store::Options::new(dialect))?.with_clock(clock.clone()));
    if !fresh {
        // A shared database: start from empty tables for the demo.
        let l = store.layout();
        c.batch(&format!(
            "DROP TABLE IF EXISTS shop_orders; DROP TABLE IF EXISTS shop_stock; \
             DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {}; \
             DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {};",
            l.outbox, l.timers, l.idempotency, l.log, l.allowed, l.orders
        ))?;
    }
    store.migrate(&mut c)?;
    c.batch(
        "CREATE TABLE shop_orders (order_id BIGINT PRIMARY KEY, amount_due BIGINT NOT NULL);
         CREATE TABLE shop_stock (sku TEXT PRIMARY KEY, reserved BIGINT NOT NULL, sold BIGINT NOT NULL);
         INSERT INTO shop_stock VALUES ('tea', 0, 0);",
    )?;

    let orders = 40i64;
    let done = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();

    // The buyers: place an order, then (most of them) pay, some cancel, some forget.
    // Payment callbacks arrive twice, as payment providers do; the key makes it harmless.
    for w in 0..4i64 {
        let (store, connect) = (store.clone(), connect.clone());
        workers.push(thread::spawn(move || -> Result<(), StoreError> {
            let mut c = connect()?;
            for n in (w..orders).step_by(4) {
                let id = Id::new(n);
                let q = match c.dialect() {
                    Dialect::Postgres => "INSERT INTO shop_orders VALUES ($1, $2)",
                    Dialect::Sqlite => "INSERT INTO shop_orders VALUES (?1, ?2)",
                };
                let reserve = "UPDATE shop_stock SET reserved = reserved + 1 WHERE sku = 'tea'";
                // The order and the shop's own rows in one transaction.
                order_fsm_store::in_transaction(&mut c, |tx| {
                    store.create(&id).run_in(tx, &mut Shop)?;
                    tx.execute(q, &[Value::Int(n), Value::Int(100 + n)])?;
                    tx.execute(reserve, &[])?;
                    Ok(())
                })?;
                let pay = OrderEvent::Pay {
                    amount_cents: 100 + n as u64,
                    channel: "alipay".into(),
                };
                match n % 5 {
                    0 => {} // never paid: the timer closes it
                    1 => {
                        store
                            .fire(&id, &OrderEvent::Cancel)
                            .by(OrderRole::Buyer)
                            .retry(Retry::default())
                            .run(&mut c, &mut Shop)?;
                    }
                    _ => {
                        for _delivery in 0..2 {
                            let key = format!("alipay-{n}");
                            store
                                .fire(&id, &pay)
                                .by(OrderRole::Buyer)
                                .idempotency_key(&key)
                                .retry(Retry::default())
                                .run(&mut c, &mut Shop)?;
                        }
                    }
                }
            }
            Ok(())
        }));
    }

    // The sellers: ship every paid order they see, racing the buyers' refund requests.
    for w in 0..2i64 {
        let (store, connect, done) = (store.clone(), connect.clone(), done.clone());
        workers.push(thread::spawn(move || -> Result<(), StoreError> {
            let mut c = connect()?;
            while !done.load(Ordering::Relaxed) {
                for n in (w..orders).step_by(2) {
                    let id = Id::new(n);
                    let Some(o) = store.read(&id).view(&mut c)? else {
                        continue;
                    };
                    let event = if o.state == OrderState::Paid && n % 7 == 3 {
                        (
                            OrderEvent::RequestRefund {
                                reason: "拍错了".into(),
                            },
                            OrderRole::Buyer,
                        )
                    } else if o.state == OrderState::Paid {
                        let waybill_no = format!("SF{n:06}");
                        (
                            OrderEvent::Ship {
                                carrier: "顺丰".into(),
                                waybill_no,
                            },
                            OrderRole::Seller,
                        )
                    } else {
                        continue;
                    };
                    match store.fire(&id, &event.0).by(event.1).run(&mut c, &mut Shop) {
                        Ok(_) | Err(StoreError::Conflict { .. }) | Err(StoreError::Busy(_)) => {}
                        Err(e) => return Err(e),
                    }
                }
                thread::sleep(Duration::from_millis(20));
            }
            Ok(())
        }));
    }

    // The timer worker and the relay: each a thread with a connection of its own, started
    // here and stopped at the end; their health is what a readiness probe would report.
    let own = |connect: Arc<F>| move || connect().map_err(StoreError::from);
    let timers = TimerWorker::new((*store).clone(), own(connect.clone()), Shop)
        .interval(Duration::from_millis(25))
        .spawn()
        .expect("start the timer worker");
    let relay = OutboxRelay::new((*store).clone(), own(connect.clone()), Printer)
        .interval(Duration::from_millis(25))
        .spawn()
        .expect("start the relay");

    // Let the clock run past the 30-minute close of unpaid orders.
    thread::sleep(Duration::from_millis(1500));
    done.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("worker thread")?;
    }
    // What the writers left for the runners: let them finish it, then stop them.
    let deadline = Instant::now() + Duration::from_secs(10);
    while (timers.health().backlog > 0 || relay.health().backlog > 0) && Instant::now() < deadline {
        timers.wake();
        relay.wake();
        thread::sleep(Duration::from_millis(25));
    }
    let (t, r) = (timers.health(), relay.health());
    timers.shutdown().expect("the timer worker stopped cleanly");
    relay.shutdown().expect("the relay stopped cleanly");
    println!(
        "\ntimer worker: {} scans, {} timers handled; relay: {} scans, {} messages",
        t.scans, t.handled, r.scans, r.handled
    );

    let mut counts = std::collections::BTreeMap::new();
    for n in 0..orders {
        if let Some(o) = store.read(&Id::new(n)).view(&mut c)? {
            *counts.entry(o.state.label()).or_insert(0) += 1;
        }
    }
    let counts: Vec<String> = counts
        .iter()
        .map(|(state, n)| format!("{state} {n}"))
        .collect();
    println!("\norders by state: {}", counts.join(", "));
    let stock = c.query("SELECT reserved, sold FROM shop_stock", &[])?;
    let count = |v: &order_fsm_store::db::Value| v.as_i64().unwrap_or_default();
    println!(
        "tea reserved {}, sold {}",
        count(&stock[0][0]),
        count(&stock[0][1])
    );
    let m = store.metrics();
    println!(
        "applied {}, rejected {}, conflicts {}, retries {}, duplicate callbacks {}, timers fired {}, notifications {}",
        m.applied, m.rejected, m.conflicts, m.retries, m.duplicates, m.timers_fired, m.outbox_published
    );
    for n in [2, 0] {
        println!("\naudit trail of order {n}:");
        for e in store.read(&Id::new(n)).history(&mut c)? {
            println!("  {e}");
        }
    }

    // What a JSON API answers: a refusal is an outcome (409 with its reason in both
    // languages), an error has a class that says its status.
    println!("\nas a JSON API would answer:");
    let refused = store
        .fire(&Id::new(2), &OrderEvent::Cancel)
        .by(OrderRole::Buyer)
        .run(&mut c, &mut Shop)?;
    let body = serde_json::to_string(&refused).unwrap_or_default();
    println!("  POST /orders/2/cancel -> 409 {body}");
    match store
        .fire(&Id::new(999), &OrderEvent::Cancel)
        .run(&mut c, &mut Shop)
    {
        Err(e) => {
            let body = serde_json::to_string(&e).unwrap_or_default();
            println!(
                "  POST /orders/999/cancel -> {} {body}",
                e.class().http_status()
            );
        }
        Ok(o) => println!("  order 999 exists: {o:?}"),
    }
    Ok(())
}

fn main() {
    let result = match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            println!("PostgreSQL at {url}");
            run(move || PgConn::connect(&url), false)
        }
        _ => {
            let path = std::env::temp_dir().join("order_fsm_order_service.sqlite");
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
            println!("SQLite file {}", path.display());
            run(move || SqliteConn::open(&path), true)
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
