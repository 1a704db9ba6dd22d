//! What each diagnostic code means, in English and Chinese: the text of
//! `order-fsm explain CODE` and of the Diagnostics chapter of both language references.
//!
//! Each code has one entry, the file `diagnostics/CODE.md` of this crate: its English section
//! (`### E0002: unknown state`, what it means, a wrong example, what `check` prints for it, the
//! fix), then its Chinese section (`### E0002: 未知的状态`, the same examples, what
//! `check --lang zh` prints). Both languages are in one file because they change together: the
//! examples are the same, and a change to one language shows the other beside it in the same
//! diff. `diagnostics/README.md` says how to write an entry.
//!
//! The entries are embedded here, in the core, so that everything built on it has them
//! without the repository: the command (`cargo install` carries this crate's files), and a
//! language server or a WebAssembly playground that shows a diagnostic's explanation. The
//! Diagnostics chapters of the references `docs/spec-language.md` and
//! `docs/spec-language.zh.md` are generated from the same files: a test fails when a page
//! differs from them, and `ORDER_FSM_BLESS=1 cargo test -p order-fsm-core diagnostics_pages`
//! writes them into the pages.
//!
//! ```
//! use order_fsm_core::explain;
//! use order_fsm_core::msg::Lang;
//!
//! let en = explain::explanation("E0002", Lang::En).unwrap();
//! assert!(en.starts_with("### E0002: unknown state\n"));
//! assert_eq!(explain::title("E0002", Lang::Zh), Some("未知的状态"));
//! assert_eq!(explain::explanation("E9999", Lang::En), None);
//! ```

use crate::msg::Lang;

/// `(code, file)` for each entry: the list is written out because `include_str!` needs a
/// literal path. A test holds it to `diag::codes::ALL` and to the folder.
macro_rules! entries {
    ($($code:literal)*) => {
        &[$(($code, include_str!(concat!("../diagnostics/", $code, ".md")))),*]
    };
}

const ENTRIES: &[(&str, &str)] = entries![
    "E0001" "E0002" "E0003" "E0004" "E0005" "E0006" "E0007" "E0008" "E0009" "E0010"
    "E0011" "E0012" "E0013" "E0014" "E0015" "E0016" "E0017" "E0018" "E0019" "E0020"
    "E0021" "E0022" "E0023" "E0024" "E0025" "E0026" "E0027" "E0028" "E0029"
    "W0001" "W0002" "W0003" "W0004" "W0005" "W0006" "W0007" "W0008" "W0009" "W0010"
    "W0011" "W0012" "W0013" "W0014" "W0015"
];

/// The codes that have an entry, in the order of `diag::codes::ALL`.
pub fn codes() -> impl Iterator<Item = &'static str> {
    ENTRIES.iter().map(|(code, _)| *code)
}

/// The section of `code` (written as in `diag::codes`, e.g. `E0002`) in `lang`: Markdown that
/// starts with its heading `### E0002: …` and ends without a line break. `None` for a code
/// without an entry.
pub fn explanation(code: &str, lang: Lang) -> Option<&'static str> {
    let file = ENTRIES.iter().find(|(c, _)| *c == code)?.1;
    let (en, zh) = split(code, file)?;
    Some(match lang {
        Lang::En => en,
        Lang::Zh => zh,
    })
}

/// The title of `code`'s section in `lang`: its heading after `CODE:` (`unknown state`,
/// `未知的状态`).
pub fn title(code: &str, lang: Lang) -> Option<&'static str> {
    let heading = explanation(code, lang)?.lines().next()?;
    let rest = heading.strip_prefix("### ")?.strip_prefix(code)?;
    Some(rest.trim_start_matches([':', '：']).trim())
}

/// An entry's English and Chinese sections: the Chinese one starts at the second heading
/// `### CODE` of the file. Each is trimmed at its end.
fn split<'a>(code: &str, file: &'a str) -> Option<(&'a str, &'a str)> {
    let second = file
        .match_indices("\n### ")
        .map(|(i, _)| i + 1)
        .find(|&i| file[i + 4..].starts_with(code))?;
    Some((file[..second].trim_end(), file[second..].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_splits_at_its_second_heading() {
        let file =
            "### E0002: unknown state\n\ntext\n\n### E0003: no\n\n### E0002: 未知的状态\n\n文字\n";
        assert_eq!(
            split("E0002", file),
            Some((
                "### E0002: unknown state\n\ntext\n\n### E0003: no",
                "### E0002: 未知的状态\n\n文字"
            ))
        );
        assert_eq!(split("E0002", "### E0002: alone\n"), None);
    }

    #[test]
    fn every_entry_is_found_by_its_code_in_both_languages() {
        for code in codes() {
            for lang in [Lang::En, Lang::Zh] {
                let text = explanation(code, lang).unwrap_or_default();
                assert!(text.starts_with(&format!("### {code}")), "{code} {lang:?}");
                assert!(
                    title(code, lang).is_some_and(|t| !t.is_empty()),
                    "{code} {lang:?}"
                );
            }
        }
        assert_eq!(explanation("e0002", Lang::En), None);
        assert_eq!(title("", Lang::Zh), None);
    }
}
