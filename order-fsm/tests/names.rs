//! Names a PM may write that are Rust keywords, standard-library names or names the
//! generated code uses itself: the spec `tests/specs/clash.fsm` uses all of them, derives,
//! compiles and runs, and every string the code writes out is the spec's name.

/// A payload type whose name once was the typestate data parameter's.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct D(pub u8);

mod clash {
    use super::D;
    use order_fsm::{Context, StateMachine};

    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/clash.fsm")]
    pub struct Order;

    pub struct Hooks {
        pub ran: Vec<&'static str>,
    }

    impl OrderHooks for Hooks {
        type Error = std::convert::Infallible;
        fn clone(&self, event: &OrderEvent, _: &Context<'_, Order>) -> bool {
            matches!(event, OrderEvent::Return { hooks, .. } if *hooks > 0)
        }
        fn default(&self, _: &Context<'_, Order>) -> bool {
            false
        }
        fn into(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), Self::Error> {
            self.ran.push("into");
            Ok(())
        }
        fn drop(&mut self, _: &Context<'_, Order>) -> Result<(), Self::Error> {
            self.ran.push("drop");
            Ok(())
        }
        fn fmt(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), Self::Error> {
            self.ran.push("fmt");
            Ok(())
        }
        fn r#fn(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), Self::Error> {
            self.ran.push("fn");
            Ok(())
        }
    }

    pub fn ret(hooks: u32) -> OrderEvent {
        OrderEvent::Return {
            r#type: "退货".to_string(),
            hooks,
            r: D(1),
            s: String::from("s"),
        }
    }
}

use clash::*;

#[test]
fn every_name_compiles_and_runs() {
    let mut hooks = Hooks { ran: Vec::new() };
    let t = OrderState::Ok
        .fire(&ret(1), OrderRole::Type, &mut hooks)
        .expect("Return from Ok");
    assert_eq!(t.to, OrderState::Some);
    assert_eq!(hooks.ran, ["into", "drop", "fmt"]);
    let t = OrderState::Ok
        .fire(&ret(0), OrderRole::Type, &mut hooks)
        .expect("Return from Ok, unguarded");
    assert_eq!(t.to, OrderState::None);
    // A walk through every standard-library name to the end.
    let walk = [
        (OrderState::None, OrderEvent::Match, OrderState::Box),
        (OrderState::Box, OrderEvent::Err, OrderState::Default),
        (OrderState::Default, OrderEvent::None, OrderState::Send),
        (OrderState::Send, OrderEvent::Result, OrderState::Fn),
        (OrderState::Fn, ret(0), OrderState::Err),
        (OrderState::Err, ret(0), OrderState::OrderState),
        (OrderState::OrderState, ret(0), OrderState::println),
        (OrderState::println, ret(0), OrderState::Done),
    ];
    for (from, event, to) in walk {
        let t = from.fire(&event, None, &mut hooks).expect("a line");
        assert_eq!(t.to, to, "{from:?} on {event:?}");
    }
}

#[test]
fn typestate_methods_take_keyword_and_shadowed_names() {
    let mut hooks = Hooks { ran: Vec::new() };
    let ok = order_states::Ok::new(7u8);
    let some = match ok.r#return("t".to_string(), 2, D(3), "s".to_string(), &mut hooks) {
        Ok(order_states::__outcome::OkReturn::Some(s)) => s,
        _ => panic!("the guard `clone` lets `Return` into `Some`"),
    };
    let result = match some.r#type(vec![Some(1)], (1, true), [0, 1], &mut hooks) {
        Ok(order_states::__outcome::SomeType::Result(r)) => r,
        _ => panic!("the guard `default` refuses, so `Type` leads to `Result`"),
    };
    let string = result.r#loop();
    assert_eq!(*string.data(), 7);
    assert_eq!(string.state(), OrderState::String);
}

#[test]
fn strings_are_the_spec_names_never_raw_identifiers() {
    use std::str::FromStr;
    for (kind, id) in [
        (OrderEventKind::Return, "Return"),
        (OrderEventKind::Type, "Type"),
        (OrderEventKind::Match, "Match"),
        (OrderEventKind::Loop, "Loop"),
        (OrderEventKind::Err, "Err"),
    ] {
        assert_eq!(kind.id(), id);
        assert_eq!(format!("{kind:?}"), id);
        assert_eq!(OrderEventKind::from_str(id).ok(), Some(kind));
        let json = serde_json::to_string(&kind).expect("serialize");
        assert_eq!(json, format!("\"{id}\""));
        let back: OrderEventKind = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, kind);
    }
    // A role's `Debug` is its `CamelCase` variant; its id is the spec's name.
    for (role, id, debug) in [
        (OrderRole::Type, "type", "Type"),
        (OrderRole::Ok, "ok", "Ok"),
    ] {
        assert_eq!(role.id(), id);
        assert_eq!(format!("{role:?}"), debug);
        assert_eq!(OrderRole::from_str(id).ok(), Some(role));
        assert_eq!(
            serde_json::to_string(&role).expect("serialize"),
            format!("\"{id}\"")
        );
    }
    assert_eq!(
        OrderState::from_str("outcome").ok(),
        Some(OrderState::outcome)
    );
    assert_eq!(
        serde_json::to_string(&OrderState::Err).expect("serialize"),
        "\"Err\""
    );
}

mod system_names {
    use order_fsm::StateMachine;

    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/system_names.fsm")]
    pub struct Sys;
}

/// A code system's name never breaks the build: its methods are `to_…`, `from_…` and
/// `…_codes`, snake case, whatever the name is.
#[test]
fn code_systems_with_rust_names_compile_and_answer() {
    use order_fsm::Lookup;
    use system_names::SysState;
    assert_eq!(SysState::Held.to_type(), 2);
    assert_eq!(SysState::from_type(3), Some(Lookup::One(SysState::Closed)));
    assert_eq!(SysState::Open.to_some(), "OPEN");
    assert_eq!(
        SysState::from_some("HELD"),
        Some(Lookup::One(SysState::Held))
    );
    assert_eq!(
        SysState::from_lookup(7),
        Some(Lookup::Many(&[SysState::Open, SysState::Held]))
    );
    assert_eq!(SysState::Closed.to_r(), 2);
    assert_eq!(SysState::Closed.r_codes(), &[order_fsm::Code::Int(2)]);
    use order_fsm::Machine as _;
    let ids: Vec<&str> = system_names::Sys::INFO
        .code_systems
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, ["type", "Some", "Lookup", "r"]);
}
