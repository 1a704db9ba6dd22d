//! The state diagram as SVG, laid out by [`crate::layout`] without any external program.
//!
//! Every state is a `<g class="state" data-state="Id">`, every edge a
//! `<g class="edge" data-from="Id" data-to="Id" data-line="N">` (`N` is the position of the
//! transition line), so a page can highlight them.

use std::fmt::Write as _;

use order_fsm_core::model::{Machine, StateIx, Trigger};

use crate::common::*;
use crate::dot::FONT_FAMILY;
use crate::layout::{self, EdgeSpec, Graph, NodeSpec, Point};
use crate::Lang;

/// Pixels per cell of the state label font (14px); CJK characters take two cells.
const LABEL_CELL: f64 = 8.0;
/// Pixels per character of the monospace id font (11px).
const ID_CELL: f64 = 6.8;
/// Pixels per cell of the edge label font (12px).
const EDGE_CELL: f64 = 7.0;
const EDGE_LINE: f64 = 15.0;

/// Above this many states a diagram cannot be taken in at a glance: pages say so, and edges
/// into hub states are written inside their source boxes (see `inline_edges`).
pub const BIG_DIAGRAM: usize = 150;
/// In a big diagram, a state that at least this many drawn edges lead to is a hub.
const HUB_IN_EDGES: usize = 8;

/// Formats a coordinate with one decimal, never `-0.0`.
fn f(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

struct EdgeText {
    lines: Vec<(String, &'static str)>,
}

fn edge_text(m: &Machine, t: &order_fsm_core::model::Transition, lang: Lang) -> EdgeText {
    let mut lines = Vec::new();
    match &t.trigger {
        Trigger::Event { event, .. } => lines.push((m.event_label(*event).to_string(), "ev")),
        Trigger::Timeout { label, .. } => {
            let mut s = format!("⏱ {}", trigger_duration(&t.trigger, lang));
            if let Some(l) = label {
                s.push(' ');
                s.push_str(&l.text);
            }
            lines.push((s, "ev"));
        }
    }
    if let Some(g) = &t.guard {
        lines.push((format!("[{}]", guard_text(m, g)), "guard"));
    }
    let roles = roles_short(m, t, lang);
    if !roles.is_empty() {
        let s = match lang {
            Lang::Zh => format!("（{roles}）"),
            Lang::En => format!("({roles})"),
        };
        lines.push((s, "role"));
    }
    for l in &mut lines {
        l.0 = l.0.replace(['\n', '\r'], " ");
    }
    EdgeText { lines }
}

/// Which drawn edges are written inside their source box instead of drawn as lines.
///
/// In a big diagram, the states that many others lead to (closed, cancelled, …) sit below
/// everything else, so every edge into them would run the whole height of the drawing: its
/// path grows with the number of states, the drawing with their square, and nobody can follow
/// a line that long anyway. Those edges become a line of text in the source box,
/// `⏱ 30m 超时关闭 → 已关闭`, which is read where it applies.
pub(crate) fn inline_edges(m: &Machine, edges: &[(Source, usize)]) -> Vec<bool> {
    // A line that keeps the state is no arrow: it is always written inside its state's box.
    let stays: Vec<bool> = edges
        .iter()
        .map(|&(_, i)| m.transitions[i].stays())
        .collect();
    if m.states.len() <= BIG_DIAGRAM {
        return stays;
    }
    let mut into = vec![0usize; m.states.len()];
    // Only lines with a target lead into a state.
    for &(_, i) in edges {
        if let Some(c) = m.transitions[i]
            .target
            .and_then(|to| into.get_mut(to.index()))
        {
            *c += 1;
        }
    }
    edges
        .iter()
        .zip(stays)
        .map(|(&(_, i), stays)| {
            stays
                || m.transitions[i]
                    .target
                    .and_then(|to| into.get(to.index()))
                    .is_some_and(|&c| c >= HUB_IN_EDGES)
        })
        .collect()
}

/// The lines written inside each box (the states, then the "any" box): the index of the
/// edge and its text.
type BoxLines = Vec<Vec<(usize, String)>>;

/// The layers an edge of a big diagram may run across and still be drawn as a line.
pub const MAX_EDGE_LAYERS: usize = 2;

/// Which edges are drawn as lines and which are written inside their source box, the text
/// of each box, and the layout input.
///
/// In a big diagram (more than [`BIG_DIAGRAM`] states) an edge that would run across more
/// than [`MAX_EDGE_LAYERS`] layers (a timeout that jumps far back, a shortcut to a distant
/// state) is written in its source box as well: drawn, it would be a path through every
/// layer it crosses, the drawing would grow with the square of the machine, and nobody can
/// follow a line across hundreds of boxes anyway. The layers are those the layout gives the
/// lines still drawn, found again once after the long ones are taken out.
fn drawn(
    m: &Machine,
    lang: Lang,
    edges: &[(Source, usize)],
    texts: &[EdgeText],
) -> (Vec<bool>, BoxLines, Graph) {
    let mut inline = inline_edges(m, edges);
    let mut lines = inline_lines(m, lang, edges, texts, &inline);
    let mut g = graph_with(m, lang, edges, texts, &inline, &lines);
    if m.states.len() <= BIG_DIAGRAM {
        return (inline, lines, g);
    }
    let n = m.states.len();
    for _ in 0..2 {
        let rank = layout::ranks(&g);
        let mut changed = false;
        for (k, &(s, i)) in edges.iter().enumerate() {
            let Some(to) = m.transitions[i].target else {
                continue;
            };
            let from = match s {
                Source::State(s) => s.index(),
                Source::Any => n,
            };
            let (Some(&a), Some(&b)) = (rank.get(from), rank.get(to.index())) else {
                continue;
            };
            if !inline[k] && a.abs_diff(b) > MAX_EDGE_LAYERS {
                inline[k] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        lines = inline_lines(m, lang, edges, texts, &inline);
        g = graph_with(m, lang, edges, texts, &inline, &lines);
    }
    (inline, lines, g)
}

/// The text of an edge written inside its source box: its label lines on one line, an arrow
/// and the target.
fn inline_text(
    m: &Machine,
    t: &order_fsm_core::model::Transition,
    txt: &EdgeText,
    lang: Lang,
) -> String {
    let Some(to) = t.target else {
        return crate::common::stay_text(m, t, lang).replace(['\n', '\r'], " ");
    };
    let mut s = txt
        .lines
        .iter()
        .map(|l| l.0.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    s.push_str(" → ");
    s.push_str(&m.state_label(to).replace(['\n', '\r'], " "));
    s
}

/// Size of the head of a state box: label on top, id below in small monospace.
fn head_size(label: &str, id: &str, is_final: bool) -> (f64, f64) {
    let lw = layout::text_width(label, LABEL_CELL);
    let iw = layout::text_width(id, ID_CELL);
    let extra = if is_final { 8.0 } else { 0.0 };
    let w = (lw.max(iw) + 28.0 + extra).max(76.0);
    let h = if label == id { 34.0 } else { 48.0 } + extra;
    (w, h)
}

/// Box size for a state: its head, then one line per edge written inside it.
fn state_size(m: &Machine, s: StateIx, inline: &[String]) -> (f64, f64) {
    let label = m.state_label(s).replace('\n', " ");
    let (mut w, mut h) = head_size(&label, state_id(m, s), is_final(m, s));
    for l in inline {
        w = w.max(layout::text_width(l, EDGE_CELL) + 20.0);
    }
    if !inline.is_empty() {
        h += inline.len() as f64 * EDGE_LINE + 8.0;
    }
    (w, h)
}

/// The inline lines of each box (the states, then the "any" box), in edge order.
fn inline_lines(
    m: &Machine,
    lang: Lang,
    edges: &[(Source, usize)],
    texts: &[EdgeText],
    inline: &[bool],
) -> Vec<Vec<(usize, String)>> {
    let n = m.states.len();
    let mut v: Vec<Vec<(usize, String)>> = vec![Vec::new(); n + 1];
    for (k, (&(s, i), txt)) in edges.iter().zip(texts).enumerate() {
        if !inline.get(k).copied().unwrap_or(false) {
            continue;
        }
        let slot = match s {
            Source::State(s) => s.index(),
            Source::Any => n,
        };
        if let Some(b) = v.get_mut(slot) {
            b.push((k, inline_text(m, &m.transitions[i], txt, lang)));
        }
    }
    v
}

/// The layout input for a machine: one box per state (in state order) plus, when the machine
/// has `any -> …` lines, a last box for the "any non-final state" pseudo-state; one edge per
/// drawn transition (see the edge order of [`diagram`]), with its label size.
pub fn graph(m: &Machine, lang: Lang) -> Graph {
    let edges = edges_with_stays(m);
    let texts: Vec<EdgeText> = edges
        .iter()
        .map(|&(_, i)| edge_text(m, &m.transitions[i], lang))
        .collect();
    drawn(m, lang, &edges, &texts).2
}

fn graph_with(
    m: &Machine,
    lang: Lang,
    edges: &[(Source, usize)],
    texts: &[EdgeText],
    inline: &[bool],
    lines: &[Vec<(usize, String)>],
) -> Graph {
    let n = m.states.len();
    let any_label = any_text(lang);
    let text_of = |slot: usize| -> Vec<String> {
        lines
            .get(slot)
            .map(|v| v.iter().map(|(_, t)| t.clone()).collect())
            .unwrap_or_default()
    };
    let mut nodes: Vec<NodeSpec> = (0..n)
        .map(|i| {
            let (w, h) = state_size(m, StateIx(i as u32), &text_of(i));
            NodeSpec {
                width: w,
                height: h,
            }
        })
        .collect();
    let with_any = has_any(m);
    if with_any {
        let extra = text_of(n);
        let mut w = layout::text_width(any_label, LABEL_CELL) + 28.0;
        let mut h = 34.0;
        for l in &extra {
            w = w.max(layout::text_width(l, EDGE_CELL) + 20.0);
        }
        if !extra.is_empty() {
            h += extra.len() as f64 * EDGE_LINE + 8.0;
        }
        nodes.push(NodeSpec {
            width: w,
            height: h,
        });
    }
    Graph {
        nodes,
        edges: edges
            .iter()
            .zip(texts)
            .zip(inline)
            .filter(|(_, &inl)| !inl)
            // Lines that keep the state are always written inside their box.
            .filter_map(|((&(s, i), txt), _)| {
                let to = m.transitions[i].target?;
                let w = txt
                    .lines
                    .iter()
                    .map(|l| layout::text_width(&l.0, EDGE_CELL))
                    .fold(0.0, f64::max)
                    + 6.0;
                Some(EdgeSpec {
                    from: match s {
                        Source::State(s) => s.index(),
                        Source::Any => n,
                    },
                    to: to.index(),
                    label: Some((w, txt.lines.len() as f64 * EDGE_LINE + 2.0)),
                })
            })
            .collect(),
        first: m.initial.map(|s| s.index()),
    }
}

/// How a state or a line of a machine compared with another version is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mark {
    /// Drawn as usual.
    #[default]
    Same,
    /// Only in the new version: highlighted.
    Added,
    /// Only in the old version: faded and dashed.
    Removed,
    /// In both, with something changed: outlined in another colour.
    Changed,
}

impl Mark {
    /// The class added to the element (`added`, `removed`, `changed`), empty for `Same`.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Same => "",
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed",
        }
    }
}

/// Per-state and per-transition marks for [`diagram_marked`], indexed like
/// [`Machine::states`] and [`Machine::transitions`]; a missing entry is [`Mark::Same`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub states: Vec<Mark>,
    pub transitions: Vec<Mark>,
}

impl Marks {
    fn state(&self, i: usize) -> Mark {
        self.states.get(i).copied().unwrap_or_default()
    }
    fn transition(&self, i: usize) -> Mark {
        self.transitions.get(i).copied().unwrap_or_default()
    }
    fn any(&self) -> bool {
        self.states
            .iter()
            .chain(&self.transitions)
            .any(|m| *m != Mark::Same)
    }
}

const ADDED: &str = "#1a7f37";
const REMOVED: &str = "#8c959f";
const CHANGED: &str = "#bc4c00";

/// The SVG element alone (no XML declaration), for embedding in HTML.
pub fn diagram(m: &Machine, lang: Lang) -> String {
    diagram_marked(m, lang, &Marks::default())
}

/// The diagram with some states and lines marked as added, removed or changed (the review
/// page of `order-fsm diff` draws the union of two versions this way, laid out once).
/// Marked elements get the mark as a class and their own colours, so the drawing reads the
/// same without a style sheet.
pub fn diagram_marked(m: &Machine, lang: Lang, marks: &Marks) -> String {
    let edges = edges_with_stays(m);
    let texts: Vec<EdgeText> = edges
        .iter()
        .map(|&(_, i)| edge_text(m, &m.transitions[i], lang))
        .collect();
    let n = m.states.len();
    let any_label = any_text(lang);
    let with_any = has_any(m);
    let (inline, lines, g) = drawn(m, lang, &edges, &texts);
    let lay = layout::layout(&g, &layout::Options::default());
    // The route of each drawn edge, `None` for the ones written inside a box.
    let mut routes = Vec::with_capacity(edges.len());
    let mut next = 0;
    for &inl in &inline {
        if inl {
            routes.push(None);
        } else {
            routes.push(lay.edges.get(next));
            next += 1;
        }
    }
    let title = machine_title(m);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ofsm-diagram\" data-machine=\"{machine}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"{font}\" role=\"img\" aria-label=\"{title}\">",
        w = f(lay.width),
        h = f(lay.height),
        font = xml_escape(FONT_FAMILY),
        title = xml_escape(&title),
        machine = xml_escape(&m.id.text),
    );
    let _ = writeln!(out, "<title>{}</title>", xml_escape(&title));
    let mid = xml_escape(&m.id.text);
    let _ = write!(
        out,
        "<defs><marker id=\"ofsm-arrow-{mid}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path d=\"M0,1 L10,5 L0,9 z\" fill=\"#5b6573\"/></marker><marker id=\"ofsm-arrow-hl-{mid}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path d=\"M0,1 L10,5 L0,9 z\" fill=\"#d9480f\"/></marker>"
    );
    if marks.any() {
        for (name, colour) in [("add", ADDED), ("del", REMOVED), ("chg", CHANGED)] {
            let _ = write!(
                out,
                "<marker id=\"ofsm-arrow-{name}-{mid}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path d=\"M0,1 L10,5 L0,9 z\" fill=\"{colour}\"/></marker>"
            );
        }
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        f(lay.width),
        f(lay.height)
    );

    // Edges first, so boxes sit on top of them.
    out.push_str("<g class=\"edges\" fill=\"none\">\n");
    for (k, (&(s, i), txt)) in edges.iter().zip(&texts).enumerate() {
        let t = &m.transitions[i];
        let Some(Some(route)) = routes.get(k) else {
            continue;
        };
        if route.points.len() < 2 {
            continue;
        }
        let timeout = t.event().is_none();
        let mark = marks.transition(i);
        let _ = writeln!(
            out,
            "<g class=\"edge{}{}{}\"{}{}>",
            if timeout { " timeout" } else { "" },
            if mark == Mark::Same { "" } else { " " },
            mark.class(),
            edge_attrs(m, s, i),
            if mark == Mark::Removed {
                " opacity=\"0.55\""
            } else {
                ""
            }
        );
        let d = if route.self_loop {
            self_loop_path(&route.points)
        } else {
            path_d(&route.points)
        };
        let (stroke, width, arrow) = match mark {
            Mark::Same => ("#5b6573", "1.4", ""),
            Mark::Added => (ADDED, "2.6", "add-"),
            Mark::Removed => (REMOVED, "1.4", "del-"),
            Mark::Changed => (CHANGED, "2.2", "chg-"),
        };
        let dash = match (mark, timeout) {
            (Mark::Removed, _) => " stroke-dasharray=\"2 4\"",
            (_, true) => " stroke-dasharray=\"5 4\"",
            _ => "",
        };
        let _ = writeln!(
            out,
            "<path d=\"{d}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash} marker-end=\"url(#ofsm-arrow-{arrow}{mid})\"/>",
        );
        if let Some(r) = route.label {
            let _ = write!(
                out,
                "<g class=\"elabel\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
                f(r.x),
                f(r.y),
                f(r.w),
                f(r.h)
            );
            for (j, (line, class)) in txt.lines.iter().enumerate() {
                let (fill, style) = match (*class, mark) {
                    (_, Mark::Removed) => (REMOVED, " text-decoration=\"line-through\""),
                    ("guard", _) => ("#9a5b00", " font-style=\"italic\""),
                    ("role", _) => ("#5b6573", ""),
                    (_, Mark::Added) => (ADDED, " font-weight=\"600\""),
                    (_, Mark::Changed) => (CHANGED, " font-weight=\"600\""),
                    _ => ("#1f2d3d", ""),
                };
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{fill}\"{style}>{}</text>",
                    f(r.x + 3.0),
                    f(r.y + 1.0 + EDGE_LINE * j as f64 + 11.5),
                    xml_escape(line)
                );
            }
            out.push_str("</g>\n");
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");

    // Initial marker.
    if let (Some(start), Some(init)) = (lay.start, m.initial) {
        if let Some(r) = lay.nodes.get(init.index()) {
            let _ = writeln!(
                out,
                "<g class=\"start\"><circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"#1f2d3d\"/><path d=\"M{},{} L{},{}\" stroke=\"#1f2d3d\" stroke-width=\"1.6\" fill=\"none\" marker-end=\"url(#ofsm-arrow-{mid})\"/></g>",
                f(start.x),
                f(start.y),
                f(start.x),
                f(start.y + 7.0),
                f(start.x),
                f(r.y)
            );
        }
    }

    out.push_str("<g class=\"states\">\n");
    for (i, st) in m.states.iter().enumerate() {
        let s = StateIx(i as u32);
        let Some(r) = lay.nodes.get(i) else { continue };
        let mark = marks.state(i);
        let mut class = String::from("state");
        if st.initial {
            class.push_str(" initial");
        }
        if st.is_final {
            class.push_str(" final");
        }
        if mark != Mark::Same {
            class.push(' ');
            class.push_str(mark.class());
        }
        let _ = writeln!(
            out,
            "<g class=\"{class}\" data-state=\"{}\"{}>",
            xml_escape(&st.id.text),
            if mark == Mark::Removed {
                " opacity=\"0.55\""
            } else {
                ""
            }
        );
        let label = m.state_label(s).replace('\n', " ");
        let tip = match &st.doc {
            Some(d) => format!("{label} ({})\n{d}", st.id.text),
            None => format!("{label} ({})", st.id.text),
        };
        let _ = writeln!(out, "<title>{}</title>", xml_escape(&tip));
        let (fill, stroke) = match mark {
            Mark::Added => ("#e6f6ea", ADDED),
            Mark::Removed => ("#f6f8fa", REMOVED),
            Mark::Changed => ("#fff4e5", CHANGED),
            Mark::Same if st.is_final => ("#eef6ee", "#3c7a3c"),
            Mark::Same => ("#f4f7fb", "#4a6fa5"),
        };
        let width = match mark {
            Mark::Added | Mark::Changed => "2.6",
            _ if st.initial => "2.2",
            _ => "1.4",
        };
        let dash = if mark == Mark::Removed {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let strike = if mark == Mark::Removed {
            " text-decoration=\"line-through\""
        } else {
            ""
        };
        let (_, head_h) = head_size(&label, &st.id.text, st.is_final);
        let head = layout::Rect {
            h: if lines[i].is_empty() { r.h } else { head_h },
            ..*r
        };
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"9\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
            f(r.x),
            f(r.y),
            f(r.w),
            f(r.h)
        );
        if st.is_final {
            let _ = writeln!(
                out,
                "<rect class=\"inner\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.2\"/>",
                f(r.x + 4.0),
                f(r.y + 4.0),
                f(r.w - 8.0),
                f(r.h - 8.0)
            );
        }
        if label == st.id.text {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"600\" fill=\"#1f2d3d\"{strike}>{}</text>",
                f(head.cx()),
                f(head.cy() + 5.0),
                xml_escape(&label)
            );
        } else {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"600\" fill=\"#1f2d3d\"{strike}>{}</text>",
                f(head.cx()),
                f(head.cy() - 2.0),
                xml_escape(&label)
            );
            let _ = writeln!(
                out,
                "<text class=\"sid\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, monospace\" fill=\"#6b7785\">{}</text>",
                f(head.cx()),
                f(head.cy() + 14.0),
                xml_escape(&st.id.text)
            );
        }
        inline_block(
            &mut out,
            (m, lang),
            marks,
            &edges,
            r,
            r.y + head.h,
            &lines[i],
        );
        out.push_str("</g>\n");
    }
    if let (true, Some(r)) = (with_any, lay.nodes.get(n)) {
        let extra = lines.get(n).map(Vec::as_slice).unwrap_or(&[]);
        let head = layout::Rect {
            h: if extra.is_empty() { r.h } else { 34.0 },
            ..*r
        };
        let _ = write!(
            out,
            "<g class=\"state any\"><title>{t}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"9\" fill=\"#faf5ff\" stroke=\"#8a63c7\" stroke-width=\"1.4\" stroke-dasharray=\"5 4\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#5b3f8c\">{t}</text>",
            f(r.x),
            f(r.y),
            f(r.w),
            f(r.h),
            f(head.cx()),
            f(head.cy() + 5.0),
            t = xml_escape(any_label),
        );
        if !extra.is_empty() {
            out.push('\n');
        }
        inline_block(&mut out, (m, lang), marks, &edges, r, r.y + head.h, extra);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// The `data-from`, `data-to`, `data-event` and `data-line` attributes of a drawn edge.
fn edge_attrs(m: &Machine, s: Source, i: usize) -> String {
    let t = &m.transitions[i];
    let event_attr = t
        .event()
        .map(|e| format!(" data-event=\"{}\"", xml_escape(event_id(m, e))))
        .unwrap_or_default();
    format!(
        " data-from=\"{}\" data-to=\"{}\"{} data-line=\"{}\"",
        xml_escape(&match s {
            Source::State(s) => state_id(m, s).to_string(),
            Source::Any => t
                .sources
                .iter()
                .map(|&s| state_id(m, s))
                .collect::<Vec<_>>()
                .join(" "),
        }),
        // A line that keeps the state ends where it starts (it has a single source).
        xml_escape(&match (t.target, s) {
            (Some(to), _) | (None, Source::State(to)) => state_id(m, to).to_string(),
            (None, Source::Any) => String::new(),
        }),
        event_attr,
        i
    )
}

/// The edges written inside a box, below a rule at `top`.
fn inline_block(
    out: &mut String,
    (m, lang): (&Machine, Lang),
    marks: &Marks,
    edges: &[(Source, usize)],
    r: &layout::Rect,
    top: f64,
    lines: &[(usize, String)],
) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<path class=\"rule\" d=\"M{},{} L{},{}\" stroke=\"#c9d3e0\" stroke-width=\"1\"/>",
        f(r.x + 6.0),
        f(top),
        f(r.right() - 6.0),
        f(top)
    );
    for (j, (k, text)) in lines.iter().enumerate() {
        let Some(&(s, i)) = edges.get(*k) else {
            continue;
        };
        let timeout = m.transitions[i].event().is_none();
        let mark = marks.transition(i);
        let (fill, style) = match mark {
            Mark::Same => ("#1f2d3d", ""),
            Mark::Added => (ADDED, " font-weight=\"600\""),
            Mark::Removed => (REMOVED, " text-decoration=\"line-through\""),
            Mark::Changed => (CHANGED, " font-weight=\"600\""),
        };
        let x = r.x + 10.0;
        let y = top + 4.0 + EDGE_LINE * j as f64 + 11.5;
        // The reminder mark is drawn, not written: few fonts have the alarm clock glyph,
        // and a missing one shows as an empty box.
        let (icon, x, text) = match text.strip_prefix(REMINDER_MARK) {
            Some(rest) => (
                reminder_icon(x + 6.0, y - 4.5, fill, lang),
                x + 15.0,
                rest.trim_start(),
            ),
            None => (String::new(), x, text.as_str()),
        };
        let _ = writeln!(
            out,
            "<g class=\"edge inline{}{}{}\"{}>{icon}<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{fill}\"{style}>{}</text></g>",
            if timeout { " timeout" } else { "" },
            if mark == Mark::Same { "" } else { " " },
            mark.class(),
            edge_attrs(m, s, i),
            f(x),
            f(y),
            xml_escape(text)
        );
    }
}

/// The mark a reminder's text starts with in every format.
pub(crate) const REMINDER_MARK: &str = "⏰";

/// A small alarm clock centred on (`cx`, `cy`), about 12 units wide, drawn in `color`: the
/// reminder mark, which most fonts lack.
pub(crate) fn reminder_icon(cx: f64, cy: f64, color: &str, lang: Lang) -> String {
    format!(
        "<g class=\"mark reminder\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.2\" stroke-linecap=\"round\"><title>{}</title><circle cx=\"{}\" cy=\"{}\" r=\"4.6\"/><path d=\"M{},{} L{},{} L{},{} M{},{} l2,-1.6 M{},{} l-2,-1.6\"/></g>",
        tr(lang, "提醒", "reminder"),
        f(cx),
        f(cy + 0.6),
        f(cx),
        f(cy - 2.2),
        f(cx),
        f(cy + 0.6),
        f(cx + 2.2),
        f(cy + 1.8),
        f(cx - 5.2),
        f(cy - 3.2),
        f(cx + 5.2),
        f(cy - 3.2),
    )
}

/// Straight vertical runs, S-curves across the gaps between bands.
fn path_d(points: &[Point]) -> String {
    let mut d = String::new();
    let Some(p0) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{},{}", f(p0.x), f(p0.y));
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.x - b.x).abs() < 0.05 {
            let _ = write!(d, " L{},{}", f(b.x), f(b.y));
        } else {
            let ym = (a.y + b.y) / 2.0;
            let _ = write!(
                d,
                " C{},{} {},{} {},{}",
                f(a.x),
                f(ym),
                f(b.x),
                f(ym),
                f(b.x),
                f(b.y)
            );
        }
    }
    d
}

/// A rounded loop through the four points of a self-loop route.
fn self_loop_path(p: &[Point]) -> String {
    if p.len() < 4 {
        return path_d(p);
    }
    format!(
        "M{},{} C{},{} {},{} {},{}",
        f(p[0].x),
        f(p[0].y),
        f(p[1].x + 4.0),
        f(p[1].y - 6.0),
        f(p[2].x + 4.0),
        f(p[2].y + 6.0),
        f(p[3].x),
        f(p[3].y)
    )
}

/// A standalone SVG file.
pub fn render(m: &Machine, lang: Lang) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&diagram(m, lang));
    out
}
