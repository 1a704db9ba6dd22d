//! The dispatch tables and the body of `fire`.

use std::collections::HashMap;

use order_fsm_core::model::{EventIx, RoleIx, StateIx, Transition, TransitionIx, Trigger};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{lit_u32, lit_usize, opt_str, Gen, Names};

impl Gen<'_> {
    pub(super) fn role_mask(&self, roles: &[RoleIx]) -> Option<u32> {
        if roles.is_empty() {
            return Some(u32::MAX);
        }
        let mut mask = 0u32;
        for r in roles {
            mask |= 1u32.checked_shl(r.0)?;
        }
        Some(mask)
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

    pub(super) fn tables_static(&self) -> TokenStream {
        let m = self.m;
        let ty = &self.n.ty;
        let first_state = self.state_path(StateIx(0));
        let state_ty = &self.n.state;
        let n_events = lit_usize(m.events.len());
        let mut fast = Vec::with_capacity(m.states.len() * m.events.len());
        // Cells with the same candidate lines share one `Slow` entry.
        let slow_ix = self.slow_index();
        let mut slow_list: Vec<(usize, &[TransitionIx])> = Vec::new();
        for (s, st) in m.states.iter().enumerate() {
            let six = StateIx(s as u32);
            for e in 0..m.events.len() {
                let eix = EventIx(e as u32);
                if st.is_final {
                    fast.push(quote!(FIN));
                    continue;
                }
                let cands = self.interp.candidates(six, eix);
                let Some(&first) = cands.first() else {
                    fast.push(quote!(NONE));
                    continue;
                };
                let ft = m.transition(first);
                let target = self.state_path(ft.target);
                let line = lit_u32(first.index());
                let mask = self.role_mask(m.allowed_roles(ft));
                let fast_ok = ft.guard.is_none() && ft.actions.is_empty() && mask.is_some();
                let op = if fast_ok {
                    quote!(FAST_OP)
                } else {
                    quote!(SLOW_OP)
                };
                let mask = Literal::u32_unsuffixed(mask.unwrap_or(0));
                let si = slow_ix.get(cands).copied().unwrap_or(0);
                if si == slow_list.len() {
                    slow_list.push((si, cands));
                }
                let si = lit_u32(si);
                fast.push(quote!(f(#op, #target, #mask, #line, #si)));
            }
        }
        let lines = m.transitions.iter().map(|t| {
            let target = self.state_path(t.target);
            let roles = m.allowed_roles(t).iter().map(|&r| self.role_path(r));
            let actions = t.actions.iter().map(|a| {
                let at = &self.n.action;
                let v = &self.actions[a.index()];
                quote!(#at::#v)
            });
            quote!(::order_fsm::__private::Line { target: #target, roles: &[#(#roles),*], actions: &[#(#actions),*] })
        });
        let timeouts = (0..m.states.len()).map(|s| {
            let list = self.interp.timeouts(StateIx(s as u32));
            if list.is_empty() {
                return quote!(NO_TIMEOUTS);
            }
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
                let target = self.state_path(t.target);
                let guard = self.guard_path(t);
                let actions = t.actions.iter().map(|a| {
                    let at = &self.n.action;
                    let v = &self.actions[a.index()];
                    quote!(#at::#v)
                });
                let line = lit_usize(ix.index());
                quote!(::order_fsm::Timeout { seconds: #seconds, written: #written, label: #label, target: #target, guard: #guard, actions: &[#(#actions),*], line: #line })
            });
            quote!(::order_fsm::__private::StateTimeouts { list: &[#(#items),*], guards: &[#(#guards),*], slots: &[#(#slots),*] })
        });
        let slow: Vec<TokenStream> = slow_list.iter().map(|(_, c)| self.slow_cell(c)).collect();
        let n_fast = lit_usize(fast.len());
        let n_slow = lit_usize(slow.len());
        let n_lines = lit_usize(m.transitions.len());
        let n_states = lit_usize(m.states.len());
        let lines: Vec<_> = lines.collect();
        let timeouts: Vec<_> = timeouts.collect();
        quote! {
            const FIN: ::order_fsm::__private::Fast<#ty> = ::order_fsm::__private::Fast { op: ::order_fsm::__private::OP_FINAL, target: #first_state, roles: 0, line: 0, slow: 0 };
            const NONE: ::order_fsm::__private::Fast<#ty> = ::order_fsm::__private::Fast { op: ::order_fsm::__private::OP_NONE, target: #first_state, roles: 0, line: 0, slow: 0 };
            const FAST_OP: u8 = ::order_fsm::__private::OP_FAST;
            const SLOW_OP: u8 = ::order_fsm::__private::OP_SLOW;
            const fn f(op: u8, target: #state_ty, roles: u32, line: u32, slow: u32) -> ::order_fsm::__private::Fast<#ty> {
                ::order_fsm::__private::Fast { op, target, roles, line, slow }
            }
            const NO_TIMEOUTS: ::order_fsm::__private::StateTimeouts<#ty> = ::order_fsm::__private::StateTimeouts { list: &[], guards: &[], slots: &[] };
            static FAST: [::order_fsm::__private::Fast<#ty>; #n_fast] = [#(#fast),*];
            static SLOW: [::order_fsm::__private::Slow<#ty>; #n_slow] = [#(#slow),*];
            static LINES: [::order_fsm::__private::Line<#ty>; #n_lines] = [#(#lines),*];
            static TIMEOUTS: [::order_fsm::__private::StateTimeouts<#ty>; #n_states] = [#(#timeouts),*];
            static TABLES: ::order_fsm::__private::Tables<#ty> = ::order_fsm::__private::Tables {
                n_events: #n_events,
                fast: &FAST,
                slow: &SLOW,
                lines: &LINES,
                timeouts: &TIMEOUTS,
            };
        }
    }

    /// Slots of each line's guard among the distinct guards of the list, and the guards.
    pub(super) fn slots(&self, list: &[TransitionIx]) -> (Vec<Literal>, Vec<TokenStream>) {
        let m = self.m;
        let mut distinct = Vec::new();
        let mut slots = Vec::new();
        let mut guards = Vec::new();
        for &ix in list {
            let t = m.transition(ix);
            let slot = match &t.guard {
                Some(g) => match distinct.iter().position(|d| *d == g.guard) {
                    Some(p) => p,
                    None => {
                        distinct.push(g.guard);
                        distinct.len() - 1
                    }
                },
                None => 0,
            };
            slots.push(Literal::u8_unsuffixed(
                u8::try_from(slot).unwrap_or(u8::MAX),
            ));
            guards.push(self.guard_path(t));
        }
        (slots, guards)
    }

    pub(super) fn slow_cell(&self, cands: &[TransitionIx]) -> TokenStream {
        let m = self.m;
        let lines = cands.iter().map(|c| lit_u32(c.index()));
        let (slots, guards) = self.slots(cands);
        let mut allowed: Vec<RoleIx> = Vec::new();
        for &c in cands {
            for &r in m.allowed_roles(m.transition(c)) {
                if !allowed.contains(&r) {
                    allowed.push(r);
                }
            }
        }
        let allowed = allowed.iter().map(|&r| self.role_path(r));
        quote!(::order_fsm::__private::Slow { cands: &[#(#lines),*], guards: &[#(#guards),*], slots: &[#(#slots),*], allowed: &[#(#allowed),*] })
    }

    /// The index of each cell's `Slow` entry: cells with the same candidate lines share one.
    pub(super) fn slow_index(&self) -> HashMap<Vec<TransitionIx>, usize> {
        let m = self.m;
        let mut map: HashMap<Vec<TransitionIx>, usize> = HashMap::new();
        for (s, st) in m.states.iter().enumerate() {
            if st.is_final {
                continue;
            }
            for e in 0..m.events.len() {
                let cands = self.interp.candidates(StateIx(s as u32), EventIx(e as u32));
                if !cands.is_empty() && !map.contains_key(cands) {
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
                let cell = lit_usize(slow.get(cands).copied().unwrap_or(0));
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
                    let target = self.state_path(t.target);
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
                    failed: ::order_fsm::__private::guard_list(&SLOW[#cell].guards, #failed_val),
                })));
                let role_failed = quote!(::core::result::Result::Err(::order_fsm::FireError::Rejected(match actor {
                    ::core::option::Option::Some(role) => ::order_fsm::Rejection::RoleNotAllowed {
                        state: self,
                        event: #kind,
                        role,
                        allowed: SLOW[#cell].allowed,
                    },
                    ::core::option::Option::None => ::order_fsm::Rejection::NoTransition { state: self, event: #kind },
                })));
                let end = if all_restricted && has_guard {
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
