//! The spec gained a guard and an action; the service's store hooks, written for the first
//! version, no longer build, and the error names both.
use order_fsm::{Context, StateMachine};
use order_fsm_store::{Call, Exec, HookError, Placement};

#[derive(StateMachine)]
#[fsm(spec = "specs/payment_v2.fsm")]
pub struct Payment;

struct Shop;

impl<C: Exec + ?Sized> PaymentStoreHooks<Call<'_, C, i64>> for Shop {
    fn paid_in_full(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &PaymentEvent,
        _: &Context<'_, Payment>,
    ) -> Result<bool, HookError> {
        Ok(true)
    }
    fn notify_buyer(
        &mut self,
        _: &mut Call<'_, C, i64>,
        _: &PaymentEvent,
        _: &Context<'_, Payment>,
    ) -> Result<Placement, HookError> {
        Ok(Placement::Outbox)
    }
}

fn main() {}
