//! A walk through the typestate API: each state is its own type carrying your data, each
//! event a method that exists only where the spec allows it.
//!
//! Run: `cargo run --example typestate`

use std::convert::Infallible;

use order_fsm::{Context, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

/// Your data travels with the order from state to state.
#[derive(Debug)]
struct Cart {
    buyer: &'static str,
    total_cents: u64,
}

/// Hooks that only print.
struct Print {
    expected_cents: u64,
}

impl OrderHooks for Print {
    type Error = Infallible;
    fn payment_verified(&self, event: &OrderEvent, _: &Context<'_, Order>) -> bool {
        matches!(event, OrderEvent::Pay { amount_cents, .. } if *amount_cents == self.expected_cents)
    }
    fn risk_confirmed(&self, _: &OrderEvent, _: &Context<'_, Order>) -> bool {
        false
    }
    fn deduct_stock(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), Infallible> {
        println!("    (stock deducted)");
        Ok(())
    }
    fn notify_seller(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), Infallible> {
        println!("    (seller notified)");
        Ok(())
    }
    fn release_stock(&mut self, _: &Context<'_, Order>) -> Result<(), Infallible> {
        Ok(())
    }
    fn remind_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), Infallible> {
        Ok(())
    }
    fn notify_buyer(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), Infallible> {
        println!("    (buyer notified)");
        Ok(())
    }
    fn compensate_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), Infallible> {
        Ok(())
    }
    fn refund_payment(&mut self, _: &Context<'_, Order>) -> Result<(), Infallible> {
        Ok(())
    }
    fn restock(&mut self, _: &Context<'_, Order>) -> Result<(), Infallible> {
        Ok(())
    }
    fn settle_to_seller(&mut self, _: &Context<'_, Order>) -> Result<(), Infallible> {
        println!("    (money settled to the seller)");
        Ok(())
    }
    fn close_and_refund(
        &mut self,
        _: &OrderEvent,
        _: &Context<'_, Order>,
    ) -> Result<(), Infallible> {
        Ok(())
    }
}

fn main() {
    let mut hooks = Print {
        expected_cents: 2_500,
    };
    let created = order_states::Created::new(Cart {
        buyer: "小王",
        total_cents: 2_500,
    });
    println!("{}: {:?}", created.state(), created.data());
    // `created.ship(…)` would not compile: Ship is not possible in 待付款.

    // Pay is guarded: a wrong amount is refused and the order comes back unchanged.
    let created = match created.pay(100, "wechat".into(), &mut hooks) {
        Ok(_) => unreachable!("the guard refuses 100 cents"),
        Err(refused) => {
            println!("pay 100 cents: {}", refused.error);
            refused.state
        }
    };
    let total = created.data().total_cents;
    let paid = match created.pay(total, "wechat".into(), &mut hooks) {
        Ok(paid) => paid,
        Err(refused) => panic!("{}", refused.error),
    };
    println!("{} -> paid", paid.state());

    // Ship runs an action, so it returns a Result (a trusted caller is never refused here).
    let shipped = match paid.ship("顺丰".into(), "SF1234".into(), &mut hooks) {
        Ok(s) => s,
        Err(refused) => panic!("{}", refused.error),
    };
    println!("{}", shipped.state());
    // Sign has no guard and no action: it cannot fail, so it returns the next state directly.
    let delivered = shipped.sign();
    println!("{}", delivered.state());
    let done = match delivered.confirm(&mut hooks) {
        Ok(d) => d,
        Err(refused) => panic!("{}", refused.error),
    };
    println!("{} (final: {})", done.state(), done.state().is_final());

    // To store it: the dynamic form. To load it back: a checked conversion.
    let (state, cart) = done.into_dynamic();
    println!("stored as status {:?} for {}", state.code(), cart.buyer);
    match order_states::Shipped::from_dynamic(state, cart) {
        Ok(_) => unreachable!(),
        Err(wrong) => println!("loading it as 待收货 fails: {wrong}"),
    }
    match OrderTypestate::from_dynamic(OrderState::Refunding, ()) {
        OrderTypestate::Refunding(r) => {
            println!("a row in {} loads as order_states::Refunding", r.state())
        }
        other => println!("unexpected {:?}", other.state()),
    }
}
