//! `run_in` joins the caller's transaction, so it takes only a transaction: on a plain
//! connection each statement would commit by itself.
use order_fsm::StateMachine;
use order_fsm::Generic;
use order_fsm_store::{GuardFn, Id, SqliteConn, Store};

#[derive(StateMachine)]
#[fsm(spec = "specs/order.fsm")]
pub struct Order;

fn main() {
    let store: Store<Order> = Store::sqlite().unwrap();
    let mut conn = SqliteConn::open_in_memory().unwrap();
    let mut hooks = Generic(GuardFn(|_: OrderGuard, _: &order_fsm::Context<'_, Order>| true));
    let pay = OrderEvent::Pay { amount_cents: 1, channel: "alipay".into() };
    let _ = store.fire(&Id::new(1), &pay).run_in(&mut conn, &mut hooks);
    let _ = store.create(&Id::new(1)).run_in(conn.connection(), &mut hooks);
}
