//! `#[derive(StateMachine)]`. All the work is done by
//! [`order_fsm_codegen::derive_state_machine`]; use the macro through the `order-fsm` crate.

/// Generate the state machine described by a spec file.
///
/// ```ignore
/// #[derive(order_fsm::StateMachine)]
/// #[fsm(spec = "specs/order.fsm", machine = "Order")]
/// pub struct Order;
/// ```
#[proc_macro_derive(StateMachine, attributes(fsm))]
pub fn derive_state_machine(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    order_fsm_codegen::derive_state_machine(input.into()).into()
}
