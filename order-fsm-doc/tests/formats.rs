//! Behaviour of each format on small specs written for the purpose.

use order_fsm_core::model::Spec;
use order_fsm_doc::{layout, render, transition_table_md, Format, Lang};

fn spec(text: &str) -> Spec {
    let c = order_fsm_core::compile("test.fsm", text);
    assert!(!c.has_errors(), "{}", c.render());
    c.spec.expect("spec")
}

const ORDER: &str = include_str!("fixtures/escaping.fsm");

#[test]
fn every_format_is_deterministic() {
    let s = spec(ORDER);
    for f in Format::ALL {
        for lang in [Lang::Zh, Lang::En] {
            let a = render(&s, &s.machines[0], f, lang);
            let b = render(&spec(ORDER), &spec(ORDER).machines[0], f, lang);
            assert_eq!(a, b, "{f:?} {lang:?} differs between runs");
            assert!(!a.is_empty());
        }
    }
}

#[test]
fn markdown_escapes_pipes_and_names_any() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let table = transition_table_md(m, Lang::Zh);
    assert!(table.contains("待发货 \\| 已付"), "{table}");
    assert!(table.contains("金额 \\| 一致"), "{table}");
    assert!(table.contains("任意非终态"), "{table}");
    // every row has the same number of unescaped pipes as the header
    let cols = |l: &str| l.replace("\\|", "").matches('|').count();
    let head = cols(table.lines().next().expect("header"));
    for l in table.lines() {
        assert_eq!(cols(l), head, "row has a different number of cells: {l}");
    }
    assert_eq!(table.lines().count(), 2 + m.transitions.len());
    let en = transition_table_md(m, Lang::En);
    assert!(en.contains("any non-final state") && en.contains("Next state"));
    let md = render(&s, m, Format::Md, Lang::Zh);
    for h in [
        "## 状态流转表",
        "## 状态 × 事件矩阵",
        "## 超时",
        "## 验收场景",
        "```mermaid",
        "**假设**",
        "**那么**",
    ] {
        assert!(md.contains(h), "missing {h}");
    }
    // matrix: guarded cell, not-allowed cell
    assert!(md.contains("待发货 \\| 已付 [?]"));
    assert!(md.contains("| — |"));
    let md_en = render(&s, m, Format::Md, Lang::En);
    for h in ["## Transition table", "**Given**", "**When**", "**Then**"] {
        assert!(md_en.contains(h), "missing {h}");
    }
}

/// The text Mermaid shows for a label: its `#NN;` entity codes decoded.
fn mermaid_shown(label: &str) -> String {
    let mut out = String::new();
    let mut rest = label;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let code = after
            .split_once(';')
            .and_then(|(n, _)| n.parse::<u32>().ok().and_then(char::from_u32));
        match code {
            Some(c) => {
                out.push(c);
                rest = &after[after.find(';').map_or(0, |k| k + 1)..];
            }
            None => panic!("a bare # in a Mermaid label: {label}"),
        }
    }
    out.push_str(rest);
    out
}

/// Whether a quoted Mermaid label holds only text: no character the flowchart grammar,
/// Mermaid's pre-processing or the label's HTML would read, except in entity codes.
fn mermaid_label_is_inert(label: &str) -> bool {
    let without_codes: String = {
        let mut s = String::new();
        let mut rest = label;
        while let Some(i) = rest.find('#') {
            s.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            match after.split_once(';') {
                Some((n, tail)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    rest = tail;
                }
                _ => return false,
            }
        }
        s.push_str(rest);
        s
    };
    !without_codes.contains(['"', '<', '>', '&', '`', '|', '%', ':', '\n', '\r'])
        && !without_codes.contains("direction")
}

/// The quoted labels of a Mermaid flowchart line (`A("…")`, `A((("…")))`, `A -->|"…"| B`),
/// a note box's lines (joined by `<br>`) one by one.
fn mermaid_labels(line: &str) -> Vec<&str> {
    line.split('"')
        .skip(1)
        .step_by(2)
        .flat_map(|l| l.split("<br>"))
        .collect()
}

#[test]
fn mermaid_is_a_flowchart_with_dashed_timeouts_and_own_final_states() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let mm = render(&s, m, Format::Mermaid, Lang::Zh);
    let lines: Vec<&str> = mm.lines().map(str::trim).collect();
    assert_eq!(lines[0], "flowchart TB");
    assert!(lines.contains(&"%% 订单 (Order)"), "{mm}");
    // A start marker into the initial state.
    assert!(lines.contains(&"_start(( ))"), "{mm}");
    assert!(lines.contains(&"_start --> Created"), "{mm}");
    assert!(lines.contains(&"Created(\"待付款\")"), "{mm}");
    // Each final state is its own double circle, and no edge leads to a shared end node.
    assert!(lines.contains(&"Closed(((\"关闭\")))"), "{mm}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Done(((\"") && l.ends_with("\")))")),
        "{mm}"
    );
    let circles = lines.iter().filter(|l| l.ends_with("(( ))")).count();
    assert_eq!(circles, 1, "only the start marker is a bare circle: {mm}");
    let finals = lines
        .iter()
        .find_map(|l| l.strip_prefix("class ")?.strip_suffix(" finalState"))
        .expect("a class line for the final states");
    assert_eq!(finals, "Done,Closed");
    // Event edges are solid, timeout edges dashed.
    assert!(
        lines.contains(&"Created -->|\"付款 [金额 #124; 一致] （买家）\"| Paid"),
        "{mm}"
    );
    assert!(
        lines.contains(&"Created -.->|\"⏱ 30 分钟 超时, 关闭\"| Closed"),
        "{mm}"
    );
    assert!(
        lines.contains(&"AnyNonFinal -->|\"关闭, 取消 （客服）\"| Closed"),
        "{mm}"
    );
    let dashed = lines.iter().filter(|l| l.contains(" -.->")).count();
    assert_eq!(dashed, 1, "one timeout, one dashed edge: {mm}");
    // The notes are a box tied to the initial state by a link that is not drawn.
    assert!(lines.contains(&"_notes[\"备注#58; 一\"]"), "{mm}");
    assert!(lines.contains(&"_notes ~~~ Created"), "{mm}");
    // Every label is inert and shows exactly the spec's text.
    let shown: Vec<String> = lines
        .iter()
        .flat_map(|l| mermaid_labels(l))
        .inspect(|l| assert!(mermaid_label_is_inert(l), "label not inert: {l}"))
        .map(mermaid_shown)
        .collect();
    for st in &m.states {
        let label = &st.label.as_ref().expect("labelled").text;
        assert!(shown.contains(label), "{label} not shown as is: {shown:?}");
    }
    assert!(shown.contains(&"完成: \"好\"; #1 {x} <b>".to_string()));
}

#[test]
fn mermaid_node_ids_avoid_the_flowchart_keywords() {
    let s = spec(include_str!("fixtures/mermaid_words.fsm"));
    let mm = render(&s, &s.machines[0], Format::Mermaid, Lang::Zh);
    let lines: Vec<&str> = mm.lines().map(str::trim).collect();
    // Ids the grammar reads as keywords are prefixed; others are kept.
    assert!(lines.contains(&"_start --> _end"), "{mm}");
    assert!(
        lines.contains(&"_end -->|\"go #124; 走 [#34;]\"| _graph"),
        "{mm}"
    );
    assert!(lines.iter().any(|l| l.starts_with("o(\"")), "{mm}");
    assert!(lines.iter().any(|l| l.starts_with("x(\"")), "{mm}");
    for kw in [
        "end", "graph", "v", "style", "class", "default", "click", "TB", "subgraph",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("_{kw}("))),
            "{kw} is not prefixed: {mm}"
        );
        assert!(
            !lines.iter().any(|l| l.starts_with(&format!("{kw}("))),
            "{kw} is used as an id: {mm}"
        );
    }
    // The title comment cannot open a directive.
    assert!(!mm.contains("%%{"), "{mm}");
    for l in &lines {
        for label in mermaid_labels(l) {
            assert!(mermaid_label_is_inert(label), "label not inert: {label}");
        }
    }
}

#[test]
fn dot_and_plantuml_quote_and_mark_states() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let dot = render(&s, m, Format::Dot, Lang::Zh);
    assert!(dot.contains("fontname=\"Noto Sans CJK SC"));
    assert!(dot.contains("\"__start\" -> \"Created\""));
    assert!(dot.contains("peripheries=2"));
    assert!(dot.contains("完成: \\\"好\\\"; #1 {x} <b>"));
    let puml = render(&s, m, Format::Plantuml, Lang::Zh);
    assert!(puml.starts_with("@startuml"));
    assert!(puml.trim_end().ends_with("@enduml"));
    assert!(puml.contains("skinparam defaultFontName"));
    assert!(puml.contains("state \"待付款\" as Created"));
    assert!(puml.contains("[*] --> Created"));
    assert!(puml.contains("完成: ＂好＂"));
}

#[test]
fn csv_is_rfc4180_with_bom() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let csv = render(&s, m, Format::Csv, Lang::Zh);
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.ends_with("\r\n"));
    assert_eq!(csv.matches("\r\n").count(), 1 + m.transitions.len());
    assert!(csv.contains("\"关闭, 取消\""), "{csv}");
    assert!(csv.contains("\"客服 \"\"强制\"\" 关闭\""), "{csv}");
    assert!(csv.contains("当前状态,当前状态ID"));
    let en = render(&s, m, Format::Csv, Lang::En);
    assert!(en.contains("Current state,Current state id"));
}

#[test]
fn json_export_uses_ids() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let text = render(&s, m, Format::Json, Lang::Zh);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["format"], "order-fsm-doc/1");
    assert_eq!(v["initial"], "Created");
    assert_eq!(v["states"][0]["codes"], serde_json::json!([10, "WAIT_PAY"]));
    let t0 = &v["transitions"][0];
    assert_eq!(t0["from"], serde_json::json!(["Created"]));
    assert_eq!(t0["to"], "Paid");
    assert_eq!(t0["event"], "Pay");
    assert_eq!(t0["roles"], serde_json::json!(["buyer"]));
    assert_eq!(t0["guard"]["id"], "verified");
    let any = &v["transitions"][4];
    assert_eq!(any["from_any"], true);
    assert_eq!(v["transitions"][3]["timeout"]["seconds"], 1800);
    assert_eq!(v["scenarios"][2]["steps"][0]["expect"], "rejected");
    assert_eq!(v["scenarios"][0]["steps"][0]["expect"]["state"], "Paid");
    // the raw model round-trips through serde
    let raw = order_fsm_doc::model_json(&s);
    let back: Spec = serde_json::from_str(&raw).expect("model JSON reads back");
    assert_eq!(back, s);
}

#[test]
fn svg_is_well_formed_and_tagged() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let svg = render(&s, m, Format::Svg, Lang::Zh);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let states: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|x| x == "state"))
        })
        .filter_map(|n| n.attribute("data-state"))
        .collect();
    assert_eq!(states, ["Created", "Paid", "Done", "Closed"]);
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge")))
        .count();
    // 4 explicit lines (one a self-loop), 1 timeout, 1 `any` edge from the pseudo-state
    assert_eq!(edges, 6);
    assert!(svg.contains(">待付款</text>"));
    assert!(svg.contains("class=\"state any\""));
    assert!(
        svg.contains("class=\"inner\""),
        "final states have a double border"
    );
}

#[test]
fn html_is_self_contained() {
    let s = spec(ORDER);
    let m = &s.machines[0];
    let html = render(&s, m, Format::Html, Lang::Zh);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script src"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("https://"));
    assert!(html.contains("<svg"));
    assert!(html.contains("data-state=\"Created\""));
    assert!(html.contains("状态流转表"));
    assert!(html.contains("&lt;b&gt;"), "labels are escaped");
    let en = render(&s, m, Format::Html, Lang::En);
    assert!(en.contains("Transition table") && en.contains("lang=\"en\""));
}

#[test]
fn state_boxes_grow_with_cjk_labels() {
    let narrow = layout::text_width("Paid", 8.0);
    let wide = layout::text_width("待付款待付款", 8.0);
    assert!(wide > 2.0 * narrow);
}

#[test]
fn specs_with_errors_render_without_panicking() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../order-fsm-core/tests/fixtures/invalid");
    let entries = std::fs::read_dir(&dir).expect("invalid fixtures folder");
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    let mut rendered = 0;
    paths.sort();
    for p in paths {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let c = order_fsm_core::compile_bytes("x.fsm", &bytes);
        if let Some(spec) = &c.spec {
            for m in &spec.machines {
                for f in Format::ALL {
                    assert!(!render(spec, m, f, Lang::Zh).is_empty(), "{}", p.display());
                    rendered += 1;
                }
            }
        }
    }
    assert!(rendered > 0, "no fixture with a model was rendered");
}

#[test]
fn generated_large_spec_renders() {
    let mut text =
        String::from("machine Big \"大\" {\n  event Next \"下一步\"\n  event Back \"返回\"\n");
    for i in 0..60 {
        let flags = if i == 0 {
            " initial"
        } else if i == 59 {
            " final"
        } else {
            ""
        };
        text.push_str(&format!("  state S{i} \"状态{i}\"{flags}\n"));
    }
    for i in 0..59 {
        text.push_str(&format!("  S{i} -> S{} on Next\n", i + 1));
        if i > 0 && i % 3 == 0 {
            text.push_str(&format!("  S{i} -> S{} on Back\n", i - 3));
        }
    }
    text.push_str("}\n");
    let s = spec(&text);
    let svg = render(&s, &s.machines[0], Format::Svg, Lang::Zh);
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
}

/// Labels, guards and notes a spreadsheet would run as formulas.
const FORMULAS: &str = r#"
machine Order "订单" {
  state Created "=HYPERLINK(""x"")" initial code -1
  state Paid "+86 已付" code 20
  state Done "-完成" final
  event Pay "@SUM(A1)"
  event Finish "完成"
  guard ok "=1+1"
  Created -> Paid on Pay if ok note "-备注"
  Paid -> Done on Finish
  Created -> Done after 30m
}
"#;

#[test]
fn csv_cells_never_start_a_formula() {
    let s = spec(&FORMULAS.replace("\"\"x\"\"", "\\\"x\\\""));
    let m = &s.machines[0];
    let csv = render(&s, m, Format::Csv, Lang::Zh);
    for cell in [
        "\"'=HYPERLINK(\"\"x\"\")\"",
        "\"'+86 已付\"",
        "\"'-完成\"",
        "\"'@SUM(A1)\"",
        "\"'=1+1\"",
        "\"'-备注\"",
    ] {
        assert!(csv.contains(cell), "{cell} in {csv}");
    }
    // No cell starts with a formula character unless guarded by the quote and the `'`.
    for line in csv.trim_start_matches('\u{feff}').split("\r\n") {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t']),
                "{cell:?} in {line}"
            );
        }
    }
    // A whole number stays a number: the timeout in seconds, and a negative code.
    assert!(csv.contains(",1800,"), "{csv}");
    assert_eq!(order_fsm_doc::csv::field("-12"), "-12");
    assert_eq!(order_fsm_doc::csv::field("+3"), "+3");
    assert_eq!(order_fsm_doc::csv::field("-"), "\"'-\"");
    assert_eq!(order_fsm_doc::csv::field("\tx"), "\"'\tx\"");
    assert_eq!(order_fsm_doc::csv::field("\r=1"), "\"'\r=1\"");
    assert_eq!(order_fsm_doc::csv::field("1-2"), "1-2");
    // JSON keeps the raw text.
    let json = render(&s, m, Format::Json, Lang::Zh);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["states"][1]["label"], "+86 已付");
    assert_eq!(v["states"][0]["codes"], serde_json::json!([-1]));
}

#[test]
fn markdown_shows_doc_comments_and_notes_as_text() {
    let s = spec(
        r#"
/// 订单说明 <script>alert(1)</script> & <b>粗体</b>
/// # 不是标题
/// > 不是引用
/// 1. 不是列表
/// - 也不是
/// 付款后 *立即* 发货，见 [PRD](https://example.com) 与 `code`
machine Order "订单" {
  /// <img src=x onerror=alert(1)>待付款
  state Created "待付款" initial
  state Paid "已付款" final
  /// <iframe>事件</iframe>
  event Pay "付款" by buyer
  /// <a href="javascript:x">角色</a>
  role buyer "买家"
  Created -> Paid on Pay note "<script>备注</script>"
  note "<script>整体备注</script>"
  /// <script>场景</script>
  scenario "正常" { Pay => Paid }
}
"#,
    );
    let md = render(&s, &s.machines[0], Format::Md, Lang::Zh);
    for tag in ["<script", "<b>", "<img", "<iframe", "<a "] {
        assert!(!md.contains(tag), "raw {tag} in\n{md}");
    }
    assert!(
        md.contains("订单说明 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;粗体&lt;/b&gt;"),
        "{md}"
    );
    assert!(
        md.contains("&lt;img src=x onerror=alert(1)&gt;待付款"),
        "{md}"
    );
    assert!(md.contains("&lt;script&gt;备注&lt;/script&gt;"), "{md}");
    assert!(md.contains("&lt;script&gt;整体备注&lt;/script&gt;"), "{md}");
    assert!(md.contains("&lt;script&gt;场景&lt;/script&gt;"), "{md}");
    // Lines of a doc comment stay lines, and none of them opens a block.
    assert!(
        md.contains("  \n\\# 不是标题  \n\\> 不是引用  \n1\\. 不是列表  \n\\- 也不是  \n"),
        "{md}"
    );
    assert!(
        md.contains("付款后 \\*立即\\* 发货，见 \\[PRD\\](https://example.com) 与 \\`code\\`"),
        "{md}"
    );
    // Chinese text is written as it is.
    assert!(!md.contains("&#"), "{md}");
}

/// A chain of `n` states where every state also times out into one shared closed state and
/// an `any` line leads there too: the shape of a big real lifecycle, and the one whose
/// diagram used to grow with the square of the number of states.
fn chain_with_timeouts(n: usize) -> String {
    let mut s = String::from(
        "machine Big \"大订单\" {\n  role buyer \"买家\"\n  role service \"客服\"\n  event Next \"下一步\" by buyer\n  event Back \"退回\" by service\n  event Close \"关闭\" by service\n",
    );
    for i in 0..n {
        let flag = match i {
            0 => " initial",
            _ if i == n - 1 => " final",
            _ => "",
        };
        s.push_str(&format!("  state S{i} \"状态{i}\"{flag}\n"));
    }
    s.push_str("  state Closed \"已关闭\" final\n");
    for i in 0..n - 1 {
        s.push_str(&format!("  S{i} -> S{} on Next\n", i + 1));
        if i % 5 == 4 {
            s.push_str(&format!("  S{i} -> S{} on Back\n", i - 1));
        }
        s.push_str(&format!("  S{i} -> Closed after 30m \"超时关闭\"\n"));
    }
    s.push_str("  any -> Closed on Close\n}\n");
    s
}

#[test]
fn a_500_state_diagram_stays_small_and_says_where_each_timeout_goes() {
    let s = spec(&chain_with_timeouts(500));
    let m = &s.machines[0];
    let svg = render(&s, m, Format::Svg, Lang::Zh);
    let html = render(&s, m, Format::Html, Lang::Zh);
    // About 1.5 KB per state; before edges into shared states were written inside their
    // boxes, this drawing took 14 MB.
    assert!(svg.len() < 1_000_000, "SVG is {} bytes", svg.len());
    assert!(html.len() < 2_500_000, "HTML is {} bytes", html.len());
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    // No path runs the height of the drawing.
    let longest = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|n| n.attribute("d"))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest < 2_000, "a path is {longest} bytes long");
    // Every timeout is still there, written inside the box it leaves.
    let inline: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|w| w == "inline"))
        })
        .collect();
    assert_eq!(inline.len(), 499 + 1, "one line per timeout, one for `any`");
    let t = inline
        .iter()
        .find(|n| n.attribute("data-from") == Some("S7"))
        .expect("the timeout of S7");
    assert_eq!(t.attribute("data-to"), Some("Closed"));
    let text: String = t
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(text, "⏱ 30 分钟 超时关闭 → 已关闭");
    // The page says the picture is too big to take in and offers the per-state view.
    assert!(html.contains("501 个状态"), "no word about the size");
    assert!(html.contains("class=\"state-filter\""));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    /// Any text, as a Mermaid label, is inert and shows as itself (line breaks and tabs as
    /// spaces, other control characters dropped, surrounding spaces trimmed).
    #[test]
    fn any_mermaid_label_is_inert_and_shows_its_text(text in "\\PC*|[\"#&<>`|%:;\\[\\]{}()\\n direction TB 0-9a-z]*") {
        let escaped = order_fsm_doc::mermaid::escape_label(&text);
        proptest::prop_assert!(mermaid_label_is_inert(&escaped), "{escaped}");
        let want: String = text
            .chars()
            .filter_map(|c| match c {
                '\r' | '\n' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        let want = want.trim();
        let want = if want.is_empty() { "-" } else { want };
        proptest::prop_assert_eq!(mermaid_shown(&escaped), want);
    }
}

/// A delay is shown in the units the spec wrote it in, in every format: `48h` is 48 hours,
/// not 2 days; `47h` is 47 hours, not 1 day 23 hours.
#[test]
fn delays_keep_the_units_they_were_written_in() {
    let s = spec(
        "machine M {\n  state A \"待付款\" initial\n  state B \"待发货\"\n  state C \"已关闭\" final\n  event Pay \"付款\"\n  A -> B on Pay\n  A -> C after 48h \"活动结束 48 小时未付款\"\n  A after 47h \"提醒付款\"\n  B -> C after 90m\n  scenario \"超时关闭\" { after 48h => C }\n}\n",
    );
    let m = &s.machines[0];
    for f in Format::ALL {
        if f == Format::Json {
            continue;
        }
        for (lang, whole, reminder, rewritten) in [
            (
                Lang::Zh,
                "48 小时",
                "47 小时",
                ["2 天", "1 天 23 小时", "1 小时 30 分钟"],
            ),
            (
                Lang::En,
                "48 hours",
                "47 hours",
                ["2 days", "1 day 23 hours", "1 hour 30 minutes"],
            ),
        ] {
            let out = render(&s, m, f, lang);
            assert!(
                out.contains(whole),
                "{f:?} {lang:?} has no `{whole}`:\n{out}"
            );
            // The tables list reminders; the diagrams draw the lines that move the order.
            if matches!(f, Format::Md | Format::Html | Format::Csv) {
                assert!(out.contains(reminder), "{f:?} {lang:?}:\n{out}");
            }
            for r in rewritten {
                assert!(
                    !out.contains(r),
                    "{f:?} {lang:?} rewrote a delay as `{r}`:\n{out}"
                );
            }
        }
    }
    // The scenario's wait too.
    let md = render(&s, m, Format::Md, Lang::Zh);
    assert!(md.contains("停留满 48 小时"), "{md}");
}

/// An action and a guard read the same in the 超时 table as in the 状态流转表: the label and
/// the id.
#[test]
fn the_timeouts_table_names_actions_and_guards_like_the_transition_table() {
    let s = spec(
        "machine M {\n  state A \"待付款\" initial\n  state C \"已关闭\" final\n  event Pay \"付款\"\n  guard unpaid \"尚未付款\"\n  action release_stock \"释放库存\"\n  A -> C on Pay\n  A -> C after 30m if unpaid then release_stock\n}\n",
    );
    let m = &s.machines[0];
    let md = render(&s, m, Format::Md, Lang::Zh);
    let timeouts = md.split("## 超时").nth(1).expect("a 超时 section");
    assert!(timeouts.contains("释放库存 `release_stock`"), "{timeouts}");
    assert!(timeouts.contains("尚未付款 `unpaid`"), "{timeouts}");
    let html = render(&s, m, Format::Html, Lang::Zh);
    let rows: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("<tr data-line=") && l.contains("release_stock"))
        .collect();
    assert_eq!(rows.len(), 2, "one row in each table: {rows:#?}");
    assert_eq!(
        rows[0].matches("释放库存").count(),
        rows[1].matches("释放库存").count(),
        "{rows:#?}"
    );
    assert!(rows.iter().all(|r| r.contains("尚未付款")), "{rows:#?}");
}

/// A matrix cell of several lines names each line's condition, and a line that keeps the
/// state says what it does: never `不变（留在原状态） [?] / 不变`.
#[test]
fn a_matrix_cell_of_several_lines_names_their_conditions_and_actions() {
    let s = spec(
        "machine M {\n  state A \"待发货\" initial\n  state C \"已完成\" final\n  event Remark \"备注\"\n  event Ship \"发货\"\n  guard too_long \"备注过长\"\n  action reject_remark \"驳回备注\"\n  action save_remark \"保存备注\"\n  A on Remark if too_long then reject_remark\n  A on Remark then save_remark\n  A -> C on Ship\n}\n",
    );
    let m = &s.machines[0];
    let zh = order_fsm_doc::md::matrix_md(m, Lang::Zh);
    assert!(
        zh.contains("| 不变 [备注过长]：驳回备注 / 不变 [否则]：保存备注 |"),
        "{zh}"
    );
    let en = order_fsm_doc::md::matrix_md(m, Lang::En);
    assert!(
        en.contains("| stays [备注过长]: 驳回备注 / stays [otherwise]: 保存备注 |"),
        "{en}"
    );
    let html = render(&s, m, Format::Html, Lang::Zh);
    assert!(
        html.contains("不变 [备注过长]：驳回备注 / 不变 [否则]：保存备注"),
        "{html}"
    );
}

/// A scenario step written without `by` names who fires the event: its role, or its roles.
#[test]
fn a_scenario_step_without_by_names_the_events_roles() {
    let s = spec(
        "machine M {\n  role buyer \"买家\"\n  role seller \"卖家\"\n  role service \"客服\"\n  state A \"待付定金\" initial\n  state B \"待审核\"\n  state C \"已完成\" final\n  event PayDeposit \"付定金\" by buyer\n  event Approve \"同意\" by seller, service\n  A -> B on PayDeposit\n  B -> C on Approve\n  scenario \"正常\" { PayDeposit, Approve => C }\n}\n",
    );
    let m = &s.machines[0];
    let zh = render(&s, m, Format::Md, Lang::Zh);
    assert!(zh.contains("买家触发「付定金」"), "{zh}");
    assert!(zh.contains("卖家或客服触发「同意」"), "{zh}");
    let en = render(&s, m, Format::Md, Lang::En);
    assert!(en.contains("卖家 or 客服 fires"), "{en}");
}

/// The reminder mark is drawn in the SVG diagram and the HTML page, never written as the
/// alarm clock character, which most fonts lack (it shows as an empty box).
#[test]
fn the_reminder_mark_is_drawn_not_written() {
    let s = spec(
        "machine M {\n  state A \"待付款\" initial\n  state C \"已关闭\" final\n  event Pay \"付款\"\n  action remind_buyer \"提醒买家付款\"\n  A -> C on Pay\n  A after 25m \"付款提醒\" then remind_buyer\n}\n",
    );
    let m = &s.machines[0];
    for f in [Format::Svg, Format::Html] {
        for lang in [Lang::Zh, Lang::En] {
            let out = render(&s, m, f, lang);
            assert!(!out.contains('⏰'), "{f:?} {lang:?} writes ⏰:\n{out}");
            assert!(
                out.contains("class=\"mark reminder\""),
                "{f:?} {lang:?}:\n{out}"
            );
        }
    }
    // Text formats keep the character: the reader's editor shows it.
    assert!(render(&s, m, Format::Md, Lang::Zh).contains('⏰'));
}

/// A rule that holds whatever the transitions say is not given the ✓ of a proof in the
/// documents: it is marked ○, with the reason.
#[test]
fn a_trivial_rule_is_not_shown_as_proved() {
    let s = spec(
        "machine M {\n  state A \"待付款\" initial\n  state B \"已付款\"\n  state C \"已完成\" final\n  event Pay \"付款\"\n  event Done \"完成\"\n  A -> B on Pay\n  B -> C on Done\n  rule \"完成后不再付款\" { from C never reach A }\n  rule \"付款后总会完成\" { from B always reach C }\n}\n",
    );
    let m = &s.machines[0];
    let md = render(&s, m, Format::Md, Lang::Zh);
    assert!(md.contains("- ○ **完成后不再付款**"), "{md}");
    assert!(md.contains("必然成立"), "{md}");
    assert!(md.contains("- ✓ **付款后总会完成**"), "{md}");
    let html = render(&s, m, Format::Html, Lang::En);
    assert!(html.contains("holds trivially"), "{html}");
    assert_eq!(html.matches(">✓</span>").count(), 1, "{html}");
}

/// A big machine whose timeouts jump far along it: each long edge is written in its source
/// box instead of drawn across hundreds of layers, so the SVG and the page stay small (they
/// were 8.3 MB and 9.0 MB at 500 states, and 127 MB at 2,000), and every timeout is still
/// there to read.
#[test]
fn long_edges_of_a_big_machine_are_written_in_their_boxes() {
    let s = spec(&order_fsm_testing::generate_long_edges_spec(500, true));
    let m = &s.machines[0];
    let svg = render(&s, m, Format::Svg, Lang::Zh);
    assert!(svg.len() < 1_000_000, "{} bytes of SVG", svg.len());
    let html = render(&s, m, Format::Html, Lang::Zh);
    assert!(html.len() < 2_000_000, "{} bytes of HTML", html.len());
    // The timeout of S0007 jumps to S0052 (7·7+3): written in S0007's box, to its target.
    assert!(
        svg.contains("⏱ 8 分钟 超时7 → 状态52"),
        "no inline line for S0007's timeout"
    );
    let inline = svg.matches("class=\"edge inline timeout\"").count();
    assert!(
        inline >= 450,
        "only {inline} timeouts written in their boxes"
    );
}
