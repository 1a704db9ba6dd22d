//! One self-contained HTML page for the PRD review: the diagram, every table and the
//! scenarios, with inline CSS and script and nothing loaded from the network.
//!
//! Hovering a state (in the diagram or in any table) highlights its transitions in the
//! diagram and its rows in the tables; clicking pins the highlight, clicking again or
//! pressing Escape clears it. Hovering a row of the 状态流转表 highlights that line's edges.

use std::fmt::Write as _;

use order_fsm_core::model::{EventIx, Machine, Spec, StateIx, Transition};

use crate::common::*;
use crate::Lang;

fn esc(s: &str) -> String {
    xml_escape(s)
}

/// Text with line breaks kept.
fn esc_lines(s: &str) -> String {
    esc(s).replace('\n', "<br>")
}

fn code(s: &str) -> String {
    format!("<code>{}</code>", esc(s))
}

fn state_cell(m: &Machine, s: StateIx) -> String {
    let label = m.state_label(s);
    let id = state_id(m, s);
    if label == id {
        format!(
            "<span class=\"st\" data-state=\"{}\">{}</span>",
            esc(id),
            code(id)
        )
    } else {
        format!(
            "<span class=\"st\" data-state=\"{}\">{}</span> {}",
            esc(id),
            esc(label),
            code(id)
        )
    }
}

fn event_cell(m: &Machine, e: EventIx) -> String {
    let label = m.event_label(e);
    let id = event_id(m, e);
    if label == id {
        code(id)
    } else {
        format!("{} {}", esc(label), code(id))
    }
}

/// The `data-from` value of a line: its source ids, space-separated.
fn from_attr(m: &Machine, t: &Transition) -> String {
    t.sources
        .iter()
        .map(|&s| state_id(m, s))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of one row of the 状态流转表, escaped: current state, event or timeout, roles,
/// condition, next state, actions, note (shared with the review page of `order-fsm diff`).
pub(crate) fn transition_cells(m: &Machine, t: &Transition, lang: Lang) -> [String; 7] {
    let from = if t.from_any {
        format!("<span class=\"tag any\">{}</span>", esc(any_text(lang)))
    } else {
        t.sources
            .iter()
            .map(|&s| state_cell(m, s))
            .collect::<Vec<_>>()
            .join(list_sep(lang))
    };
    let trig = match t.event() {
        Some(e) => event_cell(m, e),
        None => format!(
            "<span class=\"tag timer\">{}</span>",
            drawn_marks(&esc(&trigger_text(m, t, lang)), lang)
        ),
    };
    let cond = guard_cell(m, t);
    let actions = actions_cell(m, t);
    [
        from,
        trig,
        esc(&roles_text(m, t, lang)),
        cond,
        t.target
            .map_or(esc(stays_word(lang)), |to| state_cell(m, to)),
        actions,
        esc_lines(&note_text(t, lang)),
    ]
}

/// The `data-from` value of a line, for pages other than this one.
pub(crate) fn from_ids(m: &Machine, t: &Transition) -> String {
    from_attr(m, t)
}

pub(crate) const CSS: &str = r#"
:root { --ink:#1f2d3d; --muted:#6b7785; --line:#e3e8ef; --accent:#2f5d9e; --hl:#d9480f; --hlbg:#fff1e6; --bg:#f6f8fb; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", system-ui, -apple-system, "Segoe UI", sans-serif; }
header.top { background: linear-gradient(120deg, #1f3a60, #2f5d9e); color: #fff; padding: 28px 40px 22px; }
header.top h1 { margin: 0; font-size: 26px; font-weight: 700; letter-spacing: .5px; }
header.top h1 .mid { font: 500 14px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: rgba(255,255,255,.16); padding: 2px 8px; border-radius: 6px; margin-left: 10px; vertical-align: middle; }
header.top .doc { margin: 10px 0 0; max-width: 980px; color: #e6eefb; }
header.top .meta { margin-top: 10px; font-size: 12px; color: #c5d5ee; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
.stats span { background: rgba(255,255,255,.13); border-radius: 999px; padding: 3px 12px; font-size: 13px; }
.stats b { font-size: 15px; margin-right: 4px; }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 40px; display: flex; gap: 18px; flex-wrap: wrap; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 8px 40px 40px; max-width: 1480px; }
section { scroll-margin-top: 48px; background: #fff; border: 1px solid var(--line); border-radius: 10px; margin: 18px 0; padding: 18px 22px; box-shadow: 0 1px 2px rgba(31,45,61,.04); }
section h2 { margin: 0 0 12px; font-size: 18px; display: flex; align-items: baseline; gap: 10px; }
section h2 small { font-weight: 400; color: var(--muted); font-size: 12px; }
.notes { margin: 0; padding: 0; list-style: none; }
.notes li { background: #fff8dc; border-left: 4px solid #e0b400; padding: 8px 12px; border-radius: 4px; margin: 6px 0; }
.diagram-wrap { overflow: auto; max-height: 78vh; border: 1px solid var(--line); border-radius: 8px; background: #fff; padding: 8px; cursor: grab; overscroll-behavior: contain; }
.diagram-wrap.dragging { cursor: grabbing; user-select: none; }
.diagram-wrap svg { display: block; margin: 0 auto; max-width: none; }
.zoombar { display: flex; align-items: center; gap: 6px; margin: 0 0 8px; font-size: 12px; color: var(--muted); }
.zoombar button { font: inherit; font-size: 13px; min-width: 32px; height: 28px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; }
.zoombar button:hover { border-color: var(--accent); color: var(--accent); }
.zoombar .zoom-level { min-width: 4em; text-align: center; font-variant-numeric: tabular-nums; }
.big-note { background: #fff8dc; border-left: 4px solid #e0b400; padding: 8px 12px; border-radius: 4px; margin: 0 0 10px; }
.state-filter { display: flex; gap: 8px; align-items: center; margin: 0 0 10px; font-size: 13px; }
.state-filter input { font: inherit; padding: 3px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 16em; }
tr.filtered-out { display: none; }
.legend { display: flex; flex-wrap: wrap; gap: 18px; font-size: 12px; color: var(--muted); margin-top: 10px; }
.legend i { display: inline-block; vertical-align: middle; margin-right: 6px; }
.lg-init { width: 10px; height: 10px; border-radius: 50%; background: var(--ink); }
.lg-final { width: 22px; height: 14px; border: 1.5px solid #3c7a3c; border-radius: 4px; box-shadow: inset 0 0 0 2px #fff, inset 0 0 0 3px #3c7a3c; background: #eef6ee; }
.lg-dash { width: 26px; border-top: 2px dashed #5b6573; }
.lg-guard { color: #9a5b00; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
.tablewrap { overflow-x: auto; }
th, td { border-bottom: 1px solid var(--line); padding: 7px 10px; text-align: left; vertical-align: top; }
th { background: #f1f4f9; font-weight: 600; white-space: nowrap; }
td.role { white-space: nowrap; }
.matrix th code { display: inline-block; margin-top: 2px; }
tbody tr:hover { background: #f7faff; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef2f7; color: #334155; padding: 1px 5px; border-radius: 4px; white-space: nowrap; }
.tag { display: inline-block; white-space: nowrap; font-size: 11px; padding: 0 7px; border-radius: 999px; margin-right: 4px; }
.tag.init { background: #e4edfb; color: #2f5d9e; }
.tag.final { background: #e3f2e3; color: #2f6b2f; }
.tag.shared { background: #fdecd8; color: #9a5a12; }
.na { color: var(--muted); font-style: italic; }
.tag.any { background: #f3e8ff; color: #6b3fa0; }
.tag.timer { background: #fdf0d5; color: #8a5a00; }
.cond { color: #9a5b00; }
.field { display: block; }
.muted { color: var(--muted); }
.matrix td, .matrix th { text-align: center; white-space: nowrap; }
.matrix td:first-child, .matrix th:first-child { text-align: left; }
.matrix td.no { color: #c0c7d0; }
.matrix td.yes { color: var(--ink); background: #f5fbf5; }
.matrix td.guarded { background: #fffaf0; }
.scenarios { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 14px; }
.scenario { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fcfdff; }
.scenario h3 { margin: 0 0 8px; font-size: 15px; }
.scenario ol { margin: 0; padding-left: 0; list-style: none; }
.scenario li { margin: 3px 0; }
.rules { list-style: none; padding-left: 0; }
.rules li { margin: 6px 0; }
.rules .ok { color: #1a7f37; font-weight: 700; margin-right: 6px; }
.rules .trivial { color: var(--muted); font-weight: 700; margin-right: 6px; }
.kw { display: inline-block; min-width: 3.2em; font-weight: 700; color: var(--accent); }
.kw.then { color: #2f6b2f; }
.hint { font-size: 12px; color: var(--muted); }
footer { color: var(--muted); font-size: 12px; padding: 0 40px 30px; }
/* highlight */
.st, tr[data-state] td:first-child { cursor: pointer; }
svg .state { cursor: pointer; }
svg .state rect, svg .edge path, svg .edge text { transition: opacity .15s, stroke .15s; }
body.focus svg .edge:not(.hl) { opacity: .12; }
body.focus svg .state:not(.hl):not(.nb) { opacity: .3; }
svg .state.hl > rect:first-of-type { stroke: var(--hl); stroke-width: 3; }
svg .edge.hl path { stroke: var(--hl); stroke-width: 2.4; }
svg .edge.hl .elabel rect { fill: var(--hlbg); fill-opacity: 1; }
svg .edge.inline.hl text { fill: var(--hl); font-weight: 600; }
body.focus svg .state .edge.inline:not(.hl) { opacity: .45; }
body.focus tr[data-from]:not(.hl), body.focus tr[data-state]:not(.hl) { opacity: .35; }
tr.hl { background: var(--hlbg) !important; }
@media print { nav.toc { display: none; } section { break-inside: avoid; box-shadow: none; } }
"#;

pub(crate) const JS: &str = r#"
(function () {
  var pinned = null;
  var body = document.body;
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function clear() {
    all('.hl, .nb').forEach(function (e) { e.classList.remove('hl'); e.classList.remove('nb'); });
    body.classList.remove('focus');
  }
  function showState(id) {
    clear();
    if (!id) { return; }
    body.classList.add('focus');
    var near = {};
    all('[data-from]').forEach(function (e) {
      var from = (e.getAttribute('data-from') || '').split(' ');
      var to = e.getAttribute('data-to');
      if (from.indexOf(id) >= 0 || to === id) {
        e.classList.add('hl');
        from.forEach(function (f) { near[f] = true; });
        near[to] = true;
      }
    });
    all('svg [data-state], tr[data-state]').forEach(function (e) {
      var s = e.getAttribute('data-state');
      if (s === id) { e.classList.add('hl'); } else if (near[s] && e.tagName.toLowerCase() === 'g') { e.classList.add('nb'); }
    });
  }
  function showLine(line) {
    clear();
    body.classList.add('focus');
    all('[data-line="' + line + '"]').forEach(function (e) {
      e.classList.add('hl');
      var to = e.getAttribute('data-to');
      (e.getAttribute('data-from') || '').split(' ').concat([to]).forEach(function (s) {
        all('svg [data-state="' + s + '"]').forEach(function (g) { g.classList.add('nb'); });
      });
    });
  }
  function stateOf(t) {
    var e = t && t.closest ? t.closest('[data-state]') : null;
    return e ? e.getAttribute('data-state') : null;
  }
  document.addEventListener('mouseover', function (ev) {
    if (pinned) { return; }
    var s = stateOf(ev.target);
    if (s) { showState(s); return; }
    var row = ev.target.closest ? ev.target.closest('tr[data-line]') : null;
    if (row) { showLine(row.getAttribute('data-line')); return; }
    clear();
  });
  document.addEventListener('click', function (ev) {
    var s = stateOf(ev.target);
    if (!s || pinned === s) { pinned = null; clear(); if (!s) { return; } return; }
    pinned = s;
    showState(s);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') { pinned = null; clear(); }
  });

  // Zoom and pan: the diagram is drawn at its own size (scale 1, edge labels at 12px) inside
  // a scrolling frame; the buttons and the wheel change the scale, dragging scrolls.
  all('.diagram-wrap').forEach(function (wrap) {
    var svg = wrap.querySelector('svg');
    if (!svg) { return; }
    var w0 = parseFloat(svg.getAttribute('width')) || 1;
    var h0 = parseFloat(svg.getAttribute('height')) || 1;
    var bar = wrap.previousElementSibling;
    var level = bar ? bar.querySelector('.zoom-level') : null;
    var scale = 1;
    function apply(next, cx, cy) {
      next = Math.max(0.05, Math.min(4, next));
      var r = wrap.getBoundingClientRect();
      var px = cx === undefined ? wrap.clientWidth / 2 : cx - r.left;
      var py = cy === undefined ? wrap.clientHeight / 2 : cy - r.top;
      var ux = (wrap.scrollLeft + px) / scale, uy = (wrap.scrollTop + py) / scale;
      scale = next;
      svg.setAttribute('width', String(w0 * scale));
      svg.setAttribute('height', String(h0 * scale));
      wrap.scrollLeft = ux * scale - px;
      wrap.scrollTop = uy * scale - py;
      wrap.setAttribute('data-scale', scale.toFixed(3));
      if (level) { level.textContent = Math.round(scale * 100) + '%'; }
    }
    function fit() {
      var sw = (wrap.clientWidth - 16) / w0, sh = (wrap.clientHeight - 16) / h0;
      apply(Math.min(sw, sh > 0 ? sh : sw));
    }
    if (bar) {
      bar.addEventListener('click', function (ev) {
        var b = ev.target.closest ? ev.target.closest('button') : null;
        if (!b) { return; }
        var z = b.getAttribute('data-zoom');
        if (z === 'in') { apply(scale * 1.25); }
        else if (z === 'out') { apply(scale / 1.25); }
        else if (z === 'fit') { fit(); }
        else if (z === 'reset') { apply(1); }
      });
    }
    wrap.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      apply(scale * Math.pow(1.0015, -ev.deltaY), ev.clientX, ev.clientY);
    }, { passive: false });
    var drag = null;
    wrap.addEventListener('mousedown', function (ev) {
      if (ev.button !== 0) { return; }
      drag = { x: ev.clientX, y: ev.clientY, l: wrap.scrollLeft, t: wrap.scrollTop, moved: false };
    });
    window.addEventListener('mousemove', function (ev) {
      if (!drag) { return; }
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      drag.moved = true;
      wrap.classList.add('dragging');
      wrap.scrollLeft = drag.l - dx;
      wrap.scrollTop = drag.t - dy;
    });
    window.addEventListener('mouseup', function () {
      if (drag && drag.moved) {
        // A drag is not a click: keep the highlight as it was.
        var stop = function (e) { e.stopPropagation(); };
        window.addEventListener('click', stop, true);
        setTimeout(function () { window.removeEventListener('click', stop, true); }, 0);
      }
      drag = null;
      wrap.classList.remove('dragging');
    });
    // A diagram a little wider than the frame starts fitted to its width, as long as edge
    // labels stay at least 11 px; a wider one starts at its own size, scrolled from its left
    // edge only as far as it takes to show the initial state, so that nothing on the left
    // is cut off without need.
    var fitWidth = (wrap.clientWidth - 16) / w0;
    apply(fitWidth < 1 && fitWidth >= 11 / 12 ? fitWidth : 1);
    wrap.scrollLeft = 0;
    var init = svg.querySelector('.state.initial');
    if (init && wrap.scrollWidth > wrap.clientWidth) {
      var ib = init.getBoundingClientRect(), wb = wrap.getBoundingClientRect();
      var past = ib.right + 16 - (wb.left + wrap.clientWidth);
      if (past > 0) { wrap.scrollLeft = Math.min(past, ib.left - wb.left - 16); }
    }
  });

  // Per-state view: typing a state's id or label (exactly, in any case) keeps only the rows
  // of the tables that concern that state.
  all('.state-filter input').forEach(function (input) {
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      all('tr[data-from], tr[data-state]').forEach(function (tr) {
        if (!q) { tr.classList.remove('filtered-out'); return; }
        var ids = ((tr.getAttribute('data-from') || '') + ' ' + (tr.getAttribute('data-to') || '') + ' ' + (tr.getAttribute('data-state') || '')).toLowerCase().split(' ');
        Array.prototype.forEach.call(tr.querySelectorAll('.st'), function (e) { ids.push(e.textContent.trim().toLowerCase()); });
        var hit = ids.indexOf(q) >= 0;
        tr.classList.toggle('filtered-out', !hit);
      });
    });
  });
})();
"#;

/// The page.
/// The 状态码映射表 section, when the machine lists the codes of other systems.
fn code_map_html(o: &mut String, m: &Machine, lang: Lang) {
    if m.code_systems.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<section id=\"codes\"><h2>{}</h2><div class=\"tablewrap\"><table class=\"codes\"><thead><tr>",
        esc(code_map_title(lang))
    );
    for h in code_map_head(m, lang) {
        let _ = write!(o, "<th>{}</th>", esc(&h));
    }
    o.push_str("</tr></thead><tbody>\n");
    for i in 0..m.states.len() {
        let s = StateIx(i as u32);
        let st = m.state(s);
        let _ = write!(
            o,
            "<tr data-state=\"{id}\"><td><span class=\"st\" data-state=\"{id}\">{}</span></td><td>{}</td>",
            esc(m.state_label(s)),
            code(&st.id.text),
            id = esc(&st.id.text),
        );
        for cell in code_map_cells(m, s) {
            let codes = cell
                .codes
                .iter()
                .map(|c| code(&c.to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            let mark = if cell.shared {
                format!(
                    " <span class=\"tag shared\">{}</span>",
                    esc(shared_word(lang))
                )
            } else {
                String::new()
            };
            let empty = match (cell.codes.is_empty(), cell.none) {
                (true, true) => format!(
                    "<span class=\"na\">{}</span>",
                    esc(not_applicable_word(lang))
                ),
                (true, false) => "—".to_string(),
                (false, _) => String::new(),
            };
            let _ = write!(o, "<td>{codes}{empty}{mark}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></div></section>\n");
}

pub fn render(spec: &Spec, m: &Machine, lang: Lang) -> String {
    let mut o = String::new();
    let index = Index::new(m);
    let title = machine_title(m);
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>",
        tr(lang, "zh-CN", "en")
    );
    o.push_str("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<meta name=\"generator\" content=\"order-fsm\">");
    let _ = writeln!(
        o,
        "<title>{} · {}</title>",
        esc(&title),
        tr(lang, "状态机文档", "state machine")
    );
    let _ = writeln!(
        o,
        "<style>{CSS}svg[data-machine=\"{id}\"] .edge.hl path {{ marker-end: url(#ofsm-arrow-hl-{id}); }}\n</style>\n</head>\n<body>",
        id = esc(&m.id.text)
    );

    // Header.
    let label = m
        .label
        .as_ref()
        .map_or(m.id.text.as_str(), |l| l.text.as_str());
    o.push_str("<header class=\"top\">\n");
    let _ = writeln!(
        o,
        "<h1>{}<span class=\"mid\">{}</span></h1>",
        esc(label),
        esc(&m.id.text)
    );
    if let Some(d) = &m.doc {
        let _ = writeln!(o, "<p class=\"doc\">{}</p>", esc_lines(d));
    }
    let timeouts_n = m.transitions.iter().filter(|t| t.event().is_none()).count();
    let stats = [
        (m.states.len(), tr(lang, "个状态", "states")),
        (m.events.len(), tr(lang, "个事件", "events")),
        (m.transitions.len(), tr(lang, "条流转", "transition lines")),
        (timeouts_n, tr(lang, "个超时", "timeouts")),
        (m.scenarios.len(), tr(lang, "个验收场景", "scenarios")),
    ];
    o.push_str("<div class=\"stats\">");
    for (n, w) in stats {
        let _ = write!(o, "<span><b>{n}</b>{}</span>", esc(w));
    }
    o.push_str("</div>\n");
    let _ = writeln!(
        o,
        "<div class=\"meta\">{} {}</div>",
        tr(
            lang,
            "由 order-fsm 生成，来源：",
            "Generated by order-fsm from"
        ),
        esc(&spec.file)
    );
    o.push_str("</header>\n");

    // Table of contents.
    let has_timeouts = timeouts_n > 0;
    let mut toc = vec![
        ("diagram", tr(lang, "状态图", "Diagram")),
        ("transitions", tr(lang, "状态流转表", "Transition table")),
    ];
    // The matrix section is left out when there are no events.
    if !m.events.is_empty() {
        toc.push((
            "matrix",
            tr(lang, "状态 × 事件矩阵", "State × event matrix"),
        ));
    }
    toc.push(("states", tr(lang, "状态", "States")));
    if !m.code_systems.is_empty() {
        toc.push(("codes", code_map_title(lang)));
    }
    toc.push(("events", tr(lang, "事件", "Events")));
    if has_timeouts {
        toc.push(("timeouts", tr(lang, "超时", "Timeouts")));
    }
    if !m.scenarios.is_empty() {
        toc.push(("scenarios", tr(lang, "验收场景", "Scenarios")));
    }
    if !m.rules.is_empty() {
        toc.push(("rules", tr(lang, "业务规则", "Business rules")));
    }
    toc_nav(&mut o, &toc);

    if !m.notes.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"notes\"><h2>{}</h2><ul class=\"notes\">",
            tr(lang, "备注", "Notes")
        );
        for n in &m.notes {
            let _ = writeln!(o, "<li>{}</li>", esc_lines(&n.text.text));
        }
        o.push_str("</ul></section>\n");
    }

    // Diagram.
    let _ = writeln!(
        o,
        "<section id=\"diagram\"><h2>{}<small>{}</small></h2>",
        tr(lang, "状态图", "State diagram"),
        tr(
            lang,
            "悬停或点击状态，高亮它的流转；按 Esc 取消",
            "hover or click a state to highlight its transitions; Esc clears"
        )
    );
    if m.states.len() > crate::svg::BIG_DIAGRAM {
        let _ = writeln!(
            o,
            "<p class=\"big-note\">{}</p>",
            esc(&match lang {
                Lang::Zh => format!(
                    "本状态机有 {} 个状态，完整状态图很大，难以一眼读懂。指向多处共用的状态（如关闭、取消）的流转，以及会跨过两层以上的流转（如跳回很远的超时），都写在各自起始状态的框内（“→ 状态名”），不再画成长线。查看某个状态的来龙去脉，请在下面输入它的名字，或点击状态；全部流转见状态流转表。",
                    m.states.len()
                ),
                Lang::En => format!(
                    "This machine has {} states: the whole diagram is large and cannot be read at a glance. Transitions into states that many others lead to (such as closed or cancelled), and transitions that would run across more than two layers (such as a timeout that jumps far back), are written inside the box of the state they leave (\"→ state\") instead of drawn as long lines. To see what happens around one state, type its name below or click it; the transition table lists every line.",
                    m.states.len()
                ),
            })
        );
    }
    let _ = writeln!(
        o,
        "<div class=\"state-filter\"><label>{} <input type=\"search\" placeholder=\"{}\"></label></div>",
        tr(lang, "只看某个状态的流转：", "Only the transitions of one state:"),
        tr(lang, "状态名或 ID，如 Paid", "state name or id, e.g. Paid"),
    );
    zoombar(&mut o, lang);
    o.push_str("<div class=\"diagram-wrap\">\n");
    o.push_str(&crate::svg::diagram(m, lang));
    o.push_str("</div>\n<div class=\"legend\">");
    let _ = write!(
        o,
        "<span><i class=\"lg-init\"></i>{}</span><span><i class=\"lg-final\"></i>{}</span><span><i class=\"lg-dash\"></i>{}</span><span><span class=\"lg-guard\">[…]</span> {}</span><span>（…） {}</span>",
        tr(lang, "初始状态", "initial state"),
        tr(lang, "终态", "final state"),
        tr(lang, "超时自动流转", "timeout"),
        tr(lang, "条件", "condition"),
        tr(lang, "可触发的角色", "roles allowed"),
    );
    o.push_str("</div>\n</section>\n");

    // Transition table.
    let _ = writeln!(
        o,
        "<section id=\"transitions\"><h2>{}<small>{}</small></h2><div class=\"tablewrap\"><table class=\"flow\">",
        tr(lang, "状态流转表", "Transition table"),
        tr(lang, "按规格书顺序，每行一条流转", "in spec order, one row per transition line")
    );
    let _ = writeln!(
        o,
        "<thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr(lang, "当前状态", "Current state"),
        tr(lang, "事件 / 超时", "Event / timeout"),
        tr(lang, "角色", "Role"),
        tr(lang, "条件", "Condition"),
        tr(lang, "次态", "Next state"),
        tr(lang, "动作", "Actions"),
        tr(lang, "备注", "Note"),
    );
    for (i, t) in m.transitions.iter().enumerate() {
        let [from, trig, roles, cond, target, actions, note] = transition_cells(m, t, lang);
        let _ = writeln!(
            o,
            "<tr data-line=\"{i}\" data-from=\"{}\" data-to=\"{}\"><td class=\"muted\">{}</td><td>{from}</td><td>{trig}</td><td class=\"role\">{roles}</td><td>{cond}</td><td>{target}</td><td>{actions}</td><td>{note}</td></tr>",
            esc(&from_attr(m, t)),
            esc(t.target.map_or("", |to| state_id(m, to))),
            i + 1,
        );
    }
    o.push_str("</tbody></table></div></section>\n");

    // Matrix.
    if !m.events.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"matrix\"><h2>{}<small>{}</small></h2><div class=\"tablewrap\"><table class=\"matrix\"><thead><tr><th>{}</th>",
            tr(lang, "状态 × 事件矩阵", "State × event matrix"),
            tr(
                lang,
                "单元格为次态；（角色）仅这些角色可触发；[?] 需满足条件（几条流转时写出条件）；不变：留在原状态，后面是它执行的动作；— 不允许",
                "cells show the next state; (roles) only those roles may fire it; [?] a condition decides (named when a cell has several lines); stays: keeps the state, then the actions it runs; — not allowed"
            ),
            tr(lang, "状态 \\ 事件", "State \\ event"),
        );
        for (ei, _) in m.events.iter().enumerate() {
            let e = EventIx(ei as u32);
            let (label, id) = (m.event_label(e), event_id(m, e));
            if label == id {
                let _ = write!(o, "<th>{}</th>", code(id));
            } else {
                let _ = write!(o, "<th>{}<br>{}</th>", esc(label), code(id));
            }
        }
        o.push_str("</tr></thead><tbody>\n");
        for (si, _) in m.states.iter().enumerate() {
            let s = StateIx(si as u32);
            let _ = write!(
                o,
                "<tr data-state=\"{}\"><td>{}</td>",
                esc(state_id(m, s)),
                state_cell(m, s)
            );
            for (ei, _) in m.events.iter().enumerate() {
                let e = EventIx(ei as u32);
                let c = crate::md::matrix_cell(m, &index, s, e, lang);
                // Decided from the lines, not the cell text: a label may contain `—` or `[?]`.
                let lines = index.candidates(s, e);
                let class = if is_final(m, s) || lines.is_empty() {
                    "no"
                } else if lines.iter().any(|&t| m.transition(t).guard.is_some()) {
                    "yes guarded"
                } else {
                    "yes"
                };
                let _ = write!(o, "<td class=\"{class}\">{}</td>", esc(&c));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody></table></div></section>\n");
    }

    // States.
    let _ = writeln!(
        o,
        "<section id=\"states\"><h2>{}</h2><div class=\"tablewrap\"><table><thead><tr><th>{}</th><th>ID</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr(lang, "状态", "States"),
        tr(lang, "状态", "State"),
        tr(lang, "状态码", "Codes"),
        tr(lang, "类型", "Kind"),
        tr(lang, "说明", "Description"),
    );
    for st in &m.states {
        let codes = st
            .codes
            .iter()
            .map(|c| code(&c.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        let mut kind = String::new();
        if st.initial {
            let _ = write!(
                kind,
                "<span class=\"tag init\">{}</span>",
                tr(lang, "初始", "initial")
            );
        }
        if st.is_final {
            let _ = write!(
                kind,
                "<span class=\"tag final\">{}</span>",
                tr(lang, "终态", "final")
            );
        }
        let _ = writeln!(
            o,
            "<tr data-state=\"{id}\"><td><span class=\"st\" data-state=\"{id}\">{}</span></td><td>{}</td><td>{codes}</td><td>{kind}</td><td>{}</td></tr>",
            esc(st.label.as_ref().map_or(&st.id.text, |l| &l.text)),
            code(&st.id.text),
            esc_lines(st.doc.as_deref().unwrap_or("")),
            id = esc(&st.id.text),
        );
    }
    o.push_str("</tbody></table></div></section>\n");

    code_map_html(&mut o, m, lang);

    // Events.
    let _ = writeln!(
        o,
        "<section id=\"events\"><h2>{}</h2><div class=\"tablewrap\"><table><thead><tr><th>{}</th><th>ID</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr(lang, "事件", "Events"),
        tr(lang, "事件", "Event"),
        tr(lang, "触发角色", "Roles"),
        tr(lang, "参数", "Payload"),
        tr(lang, "说明", "Description"),
    );
    for e in &m.events {
        let roles = if e.roles.is_empty() {
            format!(
                "<span class=\"muted\">{}</span>",
                tr(lang, "任意角色", "any role")
            )
        } else {
            esc(&e
                .roles
                .iter()
                .map(|&r| m.role_label(r))
                .collect::<Vec<_>>()
                .join(list_sep(lang)))
        };
        let payload = e
            .payload
            .iter()
            .map(|f| match field_doc(f) {
                Some(d) => format!(
                    "<span class=\"field\">{} {}</span>",
                    code(&format!("{}: {}", f.name.text, f.ty.text)),
                    esc(&d)
                ),
                None => format!(
                    "<span class=\"field\">{}</span>",
                    code(&format!("{}: {}", f.name.text, f.ty.text))
                ),
            })
            .collect::<Vec<_>>()
            .join("");
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{roles}</td><td>{payload}</td><td>{}</td></tr>",
            esc(e.label.as_ref().map_or(&e.id.text, |l| &l.text)),
            code(&e.id.text),
            esc_lines(e.doc.as_deref().unwrap_or("")),
        );
    }
    o.push_str("</tbody></table></div></section>\n");

    // Timeouts.
    if has_timeouts {
        let _ = writeln!(
            o,
            "<section id=\"timeouts\"><h2>{}</h2><div class=\"tablewrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr(lang, "超时", "Timeouts"),
            tr(lang, "状态", "State"),
            tr(lang, "时限", "After"),
            tr(lang, "条件", "Condition"),
            tr(lang, "次态", "Next state"),
            tr(lang, "动作", "Actions"),
            tr(lang, "说明", "Note"),
        );
        for (si, _) in m.states.iter().enumerate() {
            let s = StateIx(si as u32);
            if is_final(m, s) {
                continue;
            }
            for &ix in index.timeouts(s) {
                let i = ix.index();
                let t = m.transition(ix);
                let cond = guard_cell(m, t);
                let actions = actions_cell(m, t);
                let _ = writeln!(
                    o,
                    "<tr data-line=\"{i}\" data-from=\"{}\" data-to=\"{}\"><td>{}</td><td>{} {}</td><td>{cond}</td><td>{}</td><td>{actions}</td><td>{}</td></tr>",
                    esc(state_id(m, s)),
                    esc(state_id(m, t.target_from(s))),
                    state_cell(m, s),
                    esc(&trigger_duration(&t.trigger, lang)),
                    code(&short_duration(&t.trigger)),
                    t.target
                        .map_or(esc(stays_word(lang)), |to| state_cell(m, to)),
                    esc_lines(&note_text(t, lang)),
                );
            }
        }
        o.push_str("</tbody></table></div></section>\n");
    }

    // Scenarios.
    if !m.scenarios.is_empty() {
        let (given, when, and, then) = match lang {
            Lang::Zh => ("假设", "当", "并且", "那么"),
            Lang::En => ("Given", "When", "And", "Then"),
        };
        let _ = writeln!(
            o,
            "<section id=\"scenarios\"><h2>{}<small>{}</small></h2>",
            tr(lang, "验收场景", "Acceptance scenarios"),
            tr(
                lang,
                "由 order-fsm test 自动验证",
                "checked by order-fsm test"
            )
        );
        if has_wait_step(m) {
            let _ = writeln!(
                o,
                "<p class=\"hint wait-meaning\">{}</p>",
                esc(wait_meaning(lang))
            );
        }
        o.push_str("<div class=\"scenarios\">\n");
        for sc in &m.scenarios {
            let _ = writeln!(o, "<div class=\"scenario\"><h3>{}</h3>", esc(&sc.name.text));
            if let Some(d) = &sc.doc {
                let _ = writeln!(o, "<p class=\"muted\">{}</p>", esc_lines(d));
            }
            o.push_str("<ol>");
            if let Some(s) = sc.from.or(m.initial) {
                let st = named(m.state_label(s), state_id(m, s), lang);
                let text = match lang {
                    Lang::Zh => format!("{label}处于{st}"),
                    Lang::En => format!("the {label} is {st}"),
                };
                let _ = write!(
                    o,
                    "<li><span class=\"kw\">{given}</span>{}</li>",
                    esc(&text)
                );
            }
            let mut first = true;
            for (step, before) in sc.steps.iter().zip(states_before_steps(&index, sc)) {
                let w = step_words(m, step, before, lang);
                let kw = if first { when } else { and };
                let _ = write!(o, "<li><span class=\"kw\">{kw}</span>{}</li>", esc(&w.when));
                first = false;
                if let Some(t) = w.then {
                    let _ = write!(
                        o,
                        "<li><span class=\"kw then\">{then}</span>{}</li>",
                        esc(&t)
                    );
                    first = true;
                }
            }
            if let Some(t) = start_words(m, sc, lang) {
                let _ = write!(
                    o,
                    "<li><span class=\"kw then\">{then}</span>{}</li>",
                    esc(&t)
                );
            }
            o.push_str("</ol></div>\n");
        }
        o.push_str("</div></section>\n");
    }

    // Business rules: `doc` refuses a spec with a broken rule, so each one shown holds.
    if !m.rules.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"rules\"><h2>{}<small>{}</small></h2><ul class=\"rules\">",
            tr(lang, "业务规则", "Business rules"),
            tr(
                lang,
                "对每一条可能的路径都成立，由 order-fsm check 证明",
                "hold on every possible path, proved by order-fsm check"
            )
        );
        let caveats = rule_caveats(m, lang);
        for (r, caveat) in m.rules.iter().zip(&caveats) {
            let (mark, title, caveat) = match caveat {
                None => (
                    "<span class=\"ok\"",
                    tr(lang, "已证明", "proved"),
                    String::new(),
                ),
                Some(c) => (
                    "<span class=\"trivial\"",
                    tr(lang, "成立，但没有证明什么", "holds, but proves nothing"),
                    format!(
                        "<span class=\"muted\">{}{}</span>",
                        esc(tr(lang, "——", " — ")),
                        esc(c)
                    ),
                ),
            };
            let glyph = if caveat.is_empty() { "✓" } else { "○" };
            let _ = write!(
                o,
                "<li>{mark} title=\"{}\">{glyph}</span><b>{}</b>{}{}{caveat}",
                esc(title),
                esc(&r.name.text),
                esc(tr(lang, "：", ": ")),
                esc(&rule_sentence(m, &r.kind, lang))
            );
            if let Some(d) = &r.doc {
                let _ = write!(o, "<p class=\"muted\">{}</p>", esc_lines(d));
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul></section>\n");
    }

    o.push_str("</main>\n");
    let _ = writeln!(
        o,
        "<footer>{} <code>order-fsm doc</code></footer>",
        tr(lang, "本页由以下命令生成：", "Generated by")
    );
    let _ = writeln!(o, "<script>{JS}</script>\n</body>\n</html>");
    o
}

/// The zoom buttons above a diagram (the page script wires them up).
pub(crate) fn zoombar(o: &mut String, lang: Lang) {
    let _ = writeln!(
        o,
        "<div class=\"zoombar\"><button type=\"button\" data-zoom=\"out\" title=\"{out}\" aria-label=\"{out}\">−</button><span class=\"zoom-level\">100%</span><button type=\"button\" data-zoom=\"in\" title=\"{zin}\" aria-label=\"{zin}\">＋</button><button type=\"button\" data-zoom=\"fit\">{fit}</button><button type=\"button\" data-zoom=\"reset\">1:1</button><span>{hint}</span></div>",
        out = tr(lang, "缩小", "zoom out"),
        zin = tr(lang, "放大", "zoom in"),
        fit = tr(lang, "适应窗口", "fit"),
        hint = tr(lang, "滚轮缩放，拖动平移", "wheel to zoom, drag to pan"),
    );
}

/// The table of contents and the start of `<main>`.
pub(crate) fn toc_nav(o: &mut String, toc: &[(&str, &str)]) {
    o.push_str("<nav class=\"toc\">");
    for (id, w) in toc {
        let _ = write!(o, "<a href=\"#{id}\">{}</a>", esc(w));
    }
    o.push_str("</nav>\n<main>\n");
}

/// The condition of a line, in every table alike: its description and its id.
fn guard_cell(m: &Machine, t: &Transition) -> String {
    match &t.guard {
        None => String::new(),
        Some(g) => match m.guard_description(g) {
            Some(d) => format!(
                "<span class=\"cond\">{}</span> {}",
                esc(d),
                code(guard_id(m, g))
            ),
            None => code(guard_id(m, g)),
        },
    }
}

/// The actions of a line, in every table alike: each one's description and its id.
fn actions_cell(m: &Machine, t: &Transition) -> String {
    t.actions
        .iter()
        .map(|&a| match action_description(m, a) {
            Some(d) => format!("{} {}", esc(d), code(action_id(m, a))),
            None => code(action_id(m, a)),
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// HTML text with the reminder mark drawn as a small inline SVG instead of the character,
/// which most fonts lack (it would show as an empty box).
fn drawn_marks(html: &str, lang: Lang) -> String {
    if !html.contains(crate::svg::REMINDER_MARK) {
        return html.to_string();
    }
    let icon = format!(
        "<svg class=\"mark\" viewBox=\"0 0 14 14\" width=\"1.1em\" height=\"1.1em\" role=\"img\" style=\"vertical-align:-0.15em\">{}</svg>",
        crate::svg::reminder_icon(7.0, 7.5, "currentColor", lang)
    );
    html.replace(crate::svg::REMINDER_MARK, &icon)
}
