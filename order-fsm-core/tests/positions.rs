//! Line and column numbers, and the caret under them, for CRLF, tabs and multi-byte text.

use order_fsm_core::source::{LineIndex, SourceFile};

#[test]
fn lf_crlf_and_lone_cr_all_end_lines() {
    let text = "a\nbc\r\nd\re";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_count(), 4);
    assert_eq!(idx.line_col(text, 0).line, 1);
    assert_eq!(
        (idx.line_col(text, 3).line, idx.line_col(text, 3).col),
        (2, 2)
    ); // `c`
    assert_eq!(
        (idx.line_col(text, 6).line, idx.line_col(text, 6).col),
        (3, 1)
    ); // `d`
    assert_eq!(
        (idx.line_col(text, 8).line, idx.line_col(text, 8).col),
        (4, 1)
    ); // `e`
    assert_eq!(&text[idx.line_range(text, 1)], "bc");
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "state Paid \"待发货\" final";
    let idx = LineIndex::new(text);
    let final_at = text.find("final").expect("present");
    // `state Paid "待发货" ` is 17 characters (but 23 bytes).
    assert_eq!(final_at, 23);
    assert_eq!(idx.line_col(text, final_at).col, 18);
    // An offset in the middle of a CJK character moves back to its start.
    let inside = text.find('发').expect("present") + 1;
    assert_eq!(
        idx.line_col(text, inside).col,
        idx.line_col(text, inside - 1).col
    );
}

#[test]
fn a_tab_is_one_column() {
    let text = "\t\tCreated -> Paid on Pay";
    let at = text.find("Created").expect("present");
    assert_eq!(LineIndex::new(text).line_col(text, at).col, 3);
}

#[test]
fn offsets_past_the_end_do_not_panic() {
    let text = "ab\n";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_col(text, 100).line, 2);
}

fn error_line(text: &str) -> (String, Vec<String>) {
    let c = order_fsm_core::compile("t.fsm", text);
    let d = c.diagnostics.first().expect("a diagnostic");
    let pos = c.source.line_col(d.primary.span.start);
    let rendered = c.render();
    (
        format!("{}:{}", pos.line, pos.col),
        rendered.lines().map(str::to_string).collect(),
    )
}

/// The caret line must start under the same display column as the offending text.
fn caret_column(lines: &[String], needle_line: &str) -> (usize, usize) {
    let src_i = lines
        .iter()
        .position(|l| l.ends_with(needle_line))
        .expect("source line shown");
    let src = &lines[src_i];
    let caret = &lines[src_i + 1];
    let gutter = src.len() - needle_line.len();
    let start = caret.find('^').expect("caret");
    let carets = caret[start..].chars().take_while(|c| *c == '^').count();
    (start - gutter, carets)
}

#[test]
fn caret_sits_under_the_word_after_cjk_text() {
    let text = "machine M \"订单\" {\n  state 待付款 \"待付款\" initial\n}\n";
    let (pos, lines) = error_line(text);
    assert_eq!(pos, "2:9");
    let (col, _) = caret_column(&lines, "  state 待付款 \"待付款\" initial");
    assert_eq!(col, 8, "{lines:#?}");
}

#[test]
fn caret_after_cjk_label_counts_double_width() {
    let text = "machine M \"订单\" {\n  state A \"待付款\" bogus\n}\n";
    let (pos, lines) = error_line(text);
    // `  state A "待付款" ` is 16 characters: the error is at column 17.
    assert_eq!(pos, "2:17");
    let (col, width) = caret_column(&lines, "  state A \"待付款\" bogus");
    // On screen `  state A ` is 10 cells, `"待付款"` is 8 (wide characters take two), one
    // space: `bogus` starts 19 cells in.
    assert_eq!(col, 19, "{lines:#?}");
    assert_eq!(width, 5, "caret covers `bogus`: {lines:#?}");
}

#[test]
fn crlf_file_reports_same_positions_as_lf() {
    let lf = "machine M \"订单\" {\n  state A \"甲\" initial\n  A -> Nowhere on E\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let (a, _) = error_line(lf);
    let (b, lines) = error_line(&crlf);
    assert_eq!(a, b);
    assert!(
        !lines.iter().any(|l| l.contains('\r')),
        "no stray CR in output"
    );
}

#[test]
fn tabs_are_expanded_and_caret_follows() {
    let text = "machine M \"订单\" {\n\tstate A \"甲\"\tbogus\n}\n";
    let (pos, lines) = error_line(text);
    assert_eq!(pos, "2:14");
    let src_i = lines
        .iter()
        .position(|l| l.contains("bogus") && !l.contains('^') && !l.starts_with("error"))
        .expect("source line");
    let src = &lines[src_i];
    let caret = &lines[src_i + 1];
    assert!(
        !src.contains('\t'),
        "tabs are expanded for display: {lines:#?}"
    );
    let b = src.find("bogus").expect("bogus");
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(&src[..b]),
        caret.find('^').expect("caret"),
        "{lines:#?}"
    );
}

#[test]
fn emoji_in_labels_keep_positions() {
    let text = "machine M \"🛒订单\" {\n  state A \"✅\" initial bogus\n}\n";
    let (pos, lines) = error_line(text);
    // `  state A "✅" initial ` is 22 characters.
    assert_eq!(pos, "2:23");
    let src_i = lines
        .iter()
        .position(|l| l.contains("bogus") && !l.starts_with("error"))
        .expect("source line");
    let src = &lines[src_i];
    let caret = &lines[src_i + 1];
    let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let b = src.find("bogus").expect("bogus");
    assert_eq!(w(&src[..b]), caret.find('^').expect("caret"), "{lines:#?}");
}

#[test]
fn source_file_line_col_matches_index() {
    let f = SourceFile::new("x.fsm", "a\r\n待b");
    let p = f.line_col(f.text.find('b').expect("b"));
    assert_eq!((p.line, p.col), (2, 2));
}

#[test]
fn a_span_inside_a_crlf_line_ending_renders_at_the_end_of_its_line() {
    use order_fsm_core::diag::{render, Diagnostic};
    use order_fsm_core::source::Span;
    let f = SourceFile::new("x.fsm", "ab\r\ncd\r\n");
    // Offset 3 is the `\n` of the first `\r\n`.
    let d = Diagnostic::error("E0001", "test", Span::new(3, 5), "here");
    let out = render(&f, &[d], false, order_fsm_core::msg::Lang::En);
    assert!(out.contains("x.fsm:1:3"), "{out}");
    assert!(out.contains("1 | ab"), "{out}");
}
