//! The entries of `order-fsm-core/diagnostics/`: exactly one per code of [`codes::ALL`], in
//! its order, each an English section and then a Chinese one with the same examples.

use std::collections::BTreeSet;
use std::path::Path;

use order_fsm_core::diag::codes;
use order_fsm_core::explain;
use order_fsm_core::msg::Lang;
use order_fsm_testing::markdown_blocks;

fn folder() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("diagnostics")
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_code_has_exactly_one_entry_in_the_order_of_the_codes() {
    let all: Vec<&str> = codes::ALL.to_vec();
    let entries: Vec<&str> = explain::codes().collect();
    assert_eq!(
        entries, all,
        "the list in order-fsm-core/src/explain.rs must name every code of diag::codes::ALL \
         once, in its order"
    );
}

#[test]
fn every_file_of_the_folder_is_an_entry() {
    let listed: BTreeSet<String> = explain::codes().map(|c| format!("{c}.md")).collect();
    let mut found = BTreeSet::new();
    for e in std::fs::read_dir(folder()).expect("the folder is readable") {
        let name = e
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name != "README.md" {
            found.insert(name);
        }
    }
    assert_eq!(
        found, listed,
        "order-fsm-core/diagnostics/ holds a file that order-fsm-core/src/explain.rs does not \
         list, or the other way round"
    );
}

#[test]
fn every_entry_is_an_english_section_then_a_chinese_one() {
    for code in explain::codes() {
        let path = folder().join(format!("{code}.md"));
        let file = std::fs::read_to_string(&path).expect("the entry is readable");
        let en = explain::explanation(code, Lang::En).expect("English");
        let zh = explain::explanation(code, Lang::Zh).expect("Chinese");
        assert_eq!(
            file,
            format!("{en}\n\n{zh}\n"),
            "{code}.md: two sections separated by one blank line, ending with one line break, \
             no trailing spaces"
        );
        for (lang, text) in [("English", en), ("Chinese", zh)] {
            let heading = text.lines().next().unwrap_or_default();
            assert!(
                heading.starts_with(&format!("### {code}: "))
                    || heading.starts_with(&format!("### {code}：")),
                "{code}.md: the {lang} section starts with `### {code}: title`, not {heading:?}"
            );
            // The pages and the command cut sections at headings, inside code blocks or not.
            let headings: Vec<&str> = text
                .lines()
                .skip(1)
                .filter(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with("### "))
                .collect();
            assert!(
                headings.is_empty(),
                "{code}.md: the {lang} section has headings of its own: {headings:?}"
            );
            assert!(
                text.lines().all(|l| l == l.trim_end()),
                "{code}.md: trailing spaces"
            );
        }
        let title_en = explain::title(code, Lang::En).unwrap_or_default();
        let title_zh = explain::title(code, Lang::Zh).unwrap_or_default();
        assert!(
            !title_en.is_empty() && !has_cjk(title_en),
            "{code}: {title_en:?}"
        );
        assert!(has_cjk(title_zh), "{code}: {title_zh:?}");
    }
}

#[test]
fn every_entry_shows_the_same_examples_in_both_languages() {
    let examples = |text: &str| -> Vec<(String, String)> {
        markdown_blocks(text)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .filter(|b| b.info.starts_with("fsm"))
            .map(|b| (b.info, b.text))
            .collect()
    };
    for code in explain::codes() {
        let en = examples(explain::explanation(code, Lang::En).unwrap_or_default());
        let zh = examples(explain::explanation(code, Lang::Zh).unwrap_or_default());
        assert!(
            en.iter()
                .any(|(info, _)| info.split(',').any(|c| c.trim() == code)),
            "{code}.md: no `fsm,{code}` example"
        );
        assert_eq!(
            en, zh,
            "{code}.md: the two languages show different examples"
        );
    }
}
