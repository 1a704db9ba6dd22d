//! The private block and the static metadata (`MachineInfo`).

use order_fsm_core::interp::Interpreter;
use order_fsm_core::liveness::Liveness;
use order_fsm_core::model::{Code, Machine, TransitionIx, Trigger};
use order_fsm_pack::meta::{self as pack, Line, PackedMachine, State, SystemCodes, Writer};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{line_of, lit_usize, opt_str, split_docs, Gen};
use crate::Options;

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

/// The states and transition lines of a machine as the derive packs them for
/// `order_fsm::Table`, in the format of `order_fsm_pack::meta`: the bytes and text of the
/// generated `__STATES`, `__LINES` and `__TEXT`. The spec line of each transition is read
/// from `options.source` (0 without it); the sources in which each line can never be taken
/// from the checker's liveness.
pub fn pack_metadata(m: &Machine, options: &Options<'_>) -> PackedMachine {
    let mut w = Writer::new();
    for s in &m.states {
        let codes: Vec<pack::Code> = s.codes.iter().map(code).collect();
        let system_codes: Vec<Vec<pack::Code>> = s
            .system_codes
            .iter()
            .map(|sc| sc.codes.iter().map(code).collect())
            .collect();
        let systems: Vec<SystemCodes> = s
            .system_codes
            .iter()
            .zip(&system_codes)
            .map(|(sc, codes)| SystemCodes {
                system: sc.system,
                shared: sc.shared,
                codes,
            })
            .collect();
        w.state(&State {
            id: &s.id.text,
            label: s.label.as_ref().map_or(&s.id.text, |l| &l.text),
            doc: s.doc.as_deref(),
            initial: s.initial,
            is_final: s.is_final,
            codes: &codes,
            systems: &systems,
        });
    }
    let live = Liveness::new(Interpreter::new(m));
    for (i, t) in m.transitions.iter().enumerate() {
        let dead_in: Vec<usize> = live
            .dead_sources(TransitionIx(i as u32))
            .iter()
            .map(|s| s.index())
            .collect();
        let sources: Vec<usize> = t.sources.iter().map(|s| s.index()).collect();
        let roles: Vec<usize> = m.allowed_roles(t).iter().map(|r| r.index()).collect();
        let actions: Vec<usize> = t.actions.iter().map(|a| a.index()).collect();
        let trigger = match &t.trigger {
            Trigger::Event { event, .. } => pack::Trigger::Event(event.index()),
            Trigger::Timeout {
                seconds,
                written,
                label,
                ..
            } => pack::Trigger::Timeout {
                seconds: *seconds,
                written,
                label: label.as_ref().map(|l| l.text.as_str()),
            },
        };
        w.line(&Line {
            sources: &sources,
            from_any: t.from_any,
            target: t.target.map(|to| to.index()),
            trigger,
            roles: &roles,
            guard: t.guard.as_ref().map(|g| g.guard.index()),
            guard_description: t.guard.as_ref().and_then(|g| m.guard_description(g)),
            actions: &actions,
            note: t.note.as_ref().map(|n| n.text.as_str()),
            doc: t.doc.as_deref(),
            line: line_of(options.source, t.span.start),
            dead_in: &dead_in,
        });
    }
    w.finish()
}

fn code(c: &Code) -> pack::Code<'_> {
    match c {
        Code::Int(i) => pack::Code::Int(*i),
        Code::Str(t) => pack::Code::Str(t),
    }
}

impl Gen<'_> {
    /// The states and transition lines as `order_fsm::__private::Packed` statics, decoded
    /// at run time on first use: a few literals for the compiler instead of one struct
    /// expression per state and line.
    fn packed_metadata(&self) -> TokenStream {
        let p = pack_metadata(self.m, self.o);
        let text = &p.text;
        let n_states = lit_usize(p.n_states);
        let n_lines = lit_usize(p.n_lines);
        let states = Literal::byte_string(&p.states);
        let lines = Literal::byte_string(&p.lines);
        quote! {
            const __TEXT: &str = #text;
            static __STATES: ::order_fsm::__private::Packed<::order_fsm::StateInfo> = ::order_fsm::__private::Packed::new(#states, __TEXT, #n_states);
            static __LINES: ::order_fsm::__private::Packed<::order_fsm::TransitionInfo> = ::order_fsm::__private::Packed::new(#lines, __TEXT, #n_lines);
        }
    }
}
