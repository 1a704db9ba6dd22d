//! The generated API for `specs/order.fsm`, end to end.

use std::cell::Cell;

use order_fsm::{Cause, Context, FireError, Machine, Rejection, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

/// Hooks with switchable guards that count how often each was asked, and an action log.
#[derive(Default)]
struct Shop {
    paid_ok: bool,
    risk: bool,
    asked: Cell<u32>,
    log: Vec<&'static str>,
    fail: Option<&'static str>,
}

impl Shop {
    fn ok() -> Self {
        Shop {
            paid_ok: true,
            risk: true,
            ..Shop::default()
        }
    }
    fn act(&mut self, name: &'static str) -> Result<(), String> {
        if self.fail == Some(name) {
            return Err(format!("{name} failed"));
        }
        self.log.push(name);
        Ok(())
    }
}

impl OrderHooks for Shop {
    type Error = String;
    fn payment_verified(&self, event: &OrderEvent, _: &Context<'_, Order>) -> bool {
        self.asked.set(self.asked.get() + 1);
        matches!(event, OrderEvent::Pay { amount_cents, .. } if *amount_cents > 0) && self.paid_ok
    }
    fn risk_confirmed(&self, _: &OrderEvent, _: &Context<'_, Order>) -> bool {
        self.asked.set(self.asked.get() + 1);
        self.risk
    }
    fn deduct_stock(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("deduct_stock")
    }
    fn notify_seller(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("notify_seller")
    }
    fn release_stock(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("release_stock")
    }
    fn remind_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("remind_buyer")
    }
    fn notify_buyer(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("notify_buyer")
    }
    fn compensate_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("compensate_buyer")
    }
    fn refund_payment(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("refund_payment")
    }
    fn restock(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("restock")
    }
    fn settle_to_seller(&mut self, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("settle_to_seller")
    }
    fn close_and_refund(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), String> {
        self.act("close_and_refund")
    }
}

fn pay(amount_cents: u64) -> OrderEvent {
    OrderEvent::Pay {
        amount_cents,
        channel: "alipay".into(),
    }
}

#[test]
fn states_are_one_byte_with_labels_codes_and_ids() {
    assert_eq!(std::mem::size_of::<OrderState>(), 1);
    assert_eq!(std::mem::size_of::<Option<OrderState>>(), 1);
    let s = OrderState::Paid;
    assert_eq!(s.id(), "Paid");
    assert_eq!(s.label(), "待发货");
    assert_eq!(s.to_string(), "待发货");
    assert_eq!(s.doc(), Some("已付款，等待卖家发货。"));
    assert_eq!(s.code(), Some(20));
    assert_eq!(s.code_str(), Some("WAIT_SELLER_SEND_GOODS"));
    assert_eq!(OrderState::from_code(91), Some(OrderState::Refunded));
    assert_eq!(OrderState::from_code(12345), None);
    assert_eq!(
        OrderState::from_code_str("TRADE_CLOSED"),
        Some(OrderState::Cancelled)
    );
    assert_eq!("Shipped".parse::<OrderState>(), Ok(OrderState::Shipped));
    let err = "Shiped".parse::<OrderState>().unwrap_err();
    assert_eq!(err.to_string(), "unknown state `Shiped`");
    assert!(OrderState::Completed.is_final() && !OrderState::Paid.is_final());
    assert_eq!(OrderState::INITIAL, OrderState::Created);
    assert_eq!(OrderState::default(), OrderState::Created);
    assert_eq!(OrderState::ALL.len(), 8);
    assert_eq!(OrderRole::Service.id(), "service");
    assert_eq!(OrderRole::Service.label(), "客服");
    assert_eq!(
        OrderGuard::PaymentVerified.description(),
        Some("实付金额等于应付金额")
    );
    assert_eq!(
        OrderEventKind::Cancel.roles(),
        &[OrderRole::Buyer, OrderRole::Service]
    );
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trips_by_id() {
    let json = serde_json::to_string(&OrderState::Paid).unwrap();
    assert_eq!(json, "\"Paid\"");
    assert_eq!(
        serde_json::from_str::<OrderState>(&json).unwrap(),
        OrderState::Paid
    );
    assert!(serde_json::from_str::<OrderState>("\"Nope\"").is_err());
    assert_eq!(
        serde_json::to_string(&OrderRole::Buyer).unwrap(),
        "\"buyer\""
    );
    assert_eq!(
        serde_json::from_str::<OrderRole>("\"seller\"").unwrap(),
        OrderRole::Seller
    );
    let ev = OrderEvent::Ship {
        carrier: "SF".into(),
        waybill_no: "SF1".into(),
    };
    let json = serde_json::to_string(&ev).unwrap();
    assert_eq!(json, r#"{"Ship":{"carrier":"SF","waybill_no":"SF1"}}"#);
    assert_eq!(serde_json::from_str::<OrderEvent>(&json).unwrap(), ev);
    assert_eq!(
        serde_json::to_string(&OrderEvent::Confirm).unwrap(),
        "\"Confirm\""
    );
}

#[test]
fn fire_takes_a_transition_and_runs_actions() {
    let mut shop = Shop::ok();
    let t = OrderState::Created
        .fire(&pay(100), OrderRole::Buyer, &mut shop)
        .unwrap();
    assert_eq!((t.from, t.to), (OrderState::Created, OrderState::Paid));
    assert_eq!(t.cause, Cause::Event(OrderEventKind::Pay));
    assert_eq!(t.actor, Some(OrderRole::Buyer));
    assert_eq!(shop.log, ["deduct_stock", "notify_seller"]);
    let info = t.info().unwrap();
    assert_eq!(info.guard_description, Some("实付金额等于应付金额"));
}

#[test]
fn the_four_reasons_for_no() {
    let mut shop = Shop::ok();
    let r = OrderState::Completed
        .fire(&OrderEvent::Confirm, None, &mut shop)
        .unwrap_err();
    assert_eq!(
        r.rejection(),
        Some(&Rejection::FinalState {
            state: OrderState::Completed
        })
    );
    assert_eq!(
        r.to_string(),
        "交易成功 (Completed) is a final state: nothing can happen to it any more"
    );

    let r = OrderState::Created
        .fire(&OrderEvent::Confirm, None, &mut shop)
        .unwrap_err();
    assert_eq!(
        r.rejection(),
        Some(&Rejection::NoTransition {
            state: OrderState::Created,
            event: OrderEventKind::Confirm
        })
    );

    // Paid -> Refunding on Cancel is narrowed to service.
    let r = OrderState::Paid
        .fire(&OrderEvent::Cancel, OrderRole::Buyer, &mut shop)
        .unwrap_err();
    match r.rejection() {
        Some(Rejection::RoleNotAllowed { role, allowed, .. }) => {
            assert_eq!(*role, OrderRole::Buyer);
            assert_eq!(*allowed, &[OrderRole::Service]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        r.to_string(),
        "买家 (buyer) may not fire 取消订单 (Cancel) in 待发货 (Paid); allowed: 客服 (service)"
    );

    shop.paid_ok = false;
    let r = OrderState::Created
        .fire(&pay(100), OrderRole::Buyer, &mut shop)
        .unwrap_err();
    match r.rejection() {
        Some(Rejection::GuardFailed { failed, .. }) => {
            assert_eq!(failed.to_vec(), [OrderGuard::PaymentVerified]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        r.to_string(),
        "付款 (Pay) in 待付款 (Created) was refused: guard `payment_verified` (\"实付金额等于应付金额\") said no"
    );
}

/// A service shows a refusal and an error in the buyer's language: the runtime's texts come
/// from the same catalogue as `order-fsm simulate`'s, in English and Chinese.
#[test]
fn refusals_and_errors_in_chinese() {
    use order_fsm::msg::Lang;
    let mut shop = Shop::ok();
    let r = OrderState::Completed
        .fire(&OrderEvent::Confirm, None, &mut shop)
        .unwrap_err();
    assert_eq!(
        r.text().render(Lang::Zh),
        "交易成功 (Completed) 是终态：订单到这里就结束了，不会再发生任何事"
    );
    assert_eq!(r.text().render(Lang::En), r.to_string());

    let r = OrderState::Paid
        .fire(&OrderEvent::Cancel, OrderRole::Buyer, &mut shop)
        .unwrap_err();
    assert_eq!(
        r.text().render(Lang::Zh),
        "买家 (buyer) 不能在 待发货 (Paid) 触发 取消订单 (Cancel)；可以触发的角色：客服 (service)"
    );

    shop.paid_ok = false;
    let r = OrderState::Created
        .fire(&pay(100), OrderRole::Buyer, &mut shop)
        .unwrap_err();
    assert_eq!(
        r.text().render(Lang::Zh),
        "在 待付款 (Created) 的 付款 (Pay) 被拒绝：条件 `payment_verified` (\"实付金额等于应付金额\") 不成立"
    );

    // An action that fails names the action and the transition, in either language.
    shop.paid_ok = true;
    shop.fail = Some("deduct_stock");
    let r = OrderState::Created
        .fire(&pay(100), OrderRole::Buyer, &mut shop)
        .unwrap_err();
    assert_eq!(
        r.to_string(),
        "action `deduct_stock` failed during 待付款 (Created) -> 待发货 (Paid) on 付款 (Pay) by 买家 (buyer): deduct_stock failed"
    );
    assert_eq!(
        r.text().render(Lang::Zh),
        "动作 `deduct_stock` 执行失败（待付款 (Created) → 待发货 (Paid)：事件 付款 (Pay)，由 买家 (buyer) 触发）：deduct_stock failed"
    );

    let err = "Shiped".parse::<OrderState>().unwrap_err();
    assert_eq!(err.text().render(Lang::Zh), "没有这个状态：`Shiped`");
}

#[test]
fn none_actor_is_trusted() {
    let mut shop = Shop::ok();
    let t = OrderState::Paid
        .fire(&OrderEvent::Cancel, None, &mut shop)
        .unwrap();
    assert_eq!(t.to, OrderState::Refunding);
}

#[test]
fn each_guard_is_asked_once_per_attempt() {
    let mut shop = Shop::ok();
    shop.risk = false;
    let r = OrderState::Shipped.fire(&OrderEvent::ForceClose, OrderRole::Service, &mut shop);
    assert!(r.is_err());
    assert_eq!(shop.asked.get(), 1);
}

#[test]
fn a_failed_action_leaves_the_state_unchanged() {
    let mut shop = Shop::ok();
    shop.fail = Some("notify_seller");
    let state = OrderState::Created;
    let err = state
        .fire(&pay(100), OrderRole::Buyer, &mut shop)
        .unwrap_err();
    match &err {
        FireError::Action {
            action,
            error,
            transition,
        } => {
            assert_eq!(*action, OrderAction::NotifySeller);
            assert_eq!(error, "notify_seller failed");
            assert_eq!(transition.to, OrderState::Paid);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(state, OrderState::Created);
    assert_eq!(shop.log, ["deduct_stock"]);
}

#[test]
fn buttons_for_the_ui() {
    assert!(OrderState::Created.can_fire(OrderEventKind::Pay, OrderRole::Buyer));
    assert!(!OrderState::Created.can_fire(OrderEventKind::Pay, OrderRole::Seller));
    assert!(!OrderState::Completed.can_fire(OrderEventKind::ForceClose, None));
    let buyer: Vec<_> = OrderState::Paid
        .permitted_events(OrderRole::Buyer)
        .collect();
    assert_eq!(buyer, [OrderEventKind::RequestRefund]);
    let service: Vec<_> = OrderState::Paid
        .permitted_events(OrderRole::Service)
        .collect();
    assert_eq!(
        service,
        [OrderEventKind::Cancel, OrderEventKind::ForceClose]
    );
}

#[test]
fn timeouts_are_data_and_fire_only_in_their_state() {
    let t = OrderState::Created.timeouts();
    assert_eq!(t.len(), 2);
    // Shortest first: the payment reminder, which keeps the state, then the auto-close.
    assert_eq!(t[0].seconds, 25 * 60);
    assert_eq!(t[0].target, None);
    assert!(t[0].is_reminder());
    assert_eq!(t[0].actions, &[OrderAction::RemindBuyer]);
    assert_eq!(t[1].seconds, 30 * 60);
    assert_eq!(t[1].target, Some(OrderState::Cancelled));
    assert_eq!(t[1].label, Some("超时未付款，自动关闭"));
    assert_eq!(t[1].actions, &[OrderAction::ReleaseStock]);
    assert!(OrderState::Completed.timeouts().is_empty());

    let mut shop = Shop::ok();
    // Not yet due.
    assert_eq!(
        OrderState::Created
            .on_timeout(OrderState::Created, 60, &mut shop)
            .unwrap(),
        None
    );
    // Due: fires.
    let fired = OrderState::Created
        .on_timeout(OrderState::Created, 1800, &mut shop)
        .unwrap()
        .unwrap();
    assert_eq!(fired.to, OrderState::Cancelled);
    assert_eq!(fired.cause, Cause::Timeout);
    assert_eq!(fired.timeout_seconds(), Some(1800));
    assert_eq!(
        fired.to_string(),
        "待付款 (Created) -> 交易关闭 (Cancelled) after 30m"
    );
    // Delivered again, or after the buyer paid: nothing happens.
    assert_eq!(
        fired
            .to
            .on_timeout(OrderState::Created, 1800, &mut shop)
            .unwrap(),
        None
    );
    assert_eq!(
        OrderState::Paid
            .on_timeout(OrderState::Created, 1800, &mut shop)
            .unwrap(),
        None
    );
    // The fired timeout ran the reminder due on the way (this call knows no earlier
    // decision of the entry; `order_fsm::plan` does), then closed the order.
    assert_eq!(shop.log, ["remind_buyer", "release_stock"]);
}

#[test]
fn static_metadata() {
    let info = Order::INFO;
    assert_eq!(info.id, "Order");
    assert_eq!(info.label, "订单");
    assert_eq!(info.states.len(), 8);
    assert_eq!(info.file, "../specs/order.fsm");
    assert_eq!(
        info.guard("payment_verified").unwrap().description,
        Some("实付金额等于应付金额")
    );
    let first = &info.transitions[0];
    assert_eq!(first.line, 62);
    assert_eq!(info.states[first.target.unwrap_or(usize::MAX)].id, "Paid");
    assert!(info.notes[0].contains("24 小时"));
    let action = info
        .actions
        .iter()
        .find(|a| a.id == "release_stock")
        .expect("release_stock");
    assert_eq!(action.description, Some("释放库存"));
}

#[test]
fn typestate_walk_and_conversions() {
    let mut shop = Shop::ok();
    let created = order_states::Created::new(42u32);
    let paid = created.pay(100, "wechat".into(), &mut shop).unwrap();
    let shipped = paid.ship("SF".into(), "SF100".into(), &mut shop).unwrap();
    let delivered = shipped.sign();
    assert_eq!(delivered.state(), OrderState::Delivered);
    let done = delivered.confirm(&mut shop).unwrap();
    assert_eq!(done.into_dynamic(), (OrderState::Completed, 42));

    // Refused: the value comes back.
    shop.paid_ok = false;
    let refused = order_states::Created::new("row")
        .pay(0, String::new(), &mut shop)
        .unwrap_err();
    assert_eq!(refused.state.data(), &"row");

    // Guarded: a Result.
    shop.risk = true;
    let paid = order_states::Paid::from_dynamic(OrderState::Paid, ()).unwrap();
    let closed: order_states::Cancelled<()> = paid.force_close(&mut shop).unwrap();
    assert_eq!(closed.state(), OrderState::Cancelled);

    // Checked conversion from the dynamic form.
    let wrong = order_states::Paid::from_dynamic(OrderState::Shipped, 7).unwrap_err();
    assert_eq!(
        (wrong.expected, wrong.found, wrong.data),
        (OrderState::Paid, OrderState::Shipped, 7)
    );
    let any = OrderTypestate::from_dynamic(OrderState::Refunding, 1);
    assert_eq!(any.state(), OrderState::Refunding);
}

/// The dispatch returns these by value: keep them small.
#[test]
fn sizes() {
    use order_fsm::Transition;
    assert!(std::mem::size_of::<Transition<Order>>() <= 16);
    assert!(std::mem::size_of::<Result<Transition<Order>, FireError<Order, ()>>>() <= 40);
    println!(
        "transition {} rejection {} fire result {}",
        std::mem::size_of::<Transition<Order>>(),
        std::mem::size_of::<Rejection<Order>>(),
        std::mem::size_of::<Result<Transition<Order>, FireError<Order, ()>>>()
    );
}

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/code_forms.fsm")]
#[allow(dead_code)] // only the generated state type is used
pub struct Legacy;

/// To a legacy system `20` and `"20"` are one code (as `check` decides, E0012): each finds the
/// state by either lookup, and a different spelling (`"020"`) is a different code.
#[test]
fn a_number_and_the_same_number_as_text_find_one_state() {
    assert_eq!(LegacyState::from_code(20), Some(LegacyState::Open));
    assert_eq!(LegacyState::from_code_str("20"), Some(LegacyState::Open));
    assert_eq!(LegacyState::from_code(7), Some(LegacyState::Closed));
    assert_eq!(LegacyState::from_code_str("7"), Some(LegacyState::Closed));
    assert_eq!(
        LegacyState::from_code_str("CLOSED"),
        Some(LegacyState::Closed)
    );
    assert_eq!(LegacyState::from_code_str("020"), None);
    assert_eq!(LegacyState::from_code(8), None);
    // The canonical codes stay as written.
    assert_eq!(LegacyState::Closed.code(), None);
    assert_eq!(LegacyState::Closed.code_str(), Some("7"));
}

/// Every code of every state reads back through the packed code tables, the canonical codes
/// are the first of each kind the spec writes, and codes next to the real ones find nothing.
#[test]
fn every_code_reads_back() {
    use order_fsm::Code;
    for &s in OrderState::ALL {
        let codes = s.info().codes;
        let first_int = codes.iter().find_map(|c| match c {
            Code::Int(v) => Some(*v),
            Code::Str(_) => None,
        });
        let first_str = codes.iter().find_map(|c| match c {
            Code::Str(v) => Some(*v),
            Code::Int(_) => None,
        });
        assert_eq!(s.code(), first_int, "{s:?}");
        assert_eq!(s.code_str(), first_str, "{s:?}");
        for c in codes {
            match c {
                Code::Int(v) => {
                    assert_eq!(OrderState::from_code(*v), Some(s), "{v}");
                    assert_eq!(OrderState::from_code_str(&v.to_string()), Some(s), "{v}");
                }
                Code::Str(t) => assert_eq!(OrderState::from_code_str(t), Some(s), "{t}"),
            }
        }
    }
    let ints: Vec<i64> = OrderState::ALL.iter().filter_map(|s| s.code()).collect();
    for miss in [i64::MIN, -1, i64::MAX] {
        assert!(!ints.contains(&miss));
        assert_eq!(OrderState::from_code(miss), None);
    }
    for v in &ints {
        for near in [v - 1, v + 1] {
            if !ints.contains(&near) {
                assert_eq!(OrderState::from_code(near), None, "{near}");
            }
        }
    }
    for miss in ["", "\0", "~", "TRADE", "TRADE_CLOSED_"] {
        assert_eq!(OrderState::from_code_str(miss), None, "{miss}");
    }
    // Machines with text codes only, and with holes, read back as written too.
    assert_eq!(LegacyState::Open.code(), Some(20));
    assert_eq!(LegacyState::Closed.code(), None);
}

/// Every value of every generated enum is found by its id (a binary search over the ids in
/// sorted order), and strings around and between the ids are not.
#[test]
fn every_id_reads_back() {
    fn all<T: order_fsm::Enumerated>() {
        for &v in T::ALL {
            assert_eq!(T::from_id(v.id()), Some(v), "{}", v.id());
            for miss in [format!("{}_", v.id()), v.id()[1..].to_string()] {
                if T::ALL.iter().all(|w| w.id() != miss) {
                    assert_eq!(T::from_id(&miss), None, "{miss}");
                }
            }
        }
        for miss in ["", "\0", "~~~~", "ZZZZZ"] {
            assert_eq!(T::from_id(miss), None);
        }
    }
    all::<OrderState>();
    all::<OrderEventKind>();
    all::<OrderRole>();
    all::<OrderGuard>();
    all::<OrderAction>();
    // The packed metadata reads back as the spec says.
    let info = Order::INFO;
    assert_eq!(info.states.len(), OrderState::ALL.len());
    assert_eq!(info.states[0].id, "Created");
    assert!(info.states[0].initial);
    assert!(info.states.iter().filter(|s| s.is_final).count() >= 2);
    assert_eq!(OrderState::Paid.info().label, "待发货");
}
