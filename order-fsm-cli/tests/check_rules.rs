//! `check` says how each rule of a clean spec holds: proved on every path, or trivially (a
//! rule that holds whatever the transitions say gets no ✓ of a proof).

use crate::common::{stdout, Scratch};

const SPEC: &str = r#"machine Order "订单" {
  role buyer "买家"
  state Created   "待付款"   initial
  state Paid      "待发货"
  state Shipped   "待收货"   final
  state Cancelled "交易关闭" final
  event Pay    "付款"     by buyer
  event Ship   "发货"
  event Cancel "取消订单" by buyer
  Created -> Paid      on Pay
  Created -> Cancelled on Cancel
  Paid    -> Shipped   on Ship
  rule "付款后不能取消"     { from Paid never reach Cancelled }
  rule "关闭后不能再付款"   { from Cancelled never reach Paid }
  rule "付款后总会发货"     { from Paid always reach Shipped, Paid }
}
"#;

#[test]
fn check_tells_a_proved_rule_from_one_that_holds_trivially() {
    let s = Scratch::new("check-rules");
    s.write("order.fsm", SPEC);
    let o = s.run(&["check", "--lang", "en", "order.fsm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("  ✓ rule \"付款后不能取消\" holds on every path\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  - rule \"关闭后不能再付款\" holds trivially: 交易关闭 (Cancelled) is final"
        ),
        "{out}"
    );
    assert!(
        out.contains("  - rule \"付款后总会发货\" holds trivially: it starts in 待发货 (Paid)"),
        "{out}"
    );
    assert!(!out.contains("✓ rule \"关闭后不能再付款\""), "{out}");
    let zh = stdout(&s.run(&["check", "--lang", "zh", "order.fsm"]));
    assert!(
        zh.contains("  - 规则「关闭后不能再付款」必然成立：交易关闭 (Cancelled) 是终态"),
        "{zh}"
    );
}
