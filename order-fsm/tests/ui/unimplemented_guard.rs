use order_fsm::{Context, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm/tests/ui/guarded.fsm")]
pub struct Order;

struct Hooks;

// `payment_verified` is missing.
impl OrderHooks for Hooks {
    type Error = ();
    fn reserve_stock(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), ()> {
        Ok(())
    }
}

fn main() {}
