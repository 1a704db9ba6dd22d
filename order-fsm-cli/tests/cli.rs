//! The `order-fsm` command end to end: exit codes, output, JSON.

use crate::common;

use common::{root, run, stderr, stdout};

const INVALID: &str = "order-fsm-core/tests/fixtures/invalid";

#[test]
fn check_clean_specs_exits_zero() {
    let o = run(&["check", "specs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn check_errors_exit_one_with_rustc_style_output() {
    let o = run(&["check", &format!("{INVALID}/err_E0002_unknown_state.fsm")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("error[E0002]: unknown state `Shiped`"),
        "{out}"
    );
    assert!(
        out.contains("--> order-fsm-core/tests/fixtures/invalid/err_E0002_unknown_state.fsm:8:14"),
        "{out}"
    );
    assert!(out.contains("help: did you mean `Shipped`?"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn warnings_pass_unless_denied() {
    let f = format!("{INVALID}/err_W0004_unused_event.fsm");
    assert_eq!(run(&["check", &f]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--deny-warnings", &f]).status.code(),
        Some(1)
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["check", "no/such/file.fsm"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let o = run(&["simulate", "specs/order.fsm", "Pya"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `Pay`?"), "{}", stderr(&o));
}

#[test]
fn simulate_refuses_a_guard_given_two_answers() {
    let o = run(&[
        "simulate",
        "specs/order.fsm",
        "Pay [payment_verified, not payment_verified]",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "error[E0023]: guard `payment_verified` is given two different answers in one step"
        ),
        "{err}"
    );
    assert!(
        stdout(&o).is_empty(),
        "nothing is simulated: {}",
        stdout(&o)
    );
}

#[test]
fn json_output_carries_positions() {
    let o = run(&[
        "check",
        "--format",
        "json",
        &format!("{INVALID}/err_many_errors_at_once.fsm"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid json");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 3);
    let first = &arr[0];
    assert_eq!(first["code"], "E0002");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 8);
    assert_eq!(first["column"], 14);
    assert_eq!(first["help"], "did you mean `Paid`?");
    assert!(first["rendered"].as_str().unwrap_or("").contains("^^^^^"));
}

/// A warning that follows from an error comes after it, says so, and carries the link in
/// JSON; the snapshot is the text a PM reads.
#[test]
fn a_warning_names_the_error_it_follows_from() {
    let f = format!("{INVALID}/err_W0001_because_of_final.fsm");
    let o = run(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
    let o = run(&["check", "--format", "json", &f]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid json");
    let arr = v.as_array().expect("array");
    let codes: Vec<&str> = arr.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["E0009", "W0001", "W0001", "W0010"]);
    assert_eq!(arr[0]["caused_by"], serde_json::json!([]));
    for w in &arr[1..] {
        assert_eq!(
            w["caused_by"],
            serde_json::json!([{"code": "E0009", "severity": "error", "line": 13, "column": 3}])
        );
    }
}

#[test]
fn simulate_explains_a_refusal() {
    let o = run(&[
        "simulate",
        "specs/order.fsm",
        "Pay",
        "Ship by seller",
        "Cancel by buyer",
    ]);
    assert_eq!(o.status.code(), Some(1), "a refused step fails the run");
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn simulate_expectations_met_exit_zero() {
    let o = run(&[
        "simulate",
        "specs/order.fsm",
        "Pay => Paid",
        "Cancel by buyer => rejected",
        "after 7d => Refunding",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).matches("as expected").count(), 3);
}

#[test]
fn simulate_needs_machine_for_multi_machine_files() {
    let f = "order-fsm-core/tests/fixtures/valid/two_machines.fsm";
    let o = run(&["simulate", f, "PickUp"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--machine"), "{}", stderr(&o));
    let o = run(&["simulate", f, "--machine", "Shipment", "PickUp", "Deliver"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("ends in 已签收 (Delivered) (final)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn test_runs_every_scenario() {
    let o = run(&["test", "specs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    // Every scenario written in the shipped specs, counted from their text.
    let written: usize = std::fs::read_dir(root().join("specs"))
        .expect("specs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "fsm"))
        .map(|p| {
            std::fs::read_to_string(&p)
                .expect("spec")
                .lines()
                .filter(|l| l.trim_start().starts_with("scenario \""))
                .count()
        })
        .sum();
    assert!(written >= 30, "only {written} scenarios found in specs/");
    assert!(
        out.contains(&format!("scenarios: {written} passed, 0 failed")),
        "{out}"
    );
    assert!(out.contains("rules: 13 hold, 0 broken"), "{out}");
    assert!(out.contains("  ok     rule \"退款前必须付过款\""), "{out}");
}

#[test]
fn test_reports_a_broken_rule_and_its_scenario_passes_when_pasted() {
    let path = format!("{INVALID}/err_E0024_rule_via_roles_guards.fsm");
    let o = run(&["test", &path]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("rules: 0 hold, 1 broken"), "{out}");
    insta::assert_snapshot!(out);
    // Paste the printed scenario into the spec in place of the rule: `test` passes it.
    let scenario = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("as a scenario: "))
        .expect("a scenario is printed");
    let text = std::fs::read_to_string(root().join(&path)).expect("fixture");
    let pasted: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("rule ") {
                format!("  {scenario}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = std::env::temp_dir().join(format!("order-fsm-rule-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("pasted.fsm");
    std::fs::write(&file, pasted + "\n").expect("write");
    let o = run(&["test", file.to_str().expect("utf-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("scenarios: 1 passed, 0 failed"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn test_reports_failing_scenario_with_trace() {
    let o = run(&[
        "test",
        &format!("{INVALID}/err_E0015_scenario_contradicted.fsm"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn help_is_written_for_people() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for cmd in ["check", "simulate", "test"] {
        assert!(out.contains(cmd), "{out}");
    }
}

#[test]
fn expand_fails_when_a_payload_type_is_not_rust() {
    let dir = std::env::temp_dir().join(format!("order-fsm-expand-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("bad_type.fsm");
    std::fs::write(
        &spec,
        "machine M \"m\" {\n  state A \"a\" initial\n  state B \"b\" final\n  event E \"e\" { x: Vec<fn> }\n  A -> B on E\n}\n",
    )
    .expect("write");
    let o = run(&["expand", &spec.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("is not a Rust type"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "nothing printed as if it were code");
    let o = run(&["expand", "specs/order.fsm"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("pub enum OrderState"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_filter_that_matches_no_scenario_fails() {
    let o = run(&["test", "specs", "--filter", "没有这个场景"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("no scenario name contains `没有这个场景`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["test", "specs", "--filter", "正常购物"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// The exit status table: every command's `--help` shows it, and the reference says the same.
#[test]
fn every_command_documents_the_same_exit_statuses() {
    let meanings = [
        "success",
        "the spec, a scenario, an expectation or a --check failed, or test --filter matched nothing",
        "the command line is wrong, or an input cannot be read (or an output cannot be written)",
    ];
    for cmd in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["simulate", "--help"],
        vec!["test", "--help"],
        vec!["doc", "--help"],
        vec!["expand", "--help"],
        vec!["sql", "--help"],
        vec!["fmt", "--help"],
        vec!["diff", "--help"],
    ] {
        let o = run(&cmd);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        for (status, meaning) in meanings.iter().enumerate() {
            assert!(
                out.contains(&format!("  {status}  {meaning}")),
                "{cmd:?} lacks status {status}:\n{out}"
            );
        }
    }
    let reference =
        std::fs::read_to_string(root().join("docs/spec-language.md")).expect("reference");
    for (status, meaning) in meanings.iter().enumerate() {
        let row = format!("| `{status}` | {meaning} |");
        assert!(reference.contains(&row), "the reference lacks {row}");
    }
}

#[test]
fn commands_follow_the_exit_status_table() {
    // 2: a path that cannot be read, for every command that reads specs.
    for cmd in [
        vec!["check", "no/such.fsm"],
        vec!["test", "no/such.fsm"],
        vec!["simulate", "no/such.fsm", "Pay"],
        vec!["doc", "no/such.fsm"],
        vec!["expand", "no/such.fsm"],
        vec!["sql", "no/such.fsm", "--dialect", "sqlite"],
    ] {
        let o = run(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("`no/such.fsm`: no such file or folder"),
            "{cmd:?}: {}",
            stderr(&o)
        );
    }
    // 2: a machine that does not exist is a wrong command line.
    let o = run(&["doc", "specs/order.fsm", "--machine", "Nope"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&["expand", "specs/order.fsm", "--machine", "Nope"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // 1: a spec with errors, for every command.
    let bad = format!("{INVALID}/err_E0002_unknown_state.fsm");
    for cmd in [
        vec!["check", &bad],
        vec!["test", &bad],
        vec!["simulate", &bad, "Pay"],
        vec!["doc", &bad],
        vec!["expand", &bad],
    ] {
        let o = run(&cmd);
        assert_eq!(o.status.code(), Some(1), "{cmd:?}: {}", stderr(&o));
    }
    // A path that cannot be read outranks a spec with errors.
    let o = run(&["check", &bad, "no/such.fsm"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn sql_prints_a_migration_per_dialect() {
    let o = run(&["sql", "specs/order.fsm", "--dialect", "sqlite"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("-- Order lifecycle Order"), "{out}");
    assert!(out.contains("CREATE TABLE IF NOT EXISTS \"order_orders\""));
    assert!(out.contains("(10, 20), -- Created -> Paid"));
    assert!(out.contains("CREATE TRIGGER \"order_orders_update\""));
    let o = run(&[
        "sql",
        "specs/after_sale.fsm",
        "--dialect",
        "postgres",
        "--schema",
        "shop",
        "--prefix",
        "app_",
        "--tenant",
        "--key",
        "uuid",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("CREATE SCHEMA IF NOT EXISTS \"shop\";"));
    assert!(out.contains("CREATE TABLE IF NOT EXISTS \"shop\".\"app_after_sale_orders\" (\n    \"tenant\" TEXT NOT NULL,\n    \"id\" UUID NOT NULL,"), "{out}");
}

#[test]
fn sql_alter_on_sqlite_adds_columns_once() {
    let args = [
        "sql",
        "specs/order.fsm",
        "--dialect",
        "sqlite",
        "--alter",
        "legacy_orders",
        "--status-column",
        "order_status",
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let add = "ALTER TABLE \"legacy_orders\" ADD COLUMN \"version\" BIGINT NOT NULL DEFAULT 0;";
    assert!(out.contains(add), "{out}");
    assert!(out.find(add) < out.find("BEGIN IMMEDIATE;"));
    assert!(out.contains(
        "SELECT * FROM \"legacy_orders\" WHERE \"order_status\" IS NULL OR \"order_status\" NOT IN (10, 20, 30, 35, 50, 40, 90, 91)"
    ));
    let mut later = args.to_vec();
    later.push("--columns-exist");
    let o = run(&later);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains("ADD COLUMN"));
}

#[test]
fn sql_exit_codes() {
    // Spec errors: 1, with the diagnostics.
    let o = run(&[
        "sql",
        &format!("{INVALID}/err_E0002_unknown_state.fsm"),
        "--dialect",
        "sqlite",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown state `Shiped`"),
        "{}",
        stderr(&o)
    );
    // Unreadable file, missing dialect, a schema on SQLite, several machines: 2.
    assert_eq!(
        run(&["sql", "nope.fsm", "--dialect", "sqlite"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["sql", "specs/order.fsm"]).status.code(), Some(2));
    let o = run(&[
        "sql",
        "specs/order.fsm",
        "--dialect",
        "sqlite",
        "--schema",
        "s",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--schema is for PostgreSQL"));
    let o = run(&[
        "sql",
        "order-fsm-core/tests/fixtures/valid/two_machines.fsm",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("choose one with --machine"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        run(&[
            "sql",
            "specs/order.fsm",
            "--dialect",
            "sqlite",
            "--columns-exist"
        ])
        .status
        .code(),
        Some(2),
        "--columns-exist needs --alter"
    );
    // A name no database takes is a wrong command line, said in the reader's language.
    let prefix = "app@";
    for (lang, words) in [
        (
            "en",
            "the name `\"app@\"` given to `--prefix` cannot be used: it contains `@`",
        ),
        ("zh", "`--prefix` 给的名字 `\"app@\"` 不能用：它含有 `@`"),
    ] {
        let o = run(&[
            "sql",
            "specs/order.fsm",
            "--dialect",
            "sqlite",
            "--prefix",
            prefix,
            "--lang",
            lang,
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(words), "{}", stderr(&o));
    }
    let o = run(&[
        "sql",
        "specs/order.fsm",
        "--dialect",
        "postgres",
        "--schema",
        &"s".repeat(64),
        "--lang",
        "zh",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("63 字节"), "{}", stderr(&o));
}

#[test]
fn sql_mixed_status_codes_need_text() {
    let dir = std::env::temp_dir().join(format!("order-fsm-sql-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("mixed.fsm");
    std::fs::write(
        &spec,
        "machine Mixed {\n  state A initial code 1\n  state B final code \"DONE\"\n  event Go\n  A -> B on Go\n}\n",
    )
    .expect("write spec");
    let path = spec.display().to_string();
    let o = run(&["sql", &path, "--dialect", "postgres", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`A` have numeric main codes, `B` have text codes or none")
            && err.contains("--status-type text"),
        "{err}"
    );
    let o = run(&["sql", &path, "--dialect", "postgres", "--lang", "zh"]);
    assert!(
        stderr(&o).contains("`A` 的主状态码是数字，`B` 的是文本或没有"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "sql",
        &path,
        "--dialect",
        "postgres",
        "--status-type",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("('1', 'DONE'); -- A -> B"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sql_help_explains_the_tables() {
    let o = run(&["sql", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
}

/// A reader that stops early (`order-fsm expand spec.fsm | head -1`) ends the command
/// quietly: no panic about a broken pipe on standard error.
#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("order-fsm"))
        .current_dir(root())
        .args(["expand", "specs/order.fsm"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run order-fsm");
    // Read one line's worth, then hang up: the generated code is far longer than a pipe holds.
    let mut out = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    let n = out.read(&mut first).expect("read");
    assert!(n > 0);
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("wait");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert!(
        !status.success(),
        "the output was cut short, yet it reported success"
    );
}

/// Messages about files, machines and summaries follow `--lang` like the diagnostics do; the
/// ASCII `error:` prefix stays for scripts.
#[test]
fn file_machine_and_summary_messages_follow_the_language() {
    let o = run(&["check", "--lang", "zh", "specs/no_such_spec.fsm"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: `specs/no_such_spec.fsm`：没有这个文件或文件夹"),
        "{}",
        stderr(&o)
    );
    let o = run(&["check", "--lang", "en", "specs/no_such_spec.fsm"]);
    assert!(
        stderr(&o).contains("error: `specs/no_such_spec.fsm`: no such file or folder"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "simulate",
        "--lang",
        "zh",
        "--machine",
        "Nope",
        "specs/order.fsm",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("里没有状态机 `Nope`；它有 `Order`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["fmt", "--check", "--lang", "zh", "specs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("个文件，0 个未格式化"),
        "{}",
        stderr(&o)
    );
    let o = run(&["fmt", "--check", "--lang", "en", "specs"]);
    assert!(
        stderr(&o).contains("files checked, 0 not formatted"),
        "{}",
        stderr(&o)
    );
}
