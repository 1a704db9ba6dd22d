//! `order-fsm codes`: one line per code, every candidate of a shared code (status 1), an
//! unknown system or code is status 2, messages in the language asked for.

use crate::common;

use common::{run, stderr, stdout};

const SPEC: &str = "order-fsm/tests/code_systems/order.fsm";

fn codes(args: &[&str]) -> std::process::Output {
    let mut all = vec!["codes", SPEC];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn unique_codes_translate_one_line_each() {
    let o = codes(&[
        "--from",
        "taobao",
        "--to",
        "legacy",
        "TRADE_CLOSED",
        "WAIT_BUYER_PAY",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "TRADE_CLOSED -> 5 (Closed 已关闭)\nWAIT_BUYER_PAY -> 0 (Created 待付款)\n"
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn main_is_the_code_of_each_state_both_ways() {
    let o = codes(&["--from", "main", "--to", "taobao", "20", "95"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "20 -> WAIT_SELLER_SEND_GOODS (Paid 待发货)\n95 -> TRADE_CLOSED_BY_TAOBAO (Refund 退款中)\n"
    );
    // Every accepted code reads back, not only the first.
    let o = codes(&["--from", "taobao", "--to", "main", "SELLER_CONSIGNED_PART"]);
    assert_eq!(stdout(&o), "SELLER_CONSIGNED_PART -> 20 (Paid 待发货)\n");
}

#[test]
fn a_shared_code_lists_every_candidate_and_exits_one() {
    let o = codes(&["--from", "legacy", "--to", "main", "5", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "5 -> 90 (Closed 已关闭), 95 (Refund 退款中)\n1 -> 20 (Paid 待发货)\n"
    );
    assert!(
        stderr(&o).contains("`legacy` code `5` stands for 2 states, `Closed` and `Refund`: the answer is not unique"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_state_without_a_code_in_the_target_system_is_shown_and_fails() {
    let o = codes(&["--from", "main", "--to", "wms", "10", "20"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "10 -> - (Created 待付款)\n20 -> 100 (Paid 待发货)\n"
    );
    assert!(
        stderr(&o).contains("state `Created` has no code in `wms`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_systems_and_codes_exit_two() {
    let o = codes(&["--from", "legcy", "--to", "main", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("unknown code system `legcy` in machine `Order`; it has `main`, `legacy`, `taobao`, `wms`; did you mean `legacy`?"),
        "{}",
        stderr(&o)
    );
    let o = codes(&["--from", "legacy", "--to", "tmall", "5"]);
    assert_eq!(o.status.code(), Some(2));
    // The codes that are known are still translated; the unknown one decides the status.
    let o = codes(&["--from", "legacy", "--to", "main", "0", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "0 -> 10 (Created 待付款)\n");
    assert!(
        stderr(&o).contains("`legacy` has no code `7`"),
        "{}",
        stderr(&o)
    );
    // A text is not a number of a number system, and the other way round.
    let o = codes(&["--from", "legacy", "--to", "main", "05"]);
    assert_eq!(o.status.code(), Some(2));
    // No code at all is a wrong command line.
    assert_eq!(
        codes(&["--from", "legacy", "--to", "main"]).status.code(),
        Some(2)
    );
}

#[test]
fn messages_follow_lang() {
    let o = codes(&["--from", "legacy", "--to", "main", "5", "7", "--lang", "zh"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`legacy` 的状态码 `5` 对应 2 个状态（`Closed` 和 `Refund`），答案不唯一"),
        "{err}"
    );
    assert!(err.contains("`legacy` 里没有状态码 `7`"), "{err}");
    let o = codes(&["--from", "legcy", "--to", "main", "5", "--lang", "zh"]);
    assert!(
        stderr(&o).contains("状态机 `Order` 里没有状态码体系 `legcy`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_spec_with_errors_is_reported_not_translated() {
    let o = run(&[
        "codes",
        "order-fsm-core/tests/fixtures/invalid/err_E0026_mixed_codes.fsm",
        "--from",
        "legacy",
        "--to",
        "main",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("error[E0026]"), "{}", stderr(&o));
}

/// A state the spec gives no code in a system on purpose (`customs none`) says so, in the
/// asked language, and the answer is not a code (status 1), unlike a plain hole's `-`.
#[test]
fn a_state_with_none_in_the_target_system_is_not_applicable() {
    let spec = "order-fsm/tests/code_systems/customs.fsm";
    let o = run(&[
        "codes", spec, "--from", "main", "--to", "customs", "10", "20", "--lang", "zh",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "10 -> 不适用 (Created 待申报)\n20 -> DECLARED (Declared 已申报)\n"
    );
    assert!(
        stderr(&o).contains("状态 `Created` 在 `customs` 里不适用：规格里写的是 `customs none`"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "codes", spec, "--from", "main", "--to", "customs", "40", "--lang", "en",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "40 -> not applicable (Returned 已退回)\n");
    assert!(stderr(&o).contains("on purpose"), "{}", stderr(&o));
}
