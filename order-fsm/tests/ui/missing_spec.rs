use order_fsm::StateMachine;

#[derive(StateMachine)]
#[fsm(spec = "specs/no_such_file.fsm")]
pub struct Order;

// Code written against the machine, as in a real crate: with the spec missing, the one
// error above is all that is reported.
struct Shop;

impl OrderHooks for Shop {
    type Error = std::convert::Infallible;
    fn payment_verified(&self, _e: &OrderEvent, _c: &order_fsm::Context<'_, Order>) -> bool {
        true
    }
}

fn main() {
    let state = OrderState::from_code(10).unwrap_or(OrderState::Created);
    let pay = OrderEvent::Pay { amount_cents: 1, channel: String::new() };
    let _ = state.fire(&pay, OrderRole::Buyer, &mut Shop);
    let _ = order_states::Created::new(());
}
