#!/usr/bin/env python3
"""Writes a large spec and two crates that build the same machine: one with
#[derive(StateMachine)], one written by hand (enums, labels, codes, serde, a hooks trait and
a transition `match` with role checks, guards and actions), for build-time comparison.

usage: gen_machine.py OUT_DIR STATES TRANSITIONS [ORDER_FSM_PATH]
"""
import os
import sys

out, n_states, n_trans = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
order_fsm = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
N_EVENTS, N_GUARDS, N_ACTIONS = 20, 5, 10
ROLES = ["buyer", "seller", "service"]

per_state = max(1, -(-n_trans // (n_states - 1)))
lines = []  # (src, target, event, guard, actions, roles)
for i in range(n_states - 1):
    for k in range(per_state):
        if len(lines) >= n_trans:
            break
        e = (i + k * 3) % N_EVENTS if per_state <= N_EVENTS // 3 else (i + k) % N_EVENTS
        tgt = (i + k + 1) % n_states
        guard = f"g{(i + k) % N_GUARDS}" if (i + k) % 7 == 0 else None
        actions = [f"a{(i * 3 + k) % N_ACTIONS}"] if (i + k) % 3 == 0 else []
        lines.append((i, tgt, e, guard, actions))

spec = ['machine Big "大" {']
for r in ROLES:
    spec.append(f'  role {r} "{r}"')
for s in range(n_states):
    flags = " initial" if s == 0 else (" final" if s == n_states - 1 else "")
    spec.append(f'  state S{s} "状态{s}"{flags} code {s * 10}, "C{s}"')
for e in range(N_EVENTS):
    spec.append(f'  event E{e} "事件{e}" by {ROLES[e % 3]}' + (" { n: u64 }" if e % 4 == 0 else ""))
for g in range(N_GUARDS):
    spec.append(f'  guard g{g} "条件{g}"')
for (s, t, e, g, acts) in lines:
    text = f"  S{s} -> S{t} on E{e}"
    if g:
        text += f" if {g}"
    if acts:
        text += " then " + ", ".join(acts)
    spec.append(text)
spec.append("}")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "big.fsm"), "w") as f:
    f.write("\n".join(spec) + "\n")
if order_fsm is None:
    sys.exit(0)

def crate(name, deps, src):
    d = os.path.join(out, name)
    os.makedirs(os.path.join(d, "src"), exist_ok=True)
    with open(os.path.join(d, "Cargo.toml"), "w") as f:
        f.write(f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n{deps}\n')
    with open(os.path.join(d, "src", "lib.rs"), "w") as f:
        f.write(src)

with open(os.path.join(out, "Cargo.toml"), "w") as f:
    f.write('[workspace]\nresolver = "2"\nmembers = ["generated", "generated_typestate", "hand", "hand_typestate", "bare_generated", "bare_hand"]\n\n[profile.release]\ndebug = false\n')

crate("generated", f'order-fsm = {{ path = "{order_fsm}" }}',
      '#[derive(order_fsm::StateMachine)]\n#[fsm(spec = "../big.fsm")]\npub struct Big;\n')
crate("generated_typestate", f'order-fsm = {{ path = "{order_fsm}" }}',
      '#[derive(order_fsm::StateMachine)]\n#[fsm(spec = "../big.fsm", typestate = true)]\npub struct Big;\n')

# The hand-written twin.
h = ["use serde::{Deserialize, Serialize};", ""]
h.append("#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]")
h.append("#[repr(u16)]\npub enum State {")
h += [f"    S{s}," for s in range(n_states)]
h.append("}\n")
h.append("#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]\npub enum Event {")
h += [f"    E{e}" + (" { n: u64 }," if e % 4 == 0 else ",") for e in range(N_EVENTS)]
h.append("}\n")
h.append("#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]\npub enum Role { Buyer, Seller, Service }\n")
h.append("#[derive(Debug)]\npub enum Reject { Final, NoTransition, RoleNotAllowed, GuardFailed }\n")
h.append("pub trait Hooks {")
h += [f"    fn g{g}(&self, e: &Event) -> bool;" for g in range(N_GUARDS)]
h += [f"    fn a{a}(&mut self, e: &Event);" for a in range(N_ACTIONS)]
h.append("}\n")
h.append("impl State {")
h.append("    pub fn label(self) -> &'static str {\n        match self {")
h += [f'            State::S{s} => "状态{s}",' for s in range(n_states)]
h.append("        }\n    }")
h.append("    pub fn code(self) -> i64 {\n        match self {")
h += [f"            State::S{s} => {s * 10}," for s in range(n_states)]
h.append("        }\n    }")
h.append("    pub fn from_code(c: i64) -> Option<State> {\n        match c {")
h += [f"            {s * 10} => Some(State::S{s})," for s in range(n_states)]
h.append("            _ => None,\n        }\n    }")
h.append("    pub fn is_final(self) -> bool {\n        matches!(self, State::S%d)\n    }" % (n_states - 1))
h.append("    pub fn fire<H: Hooks>(self, e: &Event, actor: Option<Role>, h: &mut H) -> Result<State, Reject> {")
h.append("        if self.is_final() {\n            return Err(Reject::Final);\n        }")
h.append("        match (self, e) {")
for (s, t, e, g, acts) in lines:
    pat = f"E{e} {{ .. }}" if e % 4 == 0 else f"E{e}"
    role = ["Buyer", "Seller", "Service"][e % 3]
    body = [f"if actor.is_some_and(|a| a != Role::{role}) {{ return Err(Reject::RoleNotAllowed); }}"]
    if g:
        body.append(f"if !h.{g}(e) {{ return Err(Reject::GuardFailed); }}")
    for a in acts:
        body.append(f"h.{a}(e);")
    body.append(f"Ok(State::S{t})")
    h.append(f"            (State::S{s}, Event::{pat}) => {{ " + " ".join(body) + " }")
h.append("            _ => Err(Reject::NoTransition),\n        }\n    }\n}\n")
crate("hand", 'serde = { version = "1", features = ["derive"] }', "\n".join(h))

# The same plus a typestate module written by hand: one struct per state carrying the
# caller's data, accessors, and one method per event possible there.
t = list(h)
t.append("pub mod states {")
t.append("    use super::*;")
by_state = {}
for (s_, tg, e, g, acts) in lines:
    by_state.setdefault(s_, []).append((tg, e, g, acts))
for s_ in range(n_states):
    t.append("    #[derive(Clone, Debug)]")
    t.append(f"    pub struct S{s_}<D = ()> {{ data: D }}")
    t.append(f"    impl<D> S{s_}<D> {{")
    t.append(f"        pub fn state(&self) -> State {{ State::S{s_} }}")
    t.append("        pub fn data(&self) -> &D { &self.data }")
    t.append("        pub fn data_mut(&mut self) -> &mut D { &mut self.data }")
    t.append("        pub fn into_data(self) -> D { self.data }")
    t.append(f"        pub fn into_dynamic(self) -> (State, D) {{ (State::S{s_}, self.data) }}")
    t.append(f"        pub fn from_dynamic(state: State, data: D) -> Result<Self, (State, D)> {{ if state == State::S{s_} {{ Ok(S{s_} {{ data }}) }} else {{ Err((state, data)) }} }}")
    for (tg, e, g, acts) in by_state.get(s_, []):
        params = "n: u64, " if e % 4 == 0 else ""
        ev = f"Event::E{e} {{ n }}" if e % 4 == 0 else f"Event::E{e}"
        if g or acts:
            t.append(f"        pub fn e{e}<H: Hooks>(self, {params}hooks: &mut H) -> Result<S{tg}<D>, (Self, Reject)> {{")
            t.append(f"            match State::S{s_}.fire(&{ev}, None, hooks) {{ Ok(_) => Ok(S{tg} {{ data: self.data }}), Err(r) => Err((self, r)) }}")
            t.append("        }")
        else:
            t.append(f"        pub fn e{e}(self, {params.rstrip(', ')}) -> S{tg}<D> {{ let _ = {ev}; S{tg} {{ data: self.data }} }}")
    t.append("    }")
t.append("    #[derive(Clone, Debug)]")
t.append("    pub enum Any<D = ()> {")
t += [f"        S{s_}(S{s_}<D>)," for s_ in range(n_states)]
t.append("    }")
t.append("    impl<D> Any<D> {")
t.append("        pub fn from_dynamic(state: State, data: D) -> Self {\n            match state {")
t += [f"                State::S{s_} => Any::S{s_}(S{s_} {{ data }})," for s_ in range(n_states)]
t.append("            }\n        }")
t.append("        pub fn state(&self) -> State {\n            match self {")
t += [f"                Any::S{s_}(_) => State::S{s_}," for s_ in range(n_states)]
t.append("            }\n        }")
t.append("    }")
t.append("}")
crate("hand_typestate", 'serde = { version = "1", features = ["derive"] }', "\n".join(t))

# The bare pair: the smallest machine of the same size, ids only (no labels, roles, guards
# or actions), with the derive's default attributes, against the enums and one `match` by
# hand. Both crates export the same `drive` function, which fires a list of events with no
# actor and no hooks.
import random

rng = random.Random(12)
B_STATES, B_EVENTS, B_LINES = n_states, 8, n_trans
b_cells = set()
b_lines = []  # (src, event, target)
# A chain through every state keeps them all reachable, then random lines fill up to
# B_LINES; each (state, event) has at most one line, and the last state is final.
for s in range(B_STATES - 1):
    e = rng.randrange(B_EVENTS)
    b_cells.add((s, e))
    b_lines.append((s, e, s + 1))
free = [(s, e) for s in range(B_STATES - 1) for e in range(B_EVENTS) if (s, e) not in b_cells]
rng.shuffle(free)
for (s, e) in free[: max(0, B_LINES - len(b_lines))]:
    b_lines.append((s, e, rng.randrange(B_STATES)))
rng.shuffle(b_lines)
bare = ["machine Bare {"]
for s in range(B_STATES):
    flags = " initial" if s == 0 else (" final" if s == B_STATES - 1 else "")
    bare.append(f"  state S{s}{flags}")
for e in range(B_EVENTS):
    bare.append(f"  event E{e}")
for (s, e, t) in b_lines:
    bare.append(f"  S{s} -> S{t} on E{e}")
bare.append("}")
with open(os.path.join(out, "bare.fsm"), "w") as f:
    f.write("\n".join(bare) + "\n")

crate("bare_generated", f'order-fsm = {{ path = "{order_fsm}" }}', "\n".join([
    "#[derive(order_fsm::StateMachine)]",
    '#[fsm(spec = "../bare.fsm")]',
    "pub struct Bare;",
    "",
    "pub fn drive(events: &[BareEvent]) -> BareState {",
    "    let mut s = BareState::S0;",
    "    for ev in events {",
    "        if let Ok(t) = s.fire(ev, None, &mut order_fsm::NoHooks) {",
    "            s = t.to;",
    "        }",
    "    }",
    "    s",
    "}",
    "",
]))
bh = ["#[derive(Clone, Copy, PartialEq, Eq, Debug)]", "pub enum State {"]
bh += [f"    S{s}," for s in range(B_STATES)]
bh += ["}", "", "#[derive(Clone, Copy, PartialEq, Eq, Debug)]", "pub enum Event {"]
bh += [f"    E{e}," for e in range(B_EVENTS)]
bh += ["}", "", "pub fn fire(s: State, e: &Event) -> Option<State> {", "    match (s, e) {"]
bh += [f"        (State::S{s}, Event::E{e}) => Some(State::S{t})," for (s, e, t) in b_lines]
bh += ["        _ => None,", "    }", "}", ""]
bh += ["pub fn drive(events: &[Event]) -> State {", "    let mut s = State::S0;", "    for ev in events {",
       "        if let Some(t) = fire(s, ev) {", "            s = t;", "        }", "    }", "    s", "}", ""]
crate("bare_hand", "", "\n".join(bh))
