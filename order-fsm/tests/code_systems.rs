//! The codes of other systems: state → code, code → one state or several, every accepted
//! code, and the metadata, from a spec where a legacy system uses one code for two states,
//! a marketplace accepts two codes for one state, and a warehouse knows only some states.

use order_fsm::{Code, Lookup, Machine as _, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "tests/code_systems/order.fsm", allow = ["W0011"])]
pub struct Order;

#[test]
fn every_state_writes_its_first_code() {
    assert_eq!(OrderState::Created.to_legacy(), 0);
    assert_eq!(OrderState::Closed.to_legacy(), 5);
    assert_eq!(OrderState::Refund.to_legacy(), 5);
    assert_eq!(OrderState::Paid.to_taobao(), "WAIT_SELLER_SEND_GOODS");
    assert_eq!(OrderState::Refund.to_taobao(), "TRADE_CLOSED_BY_TAOBAO");
    // A system with a hole answers `Option`.
    assert_eq!(OrderState::Paid.to_wms(), Some(100));
    assert_eq!(OrderState::Done.to_wms(), None);
    // The main code is untouched.
    assert_eq!(OrderState::Refund.code(), Some(95));
}

#[test]
fn a_shared_code_reads_back_as_every_state_that_uses_it() {
    assert_eq!(
        OrderState::from_legacy(5),
        Some(Lookup::Many(&[OrderState::Closed, OrderState::Refund]))
    );
    let five = OrderState::from_legacy(5).expect("5 is listed");
    assert!(!five.is_unique());
    assert_eq!(five.unique(), None);
    assert_eq!(five.states(), &[OrderState::Closed, OrderState::Refund]);
    assert_eq!(
        OrderState::from_legacy(1),
        Some(Lookup::One(OrderState::Paid))
    );
    assert_eq!(
        OrderState::from_legacy(1).and_then(|l| l.unique()),
        Some(OrderState::Paid)
    );
    assert_eq!(OrderState::from_legacy(4), None);
    assert_eq!(OrderState::from_legacy(-1), None);
}

#[test]
fn every_accepted_code_reads_back() {
    for code in ["WAIT_SELLER_SEND_GOODS", "SELLER_CONSIGNED_PART"] {
        assert_eq!(
            OrderState::from_taobao(code),
            Some(Lookup::One(OrderState::Paid)),
            "{code}"
        );
    }
    assert_eq!(
        OrderState::from_taobao("TRADE_CLOSED_BY_TAOBAO").and_then(|l| l.unique()),
        Some(OrderState::Refund)
    );
    assert_eq!(OrderState::from_taobao("trade_closed"), None);
    assert_eq!(
        OrderState::Paid.taobao_codes(),
        &[
            Code::Str("WAIT_SELLER_SEND_GOODS"),
            Code::Str("SELLER_CONSIGNED_PART")
        ]
    );
    assert_eq!(OrderState::Done.wms_codes(), &[]);
    assert_eq!(
        OrderState::from_wms(190),
        Some(Lookup::One(OrderState::Refund))
    );
}

#[test]
fn every_state_round_trips_where_its_code_is_its_own() {
    for &s in <OrderState as order_fsm::Enumerated>::ALL {
        let back = OrderState::from_legacy(s.to_legacy()).expect("listed");
        assert!(back.states().contains(&s), "{s:?}");
        assert_eq!(back.is_unique(), !s.info().shared_in(0), "{s:?}");
        let back = OrderState::from_taobao(s.to_taobao()).expect("listed");
        assert_eq!(back, Lookup::One(s));
    }
}

#[test]
fn the_metadata_lists_the_systems_and_each_states_codes() {
    let info = Order::INFO;
    let ids: Vec<&str> = info.code_systems.iter().map(|s| s.id).collect();
    assert_eq!(ids, ["legacy", "taobao", "wms"]);
    assert_eq!(info.code_systems[0].label, "旧订单系统");
    assert_eq!(
        info.code_systems[0].doc,
        Some("迁移中的旧订单系统：状态更粗，两种关闭共用 5。")
    );
    assert_eq!(info.code_system("taobao"), Some(1));
    assert_eq!(info.code_system("main"), None);
    let closed = info.state("Closed").expect("Closed");
    assert_eq!(closed.codes_in(0), &[Code::Int(5)]);
    assert!(closed.shared_in(0));
    assert!(!closed.shared_in(1));
    assert_eq!(closed.codes_in(2), &[]);
    let created = info.state("Created").expect("Created");
    assert!(!created.shared_in(0));
    assert_eq!(created.codes, &[Code::Int(10)]);
}

/// `customs none`: a state without a code in a system on purpose checks clean (derived here
/// with no allowance) and answers `None`, like a hole, while the others answer their code.
mod no_code_on_purpose {
    use order_fsm::{Lookup, Machine as _, StateMachine};

    #[derive(StateMachine)]
    #[fsm(spec = "tests/code_systems/customs.fsm")]
    pub struct Parcel;

    #[test]
    fn a_state_with_none_has_no_code_there() {
        assert_eq!(ParcelState::Created.to_customs(), None);
        assert_eq!(ParcelState::Returned.to_customs(), None);
        assert_eq!(ParcelState::Declared.to_customs(), Some("DECLARED"));
        assert_eq!(ParcelState::Cleared.to_customs(), Some("CLEARED"));
        assert_eq!(
            ParcelState::from_customs("RELEASED"),
            Some(Lookup::One(ParcelState::Cleared))
        );
        assert_eq!(ParcelState::Created.customs_codes(), &[]);
        let created = Parcel::INFO.state("Created").expect("Created");
        assert_eq!(created.codes_in(0), &[]);
    }
}
