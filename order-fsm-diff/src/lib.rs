//! Two versions of a spec compared by behaviour (`order-fsm diff`).
//!
//! Machines and states are matched by id; an OLD and a NEW state left over that share their
//! main status code are one state renamed. Events, roles and guards are matched by id.
//!
//! For every matched state, event and actor the decision is the interpreter's first-match
//! list of candidate lines ([`Interpreter::candidates`], its role check and the lines
//! [`Liveness`] says can be taken: dead lines count as absent). A list of k guarded lines
//! splits the guard answers into k + 1 regions ("g1 no, g2 yes"); OLD's and NEW's regions are
//! intersected pairwise, so a difference is reported with its condition and 2^k answers are
//! never enumerated. Timeouts are compared the same way at every delay where a timeout of
//! either version becomes due.
//!
//! Each finding has a level, defined on decisions, and a stable id
//! `<kind>:<machine>:<subject>`:
//! - *breaking*: a state removed, its main code changed or reused by another state; an event
//!   removed or its payload changed; a decision possible before and impossible now for an
//!   actor; the initial state changed; a machine removed;
//! - *dangerous*: a decision possible under fewer guard answers than before; changed actions;
//!   a timeout added, removed, shortened, lengthened or otherwise changed; `final` changed;
//!   a state's codes in another system (`legacy 5 shared`) changed, or a code system no
//!   longer listed (stored orders keep the main code only; the translations change);
//! - *safe*: newly possible decisions, new states, events, roles and guards, renames by code,
//!   a code system newly listed, labels, docs and notes.
//!
//! Every word of a finding comes from the message catalogue (`order_fsm_core::msg`): a
//! finding keeps its words as a [`Text`], put into the reader's language when shown
//! (`text.render(Lang::Zh)`); the JSON of a finding carries both languages.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Serialize, Serializer};

use order_fsm_core::analysis::Analysis;
use order_fsm_core::duration::format_seconds;
use order_fsm_core::interp::Interpreter;
use order_fsm_core::liveness::Liveness;
use order_fsm_core::model::{codes_equal, EventIx, Machine, RoleIx, Spec, StateIx, TransitionIx};
use order_fsm_core::msg::{self, Lang, Msg, Text};
use order_fsm_core::t;

/// How much a finding matters. Ordered: `Safe < Dangerous < Breaking`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Safe,
    Dangerous,
    Breaking,
}

impl Level {
    /// The level as an identifier (`safe`, `dangerous`, `breaking`): in JSON and in the
    /// review page's classes, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Level::Safe => "safe",
            Level::Dangerous => "dangerous",
            Level::Breaking => "breaking",
        }
    }

    fn msg(self) -> &'static Msg {
        match self {
            Level::Safe => &msg::DIFF_SAFE,
            Level::Dangerous => &msg::DIFF_DANGEROUS,
            Level::Breaking => &msg::DIFF_BREAKING,
        }
    }

    /// The level's name in words.
    pub fn text(self) -> Text {
        Text::from(self.msg())
    }

    /// The level's name in `lang`: `breaking`, `破坏性`.
    pub fn word(self, lang: Lang) -> &'static str {
        self.msg().text(lang)
    }
}

/// A guard answer in a condition: (guard id, answer).
pub type Literal = (String, bool);

/// One place where a finding shows: a state (and actor), under a condition on the guards,
/// with the outcome before and after.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Case {
    /// The state, by its OLD id (its NEW id when it is new).
    pub state: String,
    /// The role, when the machine has roles.
    pub role: Option<String>,
    /// The guard answers under which it holds; empty means always.
    pub when: Vec<Literal>,
    /// For timeouts: from how long in the state on (seconds).
    pub after_seconds: Option<u64>,
    pub before: String,
    pub after: String,
}

/// One difference between the two versions. As JSON, its text is `message` (English) and
/// `message_zh` (Chinese).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// `<kind>:<machine>:<subject>`, stable across runs, for `--accept`.
    pub id: String,
    pub kind: &'static str,
    pub level: Level,
    pub machine: String,
    pub subject: String,
    /// What changed, in plain words.
    pub text: Text,
    /// Where it shows in behaviour (decision and timeout findings).
    pub cases: Vec<Case>,
    /// The OLD states whose stored orders it concerns (for `--counts`).
    pub states: Vec<String>,
    /// Stored orders in those states, when counts were given.
    pub orders: Option<u64>,
    /// Recorded as intended with `--accept`.
    pub accepted: bool,
}

/// A finding as JSON: its text in both languages.
#[derive(Serialize)]
struct FindingJson<'a> {
    id: &'a str,
    kind: &'static str,
    level: Level,
    machine: &'a str,
    subject: &'a str,
    message: String,
    message_zh: String,
    cases: &'a [Case],
    states: &'a [String],
    orders: Option<u64>,
    accepted: bool,
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FindingJson {
            id: &self.id,
            kind: self.kind,
            level: self.level,
            machine: &self.machine,
            subject: &self.subject,
            message: self.text.render(Lang::En),
            message_zh: self.text.render(Lang::Zh),
            cases: &self.cases,
            states: &self.states,
            orders: self.orders,
            accepted: self.accepted,
        }
        .serialize(serializer)
    }
}

/// Compares two specs. Findings are sorted by machine, level (breaking first) and id.
pub fn diff(old: &Spec, new: &Spec) -> Vec<Finding> {
    let mut out = Vec::new();
    for om in &old.machines {
        match new.machine(&om.id.text) {
            Some(nm) => machine(om, nm, &mut out),
            None => out.push(finding(
                "machine-removed",
                Level::Breaking,
                &om.id.text,
                &om.id.text,
                t!(msg::DIFF_MACHINE_REMOVED, machine = label_of(om)),
                om.states.iter().map(|s| s.id.text.clone()).collect(),
            )),
        }
    }
    for nm in &new.machines {
        if old.machine(&nm.id.text).is_none() {
            out.push(finding(
                "machine-added",
                Level::Safe,
                &nm.id.text,
                &nm.id.text,
                t!(msg::DIFF_MACHINE_ADDED, machine = label_of(nm)),
                Vec::new(),
            ));
        }
    }
    sort(&mut out);
    out
}

/// Orders findings by machine, level (breaking first) and id.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.machine.as_str(),
            std::cmp::Reverse(a.level),
            a.id.as_str(),
        )
            .cmp(&(
                b.machine.as_str(),
                std::cmp::Reverse(b.level),
                b.id.as_str(),
            ))
    });
}

fn label_of(m: &Machine) -> String {
    match &m.label {
        Some(l) => format!("{} ({})", l.text, m.id.text),
        None => m.id.text.clone(),
    }
}

fn finding(
    kind: &'static str,
    level: Level,
    machine: &str,
    subject: &str,
    text: Text,
    states: Vec<String>,
) -> Finding {
    Finding {
        id: format!("{kind}:{machine}:{subject}"),
        kind,
        level,
        machine: machine.to_string(),
        subject: subject.to_string(),
        text,
        cases: Vec::new(),
        states,
        orders: None,
        accepted: false,
    }
}

/// A state shown to people: `待发货 (Paid)`.
fn state_name(m: &Machine, ix: StateIx) -> String {
    let s = m.state(ix);
    match &s.label {
        Some(l) => format!("{} ({})", l.text, s.id.text),
        None => s.id.text.clone(),
    }
}

/// The states, events and roles of one machine by id, and its states by main code, looked up
/// once so that comparing two versions stays linear in their size.
struct Ids<'m> {
    states: HashMap<&'m str, StateIx>,
    events: HashMap<&'m str, EventIx>,
    roles: HashMap<&'m str, RoleIx>,
    /// Main code (by [`order_fsm_core::model::Code::key`]) → the states that have it, in spec order.
    codes: HashMap<Cow<'m, str>, Vec<StateIx>>,
}

impl<'m> Ids<'m> {
    fn new(m: &'m Machine) -> Self {
        let mut codes: HashMap<Cow<'m, str>, Vec<StateIx>> = HashMap::new();
        for (i, s) in m.states.iter().enumerate() {
            if let Some(c) = s.codes.first() {
                codes.entry(c.key()).or_default().push(StateIx(i as u32));
            }
        }
        Ids {
            states: m
                .states
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.text.as_str(), StateIx(i as u32)))
                .collect(),
            events: m
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.text.as_str(), EventIx(i as u32)))
                .collect(),
            roles: m
                .roles
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.text.as_str(), RoleIx(i as u32)))
                .collect(),
            codes,
        }
    }
    fn state(&self, id: &str) -> Option<StateIx> {
        self.states.get(id).copied()
    }
    fn event(&self, id: &str) -> Option<EventIx> {
        self.events.get(id).copied()
    }
    fn role(&self, id: &str) -> Option<RoleIx> {
        self.roles.get(id).copied()
    }
    /// The states whose main code is this code.
    fn with_code(&self, code: &order_fsm_core::model::Code) -> &[StateIx] {
        self.codes
            .get(code.key().as_ref())
            .map_or(&[], Vec::as_slice)
    }
}

/// OLD state → NEW state, by id, then by main code for the states left over.
struct StateMap {
    old_to_new: Vec<Option<StateIx>>,
    new_to_old: Vec<Option<StateIx>>,
    /// Whether each OLD state was matched by its main code (renamed).
    renamed: Vec<bool>,
}

fn match_states(om: &Machine, nm: &Machine) -> StateMap {
    match_states_with(om, nm, &Ids::new(nm))
}

fn match_states_with(om: &Machine, nm: &Machine, new: &Ids<'_>) -> StateMap {
    let mut old_to_new = vec![None; om.states.len()];
    let mut new_to_old = vec![None; nm.states.len()];
    for (i, s) in om.states.iter().enumerate() {
        if let Some(j) = new.state(&s.id.text) {
            old_to_new[i] = Some(j);
            new_to_old[j.index()] = Some(StateIx(i as u32));
        }
    }
    let mut renamed = vec![false; om.states.len()];
    for (i, s) in om.states.iter().enumerate() {
        if old_to_new[i].is_some() {
            continue;
        }
        let Some(code) = s.codes.first() else {
            continue;
        };
        let found = new
            .with_code(code)
            .iter()
            .copied()
            .find(|j| new_to_old[j.index()].is_none());
        if let Some(j) = found {
            old_to_new[i] = Some(j);
            new_to_old[j.index()] = Some(StateIx(i as u32));
            renamed[i] = true;
        }
    }
    StateMap {
        old_to_new,
        new_to_old,
        renamed,
    }
}

fn machine(om: &Machine, nm: &Machine, out: &mut Vec<Finding>) {
    let mid = om.id.text.as_str();
    let (old_ids, new_ids) = (Ids::new(om), Ids::new(nm));
    let map = match_states_with(om, nm, &new_ids);
    let (oa, na) = (Analysis::new(om), Analysis::new(nm));
    let (oi, ni) = (oa.interp(), na.interp());
    let (ol, nl) = (oa.live(), na.live());

    states(om, nm, &map, &new_ids, out);
    events(om, nm, &old_ids, &new_ids, out);
    named_lists(om, nm, out);

    // Decisions on events, grouped by (kind, event, target).
    let mut groups: BTreeMap<(&'static str, String, String), (Level, BTreeSet<Case>)> =
        BTreeMap::new();
    let actors = actors(om, nm);
    for (i, _) in om.states.iter().enumerate() {
        let os = StateIx(i as u32);
        let Some(ns) = map.old_to_new[i] else {
            continue;
        };
        let events: BTreeSet<&str> = oi
            .events_of(os)
            .map(|(e, _)| om.event(e).id.text.as_str())
            .chain(ni.events_of(ns).map(|(e, _)| nm.event(e).id.text.as_str()))
            .collect();
        for ev in events {
            let (Some(oe), Some(ne)) = (old_ids.event(ev), new_ids.event(ev)) else {
                continue; // an event removed or added is a finding of its own
            };
            for actor in &actors {
                let oa = actor.as_deref().and_then(|r| old_ids.role(r));
                let na = actor.as_deref().and_then(|r| new_ids.role(r));
                let old_lines = live_lines(oi, ol, os, oi.candidates(os, oe), actor, oa);
                let new_lines = live_lines(ni, nl, ns, ni.candidates(ns, ne), actor, na);
                let old_r = regions(om, &old_lines, |t| old_target(om, nm, &map, t));
                let new_r = regions(nm, &new_lines, |t| new_target(nm, t));
                compare(
                    &old_r,
                    &new_r,
                    &state_name(om, os),
                    actor,
                    None,
                    |kind, level, target, case| {
                        let g = groups
                            .entry((kind, ev.to_string(), target.to_string()))
                            .or_insert((level, BTreeSet::new()));
                        g.1.insert(case);
                    },
                );
            }
        }
    }
    // A target (a NEW id, or an OLD id for a state NEW no longer has) as people read it.
    let target_name = |id: &str| match (new_ids.state(id), old_ids.state(id)) {
        (Some(s), _) => state_name(nm, s),
        (None, Some(s)) => state_name(om, s),
        (None, None) => id.to_string(),
    };
    // OLD states by the name cases give them.
    let by_name: HashMap<String, &str> = om
        .states
        .iter()
        .map(|s| (state_name_of(s), s.id.text.as_str()))
        .collect();
    for ((kind, ev, target), (level, cases)) in groups {
        let subject = format!("{ev}->{target}");
        let ev_name = new_ids.event(&ev).map_or(ev.clone(), |e| event_name(nm, e));
        let to = if target == STAYS {
            Text::from(&msg::DIFF_OWN_STATE)
        } else {
            Text::Lit(target_name(&target))
        };
        let text = decision_text(kind, ev_name, to);
        let mut f = finding(kind, level, mid, &subject, text, Vec::new());
        f.states = state_ids(&by_name, &cases);
        f.cases = cases.into_iter().collect();
        out.push(f);
    }

    // Timeouts, per state, at every delay where one becomes due.
    for (i, _) in om.states.iter().enumerate() {
        let os = StateIx(i as u32);
        let Some(ns) = map.old_to_new[i] else {
            continue;
        };
        // Reminders are compared on their own (below): they take no decision.
        let o_lines: Vec<TransitionIx> = oi
            .timeouts(os)
            .iter()
            .copied()
            .filter(|&t| ol.is_live(os, t) && !om.transition(t).stays())
            .collect();
        let n_lines: Vec<TransitionIx> = ni
            .timeouts(ns)
            .iter()
            .copied()
            .filter(|&t| nl.is_live(ns, t) && !nm.transition(t).stays())
            .collect();
        reminders(om, nm, os, ns, (oi, ol), (ni, nl), mid, out);
        let delay = |m: &Machine, t: TransitionIx| m.transition(t).timeout_seconds().unwrap_or(0);
        let mut points: BTreeSet<u64> = o_lines.iter().map(|&t| delay(om, t)).collect();
        points.extend(n_lines.iter().map(|&t| delay(nm, t)));
        let mut tgroups: BTreeMap<String, TimeoutGroup> = BTreeMap::new();
        // The earliest delay at which each target can fire, before and after.
        for &t in &o_lines {
            let e = tgroups.entry(old_target(om, nm, &map, t).0).or_insert((
                BTreeSet::new(),
                None,
                None,
            ));
            e.1 = Some(e.1.map_or(delay(om, t), |d: u64| d.min(delay(om, t))));
        }
        for &t in &n_lines {
            let e = tgroups
                .entry(new_target(nm, t).0)
                .or_insert((BTreeSet::new(), None, None));
            e.2 = Some(e.2.map_or(delay(nm, t), |d: u64| d.min(delay(nm, t))));
        }
        for &p in &points {
            let od: Vec<TransitionIx> = o_lines
                .iter()
                .copied()
                .filter(|&t| delay(om, t) <= p)
                .collect();
            let nd: Vec<TransitionIx> = n_lines
                .iter()
                .copied()
                .filter(|&t| delay(nm, t) <= p)
                .collect();
            let old_r = regions(om, &od, |t| old_target(om, nm, &map, t));
            let new_r = regions(nm, &nd, |t| new_target(nm, t));
            compare(
                &old_r,
                &new_r,
                &state_name(om, os),
                &None,
                Some(p),
                |_, _, target, case| {
                    if let Some(g) = tgroups.get_mut(target) {
                        g.0.insert(case);
                    }
                },
            );
        }
        for (target, (cases, before, after)) in tgroups {
            let id = target;
            let target = target_name(&id);
            let (kind, text) = match (before, after) {
                (None, Some(a)) => (
                    "timeout-added",
                    t!(
                        msg::DIFF_TIMEOUT_ADDED,
                        target = target,
                        after = format_seconds(a)
                    ),
                ),
                (Some(b), None) => (
                    "timeout-removed",
                    t!(
                        msg::DIFF_TIMEOUT_REMOVED,
                        target = target,
                        before = format_seconds(b)
                    ),
                ),
                (Some(b), Some(a)) if a < b => (
                    "timeout-shortened",
                    t!(
                        msg::DIFF_TIMEOUT_SHORTENED,
                        target = target,
                        before = format_seconds(b),
                        after = format_seconds(a)
                    ),
                ),
                (Some(b), Some(a)) if a > b => (
                    "timeout-lengthened",
                    t!(
                        msg::DIFF_TIMEOUT_LENGTHENED,
                        target = target,
                        before = format_seconds(b),
                        after = format_seconds(a)
                    ),
                ),
                _ if !cases.is_empty() => (
                    "timeout-changed",
                    t!(msg::DIFF_TIMEOUT_CHANGED, target = target),
                ),
                _ => continue,
            };
            let subject = format!("{}.after->{id}", om.state(os).id.text);
            let mut f = finding(kind, Level::Dangerous, mid, &subject, text, Vec::new());
            f.states = vec![om.state(os).id.text.clone()];
            f.cases = cases.into_iter().collect();
            out.push(f);
        }
    }
}

/// The ids of the OLD states the cases are in, once each, in the order of the cases.
fn state_ids(by_name: &HashMap<String, &str>, cases: &BTreeSet<Case>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut ids: Vec<String> = Vec::new();
    for c in cases {
        if let Some(&id) = by_name.get(&c.state) {
            if seen.insert(id) {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

fn state_name_of(s: &order_fsm_core::model::State) -> String {
    match &s.label {
        Some(l) => format!("{} ({})", l.text, s.id.text),
        None => s.id.text.clone(),
    }
}

/// An event shown to people: `付款 (Pay)`.
fn event_name(m: &Machine, e: EventIx) -> String {
    let ev = m.event(e);
    match &ev.label {
        Some(l) if l.text != ev.id.text => format!("{} ({})", l.text, ev.id.text),
        _ => ev.id.text.clone(),
    }
}

/// What a decision finding says: `event` leads to `target` (a state, or its own state kept).
fn decision_text(kind: &str, event: String, target: Text) -> Text {
    let m = match kind {
        "decision-removed" => &msg::DIFF_DECISION_REMOVED,
        "decision-narrowed" => &msg::DIFF_DECISION_NARROWED,
        "actions-changed" => &msg::DIFF_ACTIONS_CHANGED,
        "decision-widened" => &msg::DIFF_DECISION_WIDENED,
        _ => &msg::DIFF_DECISION_ADDED,
    };
    t!(m, event = event, target = target)
}

/// The actors compared: every role of either version by id, or one trusted caller when
/// neither declares roles.
fn actors(om: &Machine, nm: &Machine) -> Vec<Option<String>> {
    let ids: BTreeSet<&str> = om
        .roles
        .iter()
        .chain(&nm.roles)
        .map(|r| r.id.text.as_str())
        .collect();
    if ids.is_empty() {
        vec![None]
    } else {
        ids.into_iter().map(|r| Some(r.to_string())).collect()
    }
}

/// The candidate lines this actor can take, in order; dead lines left out.
fn live_lines(
    interp: &Interpreter<'_>,
    live: &Liveness<'_>,
    state: StateIx,
    cands: &[TransitionIx],
    actor: &Option<String>,
    role: Option<order_fsm_core::model::RoleIx>,
) -> Vec<TransitionIx> {
    let m = interp.machine;
    cands
        .iter()
        .copied()
        .filter(|&t| match (actor, role) {
            // A role this version does not declare: in a version without roles every
            // caller is trusted and takes any line; in one with roles, no caller acts in
            // that role, so it takes none (a role removed loses every decision, a role
            // added gains them).
            (Some(_), None) => m.roles.is_empty(),
            _ => interp.allows(t, role),
        })
        .filter(|&t| live.is_live_for(state, t, role))
        .collect()
}

/// Per timeout target: the differing cases, and the earliest delay before and after.
type TimeoutGroup = (BTreeSet<Case>, Option<u64>, Option<u64>);

/// A live reminder: (delay, guard id, action ids, label). Two versions' reminders are
/// compared by the first three; the label only pairs a moved reminder that has no action.
type Reminder = (u64, Option<String>, Vec<String>, Option<String>);

fn live_reminders(m: &Machine, i: &Interpreter<'_>, l: &Liveness<'_>, s: StateIx) -> Vec<Reminder> {
    i.timeouts(s)
        .iter()
        .map(|&t| (t, m.transition(t)))
        .filter(|(ix, t)| t.is_reminder() && l.is_live(s, *ix))
        .map(|(_, t)| {
            (
                t.timeout_seconds().unwrap_or(0),
                t.guard.as_ref().map(|g| m.guard(g.guard).id.text.clone()),
                t.actions
                    .iter()
                    .map(|&a| m.action(a).id.text.clone())
                    .collect(),
                match &t.trigger {
                    order_fsm_core::model::Trigger::Timeout { label, .. } => {
                        label.as_ref().map(|l| l.text.clone())
                    }
                    order_fsm_core::model::Trigger::Event { .. } => None,
                },
            )
        })
        .collect()
}

/// Reminders of one state that one version has and the other has not: the same guard and
/// actions at another time is a reminder moved (for one without actions, the same guard and
/// label); other actions or another guard is one removed and one added.
#[allow(clippy::too_many_arguments)]
fn reminders(
    om: &Machine,
    nm: &Machine,
    os: StateIx,
    ns: StateIx,
    (oi, ol): (&Interpreter<'_>, &Liveness<'_>),
    (ni, nl): (&Interpreter<'_>, &Liveness<'_>),
    mid: &str,
    out: &mut Vec<Finding>,
) {
    let old = live_reminders(om, oi, ol, os);
    let new = live_reminders(nm, ni, nl, ns);
    let state = state_name(nm, ns);
    // What a reminder does, as the spec writes it: `if g then a, b` (empty for one without
    // guard or actions).
    let body = |r: &Reminder| {
        let mut parts = Vec::new();
        if let Some(g) = &r.1 {
            parts.push(format!("if {g}"));
        }
        if !r.2.is_empty() {
            parts.push(format!("then {}", r.2.join(", ")));
        }
        parts.join(" ")
    };
    // The whole reminder as the spec writes it: `after 25m then a`.
    let describe = |r: &Reminder| {
        let b = body(r);
        if b.is_empty() {
            format!("after {}", format_seconds(r.0))
        } else {
            format!("after {} {b}", format_seconds(r.0))
        }
    };
    let key = |r: &Reminder| (r.0, r.1.clone(), r.2.clone());
    let keys = |rs: &[Reminder]| rs.iter().map(key).collect::<Vec<_>>();
    let (old_keys, new_keys) = (keys(&old), keys(&new));
    let mut gone: Vec<&Reminder> = old.iter().filter(|r| !new_keys.contains(&key(r))).collect();
    let mut came: Vec<&Reminder> = new.iter().filter(|r| !old_keys.contains(&key(r))).collect();
    // The same reminder (guard and actions; guard and label for one without actions) at
    // another time is one reminder moved, not one removed and one added.
    let mut k = 0;
    while k < gone.len() {
        let r = gone[k];
        let labelled = r.2.is_empty() && r.3.is_some();
        let what = match (&r.3, labelled) {
            (Some(label), true) => {
                let b = body(r);
                let label = order_fsm_core::scenario::quote_name(label);
                if b.is_empty() {
                    label
                } else {
                    format!("{label} {b}")
                }
            }
            _ => body(r),
        };
        let same = came
            .iter()
            .position(|a| a.1 == r.1 && a.2 == r.2 && (!labelled || a.3 == r.3));
        let (Some(j), false) = (same, what.is_empty()) else {
            k += 1;
            continue;
        };
        let a = came.remove(j);
        gone.remove(k);
        out.push(finding(
            "reminder-moved",
            Level::Dangerous,
            mid,
            &format!("{}:{}", nm.state(ns).id.text, describe(r)),
            t!(
                msg::DIFF_REMINDER_MOVED,
                state = &state,
                what = what,
                before = format_seconds(r.0),
                after = format_seconds(a.0)
            ),
            vec![om.state(os).id.text.clone()],
        ));
    }
    for r in gone {
        let what = describe(r);
        out.push(finding(
            "reminder-removed",
            Level::Dangerous,
            mid,
            &format!("{}:{what}", nm.state(ns).id.text),
            t!(msg::DIFF_REMINDER_REMOVED, state = &state, what = &what),
            vec![om.state(os).id.text.clone()],
        ));
    }
    for r in came {
        let what = describe(r);
        out.push(finding(
            "reminder-added",
            Level::Dangerous,
            mid,
            &format!("{}:{what}", nm.state(ns).id.text),
            t!(msg::DIFF_REMINDER_ADDED, state = &state, what = &what),
            vec![om.state(os).id.text.clone()],
        ));
    }
}

/// A decision no line takes, as a case's outcome.
const REJECTED: &str = "rejected";

/// (id, label) of the roles, guards or actions of one version.
type Named = Vec<(String, Option<String>)>;

/// A line's outcome: (target by NEW id, actions).
type Outcome = (String, Vec<String>);

/// The outcome of a line that keeps the state (no `-> Target`): no state id can be it,
/// since ids are ASCII names.
const STAYS: &str = "(stays)";

fn old_target(om: &Machine, nm: &Machine, map: &StateMap, t: TransitionIx) -> Outcome {
    let tr = om.transition(t);
    let target = match tr.target {
        None => STAYS.to_string(),
        Some(to) => match map.old_to_new[to.index()] {
            Some(n) => nm.state(n).id.text.clone(),
            None => om.state(to).id.text.clone(),
        },
    };
    let actions = tr
        .actions
        .iter()
        .map(|&a| om.action(a).id.text.clone())
        .collect();
    (target, actions)
}

fn new_target(nm: &Machine, t: TransitionIx) -> Outcome {
    let tr = nm.transition(t);
    let actions = tr
        .actions
        .iter()
        .map(|&a| nm.action(a).id.text.clone())
        .collect();
    let target = match tr.target {
        None => STAYS.to_string(),
        Some(to) => nm.state(to).id.text.clone(),
    };
    (target, actions)
}

/// The regions of a first-match list: each consistent set of guard answers with the line's
/// outcome, then the region where every line is refused (`None`).
fn regions(
    m: &Machine,
    lines: &[TransitionIx],
    outcome: impl Fn(TransitionIx) -> Outcome,
) -> Vec<(Vec<Literal>, Option<Outcome>)> {
    let mut out = Vec::new();
    let mut no: Vec<Literal> = Vec::new();
    for &t in lines {
        match &m.transition(t).guard {
            None => {
                out.push((no.clone(), Some(outcome(t))));
                return out;
            }
            Some(g) => {
                let id = m.guard(g.guard).id.text.clone();
                if no.iter().any(|(n, _)| *n == id) {
                    continue; // asked already and said no: never taken here
                }
                let mut yes = no.clone();
                yes.push((id.clone(), true));
                out.push((yes, Some(outcome(t))));
                no.push((id, false));
            }
        }
    }
    out.push((no, None));
    out
}

/// Both conditions at once, or `None` when they contradict each other.
fn meet(a: &[Literal], b: &[Literal]) -> Option<Vec<Literal>> {
    let mut out: Vec<Literal> = a.to_vec();
    for (g, v) in b {
        match out.iter().find(|(h, _)| h == g) {
            Some((_, w)) if w != v => return None,
            Some(_) => {}
            None => out.push((g.clone(), *v)),
        }
    }
    Some(out)
}

fn show(o: &Option<Outcome>) -> String {
    match o {
        None => REJECTED.into(),
        Some((t, a)) if a.is_empty() => t.clone(),
        Some((t, a)) => format!("{t} [then {}]", a.join(", ")),
    }
}

/// Compares two region lists and reports each difference by kind, level and target.
fn compare(
    old: &[(Vec<Literal>, Option<Outcome>)],
    new: &[(Vec<Literal>, Option<Outcome>)],
    state: &str,
    actor: &Option<String>,
    after: Option<u64>,
    mut report: impl FnMut(&'static str, Level, &str, Case),
) {
    let targets = |rs: &[(Vec<Literal>, Option<Outcome>)]| -> BTreeSet<String> {
        rs.iter()
            .filter_map(|(_, o)| o.as_ref().map(|(t, _)| t.clone()))
            .collect()
    };
    let (ot, nt) = (targets(old), targets(new));
    for (ow, oo) in old {
        for (nw, no) in new {
            if oo == no {
                continue;
            }
            let Some(when) = meet(ow, nw) else { continue };
            let case = Case {
                state: state.to_string(),
                role: actor.clone(),
                when,
                after_seconds: after,
                before: show(oo),
                after: show(no),
            };
            match (oo, no) {
                (Some((a, _)), Some((b, _))) if a == b => {
                    report("actions-changed", Level::Dangerous, a, case);
                }
                _ => {
                    if let Some((a, _)) = oo {
                        if nt.contains(a) {
                            report("decision-narrowed", Level::Dangerous, a, case.clone());
                        } else {
                            report("decision-removed", Level::Breaking, a, case.clone());
                        }
                    }
                    if let Some((b, _)) = no {
                        if ot.contains(b) {
                            report("decision-widened", Level::Safe, b, case);
                        } else {
                            report("decision-added", Level::Safe, b, case);
                        }
                    }
                }
            }
        }
    }
}

/// A state's codes in one other system as people read them: `5 (shared)`, `"A", "B"`, `none`.
fn system_codes_text(m: &Machine, s: StateIx, system: usize) -> Text {
    match m.state(s).codes_in(system) {
        None => Text::from(&msg::DIFF_NO_CODES),
        Some(c) if c.none => Text::from(&msg::DIFF_NOT_APPLICABLE),
        Some(c) => {
            let codes = c
                .codes
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            if c.shared {
                t!(msg::DIFF_SHARED_CODES, codes = codes)
            } else {
                Text::Lit(codes)
            }
        }
    }
}

/// The code systems one version lists and the other does not, and for a matched state, its
/// codes in a system both list that differ (other codes, another order, `shared` changed).
/// Stored orders keep the main code only, so none of this is breaking; a changed mapping
/// changes what the systems that translate codes read and write.
fn code_systems(om: &Machine, nm: &Machine, out: &mut Vec<Finding>) {
    let mid = om.id.text.as_str();
    for sys in &om.code_systems {
        if nm.code_system_ix(&sys.id.text).is_none() {
            out.push(finding(
                "code-system-removed",
                Level::Dangerous,
                mid,
                &sys.id.text,
                t!(msg::DIFF_CODE_SYSTEM_REMOVED, system = &sys.id.text),
                Vec::new(),
            ));
        }
    }
    for sys in &nm.code_systems {
        if om.code_system_ix(&sys.id.text).is_none() {
            out.push(finding(
                "code-system-added",
                Level::Safe,
                mid,
                &sys.id.text,
                t!(msg::DIFF_CODE_SYSTEM_ADDED, system = &sys.id.text),
                Vec::new(),
            ));
        }
    }
}

fn system_codes(om: &Machine, nm: &Machine, os: StateIx, ns: StateIx, out: &mut Vec<Finding>) {
    let mid = om.id.text.as_str();
    let (s, t) = (om.state(os), nm.state(ns));
    for (oi, sys) in om.code_systems.iter().enumerate() {
        let Some(ni) = nm.code_system_ix(&sys.id.text) else {
            continue;
        };
        // `customs none` says what a missing code says, on purpose: no change in behaviour.
        let (a, b) = (
            s.codes_in(oi).filter(|c| !c.none),
            t.codes_in(ni).filter(|c| !c.none),
        );
        let same = match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.shared == b.shared
                    && a.codes.len() == b.codes.len()
                    && a.codes.iter().zip(&b.codes).all(|(x, y)| codes_equal(x, y))
            }
            _ => false,
        };
        if same {
            continue;
        }
        out.push(finding(
            "system-code-changed",
            Level::Dangerous,
            mid,
            &format!("{}.{}", s.id.text, sys.id.text),
            t!(
                msg::DIFF_SYSTEM_CODE_CHANGED,
                system = &sys.id.text,
                state = state_name(om, os),
                before = system_codes_text(om, os, oi),
                after = system_codes_text(nm, ns, ni)
            ),
            Vec::new(),
        ));
    }
}

fn states(om: &Machine, nm: &Machine, map: &StateMap, new_ids: &Ids<'_>, out: &mut Vec<Finding>) {
    code_systems(om, nm, out);
    let mid = om.id.text.as_str();
    for (i, s) in om.states.iter().enumerate() {
        let os = StateIx(i as u32);
        let Some(ns) = map.old_to_new[i] else {
            out.push(finding(
                "state-removed",
                Level::Breaking,
                mid,
                &s.id.text,
                t!(msg::DIFF_STATE_REMOVED, state = state_name(om, os)),
                vec![s.id.text.clone()],
            ));
            continue;
        };
        let t = nm.state(ns);
        if map.renamed[i] {
            out.push(finding(
                "state-renamed",
                Level::Safe,
                mid,
                &s.id.text,
                t!(
                    msg::DIFF_STATE_RENAMED,
                    old = state_name(om, os),
                    new = state_name(nm, ns),
                    code = s.codes.first().map_or(String::new(), |c| c.to_string()),
                    old_id = &s.id.text,
                    new_id = &t.id.text
                ),
                Vec::new(),
            ));
        }
        let (oc, nc) = (s.codes.first(), t.codes.first());
        let state = || state_name(om, os);
        let code_changed = match (oc, nc) {
            (Some(a), Some(b)) if !codes_equal(a, b) => Some(t!(
                msg::DIFF_CODE_CHANGED,
                state = state(),
                before = a.to_string(),
                after = b.to_string()
            )),
            (None, Some(b)) => Some(t!(
                msg::DIFF_CODE_GIVEN,
                state = state(),
                after = b.to_string()
            )),
            (Some(a), None) => Some(t!(
                msg::DIFF_CODE_DROPPED,
                state = state(),
                before = a.to_string()
            )),
            _ => None,
        };
        if let Some(text) = code_changed {
            out.push(finding(
                "code-changed",
                Level::Breaking,
                mid,
                &s.id.text,
                text,
                vec![s.id.text.clone()],
            ));
        }
        system_codes(om, nm, os, ns, out);
        if let Some(code) = oc {
            // Another NEW state took this state's old main code.
            for &other in new_ids.with_code(code) {
                if other != ns {
                    let j = other.index();
                    out.push(finding(
                        "code-reused",
                        Level::Breaking,
                        mid,
                        &s.id.text,
                        t!(
                            msg::DIFF_CODE_REUSED,
                            code = code.to_string(),
                            state = state(),
                            other = state_name(nm, StateIx(j as u32))
                        ),
                        vec![s.id.text.clone()],
                    ));
                }
            }
        }
        if s.initial != t.initial && s.initial {
            out.push(finding(
                "initial-changed",
                Level::Breaking,
                mid,
                &s.id.text,
                t!(msg::DIFF_INITIAL_CHANGED, state = state()),
                Vec::new(),
            ));
        }
        if s.is_final != t.is_final {
            out.push(finding(
                "final-changed",
                Level::Dangerous,
                mid,
                &s.id.text,
                if t.is_final {
                    t!(msg::DIFF_NOW_FINAL, state = state())
                } else {
                    t!(msg::DIFF_NO_LONGER_FINAL, state = state())
                },
                vec![s.id.text.clone()],
            ));
        }
        let ol = s.label.as_ref().map(|l| l.text.as_str());
        let nl = t.label.as_ref().map(|l| l.text.as_str());
        if ol != nl || s.doc != t.doc {
            out.push(finding(
                "state-text-changed",
                Level::Safe,
                mid,
                &s.id.text,
                t!(
                    msg::DIFF_STATE_TEXT_CHANGED,
                    id = &s.id.text,
                    before = ol.unwrap_or("-"),
                    after = nl.unwrap_or("-")
                ),
                Vec::new(),
            ));
        }
    }
    for (j, t) in nm.states.iter().enumerate() {
        if map.new_to_old[j].is_none() {
            out.push(finding(
                "state-added",
                Level::Safe,
                mid,
                &t.id.text,
                t!(
                    msg::DIFF_STATE_ADDED,
                    state = state_name(nm, StateIx(j as u32))
                ),
                Vec::new(),
            ));
        }
    }
}

/// An event's payload fields: (name, type written without spaces).
type Payload = Vec<(String, String)>;

fn payload(e: &order_fsm_core::model::Event) -> Payload {
    e.payload
        .iter()
        .map(|f| (f.name.text.clone(), f.ty.text.replace(' ', "")))
        .collect()
}

fn events(
    om: &Machine,
    nm: &Machine,
    old_ids: &Ids<'_>,
    new_ids: &Ids<'_>,
    out: &mut Vec<Finding>,
) {
    let mid = om.id.text.as_str();
    let label = |e: &order_fsm_core::model::Event| e.label.as_ref().map(|l| l.text.clone());
    // NEW events OLD does not have, by label and payload: the candidates for a rename.
    let mut added: HashMap<(String, Payload), &str> = HashMap::new();
    for n in nm.events.iter().rev() {
        if let (None, Some(l)) = (old_ids.event(&n.id.text), label(n)) {
            added.insert((l, payload(n)), n.id.text.as_str());
        }
    }
    for e in &om.events {
        let id = e.id.text.as_str();
        match new_ids.event(id).map(|i| nm.event(i)) {
            None => {
                let removed = t!(msg::DIFF_EVENT_REMOVED, id = id);
                // The same label (and payload) under another id: maybe a rename.
                let text = match label(e).and_then(|l| added.get(&(l, payload(e)))) {
                    Some(&r) => Text::Seq(vec![removed, t!(msg::DIFF_MAYBE_RENAMED, id = r)]),
                    None => removed,
                };
                out.push(finding(
                    "event-removed",
                    Level::Breaking,
                    mid,
                    id,
                    text,
                    Vec::new(),
                ));
            }
            Some(n) => {
                if payload(e) != payload(n) {
                    let show = |p: Vec<(String, String)>| {
                        p.iter()
                            .map(|(a, b)| format!("{a}: {b}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    out.push(finding(
                        "payload-changed",
                        Level::Breaking,
                        mid,
                        id,
                        t!(
                            msg::DIFF_PAYLOAD_CHANGED,
                            id = id,
                            before = show(payload(e)),
                            after = show(payload(n))
                        ),
                        Vec::new(),
                    ));
                }
                if label(e) != label(n) || e.doc != n.doc {
                    out.push(finding(
                        "event-text-changed",
                        Level::Safe,
                        mid,
                        id,
                        t!(msg::DIFF_EVENT_TEXT_CHANGED, id = id),
                        Vec::new(),
                    ));
                }
            }
        }
    }
    for n in &nm.events {
        if old_ids.event(&n.id.text).is_none() {
            out.push(finding(
                "event-added",
                Level::Safe,
                mid,
                &n.id.text,
                t!(msg::DIFF_EVENT_ADDED, id = &n.id.text),
                Vec::new(),
            ));
        }
    }
}

/// Roles, guards, actions and notes: added, removed or relabelled (their effect on
/// decisions is reported with the decisions).
fn named_lists(om: &Machine, nm: &Machine, out: &mut Vec<Finding>) {
    let mid = om.id.text.as_str();
    // (what, the finding kinds removed / added / text changed, OLD's, NEW's).
    let lists: [(&'static Msg, [&'static str; 3], Named, Named); 3] = [
        (
            &msg::KIND_ROLE,
            ["role-removed", "role-added", "role-text-changed"],
            named(&om.roles, |r| {
                (&r.id.text, r.label.as_ref().map(|l| &l.text))
            }),
            named(&nm.roles, |r| {
                (&r.id.text, r.label.as_ref().map(|l| &l.text))
            }),
        ),
        (
            &msg::KIND_GUARD,
            ["guard-removed", "guard-added", "guard-text-changed"],
            named(&om.guards, |g| {
                (&g.id.text, g.description.as_ref().map(|l| &l.text))
            }),
            named(&nm.guards, |g| {
                (&g.id.text, g.description.as_ref().map(|l| &l.text))
            }),
        ),
        (
            &msg::KIND_ACTION,
            ["action-removed", "action-added", "action-text-changed"],
            named(&om.actions, |a| {
                (&a.id.text, a.description.as_ref().map(|l| &l.text))
            }),
            named(&nm.actions, |a| {
                (&a.id.text, a.description.as_ref().map(|l| &l.text))
            }),
        ),
    ];
    for (kind, [removed, added, relabelled], old, new) in lists {
        let new_by_id: HashMap<&str, &Option<String>> =
            new.iter().map(|(n, l)| (n.as_str(), l)).collect();
        let old_by_id: HashMap<&str, &Option<String>> =
            old.iter().map(|(n, l)| (n.as_str(), l)).collect();
        for (id, label) in &old {
            match new_by_id.get(id.as_str()).map(|l| (id, *l)) {
                None => out.push(finding(
                    removed,
                    Level::Safe,
                    mid,
                    id,
                    t!(msg::DIFF_ITEM_REMOVED, kind = kind, id = id),
                    Vec::new(),
                )),
                Some((_, l)) if l != label => out.push(finding(
                    relabelled,
                    Level::Safe,
                    mid,
                    id,
                    t!(msg::DIFF_ITEM_TEXT_CHANGED, kind = kind, id = id),
                    Vec::new(),
                )),
                Some(_) => {}
            }
        }
        for (id, _) in &new {
            if !old_by_id.contains_key(id.as_str()) {
                out.push(finding(
                    added,
                    Level::Safe,
                    mid,
                    id,
                    t!(msg::DIFF_ITEM_ADDED, kind = kind, id = id),
                    Vec::new(),
                ));
            }
        }
    }
    let notes = |m: &Machine| {
        m.notes
            .iter()
            .map(|n| n.text.text.clone())
            .collect::<Vec<_>>()
    };
    if notes(om) != notes(nm) {
        out.push(finding(
            "notes-changed",
            Level::Safe,
            mid,
            "notes",
            Text::from(&msg::DIFF_NOTES_CHANGED),
            Vec::new(),
        ));
    }
}

/// (id, label) of each item of one kind, for [`named_lists`].
fn named<T>(items: &[T], id_and_text: impl Fn(&T) -> (&String, Option<&String>)) -> Named {
    items
        .iter()
        .map(|x| {
            let (id, text) = id_and_text(x);
            (id.clone(), text.cloned())
        })
        .collect()
}

/// Applies stored order counts (state id or main code → count) to breaking findings about
/// states: a finding whose states hold no orders becomes dangerous; one with orders stays
/// breaking and says how many.
pub fn apply_counts(old: &Spec, findings: &mut [Finding], counts: &BTreeMap<String, u64>) {
    for f in findings.iter_mut() {
        if f.states.is_empty() || f.level != Level::Breaking {
            continue;
        }
        let Some(m) = old.machine(&f.machine) else {
            continue;
        };
        let mut total: u64 = 0;
        for sid in &f.states {
            let Some(ix) = m.state_ix(sid) else { continue };
            let s = m.state(ix);
            let by_id = counts.get(&s.id.text).copied();
            let by_code = s
                .codes
                .first()
                .and_then(|c| counts.get(c.key().as_ref()).copied());
            // Counts come from the user's file: a sum past u64 saturates, never wraps.
            total = total.saturating_add(by_id.or(by_code).unwrap_or(0));
        }
        f.orders = Some(total);
        if total == 0 {
            f.level = Level::Dangerous;
        }
    }
    sort(findings);
}

/// The worst level among findings not accepted.
pub fn worst(findings: &[Finding]) -> Option<Level> {
    findings
        .iter()
        .filter(|f| !f.accepted)
        .map(|f| f.level)
        .max()
}

/// The OLD → NEW state pairing used by [`diff`]: by id, then by main code for the states
/// left over (a rename). `None` for an OLD state NEW no longer has.
pub fn state_pairs(om: &Machine, nm: &Machine) -> Vec<Option<StateIx>> {
    match_states(om, nm).old_to_new
}

/// The count of findings by level, in words: `破坏性 1 项，危险 0 项，安全 2 项（已接受 0 项）`,
/// `1 breaking, 0 dangerous, 2 safe (0 accepted)`.
pub fn summary(findings: &[Finding]) -> Text {
    let n = |l| findings.iter().filter(|f| f.level == l).count();
    let accepted = findings.iter().filter(|f| f.accepted).count();
    t!(
        msg::DIFF_SUMMARY,
        breaking = n(Level::Breaking),
        dangerous = n(Level::Dangerous),
        safe = n(Level::Safe),
        accepted = accepted
    )
}

impl Finding {
    /// What changed, with the stored orders it concerns when counts were given.
    pub fn text_with_orders(&self) -> Text {
        match self.orders {
            Some(n) if !self.states.is_empty() => Text::Seq(vec![
                self.text.clone(),
                t!(
                    msg::DIFF_STORED_ORDERS,
                    n = n.to_string(),
                    states = Text::Join(self.states.iter().map(Text::from).collect())
                ),
            ]),
            _ => self.text.clone(),
        }
    }
}

impl Case {
    /// The guard answers (and time in the state) under which the case holds:
    /// `当 small_amount 否 且 needs_review 是`, `when small_amount no and needs_review yes`.
    pub fn condition(&self) -> Text {
        let mut parts = Vec::new();
        if let Some(s) = self.after_seconds {
            parts.push(t!(msg::DIFF_AFTER_IN_STATE, delay = format_seconds(s)));
        }
        for (g, v) in &self.when {
            parts.push(if *v {
                t!(msg::DIFF_GUARD_YES, guard = g)
            } else {
                t!(msg::DIFF_GUARD_NO, guard = g)
            });
        }
        if parts.is_empty() {
            return Text::from(&msg::DIFF_ALWAYS);
        }
        let mut all = Vec::with_capacity(2 * parts.len());
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                all.push(Text::from(&msg::DIFF_WHEN_AND));
            }
            all.push(p);
        }
        t!(msg::DIFF_WHEN, conditions = Text::Seq(all))
    }

    /// The outcome before and after: a target as the case holds it, or `rejected` in words.
    pub fn outcomes(&self) -> (Text, Text) {
        // Only the whole outcome is the word: an id such as `notify_rejected` stays.
        let outcome = |o: &str| {
            if o == REJECTED {
                Text::from(&msg::DIFF_REJECTED)
            } else {
                Text::from(o)
            }
        };
        (outcome(&self.before), outcome(&self.after))
    }

    /// One line: where, who, when, and the outcome before → after.
    pub fn describe(&self) -> Text {
        let role = self
            .role
            .as_ref()
            .map_or_else(Text::default, |r| t!(msg::DIFF_CASE_ROLE, role = r));
        let (before, after) = self.outcomes();
        t!(
            msg::DIFF_CASE,
            state = &self.state,
            role = role,
            condition = self.condition(),
            before = before,
            after = after
        )
    }
}

/// A scenario of OLD that NEW no longer passes, with the findings that break it. As JSON,
/// its text is `message` (English) and `message_zh` (Chinese).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenScenario {
    pub machine: String,
    /// The scenario's name as written.
    pub name: String,
    /// The first step (from 1) that goes differently, or that NEW cannot even express.
    pub step: usize,
    /// That step as written in OLD: `Ship by seller [not stock_ok]`.
    pub step_text: String,
    /// What happens now, in plain words.
    pub text: Text,
    /// Ids of the findings that explain it (a decision, timeout or removal finding).
    pub findings: Vec<String>,
}

/// A broken scenario as JSON: its text in both languages.
#[derive(Serialize)]
struct BrokenScenarioJson<'a> {
    machine: &'a str,
    name: &'a str,
    step: usize,
    step_text: &'a str,
    message: String,
    message_zh: String,
    findings: &'a [String],
}

impl Serialize for BrokenScenario {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        BrokenScenarioJson {
            machine: &self.machine,
            name: &self.name,
            step: self.step,
            step_text: &self.step_text,
            message: self.text.render(Lang::En),
            message_zh: self.text.render(Lang::Zh),
            findings: &self.findings,
        }
        .serialize(serializer)
    }
}

/// Runs every scenario of OLD that passes on OLD against NEW (through the same scenario
/// runner as `order-fsm test`) and returns those NEW breaks, each with the finding that
/// breaks it: the decision or timeout finding of the first step that goes differently
/// (matched by the step's state, event or wait, role and guard answers), or the removal
/// finding of a state, event or role the scenario names and NEW no longer has.
pub fn broken_scenarios(old: &Spec, new: &Spec, findings: &[Finding]) -> Vec<BrokenScenario> {
    let mut out = Vec::new();
    for om in &old.machines {
        let Some(nm) = new.machine(&om.id.text) else {
            continue; // the machine's removal is its own finding
        };
        if om.scenarios.is_empty() {
            continue;
        }
        let map = match_states(om, nm);
        let oi = Interpreter::new(om);
        let ni = Interpreter::new(nm);
        for sc in &om.scenarios {
            if let Some(b) = broken_scenario(om, nm, &map, &oi, &ni, sc, findings) {
                out.push(b);
            }
        }
    }
    out
}

/// The first thing a scenario names that NEW does not have: the step index, the removal
/// finding's id, and what is missing in plain words.
fn missing_in_new(
    om: &Machine,
    nm: &Machine,
    map: &StateMap,
    sc: &order_fsm_core::model::Scenario,
) -> Option<(usize, String, Text)> {
    let mid = &om.id.text;
    let state_gone = |s: StateIx, starts: bool| {
        map.old_to_new[s.index()].is_none().then(|| {
            let gone = if starts {
                &msg::DIFF_SCENARIO_START_GONE
            } else {
                &msg::DIFF_SCENARIO_STATE_GONE
            };
            (
                format!("state-removed:{mid}:{}", om.state(s).id.text),
                t!(gone, state = state_name(om, s)),
            )
        })
    };
    if let Some((f, text)) = sc.from.and_then(|s| state_gone(s, true)) {
        return Some((0, f, text));
    }
    for (i, step) in sc.steps.iter().enumerate() {
        if let order_fsm_core::model::StepInput::Event { event, actor, .. } = &step.input {
            let e = &om.event(*event).id.text;
            if nm.event_ix(e).is_none() {
                return Some((
                    i,
                    format!("event-removed:{mid}:{e}"),
                    t!(msg::DIFF_SCENARIO_EVENT_GONE, id = e),
                ));
            }
            if let Some(r) = actor {
                let r = &om.role(*r).id.text;
                if nm.role_ix(r).is_none() {
                    return Some((
                        i,
                        format!("role-removed:{mid}:{r}"),
                        t!(msg::DIFF_SCENARIO_ROLE_GONE, id = r),
                    ));
                }
            }
        }
        if let Some(
            order_fsm_core::model::Expect::State { state, .. }
            | order_fsm_core::model::Expect::Rejected {
                still: Some(state), ..
            },
        ) = &step.expect
        {
            if let Some((f, text)) = state_gone(*state, false) {
                return Some((i, f, text));
            }
        }
    }
    if let Some(order_fsm_core::model::Expect::State { state, .. }) = &sc.start {
        if let Some((f, text)) = state_gone(*state, false) {
            return Some((0, f, text));
        }
    }
    None
}

/// The scenario's steps in NEW's indices (guards NEW no longer has are not asked, so their
/// answers are dropped). Call only when [`missing_in_new`] found nothing.
fn translate_steps(
    om: &Machine,
    nm: &Machine,
    map: &StateMap,
    steps: &[order_fsm_core::model::Step],
) -> Vec<order_fsm_core::model::Step> {
    use order_fsm_core::model::{Expect, Step, StepInput};
    let guards = |gs: &[(order_fsm_core::model::GuardIx, bool)]| {
        gs.iter()
            .filter_map(|(g, v)| nm.guard_ix(&om.guard(*g).id.text).map(|n| (n, *v)))
            .collect::<Vec<_>>()
    };
    steps
        .iter()
        .filter_map(|s| {
            let input = match &s.input {
                StepInput::Event {
                    event,
                    actor,
                    guards: gs,
                } => StepInput::Event {
                    event: nm.event_ix(&om.event(*event).id.text)?,
                    actor: match actor {
                        Some(r) => Some(nm.role_ix(&om.role(*r).id.text)?),
                        None => None,
                    },
                    guards: guards(gs),
                },
                StepInput::Wait {
                    seconds,
                    written,
                    guards: gs,
                } => StepInput::Wait {
                    seconds: *seconds,
                    written: written.clone(),
                    guards: guards(gs),
                },
            };
            let expect = match &s.expect {
                None => None,
                Some(Expect::Rejected { span, still }) => Some(Expect::Rejected {
                    span: *span,
                    still: match still {
                        Some(st) => Some(map.old_to_new[st.index()]?),
                        None => None,
                    },
                }),
                Some(Expect::State { state, span }) => Some(Expect::State {
                    state: map.old_to_new[state.index()]?,
                    span: *span,
                }),
            };
            Some(Step {
                input,
                expect,
                span: s.span,
            })
        })
        .collect()
}

fn broken_scenario(
    om: &Machine,
    nm: &Machine,
    map: &StateMap,
    oi: &Interpreter<'_>,
    ni: &Interpreter<'_>,
    sc: &order_fsm_core::model::Scenario,
    findings: &[Finding],
) -> Option<BrokenScenario> {
    use order_fsm_core::scenario::{describe_step, run_from, run_scenario};
    let old_run = run_scenario(oi, sc)?;
    if !old_run.passed() {
        return None; // failing already: not something NEW broke
    }
    let mid = om.id.text.clone();
    let step_text = |i: usize| {
        sc.steps
            .get(i)
            .map(|s| describe_step(om, &s.input))
            .unwrap_or_default()
    };
    if let Some((i, id, text)) = missing_in_new(om, nm, map, sc) {
        return Some(BrokenScenario {
            machine: mid,
            name: sc.name.text.clone(),
            step: i + 1,
            step_text: step_text(i),
            text,
            findings: vec![id],
        });
    }
    let steps = translate_steps(om, nm, map, &sc.steps);
    // Where NEW starts: the scenario's own state, or NEW's initial state.
    let start = match sc.from {
        Some(s) => map.old_to_new[s.index()]?,
        None => nm.initial?,
    };
    // `missing_in_new` found nothing, so the expected start state is in NEW.
    let start_expect = match &sc.start {
        Some(order_fsm_core::model::Expect::State { state, span }) => {
            Some(order_fsm_core::model::Expect::State {
                state: map.old_to_new[state.index()]?,
                span: *span,
            })
        }
        _ => None,
    };
    let new_run = run_from(ni, start, start_expect.as_ref(), &steps);
    if new_run.passed() {
        return None;
    }
    let initial_moved =
        sc.from.is_none() && om.initial.and_then(|s| map.old_to_new[s.index()]) != nm.initial;
    // The first step whose outcome differs (by NEW state), else the failing one.
    let to_new = |s: StateIx| map.old_to_new[s.index()];
    let differs = old_run.trace.iter().zip(&new_run.trace).position(|(o, n)| {
        match (&o.outcome, &n.outcome) {
            (Ok(a), Ok(b)) => to_new(a.to) != Some(b.to),
            (Err(_), Err(_)) => false,
            _ => true,
        }
    });
    let failure_step = new_run.failure.as_ref().map_or(0, |f| f.step);
    let i = differs.unwrap_or(failure_step);
    let wait = matches!(
        sc.steps.get(i).map(|s| &s.input),
        Some(order_fsm_core::model::StepInput::Wait { .. })
    );
    // What a step did: the state it led to, or how it was refused.
    let show = |m: &Machine, step: &order_fsm_core::scenario::TraceStep| match &step.outcome {
        Ok(to) => t!(msg::DIFF_SCENARIO_LEADS_TO, state = state_name(m, to.to)),
        Err(_) if wait => t!(
            msg::DIFF_SCENARIO_NO_TIMEOUT,
            state = state_name(m, step.before)
        ),
        Err(_) => Text::from(&msg::DIFF_SCENARIO_REJECTED),
    };
    let text = match (old_run.trace.get(i), new_run.trace.get(i)) {
        (Some(o), Some(n)) => t!(
            msg::DIFF_SCENARIO_NOW,
            before = show(om, o),
            now = show(nm, n)
        ),
        // A scenario without steps (`{ => Created }`) checks only where the order starts.
        _ if sc.steps.is_empty() => t!(
            msg::DIFF_SCENARIO_STARTS,
            before = state_name(om, old_run.start),
            now = state_name(nm, new_run.start)
        ),
        _ => Text::from(&msg::DIFF_SCENARIO_FAILS),
    };
    let mut ids: Vec<String> = Vec::new();
    if initial_moved {
        if let Some(s) = om.initial {
            ids.push(format!("initial-changed:{mid}:{}", om.state(s).id.text));
        }
    }
    if let Some(o) = old_run.trace.get(i) {
        ids.extend(blame(om, &sc.steps[i], o.before, findings));
    }
    ids.dedup();
    Some(BrokenScenario {
        machine: mid,
        name: sc.name.text.clone(),
        step: i + 1,
        step_text: step_text(i),
        text,
        findings: ids,
    })
}

/// The decision or timeout findings that cover this step of OLD, taken in OLD state `at`:
/// a case in that state, for the step's role (any role for a step without `by`), under guard
/// answers the step gives (a guard it does not set says yes).
fn blame(
    om: &Machine,
    step: &order_fsm_core::model::Step,
    at: StateIx,
    findings: &[Finding],
) -> Vec<String> {
    use order_fsm_core::model::StepInput;
    let mid = &om.id.text;
    let here = state_name(om, at);
    let (prefix, role, set, wait) = match &step.input {
        StepInput::Event {
            event,
            actor,
            guards,
        } => (
            format!("{}->", om.event(*event).id.text),
            actor.map(|r| om.role(r).id.text.clone()),
            guards,
            false,
        ),
        StepInput::Wait { guards, .. } => (
            format!("{}.after->", om.state(at).id.text),
            None,
            guards,
            true,
        ),
    };
    let answer = |g: &str| {
        set.iter()
            .find(|(x, _)| om.guard(*x).id.text == g)
            .is_none_or(|(_, v)| *v)
    };
    let mut ids = Vec::new();
    for f in findings.iter().filter(|f| f.machine == *mid) {
        if !f.subject.starts_with(&prefix) || f.kind.starts_with("timeout") != wait {
            continue;
        }
        let hit = f.cases.is_empty() && wait
            || f.cases.iter().any(|c| {
                c.state == here
                    && (role.is_none() || c.role.is_none() || c.role == role)
                    && c.when.iter().all(|(g, v)| answer(g) == *v)
            });
        if hit {
            ids.push(f.id.clone());
        }
    }
    ids
}
