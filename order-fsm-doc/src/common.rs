//! Words, labels and escaping shared by every renderer.

use order_fsm_core::model::{Expect, Machine, RuleKind, StateIx, StepInput, Transition, Trigger};

use crate::Lang;

pub(crate) use order_fsm_table::words::*;

/// A scenario step in words, and its expectation in words.
pub(crate) struct StepWords {
    pub when: String,
    pub then: Option<String>,
}

pub(crate) fn step_words(
    m: &Machine,
    step: &order_fsm_core::model::Step,
    state: Option<StateIx>,
    lang: Lang,
) -> StepWords {
    let (mut when, guards) = match &step.input {
        StepInput::Event {
            event,
            actor,
            guards,
        } => {
            let ev = named(m.event_label(*event), event_id(m, *event), lang);
            // Without `by`, whoever the event allows fires it: name them, so that a step
            // never reads as if nobody did.
            let who = match actor {
                Some(a) => Some(m.role_label(*a).to_string()),
                None => {
                    let roles: Vec<&str> = m
                        .events
                        .get(event.index())
                        .map(|e| e.roles.iter().map(|&r| m.role_label(r)).collect())
                        .unwrap_or_default();
                    match roles.as_slice() {
                        [] => None,
                        [one] => Some(one.to_string()),
                        [first @ .., last] => Some(format!(
                            "{}{}{last}",
                            first.join(list_sep(lang)),
                            tr(lang, "或", " or ")
                        )),
                    }
                }
            };
            let s = match (lang, who) {
                (Lang::Zh, Some(w)) => format!("{w}触发{ev}"),
                (Lang::Zh, None) => format!("触发{ev}"),
                (Lang::En, Some(w)) => format!("{w} fires {ev}"),
                (Lang::En, None) => format!("{ev} is fired"),
            };
            (s, guards)
        }
        StepInput::Wait {
            seconds,
            written,
            guards,
        } => {
            // A wait is time spent in the state the order is in, counted from when it entered
            // that state, never added to earlier waits: say so in the words.
            let d = human_duration(written, *seconds, lang);
            let here = state
                .filter(|s| s.index() < m.states.len())
                .map(|s| named(m.state_label(s), state_id(m, s), lang));
            let s = match (lang, here) {
                (Lang::Zh, Some(st)) => format!("在{st}停留满 {d}"),
                (Lang::Zh, None) => format!("在当前状态停留满 {d}"),
                (Lang::En, Some(st)) => format!("the order has been {st} for {d}"),
                (Lang::En, None) => format!("the order has been in its current state for {d}"),
            };
            (s, guards)
        }
    };
    for (g, ok) in guards {
        let desc = m.guards.get(g.index()).map_or("?", |x| {
            x.description
                .as_ref()
                .map_or(x.id.text.as_str(), |d| d.text.as_str())
        });
        let word = match (lang, ok) {
            (Lang::Zh, true) => "成立",
            (Lang::Zh, false) => "不成立",
            (Lang::En, true) => "holds",
            (Lang::En, false) => "does not hold",
        };
        match lang {
            Lang::Zh => when.push_str(&format!("，且条件「{desc}」{word}")),
            Lang::En => when.push_str(&format!(", and \"{desc}\" {word}")),
        }
    }
    let waits = matches!(step.input, StepInput::Wait { .. });
    let then = step.expect.as_ref().map(|e| match e {
        // `after 26m => Created` while in Created: the order is still there.
        Expect::State { state: to, .. } if waits && Some(*to) == state => {
            let st = named(m.state_label(*to), state_id(m, *to), lang);
            match lang {
                Lang::Zh => format!("状态仍为{st}"),
                Lang::En => format!("the state is still {st}"),
            }
        }
        Expect::State { state, .. } => match lang {
            Lang::Zh => format!(
                "状态为{}",
                named(m.state_label(*state), state_id(m, *state), lang)
            ),
            Lang::En => format!(
                "the state is {}",
                named(m.state_label(*state), state_id(m, *state), lang)
            ),
        },
        // A wait is not refused by anyone: no timeout fires.
        Expect::Rejected { still: None, .. } if waits => tr(
            lang,
            "没有超时触发，状态不变",
            "no timeout fires and the state stays",
        )
        .to_string(),
        Expect::Rejected { still: None, .. } => tr(
            lang,
            "操作被拒绝，状态不变",
            "it is rejected and the state stays",
        )
        .to_string(),
        Expect::Rejected {
            still: Some(state), ..
        } => {
            let st = named(m.state_label(*state), state_id(m, *state), lang);
            match (lang, waits) {
                (Lang::Zh, true) => format!("没有超时触发，状态仍为{st}"),
                (Lang::En, true) => format!("no timeout fires and the state is still {st}"),
                (Lang::Zh, false) => format!("操作被拒绝，状态仍为{st}"),
                (Lang::En, false) => format!("it is rejected and the state is still {st}"),
            }
        }
    });
    StepWords { when, then }
}

/// What a scenario without steps (`{ => Created }`) says: the state the order starts in.
pub(crate) fn start_words(
    m: &Machine,
    sc: &order_fsm_core::model::Scenario,
    lang: Lang,
) -> Option<String> {
    match &sc.start {
        Some(Expect::State { state, .. }) => {
            let st = named(m.state_label(*state), state_id(m, *state), lang);
            Some(match lang {
                Lang::Zh => format!("状态为{st}"),
                Lang::En => format!("the state is {st}"),
            })
        }
        _ => None,
    }
}

/// `「待付款」（Created）`, `"Awaiting payment" (Created)`; the id alone when there is no label.
pub(crate) fn named(label: &str, id: &str, lang: Lang) -> String {
    match (lang, label == id) {
        (Lang::Zh, false) => format!("「{label}」（{id}）"),
        (Lang::Zh, true) => format!("「{id}」"),
        (Lang::En, false) => format!("\"{label}\" ({id})"),
        (Lang::En, true) => id.to_string(),
    }
}

/// Escapes text for HTML and XML content and attribute values.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Splits doc text into trimmed non-empty lines.
pub(crate) fn doc_lines(doc: &str) -> Vec<&str> {
    doc.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The machine's display name: `订单 (Order)` or just `Order`.
pub(crate) fn machine_title(m: &Machine) -> String {
    match &m.label {
        Some(l) if l.text != m.id.text => format!("{} ({})", l.text, m.id.text),
        _ => m.id.text.clone(),
    }
}

/// Whether a state index is final (false for a bad index).
pub(crate) fn is_final(m: &Machine, ix: StateIx) -> bool {
    m.states.get(ix.index()).is_some_and(|s| s.is_final)
}

/// Transition lines looked up by state, built once per document so tables stay linear in the
/// size of the spec: the interpreter's own tables, so documents list lines in exactly the
/// order the machine tries them.
pub(crate) use order_fsm_core::interp::Interpreter as Index;

/// Where a drawn edge starts: a state, or the "any non-final state" pseudo-state that stands
/// for every source of an `any -> …` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    State(StateIx),
    Any,
}

/// Every drawn edge as (source, transition index, target): one per source state of a line,
/// and a single edge from [`Source::Any`] for an `any -> …` line.
/// The arrows of a diagram. Lines that keep the state (reminders, events handled in place)
/// are no arrows: they are not transitions, and [`stays_of`] lists them with their state.
pub(crate) fn edges(m: &Machine) -> Vec<(Source, usize, StateIx)> {
    let mut v = Vec::new();
    for (i, t) in m.transitions.iter().enumerate() {
        let Some(to) = t.target else {
            continue;
        };
        if t.from_any {
            v.push((Source::Any, i, to));
        } else {
            for &s in &t.sources {
                v.push((Source::State(s), i, to));
            }
        }
    }
    v
}

/// [`edges`], and the lines that keep the state, each listed from each of its sources (an
/// `any` one too): for diagrams that write those inside the state's box.
pub(crate) fn edges_with_stays(m: &Machine) -> Vec<(Source, usize)> {
    let mut v = Vec::new();
    for (i, t) in m.transitions.iter().enumerate() {
        if t.from_any && !t.stays() {
            v.push((Source::Any, i));
        } else {
            for &s in &t.sources {
                v.push((Source::State(s), i));
            }
        }
    }
    v
}

/// Whether the machine has `any -> …` lines (and so diagrams draw the pseudo-state).
pub(crate) fn has_any(m: &Machine) -> bool {
    m.transitions.iter().any(|t| t.from_any && !t.stays())
}

/// What happens in state `s` without leaving it, one line of text per line of the spec that
/// keeps the state: `⏰ 25 分钟后 付款提醒：remind_buyer（不改变状态）`, `备注：save_remark（不改变状态）`.
pub(crate) fn stays_of(m: &Machine, s: StateIx, lang: Lang) -> Vec<String> {
    m.transitions
        .iter()
        .filter(|t| t.stays() && t.sources.contains(&s))
        .map(|t| stay_text(m, t, lang))
        .collect()
}

/// One line that keeps the state, as text.
pub(crate) fn stay_text(m: &Machine, t: &Transition, lang: Lang) -> String {
    let mut x = match &t.trigger {
        Trigger::Event { event, .. } => m.event_label(*event).to_string(),
        Trigger::Timeout { label, .. } => {
            let d = trigger_duration(&t.trigger, lang);
            let what = label
                .as_ref()
                .map_or(tr(lang, "提醒", "reminder"), |l| l.text.as_str());
            match lang {
                Lang::Zh => format!("⏰ {d}后 {what}"),
                Lang::En => format!("⏰ after {d}: {what}"),
            }
        }
    };
    if let Some(g) = &t.guard {
        x.push_str(&format!(" [{}]", guard_text(m, g)));
    }
    if !t.actions.is_empty() {
        x.push_str(tr(lang, "：", " → "));
        x.push_str(&actions_text(m, t, lang));
    }
    x.push_str(tr(lang, "（不改变状态）", " (stays)"));
    x
}

/// The diagram id of the "any non-final state" pseudo-state, distinct from every state id.
pub(crate) fn any_id(m: &Machine) -> String {
    let mut id = String::from("AnyNonFinal");
    while m.states.iter().any(|s| s.id.text == id) {
        id.push('_');
    }
    id
}

/// A note line that reads `end note` would close a Mermaid or PlantUML note early; a
/// non-breaking space keeps it text.
pub(crate) fn note_line(line: String) -> String {
    if line.trim().eq_ignore_ascii_case("end note") {
        line.replace(' ', "\u{a0}")
    } else {
        line
    }
}

/// A business rule as a sentence: "从「待收货」（Shipped）出发，永远不会到达「交易关闭」（Cancelled）".
pub(crate) fn rule_sentence(m: &Machine, kind: &RuleKind, lang: Lang) -> String {
    let one = |s: &StateIx| named(m.state_label(*s), state_id(m, *s), lang);
    let any_of = |v: &[StateIx]| {
        let all: Vec<String> = v.iter().map(one).collect();
        match (lang, all.len()) {
            (_, 0 | 1) => all.concat(),
            (Lang::Zh, k) => format!("{}或{}", all[..k - 1].join("、"), all[k - 1]),
            (Lang::En, k) => format!("{} or {}", all[..k - 1].join(", "), all[k - 1]),
        }
    };
    match (kind, lang) {
        (RuleKind::Never { from, targets }, Lang::Zh) => {
            format!("从{}出发，永远不会到达{}", one(from), any_of(targets))
        }
        (RuleKind::Never { from, targets }, Lang::En) => {
            format!("from {}, {} is never reached", one(from), any_of(targets))
        }
        (RuleKind::Via { targets, via }, Lang::Zh) => {
            format!("到达{}之前，必定经过{}", any_of(targets), any_of(via))
        }
        (RuleKind::Via { targets, via }, Lang::En) => {
            format!("{} is reached only after {}", any_of(targets), any_of(via))
        }
        (RuleKind::Always { from, targets }, Lang::Zh) => {
            format!("从{}出发，总能到达{}", one(from), any_of(targets))
        }
        (RuleKind::Always { from, targets }, Lang::En) => {
            format!(
                "from {}, {} can always be reached",
                one(from),
                any_of(targets)
            )
        }
    }
}

/// The state the order is in before each step of a scenario, as `order-fsm test` runs it;
/// `None` for the steps after one that did not go as written, or without a start state.
pub(crate) fn states_before_steps(
    ix: &Index<'_>,
    sc: &order_fsm_core::model::Scenario,
) -> Vec<Option<StateIx>> {
    let mut v = vec![None; sc.steps.len()];
    if let Some(run) = order_fsm_core::scenario::run_scenario(ix, sc) {
        for (slot, t) in v.iter_mut().zip(&run.trace) {
            *slot = Some(t.before);
        }
    }
    v
}

/// What a wait step in a scenario means, said once above the scenarios.
pub(crate) fn wait_meaning(lang: Lang) -> &'static str {
    tr(
        lang,
        "「停留满」从订单进入该状态时算起，不与之前的等待累加。",
        "A wait counts from when the order entered the state it is in; it is not added to earlier waits.",
    )
}

/// Whether some scenario of the machine waits.
pub(crate) fn has_wait_step(m: &Machine) -> bool {
    m.scenarios
        .iter()
        .flat_map(|sc| &sc.steps)
        .any(|st| matches!(st.input, StepInput::Wait { .. }))
}

/// A payload field's doc comment on one line, if it has one.
pub(crate) fn field_doc(f: &order_fsm_core::model::Field) -> Option<String> {
    let lines = doc_lines(f.doc.as_deref()?);
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// The 状态码映射表 heading.
pub(crate) fn code_map_title(lang: Lang) -> &'static str {
    tr(lang, "状态码映射表", "Status code mapping")
}

/// The word that marks a code several states share in another system.
/// The cell of a state that has no code in a system on purpose (`customs none`).
pub(crate) fn not_applicable_word(lang: Lang) -> &'static str {
    tr(lang, "不适用", "not applicable")
}

pub(crate) fn shared_word(lang: Lang) -> &'static str {
    tr(lang, "共用", "shared")
}

/// The column heading of a code system: its label and its id.
pub(crate) fn code_system_heading(m: &Machine, system: usize) -> String {
    let sys = &m.code_systems[system];
    match &sys.label {
        Some(l) if l.text != sys.id.text => format!("{} ({})", l.text, sys.id.text),
        _ => sys.id.text.clone(),
    }
}

/// The headings of the 状态码映射表: state, id, main code, then one column per code system.
pub(crate) fn code_map_head(m: &Machine, lang: Lang) -> Vec<String> {
    let mut head = vec![
        tr(lang, "状态", "State").to_string(),
        "ID".to_string(),
        tr(lang, "主状态码 (main)", "Main code (main)").to_string(),
    ];
    head.extend((0..m.code_systems.len()).map(|i| code_map_system_column(m, i)));
    head
}

fn code_map_system_column(m: &Machine, system: usize) -> String {
    code_system_heading(m, system)
}

/// One cell of the 状态码映射表: the codes of one state in one system as written (the first
/// is the one written to that system), and whether they are marked `shared`.
pub(crate) struct CodeCell {
    pub codes: Vec<order_fsm_core::model::Code>,
    pub shared: bool,
    /// `customs none`: no code there on purpose ("不适用"), unlike a hole ("—").
    pub none: bool,
}

/// The cells of one state's row after its label and id: the main codes, then each system's.
pub(crate) fn code_map_cells(m: &Machine, s: StateIx) -> Vec<CodeCell> {
    let st = m.state(s);
    let mut cells = vec![CodeCell {
        codes: st.codes.clone(),
        shared: false,
        none: false,
    }];
    for i in 0..m.code_systems.len() {
        cells.push(match st.codes_in(i) {
            Some(c) => CodeCell {
                codes: c.codes.clone(),
                shared: c.shared,
                none: c.none,
            },
            None => CodeCell {
                codes: Vec::new(),
                shared: false,
                none: false,
            },
        });
    }
    cells
}

/// How a rule shown in a document holds: `None` when `check` proved it on every path (✓),
/// else why it proves nothing about the lines: it holds whatever they say, or only because
/// a state is never reached. A document never gives those the ✓ of a proof.
pub(crate) fn rule_caveats(m: &Machine, lang: Lang) -> Vec<Option<String>> {
    use order_fsm_core::msg::Text;
    use order_fsm_core::rules::{Outcome, Prover};
    use order_fsm_core::t;
    if m.rules.is_empty() {
        return Vec::new();
    }
    let an = order_fsm_core::analysis::Analysis::new(m);
    let prover = Prover::new(&an);
    let state = |s: StateIx| Text::Lit(named(m.state_label(s), state_id(m, s), lang));
    // A name in 「」（） brackets needs no space beside it in Chinese.
    let tidy = |t: String| t.replace("） ", "）").replace(" 「", "「");
    m.rules
        .iter()
        .map(|r| match prover.prove(&r.kind) {
            Outcome::Holds => prover.trivially(&r.kind).map(|why| {
                tidy(
                    t!(
                        order_fsm_core::msg::DOC_RULE_TRIVIAL,
                        why = why.reason(state)
                    )
                    .render(lang.into()),
                )
            }),
            Outcome::Vacuous(s) => Some(tidy(
                t!(order_fsm_core::msg::DOC_RULE_VACUOUS, state = state(s)).render(lang.into()),
            )),
            // `doc` refuses a spec with a broken rule; shown anyway, it is no proof.
            Outcome::Broken(_) | Outcome::Malformed(_) => {
                Some(t!(order_fsm_core::msg::DOC_RULE_BROKEN).render(lang.into()))
            }
        })
        .collect()
}
