use order_fsm::StateMachine;

#[derive(StateMachine)]
#[fsm(spec = "../../../../specs/order.fsm", machine = "Order")]
pub struct Order;

fn main() {
    let created = order_states::Created::new(());
    // Shipping an order that has not been paid does not compile.
    let _ = created.sign();
}
