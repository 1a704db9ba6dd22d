//! `order-fsm explain [CODE]`: a diagnostic code's section of the reference, like
//! `rustc --explain`, so that someone who installed only the binary has it.
//!
//! The sections are the core's entries (`order_fsm_core::explain`, one file per code in
//! `order-fsm-core/diagnostics/`), embedded in the core and so in this binary; the
//! Diagnostics chapters of `docs/spec-language.md` and `docs/spec-language.zh.md` are
//! generated from the same entries.

use std::io::Write;
use std::process::ExitCode;

use order_fsm_core::diag::codes;
use order_fsm_core::explain;
use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::t;

use crate::exit::Status;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

pub fn run(args: &ExplainArgs) -> ExitCode {
    let lang = args.messages.get();
    // A reader that stops early (`| head`) is not an error.
    let mut out = std::io::stdout().lock();
    match &args.code {
        None => {
            let _ = writeln!(out, "{}", t!(msg::CLI_EXPLAIN_LIST).render(lang));
            for code in codes::ALL {
                let title = explain::title(code, lang).unwrap_or_default();
                let _ = writeln!(out, "  {code}  {title}");
            }
            Status::Success.into()
        }
        Some(wanted) => {
            let wanted = wanted.trim().to_ascii_uppercase();
            match explain::explanation(&wanted, lang) {
                Some(section) => {
                    let _ = writeln!(out, "{}", for_terminal(section, lang));
                    Status::Success.into()
                }
                None => {
                    let line = t!(msg::CLI_EXPLAIN_UNKNOWN, code = Text::code(&wanted));
                    eprintln!("error: {}", line.render(lang));
                    Status::Usage.into()
                }
            }
        }
    }
}

/// The sections of the language reference an entry links to: `(anchor, chapter, heading)` in
/// English and in Chinese, as the references write them. A test holds every row to the
/// headings of `docs/spec-language.md` and `docs/spec-language.zh.md`, and every link of an
/// entry to a row.
const SECTIONS: &[(&str, u32, &str)] = &[
    ("how-an-event-is-decided", 9, "How an event is decided"),
    (
        "lines-that-can-never-be-taken",
        9,
        "Lines that can never be taken",
    ),
    ("how-a-timeout-is-decided", 9, "How a timeout is decided"),
    ("12-rule-business-rules", 12, "`rule`: business rules"),
    (
        "13-reserved-words-and-names-in-code",
        13,
        "Reserved words and names in code",
    ),
    ("事件如何判定", 9, "事件如何判定"),
    ("永远走不到的流转", 9, "永远走不到的流转"),
    ("超时如何判定", 9, "超时如何判定"),
    ("12-rule业务规则", 12, "`rule`：业务规则"),
    ("13-保留字与代码里的名字", 13, "保留字与代码里的名字"),
];

/// An entry as a terminal shows it: a link to a section of the reference (`[text](#anchor)`),
/// which leads nowhere here, becomes the name of that section (`section 9, “How an event is
/// decided”`, `第 9 节「事件如何判定」`), after the link's own words when they say something
/// else. A link to no known section keeps its words alone.
pub fn for_terminal(section: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(section.len());
    let mut rest = section;
    while let Some((text, anchor, before, after)) = next_link(rest) {
        out.push_str(before);
        out.push_str(&link_words(text, anchor, lang));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The next `[text](#anchor)` of `s`: its text, anchor, what comes before and after it.
fn next_link(s: &str) -> Option<(&str, &str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = s[from..].find('[').map(|i| i + from) {
        let close = s[open..].find("](#").map(|i| i + open)?;
        let text = &s[open + 1..close];
        let tail = &s[close + 3..];
        match tail.find(')') {
            Some(end)
                if !text.contains(['[', '\n']) && !tail[..end].contains(char::is_whitespace) =>
            {
                return Some((text, &tail[..end], &s[..open], &tail[end + 1..]));
            }
            _ => from = open + 1,
        }
    }
    None
}

fn link_words(text: &str, anchor: &str, lang: Lang) -> String {
    let Some(&(_, chapter, heading)) = SECTIONS.iter().find(|(a, _, _)| *a == anchor) else {
        return text.to_string();
    };
    match lang {
        Lang::En => {
            let name = format!("section {chapter}, “{heading}”");
            if text == heading {
                name
            } else {
                format!("{text} ({name})")
            }
        }
        Lang::Zh => {
            let name = format!("第 {chapter} 节「{heading}」");
            let number = format!("第 {chapter} 节");
            if text.contains(&format!("「{heading}」")) {
                if text.contains(&number) {
                    text.to_string()
                } else {
                    text.replace(&format!("「{heading}」"), &name)
                }
            } else if text.contains(&number) {
                text.replacen(&number, &name, 1)
            } else {
                format!("{text}（{name}）")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_the_names_of_their_sections() {
        let en = "(see [How an event is decided](#how-an-event-is-decided)), a [rule](#12-rule-business-rules).";
        assert_eq!(
            for_terminal(en, Lang::En),
            "(see section 9, “How an event is decided”), a rule (section 12, “`rule`: business rules”)."
        );
        let zh = "（见[第 9 节「事件如何判定」](#事件如何判定)，[「永远走不到的流转」](#永远走不到的流转)，[第 13 节的列表](#13-保留字与代码里的名字)，某条[规则](#12-rule业务规则)）";
        assert_eq!(
            for_terminal(zh, Lang::Zh),
            "（见第 9 节「事件如何判定」，第 9 节「永远走不到的流转」，第 13 节「保留字与代码里的名字」的列表，某条规则（第 12 节「`rule`：业务规则」））"
        );
        // Not links: code, an array, a link to no known section.
        assert_eq!(for_terminal("`a[0]` [x](y)", Lang::En), "`a[0]` [x](y)");
        assert_eq!(for_terminal("[x](#nowhere) [", Lang::En), "x [");
    }

    /// The anchor GitHub gives a heading (as the reference's own link test computes it).
    fn anchor(heading: &str) -> String {
        heading
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect()
    }

    #[test]
    fn every_section_an_entry_links_to_is_named_as_the_reference_names_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (page, lang) in [
            ("docs/spec-language.md", Lang::En),
            ("docs/spec-language.zh.md", Lang::Zh),
        ] {
            let text = std::fs::read_to_string(root.join(page)).expect("reference");
            // (anchor, chapter, heading as written)
            let mut headings = Vec::new();
            let mut chapter = 0;
            for line in text.lines() {
                if let Some(h) = line.strip_prefix("## ") {
                    chapter = h
                        .split('.')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                }
                if let Some(h) = line
                    .strip_prefix("### ")
                    .or_else(|| line.strip_prefix("## "))
                {
                    let shown = h.split_once(". ").filter(|(n, _)| n.parse::<u32>().is_ok());
                    headings.push((anchor(h), chapter, shown.map_or(h, |(_, t)| t).to_string()));
                }
            }
            for code in explain::codes() {
                let entry = explain::explanation(code, lang).unwrap_or_default();
                let mut rest = entry;
                while let Some((_, a, _, after)) = next_link(rest) {
                    let row = SECTIONS.iter().find(|(x, _, _)| *x == a);
                    let (_, chapter, heading) =
                        row.unwrap_or_else(|| panic!("{code}: #{a} has no row"));
                    assert!(
                        headings
                            .iter()
                            .any(|(x, c, h)| x == a && c == chapter && h == heading),
                        "{page}: no heading {heading:?} in chapter {chapter} with anchor #{a}"
                    );
                    rest = after;
                }
                assert!(!for_terminal(entry, lang).contains("](#"), "{code}");
            }
        }
    }
}
