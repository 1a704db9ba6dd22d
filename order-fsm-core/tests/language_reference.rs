//! Keeps `docs/spec-language.md` honest.
//!
//! Every fenced block whose info string starts with `fsm` is compiled:
//! - ```` ```fsm ```` blocks must compile with no errors and no warnings;
//! - ```` ```fsm,E0002 ```` (one or more codes after commas) blocks must report each code;
//! - a ```` ```text ```` block that directly follows a coded block shows what `check` prints
//!   for it: each of its lines must be a line of the rendered diagnostics (lines may be left
//!   out, and a line holding only `…` marks a cut).
//!
//! Every code in [`codes::ALL`] must have at least one coded block.
//!
//! The page is UTF-8, so it cannot hold the raw bytes that `E0016` is about: inside a block
//! tagged `E0016`, `\xNN` stands for the byte with that hex value.

use order_fsm_core::testing::{markdown_blocks, MarkdownBlock as Block};
use std::collections::BTreeSet;
use std::path::Path;

use order_fsm_core::diag::codes;
use order_fsm_core::Compiled;

/// The file name the examples are compiled under, as shown in their diagnostics.
const FILE_NAME: &str = "example.fsm";

fn reference() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec-language.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The fenced blocks of the page (one reader for every test that checks the docs).
fn blocks(markdown: &str) -> Vec<Block> {
    markdown_blocks(markdown).unwrap_or_else(|e| panic!("{e}"))
}

/// The codes a block's info string asks for: `None` if it is not a spec block, `Some(empty)`
/// for a plain `fsm` block.
fn expected_codes(block: &Block) -> Option<Vec<String>> {
    let mut parts = block.info.split(',').map(str::trim);
    if parts.next() != Some("fsm") {
        assert!(
            !block.info.starts_with("fsm"),
            "line {}: unknown info string `{}`; write `fsm` or `fsm,E0002`",
            block.line,
            block.info
        );
        return None;
    }
    let known: BTreeSet<&str> = codes::ALL.iter().map(|(c, _, _)| *c).collect();
    let wanted: Vec<String> = parts.map(str::to_string).collect();
    for c in &wanted {
        assert!(
            known.contains(c.as_str()),
            "line {}: `{c}` is not a diagnostic code",
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

#[test]
fn every_spec_example_behaves_as_the_page_says() {
    let page = reference();
    let all = blocks(&page);
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    let mut examples = 0;
    for (i, block) in all.iter().enumerate() {
        let Some(wanted) = expected_codes(block) else {
            continue;
        };
        examples += 1;
        let compiled = compile_block(block, &wanted);
        let found: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code).collect();
        if wanted.is_empty() {
            if !compiled.diagnostics.is_empty() {
                failures.push(format!(
                    "line {}: this `fsm` example should be clean, but check says:\n{}",
                    block.line,
                    compiled.render()
                ));
            }
            continue;
        }
        for c in &wanted {
            if found.contains(&c.as_str()) {
                covered.insert(c.clone());
            } else {
                failures.push(format!(
                    "line {}: this example should report {c}, but check says:\n{}",
                    block.line,
                    compiled.render()
                ));
            }
        }
        // The output shown right after the example.
        if let Some(shown) = all.get(i + 1).filter(|b| b.info == "text") {
            let rendered = compiled.render();
            let lines: BTreeSet<&str> = rendered.lines().map(str::trim_end).collect();
            for (n, line) in shown.text.lines().enumerate() {
                let line = line.trim_end();
                if line.is_empty() || line.trim() == "…" {
                    continue;
                }
                if !lines.contains(line) {
                    failures.push(format!(
                        "line {}: the output shown does not match what check prints; this line is not in it:\n  {line}\ncheck prints:\n{rendered}",
                        shown.line + 1 + n
                    ));
                }
            }
        }
    }
    assert!(
        examples > 0,
        "no `fsm` examples found in the language reference"
    );
    let missing: Vec<&str> = codes::ALL
        .iter()
        .map(|(c, _, _)| *c)
        .filter(|c| !covered.contains(*c))
        .collect();
    if !missing.is_empty() {
        failures.push(format!(
            "codes without an `fsm,CODE` example in the language reference: {missing:?}"
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_code_has_its_own_section() {
    let page = reference();
    let missing: Vec<&str> = codes::ALL
        .iter()
        .map(|(c, _, _)| *c)
        .filter(|c| {
            !page
                .lines()
                .any(|l| l.starts_with("### ") && l.contains(&format!("{c}:")))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a `### CODE:` section in the language reference: {missing:?}"
    );
}

#[test]
fn raw_bytes_reads_hex_escapes() {
    assert_eq!(raw_bytes(r"a\xB8\xB6b"), vec![b'a', 0xB8, 0xB6, b'b']);
    assert_eq!(raw_bytes(r"\xZZ"), br"\xZZ".to_vec());
    assert_eq!(raw_bytes("付"), "付".as_bytes().to_vec());
}
