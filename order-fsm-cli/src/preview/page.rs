//! The preview page, rendered on the server.
//!
//! The document is the one `order-fsm doc --format html` writes (diagram, 状态流转表,
//! matrix, states, events, timeouts, scenarios, the rules with their proofs), drawn from the
//! last compile without errors and put in a frame (`srcdoc`, so it is part of this answer
//! and keeps its own styles and script). Around it: a banner when the spec has errors or
//! cannot be read, the diagnostics as `check` prints them, the spec line of what was
//! clicked, and the simulate panel, whose every step is run by the server as
//! `order-fsm simulate` runs it. Every word comes from the catalogue.
//!
//! When the spec has errors, the states and lines of the kept diagram that the errors point
//! at are marked: those whose ids are written on a line an error is on.

use std::fmt::Write as _;

use order_fsm_core::model::Machine;
use order_fsm_core::msg::{self, Lang, Msg, Text};
use order_fsm_core::scenario::scenario_text;
use order_fsm_core::source::SourceFile;
use order_fsm_core::t;
use order_fsm_core::Compiled;
use serde_json::json;

use super::{Latest, Live};

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn say(m: &'static Msg, lang: Lang) -> String {
    Text::from(m).render(lang)
}

/// JSON for a `<script type="application/json">`: `<` written as `\u003c`, so that no text
/// in the spec can close the element.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// The spec's text as last read, when it could be read.
pub fn spec_text(live: &Live) -> Option<String> {
    let view = live.view();
    match &view.latest {
        Latest::Errors(c) => Some(c.source.text.clone()),
        Latest::Good => view.good.as_ref().map(|c| c.source.text.clone()),
        Latest::Gone | Latest::Unreadable(_) => None,
    }
}

/// The machine shown: the one asked for when the last good compile has it, else its first.
fn chosen<'a>(good: Option<&'a Compiled>, wanted: Option<&str>) -> Option<&'a Machine> {
    let spec = good?.spec.as_ref()?;
    wanted
        .and_then(|w| spec.machines.iter().find(|m| m.id.text == w))
        .or_else(|| spec.machines.first())
}

fn machine_name(m: &Machine) -> String {
    match &m.label {
        Some(l) if l.text != m.id.text => format!("{} ({})", l.text, m.id.text),
        _ => m.id.text.clone(),
    }
}

/// The whole page.
pub fn page(live: &Live, wanted: Option<&str>) -> String {
    let lang = live.lang;
    let good = live.view().good.clone();
    let m = chosen(good.as_deref(), wanted);
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{} · {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        if lang.is_zh() { "zh-CN" } else { "en" },
        esc(&m.map_or(live.name.clone(), machine_name)),
        esc(&say(&msg::PREVIEW_TITLE, lang))
    );
    let _ = write!(
        o,
        "<header class=\"pv-top\"><b>{}</b> <code>{}</code>",
        esc(&say(&msg::PREVIEW_TITLE, lang)),
        esc(&live.name)
    );
    if let Some(spec) = good.as_deref().and_then(|g| g.spec.as_ref()) {
        if spec.machines.len() > 1 {
            let _ = write!(
                o,
                "<form id=\"pv-picker\" method=\"get\" action=\"/\"><label>{} <select name=\"machine\" id=\"pv-machine\">",
                esc(&say(&msg::PREVIEW_MACHINE, lang))
            );
            for each in &spec.machines {
                let selected = if m.is_some_and(|m| m.id.text == each.id.text) {
                    " selected"
                } else {
                    ""
                };
                let _ = write!(
                    o,
                    "<option value=\"{}\"{selected}>{}</option>",
                    esc(&each.id.text),
                    esc(&machine_name(each))
                );
            }
            let _ = write!(
                o,
                "</select></label><noscript><button type=\"submit\">{}</button></noscript></form>",
                esc(&say(&msg::PREVIEW_SHOW, lang))
            );
        }
    }
    let _ = writeln!(
        o,
        "<span id=\"pv-conn\" class=\"pv-conn\">{}</span></header>",
        esc(&say(&msg::PREVIEW_LIVE, lang))
    );
    o.push_str("<div id=\"pv-live\">");
    o.push_str(&live_part(live, wanted));
    o.push_str("</div>\n");
    sim_panel(&mut o, lang);
    let texts = json!({
        "specLine": msg::PREVIEW_SPEC_LINE.text(lang),
        "open": say(&msg::PREVIEW_OPEN_EDITOR, lang),
        "noEditor": say(&msg::PREVIEW_NO_EDITOR, lang),
        "copied": say(&msg::PREVIEW_SIM_COPIED, lang),
        "anyRole": say(&msg::PREVIEW_SIM_ANY_ROLE, lang),
        "scenarioName": say(&msg::PREVIEW_SIM_SCENARIO_NAME, lang),
        "needsSpec": say(&msg::PREVIEW_SIM_NEEDS_SPEC, lang),
        "live": say(&msg::PREVIEW_LIVE, lang),
        "offline": say(&msg::PREVIEW_OFFLINE, lang),
    });
    let _ = write!(
        o,
        "<script type=\"application/json\" id=\"pv-texts\">{}</script>\n<script>{JS}</script>\n</body>\n</html>\n",
        script_json(&texts)
    );
    o
}

/// The part of the page that changes with the file: the banner, the document, the clicked
/// line, the diagnostics and the data the page's script reads.
pub fn live_part(live: &Live, wanted: Option<&str>) -> String {
    let lang = live.lang;
    let (version, latest_errors, banner) = {
        let view = live.view();
        let errors = match &view.latest {
            Latest::Errors(c) => Some(std::sync::Arc::clone(c)),
            _ => None,
        };
        let banner = match &view.latest {
            Latest::Good => None,
            Latest::Errors(c) => {
                let n = c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == order_fsm_core::diag::Severity::Error)
                    .count();
                let errors = if n == 1 {
                    Text::from(&msg::ONE_ERROR)
                } else {
                    t!(msg::N_ERRORS, n = n)
                };
                Some((
                    "errors",
                    if view.good.is_some() {
                        t!(msg::PREVIEW_ERRORS_KEPT, errors = errors)
                    } else {
                        t!(msg::PREVIEW_ERRORS_NONE_KEPT, errors = errors)
                    },
                ))
            }
            Latest::Gone => Some(("gone", t!(msg::PREVIEW_GONE, path = Text::code(&live.name)))),
            Latest::Unreadable(why) => {
                Some(("unreadable", t!(msg::PREVIEW_UNREADABLE, why = why.clone())))
            }
        };
        (view.version, errors, banner)
    };
    let good = live.view().good.clone();
    let m = chosen(good.as_deref(), wanted);
    let mut o = String::new();
    let _ = write!(
        o,
        "<div id=\"pv-state\" data-version=\"{version}\" data-machine=\"{}\" data-kind=\"{}\"></div>",
        esc(m.map_or("", |m| m.id.text.as_str())),
        banner.as_ref().map_or("ok", |b| b.0)
    );
    if let Some((kind, text)) = &banner {
        let _ = write!(
            o,
            "<div class=\"pv-banner\" role=\"alert\" data-kind=\"{kind}\">{}</div>",
            esc(&text.render(lang))
        );
    }
    // The marks: states and lines of the kept diagram on the lines the errors are on.
    let (marked_states, marked_lines) = match (&latest_errors, m) {
        (Some(c), Some(m)) => marks(c, m),
        _ => (Vec::new(), Vec::new()),
    };
    if let (Some(m), Some(g)) = (m, good.as_deref()) {
        if let Some(doc) = live.document(&m.id.text) {
            let mut style = String::from("<style id=\"pv-marks\">");
            for s in &marked_states {
                let s = css_string(s);
                let _ = write!(
                    style,
                    "svg .state[data-state=\"{s}\"] > rect {{ stroke: #d11 !important; stroke-width: 3px !important; fill: #fde2e2 !important; }} tr[data-state=\"{s}\"] {{ background: #fde2e2 !important; }} "
                );
            }
            for l in &marked_lines {
                let _ = write!(
                    style,
                    "svg .edge[data-line=\"{l}\"] path {{ stroke: #d11 !important; stroke-width: 3px !important; }} tr[data-line=\"{l}\"] {{ background: #fde2e2 !important; }} "
                );
            }
            style.push_str("</style></head>");
            let doc = doc.replacen("</head>", &style, 1);
            let _ = write!(
                o,
                "<iframe id=\"pv-doc\" title=\"{}\" srcdoc=\"{}\"></iframe>",
                esc(&machine_name(m)),
                esc(&doc)
            );
            let data = json!({
                "version": version,
                "file": live.name,
                "editor": live.editor.is_some(),
                "machine": m.id.text,
                "marked": { "states": marked_states, "lines": marked_lines },
                "states": m.states.iter().map(|s| {
                    (s.id.text.clone(), line_of(&g.source, s.id.span.start))
                }).collect::<serde_json::Map<String, serde_json::Value>>(),
                "lines": m.transitions.iter().map(|t| line_of(&g.source, t.span.start)).collect::<Vec<_>>(),
                "sim": sim_data(m),
            });
            let _ = write!(
                o,
                "<script type=\"application/json\" id=\"pv-data\">{}</script>",
                script_json(&data)
            );
        }
    }
    let _ = write!(
        o,
        "<section id=\"pv-source\"><p class=\"pv-hint\">{}</p><div id=\"pv-line\"></div></section>",
        esc(&say(&msg::PREVIEW_CLICK_HINT, lang))
    );
    // The diagnostics of what the file holds now, as `check` prints them.
    let shown: Option<std::sync::Arc<Compiled>> = latest_errors.or(good);
    let _ = write!(
        o,
        "<section id=\"pv-diags\"><h2>{}</h2>",
        esc(&say(&msg::PREVIEW_DIAGNOSTICS, lang))
    );
    match &shown {
        Some(c) if !c.diagnostics.is_empty() => {
            let _ = write!(
                o,
                "<pre class=\"pv-diag\">{}</pre>",
                esc(&c.render_in(lang))
            );
        }
        _ if banner.is_none() || matches!(banner, Some(("errors", _))) => {
            let _ = write!(
                o,
                "<p>{}</p>",
                esc(&say(&msg::PREVIEW_NO_DIAGNOSTICS, lang))
            );
        }
        _ => {}
    }
    o.push_str("</section>");
    o
}

/// `[line number, the line's text]` of a byte offset.
fn line_of(source: &SourceFile, offset: usize) -> serde_json::Value {
    let line = source.line_col(offset).line;
    json!([line, line_text(source, line).trim()])
}

/// The text of 1-based line `line`, found through the line index.
fn line_text(source: &SourceFile, line: usize) -> &str {
    source
        .text
        .get(source.lines.line_range(&source.text, line - 1))
        .unwrap_or("")
}

/// A value inside a CSS string in double quotes.
fn css_string(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '"' | '\\' | '<' | '>' => format!("\\{:x} ", c as u32).chars().collect::<Vec<_>>(),
            c => vec![c],
        })
        .collect()
}

/// The states (ids) and lines (positions) of `m` written on a line an error of `c` is on.
fn marks(c: &Compiled, m: &Machine) -> (Vec<String>, Vec<usize>) {
    let mut lines: Vec<&str> = Vec::new();
    for d in &c.diagnostics {
        if d.severity != order_fsm_core::diag::Severity::Error {
            continue;
        }
        let n = c.source.line_col(d.primary.span.start).line;
        lines.push(line_text(&c.source, n));
    }
    let words: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| {
            l.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .filter(|w| !w.is_empty())
                .collect()
        })
        .collect();
    let has = |ws: &[&str], id: &str| ws.contains(&id);
    let mut states = Vec::new();
    for s in &m.states {
        if words.iter().any(|ws| has(ws, &s.id.text)) {
            states.push(s.id.text.clone());
        }
    }
    let mut marked = Vec::new();
    for (i, t) in m.transitions.iter().enumerate() {
        let target = t.target.map(|s| m.state(s).id.text.as_str());
        let hit = words.iter().any(|ws| {
            let sources = t.from_any || t.sources.iter().all(|&s| has(ws, &m.state(s).id.text));
            let to = target.is_none_or(|id| has(ws, id));
            let event = t.event().is_none_or(|e| has(ws, &m.event(e).id.text));
            sources && to && event && (target.is_some() || t.event().is_some())
        });
        if hit {
            marked.push(i);
        }
    }
    (states, marked)
}

/// What the simulate panel offers: the states, events, roles and guards of the machine.
fn sim_data(m: &Machine) -> serde_json::Value {
    let item = |id: &str, label: &str| {
        if id == label {
            json!({ "id": id, "name": id })
        } else {
            json!({ "id": id, "name": format!("{label} ({id})") })
        }
    };
    json!({
        "initial": m.initial.map(|s| m.state(s).id.text.clone()),
        "states": m.states.iter().map(|s| item(&s.id.text, s.label.as_ref().map_or(&s.id.text, |l| &l.text))).collect::<Vec<_>>(),
        "events": m.events.iter().map(|e| item(&e.id.text, e.label.as_ref().map_or(&e.id.text, |l| &l.text))).collect::<Vec<_>>(),
        "roles": m.roles.iter().map(|r| item(&r.id.text, r.label.as_ref().map_or(&r.id.text, |l| &l.text))).collect::<Vec<_>>(),
        "guards": m.guards.iter().map(|g| item(&g.id.text, g.description.as_ref().map_or(&g.id.text, |l| &l.text))).collect::<Vec<_>>(),
    })
}

fn sim_panel(o: &mut String, lang: Lang) {
    let s = |m: &'static Msg| esc(&say(m, lang));
    let _ = writeln!(
        o,
        "<section id=\"pv-sim\"><h2>{title}</h2><p class=\"pv-hint\">{hint}</p>\
<div class=\"pv-row\"><label>{from} <select id=\"pv-from\"></select></label></div>\
<div class=\"pv-row\"><label>{event} <select id=\"pv-event\"></select></label> <label>{role} <select id=\"pv-role\"></select></label> <button type=\"button\" id=\"pv-fire\">{fire}</button></div>\
<fieldset id=\"pv-guards\"><legend>{guards}</legend><div id=\"pv-guard-list\"></div></fieldset>\
<div class=\"pv-row\"><input id=\"pv-wait\" value=\"30m\" size=\"8\" aria-label=\"{wait}\"> <button type=\"button\" id=\"pv-wait-go\">{wait}</button></div>\
<div class=\"pv-row\"><button type=\"button\" id=\"pv-undo\">{undo}</button> <button type=\"button\" id=\"pv-reset\">{reset}</button> <button type=\"button\" id=\"pv-copy\">{copy}</button> <span id=\"pv-copied\"></span></div>\
<pre id=\"pv-sim-out\"></pre><pre id=\"pv-sim-err\"></pre><textarea id=\"pv-scenario\" readonly rows=\"3\"></textarea></section>",
        title = s(&msg::PREVIEW_SIM_TITLE),
        hint = s(&msg::PREVIEW_SIM_HINT),
        from = s(&msg::PREVIEW_SIM_FROM),
        event = s(&msg::PREVIEW_SIM_EVENT),
        role = s(&msg::PREVIEW_SIM_ROLE),
        fire = s(&msg::PREVIEW_SIM_FIRE),
        guards = s(&msg::PREVIEW_SIM_GUARDS),
        wait = s(&msg::PREVIEW_SIM_WAIT),
        undo = s(&msg::PREVIEW_SIM_UNDO),
        reset = s(&msg::PREVIEW_SIM_RESET),
        copy = s(&msg::PREVIEW_SIM_COPY),
    );
}

/// What `order-fsm simulate` prints for these steps on the last good compile, as JSON:
/// `{ "out", "err", "status", "scenario" }`.
pub fn simulate(live: &Live, wanted: Option<&str>, from: Option<&str>, steps: &[String]) -> String {
    let lang = live.lang;
    let good = live.view().good.clone();
    let Some(m) = chosen(good.as_deref(), wanted) else {
        return json!({ "out": "", "err": say(&msg::PREVIEW_SIM_NEEDS_SPEC, lang), "status": 1, "scenario": "" })
            .to_string();
    };
    let from = from.filter(|f| !f.is_empty());
    let run = crate::commands::simulate_machine(m, from, steps, false, lang);
    // Written by the one function every printed scenario goes through: the last step's
    // outcome is where the walk ends, a walk of no steps checks where it starts.
    let name = say(&msg::PREVIEW_SIM_SCENARIO_NAME, lang);
    let given = from.and(run.start.as_deref());
    let scenario = match (run.walk.split_last(), run.start.as_deref()) {
        (_, None) => String::new(),
        (None, Some(start)) => scenario_text(&name, given, &[], start),
        (Some((last, before)), Some(_)) => match last.rsplit_once(" => ") {
            Some((step, end)) => {
                let mut steps = before.to_vec();
                steps.push(step.to_owned());
                scenario_text(&name, given, &steps, end)
            }
            // Every step of a walk says its outcome; without one there is nothing to check.
            None => String::new(),
        },
    };
    json!({
        "out": run.out,
        "err": run.err,
        "status": run.status as u8,
        "scenario": scenario,
    })
    .to_string()
}

const CSS: &str = r#"
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fb; color: #1f2d3d; font: 14px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
.pv-top { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; padding: 8px 16px; background: #1f3a60; color: #fff; }
.pv-top code { background: rgba(255,255,255,.15); padding: 1px 6px; border-radius: 4px; }
.pv-conn { margin-left: auto; font-size: 12px; color: #c5d5ee; }
.pv-conn.off { color: #ffb4b4; }
#pv-live { padding: 8px 16px; }
.pv-banner { background: #fff1f0; border: 1px solid #f0a3a3; border-left: 6px solid #d11; padding: 10px 14px; border-radius: 6px; margin: 8px 0; }
#pv-doc { width: 100%; height: 78vh; border: 1px solid #e3e8ef; border-radius: 8px; background: #fff; }
section { background: #fff; border: 1px solid #e3e8ef; border-radius: 8px; padding: 10px 16px; margin: 10px 0; }
section h2 { font-size: 16px; margin: 0 0 8px; }
#pv-sim { margin: 10px 16px; }
.pv-hint { color: #6b7785; font-size: 12px; margin: 0 0 6px; }
.pv-diag, #pv-sim-out, #pv-sim-err { font: 12px/1.5 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-x: auto; margin: 6px 0; }
#pv-sim-err { color: #b3261e; }
.pv-row { margin: 6px 0; }
#pv-line code { white-space: pre-wrap; }
#pv-scenario { width: 100%; font: 12px ui-monospace, Menlo, Consolas, monospace; }
fieldset { border: 1px solid #e3e8ef; border-radius: 6px; }
"#;

const JS: &str = include_str!("page.js");
