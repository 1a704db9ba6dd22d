//! The private block and the static metadata (`MachineInfo`).

use std::collections::HashMap;

use order_fsm_core::model::{Code, Trigger};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{lit_usize, opt_str, split_docs, Gen};

impl Gen<'_> {
    pub(super) fn private_block(&self) -> TokenStream {
        let info = self.info_static();
        let tables = self.tables_static();
        let enum_impls = self.enum_impls();
        let state_api = self.state_api();
        let machine_impl = split_docs(self.machine_impl());
        let hooks_impls = self.hooks_impls();
        quote! {
            #[allow(clippy::all, clippy::pedantic, non_upper_case_globals, unused_qualifications)]
            const _: () = {
                #info
                #tables
                #enum_impls
                #state_api
                #hooks_impls
                #machine_impl
            };
        }
    }

    pub(super) fn info_static(&self) -> TokenStream {
        let m = self.m;
        let id = &m.id.text;
        let label = m.label.as_ref().map_or(&m.id.text, |l| &l.text);
        let doc = opt_str(m.doc.as_deref());
        let file = &self.o.file;
        let events = m.events.iter().map(|e| {
            let id = &e.id.text;
            let label = e.label.as_ref().map_or(&e.id.text, |l| &l.text);
            let doc = opt_str(e.doc.as_deref());
            let roles = e.roles.iter().map(|r| lit_usize(r.index()));
            let fields = e.payload.iter().map(|f| {
                let name = &f.name.text;
                let ty = &f.ty.text;
                let doc = opt_str(f.doc.as_deref());
                quote!(::order_fsm::FieldInfo { name: #name, ty: #ty, doc: #doc })
            });
            quote!(::order_fsm::EventInfo { id: #id, label: #label, doc: #doc, roles: &[#(#roles),*], fields: &[#(#fields),*] })
        });
        let roles = m.roles.iter().map(|r| {
            let id = &r.id.text;
            let label = r.label.as_ref().map_or(&r.id.text, |l| &l.text);
            let doc = opt_str(r.doc.as_deref());
            quote!(::order_fsm::RoleInfo { id: #id, label: #label, doc: #doc })
        });
        let guards = m.guards.iter().map(|x| {
            let id = &x.id.text;
            let d = opt_str(x.description.as_ref().map(|d| d.text.as_str()));
            let doc = opt_str(x.doc.as_deref());
            quote!(::order_fsm::GuardInfo { id: #id, description: #d, doc: #doc })
        });
        let actions = m.actions.iter().map(|x| {
            let id = &x.id.text;
            let d = opt_str(x.description.as_ref().map(|d| d.text.as_str()));
            let doc = opt_str(x.doc.as_deref());
            quote!(::order_fsm::ActionInfo { id: #id, description: #d, doc: #doc })
        });
        let notes = m.notes.iter().map(|n| &n.text.text);
        let code_systems = m.code_systems.iter().map(|c| {
            let id = &c.id.text;
            let label = c.label.as_ref().map_or(&c.id.text, |l| &l.text);
            let doc = opt_str(c.doc.as_deref());
            quote!(::order_fsm::CodeSystemInfo { id: #id, label: #label, doc: #doc })
        });
        let initial = lit_usize(m.initial.map_or(0, |s| s.index()));
        let packed = self.packed_metadata();
        quote! {
            #packed
            static INFO: ::order_fsm::MachineInfo = ::order_fsm::MachineInfo {
                id: #id,
                label: #label,
                doc: #doc,
                file: #file,
                states: ::order_fsm::Table::packed(&__STATES),
                events: &[#(#events),*],
                roles: &[#(#roles),*],
                guards: &[#(#guards),*],
                actions: &[#(#actions),*],
                transitions: ::order_fsm::Table::packed(&__LINES),
                notes: &[#(#notes),*],
                initial: #initial,
                code_systems: &[#(#code_systems),*],
            };
        }
    }
}

/// The packed form of `order_fsm::Table`: numbers as LEB128, strings as (start, length)
/// in one text where each string is written once. `order_fsm::meta` reads it (the layout
/// is described at its `Unpack` implementations); the flags are its `STATE_*` and `LINE_*`.
#[derive(Default)]
struct Packer {
    text: String,
    at: HashMap<String, (usize, usize)>,
}

const CODE_INT: u64 = 0;
const CODE_STR: u64 = 1;
const STATE_INITIAL: u64 = 1;
const STATE_FINAL: u64 = 2;
const STATE_LABEL: u64 = 4;
const STATE_DOC: u64 = 8;
const LINE_FROM_ANY: u64 = 1;
const LINE_TARGET: u64 = 2;
const LINE_TIMEOUT: u64 = 4;
const LINE_TIMEOUT_LABEL: u64 = 8;
const LINE_GUARD: u64 = 16;
const LINE_GUARD_DESCRIPTION: u64 = 32;
const LINE_NOTE: u64 = 64;
const LINE_DOC: u64 = 128;

/// Appends `v` as LEB128.
fn num(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn ix(out: &mut Vec<u8>, v: usize) {
    num(out, v as u64);
}

impl Packer {
    fn str(&mut self, out: &mut Vec<u8>, s: &str) {
        let (start, len) = match self.at.get(s) {
            Some(&at) => at,
            None => {
                let at = (self.text.len(), s.len());
                self.text.push_str(s);
                self.at.insert(s.to_string(), at);
                at
            }
        };
        ix(out, start);
        ix(out, len);
    }

    fn code(&mut self, out: &mut Vec<u8>, c: &Code) {
        match c {
            Code::Int(i) => {
                num(out, CODE_INT);
                // Zigzag: small negative codes stay short.
                num(out, ((*i << 1) ^ (*i >> 63)) as u64);
            }
            Code::Str(t) => {
                num(out, CODE_STR);
                self.str(out, t);
            }
        }
    }
}

impl Gen<'_> {
    /// The states and transition lines as `order_fsm::__private::Packed` statics, decoded
    /// at run time on first use: a few literals for the compiler instead of one struct
    /// expression per state and line.
    fn packed_metadata(&self) -> TokenStream {
        let m = self.m;
        let mut p = Packer::default();
        let mut states = Vec::new();
        for s in &m.states {
            let label = s.label.as_ref().map(|l| l.text.as_str());
            let label = label.filter(|l| *l != s.id.text);
            let mut flags = 0;
            for (on, flag) in [
                (s.initial, STATE_INITIAL),
                (s.is_final, STATE_FINAL),
                (label.is_some(), STATE_LABEL),
                (s.doc.is_some(), STATE_DOC),
            ] {
                if on {
                    flags |= flag;
                }
            }
            num(&mut states, flags);
            p.str(&mut states, &s.id.text);
            if let Some(l) = label {
                p.str(&mut states, l);
            }
            if let Some(d) = s.doc.as_deref() {
                p.str(&mut states, d);
            }
            ix(&mut states, s.codes.len());
            for c in &s.codes {
                p.code(&mut states, c);
            }
            ix(&mut states, s.system_codes.len());
            for sc in &s.system_codes {
                ix(&mut states, sc.system);
                num(&mut states, u64::from(sc.shared));
                ix(&mut states, sc.codes.len());
                for c in &sc.codes {
                    p.code(&mut states, c);
                }
            }
        }
        let mut lines = Vec::new();
        for t in &m.transitions {
            let roles = m.allowed_roles(t);
            let gdesc = t.guard.as_ref().and_then(|g| m.guard_description(g));
            let timeout_label = match &t.trigger {
                Trigger::Timeout { label, .. } => label.as_ref().map(|l| l.text.as_str()),
                Trigger::Event { .. } => None,
            };
            let mut flags = 0;
            for (on, flag) in [
                (t.from_any, LINE_FROM_ANY),
                (t.target.is_some(), LINE_TARGET),
                (t.event().is_none(), LINE_TIMEOUT),
                (timeout_label.is_some(), LINE_TIMEOUT_LABEL),
                (t.guard.is_some(), LINE_GUARD),
                (gdesc.is_some(), LINE_GUARD_DESCRIPTION),
                (t.note.is_some(), LINE_NOTE),
                (t.doc.is_some(), LINE_DOC),
            ] {
                if on {
                    flags |= flag;
                }
            }
            num(&mut lines, flags);
            ix(&mut lines, t.sources.len());
            for s in &t.sources {
                ix(&mut lines, s.index());
            }
            if let Some(to) = t.target {
                ix(&mut lines, to.index());
            }
            match &t.trigger {
                Trigger::Event { event, .. } => ix(&mut lines, event.index()),
                Trigger::Timeout {
                    seconds, written, ..
                } => {
                    num(&mut lines, *seconds);
                    p.str(&mut lines, written);
                    if let Some(l) = timeout_label {
                        p.str(&mut lines, l);
                    }
                }
            }
            ix(&mut lines, roles.len());
            for r in roles {
                ix(&mut lines, r.index());
            }
            if let Some(g) = &t.guard {
                ix(&mut lines, g.guard.index());
            }
            if let Some(d) = gdesc {
                p.str(&mut lines, d);
            }
            ix(&mut lines, t.actions.len());
            for a in &t.actions {
                ix(&mut lines, a.index());
            }
            if let Some(n) = &t.note {
                p.str(&mut lines, &n.text);
            }
            if let Some(d) = t.doc.as_deref() {
                p.str(&mut lines, d);
            }
            num(&mut lines, u64::from(self.line_of(t.span.start)));
        }
        let text = &p.text;
        let n_states = lit_usize(m.states.len());
        let n_lines = lit_usize(m.transitions.len());
        let states = Literal::byte_string(&states);
        let lines = Literal::byte_string(&lines);
        quote! {
            const __TEXT: &str = #text;
            static __STATES: ::order_fsm::__private::Packed<::order_fsm::StateInfo> = ::order_fsm::__private::Packed::new(#states, __TEXT, #n_states);
            static __LINES: ::order_fsm::__private::Packed<::order_fsm::TransitionInfo> = ::order_fsm::__private::Packed::new(#lines, __TEXT, #n_lines);
        }
    }
}
