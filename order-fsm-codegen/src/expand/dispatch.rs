//! The dispatch tables and the body of `fire`.

use std::collections::HashMap;

use order_fsm_core::model::{EventIx, RoleIx, StateIx, Transition, TransitionIx, Trigger};
use order_fsm_pack::table::{
    push_slow, timeout_index, Candidate, Cell, LineWriter, ALL_ROLES, CELL_BYTES, OP_FAST,
    OP_FINAL, OP_NONE, OP_SLOW,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{lit_usize, opt_str, Gen, Names};

impl Gen<'_> {
    /// The roles of a line as a bit mask, [`ALL_ROLES`] when it is open to every role; `None`
    /// when a mask cannot say it (a role past the 32nd, or a list that would read as "every
    /// role" while leaving some out).
    pub(super) fn role_mask(&self, roles: &[RoleIx]) -> Option<u32> {
        if roles.is_empty() {
            return Some(ALL_ROLES);
        }
        let mut mask = 0u32;
        for r in roles {
            mask |= 1u32.checked_shl(r.0)?;
        }
        (mask != ALL_ROLES || self.m.roles.len() <= 32).then_some(mask)
    }

    pub(super) fn guard_path(&self, t: &Transition) -> TokenStream {
        match &t.guard {
            Some(g) => {
                let gt = &self.n.guard;
                let v = &self.guards[g.guard.index()];
                quote!(::core::option::Option::Some(#gt::#v))
            }
            None => quote!(::core::option::Option::None),
        }
    }

    /// Whether a cell's first candidate is taken at once by any role: no guard, no action,
    /// no role restriction. Such a cell needs nothing but its hot part.
    fn cell_is_plain(&self, cands: &[TransitionIx]) -> bool {
        let m = self.m;
        cands.first().is_some_and(|&first| {
            let t = m.transition(first);
            t.guard.is_none() && t.actions.is_empty() && m.allowed_roles(t).is_empty()
        })
    }

    /// The dispatch tables: byte strings for the cells and lines, typed data only for the
    /// cells that need more than their hot part, the roles and actions of lines, and the
    /// timeouts.
    pub(super) fn tables_static(&self) -> TokenStream {
        let m = self.m;
        let ty = &self.n.ty;
        let n_events = lit_usize(m.events.len());
        let slow_ix = self.slow_index();
        let mut slow_list: Vec<&[TransitionIx]> = Vec::new();
        let mut cells: Vec<u8> = Vec::with_capacity(m.states.len() * m.events.len() * CELL_BYTES);
        let mut push_cell = |op: u8, target: u32, roles: u32, line: u32, slow: u32| {
            Cell {
                op,
                target,
                roles,
                line,
                slow,
            }
            .push(&mut cells);
        };
        for (s, st) in m.states.iter().enumerate() {
            let six = StateIx(s as u32);
            for e in 0..m.events.len() {
                if st.is_final {
                    push_cell(OP_FINAL, 0, 0, 0, 0);
                    continue;
                }
                let cands = self.interp.candidates(six, EventIx(e as u32));
                let Some(&first) = cands.first() else {
                    push_cell(OP_NONE, 0, 0, 0, 0);
                    continue;
                };
                let ft = m.transition(first);
                let mask = self.role_mask(m.allowed_roles(ft));
                let fast_ok = ft.guard.is_none() && ft.actions.is_empty() && mask.is_some();
                let op = if fast_ok { OP_FAST } else { OP_SLOW };
                let si = match slow_ix.get(cands) {
                    Some(&si) => {
                        if si == slow_list.len() {
                            slow_list.push(cands);
                        }
                        si as u32
                    }
                    None => 0,
                };
                push_cell(op, ft.target_from(six).0, mask.unwrap_or(0), first.0, si);
            }
        }
        // The roles and actions of each line are positions in spec order, as
        // `order_fsm::__private::enums` reads them.
        let mut lines = LineWriter::default();
        for t in &m.transitions {
            lines.push(
                t.target.map(|to| to.index()),
                m.allowed_roles(t).iter().map(|r| r.index()),
                t.actions.iter().map(|a| a.index()),
            );
        }
        let mut timeout_slots = Vec::with_capacity(m.states.len());
        let mut timeouts = Vec::new();
        for s in 0..m.states.len() {
            let list = self.interp.timeouts(StateIx(s as u32));
            if list.is_empty() {
                timeout_slots.push(None);
                continue;
            }
            timeout_slots.push(Some(timeouts.len()));
            let (slots, guards) = self.slots(list);
            let items = list.iter().map(|&ix| {
                let t = m.transition(ix);
                let (seconds, written, label) = match &t.trigger {
                    Trigger::Timeout { seconds, written, label, .. } => {
                        (*seconds, written.as_str(), label.as_ref().map(|l| l.text.as_str()))
                    }
                    Trigger::Event { .. } => (u64::MAX, "", None),
                };
                let seconds = Literal::u64_unsuffixed(seconds);
                let label = opt_str(label);
                let target = match t.target {
                    Some(to) => {
                        let to = self.state_path(to);
                        quote!(::core::option::Option::Some(#to))
                    }
                    None => quote!(::core::option::Option::None),
                };
                let guard = self.guard_path(t);
                let actions = t.actions.iter().map(|a| {
                    let at = &self.n.action;
                    let v = &self.actions[a.index()];
                    quote!(#at::#v)
                });
                let line = lit_usize(ix.index());
                quote!(::order_fsm::Timeout { seconds: #seconds, written: #written, label: #label, target: #target, guard: #guard, actions: &[#(#actions),*], line: #line })
            });
            timeouts.push(quote!(::order_fsm::__private::StateTimeouts { list: &[#(#items),*], guards: &[#(#guards),*], slots: &[#(#slots),*] }));
        }
        let timeout_index = timeout_index(timeout_slots);
        let mut slow: Vec<u8> = Vec::new();
        for c in &slow_list {
            self.slow_cell(c, &mut slow);
        }
        // An empty table compiles no decoder.
        let lazy = |bytes: &[u8], decode: TokenStream| {
            if bytes.is_empty() {
                quote!(::order_fsm::__private::Lazy::empty())
            } else {
                let bytes = Literal::byte_string(bytes);
                quote!(::order_fsm::__private::Lazy::new(#bytes, #decode))
            }
        };
        let (role_ty, action_ty) = (&self.n.role, &self.n.action);
        let slow = lazy(&slow, quote!(::order_fsm::__private::slow_cells::<#ty>));
        let roles = lazy(
            &lines.roles,
            quote!(::order_fsm::__private::enums::<#role_ty>),
        );
        let actions = lazy(
            &lines.actions,
            quote!(::order_fsm::__private::enums::<#action_ty>),
        );
        let cells = Literal::byte_string(&cells);
        let lines = Literal::byte_string(&lines.lines);
        let timeout_index = Literal::byte_string(&timeout_index);
        quote! {
            static TABLES: ::order_fsm::__private::Tables<#ty> = ::order_fsm::__private::Tables {
                n_events: #n_events,
                cells: #cells,
                slow: #slow,
                lines: #lines,
                roles: #roles,
                actions: #actions,
                timeout_index: #timeout_index,
                timeouts: &[#(#timeouts),*],
            };
        }
    }

    /// The slot of each line's guard among the distinct guards of the list (0 for none).
    pub(super) fn slot_numbers(&self, list: &[TransitionIx]) -> Vec<u8> {
        let mut distinct = Vec::new();
        list.iter()
            .map(|&ix| {
                let slot = match &self.m.transition(ix).guard {
                    Some(g) => match distinct.iter().position(|d| *d == g.guard) {
                        Some(p) => p,
                        None => {
                            distinct.push(g.guard);
                            distinct.len() - 1
                        }
                    },
                    None => 0,
                };
                u8::try_from(slot).unwrap_or(u8::MAX)
            })
            .collect()
    }

    /// Slots of each line's guard among the distinct guards of the list, and the guards.
    pub(super) fn slots(&self, list: &[TransitionIx]) -> (Vec<Literal>, Vec<TokenStream>) {
        let slots = self
            .slot_numbers(list)
            .into_iter()
            .map(Literal::u8_unsuffixed)
            .collect();
        let guards = list
            .iter()
            .map(|&ix| self.guard_path(self.m.transition(ix)))
            .collect();
        (slots, guards)
    }

    /// One `Slow` cell, written as `order_fsm::__private::slow_cells` reads it.
    pub(super) fn slow_cell(&self, cands: &[TransitionIx], out: &mut Vec<u8>) {
        let m = self.m;
        let mut allowed: Vec<usize> = Vec::new();
        for &c in cands {
            for r in m.allowed_roles(m.transition(c)) {
                if !allowed.contains(&r.index()) {
                    allowed.push(r.index());
                }
            }
        }
        let cands: Vec<Candidate> = cands
            .iter()
            .zip(self.slot_numbers(cands))
            .map(|(&c, slot)| Candidate {
                line: c.index(),
                guard: m.transition(c).guard.as_ref().map(|g| g.guard.index()),
                slot,
            })
            .collect();
        push_slow(out, &cands, &allowed);
    }

    /// The index of each cell's `Slow` entry: cells with the same candidate lines share one,
    /// and a cell whose first candidate any role takes at once has none.
    pub(super) fn slow_index(&self) -> HashMap<Vec<TransitionIx>, usize> {
        let m = self.m;
        let mut map: HashMap<Vec<TransitionIx>, usize> = HashMap::new();
        for (s, st) in m.states.iter().enumerate() {
            if st.is_final {
                continue;
            }
            for e in 0..m.events.len() {
                let cands = self.interp.candidates(StateIx(s as u32), EventIx(e as u32));
                if !cands.is_empty() && !self.cell_is_plain(cands) && !map.contains_key(cands) {
                    let n = map.len();
                    map.insert(cands.to_vec(), n);
                }
            }
        }
        map
    }

    /// The body of `fire`: one `match` arm per (state, event) cell with lines, each deciding
    /// exactly as the interpreter does, with direct calls to the hooks.
    pub(super) fn fire_body(&self) -> TokenStream {
        let m = self.m;
        let Names {
            state,
            event,
            guard,
            action,
            ..
        } = &self.n;
        let slow = self.slow_index();
        let finals: Vec<TokenStream> = m
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_final)
            .map(|(i, _)| self.state_path(StateIx(i as u32)))
            .collect();
        let final_arm = if finals.is_empty() {
            quote!()
        } else {
            quote!((#(#finals)|*, _) => ::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::FinalState { state: self })),)
        };
        let mut arms = Vec::new();
        for (s, st) in m.states.iter().enumerate() {
            if st.is_final {
                continue;
            }
            let six = StateIx(s as u32);
            for e in 0..m.events.len() {
                let eix = EventIx(e as u32);
                let cands = self.interp.candidates(six, eix);
                if cands.is_empty() {
                    continue;
                }
                let sp = self.state_path(six);
                let ev = &self.events[e];
                let pat = if self.payload[e].is_empty() {
                    quote!(#event::#ev)
                } else {
                    quote!(#event::#ev { .. })
                };
                let kind_v = &self.events[e];
                let kind_t = &self.n.kind;
                let kind = quote!(#kind_t::#kind_v);
                let cell = slow.get(cands).copied().map(lit_usize);
                // Guards asked more than once in this cell get a cache.
                let mut count: HashMap<u32, usize> = HashMap::new();
                for &c in cands {
                    if let Some(g) = &m.transition(c).guard {
                        *count.entry(g.guard.0).or_default() += 1;
                    }
                }
                let mut caches = Vec::new();
                for (&g, &n) in &count {
                    if n > 1 {
                        let var = format_ident!("g{}", g);
                        caches.push(quote!(let mut #var: ::core::option::Option<bool> = ::core::option::Option::None;));
                    }
                }
                caches.sort_by_key(|t| t.to_string());
                let any_restricted = cands
                    .iter()
                    .any(|&c| !m.allowed_roles(m.transition(c)).is_empty());
                let all_restricted = cands
                    .iter()
                    .all(|&c| !m.allowed_roles(m.transition(c)).is_empty());
                let has_guard = !count.is_empty();
                let mut body = Vec::new();
                for (i, &c) in cands.iter().enumerate() {
                    let t = m.transition(c);
                    let roles = m.allowed_roles(t);
                    let target = match t.target {
                        Some(to) => self.state_path(to),
                        None => quote!(self),
                    };
                    let line = lit_usize(c.index());
                    let bit = Literal::u64_unsuffixed(1u64.checked_shl(i as u32).unwrap_or(0));
                    let role_ok = if roles.is_empty() {
                        quote!(true)
                    } else {
                        let rs = roles.iter().map(|&r| self.role_path(r));
                        quote!(match actor {
                            ::core::option::Option::None => true,
                            ::core::option::Option::Some(r) => ::core::matches!(r, #(#rs)|*),
                        })
                    };
                    let mark_any = if all_restricted {
                        quote!(any = true;)
                    } else {
                        quote!()
                    };
                    let ty = &self.n.ty;
                    let transition = quote!(::order_fsm::Transition::<#ty> {
                        from: self,
                        to: #target,
                        cause: ::order_fsm::Cause::Event(#kind),
                        actor,
                        line: #line,
                    });
                    let actions = t.actions.iter().map(|a| {
                        let name = &self.action_methods[a.index()];
                        let av = &self.actions[a.index()];
                        let call = if self.action_on_timeout[a.index()] {
                            quote!(hooks.#name(&ctx))
                        } else {
                            quote!(hooks.#name(event, &ctx))
                        };
                        quote! {
                            if let ::core::result::Result::Err(error) = #call {
                                return ::core::result::Result::Err(::order_fsm::FireError::Action {
                                    action: #action::#av,
                                    transition: tr,
                                    error,
                                });
                            }
                        }
                    });
                    let actions: Vec<TokenStream> = actions.collect();
                    let take = if actions.is_empty() {
                        quote!(return ::core::result::Result::Ok(#transition);)
                    } else {
                        quote! {
                            let tr = #transition;
                            #(#actions)*
                            return ::core::result::Result::Ok(tr);
                        }
                    };
                    let needs_ctx = t.guard.is_some() || !t.actions.is_empty();
                    let decide = match &t.guard {
                        None => take,
                        Some(g) => {
                            let gi = g.guard.index();
                            let name = &self.guard_methods[gi];
                            let call = if self.guard_on_timeout[gi] {
                                quote!(hooks.#name(&ctx))
                            } else {
                                quote!(hooks.#name(event, &ctx))
                            };
                            let _ = guard;
                            if count.get(&g.guard.0).copied().unwrap_or(0) > 1 {
                                let var = format_ident!("g{}", g.guard.0);
                                quote! {
                                    let ok = match #var {
                                        ::core::option::Option::Some(v) => v,
                                        ::core::option::Option::None => {
                                            let v = #call;
                                            #var = ::core::option::Option::Some(v);
                                            if !v { failed |= #bit; }
                                            v
                                        }
                                    };
                                    if ok { #take }
                                }
                            } else {
                                quote! {
                                    if #call { #take }
                                    failed |= #bit;
                                }
                            }
                        }
                    };
                    let ty = &self.n.ty;
                    let ctx = if needs_ctx {
                        quote! {
                            let ctx = ::order_fsm::Context::<#ty> {
                                from: self,
                                to: #target,
                                event: ::core::option::Option::Some(event),
                                actor,
                                elapsed: ::core::option::Option::None,
                                line: #line,
                            };
                        }
                    } else {
                        quote!()
                    };
                    body.push(quote! {
                        if #role_ok {
                            #mark_any
                            #ctx
                            #decide
                        }
                    });
                }
                let any_decl = if all_restricted {
                    quote!(let mut any = false;)
                } else {
                    quote!()
                };
                let failed_decl = if has_guard {
                    quote!(let mut failed: u64 = 0;)
                } else {
                    quote!()
                };
                let failed_val = if has_guard { quote!(failed) } else { quote!(0) };
                let guard_failed = quote!(::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::GuardFailed {
                    state: self,
                    event: #kind,
                    failed: ::order_fsm::__private::guard_list(TABLES.slow.get()[#cell].guards, #failed_val),
                })));
                let role_failed = quote!(::core::result::Result::Err(::order_fsm::FireError::Rejected(match actor {
                    ::core::option::Option::Some(role) => ::order_fsm::Rejection::RoleNotAllowed {
                        state: self,
                        event: #kind,
                        role,
                        allowed: TABLES.slow.get()[#cell].allowed,
                    },
                    ::core::option::Option::None => ::order_fsm::Rejection::NoTransition { state: self, event: #kind },
                })));
                let end = if cell.is_none() {
                    // The first candidate is taken whatever happens: never reached.
                    quote!(::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::NoTransition { state: self, event: #kind })))
                } else if all_restricted && has_guard {
                    quote!(if any { #guard_failed } else { #role_failed })
                } else if all_restricted {
                    role_failed
                } else {
                    guard_failed
                };
                let _ = any_restricted;
                arms.push(quote! {
                    (#sp, #pat) => {
                        #any_decl
                        #failed_decl
                        #(#caches)*
                        #(#body)*
                        #[allow(unreachable_code)]
                        { #end }
                    }
                });
            }
        }
        let _ = state;
        quote! {
            #[allow(unused_mut, unused_variables, unreachable_code, unreachable_patterns, clippy::needless_return)]
            match (self, event) {
                #final_arm
                #(#arms)*
                _ => ::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::NoTransition {
                    state: self,
                    event: ::order_fsm::EventData::kind(event),
                })),
            }
        }
    }
}
