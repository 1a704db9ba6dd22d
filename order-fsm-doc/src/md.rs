//! The Markdown document: what a PM pastes into a PRD and a reviewer reads.

use std::fmt::Write as _;

use order_fsm_core::model::{EventIx, Machine, Spec, StateIx};

use crate::common::*;
use crate::Lang;

use order_fsm_table::md::{
    actions_cell, code, event_with_id, guard_cell, state_with_id, table_head, table_row,
};
pub use order_fsm_table::md::{
    cell, transition_rows_md, transition_table_head, transition_table_md, txt,
};

/// Text outside tables (doc comments): escaped as [`txt`], one line per line with Markdown
/// hard breaks between them. Leading spaces are dropped (four would make a code block), and
/// a line that would open a block (a heading, a quote, a list item, a rule or a fence) has
/// the character that opens it escaped.
fn para(s: &str) -> String {
    s.lines()
        .map(|line| {
            let rest = line.trim();
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if rest.starts_with(['#', '>', '-', '+', '=', '~']) {
                // The first character is ASCII: one byte.
                format!("\\{}{}", &rest[..1], txt(&rest[1..]))
            } else if digits > 0 && rest[digits..].starts_with(['.', ')']) {
                let (n, tail) = rest.split_at(digits);
                format!("{n}\\{}{}", &tail[..1], txt(&tail[1..]))
            } else {
                txt(rest)
            }
        })
        .collect::<Vec<_>>()
        .join("  \n")
}

/// The state × event matrix: the next state, `[?]` when a guard decides, `—` when the event
/// is not allowed.
pub fn matrix_md(m: &Machine, lang: Lang) -> String {
    matrix_md_with(m, &Index::new(m), lang)
}

fn matrix_md_with(m: &Machine, ix: &Index<'_>, lang: Lang) -> String {
    let mut out = String::new();
    let corner = tr(lang, "状态 \\ 事件", "State \\ event");
    let mut cols: Vec<String> = vec![cell(corner)];
    for (i, _) in m.events.iter().enumerate() {
        cols.push(event_with_id(m, EventIx(i as u32)));
    }
    out.push('|');
    for c in &cols {
        let _ = write!(out, " {c} |");
    }
    out.push_str("\n|");
    for _ in &cols {
        out.push_str("---|");
    }
    out.push('\n');
    for (si, _) in m.states.iter().enumerate() {
        let s = StateIx(si as u32);
        let mut row = vec![state_with_id(m, s)];
        for (ei, _) in m.events.iter().enumerate() {
            row.push(matrix_cell_with(m, ix, s, EventIx(ei as u32), lang, txt));
        }
        table_row(&mut out, &row);
    }
    out
}

/// One matrix cell in plain text: `待发货`, `待发货 [?]`, `退款中（客服）`,
/// `A [金额一致] / B [否则]`, `不变：保存备注`, or `—`.
/// A line that only some of the event's roles may fire names them, so a cell never reads as
/// if everyone who can fire the event could do it there.
pub(crate) fn matrix_cell(
    m: &Machine,
    ix: &Index<'_>,
    s: StateIx,
    e: EventIx,
    lang: Lang,
) -> String {
    matrix_cell_with(m, ix, s, e, lang, |l| l.to_string())
}

/// The roles of a line, when they are fewer than the roles of its event.
fn limited_roles(m: &Machine, t: &order_fsm_core::model::Transition, lang: Lang) -> Option<String> {
    let e = t.event()?;
    let line = m.allowed_roles(t);
    let event = &m.event(e).roles;
    let same = line.len() == event.len() && line.iter().all(|r| event.contains(r));
    (!line.is_empty() && !same).then(|| {
        line.iter()
            .map(|&r| m.role_label(r))
            .collect::<Vec<_>>()
            .join(list_sep(lang))
    })
}

/// A matrix cell with each state label passed through `label`.
fn matrix_cell_with(
    m: &Machine,
    ix: &Index<'_>,
    s: StateIx,
    e: EventIx,
    lang: Lang,
    label: impl Fn(&str) -> String,
) -> String {
    if is_final(m, s) {
        return "—".to_string();
    }
    let c = ix.candidates(s, e);
    if c.is_empty() {
        return "—".to_string();
    }
    // Several lines in one cell are told apart by their conditions, named; a line that keeps
    // the state says what it does, since its actions are all that happens.
    // Lines after one without a guard that every role of the event may take are never
    // taken here (an `any` line shadowed in this state): the cell leaves them out.
    let taken: Vec<_> = match c.iter().position(|&i| {
        let t = m.transition(i);
        t.guard.is_none() && limited_roles(m, t, lang).is_none()
    }) {
        Some(p) => c[..=p].to_vec(),
        None => c.to_vec(),
    };
    let several = taken.len() > 1;
    taken
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let t = m.transition(i);
            let mut x = match t.target {
                Some(to) => label(m.state_label(to)),
                None => label(tr(lang, "不变", "stays")),
            };
            if let Some(roles) = limited_roles(m, t, lang) {
                match lang {
                    Lang::Zh => x.push_str(&label(&format!("（{roles}）"))),
                    Lang::En => x.push_str(&label(&format!(" ({roles})"))),
                }
            }
            match &t.guard {
                Some(g) if several => {
                    x.push_str(" [");
                    x.push_str(&label(guard_text(m, g)));
                    x.push(']');
                }
                Some(_) => x.push_str(" [?]"),
                None if several && k > 0 => {
                    x.push_str(" [");
                    x.push_str(&label(tr(lang, "否则", "otherwise")));
                    x.push(']');
                }
                None => {}
            }
            if t.target.is_none() && !t.actions.is_empty() {
                let actions = actions_text(m, t, lang);
                x.push_str(&label(&format!("{}{actions}", tr(lang, "：", ": "))));
            }
            x
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

fn timeouts_md(m: &Machine, ix: &Index<'_>, lang: Lang) -> String {
    let mut out = String::new();
    table_head(
        &mut out,
        &[
            tr(lang, "状态", "State"),
            tr(lang, "时限", "After"),
            tr(lang, "条件", "Condition"),
            tr(lang, "次态", "Next state"),
            tr(lang, "动作", "Actions"),
            tr(lang, "说明", "Note"),
        ],
    );
    for (si, _) in m.states.iter().enumerate() {
        let s = StateIx(si as u32);
        if is_final(m, s) {
            continue;
        }
        for &i in ix.timeouts(s) {
            let t = m.transition(i);
            let written = short_duration(&t.trigger);
            let after = format!(
                "{} {}",
                txt(&trigger_duration(&t.trigger, lang)),
                code(&written)
            );
            let cond = guard_cell(m, t);
            let actions = actions_cell(m, t, lang);
            let mut note = note_text(t, lang);
            if t.from_any {
                let any = match lang {
                    Lang::Zh => "（适用于任意非终态）",
                    Lang::En => " (applies to any non-final state)",
                };
                note.push_str(any);
            }
            table_row(
                &mut out,
                &[
                    state_with_id(m, s),
                    after,
                    cond,
                    t.target
                        .map_or(txt(stays_word(lang)), |to| state_with_id(m, to)),
                    actions,
                    txt(&note),
                ],
            );
        }
    }
    out
}

fn scenarios_md(out: &mut String, m: &Machine, ix: &Index<'_>, lang: Lang) {
    let (given, when, and, then) = match lang {
        Lang::Zh => ("假设", "当", "并且", "那么"),
        Lang::En => ("Given", "When", "And", "Then"),
    };
    let machine_name = txt(m
        .label
        .as_ref()
        .map_or(m.id.text.as_str(), |l| l.text.as_str()));
    for sc in &m.scenarios {
        let _ = writeln!(out, "### {}\n", txt(&sc.name.text.replace('\n', " ")));
        if let Some(d) = &sc.doc {
            let _ = writeln!(out, "{}\n", para(d));
        }
        match sc.from.or(m.initial) {
            Some(s) => {
                let st = txt(&named(m.state_label(s), state_id(m, s), lang));
                match lang {
                    Lang::Zh => {
                        let _ = writeln!(out, "- **{given}** {machine_name}处于{st}");
                    }
                    Lang::En => {
                        let _ = writeln!(out, "- **{given}** the {machine_name} is {st}");
                    }
                }
            }
            None => {
                let _ = writeln!(out, "- **{given}** —");
            }
        }
        let mut first = true;
        for (step, before) in sc.steps.iter().zip(states_before_steps(ix, sc)) {
            let w = step_words(m, step, before, lang);
            let kw = if first { when } else { and };
            let _ = writeln!(out, "- **{kw}** {}", txt(&w.when.replace('\n', " ")));
            first = false;
            if let Some(t) = w.then {
                let _ = writeln!(out, "- **{then}** {}", txt(&t));
                first = true;
            }
        }
        if let Some(t) = start_words(m, sc, lang) {
            let _ = writeln!(out, "- **{then}** {}", txt(&t));
        }
        out.push('\n');
    }
}

/// The whole Markdown document for one machine.
/// The 状态码映射表, when the machine lists the codes of other systems: one row per state,
/// the main code, then each system's codes; a code several states share is marked.
fn code_map_md(out: &mut String, m: &Machine, lang: Lang) {
    if m.code_systems.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n", code_map_title(lang));
    let head = code_map_head(m, lang);
    table_head(out, &head.iter().map(String::as_str).collect::<Vec<_>>());
    for i in 0..m.states.len() {
        let s = StateIx(i as u32);
        let st = m.state(s);
        let mut row = vec![txt(m.state_label(s)), code(&st.id.text)];
        for cell in code_map_cells(m, s) {
            let mut text = cell
                .codes
                .iter()
                .map(|c| code(&c.to_string()))
                .collect::<Vec<_>>()
                .join(", ");
            if cell.none {
                text.push_str(&txt(not_applicable_word(lang)));
            } else if cell.codes.is_empty() {
                text.push('—');
            } else if cell.shared {
                let _ = write!(text, " **{}**", shared_word(lang));
            }
            row.push(text);
        }
        table_row(out, &row);
    }
    out.push('\n');
}

pub fn render(spec: &Spec, m: &Machine, lang: Lang) -> String {
    // One lookup table for the matrix and the timeouts.
    let index = Index::new(m);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", txt(&machine_title(m).replace('\n', " ")));
    let _ = writeln!(
        out,
        "<!-- {}{} -->\n",
        tr(
            lang,
            "由 order-fsm 生成，来源：",
            "generated by order-fsm from "
        ),
        spec.file.replace("--", "- -")
    );
    if let Some(d) = &m.doc {
        let _ = writeln!(out, "{}\n", para(d));
    }
    if !m.notes.is_empty() {
        let _ = writeln!(out, "**{}**\n", tr(lang, "备注", "Notes"));
        for n in &m.notes {
            let _ = writeln!(out, "- {}", txt(&n.text.text));
        }
        out.push('\n');
    }

    // States.
    let _ = writeln!(out, "## {}\n", tr(lang, "状态", "States"));
    table_head(
        &mut out,
        &[
            tr(lang, "状态", "State"),
            "ID",
            tr(lang, "状态码", "Codes"),
            tr(lang, "类型", "Kind"),
            tr(lang, "说明", "Description"),
        ],
    );
    for s in &m.states {
        let codes = s
            .codes
            .iter()
            .map(|c| code(&c.to_string()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut kind = Vec::new();
        if s.initial {
            kind.push(tr(lang, "初始", "initial"));
        }
        if s.is_final {
            kind.push(tr(lang, "终态", "final"));
        }
        table_row(
            &mut out,
            &[
                txt(s.label.as_ref().map_or(&s.id.text, |l| &l.text)),
                code(&s.id.text),
                codes,
                kind.join(list_sep(lang)),
                txt(s.doc.as_deref().unwrap_or("")),
            ],
        );
    }
    out.push('\n');

    code_map_md(&mut out, m, lang);

    // Events.
    let _ = writeln!(out, "## {}\n", tr(lang, "事件", "Events"));
    table_head(
        &mut out,
        &[
            tr(lang, "事件", "Event"),
            "ID",
            tr(lang, "触发角色", "Roles"),
            tr(lang, "参数", "Payload"),
            tr(lang, "说明", "Description"),
        ],
    );
    for e in &m.events {
        let roles = if e.roles.is_empty() {
            tr(lang, "任意角色", "any role").to_string()
        } else {
            e.roles
                .iter()
                .map(|&r| m.role_label(r))
                .collect::<Vec<_>>()
                .join(list_sep(lang))
        };
        let payload = e
            .payload
            .iter()
            .map(|f| {
                let mut x = code(&format!("{}: {}", f.name.text, f.ty.text));
                if let Some(d) = field_doc(f) {
                    x.push(' ');
                    x.push_str(&txt(&d));
                }
                x
            })
            .collect::<Vec<_>>()
            .join("<br>");
        table_row(
            &mut out,
            &[
                txt(e.label.as_ref().map_or(&e.id.text, |l| &l.text)),
                code(&e.id.text),
                txt(&roles),
                payload,
                txt(e.doc.as_deref().unwrap_or("")),
            ],
        );
    }
    out.push('\n');

    // Roles, when declared with labels.
    if !m.roles.is_empty() {
        let _ = writeln!(out, "## {}\n", tr(lang, "角色", "Roles"));
        table_head(
            &mut out,
            &[
                tr(lang, "角色", "Role"),
                "ID",
                tr(lang, "说明", "Description"),
            ],
        );
        for r in &m.roles {
            table_row(
                &mut out,
                &[
                    txt(r.label.as_ref().map_or(&r.id.text, |l| &l.text)),
                    code(&r.id.text),
                    txt(r.doc.as_deref().unwrap_or("")),
                ],
            );
        }
        out.push('\n');
    }

    // Transition table.
    let _ = writeln!(out, "## {}\n", tr(lang, "状态流转表", "Transition table"));
    out.push_str(&transition_table_md(m, lang));
    out.push('\n');

    // Matrix.
    if !m.events.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n",
            tr(lang, "状态 × 事件矩阵", "State × event matrix")
        );
        out.push_str(&matrix_md_with(m, &index, lang));
        let _ = writeln!(
            out,
            "\n{}\n",
            tr(
                lang,
                "单元格为触发后的次态；（角色）表示只有这些角色可以触发，`[?]` 表示需满足条件（一格里有几条流转时写出各自的条件），“不变”表示留在原状态，后面写出它执行的动作，`—` 表示该状态下不允许此事件。",
                "Each cell is the next state; (roles) means only those roles may fire it there, `[?]` means a condition decides (a cell of several lines names each one's condition), “stays” keeps the state and is followed by the actions it runs, `—` means the event is not allowed in that state."
            )
        );
    }

    // Timeouts.
    if m.transitions.iter().any(|t| t.timeout_seconds().is_some()) {
        let _ = writeln!(out, "## {}\n", tr(lang, "超时", "Timeouts"));
        out.push_str(&timeouts_md(m, &index, lang));
        out.push('\n');
    }

    // Scenarios.
    if !m.scenarios.is_empty() {
        let _ = writeln!(out, "## {}\n", tr(lang, "验收场景", "Acceptance scenarios"));
        if has_wait_step(m) {
            let _ = writeln!(out, "{}\n", txt(wait_meaning(lang)));
        }
        scenarios_md(&mut out, m, &index, lang);
    }

    // Business rules: `doc` refuses a spec with a broken rule, so each one shown holds.
    if !m.rules.is_empty() {
        let _ = writeln!(out, "## {}\n", tr(lang, "业务规则", "Business rules"));
        let _ = writeln!(
            out,
            "{}\n",
            tr(
                lang,
                "以下规则对每一条可能的路径都成立，已由 order-fsm check 证明。",
                "Each rule holds on every possible path, as proved by order-fsm check."
            )
        );
        let caveats = rule_caveats(m, lang);
        if caveats.iter().any(Option::is_some) {
            let _ = writeln!(
                out,
                "{}\n",
                tr(
                    lang,
                    "标 ○ 的规则虽然成立，但对流转什么也没有证明（原因写在后面）。",
                    "A rule marked ○ holds but proves nothing about the transitions (the reason follows it)."
                )
            );
        }
        for (r, caveat) in m.rules.iter().zip(&caveats) {
            let (mark, caveat) = match caveat {
                None => ("✓", String::new()),
                Some(c) => ("○", format!("{}{}", tr(lang, "——", " — "), txt(c))),
            };
            let _ = writeln!(
                out,
                "- {mark} **{}**{}{}{caveat}",
                txt(&r.name.text.replace('\n', " ")),
                tr(lang, "：", ": "),
                txt(&rule_sentence(m, &r.kind, lang))
            );
            if let Some(d) = &r.doc {
                let _ = writeln!(out, "  {}", para(d).replace('\n', "\n  "));
            }
        }
        out.push('\n');
    }

    // Diagram.
    let _ = writeln!(out, "## {}\n", tr(lang, "状态图", "State diagram"));
    out.push_str("```mermaid\n");
    out.push_str(&crate::mermaid::render(m, lang));
    out.push_str("```\n");
    out
}
