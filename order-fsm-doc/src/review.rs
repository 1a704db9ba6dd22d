//! What `order-fsm diff` shows people: the changed rows of the 状态流转表 (Markdown and
//! HTML) and the self-contained review page, with one diagram per machine of OLD ∪ NEW laid
//! out once by [`crate::svg`], added states and lines highlighted, removed ones faded.
//!
//! The findings themselves come from [`order_fsm_diff`]; this module only draws them.

use std::collections::HashMap;
use std::fmt::Write as _;

use order_fsm_core::model::{
    ActionIx, EventIx, GuardIx, Machine, RoleIx, Spec, StateIx, Transition, Trigger,
};
use order_fsm_core::msg::{self, Lang as MsgLang, Msg};
use order_fsm_core::t;
use order_fsm_diff::{self as diff, BrokenScenario, Finding, Level};

use crate::common::*;
use crate::svg::{Mark, Marks};
use crate::Lang;

/// How a row of the 状态流转表 differs between two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    /// `新增` / `删除` / `修改`, `added` / `removed` / `changed`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Change::Added => say(lang, &msg::DIFF_ROW_ADDED),
            Change::Removed => say(lang, &msg::DIFF_ROW_REMOVED),
            Change::Changed => say(lang, &msg::DIFF_ROW_CHANGED),
        }
    }
    fn class(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One row that differs: the OLD line, the NEW line, or both (a row changed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowChange {
    pub change: Change,
    /// Index into OLD's transitions.
    pub old: Option<usize>,
    /// Index into NEW's transitions.
    pub new: Option<usize>,
}

/// What makes a row of the 状态流转表 the same row in two versions: the ids of its source
/// states (an OLD state by the id of the NEW state it became, so a renamed state's rows are
/// rows changed) and of its event (or `after` for a timeout), never their labels.
fn row_key(m: &Machine, t: &Transition, id: &dyn Fn(StateIx) -> String) -> String {
    let sources = if t.from_any {
        "any".to_string()
    } else {
        t.sources
            .iter()
            .map(|&s| id(s))
            .collect::<Vec<_>>()
            .join(",")
    };
    let trigger = match (t.event(), t.timeout_seconds()) {
        (Some(e), _) => format!("on {}", event_id(m, e)),
        // A timeout whose delay changed is the same row changed.
        _ => "after".to_string(),
    };
    format!("{sources}|{trigger}")
}

/// The rows of the 状态流转表 that differ between two versions of a machine. A row in both
/// (same key, same cells) is unchanged wherever it stands: the order of lines is a decision
/// matter, reported with the findings. A row removed and a row added with the same key (the
/// same source states and trigger) are one row changed. Removed and changed rows come in
/// OLD's order, then the added ones in NEW's.
pub fn row_changes(om: &Machine, nm: &Machine) -> Vec<RowChange> {
    let pairs = diff::state_pairs(om, nm);
    let old_id = |s: StateIx| match pairs.get(s.index()).copied().flatten() {
        Some(n) => state_id(nm, n).to_string(),
        None => state_id(om, s).to_string(),
    };
    let new_id = |s: StateIx| state_id(nm, s).to_string();
    let keyed =
        |m: &Machine, id: &dyn Fn(StateIx) -> String| -> Vec<(usize, (String, [String; 7]))> {
            m.transitions
                .iter()
                .map(|t| row_key(m, t, id))
                .zip(crate::md::transition_rows_md(m, Lang::En))
                .enumerate()
                .collect()
        };
    let before = keyed(om, &old_id);
    let after = keyed(nm, &new_id);
    // Unchanged rows, as a multiset, found through a map from row to NEW positions.
    let mut pos: HashMap<&(String, [String; 7]), Vec<usize>> = HashMap::new();
    for (k, (_, row)) in after.iter().enumerate().rev() {
        pos.entry(row).or_default().push(k);
    }
    let mut old_gone = vec![false; before.len()];
    let mut new_gone = vec![false; after.len()];
    for (i, (_, row)) in before.iter().enumerate() {
        if let Some(k) = pos.get_mut(row).and_then(Vec::pop) {
            old_gone[i] = true;
            new_gone[k] = true;
        }
    }
    drop(pos);
    // The rows left over: NEW's by key (in NEW's order), to pair with OLD's.
    let mut by_key: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (k, (_, (key, _))) in after.iter().enumerate() {
        if !new_gone[k] {
            by_key.entry(key.as_str()).or_default().push_back(k);
        }
    }
    let mut out = Vec::new();
    for (i, (o, (key, _))) in before.iter().enumerate() {
        if old_gone[i] {
            continue;
        }
        match by_key.get_mut(key.as_str()).and_then(|q| q.pop_front()) {
            Some(k) => {
                new_gone[k] = true;
                out.push(RowChange {
                    change: Change::Changed,
                    old: Some(*o),
                    new: Some(after[k].0),
                });
            }
            None => out.push(RowChange {
                change: Change::Removed,
                old: Some(*o),
                new: None,
            }),
        }
    }
    let after: Vec<_> = after
        .into_iter()
        .zip(new_gone)
        .filter(|(_, gone)| !gone)
        .map(|(a, _)| a)
        .collect();
    out.extend(after.into_iter().map(|(n, _)| RowChange {
        change: Change::Added,
        old: None,
        new: Some(n),
    }));
    out
}

fn machine_name(m: &Machine) -> &str {
    m.label
        .as_ref()
        .map_or(m.id.text.as_str(), |l| l.text.as_str())
}

/// The changed rows of each machine's 状态流转表 as Markdown, marked 新增 / 删除 / 修改, a
/// changed cell written `before → after`.
pub fn changed_rows_md(old: &Spec, new: &Spec, lang: Lang) -> String {
    use crate::md::{transition_rows_md, transition_table_head, txt};
    let mut out = String::new();
    for nm in &new.machines {
        let Some(om) = old.machine(&nm.id.text) else {
            continue;
        };
        let changes = row_changes(om, nm);
        if changes.is_empty() {
            continue;
        }
        let (before, after) = (transition_rows_md(om, lang), transition_rows_md(nm, lang));
        let _ = writeln!(
            out,
            "### {} {}\n",
            txt(machine_name(nm)),
            say(lang, &msg::DIFF_ROWS_MD_TITLE)
        );
        let head = transition_table_head(lang);
        let _ = writeln!(
            out,
            "| {} | {} |",
            say(lang, &msg::DIFF_CHANGE_COLUMN),
            head.join(" | ")
        );
        let _ = writeln!(out, "|{}", "---|".repeat(head.len() + 1));
        for c in changes {
            let cells: Vec<String> = match (c.old, c.new) {
                (Some(o), Some(n)) => before[o]
                    .iter()
                    .zip(after[n].iter())
                    .map(|(x, y)| {
                        if x == y {
                            x.clone()
                        } else {
                            format!("{x} → {y}")
                        }
                    })
                    .collect(),
                (Some(o), None) => before[o].to_vec(),
                (None, Some(n)) => after[n].to_vec(),
                (None, None) => continue,
            };
            let _ = writeln!(out, "| {} | {} |", c.change.word(lang), cells.join(" | "));
        }
        out.push('\n');
    }
    out
}

/// Index maps from one version's items into the union machine's.
struct Remap {
    states: Vec<StateIx>,
    events: Vec<EventIx>,
    roles: Vec<RoleIx>,
    guards: Vec<GuardIx>,
    actions: Vec<ActionIx>,
}

impl Remap {
    fn transition(&self, t: &Transition) -> Transition {
        let mut u = t.clone();
        u.sources = t.sources.iter().map(|s| self.states[s.index()]).collect();
        u.target = t.target.map(|to| self.states[to.index()]);
        if let Trigger::Event { event, .. } = &mut u.trigger {
            *event = self.events[event.index()];
        }
        u.roles = t.roles.iter().map(|r| self.roles[r.index()]).collect();
        if let Some(g) = &mut u.guard {
            g.guard = self.guards[g.guard.index()];
        }
        u.actions = t.actions.iter().map(|a| self.actions[a.index()]).collect();
        u
    }
}

/// Maps the items of `from` into `into` by id, appending those `into` lacks (with `fix`
/// applied to each appended clone). Returns the index of each item of `from` in `into`.
fn merge_by_id<T: Clone>(
    from: &[T],
    into: &mut Vec<T>,
    id: impl Fn(&T) -> &str,
    mut fix: impl FnMut(&mut T),
) -> Vec<u32> {
    let mut at: HashMap<String, u32> = into
        .iter()
        .enumerate()
        .map(|(i, x)| (id(x).to_string(), i as u32))
        .collect();
    from.iter()
        .map(|x| {
            if let Some(&i) = at.get(id(x)) {
                return i;
            }
            let i = into.len() as u32;
            let mut c = x.clone();
            fix(&mut c);
            at.insert(id(&c).to_string(), i);
            into.push(c);
            i
        })
        .collect()
}

/// OLD ∪ NEW as one machine (NEW's states, lines and names first, then what only OLD has),
/// with marks: states and lines only in NEW are added, only in OLD removed; a state whose
/// label, code, `initial` or `final` changed (or that was renamed) and a row changed in the
/// 状态流转表 are changed.
pub fn union(om: &Machine, nm: &Machine) -> (Machine, Marks) {
    let pairs = diff::state_pairs(om, nm);
    let mut u = nm.clone();
    u.scenarios.clear();
    u.rules.clear();
    u.notes.clear();
    let mut marks = Marks {
        states: vec![Mark::Added; nm.states.len()],
        transitions: vec![Mark::Same; nm.transitions.len()],
    };
    let mut states = Vec::with_capacity(om.states.len());
    for (i, s) in om.states.iter().enumerate() {
        match pairs[i] {
            Some(n) => {
                let t = nm.state(n);
                let same = s.id.text == t.id.text
                    && s.label.as_ref().map(|l| &l.text) == t.label.as_ref().map(|l| &l.text)
                    && s.codes.first().map(|c| c.key()) == t.codes.first().map(|c| c.key())
                    && s.initial == t.initial
                    && s.is_final == t.is_final;
                marks.states[n.index()] = if same { Mark::Same } else { Mark::Changed };
                states.push(n);
            }
            None => {
                let mut c = s.clone();
                c.initial = false;
                states.push(StateIx(u.states.len() as u32));
                u.states.push(c);
                marks.states.push(Mark::Removed);
            }
        }
    }
    let roles: Vec<RoleIx> = merge_by_id(&om.roles, &mut u.roles, |r| &r.id.text, |_| {})
        .into_iter()
        .map(RoleIx)
        .collect();
    let events: Vec<EventIx> = merge_by_id(
        &om.events,
        &mut u.events,
        |e| &e.id.text,
        |e| e.roles = e.roles.iter().map(|r| roles[r.index()]).collect(),
    )
    .into_iter()
    .map(EventIx)
    .collect();
    let guards = merge_by_id(&om.guards, &mut u.guards, |g| &g.id.text, |_| {})
        .into_iter()
        .map(GuardIx)
        .collect();
    let actions = merge_by_id(&om.actions, &mut u.actions, |a| &a.id.text, |_| {})
        .into_iter()
        .map(ActionIx)
        .collect();
    let remap = Remap {
        states,
        events,
        roles,
        guards,
        actions,
    };
    for c in row_changes(om, nm) {
        let removed = match (c.old, c.new) {
            (_, Some(n)) if c.change == Change::Added => {
                marks.transitions[n] = Mark::Added;
                None
            }
            (Some(o), Some(n)) => {
                marks.transitions[n] = Mark::Changed;
                // A line that now leads elsewhere also shows where it led before.
                let was = remap.transition(&om.transitions[o]);
                let now = &nm.transitions[n];
                (was.target != now.target || was.sources != now.sources).then_some(was)
            }
            (Some(o), None) => Some(remap.transition(&om.transitions[o])),
            (None, _) => None,
        };
        if let Some(t) = removed {
            u.transitions.push(t);
            marks.transitions.push(Mark::Removed);
        }
    }
    (u, marks)
}

/// Every state and line of a machine marked the same way (a machine added or removed).
fn all_marked(m: &Machine, mark: Mark) -> Marks {
    Marks {
        states: vec![mark; m.states.len()],
        transitions: vec![mark; m.transitions.len()],
    }
}

const REVIEW_CSS: &str = r#"
.lv { display: inline-block; white-space: nowrap; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 999px; margin-right: 6px; }
.lv.breaking { background: #ffe3e3; color: #b42318; }
.lv.dangerous { background: #fff1db; color: #9a4d00; }
.lv.safe { background: #e3f4e6; color: #1a7f37; }
.stats span.lv { font-size: 13px; padding: 3px 12px; }
.stats span.lv b { font-size: 15px; margin-right: 4px; }
.levels td:first-child { white-space: nowrap; }
.findings { list-style: none; margin: 0 0 14px; padding: 0; }
.finding { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; padding: 8px 12px; margin: 8px 0; background: #fff; }
.finding.breaking { border-left-color: #d92d20; }
.finding.dangerous { border-left-color: #dc6803; }
.finding.safe { border-left-color: #1a7f37; }
.finding.accepted { background: #f8fafc; }
.finding .msg { margin: 4px 0 0; }
.finding .acc { font-size: 12px; color: #1a7f37; margin-left: 6px; }
.finding ul.cases { margin: 6px 0 0; padding-left: 20px; color: #334155; font-size: 13px; }
.finding .orders { color: #b42318; font-weight: 600; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.lg-box { width: 22px; height: 14px; border-radius: 4px; border: 2px solid; }
.lg-added { border-color: #1a7f37; background: #e6f6ea; }
.lg-removed { border: 1.5px dashed #8c959f; background: #f6f8fa; opacity: .7; }
.lg-changed { border-color: #bc4c00; background: #fff4e5; }
.lg-line { width: 26px; border-top: 3px solid; }
.lg-line.added { border-color: #1a7f37; }
.lg-line.removed { border-top: 2px dotted #8c959f; }
.lg-line.changed { border-color: #bc4c00; }
.legend span { white-space: nowrap; }
.mark { display: inline-block; white-space: nowrap; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 4px; }
.mark.added { background: #e6f6ea; color: #1a7f37; }
.mark.removed { background: #eef1f4; color: #57606a; }
.mark.changed { background: #fff1db; color: #9a4d00; }
tr.row-removed td:not(:first-child) { color: #8c959f; text-decoration: line-through; }
tr.row-added td { background: #f3fbf5; }
del { color: #8c959f; }
ins { text-decoration: none; background: #e6f6ea; color: #116329; border-radius: 3px; padding: 0 2px; }
.arrow { color: var(--muted); margin: 0 4px; }
.broken td:first-child { font-weight: 600; }
.nochange { font-size: 15px; color: #1a7f37; }
"#;

fn esc(s: &str) -> String {
    xml_escape(s)
}

fn level_class(l: Level) -> &'static str {
    l.name()
}

/// The catalogue's language for a document's.
fn msg_lang(lang: Lang) -> MsgLang {
    lang.into()
}

/// A catalogue entry without placeholders, in the page's language.
fn say(lang: Lang, m: &Msg) -> &'static str {
    m.text(msg_lang(lang))
}

fn level_word(l: Level, lang: Lang) -> &'static str {
    l.word(msg_lang(lang))
}

/// What each level means, for people reading the page.
fn level_meaning(l: Level, lang: Lang) -> &'static str {
    match l {
        Level::Breaking => say(lang, &msg::DIFF_BREAKING_MEANS),
        Level::Dangerous => say(lang, &msg::DIFF_DANGEROUS_MEANS),
        Level::Safe => say(lang, &msg::DIFF_SAFE_MEANS),
    }
}

/// Inputs of the review page.
pub struct Review<'a> {
    pub old: &'a Spec,
    pub new: &'a Spec,
    /// How OLD and NEW were named on the command line.
    pub old_name: &'a str,
    pub new_name: &'a str,
    pub findings: &'a [Finding],
    pub broken: &'a [BrokenScenario],
}

/// The review page: a summary by level, the scenarios NEW breaks, every finding, one
/// diagram of OLD ∪ NEW per machine and the changed rows of the 状态流转表.
pub fn page(r: &Review<'_>, lang: Lang) -> String {
    let ml = msg_lang(lang);
    let mut o = String::new();
    let title = say(lang, &msg::DIFF_REVIEW_TITLE);
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"order-fsm\">\n<title>{title} · {} → {}</title>",
        match lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        esc(r.old_name),
        esc(r.new_name)
    );
    let _ = write!(o, "<style>{}{REVIEW_CSS}", crate::html::CSS);
    for m in &r.new.machines {
        let _ = writeln!(
            o,
            "svg[data-machine=\"{id}\"] .edge.hl path {{ marker-end: url(#ofsm-arrow-hl-{id}); }}",
            id = esc(&m.id.text)
        );
    }
    o.push_str("</style>\n</head>\n<body>\n<header class=\"top\">\n");
    let _ = writeln!(o, "<h1>{title}</h1>");
    let _ = writeln!(
        o,
        "<p class=\"doc\">{} <code>{}</code><span class=\"arrow\">→</span>{} <code>{}</code></p>",
        say(lang, &msg::DIFF_OLD_VERSION),
        esc(r.old_name),
        say(lang, &msg::DIFF_NEW_VERSION),
        esc(r.new_name)
    );
    let count = |l: Level| r.findings.iter().filter(|f| f.level == l).count();
    o.push_str("<div class=\"stats\">");
    for l in [Level::Breaking, Level::Dangerous, Level::Safe] {
        let _ = write!(
            o,
            "<span class=\"lv {}\"><b>{}</b>{}</span>",
            level_class(l),
            count(l),
            level_word(l, lang)
        );
    }
    let accepted = r.findings.iter().filter(|f| f.accepted).count();
    let _ = write!(
        o,
        "<span><b>{accepted}</b>{}</span>",
        say(lang, &msg::DIFF_ACCEPTED)
    );
    if !r.broken.is_empty() {
        let _ = write!(
            o,
            "<span><b>{}</b>{}</span>",
            r.broken.len(),
            say(lang, &msg::DIFF_SCENARIOS_BROKEN_COUNT)
        );
    }
    o.push_str("</div>\n");
    let _ = writeln!(
        o,
        "<div class=\"meta\">{}</div>\n</header>",
        say(lang, &msg::DIFF_GENERATED_BY)
    );

    let mut toc = vec![
        ("summary", say(lang, &msg::DIFF_SUMMARY_TITLE)),
        ("findings", say(lang, &msg::DIFF_FINDINGS_TITLE)),
    ];
    if !r.broken.is_empty() {
        toc.push(("scenarios", say(lang, &msg::DIFF_BROKEN_TOC)));
    }
    toc.push(("diagram", say(lang, &msg::DIFF_DIAGRAM_TITLE)));
    toc.push(("rows", say(lang, &msg::DIFF_ROWS_TOC)));
    crate::html::toc_nav(&mut o, &toc);

    // Summary by level.
    let _ = writeln!(
        o,
        "<section id=\"summary\"><h2>{}<small>{}</small></h2>",
        say(lang, &msg::DIFF_SUMMARY_TITLE),
        esc(&diff::summary(r.findings).render(ml))
    );
    if r.findings.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"nochange\">{}</p>",
            say(lang, &msg::DIFF_NO_DIFFERENCES)
        );
    }
    let _ = writeln!(
        o,
        "<table class=\"levels\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        say(lang, &msg::DIFF_LEVEL_COLUMN),
        say(lang, &msg::DIFF_COUNT_COLUMN),
        say(lang, &msg::DIFF_ACCEPTED_COLUMN),
        say(lang, &msg::DIFF_MEANING_COLUMN),
    );
    for l in [Level::Breaking, Level::Dangerous, Level::Safe] {
        let acc = r
            .findings
            .iter()
            .filter(|f| f.level == l && f.accepted)
            .count();
        let _ = writeln!(
            o,
            "<tr><td><span class=\"lv {}\">{}</span></td><td>{}</td><td>{acc}</td><td>{}</td></tr>",
            level_class(l),
            level_word(l, lang),
            count(l),
            level_meaning(l, lang)
        );
    }
    o.push_str("</tbody></table></section>\n");

    // Scenarios of OLD that NEW breaks.
    if !r.broken.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"scenarios\"><h2>{}<small>{}</small></h2><div class=\"tablewrap\"><table class=\"broken\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            say(lang, &msg::DIFF_BROKEN_TITLE),
            say(lang, &msg::DIFF_BROKEN_RERUN),
            say(lang, &msg::DIFF_SCENARIO_COLUMN),
            say(lang, &msg::DIFF_STEP_COLUMN),
            say(lang, &msg::DIFF_OUTCOME_COLUMN),
            say(lang, &msg::DIFF_BROKEN_BY_COLUMN),
        );
        for b in r.broken {
            let step = t!(msg::DIFF_STEP, n = b.step).render(ml);
            let ids = if b.findings.is_empty() {
                esc(&t!(msg::DIFF_IN_PARENS, text = &msg::DIFF_NO_SINGLE_FINDING).render(ml))
            } else {
                b.findings
                    .iter()
                    .map(|id| format!("<code>{}</code>", esc(id)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{} <code>{}</code></td><td>{}</td><td>{ids}</td></tr>",
                esc(&b.name),
                esc(&step),
                esc(&b.step_text),
                esc(&b.text.render(ml))
            );
        }
        o.push_str("</tbody></table></div></section>\n");
    }

    // Every finding.
    let _ = writeln!(
        o,
        "<section id=\"findings\"><h2>{}<small>{}</small></h2>",
        say(lang, &msg::DIFF_FINDINGS_TITLE),
        say(lang, &msg::DIFF_FINDINGS_NOTE)
    );
    for l in [Level::Breaking, Level::Dangerous, Level::Safe] {
        let of: Vec<&Finding> = r.findings.iter().filter(|f| f.level == l).collect();
        if of.is_empty() {
            continue;
        }
        let _ = writeln!(
            o,
            "<h3><span class=\"lv {}\">{}</span>{}</h3><ul class=\"findings\">",
            level_class(l),
            level_word(l, lang),
            t!(msg::DIFF_N_FINDINGS, n = of.len()).render(ml)
        );
        for f in of {
            let _ = write!(
                o,
                "<li class=\"finding {}{}\" data-finding=\"{}\"><span class=\"lv {}\">{}</span><code>{}</code>",
                level_class(f.level),
                if f.accepted { " accepted" } else { "" },
                esc(&f.id),
                level_class(f.level),
                level_word(f.level, lang),
                esc(&f.id)
            );
            if f.accepted {
                let _ = write!(
                    o,
                    "<span class=\"acc\">✓ {}</span>",
                    say(lang, &msg::DIFF_ACCEPTED)
                );
            }
            let _ = write!(
                o,
                "<div class=\"msg\">{}</div>",
                esc(&f.text_with_orders().render(ml))
            );
            if !f.cases.is_empty() {
                o.push_str("<ul class=\"cases\">");
                for c in &f.cases {
                    let _ = write!(o, "<li>{}</li>", esc(&c.describe().render(ml)));
                }
                o.push_str("</ul>");
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");

    // One diagram of OLD ∪ NEW per machine.
    let _ = writeln!(
        o,
        "<section id=\"diagram\"><h2>{}<small>{}</small></h2>",
        say(lang, &msg::DIFF_DIAGRAM_TITLE),
        say(lang, &msg::DIFF_DIAGRAM_NOTE)
    );
    let mut drawn: Vec<(Machine, Marks)> = Vec::new();
    for nm in &r.new.machines {
        drawn.push(match r.old.machine(&nm.id.text) {
            Some(om) => union(om, nm),
            None => (nm.clone(), all_marked(nm, Mark::Added)),
        });
    }
    for om in &r.old.machines {
        if r.new.machine(&om.id.text).is_none() {
            drawn.push((om.clone(), all_marked(om, Mark::Removed)));
        }
    }
    for (m, marks) in &drawn {
        if drawn.len() > 1 {
            let _ = writeln!(o, "<h3>{}</h3>", esc(&machine_title(m)));
        }
        crate::html::zoombar(&mut o, lang);
        o.push_str("<div class=\"diagram-wrap\">\n");
        o.push_str(&crate::svg::diagram_marked(m, lang, marks));
        o.push_str("</div>\n");
    }
    let _ = writeln!(
        o,
        "<div class=\"legend\"><span><i class=\"lg-box lg-added\"></i>{}</span><span><i class=\"lg-box lg-removed\"></i>{}</span><span><i class=\"lg-box lg-changed\"></i>{}</span><span><i class=\"lg-line added\"></i>{}</span><span><i class=\"lg-line removed\"></i>{}</span><span><i class=\"lg-line changed\"></i>{}</span><span><i class=\"lg-dash\"></i>{}</span></div>\n</section>",
        say(lang, &msg::DIFF_LEGEND_STATE_ADDED),
        say(lang, &msg::DIFF_LEGEND_STATE_REMOVED),
        say(lang, &msg::DIFF_LEGEND_STATE_CHANGED),
        say(lang, &msg::DIFF_LEGEND_LINE_ADDED),
        say(lang, &msg::DIFF_LEGEND_LINE_REMOVED),
        say(lang, &msg::DIFF_LEGEND_LINE_CHANGED),
        say(lang, &msg::DIFF_LEGEND_TIMEOUT),
    );

    // The changed rows of the 状态流转表.
    let _ = writeln!(
        o,
        "<section id=\"rows\"><h2>{}<small>{}</small></h2>",
        say(lang, &msg::DIFF_ROWS_TITLE),
        say(lang, &msg::DIFF_ROWS_NOTE)
    );
    let mut any_rows = false;
    for nm in &r.new.machines {
        let Some(om) = r.old.machine(&nm.id.text) else {
            continue;
        };
        let changes = row_changes(om, nm);
        if changes.is_empty() {
            continue;
        }
        any_rows = true;
        if r.new.machines.len() > 1 {
            let _ = writeln!(o, "<h3>{}</h3>", esc(&machine_title(nm)));
        }
        o.push_str("<div class=\"tablewrap\"><table class=\"flow changes\"><thead><tr>");
        let _ = write!(o, "<th>{}</th>", say(lang, &msg::DIFF_CHANGE_COLUMN));
        for h in crate::md::transition_table_head(lang) {
            let _ = write!(o, "<th>{h}</th>");
        }
        o.push_str("</tr></thead><tbody>\n");
        for c in changes {
            let (cells, t, m) = match (c.old, c.new) {
                (Some(a), Some(b)) => {
                    let (x, y) = (
                        crate::html::transition_cells(om, &om.transitions[a], lang),
                        crate::html::transition_cells(nm, &nm.transitions[b], lang),
                    );
                    let cells: Vec<String> = x
                        .iter()
                        .zip(y.iter())
                        .map(|(x, y)| {
                            if x == y {
                                x.clone()
                            } else {
                                format!(
                                    "<del>{}</del><span class=\"arrow\">→</span><ins>{}</ins>",
                                    if x.is_empty() { "—" } else { x },
                                    if y.is_empty() { "—" } else { y }
                                )
                            }
                        })
                        .collect();
                    (cells, &nm.transitions[b], nm)
                }
                (Some(a), None) => (
                    crate::html::transition_cells(om, &om.transitions[a], lang).to_vec(),
                    &om.transitions[a],
                    om,
                ),
                (None, Some(b)) => (
                    crate::html::transition_cells(nm, &nm.transitions[b], lang).to_vec(),
                    &nm.transitions[b],
                    nm,
                ),
                (None, None) => continue,
            };
            let _ = write!(
                o,
                "<tr class=\"row-{}\" data-from=\"{}\" data-to=\"{}\"><td><span class=\"mark {}\">{}</span></td>",
                c.change.class(),
                esc(&crate::html::from_ids(m, t)),
                esc(t.target.map_or("", |to| state_id(m, to))),
                c.change.class(),
                c.change.word(lang)
            );
            for cell in cells {
                let _ = write!(o, "<td>{cell}</td>");
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody></table></div>\n");
    }
    if !any_rows {
        let _ = writeln!(
            o,
            "<p class=\"muted\">{}</p>",
            say(lang, &msg::DIFF_NO_ROWS)
        );
    }
    o.push_str("</section>\n</main>\n");
    let _ = writeln!(
        o,
        "<footer>{}</footer>\n<script>{}</script>\n</body>\n</html>",
        say(lang, &msg::DIFF_OFFLINE),
        crate::html::JS
    );
    o
}
