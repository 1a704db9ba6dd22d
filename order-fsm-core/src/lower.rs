//! From syntax tree to resolved model: every name looked up, every reference an index.
//!
//! Unknown names are reported (with "did you mean"), and the line that holds them is left
//! out of the model, so later passes never see a dangling reference.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::ast;
use crate::diag::{codes, Diagnostic};
use crate::duration::parse_duration;
use crate::model::*;
use crate::msg::{self, Msg, Text as T};
use crate::source::Span;
use crate::suggest::Suggester;
use crate::t;

/// Resolve a parsed file into the model, pushing every problem found into `diags`.
pub fn lower(file_name: &str, file: &ast::File<'_>, diags: &mut Vec<Diagnostic>) -> Spec {
    if file.machines.is_empty() {
        diags.push(
            Diagnostic::error(
                codes::NO_MACHINE,
                t!(msg::E0019_MESSAGE),
                Span::new(0, 0),
                t!(msg::E0019_LABEL),
            )
            .with_help(t!(msg::E0019_HELP)),
        );
    }
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut machines = Vec::new();
    for m in &file.machines {
        if let Some(first) = seen.get(m.id.text) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ID,
                    t!(
                        msg::E0005_MESSAGE,
                        kind = &msg::KIND_MACHINE,
                        id = T::code(m.id.text)
                    ),
                    m.id.span,
                    t!(msg::E0005_AGAIN),
                )
                .with_secondary(*first, t!(msg::FIRST_DEFINED_HERE))
                .with_help(t!(msg::E0005_MACHINE_HELP)),
            );
            continue;
        }
        seen.insert(m.id.text, m.id.span);
        machines.push(Lowerer::new(diags).machine(m));
    }
    Spec {
        file: file_name.to_string(),
        machines,
    }
}

/// A kind of item in words.
fn kind_msg(kind: &str) -> &'static Msg {
    match kind {
        "state" => &msg::KIND_STATE,
        "event" => &msg::KIND_EVENT,
        "role" => &msg::KIND_ROLE,
        "guard" => &msg::KIND_GUARD,
        "action" => &msg::KIND_ACTION,
        "field" => &msg::KIND_FIELD,
        "code system" => &msg::KIND_SYSTEM,
        _ => &msg::KIND_MACHINE,
    }
}

/// A kind of item in words, several of them.
fn kinds_msg(kind: &str) -> &'static Msg {
    match kind {
        "state" => &msg::KINDS_STATE,
        "event" => &msg::KINDS_EVENT,
        "role" => &msg::KINDS_ROLE,
        "guard" => &msg::KINDS_GUARD,
        "code system" => &msg::KINDS_SYSTEM,
        _ => &msg::KINDS_ACTION,
    }
}

fn name(i: &ast::Ident) -> Name {
    Name {
        text: i.text.to_string(),
        span: i.span,
    }
}

fn text(s: &ast::Str) -> Text {
    Text {
        text: s.text.to_string(),
        span: s.span,
    }
}

/// A name table for one kind of item.
struct Table<'a> {
    kind: &'static str,
    ids: FxHashMap<&'a str, (u32, Span)>,
    order: Vec<&'a str>,
    /// Built at the first unknown name (most specs have none).
    suggester: Option<Suggester<'a>>,
}

impl<'a> Table<'a> {
    fn new(kind: &'static str) -> Self {
        Table {
            kind,
            ids: FxHashMap::default(),
            order: Vec::new(),
            suggester: None,
        }
    }

    /// Add a definition; reports a duplicate and returns `None` if the id is taken.
    fn define(&mut self, id: &ast::Ident<'a>, diags: &mut Vec<Diagnostic>) -> Option<u32> {
        if let Some((_, first)) = self.ids.get(id.text) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ID,
                    t!(
                        msg::E0005_MESSAGE,
                        kind = kind_msg(self.kind),
                        id = T::code(id.text)
                    ),
                    id.span,
                    t!(msg::E0005_AGAIN),
                )
                .with_secondary(*first, t!(msg::FIRST_DEFINED_HERE))
                .with_help(t!(msg::E0005_HELP, kinds = kinds_msg(self.kind))),
            );
            return None;
        }
        let ix = self.order.len() as u32;
        self.ids.insert(id.text, (ix, id.span));
        self.order.push(id.text);
        Some(ix)
    }

    fn get(&self, id: &str) -> Option<u32> {
        self.ids.get(id).map(|(i, _)| *i)
    }

    fn suggester(&mut self) -> &mut Suggester<'a> {
        let order = &self.order;
        self.suggester
            .get_or_insert_with(|| Suggester::new(order.iter().copied()))
    }

    /// A defined name `id` is a plausible typo of.
    fn suggest(&mut self, id: &str) -> Option<&'a str> {
        self.suggester().suggest(id)
    }

    /// A defined name that starts like `id` (`Ship` for `Shipping`).
    fn related(&mut self, id: &str) -> Option<&'a str> {
        self.suggester().related(id)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Role,
    Guard,
    Action,
}

struct Lowerer<'d, 'a> {
    diags: &'d mut Vec<Diagnostic>,
    states: Table<'a>,
    events: Table<'a>,
    roles: Table<'a>,
    guards: Table<'a>,
    actions: Table<'a>,
    systems: Table<'a>,
    /// Code systems whose declaration was refused for their name.
    refused_systems: Vec<&'a str>,
    /// The guards named with `if` on a transition line, kept in the model or not.
    lined_guards: rustc_hash::FxHashSet<&'a str>,
    m: Machine,
}

impl<'d, 'a> Lowerer<'d, 'a> {
    fn new(diags: &'d mut Vec<Diagnostic>) -> Self {
        Lowerer {
            diags,
            states: Table::new("state"),
            events: Table::new("event"),
            roles: Table::new("role"),
            guards: Table::new("guard"),
            actions: Table::new("action"),
            systems: Table::new("code system"),
            refused_systems: Vec::new(),
            lined_guards: Default::default(),
            m: Machine {
                id: Name {
                    text: String::new(),
                    span: Span::default(),
                },
                label: None,
                doc: None,
                span: Span::default(),
                states: Vec::new(),
                events: Vec::new(),
                roles: Vec::new(),
                guards: Vec::new(),
                actions: Vec::new(),
                transitions: Vec::new(),
                notes: Vec::new(),
                scenarios: Vec::new(),
                rules: Vec::new(),
                initial: None,
                code_systems: Vec::new(),
            },
        }
    }

    /// Define a role, guard or action; `None` (and a diagnostic) if the id is taken.
    fn declare(
        &mut self,
        id: &ast::Ident<'a>,
        label: &Option<ast::Str<'a>>,
        member: &ast::Member,
        kind: Kind,
    ) -> Option<(Name, Option<Text>, Option<String>, Span)> {
        let table = match kind {
            Kind::Role => &mut self.roles,
            Kind::Guard => &mut self.guards,
            Kind::Action => &mut self.actions,
        };
        table.define(id, self.diags)?;
        Some((
            name(id),
            label.as_ref().map(text),
            member.doc.clone(),
            member.span,
        ))
    }

    fn unknown(&mut self, which: &str, id: &ast::Ident) {
        let (code, table, other_kind, other) = match which {
            "state" => (
                codes::UNKNOWN_STATE,
                &mut self.states,
                Some(&msg::E0002_IS_EVENT),
                &self.events,
            ),
            "event" => (
                codes::UNKNOWN_EVENT,
                &mut self.events,
                Some(&msg::E0003_IS_STATE),
                &self.states,
            ),
            _ => (codes::UNKNOWN_ROLE, &mut self.roles, None, &self.events),
        };
        let mut d = unknown_name(code, which, id);
        let decl = T::code(format!("{which} {} \"…\"", id.text));
        if let Some(s) = table.suggest(id.text) {
            d = d.with_help(t!(msg::DID_YOU_MEAN, name = T::code(s)));
        } else if let Some(other_kind) = other_kind.filter(|_| other.get(id.text).is_some()) {
            d = d.with_help(t!(other_kind, id = T::code(id.text)));
        } else if let Some(s) = table.related(id.text) {
            // A name that starts like another (`Shipping`, `Ship`): the other one first, then
            // how to declare it as a new one.
            d = d.with_help(near_or_declare(which, id, s, decl));
        } else if which == "role" {
            d = d.with_help(t!(
                msg::E0004_DECLARE,
                decl = T::code(format!("role {} \"…\"", id.text))
            ));
        } else {
            d = d.with_help(t!(
                msg::DECLARE_IT,
                decl = T::code(format!("{which} {} \"…\"", id.text))
            ));
        }
        self.diags.push(d);
    }

    fn state(&mut self, id: &ast::Ident) -> Option<StateIx> {
        match self.states.get(id.text) {
            Some(i) => Some(StateIx(i)),
            None => {
                self.unknown("state", id);
                None
            }
        }
    }

    fn event(&mut self, id: &ast::Ident) -> Option<EventIx> {
        match self.events.get(id.text) {
            Some(i) => Some(EventIx(i)),
            None => {
                self.unknown("event", id);
                None
            }
        }
    }

    fn role(&mut self, id: &ast::Ident) -> Option<RoleIx> {
        match self.roles.get(id.text) {
            Some(i) => Some(RoleIx(i)),
            None => {
                self.unknown("role", id);
                None
            }
        }
    }

    fn roles(&mut self, ids: &[ast::Ident]) -> Option<Vec<RoleIx>> {
        let mut out = Vec::new();
        let mut ok = true;
        for id in ids {
            match self.role(id) {
                Some(r) if !out.contains(&r) => out.push(r),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn delay(&mut self, d: &ast::Delay) -> Option<u64> {
        match check_delay(d) {
            Ok(s) => Some(s),
            Err(e) => {
                self.diags.push(*e);
                None
            }
        }
    }

    /// The codes as written, minus numbers too large to keep (reported).
    fn code_values(&mut self, lits: &[ast::CodeLit]) -> (Vec<Code>, Vec<Span>) {
        let mut out = Vec::new();
        let mut spans = Vec::new();
        for c in lits {
            match &c.value {
                ast::CodeValue::Int(i) => {
                    out.push(Code::Int(*i));
                    spans.push(c.span);
                }
                ast::CodeValue::Str(t) => {
                    out.push(Code::Str(t.clone()));
                    spans.push(c.span);
                }
                ast::CodeValue::Overflow => self.diags.push(
                    Diagnostic::error(
                        codes::SYNTAX,
                        t!(msg::E0001_CODE_TOO_LARGE),
                        c.span,
                        t!(msg::E0001_CODE_64),
                    )
                    .with_help(t!(msg::E0001_CODE_HELP)),
                ),
            }
        }
        (out, spans)
    }

    /// A code system's name must not be `main` (the `code …` system's name on the command
    /// line) nor a word of the spec language; reports it and answers `false` if it is.
    fn system_name_ok(&mut self, id: &ast::Ident<'a>) -> bool {
        let word = id.text;
        let reserved = word == "main"
            || word == "codes"
            || word == "shared"
            || crate::syntax::is_keyword(word);
        if reserved {
            let message = if word == "main" {
                t!(msg::E0028_MAIN)
            } else {
                t!(msg::E0028_KEYWORD, word = T::code(word))
            };
            self.diags.push(
                Diagnostic::error(
                    codes::RESERVED_SYSTEM,
                    message,
                    id.span,
                    t!(msg::E0028_LABEL),
                )
                .with_help(t!(
                    msg::E0028_HELP,
                    example = T::code(format!("codes {word}_sys \"…\""))
                )),
            );
        }
        !reserved
    }

    /// A state's codes in other systems, resolved; unknown systems and a system named twice
    /// are reported.
    fn system_codes(&mut self, s: &ast::StateDecl<'a>) -> Vec<SystemCodes> {
        let mut out: Vec<SystemCodes> = Vec::new();
        let mut first_span: HashMap<usize, Span> = HashMap::new();
        for sc in &s.systems {
            let Some(ix) = self.systems.get(sc.system.text).map(|i| i as usize) else {
                // A declaration refused for its name was reported once already.
                if !self.refused_systems.contains(&sc.system.text) {
                    self.unknown_system(&sc.system);
                }
                continue;
            };
            if let Some(first) = first_span.get(&ix) {
                self.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ID,
                        t!(
                            msg::E0005_SYSTEM_TWICE,
                            system = T::code(sc.system.text),
                            state = T::code(s.id.text)
                        ),
                        sc.system.span,
                        t!(msg::E0005_AGAIN),
                    )
                    .with_secondary(*first, t!(msg::FIRST_LISTED_HERE))
                    .with_help(t!(
                        msg::E0005_SYSTEM_HELP,
                        example = T::code(format!("{} 1, 2", sc.system.text))
                    )),
                );
                continue;
            }
            first_span.insert(ix, sc.system.span);
            let (codes_, code_spans) = self.code_values(&sc.codes);
            out.push(SystemCodes {
                system: ix,
                codes: codes_,
                code_spans,
                shared: sc.shared.is_some(),
                none: sc.none.is_some(),
                span: sc.span,
            });
        }
        out
    }

    fn unknown_system(&mut self, id: &ast::Ident) {
        let mut d = Diagnostic::error(
            codes::UNKNOWN_SYSTEM,
            t!(msg::E0027_MESSAGE, system = T::code(id.text)),
            id.span,
            t!(msg::E0027_LABEL),
        );
        if let Some(s) = self.systems.suggest(id.text) {
            d = d.with_help(t!(msg::DID_YOU_MEAN, name = T::code(s)));
        } else if let Some(s) = self.systems.related(id.text) {
            let decl = T::code(format!("codes {} \"…\"", id.text));
            d = d.with_help(near_or_declare("code system", id, s, decl));
        } else {
            d = d.with_help(t!(
                msg::E0027_DECLARE,
                decl = T::code(format!("codes {} \"…\"", id.text))
            ));
        }
        self.diags.push(d);
    }

    fn machine(mut self, am: &ast::Machine<'a>) -> Machine {
        self.m.id = name(&am.id);
        self.m.label = am.label.as_ref().map(text);
        self.m.doc = am.doc.clone();
        self.m.span = am.span;

        // Code systems first: state lines name them.
        for member in &am.members {
            if let ast::MemberKind::Codes(d) = &member.kind {
                if !self.system_name_ok(&d.id) {
                    self.refused_systems.push(d.id.text);
                    continue;
                }
                if self.systems.define(&d.id, self.diags).is_some() {
                    self.m.code_systems.push(CodeSystem {
                        id: name(&d.id),
                        label: d.label.as_ref().map(text),
                        doc: member.doc.clone(),
                        span: member.span,
                    });
                }
            }
        }

        // Pass 1: declarations, so that order in the file does not matter.
        for member in &am.members {
            match &member.kind {
                ast::MemberKind::Role(d) => {
                    if let Some((id, label, doc, span)) =
                        self.declare(&d.id, &d.label, member, Kind::Role)
                    {
                        self.m.roles.push(Role {
                            id,
                            label,
                            doc,
                            span,
                        });
                    }
                }
                ast::MemberKind::Guard(d) => {
                    if let Some((id, description, doc, span)) =
                        self.declare(&d.id, &d.label, member, Kind::Guard)
                    {
                        self.m.guards.push(Guard {
                            id,
                            description,
                            doc,
                            span,
                        });
                    }
                }
                ast::MemberKind::Action(d) => {
                    if let Some((id, description, doc, span)) =
                        self.declare(&d.id, &d.label, member, Kind::Action)
                    {
                        self.m.actions.push(Action {
                            id,
                            description,
                            doc,
                            span,
                        });
                    }
                }
                ast::MemberKind::State(s) => {
                    let defined = self.states.define(&s.id, self.diags).is_some();
                    if defined {
                        let (codes_, code_spans) = self.code_values(&s.codes);
                        if let Some(span) = s.shared {
                            self.diags.push(
                                Diagnostic::error(
                                    codes::SHARED_MAIN_CODE,
                                    t!(msg::E0029_MESSAGE, state = T::code(s.id.text)),
                                    span,
                                    t!(msg::E0029_LABEL),
                                )
                                .with_help(t!(msg::E0029_HELP)),
                            );
                        }
                        let system_codes = self.system_codes(s);
                        self.m.states.push(State {
                            id: name(&s.id),
                            label: s.label.as_ref().map(text),
                            doc: member.doc.clone(),
                            initial: s.initial.is_some(),
                            is_final: s.final_.is_some(),
                            codes: codes_,
                            code_spans,
                            system_codes,
                            span: member.span,
                        });
                    }
                }
                _ => {}
            }
        }
        // Events need the roles.
        for member in &am.members {
            if let ast::MemberKind::Event(e) = &member.kind {
                let roles = self.roles(&e.roles).unwrap_or_default();
                let mut fields: Vec<Field> = Vec::new();
                for f in &e.payload {
                    if let Some(first) = fields.iter().find(|x| x.name.text == f.name.text) {
                        self.diags.push(
                            Diagnostic::error(
                                codes::DUPLICATE_ID,
                                t!(
                                    msg::E0005_FIELD,
                                    field = T::code(f.name.text),
                                    event = T::code(e.id.text)
                                ),
                                f.name.span,
                                t!(msg::E0005_AGAIN),
                            )
                            .with_secondary(first.name.span, t!(msg::FIRST_DEFINED_HERE)),
                        );
                        continue;
                    }
                    fields.push(Field {
                        name: name(&f.name),
                        ty: text(&f.ty),
                        doc: f.doc.clone(),
                    });
                }
                if self.events.define(&e.id, self.diags).is_some() {
                    self.m.events.push(Event {
                        id: name(&e.id),
                        label: e.label.as_ref().map(text),
                        doc: member.doc.clone(),
                        roles,
                        payload: fields,
                        span: member.span,
                    });
                }
            }
        }
        self.duplicate_labels();
        self.initial(am);

        // Pass 2: transitions, notes, scenarios, in file order.
        let lines = am
            .members
            .iter()
            .filter(|m| matches!(m.kind, ast::MemberKind::Transition(_)))
            .count();
        self.m.transitions.reserve_exact(lines);
        let non_final: Vec<StateIx> = self
            .m
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_final)
            .map(|(i, _)| StateIx(i as u32))
            .collect();
        for member in &am.members {
            match &member.kind {
                ast::MemberKind::Transition(t) => {
                    if let Some(t) = self.transition(t, member, &non_final) {
                        self.m.transitions.push(t);
                    }
                }
                ast::MemberKind::Note(n) => self.m.notes.push(Note {
                    text: text(n),
                    doc: member.doc.clone(),
                }),
                _ => {}
            }
        }
        for member in &am.members {
            if let ast::MemberKind::Scenario(s) = &member.kind {
                if let Some(s) = self.scenario(s, member) {
                    self.m.scenarios.push(s);
                }
            }
        }
        for member in &am.members {
            if let ast::MemberKind::Rule(r) = &member.kind {
                if let Some(r) = self.rule(r, member) {
                    self.m.rules.push(r);
                }
            }
        }
        self.m
    }

    fn duplicate_labels(&mut self) {
        let states = self.m.states.iter().map(|s| (&s.id, &s.label));
        let events = self.m.events.iter().map(|e| (&e.id, &e.label));
        let mut found = labels_used_twice(states, &msg::E0006_STATES, &msg::E0006_STATES_HELP);
        found.extend(labels_used_twice(
            events,
            &msg::E0006_EVENTS,
            &msg::E0006_EVENTS_HELP,
        ));
        self.diags.extend(found);
    }

    fn initial(&mut self, am: &ast::Machine) {
        let initials: Vec<usize> = self
            .m
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.initial)
            .map(|(i, _)| i)
            .collect();
        match initials.as_slice() {
            [] => {
                let first = self.m.states.first().map(|s| s.id.text.clone());
                let mut d = Diagnostic::error(
                    codes::NO_INITIAL,
                    t!(msg::E0007_MESSAGE, machine = T::code(am.id.text)),
                    am.id.span,
                    t!(msg::E0007_LABEL),
                );
                if let Some(f) = first {
                    d = d.with_help(t!(
                        msg::E0007_HELP,
                        example = T::code(format!("state {f} \"…\" initial"))
                    ));
                }
                self.diags.push(d);
            }
            [one] => self.m.initial = Some(StateIx(*one as u32)),
            [first, rest @ ..] => {
                self.m.initial = Some(StateIx(*first as u32));
                let f = &self.m.states[*first];
                for &r in rest {
                    let s = &self.m.states[r];
                    self.diags.push(
                        Diagnostic::error(
                            codes::SEVERAL_INITIAL,
                            t!(msg::E0008_MESSAGE, machine = T::code(am.id.text)),
                            s.id.span,
                            t!(msg::E0008_LABEL, state = T::code(&s.id.text)),
                        )
                        .with_secondary(
                            f.id.span,
                            t!(msg::E0008_ALREADY, state = T::code(&f.id.text)),
                        )
                        .with_help(t!(msg::E0008_HELP)),
                    );
                }
            }
        }
    }

    fn transition(
        &mut self,
        t: &ast::TransitionDecl<'a>,
        member: &ast::Member,
        non_final: &[StateIx],
    ) -> Option<Transition> {
        let mut ok = true;
        let (sources, source_spans, from_any) = match &t.sources {
            ast::Sources::Any(_) => (non_final.to_vec(), Vec::new(), true),
            ast::Sources::List(list) => {
                let mut v = Vec::new();
                let mut spans = Vec::new();
                for s in list {
                    match self.state(s) {
                        Some(ix) if !v.contains(&ix) => {
                            v.push(ix);
                            spans.push(s.span);
                        }
                        Some(_) => {}
                        None => ok = false,
                    }
                }
                (v, spans, false)
            }
        };
        // `None`: unknown target (reported); `Some(None)`: a line that keeps the state.
        let target = match &t.target {
            None => Some(None),
            Some(id) => self.state(id).map(Some),
        };
        // `None`: the trigger names something unknown (reported). The guard and the actions
        // are still read below: a name this line introduces or uses must not look unknown
        // to a later line or scenario because of this line's mistake.
        let trigger = match &t.trigger {
            ast::TriggerDecl::On { event, roles } => 'on: {
                let ev = self.event(event);
                let narrowed = self.roles(roles);
                let (Some(ev), Some(narrowed)) = (ev, narrowed) else {
                    break 'on None;
                };
                let allowed = &self.m.events[ev.index()].roles;
                if !allowed.is_empty() {
                    for (r, id) in narrowed.iter().zip(roles) {
                        if !allowed.contains(r) {
                            let names: Vec<&str> = allowed
                                .iter()
                                .map(|a| self.m.roles[a.index()].id.text.as_str())
                                .collect();
                            self.diags.push(
                                Diagnostic::error(
                                    codes::ROLE_NOT_OF_EVENT,
                                    t!(
                                        msg::E0021_MESSAGE,
                                        role = T::code(id.text),
                                        event = T::code(event.text)
                                    ),
                                    id.span,
                                    t!(msg::E0021_LABEL),
                                )
                                .with_secondary(
                                    self.m.events[ev.index()].span,
                                    t!(msg::E0021_LISTED),
                                )
                                .with_help(t!(
                                    msg::E0021_HELP,
                                    roles = T::Join(names.iter().map(T::code).collect()),
                                    role = T::code(id.text)
                                )),
                            );
                            ok = false;
                        }
                    }
                }
                Some((
                    Trigger::Event {
                        event: ev,
                        span: event.span,
                    },
                    narrowed,
                ))
            }
            ast::TriggerDecl::After { delay, label } => self.delay(delay).map(|secs| {
                (
                    Trigger::Timeout {
                        seconds: secs,
                        written: delay.text.to_string(),
                        label: label.as_ref().map(|l| Box::new(text(l))),
                        span: delay.span,
                    },
                    Vec::new(),
                )
            }),
        };
        let guard = match &t.guard {
            None => None,
            Some((g, desc)) => {
                self.lined_guards.insert(g.text);
                let ix = match self.guards.get(g.text) {
                    Some(i) => {
                        let existing = &self.m.guards[i as usize];
                        if let (Some(d), Some(e)) = (desc, &existing.description) {
                            if d.text != e.text {
                                self.diags.push(
                                    Diagnostic::warning(
                                        codes::GUARD_DESCRIBED_TWICE,
                                        t!(msg::W0008_MESSAGE, guard = T::code(g.text)),
                                        d.span,
                                        t!(msg::W0008_LABEL),
                                    )
                                    .with_secondary(e.span, t!(msg::W0008_FIRST))
                                    .with_help(t!(msg::W0008_HELP)),
                                );
                            }
                        } else if existing.description.is_none() {
                            self.m.guards[i as usize].description = desc.as_ref().map(text);
                        }
                        GuardIx(i)
                    }
                    None => {
                        let i = self.guards.define(g, self.diags)?;
                        self.m.guards.push(Guard {
                            id: name(g),
                            description: desc.as_ref().map(text),
                            doc: None,
                            span: g.span,
                        });
                        GuardIx(i)
                    }
                };
                Some(GuardUse {
                    guard: ix,
                    description: desc.as_ref().map(|d| Box::new(text(d))),
                    span: g.span,
                })
            }
        };
        let mut actions = Vec::new();
        for a in &t.actions {
            let ix = match self.actions.get(a.text) {
                Some(i) => ActionIx(i),
                None => {
                    let i = self.actions.define(a, self.diags)?;
                    self.m.actions.push(Action {
                        id: name(a),
                        description: None,
                        doc: None,
                        span: a.span,
                    });
                    ActionIx(i)
                }
            };
            actions.push(ix);
        }
        let target = target?;
        let (trigger, roles) = trigger?;
        if !ok {
            return None;
        }
        Some(Transition {
            sources,
            source_spans,
            from_any,
            target,
            target_span: t.target.as_ref().map(|id| id.span),
            trigger,
            roles,
            guard,
            actions,
            note: t.note.as_ref().map(|n| Box::new(text(n))),
            doc: member.doc.clone(),
            span: member.span,
        })
    }

    fn guard_outcomes(
        &mut self,
        guards: &[(ast::Ident, bool)],
        ok: &mut bool,
    ) -> Vec<(GuardIx, bool)> {
        if let Some(d) = guard_answered_twice(guards) {
            self.diags.push(d);
            *ok = false;
        }
        let mut gs = Vec::new();
        for (g, val) in guards {
            // A guard some line is written with, even a line left out of the model for a
            // mistake of its own (reported there).
            let used = self
                .guards
                .get(g.text)
                .filter(|_| self.lined_guards.contains(g.text));
            match used {
                Some(i) => gs.push((GuardIx(i), *val)),
                None => {
                    *ok = false;
                    let known: Vec<String> =
                        self.guards.order.iter().map(|s| s.to_string()).collect();
                    let d = match self.guards.get(g.text) {
                        // Declared, but no line asks it: it is not unknown.
                        Some(_) => Diagnostic::error(
                            codes::UNKNOWN_GUARD,
                            t!(msg::E0017_UNUSED, guard = T::code(g.text)),
                            g.span,
                            t!(msg::E0017_LABEL),
                        )
                        .with_help(t!(msg::E0017_UNUSED_HELP)),
                        None => unknown_guard(g, &known),
                    };
                    self.diags.push(d);
                }
            }
        }
        gs
    }

    /// Resolve every state a rule names (each unknown one reported), or `None`.
    fn rule(&mut self, r: &ast::RuleDecl, member: &ast::Member) -> Option<Rule> {
        let mut ok = true;
        let mut one = |this: &mut Self, id: &ast::Ident| {
            let s = this.state(id);
            ok &= s.is_some();
            s.unwrap_or(StateIx(0))
        };
        let kind = match &r.kind {
            ast::RuleKindDecl::Never { from, targets } => RuleKind::Never {
                from: one(self, from),
                targets: targets.iter().map(|t| one(self, t)).collect(),
            },
            ast::RuleKindDecl::Always { from, targets } => RuleKind::Always {
                from: one(self, from),
                targets: targets.iter().map(|t| one(self, t)).collect(),
            },
            ast::RuleKindDecl::Via { targets, via } => RuleKind::Via {
                targets: targets.iter().map(|t| one(self, t)).collect(),
                via: via.iter().map(|t| one(self, t)).collect(),
            },
        };
        ok.then(|| Rule {
            name: text(&r.name),
            doc: member.doc.clone(),
            kind,
            body: r.body,
            span: member.span,
        })
    }

    fn scenario(&mut self, s: &ast::ScenarioDecl, member: &ast::Member) -> Option<Scenario> {
        let mut ok = true;
        let from = match &s.from {
            Some(f) => {
                let r = self.state(f);
                ok &= r.is_some();
                r
            }
            None => None,
        };
        let mut steps = Vec::new();
        for st in &s.steps {
            let input = match &st.input {
                ast::StepInputDecl::Event {
                    event,
                    actor,
                    guards,
                } => {
                    let ev = self.event(event);
                    let actor = match actor {
                        Some(a) => {
                            let r = self.role(a);
                            ok &= r.is_some();
                            r
                        }
                        None => None,
                    };
                    let gs = self.guard_outcomes(guards, &mut ok);
                    match ev {
                        Some(event) => StepInput::Event {
                            event,
                            actor,
                            guards: gs,
                        },
                        None => {
                            ok = false;
                            continue;
                        }
                    }
                }
                ast::StepInputDecl::Wait { delay: d, guards } => match self.delay(d) {
                    Some(seconds) => StepInput::Wait {
                        seconds,
                        written: d.text.to_string(),
                        guards: self.guard_outcomes(guards, &mut ok),
                    },
                    None => {
                        ok = false;
                        continue;
                    }
                },
            };
            let expect = match &st.expect {
                None => None,
                Some(ast::ExpectDecl::Rejected { span, still }) => {
                    let still = match still {
                        Some(id) => {
                            let r = self.state(id);
                            ok &= r.is_some();
                            r
                        }
                        None => None,
                    };
                    Some(Expect::Rejected { span: *span, still })
                }
                Some(ast::ExpectDecl::State(id)) => match self.state(id) {
                    Some(state) => Some(Expect::State {
                        state,
                        span: id.span,
                    }),
                    None => {
                        ok = false;
                        None
                    }
                },
            };
            steps.push(Step {
                input,
                expect,
                span: st.span,
            });
        }
        if let Some(last) = s.steps.last() {
            if last.expect.is_none() {
                self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_NO_OUTCOME,
                        t!(msg::E0020_MESSAGE, name = s.name.text.to_string()),
                        last.span,
                        t!(msg::E0020_LABEL),
                    )
                    .with_help(t!(msg::E0020_HELP)),
                );
                ok = false;
            }
        }
        let start = match &s.start {
            Some(ast::ExpectDecl::State(id)) => {
                let r = self.state(id);
                ok &= r.is_some();
                r.map(|state| Expect::State {
                    state,
                    span: id.span,
                })
            }
            Some(ast::ExpectDecl::Rejected { span, .. }) => {
                let from = s.from.as_ref().map(|f| f.text);
                let start = from.or_else(|| {
                    self.m
                        .states
                        .iter()
                        .find(|st| st.initial)
                        .map(|st| st.id.text.as_str())
                });
                let example = crate::scenario::scenario_text(
                    &s.name.text,
                    from,
                    &[],
                    start.unwrap_or("State"),
                );
                self.diags.push(
                    Diagnostic::error(
                        codes::SCENARIO_NO_OUTCOME,
                        t!(msg::E0020_NO_STEPS, name = s.name.text.to_string()),
                        *span,
                        t!(msg::E0020_NO_STEPS_LABEL),
                    )
                    .with_help(t!(msg::E0020_NO_STEPS_HELP, example = T::code(example))),
                );
                ok = false;
                None
            }
            None => None,
        };
        ok.then(|| Scenario {
            name: text(&s.name),
            doc: member.doc.clone(),
            from,
            steps,
            start,
            span: member.span,
        })
    }
}

/// Resolve steps written on a command line (`Pay, Ship by seller, after 30m`) against a
/// resolved machine. Spans in the diagnostics point into `text`.
pub fn resolve_steps(m: &Machine, text: &str) -> Result<Vec<Step>, Vec<Diagnostic>> {
    let decls = crate::syntax::parse_steps(text)?;
    let mut diags = Vec::new();
    let mut steps = Vec::new();
    let unknown = |kind: &str, code: &'static str, id: &ast::Ident, names: Vec<&str>| {
        let mut near = Suggester::new(names.iter().copied());
        let near = near.suggest(id.text).or_else(|| near.related(id.text));
        unknown_name(code, kind, id).with_help(match near {
            Some(s) => t!(msg::DID_YOU_MEAN, name = T::code(s)),
            None => t!(
                msg::ITEMS_OF,
                kinds = kinds_msg(kind),
                machine = T::code(&m.id.text),
                names = T::Join(names.iter().map(|n| T::Lit(n.to_string())).collect())
            ),
        })
    };
    for st in &decls {
        let input = match &st.input {
            ast::StepInputDecl::Event {
                event,
                actor,
                guards,
            } => {
                let Some(ev) = m.event_ix(event.text) else {
                    diags.push(unknown(
                        "event",
                        codes::UNKNOWN_EVENT,
                        event,
                        m.events.iter().map(|e| e.id.text.as_str()).collect(),
                    ));
                    continue;
                };
                let actor = match actor {
                    None => None,
                    Some(a) => match m.role_ix(a.text) {
                        Some(r) => Some(r),
                        None => {
                            diags.push(unknown(
                                "role",
                                codes::UNKNOWN_ROLE,
                                a,
                                m.roles.iter().map(|r| r.id.text.as_str()).collect(),
                            ));
                            continue;
                        }
                    },
                };
                StepInput::Event {
                    event: ev,
                    actor,
                    guards: machine_guards(m, guards, &mut diags),
                }
            }
            ast::StepInputDecl::Wait { delay: d, guards } => match check_delay(d) {
                Ok(seconds) => StepInput::Wait {
                    seconds,
                    written: d.text.to_string(),
                    guards: machine_guards(m, guards, &mut diags),
                },
                Err(e) => {
                    diags.push(*e);
                    continue;
                }
            },
        };
        let expect = match &st.expect {
            None => None,
            Some(ast::ExpectDecl::Rejected { span, still }) => {
                let still = match still {
                    None => None,
                    Some(id) => match m.state_ix(id.text) {
                        Some(s) => Some(s),
                        None => {
                            diags.push(unknown(
                                "state",
                                codes::UNKNOWN_STATE,
                                id,
                                m.states.iter().map(|s| s.id.text.as_str()).collect(),
                            ));
                            continue;
                        }
                    },
                };
                Some(Expect::Rejected { span: *span, still })
            }
            Some(ast::ExpectDecl::State(id)) => match m.state_ix(id.text) {
                Some(state) => Some(Expect::State {
                    state,
                    span: id.span,
                }),
                None => {
                    diags.push(unknown(
                        "state",
                        codes::UNKNOWN_STATE,
                        id,
                        m.states.iter().map(|s| s.id.text.as_str()).collect(),
                    ));
                    continue;
                }
            },
        };
        steps.push(Step {
            input,
            expect,
            span: st.span,
        });
    }
    if diags.is_empty() {
        Ok(steps)
    } else {
        Err(diags)
    }
}

/// A step that gives one guard two different answers (`Pay [paid, not paid]`).
fn guard_answered_twice(guards: &[(ast::Ident, bool)]) -> Option<Diagnostic> {
    guards.iter().enumerate().find_map(|(i, (g, v))| {
        let (first, _) = guards[..i]
            .iter()
            .find(|(f, fv)| f.text == g.text && fv != v)?;
        let written = |yes: bool| {
            if yes {
                T::code(g.text)
            } else {
                T::code(format!("not {}", g.text))
            }
        };
        Some(
            Diagnostic::error(
                codes::GUARD_ANSWERED_TWICE,
                t!(msg::E0023_MESSAGE, guard = T::code(g.text)),
                g.span,
                t!(msg::E0023_HERE, answer = written(*v)),
            )
            .with_secondary(first.span, t!(msg::E0023_FIRST, answer = written(!*v)))
            .with_help(t!(
                msg::E0023_HELP,
                yes = written(true),
                no = written(false)
            )),
        )
    })
}

fn machine_guards(
    m: &Machine,
    guards: &[(ast::Ident, bool)],
    diags: &mut Vec<Diagnostic>,
) -> Vec<(GuardIx, bool)> {
    if let Some(d) = guard_answered_twice(guards) {
        diags.push(d);
    }
    let names: Vec<String> = m.guards.iter().map(|g| g.id.text.clone()).collect();
    let mut out = Vec::new();
    for (g, v) in guards {
        match m.guard_ix(g.text) {
            Some(ix) => out.push((ix, *v)),
            None => diags.push(unknown_guard(g, &names)),
        }
    }
    out
}

fn unknown_guard(g: &ast::Ident, known: &[String]) -> Diagnostic {
    let mut near = Suggester::new(known.iter().map(String::as_str));
    let help = match near.suggest(g.text).or_else(|| near.related(g.text)) {
        Some(x) => t!(msg::DID_YOU_MEAN, name = T::code(x)),
        None if known.is_empty() => t!(msg::E0017_NO_GUARDS),
        None => t!(
            msg::E0017_GUARDS,
            guards = T::Join(known.iter().map(T::code).collect())
        ),
    };
    Diagnostic::error(
        codes::UNKNOWN_GUARD,
        t!(msg::E0017_MESSAGE, guard = T::code(g.text)),
        g.span,
        t!(msg::E0017_LABEL),
    )
    .with_help(help)
}

/// A delay in seconds, or why it cannot be used: zero, or more than 100 years.
fn check_delay(d: &ast::Delay) -> Result<u64, Box<Diagnostic>> {
    match parse_duration(d.text) {
        Some(0) => Err(Box::new(
            Diagnostic::error(
                codes::BAD_DURATION,
                t!(msg::E0018_ZERO),
                d.span,
                t!(msg::E0018_ZERO_LABEL),
            )
            .with_help(t!(msg::E0018_ZERO_HELP)),
        )),
        Some(s) if s <= 100 * 365 * 86_400 => Ok(s),
        _ => Err(Box::new(
            Diagnostic::error(
                codes::BAD_DURATION,
                t!(msg::E0018_LARGE, delay = T::code(d.text)),
                d.span,
                t!(msg::E0018_LARGE_LABEL),
            )
            .with_help(t!(msg::E0018_LARGE_HELP)),
        )),
    }
}

/// The help of an unknown name that starts like a defined one: that one first, then how the
/// name is declared as a new one (`decl`).
fn near_or_declare(kind: &str, id: &ast::Ident, near: &str, decl: T) -> T {
    t!(
        msg::NEAR_OR_DECLARE,
        name = T::code(near),
        id = T::code(id.text),
        kind = kind_msg(kind),
        decl = decl
    )
}

/// "unknown state `Shiped`", its label, for E0002, E0003 and E0004.
fn unknown_name(code: &'static str, kind: &str, id: &ast::Ident) -> Diagnostic {
    Diagnostic::error(
        code,
        t!(
            msg::UNKNOWN_NAME,
            kind = kind_msg(kind),
            id = T::code(id.text)
        ),
        id.span,
        t!(
            msg::NO_SUCH_NAME,
            kind = kind_msg(kind),
            id = T::code(id.text)
        ),
    )
}

/// E0006 for each label a second item of one kind uses: states and events each have their
/// own labels.
fn labels_used_twice<'a>(
    items: impl Iterator<Item = (&'a Name, &'a Option<Text>)>,
    message: &'static Msg,
    help: &'static Msg,
) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, (&str, Span)> = HashMap::new();
    let mut out = Vec::new();
    for (id, label) in items {
        let Some(l) = label else { continue };
        match seen.get(l.text.as_str()) {
            Some((first_id, first)) => out.push(
                Diagnostic::error(
                    codes::DUPLICATE_LABEL,
                    t!(
                        message,
                        first = T::code(first_id),
                        second = T::code(&id.text),
                        label = &l.text
                    ),
                    l.span,
                    t!(msg::E0006_AGAIN),
                )
                .with_secondary(*first, t!(msg::E0006_FIRST))
                .with_help(t!(help)),
            ),
            None => {
                seen.insert(&l.text, (&id.text, l.span));
            }
        }
    }
    out
}
