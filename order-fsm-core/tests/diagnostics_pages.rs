//! The Diagnostics chapters of `docs/spec-language.md` and `docs/spec-language.zh.md` are
//! made from the entries of `order-fsm-core/diagnostics/`, never written by hand.
//!
//! In each page, a comment line starting with [`MARK`] ends the chapter's own introduction;
//! from the next line to the next chapter (`## `) come the sections of every code of
//! [`codes::ALL`], in its order and in the page's language, each followed by a blank line.
//! A page that differs fails here; to write the entries into both pages, run
//!
//! ```sh
//! ORDER_FSM_BLESS=1 cargo test -p order-fsm-core diagnostics_pages
//! ```

use std::path::{Path, PathBuf};

use order_fsm_core::diag::codes;
use order_fsm_core::explain;
use order_fsm_core::msg::Lang;

/// The start of the comment line after which a page's code sections are generated.
const MARK: &str = "<!-- BEGIN order-fsm-core/diagnostics/";

const PAGES: [(&str, Lang); 2] = [
    ("docs/spec-language.md", Lang::En),
    ("docs/spec-language.zh.md", Lang::Zh),
];

fn path(page: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(page)
}

/// `page` with its generated part made from the entries in `lang`.
fn generated(page: &str, lang: Lang) -> Result<String, String> {
    let mark = page
        .match_indices(MARK)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || page[..i].ends_with('\n'))
        .ok_or_else(|| format!("no line starts with `{MARK}`"))?;
    let start = page[mark..]
        .find('\n')
        .map(|i| mark + i + 1)
        .ok_or("the page ends on the marker line")?;
    let end = page[start..]
        .match_indices("\n## ")
        .next()
        .map_or(page.len(), |(i, _)| start + i + 1);
    let mut out = String::with_capacity(page.len());
    out.push_str(&page[..start]);
    out.push('\n');
    for code in codes::ALL {
        let section =
            explain::explanation(code, lang).ok_or_else(|| format!("{code} has no entry"))?;
        out.push_str(section);
        out.push_str("\n\n");
    }
    out.push_str(&page[end..]);
    Ok(out)
}

/// The first line where `a` and `b` differ (from 1), with both versions of it.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    let mut n = 1;
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (None, None) => return "only in line breaks".into(),
            (x, y) => {
                return format!(
                    "line {n}: the page has {:?}, the entries make {:?}",
                    x.unwrap_or("(end)"),
                    y.unwrap_or("(end)")
                )
            }
        }
    }
}

fn bless() -> bool {
    std::env::var_os("ORDER_FSM_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn the_references_diagnostics_sections_are_the_entries() {
    let mut stale = Vec::new();
    for (page, lang) in PAGES {
        let file = path(page);
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let want = generated(&text, lang).unwrap_or_else(|e| panic!("{page}: {e}"));
        if want == text {
            continue;
        }
        if bless() {
            // Other tests read the page meanwhile: they see the old one or the new one whole.
            let tmp = file.with_extension("md.blessing");
            std::fs::write(&tmp, &want).expect("write the page");
            std::fs::rename(&tmp, &file).expect("replace the page");
        } else {
            stale.push(format!("{page}: {}", first_difference(&text, &want)));
        }
    }
    assert!(
        stale.is_empty(),
        "the Diagnostics chapter differs from order-fsm-core/diagnostics/; edit the entries, \
         not the page, and run `ORDER_FSM_BLESS=1 cargo test -p order-fsm-core \
         diagnostics_pages`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_generated_part_runs_from_the_marker_to_the_next_chapter() {
    let page = format!("# Ref\n## 14. Codes\nIntro.\n\n{MARK} x -->\n\nold text\n\n## 15. Next\n");
    let out = generated(&page, Lang::En).expect("a marker");
    let first = explain::explanation(codes::SYNTAX, Lang::En).expect("E0001");
    assert!(
        out.starts_with(&format!(
            "# Ref\n## 14. Codes\nIntro.\n\n{MARK} x -->\n\n{first}\n\n"
        )),
        "{out}"
    );
    let last_code = codes::ALL.last().expect("codes");
    let last = explain::explanation(last_code, Lang::En).expect("the last code");
    assert!(out.ends_with(&format!("{last}\n\n## 15. Next\n")), "{out}");
    assert!(!out.contains("old text"));
    assert_eq!(
        generated(&out, Lang::En).as_ref(),
        Ok(&out),
        "generating twice"
    );
    // Without a chapter after it, the sections run to the end of the page.
    let tail = generated(&format!("{MARK} -->\nold\n"), Lang::Zh).expect("a marker");
    let last = explain::explanation(last_code, Lang::Zh).expect("the last code");
    assert!(tail.ends_with(&format!("{last}\n\n")), "{tail}");
    assert!(generated("## 14. Codes\n### E0001: x\n", Lang::En).is_err());
    assert!(generated(&format!("x {MARK} -->\n"), Lang::En).is_err());
    assert_eq!(
        first_difference("a\nb\n", "a\nc\n"),
        "line 2: the page has \"b\", the entries make \"c\""
    );
}
