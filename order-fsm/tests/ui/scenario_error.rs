use order_fsm::{Context, StateMachine};

// The scenario contradicts the transitions. The error names the scenario, and because every
// name in the spec resolved, the code below that uses the generated types adds no errors.
#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm/tests/ui/scenario_error.fsm")]
pub struct Order;

struct Hooks;

impl OrderHooks for Hooks {
    type Error = ();
    fn payment_verified(&self, _: &OrderEvent, _: &Context<'_, Order>) -> bool {
        true
    }
    fn reserve_stock(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), ()> {
        Ok(())
    }
}

fn main() {
    let state = OrderState::Created;
    let _ = state.fire(&OrderEvent::Pay, None, &mut Hooks);
}
