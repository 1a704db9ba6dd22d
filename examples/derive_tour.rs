//! A small in-memory order service on the dynamic API: orders are rows with a status
//! column, events come from buyers, sellers and customer service, hooks do the real work
//! (stock, notifications, refunds), every change is audited, and a scheduler fires the
//! timeouts the spec declares.
//!
//! Run: `cargo run --example derive_tour`

use std::collections::HashMap;

use order_fsm::{Context, FireError, StateMachine, Transition};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

/// One row of the `orders` table.
#[derive(Debug)]
struct OrderRow {
    id: u64,
    /// Stored as the legacy integer status code.
    status: i64,
    amount_due_cents: u64,
    entered_at: u64,
}

/// The side effects the spec's guards and actions stand for.
#[derive(Default)]
struct Effects {
    stock: i64,
    outbox: Vec<String>,
    amount_due_cents: u64,
    fraud: bool,
}

impl OrderHooks for Effects {
    type Error = String;
    fn payment_verified(&self, event: &OrderEvent, _: &Context<'_, Order>) -> bool {
        matches!(event, OrderEvent::Pay { amount_cents, .. } if *amount_cents == self.amount_due_cents)
    }
    fn risk_confirmed(&self, _: &OrderEvent, _: &Context<'_, Order>) -> bool {
        self.fraud
    }
    fn deduct_stock(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        if self.stock <= 0 {
            return Err("out of stock".into());
        }
        self.stock -= 1;
        Ok(())
    }
    fn notify_seller(&mut self, _: &OrderEvent, ctx: &Context<'_, Order>) -> Result<(), String> {
        self.outbox
            .push(format!("to seller: order is now {}", ctx.to));
        Ok(())
    }
    fn release_stock(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.outbox.push("stock lock released".into());
        Ok(())
    }
    fn remind_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.outbox.push("payment reminder sent".into());
        Ok(())
    }
    fn notify_buyer(&mut self, event: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        let text = match event {
            OrderEvent::Ship {
                carrier,
                waybill_no,
            } => format!("shipped with {carrier}, waybill {waybill_no}"),
            other => format!("{} happened", other.label()),
        };
        self.outbox.push(format!("to buyer: {text}"));
        Ok(())
    }
    fn compensate_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.outbox.push("to buyer: compensation coupon".into());
        Ok(())
    }
    fn refund_payment(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.outbox.push("payment refunded".into());
        Ok(())
    }
    fn restock(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.stock += 1;
        Ok(())
    }
    fn settle_to_seller(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.outbox.push("settled to seller".into());
        Ok(())
    }
    fn close_and_refund(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        self.outbox.push("closed by risk control, refunded".into());
        Ok(())
    }
}

struct Service {
    rows: HashMap<u64, OrderRow>,
    effects: Effects,
    audit: Vec<String>,
    clock: u64,
}

impl Service {
    fn create(&mut self, id: u64, amount_due_cents: u64) {
        let status = OrderState::INITIAL.code().unwrap_or_default();
        self.rows.insert(
            id,
            OrderRow {
                id,
                status,
                amount_due_cents,
                entered_at: self.clock,
            },
        );
    }

    fn state_of(row: &OrderRow) -> OrderState {
        OrderState::from_code(row.status).unwrap_or(OrderState::INITIAL)
    }

    fn fire(&mut self, id: u64, event: OrderEvent, actor: OrderRole) -> Result<(), String> {
        let row = self.rows.get_mut(&id).ok_or("no such order")?;
        let state = Self::state_of(row);
        self.effects.amount_due_cents = row.amount_due_cents;
        match state.fire(&event, actor, &mut self.effects) {
            Ok(t) => {
                Self::commit(row, &t, self.clock, &mut self.audit);
                Ok(())
            }
            Err(FireError::Rejected(why)) => Err(format!("refused: {why}")),
            Err(e @ FireError::Action { .. }) => Err(format!("failed, order unchanged: {e}")),
        }
    }

    fn commit(row: &mut OrderRow, t: &Transition<Order>, now: u64, audit: &mut Vec<String>) {
        row.status = t.to.code().unwrap_or_default();
        row.entered_at = now;
        audit.push(format!("#{} {t}", row.id));
    }

    /// What a scheduler does: every order whose state has a due timeout moves on.
    fn tick(&mut self, now: u64) {
        self.clock = now;
        for row in self.rows.values_mut() {
            let state = Self::state_of(row);
            let waited = now.saturating_sub(row.entered_at);
            match state.on_timeout(state, waited, &mut self.effects) {
                Ok(Some(t)) => Self::commit(row, &t, now, &mut self.audit),
                Ok(None) => {}
                Err(e) => self.audit.push(format!("#{} timeout failed: {e}", row.id)),
            }
        }
    }
}

fn main() {
    let mut svc = Service {
        rows: HashMap::new(),
        effects: Effects {
            stock: 5,
            ..Effects::default()
        },
        audit: Vec::new(),
        clock: 0,
    };
    svc.create(1, 9_900);
    svc.create(2, 5_000);

    let pay = |amount_cents| OrderEvent::Pay {
        amount_cents,
        channel: "alipay".into(),
    };
    let attempts = [
        (1, pay(100), OrderRole::Buyer),
        (1, pay(9_900), OrderRole::Buyer),
        (1, OrderEvent::Cancel, OrderRole::Buyer),
        (
            1,
            OrderEvent::Ship {
                carrier: "SF".into(),
                waybill_no: "SF1001".into(),
            },
            OrderRole::Buyer,
        ),
        (
            1,
            OrderEvent::Ship {
                carrier: "SF".into(),
                waybill_no: "SF1001".into(),
            },
            OrderRole::Seller,
        ),
        (1, OrderEvent::Sign, OrderRole::System),
    ];
    for (id, event, actor) in attempts {
        let what = format!("{} by {}", event.label(), actor.label());
        match svc.fire(id, event, actor) {
            Ok(()) => println!("order {id}: {what}: ok"),
            Err(e) => println!("order {id}: {what}: {e}"),
        }
    }

    let row = &svc.rows[&1];
    let state = Service::state_of(row);
    let buttons: Vec<String> = state
        .permitted_events(OrderRole::Buyer)
        .map(|e| e.label().to_string())
        .collect();
    println!(
        "order 1 is {state} (code {}); buyer buttons: {}",
        row.status,
        buttons.join(", ")
    );
    for t in state.timeouts() {
        println!(
            "  timer: {} after {} -> {}",
            t.label.unwrap_or(""),
            t.written,
            t.target
                .map_or("(stays: a reminder)".to_string(), |s| s.to_string())
        );
    }

    // Order 2 is never paid: 30 minutes later the scheduler closes it. Ticking twice is harmless.
    svc.tick(31 * 60);
    svc.tick(32 * 60);
    // Order 1 was signed at time 0; seven days later it completes by itself.
    svc.tick(31 * 60 + 7 * 86_400);

    println!("\naudit log:");
    for line in &svc.audit {
        println!("  {line}");
    }
    println!("outbox:");
    for line in &svc.effects.outbox {
        println!("  {line}");
    }
    for id in [1, 2] {
        let row = &svc.rows[&id];
        println!("order {id}: {}", Service::state_of(row));
    }
}
