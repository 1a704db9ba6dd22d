//! Keeps `docs/spec-language.md` and its Chinese twin `docs/spec-language.zh.md` honest.
//!
//! Every fenced block whose info string starts with `fsm` is compiled:
//! - ```` ```fsm ```` blocks must compile with no errors and no warnings;
//! - ```` ```fsm,E0002 ```` (one or more codes after commas) blocks must report each code;
//! - a ```` ```text ```` block that directly follows a coded block shows what `check` prints
//!   for it, in the page's language: each of its lines must be a line of the rendered
//!   diagnostics (lines may be left out, and a line holding only `…` marks a cut).
//!
//! Every code in [`codes::ALL`] must have at least one coded block and its own section on each
//! page, and the two pages must have the same structure: the same numbered sections with the
//! same number of subsections, the same code sections, the same examples in the same order and
//! the same transcripts, so that a change to one page without the other fails here. Links
//! inside a page must lead to one of its headings.
//!
//! The page is UTF-8, so it cannot hold the raw bytes that `E0016` is about: inside a block
//! tagged `E0016`, `\xNN` stands for the byte with that hex value.

use order_fsm_testing::{markdown_blocks, MarkdownBlock as Block};
use std::collections::BTreeSet;
use std::path::Path;

use order_fsm_core::diag::codes;
use order_fsm_core::msg::Lang;
use order_fsm_core::Compiled;

/// The file name the examples are compiled under, as shown in their diagnostics.
const FILE_NAME: &str = "example.fsm";

/// The English reference and the Chinese one, as paths from the repository root.
const EN_PAGE: &str = "docs/spec-language.md";
const ZH_PAGE: &str = "docs/spec-language.zh.md";

fn read_page(page: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(page);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The fenced blocks of the page (one reader for every test that checks the docs).
fn blocks(markdown: &str) -> Vec<Block> {
    markdown_blocks(markdown).unwrap_or_else(|e| panic!("{e}"))
}

/// The codes a block's info string asks for: `None` if it is not a spec block, `Some(empty)`
/// for a plain `fsm` block.
fn expected_codes(page: &str, block: &Block) -> Option<Vec<String>> {
    let mut parts = block.info.split(',').map(str::trim);
    if parts.next() != Some("fsm") {
        assert!(
            !block.info.starts_with("fsm"),
            "{page}:{}: unknown info string `{}`; write `fsm` or `fsm,E0002`",
            block.line,
            block.info
        );
        return None;
    }
    let known: BTreeSet<&str> = codes::ALL.iter().copied().collect();
    let wanted: Vec<String> = parts.map(str::to_string).collect();
    for c in &wanted {
        assert!(
            known.contains(c.as_str()),
            "{page}:{}: `{c}` is not a diagnostic code",
            block.line
        );
    }
    Some(wanted)
}

/// `\xNN` sequences turned into raw bytes; everything else kept as it is.
fn raw_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\x") && i + 4 <= bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 2..i + 4])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn compile_block(block: &Block, wanted: &[String]) -> Compiled {
    if wanted.iter().any(|c| c == codes::BAD_INPUT) {
        order_fsm_core::compile_bytes(FILE_NAME, &raw_bytes(&block.text))
    } else {
        order_fsm_core::compile(FILE_NAME, &block.text)
    }
}

/// What is wrong with the page's examples: each `fsm` block compiled, its codes found, the
/// output shown after it found in what `check` prints in `lang`, and every code covered.
fn example_failures(page: &str, lang: Lang) -> Vec<String> {
    let text = read_page(page);
    let all = blocks(&text);
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    let mut examples = 0;
    for (i, block) in all.iter().enumerate() {
        let Some(wanted) = expected_codes(page, block) else {
            continue;
        };
        examples += 1;
        let compiled = compile_block(block, &wanted);
        let found: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code).collect();
        if wanted.is_empty() {
            if !compiled.diagnostics.is_empty() {
                failures.push(format!(
                    "{page}:{}: this `fsm` example should be clean, but check says:\n{}",
                    block.line,
                    compiled.render_in(lang)
                ));
            }
            continue;
        }
        for c in &wanted {
            if found.contains(&c.as_str()) {
                covered.insert(c.clone());
            } else {
                failures.push(format!(
                    "{page}:{}: this example should report {c}, but check says:\n{}",
                    block.line,
                    compiled.render_in(lang)
                ));
            }
        }
        // The output shown right after the example.
        if let Some(shown) = all.get(i + 1).filter(|b| b.info == "text") {
            let rendered = compiled.render_in(lang);
            let lines: BTreeSet<&str> = rendered.lines().map(str::trim_end).collect();
            for (n, line) in shown.text.lines().enumerate() {
                let line = line.trim_end();
                if line.is_empty() || line.trim() == "…" {
                    continue;
                }
                if !lines.contains(line) {
                    failures.push(format!(
                        "{page}:{}: the output shown does not match what check prints; this line is not in it:\n  {line}\ncheck prints:\n{rendered}",
                        shown.line + 1 + n
                    ));
                }
            }
        }
    }
    if examples == 0 {
        failures.push(format!("no `fsm` examples found in {page}"));
    }
    let missing: Vec<&str> = codes::ALL
        .iter()
        .copied()
        .filter(|c| !covered.contains(*c))
        .collect();
    if !missing.is_empty() {
        failures.push(format!(
            "codes without an `fsm,CODE` example in {page}: {missing:?}"
        ));
    }
    failures
}

#[test]
fn every_spec_example_behaves_as_the_page_says() {
    let failures = example_failures(EN_PAGE, Lang::En);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_spec_example_behaves_as_the_chinese_page_says() {
    let failures = example_failures(ZH_PAGE, Lang::Zh);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The code of a `### E0002: title` heading (the Chinese page may write the colon `：`).
fn code_heading(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("### ")?;
    let code = rest.get(..5)?;
    let after = &rest[5..];
    let is_code = code.starts_with(['E', 'W']) && code[1..].bytes().all(|b| b.is_ascii_digit());
    (is_code && (after.starts_with(':') || after.starts_with('：'))).then_some(code)
}

#[test]
fn every_code_has_its_own_section() {
    for page in [EN_PAGE, ZH_PAGE] {
        let text = read_page(page);
        let sections: BTreeSet<&str> = text.lines().filter_map(code_heading).collect();
        let missing: Vec<&str> = codes::ALL
            .iter()
            .copied()
            .filter(|c| !sections.contains(c))
            .collect();
        assert!(
            missing.is_empty(),
            "codes without a `### CODE:` section in {page}: {missing:?}"
        );
    }
}

/// What a page is made of, in order, as far as the two languages must agree.
#[derive(Debug, PartialEq)]
enum Part {
    /// `## 3. …`: the section number.
    Section(String),
    /// A `###` heading that is not a code's: only how many there are counts.
    Subsection,
    /// `### E0002: …`
    Code(String),
    /// A spec example: its info string and text.
    Example(String, String),
    /// A transcript: its set-up comments and the commands it runs.
    Transcript(Vec<String>, Vec<String>),
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Part::Section(n) => write!(f, "section {n}"),
            Part::Subsection => write!(f, "a subsection (`### …`)"),
            Part::Code(c) => write!(f, "the section of {c}"),
            Part::Example(info, text) => {
                let first = text.lines().next().unwrap_or_default();
                write!(f, "the ```{info} example starting `{first}`")
            }
            Part::Transcript(_, commands) => {
                write!(f, "the transcript running `{}`", commands.join("`, `"))
            }
        }
    }
}

/// The parts of a page with the line each starts on. Headings inside code blocks are not
/// headings.
fn structure(markdown: &str) -> Vec<(usize, Part)> {
    let all = blocks(markdown);
    // Line numbers (from 1) from each block's opening fence to its closing one.
    let fenced: Vec<(usize, usize)> = all
        .iter()
        .map(|b| (b.line, b.line + b.text.lines().count() + 1))
        .collect();
    let in_block = |n: usize| fenced.iter().any(|&(a, z)| (a..=z).contains(&n));
    let mut parts: Vec<(usize, Part)> = Vec::new();
    for (i, line) in markdown.lines().enumerate() {
        if in_block(i + 1) {
            continue;
        }
        if let Some(rest) = line.strip_prefix("## ") {
            let number = rest.split_once(". ").map_or(rest, |(n, _)| n);
            parts.push((i + 1, Part::Section(number.to_string())));
        } else if let Some(code) = code_heading(line) {
            parts.push((i + 1, Part::Code(code.to_string())));
        } else if line.starts_with("### ") {
            parts.push((i + 1, Part::Subsection));
        }
    }
    for b in all {
        if b.info.starts_with("fsm") {
            parts.push((b.line, Part::Example(b.info, b.text)));
        } else if b.info == "console" {
            let setup = b.comments.iter().map(|c| c.trim().to_string()).collect();
            let commands = b
                .text
                .lines()
                .filter(|l| l.starts_with("$ "))
                .map(str::to_string)
                .collect();
            parts.push((b.line, Part::Transcript(setup, commands)));
        }
    }
    parts.sort_by_key(|(line, _)| *line);
    parts
}

/// The first place where two pages' structures differ, in words; `None` when they agree.
fn structure_difference(en: &str, zh: &str) -> Option<String> {
    let (a, b) = (structure(en), structure(zh));
    let section_at = |parts: &[(usize, Part)], k: usize| {
        parts[..k]
            .iter()
            .rev()
            .find_map(|(_, p)| match p {
                Part::Section(n) => Some(n.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "before section 1".into())
    };
    for k in 0..a.len().max(b.len()) {
        match (a.get(k), b.get(k)) {
            (Some((la, pa)), Some((lb, pb))) if pa != pb => {
                return Some(format!(
                    "{EN_PAGE}:{la} has {pa} where {ZH_PAGE}:{lb} has {pb} (in section {} of \
                     the English page); change both pages together",
                    section_at(&a, k)
                ));
            }
            (Some((la, pa)), None) => {
                return Some(format!(
                    "{EN_PAGE}:{la} has {pa}, which {ZH_PAGE} lacks (it ends earlier)"
                ));
            }
            (None, Some((lb, pb))) => {
                return Some(format!(
                    "{ZH_PAGE}:{lb} has {pb}, which {EN_PAGE} lacks (it ends earlier)"
                ));
            }
            _ => {}
        }
    }
    None
}

#[test]
fn the_chinese_page_has_the_structure_of_the_english_one() {
    let (en, zh) = (read_page(EN_PAGE), read_page(ZH_PAGE));
    assert!(structure(&en).len() > 100, "the English page was not read");
    if let Some(diff) = structure_difference(&en, &zh) {
        panic!("{diff}");
    }
}

#[test]
fn a_structure_difference_is_found_and_named() {
    let en = "## 1. Tour\n### Check\n```fsm\nmachine A {}\n```\n## 14. Codes\n### E0002: x\n";
    assert_eq!(structure_difference(en, en), None);
    let zh = en.replace("### Check", "### 检查");
    assert_eq!(structure_difference(en, &zh), None, "titles may differ");
    let zh = en.replace("### E0002: x", "### E0002：未知的状态");
    assert_eq!(structure_difference(en, &zh), None, "so may the colon");
    let changed = en.replace("machine A {}", "machine B {}");
    let diff = structure_difference(en, &changed).expect("an example changed");
    assert!(
        diff.contains("machine A {}") && diff.contains("machine B {}"),
        "{diff}"
    );
    assert!(diff.contains("section 1"), "{diff}");
    let missing = en.replace("### E0002: x\n", "");
    let diff = structure_difference(en, &missing).expect("a section is missing");
    assert!(diff.contains("E0002") && diff.contains("lacks"), "{diff}");
    let extra = en.replace("### Check\n", "### Check\n### More\n");
    assert!(structure_difference(en, &extra).is_some());
    let fenced = en.replace("machine A {}", "## 2. not a heading");
    assert_eq!(structure(&fenced).len(), structure(en).len());
}

/// The anchor a Markdown renderer such as GitHub's gives a heading: lowercase, punctuation
/// (ASCII and CJK) dropped, spaces turned into hyphens; letters of any script kept.
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
fn every_link_inside_a_page_leads_to_one_of_its_headings() {
    assert_eq!(
        anchor("## 12. `rule`：业务规则".trim_start_matches('#')),
        "12-rule业务规则"
    );
    assert_eq!(anchor("7. `guard` and `action`"), "7-guard-and-action");
    for page in [EN_PAGE, ZH_PAGE] {
        let text = read_page(page);
        let headings: BTreeSet<String> = text
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| anchor(l.trim_start_matches('#')))
            .collect();
        let mut broken = Vec::new();
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("](#") {
                let target = &line[i + 3..];
                let target = target.split(')').next().unwrap_or_default();
                if !headings.contains(target) {
                    broken.push(format!("{page}:{}: #{target}", n + 1));
                }
            }
        }
        assert!(
            broken.is_empty(),
            "links to no heading of the page:\n{}",
            broken.join("\n")
        );
    }
}

#[test]
fn raw_bytes_reads_hex_escapes() {
    assert_eq!(raw_bytes(r"a\xB8\xB6b"), vec![b'a', 0xB8, 0xB6, b'b']);
    assert_eq!(raw_bytes(r"\xZZ"), br"\xZZ".to_vec());
    assert_eq!(raw_bytes("付"), "付".as_bytes().to_vec());
}

#[test]
fn the_readme_links_the_chinese_reference_first_then_the_english_one() {
    let readme = read_page("README.md");
    let zh = readme.find(&format!("]({ZH_PAGE})"));
    let en = readme.find(&format!("]({EN_PAGE})"));
    match (zh, en) {
        (Some(zh), Some(en)) => assert!(
            zh < en,
            "README.md links the English reference before the Chinese one, which PMs read"
        ),
        _ => panic!("README.md must link both {ZH_PAGE} and {EN_PAGE}"),
    }
}

#[test]
fn each_reference_links_the_other_language() {
    assert!(
        read_page(EN_PAGE).contains("](spec-language.zh.md)"),
        "{EN_PAGE} must link the Chinese page"
    );
    assert!(
        read_page(ZH_PAGE).contains("](spec-language.md)"),
        "{ZH_PAGE} must link the English page"
    );
}

/// The spec the README shows first is what a new user copies: it checks without a warning.
#[test]
fn the_readme_spec_checks_clean() {
    let readme = read_page("README.md");
    let spec = blocks(&readme)
        .into_iter()
        .find(|b| b.text.trim_start().starts_with("machine "))
        .expect("the README shows a spec");
    let c = order_fsm_core::compile("README.md", &spec.text);
    assert!(c.diagnostics.is_empty(), "{}", c.render());
}
