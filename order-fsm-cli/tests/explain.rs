//! `order-fsm explain` and the language of messages, end to end: every code explained in
//! both languages, the English text equal to the reference's and the Chinese one equal to the
//! Chinese reference's, with the same examples in the same order and transcripts that are the
//! real output; `--lang` and the environment choosing the language of messages but not of
//! documents.

use crate::common;

use common::{root, run, run_with_env, stderr, stdout};
use order_fsm_core::diag::codes;
use order_fsm_core::msg::Lang;
use order_fsm_testing::{markdown_blocks, MarkdownBlock};

/// The `### CODE…` section of a page, up to the next heading of its level or above.
fn section<'a>(page: &'a str, code: &str) -> Option<&'a str> {
    let start = page
        .match_indices(&format!("### {code}"))
        .map(|(i, _)| i)
        .find(|&i| i == 0 || page[..i].ends_with('\n'))?;
    let rest = &page[start..];
    let end = rest[4..]
        .match_indices("\n#")
        .map(|(i, _)| i + 4)
        .find(|&i| rest[i + 1..].starts_with("## ") || rest[i + 1..].starts_with("### "))
        .map_or(rest.len(), |i| i + 1);
    Some(rest[..end].trim_end())
}

fn blocks(text: &str) -> Vec<MarkdownBlock> {
    markdown_blocks(text).unwrap_or_else(|e| panic!("{e}"))
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `\xNN` as the byte it stands for (the reference writes E0016's raw bytes so).
fn raw_bytes(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') {
            if let Some(v) = text
                .get(i + 2..i + 4)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The text of `page` around its links `[text](#anchor)`, in order: a terminal shows each
/// link as the name of its section, so only the text between links is compared.
fn around_links(page: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find('[') {
        let link = rest[open..]
            .find("](#")
            .map(|i| open + i)
            .and_then(|close| {
                let end = rest[close..].find(')')? + close;
                let text = &rest[open + 1..close];
                (!text.contains(['[', '\n']) && !rest[close..end].contains(' ')).then_some(end)
            });
        match link {
            Some(end) => {
                parts.push(&rest[..open]);
                rest = &rest[end + 1..];
            }
            None => {
                parts.push(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    parts.push(rest);
    parts
}

/// Whether `shown` is the section `want` with each link put into words: the same text
/// between the links, and no link left.
fn same_but_links(shown: &str, want: &str) -> bool {
    let parts = around_links(want);
    let mut at = 0;
    for (i, p) in parts.iter().enumerate() {
        let found = if i == 0 {
            shown.starts_with(p).then_some(0)
        } else {
            shown[at..].find(p).map(|x| x + at)
        };
        match found {
            Some(x) => at = x + p.len(),
            None => return false,
        }
    }
    shown.ends_with(parts.last().copied().unwrap_or_default()) && !shown.contains("](#")
}

#[test]
fn a_terminal_shows_no_link() {
    let o = run(&["explain", "E0023", "--lang", "en"]);
    let out = stdout(&o);
    assert!(!out.contains("](#"), "{out}");
    assert!(
        out.contains("(see section 9, “How an event is decided”)"),
        "{out}"
    );
    let o = run(&["explain", "E0024", "--lang", "zh"]);
    let out = stdout(&o);
    assert!(
        out.contains("某条规则（第 12 节「`rule`：业务规则」）不成立"),
        "{out}"
    );
    assert!(same_but_links("a x b y c", "a [l](#s) b [m](#t) c"));
    assert!(!same_but_links("a x b c", "a [l](#s) b [m](#t) d"));
    assert!(!same_but_links("a [l](#s) b", "a [l](#s) b"));
}

#[test]
fn every_code_is_explained_in_english_as_the_reference_says() {
    let reference =
        std::fs::read_to_string(root().join("docs/spec-language.md")).expect("reference");
    for code in codes::ALL {
        let o = run(&["explain", code, "--lang", "en"]);
        assert_eq!(o.status.code(), Some(0), "{code}: {}", stderr(&o));
        let want = section(&reference, code).unwrap_or_else(|| panic!("{code} in reference"));
        assert!(
            same_but_links(stdout(&o).trim_end(), want),
            "`explain {code}` differs from docs/spec-language.md: the section and \
             order-fsm-core/diagnostics/{code}.md must say the same\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn every_code_is_explained_in_chinese_as_the_chinese_reference_says() {
    let reference =
        std::fs::read_to_string(root().join("docs/spec-language.zh.md")).expect("reference");
    for code in codes::ALL {
        let o = run(&["explain", code, "--lang", "zh"]);
        assert_eq!(o.status.code(), Some(0), "{code}: {}", stderr(&o));
        let want = section(&reference, code).unwrap_or_else(|| panic!("{code} in reference"));
        assert!(
            same_but_links(stdout(&o).trim_end(), want),
            "`explain {code} --lang zh` differs from docs/spec-language.zh.md: the section and \
             order-fsm-core/diagnostics/{code}.md must say the same\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn every_code_is_explained_in_chinese_with_the_same_examples() {
    let reference =
        std::fs::read_to_string(root().join("docs/spec-language.md")).expect("reference");
    for code in codes::ALL {
        let o = run(&["explain", &code.to_ascii_lowercase(), "--lang", "zh"]);
        assert_eq!(o.status.code(), Some(0), "{code}: {}", stderr(&o));
        let zh = stdout(&o);
        assert!(
            zh.starts_with(&format!("### {code}:")) || zh.starts_with(&format!("### {code}：")),
            "{code}: {zh}"
        );
        assert!(has_cjk(&zh), "{code}");
        let en = section(&reference, code).expect("section");
        let fsm = |text: &str| -> Vec<(String, String)> {
            blocks(text)
                .into_iter()
                .filter(|b| b.info.starts_with("fsm"))
                .map(|b| (b.info, b.text))
                .collect()
        };
        assert_eq!(
            fsm(&zh),
            fsm(en),
            "{code}: the examples differ from the reference's"
        );
        // Each transcript after an example is what `check --lang zh` prints for it (lines
        // may be left out; a line holding only `…` marks the cut, as on the page).
        let all = blocks(&zh);
        for (i, b) in all.iter().enumerate() {
            if !b.info.starts_with("fsm,") {
                continue;
            }
            let shown = all.get(i + 1).filter(|t| t.info == "text");
            let shown = shown.unwrap_or_else(|| panic!("{code}: an example without output"));
            let c = order_fsm_core::compile_bytes("example.fsm", &raw_bytes(&b.text));
            let real = c.render_in(Lang::Zh);
            let real_lines: Vec<&str> = real.lines().map(str::trim_end).collect();
            let mut compared = 0;
            for line in shown.text.lines().map(str::trim_end) {
                if line.is_empty() || line.trim() == "…" {
                    continue;
                }
                assert!(
                    real_lines.contains(&line),
                    "{code}: {line:?} is not in the real output:\n{real}"
                );
                compared += 1;
            }
            // An output made only of cuts would show nothing to compare.
            assert!(
                compared > 0,
                "{code}: an example whose output shows no line"
            );
        }
    }
}

#[test]
fn explain_alone_lists_every_code_in_the_chosen_language() {
    let reference =
        std::fs::read_to_string(root().join("docs/spec-language.md")).expect("reference");
    for lang in ["en", "zh"] {
        let o = run(&["explain", "--lang", lang]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        for code in codes::ALL {
            let line = out
                .lines()
                .find(|l| l.trim_start().starts_with(code))
                .unwrap_or_else(|| panic!("{code} not listed"));
            if lang == "en" {
                let heading = section(&reference, code)
                    .and_then(|s| s.lines().next())
                    .expect("heading");
                let title = heading.split_once(": ").map_or("", |(_, t)| t);
                assert!(
                    !title.is_empty() && line.ends_with(title),
                    "{line} / {heading}"
                );
            } else {
                assert!(has_cjk(line), "{line}");
            }
        }
    }
}

#[test]
fn an_unknown_code_is_a_usage_error() {
    for args in [
        &["explain", "E9999"][..],
        &["explain", "nonsense", "--lang", "zh"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    let o = run(&["explain", "E9999", "--lang", "zh"]);
    assert!(has_cjk(&stderr(&o)), "{}", stderr(&o));
}

const BAD: &str = "order-fsm-core/tests/fixtures/invalid/err_E0002_unknown_state.fsm";

fn check_with(env: &[(&str, Option<&str>)], extra: &[&str]) -> String {
    let mut args = vec!["check", BAD];
    args.extend_from_slice(extra);
    let o = run_with_env(&root(), &args, None, env);
    assert_eq!(o.status.code(), Some(1));
    stdout(&o)
}

#[test]
fn the_environment_chooses_the_language_of_messages() {
    let unset = [
        ("ORDER_FSM_LANG", None),
        ("LC_ALL", None),
        ("LC_MESSAGES", None),
        ("LANG", None),
    ];
    let with = |pairs: &[(&'static str, Option<&'static str>)]| {
        let mut env = unset.to_vec();
        for p in pairs {
            env.retain(|(k, _)| *k != p.0);
            env.push(*p);
        }
        env
    };
    let zh = "未知的状态 `Shiped`";
    let en = "unknown state `Shiped`";
    assert!(check_with(&with(&[]), &[]).contains(en));
    assert!(check_with(&with(&[("LANG", Some("zh_CN.UTF-8"))]), &[]).contains(zh));
    assert!(check_with(&with(&[("LC_MESSAGES", Some("zh_CN.UTF-8"))]), &[]).contains(zh));
    assert!(check_with(
        &with(&[
            ("LC_ALL", Some("en_US.UTF-8")),
            ("LANG", Some("zh_CN.UTF-8"))
        ]),
        &[]
    )
    .contains(en));
    assert!(check_with(
        &with(&[
            ("ORDER_FSM_LANG", Some("en")),
            ("LC_ALL", Some("zh_CN.UTF-8"))
        ]),
        &[]
    )
    .contains(en));
    assert!(check_with(&with(&[("ORDER_FSM_LANG", Some("zh"))]), &[]).contains(zh));
    // The flag wins over the environment.
    let out = check_with(&with(&[("ORDER_FSM_LANG", Some("zh"))]), &["--lang", "en"]);
    assert!(out.contains(en), "{out}");
    // The prefix editors and CI parse stays ASCII.
    let out = check_with(&with(&[("LANG", Some("zh_CN.UTF-8"))]), &[]);
    assert!(out.contains("error[E0002]: "), "{out}");
}

#[test]
fn documents_do_not_follow_the_locale() {
    let doc = |lang: &'static str| {
        let env = [
            ("ORDER_FSM_LANG", None),
            ("LC_ALL", None),
            ("LANG", Some(lang)),
        ];
        let o = run_with_env(&root(), &["doc", "specs/order.fsm"], None, &env);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let zh = doc("zh_CN.UTF-8");
    assert_eq!(zh, doc("en_US.UTF-8"));
    assert!(has_cjk(&zh));
}

#[test]
fn json_diagnostics_follow_the_language() {
    let o = run(&["check", BAD, "--format", "json", "--lang", "zh"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let d = &v[0];
    assert_eq!(d["code"], "E0002");
    assert_eq!(d["message"], "未知的状态 `Shiped`");
    assert!(d["rendered"]
        .as_str()
        .is_some_and(|r| r.starts_with("error[E0002]: 未知的状态")));
}

#[test]
fn simulate_and_test_in_chinese() {
    let o = run(&[
        "simulate",
        "specs/order.fsm",
        "Pay",
        "Ship by seller",
        "Cancel",
        "--lang",
        "zh",
    ]);
    insta::assert_snapshot!("simulate_zh", stdout(&o));
    let o = run(&[
        "test",
        "order-fsm-core/tests/fixtures/invalid/err_E0015_scenario_contradicted.fsm",
        "--lang",
        "zh",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("test_zh", stdout(&o));
}
