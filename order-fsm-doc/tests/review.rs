//! The review page of `order-fsm diff`: the union diagram is marked from the changed rows and
//! states, the SVG stays well-formed XML, and user text is escaped everywhere.

use order_fsm_core::model::Spec;
use order_fsm_diff::{broken_scenarios, diff};
use order_fsm_doc::review::{page, row_changes, union, Change, Review};
use order_fsm_doc::svg::{diagram_marked, Mark};
use order_fsm_doc::Lang;

fn spec(text: &str) -> Spec {
    let c = order_fsm_core::compile("x.fsm", text);
    assert!(!c.has_errors(), "{}", c.render());
    c.spec.expect("spec")
}

const OLD: &str = r#"machine M "<b>单</b>" {
  state A "甲 <script>alert('x')</script>" initial code 1
  state B "乙 & 丙" code 2
  state Gone "将删除" final code 3
  state D "丁" final code 4
  event Go "走 \"快\""
  event Stop "停"
  A -> B on Go if g1 "金额 < 100"
  A -> D on Stop
  B -> Gone on Go
  B -> D after 30m
  scenario "<i>正常</i>" { Go => B, Go => Gone }
}
"#;

const NEW: &str = r#"machine M "<b>单</b>" {
  state A "甲 <script>alert('x')</script>" initial code 1
  state Bee "乙 & 丙" code 2
  state D "丁" final code 4
  state New "新 <状态>" final code 5
  event Go "走 \"快\""
  event Stop "停"
  A -> Bee on Go if g1 "金额 < 100"
  A -> D on Stop
  Bee -> D after 15m
  Bee -> New on Stop
}
"#;

#[test]
fn the_union_draws_each_state_and_line_once_marked_by_what_changed() {
    let (old, new) = (spec(OLD), spec(NEW));
    let (om, nm) = (&old.machines[0], &new.machines[0]);
    let (u, marks) = union(om, nm);
    let mark_of = |id: &str| {
        let i = u
            .states
            .iter()
            .position(|s| s.id.text == id)
            .expect("state drawn");
        marks.states[i]
    };
    // NEW's states, then the OLD state NEW no longer has; B renamed by code is one state.
    let ids: Vec<&str> = u.states.iter().map(|s| s.id.text.as_str()).collect();
    assert_eq!(ids, ["A", "Bee", "D", "New", "Gone"]);
    assert_eq!(mark_of("A"), Mark::Same);
    assert_eq!(mark_of("Bee"), Mark::Changed);
    assert_eq!(mark_of("New"), Mark::Added);
    assert_eq!(mark_of("Gone"), Mark::Removed);
    // Every line of NEW once, plus the OLD line that led to the removed state.
    assert_eq!(u.transitions.len(), nm.transitions.len() + 1);
    let line = |i: usize| {
        let t = &u.transitions[i];
        (
            t.sources
                .iter()
                .map(|s| u.state(*s).id.text.clone())
                .collect::<Vec<_>>()
                .join(","),
            t.target
                .map_or(String::new(), |to| u.state(to).id.text.clone()),
            marks.transitions[i],
        )
    };
    let lines: Vec<_> = (0..u.transitions.len()).map(line).collect();
    assert!(
        lines.contains(&("A".into(), "Bee".into(), Mark::Changed)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("Bee".into(), "D".into(), Mark::Changed)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("Bee".into(), "New".into(), Mark::Added)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("Bee".into(), "Gone".into(), Mark::Removed)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("A".into(), "D".into(), Mark::Same)),
        "{lines:?}"
    );
    // The rows: a renamed source and a new delay are rows changed, not removed and added.
    let changes: Vec<Change> = row_changes(om, nm).iter().map(|c| c.change).collect();
    assert_eq!(
        changes,
        [
            Change::Changed,
            Change::Removed,
            Change::Changed,
            Change::Added
        ]
    );
    // The drawing is XML, with the marks as classes.
    let svg = diagram_marked(&u, Lang::Zh, &marks);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let classes = |c: &str| {
        doc.descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|k| k.split(' ').any(|w| w == c))
            })
            .count()
    };
    assert_eq!(classes("removed"), 2, "{svg}");
    assert_eq!(classes("added"), 2, "{svg}");
}

#[test]
fn the_page_escapes_every_label_and_lists_every_finding_and_broken_scenario() {
    let (old, new) = (spec(OLD), spec(NEW));
    let findings = diff(&old, &new);
    let broken = broken_scenarios(&old, &new, &findings);
    assert_eq!(broken.len(), 1, "{broken:?}");
    for lang in [Lang::Zh, Lang::En] {
        let html = page(
            &Review {
                old: &old,
                new: &new,
                old_name: "main:<old>.fsm",
                new_name: "new.fsm",
                findings: &findings,
                broken: &broken,
            },
            lang,
        );
        for raw in [
            "<script>alert",
            "<b>单",
            "<状态>",
            "<i>正常",
            "<old>",
            "金额 < 100",
        ] {
            assert!(!html.contains(raw), "{raw} unescaped");
        }
        for escaped in [
            "甲 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            "乙 &amp; 丙",
            "新 &lt;状态&gt;",
            "&lt;i&gt;正常&lt;/i&gt;",
            "main:&lt;old&gt;.fsm",
            "金额 &lt; 100",
        ] {
            assert!(html.contains(escaped), "{escaped} missing");
        }
        for f in &findings {
            let id = order_fsm_doc_escape(&f.id);
            assert!(
                html.contains(&format!("data-finding=\"{id}\"")),
                "{} not listed",
                f.id
            );
        }
        // One page: nothing loaded from elsewhere.
        for remote in ["http://", "https://", "src=", "<link"] {
            let outside_svg_ns = html.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg_ns.contains(remote), "{remote}");
        }
    }
}

fn order_fsm_doc_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
