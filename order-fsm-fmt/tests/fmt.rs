//! `fmt` is shown, not hoped: for every spec, fixture and reference example that parses, for
//! their CRLF, BOM and tab-indented variants and for randomly edited specs,
//! `fmt(fmt(x)) == fmt(x)`, the resolved model of `fmt(x)` is that of `x` positions aside,
//! and every comment is still there, byte for byte.

use order_fsm_core::{compile, syntax};
use order_fsm_fmt::{comments, format, without_positions, FmtError};
use order_fsm_testing::{fixtures, workspace_path};
use proptest::prelude::*;

fn cases(default: u32) -> u32 {
    std::env::var("ORDER_FSM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The resolved model and the diagnostic codes, positions aside.
fn meaning(text: &str) -> String {
    let c = compile("x.fsm", text);
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    without_positions(&format!("{:?}\n{codes:?}", c.spec))
}

/// Checks the three properties for one input; inputs that do not parse must be refused.
fn holds(text: &str) {
    let parses = syntax::parse_file(text).problems.is_empty();
    let once = match format(text) {
        Ok(t) => t,
        Err(FmtError::Syntax(d)) => {
            assert!(!parses, "a spec that parses was refused: {d:?}\n{text}");
            return;
        }
        Err(FmtError::Unsafe(why)) => panic!("refused as unsafe ({why}):\n{text:?}"),
    };
    assert!(
        parses,
        "a spec that does not parse was formatted:\n{text:?}"
    );
    let twice = format(&once).unwrap_or_else(|e| panic!("{e:?}\n{once}"));
    assert_eq!(once, twice, "not idempotent for:\n{text:?}");
    assert_eq!(
        meaning(text),
        meaning(&once),
        "meaning changed for:\n{text:?}\n->\n{once}"
    );
    assert_eq!(
        comments(text),
        comments(&once),
        "comments changed for:\n{text:?}"
    );
}

fn spec_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [
        workspace_path("specs"),
        fixtures("valid"),
        fixtures("invalid"),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixture folder")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "fsm"))
            .collect();
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                out.push((f.display().to_string(), text));
            }
        }
    }
    // The reference's examples.
    let page = std::fs::read_to_string(workspace_path("docs/spec-language.md")).expect("reference");
    // Blocks tagged with a code show a mistake and the positions it is reported at.
    let blocks = order_fsm_testing::markdown_blocks(&page).expect("closed blocks");
    out.extend(
        blocks
            .into_iter()
            .filter(|b| b.info == "fsm")
            .map(|b| ("reference".to_string(), b.text)),
    );
    out
}

/// The same text with other line endings, a byte order mark and tab indentation.
fn variants(text: &str) -> Vec<String> {
    let lf = text.replace("\r\n", "\n");
    vec![
        text.to_string(),
        lf.replace('\n', "\r\n"),
        lf.replace('\n', "\r"),
        format!("\u{FEFF}{lf}"),
        lf.replace("\n  ", "\n\t"),
        lf.replace("\n", "\n\n\n"),
        lf.trim_end().to_string(),
    ]
}

#[test]
fn every_spec_fixture_and_example_formats_safely() {
    let files = spec_files();
    assert!(files.len() > 50, "too few inputs: {}", files.len());
    let mut formatted = 0;
    for (_, text) in &files {
        for v in variants(text) {
            holds(&v);
            formatted += usize::from(syntax::parse_file(&v).problems.is_empty());
        }
    }
    assert!(formatted > 100, "{formatted}");
}

#[test]
fn the_shipped_specs_are_formatted() {
    let root = workspace_path("specs");
    for f in ["order.fsm", "payment.fsm", "after_sale.fsm"] {
        let text = std::fs::read_to_string(root.join(f)).expect("spec");
        let formatted = format(&text).expect("formats");
        assert!(
            formatted == text,
            "{f} is not formatted: run `order-fsm fmt specs`"
        );
    }
    // The reference's examples (those that are not about an error).
    let examples: Vec<String> = spec_files()
        .into_iter()
        .filter(|(n, _)| n == "reference")
        .map(|(_, t)| t)
        .collect();
    assert!(examples.len() > 20, "{}", examples.len());
    for text in examples {
        let formatted = format(&text).expect("formats");
        assert!(
            formatted == text,
            "a reference example is not formatted:\n{text}"
        );
    }
}

#[test]
fn layout_is_aligned_by_display_width_and_keeps_what_it_must() {
    let text = "\u{FEFF}// 头注释  \r\nmachine M \"单\" { // 机器\r\n\trole a \"买家\"\r\n  role bb   \"b\"\r\n\r\n\r\n  /// 文档\r\n  state A \"待付款\"  initial code 1 //尾注释\r\n  state LongName \"x\"   final code 2\r\n  // 分组\r\n  state C \"c\" final\r\n  event E\t\"事件\"\r\n  A->LongName on E\r\n}\r\n";
    let out = format(text).expect("formats");
    assert_eq!(
        out,
        "\u{FEFF}// 头注释  \r\nmachine M \"单\" { // 机器\r\n  role a  \"买家\"\r\n  role bb \"b\"\r\n\r\n  /// 文档\r\n  state A        \"待付款\" initial code 1 //尾注释\r\n  state LongName \"x\"      final   code 2\r\n  // 分组\r\n  state C \"c\" final\r\n  event E \"事件\"\r\n  A -> LongName on E\r\n}\r\n"
    );
}

#[test]
fn code_systems_line_up_under_their_declarations() {
    let text = "machine M {\n  codes legacy \"旧订单系统\"\n  codes   taobao \"淘宝\"\n  state A \"待付款\" initial code 10  legacy 0   taobao \"WAIT\"\n  state B \"已关闭\" final code 90 legacy 5 shared taobao \"CLOSED\",\"X\"\n  state C \"c\" code 95 taobao \"C\"\n  state D \"d\" taobao \"D\" legacy 7\n  state E \"e\" code 1 shared\n}\n";
    let out = format(text).expect("formats");
    assert_eq!(
        out,
        "machine M {\n  codes legacy \"旧订单系统\"\n  codes taobao \"淘宝\"\n  state A \"待付款\" initial code 10       legacy 0        taobao \"WAIT\"\n  state B \"已关闭\" final   code 90       legacy 5 shared taobao \"CLOSED\", \"X\"\n  state C \"c\"              code 95                       taobao \"C\"\n  state D \"d\"                            taobao \"D\"      legacy 7\n  state E \"e\"              code 1 shared\n}\n"
    );
    // Formatting again changes nothing.
    assert_eq!(format(&out).expect("formats"), out);
}

#[test]
fn tabs_in_texts_and_comments_are_kept() {
    let text = "machine M {\n  state A \"a\tb\" initial final\n\tscenario \"s\tt\" {\n\t\tafter 1m // x\ty\n\t}\n}\n";
    let out = format(text).expect("formats");
    assert!(out.contains("\"a\tb\""), "{out}");
    assert!(out.contains("\"s\tt\""), "{out}");
    assert!(out.contains("// x\ty"), "{out}");
    assert!(out.contains("\n  scenario"), "{out}");
    assert!(out.contains("\n    after 1m"), "{out}");
}

#[test]
fn a_file_with_syntax_errors_is_refused() {
    assert!(matches!(
        format("machine M {\n  state A initial\n  A -> \n}\n"),
        Err(FmtError::Syntax(_))
    ));
}

const TOKENS: &[&str] = &[
    "state",
    "event",
    "role",
    "guard",
    "action",
    "note",
    "initial",
    "final",
    "code",
    "by",
    "on",
    "after",
    "if",
    "then",
    "any",
    "->",
    "{",
    "}",
    ",",
    "\"x\"",
    "\n",
    "\r\n",
    "\t",
    " ",
    "///",
    "//",
    "30m",
    "待付款",
    "Created",
    "Paid",
    "Pay",
    "buyer",
    "\u{FEFF}",
    "codes",
    "legacy",
    "shared",
    "5",
];

fn boundary(s: &str, i: usize) -> usize {
    let mut i = if s.is_empty() { 0 } else { i % (s.len() + 1) };
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(600), failure_persistence: None, ..ProptestConfig::default() })]

    /// Specs with tokens inserted, text deleted and lines swapped: those that still parse are
    /// formatted safely, the rest are refused.
    #[test]
    fn edited_specs_format_safely(
        seed in any::<usize>(),
        edits in proptest::collection::vec((any::<usize>(), 0..TOKENS.len(), 0usize..3), 1..5),
    ) {
        let files = spec_files();
        let mut s = files[seed % files.len()].1.clone();
        for (at, tok, what) in edits {
            match what {
                0 => {
                    let at = boundary(&s, at);
                    s.insert_str(at, TOKENS[tok]);
                }
                1 => {
                    let a = boundary(&s, at);
                    let b = boundary(&s, a + tok);
                    if b > a {
                        s.replace_range(a..b, "");
                    }
                }
                _ => {
                    let mut lines: Vec<&str> = s.split('\n').collect();
                    let n = lines.len();
                    lines.swap(at % n, tok % n);
                    s = lines.join("\n");
                }
            }
        }
        holds(&s);
    }

    /// Generated machines of any size.
    #[test]
    fn generated_specs_format_safely(states in 2usize..12, per_state in 1usize..5) {
        holds(&order_fsm_testing::generate_spec(states, per_state));
    }
}
