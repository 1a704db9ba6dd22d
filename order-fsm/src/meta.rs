//! Static metadata: everything the spec says about a machine, as `&'static` data.
//!
//! Every generated machine exposes one [`MachineInfo`] through
//! [`Machine::INFO`](crate::Machine::INFO). Items refer to each other by index into the
//! machine's slices, in spec order, exactly as the generated enums number their variants:
//! `OrderState::Paid.index()` is the position of `Paid` in [`MachineInfo::states`].
//!
//! The states and the transition lines are [`Table`]s: a slice for whoever builds a
//! `MachineInfo` by hand ([`Table::new`], or `.into()` from a `&'static` slice), and a
//! compact packed form that the derive writes and that is decoded once, on first use (the
//! `order-fsm-pack` crate owns that format, its writer and its reader). Both deref to
//! `&'static [StateInfo]` / `&'static [TransitionInfo]`, so they read like the slices they
//! were before: `info.transitions[0]`, `info.states.iter()`, `info.transitions.len()`,
//! `for t in info.transitions`. (**API change:** these two fields were plain slices; code
//! that built a `MachineInfo` writes `Table::new(slice)` or `slice.into()` for them.)

use std::sync::OnceLock;

use order_fsm_pack::meta as pack;

/// A `&'static [T]` of the metadata: written out, or packed by the derive and decoded on
/// first use. Derefs to the slice.
pub struct Table<T: 'static>(Repr<T>);

enum Repr<T: 'static> {
    Slice(&'static [T]),
    Packed(&'static Packed<T>),
}

impl<T: Unpack> Table<T> {
    /// A table of these items.
    pub const fn new(items: &'static [T]) -> Self {
        Table(Repr::Slice(items))
    }
    /// The items, decoding them on first use if the derive packed them.
    pub fn as_slice(&self) -> &'static [T] {
        match self.0 {
            Repr::Slice(s) => s,
            Repr::Packed(p) => p.items.get_or_init(|| T::unpack(p)),
        }
    }
    #[doc(hidden)]
    pub const fn packed(p: &'static Packed<T>) -> Self {
        Table(Repr::Packed(p))
    }
}

impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Table<T> {}
impl<T> Clone for Repr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Repr<T> {}

impl<T: Unpack> core::ops::Deref for Table<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Unpack> From<&'static [T]> for Table<T> {
    fn from(items: &'static [T]) -> Self {
        Table::new(items)
    }
}

impl<T: Unpack> IntoIterator for Table<T> {
    type Item = &'static T;
    type IntoIter = core::slice::Iter<'static, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: Unpack> IntoIterator for &Table<T> {
    type Item = &'static T;
    type IntoIter = core::slice::Iter<'static, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: Unpack + PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}
impl<T: Unpack + Eq> Eq for Table<T> {}

impl<T: Unpack + core::fmt::Debug> core::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// The derive's packed form of a [`Table`]: bytes and the text their strings point into, in
/// the format `order-fsm-pack` owns (its `meta` module), decoded by [`Unpack`] into leaked,
/// `'static` items once per process.
#[doc(hidden)]
pub struct Packed<T: 'static> {
    data: &'static [u8],
    text: &'static str,
    len: usize,
    items: OnceLock<&'static [T]>,
}

impl<T> Packed<T> {
    pub const fn new(data: &'static [u8], text: &'static str, len: usize) -> Self {
        Packed {
            data,
            text,
            len,
            items: OnceLock::new(),
        }
    }
}

/// Items a [`Table`] can hold, and how they come out of the packed form.
pub trait Unpack: Sized + 'static {
    #[doc(hidden)]
    fn unpack(packed: &Packed<Self>) -> &'static [Self];
}

// The format's constants, where they have always been reachable.
#[doc(hidden)]
pub use order_fsm_pack::meta::{
    CODE_INT, LINE_DOC, LINE_FROM_ANY, LINE_GUARD, LINE_GUARD_DESCRIPTION, LINE_NOTE, LINE_TARGET,
    LINE_TIMEOUT, LINE_TIMEOUT_LABEL, STATE_DOC, STATE_FINAL, STATE_INITIAL, STATE_LABEL,
};

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn part<T>(all: &'static [T], r: core::ops::Range<usize>) -> &'static [T] {
    all.get(r).unwrap_or_default()
}

fn code(c: pack::Code<'static>) -> Code {
    match c {
        pack::Code::Int(i) => Code::Int(i),
        pack::Code::Str(s) => Code::Str(s),
    }
}

/// States come out of `order_fsm_pack::meta::Reader::state`. Their codes and systems are
/// read into pools first, and cut from them once the pools are leaked.
impl Unpack for StateInfo {
    fn unpack(p: &Packed<Self>) -> &'static [Self] {
        let mut r = pack::Reader::new(p.data, p.text);
        let cap = p.len.min(p.data.len());
        let mut states = Vec::with_capacity(cap);
        let mut codes = Vec::new();
        let mut systems = Vec::new();
        // Where each state's codes and systems are, filled in once the pools are leaked.
        let mut ranges = Vec::with_capacity(cap);
        for _ in 0..p.len {
            let s = r.state(&mut codes, &mut systems);
            ranges.push((s.codes, s.systems));
            states.push(StateInfo {
                id: s.id,
                label: s.label,
                doc: s.doc,
                initial: s.initial,
                is_final: s.is_final,
                codes: &[],
                system_codes: &[],
            });
        }
        let codes = leak(codes.into_iter().map(code).collect());
        let systems = leak(
            systems
                .into_iter()
                .map(|s| SystemCodesInfo {
                    system: s.system,
                    codes: part(codes, s.codes),
                    shared: s.shared,
                })
                .collect(),
        );
        for (s, (own, sys)) in states.iter_mut().zip(ranges) {
            s.codes = part(codes, own);
            s.system_codes = part(systems, sys);
        }
        leak(states)
    }
}

/// Lines come out of `order_fsm_pack::meta::Reader::line`, their sources, roles, actions
/// and dead sources in one pool, cut from it once it is leaked.
impl Unpack for TransitionInfo {
    fn unpack(p: &Packed<Self>) -> &'static [Self] {
        let mut r = pack::Reader::new(p.data, p.text);
        let cap = p.len.min(p.data.len());
        let mut lines = Vec::with_capacity(cap);
        let mut pool = Vec::new();
        // Where each line's sources, roles and actions are in the pool.
        let mut ranges = Vec::with_capacity(cap);
        for _ in 0..p.len {
            let l = r.line(&mut pool);
            ranges.push((l.sources, l.roles, l.actions, l.dead_in));
            lines.push(TransitionInfo {
                sources: &[],
                from_any: l.from_any,
                target: l.target,
                trigger: match l.trigger {
                    pack::Trigger::Event(e) => TriggerInfo::Event(e),
                    pack::Trigger::Timeout {
                        seconds,
                        written,
                        label,
                    } => TriggerInfo::Timeout {
                        seconds,
                        written,
                        label,
                    },
                },
                roles: &[],
                guard: l.guard,
                guard_description: l.guard_description,
                actions: &[],
                note: l.note,
                doc: l.doc,
                line: l.line,
                dead_in: &[],
            });
        }
        let pool = leak(pool);
        for (t, (sources, roles, actions, dead_in)) in lines.iter_mut().zip(ranges) {
            t.sources = part(pool, sources);
            t.roles = part(pool, roles);
            t.actions = part(pool, actions);
            t.dead_in = part(pool, dead_in);
        }
        leak(lines)
    }
}

/// One state machine as the spec describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MachineInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
    /// The spec file as named in the `#[fsm(spec = "…")]` attribute.
    pub file: &'static str,
    /// Derefs to `&'static [StateInfo]`.
    pub states: Table<StateInfo>,
    pub events: &'static [EventInfo],
    pub roles: &'static [RoleInfo],
    pub guards: &'static [GuardInfo],
    pub actions: &'static [ActionInfo],
    /// Every transition line, in spec order. Derefs to `&'static [TransitionInfo]`.
    pub transitions: Table<TransitionInfo>,
    pub notes: &'static [&'static str],
    /// Index of the initial state.
    pub initial: usize,
    /// The other systems whose status codes the spec lists (`codes legacy "旧订单系统"`), in
    /// spec order; the main system (`code …`) is not among them.
    pub code_systems: &'static [CodeSystemInfo],
}

/// Another system an order lives in, with its own status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSystemInfo {
    /// The name used in the spec and on the command line (`legacy`).
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
}

/// One state's codes in one other system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SystemCodesInfo {
    /// Index into [`MachineInfo::code_systems`].
    pub system: usize,
    /// In spec order: the first is the one written to that system, the others are accepted
    /// when reading from it.
    pub codes: &'static [Code],
    /// Marked `shared`: other states may have the same code in that system.
    pub shared: bool,
}

/// What a code of another system reads back as: one state, or several when the system uses
/// one code for several states (`shared`). The caller decides; nothing silently picks one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lookup<S: 'static> {
    One(S),
    Many(&'static [S]),
}

impl<S> Lookup<S> {
    /// Every candidate state, in spec order.
    pub fn states(&self) -> &[S] {
        match self {
            Lookup::One(s) => core::slice::from_ref(s),
            Lookup::Many(all) => all,
        }
    }
    /// Whether the code names exactly one state.
    pub fn is_unique(&self) -> bool {
        self.states().len() == 1
    }
}

impl<S: Copy> Lookup<S> {
    /// The state, when the code names exactly one.
    pub fn unique(&self) -> Option<S> {
        match self.states() {
            [s] => Some(*s),
            _ => None,
        }
    }
}

impl MachineInfo {
    /// The state with this id.
    pub fn state(&self, id: &str) -> Option<&'static StateInfo> {
        self.states.as_slice().iter().find(|s| s.id == id)
    }
    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&'static EventInfo> {
        self.events.iter().find(|e| e.id == id)
    }
    /// The role with this id.
    pub fn role(&self, id: &str) -> Option<&'static RoleInfo> {
        self.roles.iter().find(|r| r.id == id)
    }
    /// The index of the code system with this id (`main` is not one: it is
    /// [`StateInfo::codes`]).
    pub fn code_system(&self, id: &str) -> Option<usize> {
        self.code_systems.iter().position(|s| s.id == id)
    }
    /// The guard with this id.
    pub fn guard(&self, id: &str) -> Option<&'static GuardInfo> {
        self.guards.iter().find(|g| g.id == id)
    }
    /// The transition lines that leave state `state` (by index), in spec order.
    pub fn transitions_from(&self, state: usize) -> impl Iterator<Item = &'static TransitionInfo> {
        self.transitions
            .as_slice()
            .iter()
            .filter(move |t| t.sources.contains(&state))
    }

    /// A stable text key for transition line `line` (an index into
    /// [`MachineInfo::transitions`]): `<sources>|<trigger>|<target>|<guard>`, where
    /// `<sources>` is the source state ids joined by `,` (or `any` for an `any -> …` line),
    /// `<trigger>` is `on <Event>` or `after` (the delay is left out), `<target>` is the
    /// target's id or `=` for a line that keeps the state, and `<guard>` is the guard id or
    /// `-`. Lines that would share a key (timeouts that differ only in their
    /// delay) get `#2`, `#3` … after it, in spec order.
    ///
    /// `Created|on Pay|Paid|payment_verified`, `Created|after|Cancelled|-`,
    /// `Created|after|=|-` (a reminder).
    ///
    /// Stored timers and audit rows name a line by this key, never by its line number, so
    /// moving a line, editing its label, note or actions, or adding lines elsewhere keeps
    /// its identity, and so does changing a timeout's delay (a store re-arms its pending
    /// timers from the entry time). Changing its sources, event, target or guard makes it
    /// another line.
    pub fn line_identity(&self, line: usize) -> Option<String> {
        let base = self.identity_base(line)?;
        // Two lines that differ only in their delay (a timeout retried later with the same
        // guard) share the base; the second and later ones are numbered in spec order.
        let nth = (0..line)
            .filter(|&i| self.identity_base(i).as_deref() == Some(base.as_str()))
            .count();
        Some(if nth == 0 {
            base
        } else {
            format!("{base}#{}", nth + 1)
        })
    }

    /// Sources, trigger, target and guard; a timeout is `after`, without its delay, so that
    /// a changed delay keeps the line (and its pending timers are re-armed, not dropped).
    fn identity_base(&self, line: usize) -> Option<String> {
        let t = self.transitions.get(line)?;
        let mut key = String::new();
        if t.from_any {
            key.push_str("any");
        } else {
            for (i, s) in t.sources.iter().enumerate() {
                if i > 0 {
                    key.push(',');
                }
                key.push_str(self.states.get(*s).map_or("?", |s| s.id));
            }
        }
        key.push('|');
        match t.trigger {
            TriggerInfo::Event(e) => {
                key.push_str("on ");
                key.push_str(self.events.get(e).map_or("?", |e| e.id));
            }
            TriggerInfo::Timeout { .. } => key.push_str("after"),
        }
        key.push('|');
        // A line that keeps the state has `=` where a target would be.
        key.push_str(match t.target {
            None => "=",
            Some(to) => self.states.get(to).map_or("?", |s| s.id),
        });
        key.push('|');
        key.push_str(
            t.guard
                .and_then(|g| self.guards.get(g))
                .map_or("-", |g| g.id),
        );
        Some(key)
    }

    /// The line whose [`line_identity`](Self::line_identity) is `key`, if any.
    pub fn line_by_identity(&self, key: &str) -> Option<usize> {
        (0..self.transitions.len()).find(|&i| self.line_identity(i).as_deref() == Some(key))
    }

    /// A stable digest of the machine's behaviour, as 16 lowercase hex digits.
    ///
    /// It covers what decides transitions and what a store or a caller depends on: the
    /// machine id; each state's id, `initial` and `final` flags and status codes; each
    /// event's id, roles and payload field names and types; the role, guard and action ids;
    /// and every transition line, in spec order, by its
    /// [`line_identity`](Self::line_identity) with its roles and actions. Labels, docs,
    /// notes, guard descriptions, the spec file's name and line numbers are left out: they
    /// change no behaviour, so editing them keeps the hash. So are the codes of other
    /// systems ([`code_systems`](Self::code_systems)): orders are stored with the main code
    /// only, and a changed mapping to another system is a finding of `order-fsm diff`.
    ///
    /// The digest is 64-bit FNV-1a over a length-prefixed encoding of those items, so it
    /// is the same on every build and platform. It tells versions of a spec apart (which
    /// version wrote an audit row); it is not a cryptographic signature.
    pub fn spec_hash(&self) -> String {
        let mut h = Fnv::new();
        h.tag(b'M');
        h.str(self.id);
        for s in self.states.as_slice() {
            h.tag(b'S');
            h.str(s.id);
            h.flag(s.initial);
            h.flag(s.is_final);
            for c in s.codes {
                match c {
                    Code::Int(i) => {
                        h.tag(b'i');
                        h.bytes(&i.to_le_bytes());
                    }
                    Code::Str(t) => {
                        h.tag(b's');
                        h.str(t);
                    }
                }
            }
        }
        h.tag(b'I');
        h.str(self.states.get(self.initial).map_or("", |s| s.id));
        for r in self.roles {
            h.tag(b'R');
            h.str(r.id);
        }
        for g in self.guards {
            h.tag(b'G');
            h.str(g.id);
        }
        for a in self.actions {
            h.tag(b'A');
            h.str(a.id);
        }
        for e in self.events {
            h.tag(b'E');
            h.str(e.id);
            for r in e.roles {
                h.tag(b'r');
                h.str(self.roles.get(*r).map_or("", |r| r.id));
            }
            for f in e.fields {
                h.tag(b'f');
                h.str(f.name);
                h.str(f.ty);
            }
        }
        for (i, t) in self.transitions.iter().enumerate() {
            h.tag(b'T');
            h.str(&self.line_identity(i).unwrap_or_default());
            if let TriggerInfo::Timeout { seconds, .. } = t.trigger {
                h.tag(b'd');
                h.bytes(&seconds.to_le_bytes());
            }
            for r in t.roles {
                h.tag(b'r');
                h.str(self.roles.get(*r).map_or("", |r| r.id));
            }
            for a in t.actions {
                h.tag(b'a');
                h.str(self.actions.get(*a).map_or("", |a| a.id));
            }
        }
        format!("{:016x}", h.0)
    }
}

/// A state: id, label, doc, flags and external status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
    pub initial: bool,
    pub is_final: bool,
    /// External status codes in spec order; the first of each kind is the canonical one.
    pub codes: &'static [Code],
    /// The codes in other systems, one entry per system the state has codes in.
    pub system_codes: &'static [SystemCodesInfo],
}

impl StateInfo {
    /// The codes of this state in the code system with this index, in spec order; empty
    /// when it has none there.
    pub fn codes_in(&self, system: usize) -> &'static [Code] {
        self.system_codes
            .iter()
            .find(|c| c.system == system)
            .map_or(&[], |c| c.codes)
    }
    /// Whether this state's code in that system is marked `shared`.
    pub fn shared_in(&self, system: usize) -> bool {
        self.system_codes
            .iter()
            .any(|c| c.system == system && c.shared)
    }
}

/// An external status code used by a legacy system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    Int(i64),
    Str(&'static str),
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Code::Int(i) => write!(f, "{i}"),
            Code::Str(s) => write!(f, "\"{s}\""),
        }
    }
}

/// An event: id, label, doc, the roles allowed to fire it and its payload fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
    /// Indices into [`MachineInfo::roles`]; empty means any role.
    pub roles: &'static [usize],
    pub fields: &'static [FieldInfo],
}

/// A payload field of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: &'static str,
    /// The Rust type as written in the spec.
    pub ty: &'static str,
    pub doc: Option<&'static str>,
}

/// A role that may fire events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
}

/// A guard: a yes/no condition implemented in the hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuardInfo {
    pub id: &'static str,
    pub description: Option<&'static str>,
    pub doc: Option<&'static str>,
}

/// An action run when a transition is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionInfo {
    pub id: &'static str,
    pub description: Option<&'static str>,
    pub doc: Option<&'static str>,
}

/// What makes a transition happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerInfo {
    /// `on Event`: index into [`MachineInfo::events`].
    Event(usize),
    /// `after 30m "…"`.
    Timeout {
        seconds: u64,
        /// The delay as written (`30m`).
        written: &'static str,
        label: Option<&'static str>,
    },
}

/// One transition line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionInfo {
    /// Source states (indices). For `any -> …` every non-final state.
    pub sources: &'static [usize],
    /// Written `any -> …`.
    pub from_any: bool,
    /// The state the line leads to (index). `None` for a line written without `-> Target`:
    /// it keeps the state (a reminder, or an event handled in place). Since the language
    /// has such lines this is an `Option`; it was a plain index before.
    pub target: Option<usize>,
    pub trigger: TriggerInfo,
    /// The roles allowed to take this line (the line's own `by`, else the event's);
    /// empty means any role.
    pub roles: &'static [usize],
    /// Index into [`MachineInfo::guards`].
    pub guard: Option<usize>,
    /// The guard description that applies on this line.
    pub guard_description: Option<&'static str>,
    /// Indices into [`MachineInfo::actions`], in the order they run.
    pub actions: &'static [usize],
    pub note: Option<&'static str>,
    pub doc: Option<&'static str>,
    /// 1-based line of the spec file.
    pub line: u32,
    /// The sources in which the line can never be taken, whatever the role, the guards'
    /// answers and the waiting time: a final state (it accepts nothing), or a state where
    /// an earlier line always wins (one without a guard, or with the same guard). The
    /// checker's liveness analysis decides it; `order-fsm check` reports such lines. Empty
    /// for a line that can be taken in each of its sources.
    pub dead_in: &'static [usize],
}

impl TransitionInfo {
    /// The state the line leads to when taken in `source`: its target, else `source`.
    pub fn target_from(&self, source: usize) -> usize {
        self.target.unwrap_or(source)
    }
    /// Whether the line can be taken in `source`: `source` is one of its sources and not
    /// one of [`dead_in`](Self::dead_in).
    pub fn is_live_in(&self, source: usize) -> bool {
        self.sources.contains(&source) && !self.dead_in.contains(&source)
    }
    /// Whether the line keeps the state (written without `-> Target`).
    pub fn stays(&self) -> bool {
        self.target.is_none()
    }
    /// A timeout that keeps the state: a reminder.
    pub fn is_reminder(&self) -> bool {
        self.stays() && self.timeout_seconds().is_some()
    }
    /// The event index, if this is an event transition.
    pub fn event(&self) -> Option<usize> {
        match self.trigger {
            TriggerInfo::Event(e) => Some(e),
            TriggerInfo::Timeout { .. } => None,
        }
    }
    /// The delay in seconds, if this is a timeout.
    pub fn timeout_seconds(&self) -> Option<u64> {
        match self.trigger {
            TriggerInfo::Timeout { seconds, .. } => Some(seconds),
            TriggerInfo::Event(_) => None,
        }
    }
}

/// 64-bit FNV-1a (Fowler–Noll–Vo), with the published offset basis and prime.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn tag(&mut self, t: u8) {
        self.bytes(&[t]);
    }
    fn flag(&mut self, f: bool) {
        self.bytes(&[u8::from(f)]);
    }
    /// Length first, so that `"ab", "c"` and `"a", "bc"` differ.
    fn str(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }
}
