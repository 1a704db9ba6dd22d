//! Lines written the PRD way get the ids their labels stand for, and the line in the
//! language's form; whatever is mixed into a spec, nothing panics and every finding has a
//! place.

use order_fsm_core::diag::{codes, render_one};
use order_fsm_core::msg::Lang;
use proptest::prelude::*;

const SPEC: &str = r#"machine GroupBuy "团购订单" {
  role buyer  "买家"
  role seller "卖家"
  role ops    "平台客服"
  state WaitDeposit "待付定金" initial
  state WaitBalance "待付尾款"
  state Paid        "待发货"
  state Closed      "交易关闭" final
  state Done        "交易成功" final
  event PayDeposit "付定金" by buyer
  event PayBalance "付尾款" by buyer
  event Ship       "发货"   by seller
  event Cancel     "取消订单" by buyer, ops
  WaitDeposit -> WaitBalance on PayDeposit
  WaitBalance -> Paid on PayBalance
  Paid -> Done on Ship
  WaitDeposit, WaitBalance -> Closed on Cancel
  WaitBalance -> Closed after 24h
}
"#;

/// The spec with `line` added before its last transition.
fn with_line(line: &str) -> String {
    SPEC.replacen(
        "  WaitBalance -> Closed after 24h",
        &format!("{line}\n  WaitBalance -> Closed after 24h"),
        1,
    )
}

/// The one finding for `line`, and the line it proposes (`write it as `…``), if complete.
fn proposal(line: &str) -> (String, Option<String>) {
    let c = order_fsm_core::compile("t.fsm", &with_line(line));
    assert_eq!(c.diagnostics.len(), 1, "{}", c.render());
    let d = &c.diagnostics[0];
    assert_eq!(d.code, codes::SYNTAX);
    let help = d
        .help
        .as_ref()
        .map(|t| t.render(Lang::En))
        .unwrap_or_default();
    let written = help
        .strip_prefix("write it as `")
        .and_then(|h| h.strip_suffix('`'))
        .filter(|l| !l.contains('…'))
        .map(str::to_string);
    (c.render(), written)
}

/// Each PRD spelling maps to the same line, and that line compiles to the move it says.
#[test]
fn prd_spellings_become_the_line_in_the_language() {
    let cases = [
        (
            "  待付尾款 → 待发货（买家付尾款）",
            "WaitBalance -> Paid on PayBalance by buyer",
        ),
        (
            "  待付尾款 -> 待发货 (付尾款 by 买家)",
            "WaitBalance -> Paid on PayBalance by buyer",
        ),
        (
            "  待付尾款 => 待发货 on 付尾款",
            "WaitBalance -> Paid on PayBalance",
        ),
        (
            "  WaitBalance -> Paid on 付尾款",
            "WaitBalance -> Paid on PayBalance",
        ),
        (
            "  待付尾款 ⇒ 待发货【付尾款（买家）】",
            "WaitBalance -> Paid on PayBalance by buyer",
        ),
        (
            "  \"待付尾款\" －＞ \"待发货\"：买家付尾款",
            "WaitBalance -> Paid on PayBalance by buyer",
        ),
        (
            "  待付定金、待付尾款 ——> 交易关闭（平台客服取消订单）",
            "WaitDeposit, WaitBalance -> Closed on Cancel by ops",
        ),
        (
            "  待付定金 → 交易关闭（超时30分钟）",
            "WaitDeposit -> Closed after 30m \"超时30分钟\"",
        ),
        (
            "  待付尾款->待发货 on 付尾款 by buyer",
            "WaitBalance -> Paid on PayBalance by buyer",
        ),
        (
            "\t待付尾款\t→\t待发货（付尾款 买家）\r",
            "WaitBalance -> Paid on PayBalance by buyer",
        ),
        (
            "  待发货 → 交易成功（发货） then notify_buyer",
            "Paid -> Done on Ship then notify_buyer",
        ),
    ];
    for (line, want) in cases {
        let (render, got) = proposal(line);
        assert_eq!(got.as_deref(), Some(want), "{line}\n{render}");
        // The proposal is a line of the language whose names all resolve (it may repeat a
        // line of the spec, which is another matter).
        let fixed = order_fsm_core::compile("t.fsm", &with_line(&format!("  {want}")));
        let wrong = [
            codes::SYNTAX,
            codes::UNKNOWN_STATE,
            codes::UNKNOWN_EVENT,
            codes::UNKNOWN_ROLE,
            codes::ROLE_NOT_OF_EVENT,
            codes::BAD_DURATION,
        ];
        assert!(
            !fixed.diagnostics.iter().any(|d| wrong.contains(&d.code)),
            "{want}\n{}",
            fixed.render()
        );
    }
}

#[test]
fn unknown_parts_are_named_and_left_open() {
    let (render, got) = proposal("  待发货 → 已完成（卖家发货）");
    assert_eq!(got, None);
    assert!(
        render.contains("write it as `Paid -> … on Ship by seller`"),
        "{render}"
    );
    assert!(
        render.contains("已完成 is neither the id nor the label of any state"),
        "{render}"
    );
    // A near miss of a label is offered as such, not taken for it.
    let (render, got) = proposal("  待付尾 → 待发货（付尾款）");
    assert_eq!(got, None, "{render}");
    assert!(
        render.contains("待付尾: did you mean state `WaitBalance`?"),
        "{render}"
    );
}

#[test]
fn a_label_where_a_name_goes_names_its_id() {
    let c = order_fsm_core::compile(
        "t.fsm",
        &with_line("  scenario \"成团\" { PayDeposit, 付尾款 by buyer => Paid }"),
    );
    let r = c.render();
    assert!(
        r.contains("`付尾款` is a label; names in a spec are ids"),
        "{r}"
    );
    assert!(r.contains("help: did you mean `PayBalance`?"), "{r}");
}

/// Lines that are not transitions keep the grammar's message.
#[test]
fn other_broken_lines_keep_their_message() {
    let c = order_fsm_core::compile("t.fsm", &with_line("  state 新状态 initial"));
    assert!(
        c.render().contains("names must be written in ASCII"),
        "{}",
        c.render()
    );
    let c = order_fsm_core::compile("t.fsm", &with_line("  Paid -> Done"));
    assert!(
        c.render().contains("expected `on` or `after`"),
        "{}",
        c.render()
    );
}

fn garbage() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ a-zA-Z0-9_,.:\"'(){}\\[\\]=>~|/-]{0,30}",
        "[ 待付尾款定金发货交易关闭成功买家卖家平台客服取消订单超时分钟天（）【】，、：“”→⇒－＞—0-9]{0,20}",
        "[ a-zA-Z待付款发货买家（）\"→>=-]{0,12}(->|→|=>|——>)[ a-zA-Z待付款发货买家（）\"0-9分钟]{0,16}",
        Just("  待付尾款 → 待发货（买家付尾款".to_string()),
        Just("  → （）".to_string()),
        Just("  \"待付尾款 → \"".to_string()),
        Just("  any → 交易关闭（".to_string()),
        Just("\r\n\t→\r".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("ORDER_FSM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    /// Random lines mixed into a valid spec: no panic, and every finding names a file, line
    /// and column inside the file.
    #[test]
    fn garbage_lines_never_panic_and_every_finding_has_a_place(
        lines in prop::collection::vec((0usize..20, garbage()), 1..4)
    ) {
        let mut spec: Vec<String> = SPEC.lines().map(str::to_string).collect();
        for (at, l) in lines {
            let at = at.min(spec.len());
            spec.insert(at, l);
        }
        let text = spec.join("\n");
        let c = order_fsm_core::compile("fuzz.fsm", &text);
        let renderer = annotate_snippets::Renderer::plain();
        let n_lines = text.split('\n').count() + 1;
        for d in &c.diagnostics {
            let p = c.source.line_col(d.primary.span.start);
            prop_assert!(p.line >= 1 && p.line <= n_lines && p.col >= 1, "{:?}", d);
            let one = render_one(&renderer, &c.source, d, Lang::En);
            let place = format!("fuzz.fsm:{}:{}", p.line, p.col);
            prop_assert!(one.contains(&place), "{}\n{}", place, one);
        }
    }
}
