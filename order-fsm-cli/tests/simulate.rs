//! `simulate` as a PM uses it: steps written with labels, and a run that says why it
//! failed and what is still to come.

use crate::common;

use common::{run, stderr, stdout, Scratch};

const PRESALE: &str = "order-fsm-core/tests/fixtures/valid/reminders_and_stays.fsm";

/// What a run printed, for a snapshot: the command, standard output, standard error, status.
fn shown(args: &[&str]) -> String {
    let o = run(args);
    let quoted: Vec<String> = args
        .iter()
        .map(|a| {
            if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.to_string()
            }
        })
        .collect();
    format!(
        "$ order-fsm {}\n{}{}(status {})\n\n",
        quoted.join(" "),
        stdout(&o),
        stderr(&o),
        o.status.code().unwrap_or(-1)
    )
}

#[test]
fn steps_may_name_events_roles_guards_and_states_by_their_labels() {
    let o = run(&[
        "simulate",
        PRESALE,
        "--from",
        "待付定金",
        "PayDeposit by 买家",
        "付尾款 => 待发货",
        "备注 by 卖家",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let labels = run(&[
        "simulate",
        "specs/order.fsm",
        "付款 [实付金额等于应付金额]",
        "发货 by 卖家 => 待收货",
        "取消订单 by 买家 => rejected, still 待收货",
    ]);
    let ids = run(&[
        "simulate",
        "specs/order.fsm",
        "Pay [payment_verified]",
        "Ship by seller => Shipped",
        "Cancel by buyer => rejected, still Shipped",
    ]);
    assert_eq!(labels.status.code(), Some(0), "{}", stderr(&labels));
    assert_eq!(stdout(&labels), stdout(&ids), "a label is read as its id");
    let mut out = String::new();
    for lang in ["en", "zh"] {
        out.push_str(&shown(&[
            "simulate",
            PRESALE,
            "付定金 by 买家",
            "after 1h [买家可联系] => 待付尾款",
            "付尾款",
            "--lang",
            lang,
        ]));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn a_name_that_is_no_single_id_or_label_says_what_it_could_be() {
    let s = Scratch::new("simulate-shared-label");
    s.write(
        "order.fsm",
        "machine Order \"订单\" {
  role buyer   \"买家\"
  role proxy   \"买家\"
  state Created \"待付款\" initial
  state Paid    \"已付款\" final
  event Pay \"付款\" by buyer, proxy
  Created -> Paid on Pay
}
",
    );
    let mut out = String::new();
    for lang in ["en", "zh"] {
        for step in ["付款 by 买家", "付钱", "Pya", "付款 => 已付"] {
            let o = s.run(&["simulate", "order.fsm", step, "--lang", lang]);
            assert_eq!(o.status.code(), Some(2), "{step}: {}", stderr(&o));
            assert!(stdout(&o).is_empty(), "{step}: nothing is simulated");
            out.push_str(&format!(
                "$ order-fsm simulate order.fsm \"{step}\" --lang {lang}\n{}\n",
                stderr(&o)
            ));
        }
        let o = s.run(&["simulate", "order.fsm", "--from", "已付", "--lang", lang]);
        assert_eq!(o.status.code(), Some(2));
        out.push_str(&format!(
            "$ order-fsm simulate order.fsm --from 已付 --lang {lang}\n{}\n",
            stderr(&o)
        ));
    }
    insta::assert_snapshot!(out);
}

/// In a spec file a name is an id: a label there stays an error, and its help names the id.
#[test]
fn a_label_in_a_spec_file_is_an_error_that_names_the_id() {
    let s = Scratch::new("simulate-label-in-spec");
    s.write(
        "order.fsm",
        "machine Order \"订单\" {
  state Created \"待付款\" initial
  state Paid    \"已付款\" final
  event Pay \"付款\"
  Created -> Paid on Pay
  scenario \"付款\" { 付款 => Paid }
}
",
    );
    let o = s.run(&["check", "order.fsm"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("`付款` is a label; names in a spec are ids"),
        "{out}"
    );
    assert!(out.contains("help: did you mean `Pay`?"), "{out}");
    let o = s.run(&["simulate", "order.fsm", "付款"]);
    assert_eq!(o.status.code(), Some(1), "the spec has an error");
    // A guard's description, written where its id goes, is read the same way.
    s.write(
        "guarded.fsm",
        "machine Order \"订单\" {
  state Created \"待付款\" initial
  state Paid    \"已付款\" final
  event Pay \"付款\"
  guard paid \"实付金额等于应付金额\"
  Created -> Paid on Pay if paid
  scenario \"付款\" { Pay [实付金额等于应付金额] => Paid }
}
",
    );
    let o = s.run(&["check", "guarded.fsm"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("`实付金额等于应付金额` is a label; names in a spec are ids"),
        "{out}"
    );
    assert!(out.contains("help: did you mean `paid`?"), "{out}");
}

#[test]
fn a_wait_that_moves_nothing_says_why_the_run_fails() {
    let mut out = String::new();
    for lang in ["en", "zh"] {
        out.push_str(&shown(&["simulate", PRESALE, "after 25m", "--lang", lang]));
        out.push_str(&shown(&[
            "simulate",
            "specs/order.fsm",
            "Pay",
            "Cancel by buyer",
            "--lang",
            lang,
        ]));
    }
    insta::assert_snapshot!(out);
    // Said as expected, the same wait passes.
    let o = run(&["simulate", PRESALE, "after 25m => Deposit"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn only_what_is_still_to_come_is_pending_with_the_time_left() {
    let o = run(&["simulate", PRESALE, "after 25m => Deposit"]);
    let out = stdout(&o);
    let pending = out
        .lines()
        .find(|l| l.starts_with("pending timeouts: "))
        .unwrap_or_else(|| panic!("{out}"));
    // 定金提醒 (after 10m) ran: it is no longer pending.
    assert!(!pending.contains("定金提醒"), "{pending}");
    assert_eq!(
        pending,
        "pending timeouts: in 5m reminder 关闭通知, in 5m -> 已关闭 (Closed), in 11h35m reminder 每日巡检"
    );
    assert!(
        out.contains("ends in 待付定金 (Deposit), 25m after entering it"),
        "{out}"
    );
    // A guarded timeout that said no is asked again at the next wait.
    let o = run(&[
        "simulate",
        PRESALE,
        "PayDeposit",
        "after 3h [not balance_overdue] => Balance",
        "--lang",
        "zh",
    ]);
    assert!(
        stdout(&o).contains("待触发的超时：现在 -> 已关闭 (Closed)（如果 `balance_overdue` 成立）、1h 后提醒 人工跟进"),
        "{}",
        stdout(&o)
    );
}
