//! The message catalogue: both languages for every entry, the same placeholders in both,
//! entries for every code, and every diagnostic the fixtures produce put into words from
//! the catalogue only, so that nothing reaches a Chinese reader in English.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use order_fsm_core::diag::codes;
use order_fsm_core::msg::{self, Lang, Msg, Text};

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The English words of a text: without code in backquotes and placeholders.
fn words(en: &str) -> String {
    en.split('`')
        .step_by(2)
        .collect::<String>()
        .split(['{', '}'])
        .step_by(2)
        .collect::<String>()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect()
}

#[test]
fn every_entry_has_both_languages_with_the_same_placeholders() {
    let mut names = HashSet::new();
    for m in msg::ALL {
        assert!(names.insert(m.name), "{} is defined twice", m.name);
        assert!(!m.en.trim().is_empty(), "{} has no English text", m.name);
        assert!(!m.zh.trim().is_empty(), "{} has no Chinese text", m.name);
        assert_eq!(
            Msg::placeholders(m.en),
            Msg::placeholders(m.zh),
            "{}: the two languages use different placeholders",
            m.name
        );
        if !words(m.en).is_empty() {
            assert_ne!(
                m.en, m.zh,
                "{}: the Chinese text is the English one",
                m.name
            );
        }
        for p in Msg::placeholders(m.en) {
            assert!(
                !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}: placeholder `{{{p}}}` is not a plain name",
                m.name
            );
        }
    }
}

#[test]
fn chinese_entries_read_as_chinese() {
    // Entries that are only code or placeholders in both languages are the exception.
    for m in msg::ALL {
        if !words(m.en).is_empty() {
            assert!(has_cjk(m.zh), "{} has no Chinese words: {:?}", m.name, m.zh);
        }
    }
}

#[test]
fn every_code_has_entries_and_every_entry_a_known_code() {
    let known: BTreeSet<&str> = codes::ALL.iter().copied().collect();
    let used: BTreeSet<&str> = msg::ALL.iter().map(|m| m.code).collect();
    for c in &known {
        assert!(used.contains(c), "code {c} has no message in the catalogue");
    }
    for m in msg::ALL {
        assert!(
            m.code.is_empty() || known.contains(m.code),
            "{} names the unknown code {}",
            m.name,
            m.code
        );
    }
}

#[test]
fn rendering_fills_every_placeholder_in_both_languages() {
    let t = order_fsm_core::t!(msg::W0001_MESSAGE, state = Text::code("Paid"));
    assert_eq!(t.render(Lang::En), "state `Paid` can never be reached");
    assert_eq!(t.render(Lang::Zh), "状态 `Paid` 永远到达不了");
    let list = Text::List(vec!["`a`".into(), "`b`".into(), "`c`".into()]);
    assert_eq!(list.render(Lang::En), "`a`, `b` and `c`");
    assert_eq!(list.render(Lang::Zh), "`a`、`b` 和 `c`");
}

#[test]
fn language_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_vars(env(&[])), Lang::En);
    assert_eq!(Lang::from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
    assert_eq!(Lang::from_vars(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_vars(env(&[("LANG", "C")])), Lang::En);
    assert_eq!(
        Lang::from_vars(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        Lang::from_vars(env(&[("LC_MESSAGES", "zh_TW.UTF-8"), ("LANG", "en_US")])),
        Lang::Zh
    );
    assert_eq!(
        Lang::from_vars(env(&[("ORDER_FSM_LANG", "en"), ("LC_ALL", "zh_CN.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        Lang::from_vars(env(&[("ORDER_FSM_LANG", "zh"), ("LC_ALL", "C")])),
        Lang::Zh
    );
    // Set but empty counts as not set.
    assert_eq!(
        Lang::from_vars(env(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")])),
        Lang::Zh
    );
}

fn invalid_fixtures() -> Vec<(String, order_fsm_core::Compiled)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "fsm"))
        .collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let bytes = std::fs::read(&p).expect("readable");
        out.push((name.clone(), order_fsm_core::compile_bytes(&name, &bytes)));
    }
    out
}

#[test]
fn every_diagnostic_of_the_fixtures_comes_from_the_catalogue() {
    let placeholders: BTreeSet<&str> = msg::ALL
        .iter()
        .flat_map(|m| Msg::placeholders(m.en))
        .collect();
    let mut codes_seen = BTreeSet::new();
    for (name, c) in invalid_fixtures() {
        for d in &c.diagnostics {
            codes_seen.insert(d.code);
            for t in d.texts() {
                assert!(
                    t.is_catalogued(),
                    "{name}: {} has a text outside the catalogue: {:?}",
                    d.code,
                    t.render(Lang::En)
                );
            }
            for t in [&d.message, &d.primary.message] {
                let zh = t.render(Lang::Zh);
                assert!(has_cjk(&zh), "{name}: {zh}");
            }
            for text in d.texts().map(|t| t.render(Lang::Zh)) {
                for p in &placeholders {
                    assert!(
                        !text.contains(&format!("{{{p}}}")),
                        "{name}: unfilled placeholder in {text:?}"
                    );
                }
            }
        }
    }
    assert!(
        codes_seen.len() >= 30,
        "fixtures cover {} codes",
        codes_seen.len()
    );
}

#[test]
fn chinese_diagnostics_keep_the_ascii_prefix() {
    for (name, c) in invalid_fixtures() {
        let zh = c.render_in(Lang::Zh);
        let en = c.render();
        let prefixes = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
                .map(|l| l.split(':').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(prefixes(&zh), prefixes(&en), "{name}");
        assert!(zh.contains("发现"), "{name}: {zh}");
    }
}

#[test]
fn chinese_snapshots() {
    // Each listed fixture must exist: a renamed one would otherwise drop its snapshot quietly.
    let all = invalid_fixtures();
    for name in [
        "err_E0001_prd_lines.fsm",
        "err_E0009_from_final.fsm",
        "err_E0010_dead_for_each_role.fsm",
        "err_E0015_scenario_contradicted.fsm",
        "err_E0015_scenario_forms.fsm",
        "err_E0020_rejected_without_steps.fsm",
        "err_E0002_unknown_state.fsm",
        "err_E0024_rule_via_roles_guards.fsm",
        "err_E0012_shared_in_system.fsm",
        "err_E0026_mixed_codes.fsm",
        "err_W0011_code_hole.fsm",
        "err_E0011_reminder_after_close.fsm",
        "err_W0013_idle_reminder.fsm",
        "err_E0001_guards_combined.fsm",
        "err_E0001_clause_order.fsm",
        "err_E0001_timeout_label.fsm",
        "err_E0001_list_words.fsm",
        "err_E0001_line_broken.fsm",
        "err_E0001_quoted_step.fsm",
        "err_E0021_guard_stays_known.fsm",
        "err_E0003_starts_like_another.fsm",
        "err_E0024_rule_and_scenario.fsm",
    ] {
        let (_, c) = all
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("fixture {name} is missing"));
        insta::assert_snapshot!(format!("zh_{name}"), c.render_in(Lang::Zh));
    }
}
