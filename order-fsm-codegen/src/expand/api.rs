//! The dynamic API on the state type and `impl order_fsm::Machine`.

use order_fsm_core::model::{codes_equal, Code, CodeKind, StateIx};
use order_fsm_core::names::system_methods;
use order_fsm_pack::table::{self as pack, push_int, TextTable, INT_BYTES};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{lit_usize, Gen, Names, SPECIALIZE_MAX_LINES};

impl Gen<'_> {
    /// Per code system `legacy`: `to_legacy()` (state → the code written to that system),
    /// `from_legacy(code)` (code → one state or several, as a `Lookup`) and `legacy_codes()`
    /// (every code accepted from it).
    fn system_api(&self) -> TokenStream {
        let m = self.m;
        let state = &self.n.state;
        let n_lit = lit_usize(m.states.len());
        let mut out = TokenStream::new();
        for (ix, sys) in m.code_systems.iter().enumerate() {
            let [to, from, all] = system_methods(&sys.id.text).map(|n| format_ident!("{n}"));
            let id = &sys.id.text;
            let label = m.code_system_label(ix);
            let is_text = m.code_kind(ix) == Some(CodeKind::Str);
            // A state without a code there (a hole, or `customs none` on purpose).
            let hole = m
                .states
                .iter()
                .any(|s| s.codes_in(ix).is_none_or(|c| c.codes.is_empty()));
            let (ty, arg) = if is_text {
                (quote!(&'static str), quote!(&str))
            } else {
                (quote!(i64), quote!(i64))
            };
            let value = |c: &Code| match c {
                Code::Int(i) => {
                    let l = Literal::i64_unsuffixed(*i);
                    quote!(#l)
                }
                Code::Str(t) => quote!(#t),
            };
            let firsts = m.states.iter().map(|s| {
                let first = s.codes_in(ix).and_then(|c| c.codes.first());
                match (first, hole) {
                    (Some(c), false) => value(c),
                    (Some(c), true) => {
                        let v = value(c);
                        quote!(::core::option::Option::Some(#v))
                    }
                    (None, _) => quote!(::core::option::Option::None),
                }
            });
            let to_ty = if hole {
                quote!(::core::option::Option<#ty>)
            } else {
                ty.clone()
            };
            // Every code with the states it reads back as, sorted for a binary search.
            let mut keys: Vec<(Code, Vec<usize>)> = Vec::new();
            for (si, s) in m.states.iter().enumerate() {
                for c in s.codes_in(ix).map_or(&[][..], |c| &c.codes[..]) {
                    match keys.iter_mut().find(|(k, _)| codes_equal(k, c)) {
                        Some((_, states)) => {
                            if !states.contains(&si) {
                                states.push(si);
                            }
                        }
                        None => keys.push((c.clone(), vec![si])),
                    }
                }
            }
            keys.sort_by(|(a, _), (b, _)| match (a, b) {
                (Code::Int(x), Code::Int(y)) => x.cmp(y),
                _ => a.key().cmp(&b.key()),
            });
            let n_keys = lit_usize(keys.len());
            let entries = keys.iter().map(|(c, states)| {
                let k = value(c);
                let paths: Vec<TokenStream> = states
                    .iter()
                    .map(|s| self.state_path(StateIx(*s as u32)))
                    .collect();
                if let [one] = &paths[..] {
                    quote!((#k, ::order_fsm::Lookup::One(#one)))
                } else {
                    quote!((#k, ::order_fsm::Lookup::Many(&[#(#paths),*])))
                }
            });
            let cmp = if is_text {
                quote!((*k).cmp(code))
            } else {
                quote!(k.cmp(&code))
            };
            let ix_lit = lit_usize(ix);
            let to_doc = format!(
                " The code of this state in `{id}` ({label}): the first one the spec lists.{}",
                if hole {
                    " `None` for a state the spec gives no code there."
                } else {
                    ""
                }
            );
            let from_doc = format!(
                " The state or states that a code of `{id}` ({label}) stands for: \
                 `Lookup::Many` where that system uses one code for several states \
                 (`shared`); `None` for a code the spec does not list."
            );
            let all_doc = format!(
                " Every code of this state in `{id}` ({label}), in spec order: the first is \
                 the one written there, the others are accepted when reading."
            );
            out.extend(quote! {
                #[doc = #to_doc]
                pub fn #to(self) -> #to_ty {
                    static CODES: [#to_ty; #n_lit] = [#(#firsts),*];
                    CODES[self as usize]
                }
                #[doc = #from_doc]
                pub fn #from(code: #arg) -> ::core::option::Option<::order_fsm::Lookup<Self>> {
                    static BY_CODE: [(#ty, ::order_fsm::Lookup<#state>); #n_keys] = [#(#entries),*];
                    match BY_CODE.binary_search_by(|(k, _)| #cmp) {
                        ::core::result::Result::Ok(i) => BY_CODE.get(i).map(|(_, s)| *s),
                        ::core::result::Result::Err(_) => ::core::option::Option::None,
                    }
                }
                #[doc = #all_doc]
                pub fn #all(self) -> &'static [::order_fsm::Code] {
                    self.info().codes_in(#ix_lit)
                }
            });
        }
        out
    }

    pub(super) fn state_api(&self) -> TokenStream {
        let fire_body = if self.m.transitions.len() <= SPECIALIZE_MAX_LINES {
            self.fire_body()
        } else {
            let ty = &self.n.ty;
            quote! {
                ::order_fsm::__private::fire::<#ty, H::Error, _>(self, event, actor, &mut |call, ctx| __call(hooks, call, ctx))
            }
        };
        let m = self.m;
        let Names {
            state,
            event,
            kind,
            role,
            hooks,
            ty,
            ..
        } = &self.n;
        let n = m.states.len();
        // Lookup tables by every code, under the core's rule of code equality
        // (`Code::key`): to a legacy system `2` and `"2"` are one code, so each is found by
        // `from_code(2)` and by `from_code_str("2")` alike.
        let mut int_codes: Vec<(i64, usize)> = Vec::new();
        let mut str_codes: Vec<(String, usize)> = Vec::new();
        // Tables as `order_fsm::__private::{int_at, str_at}` read them.
        let mut first_int: Vec<u8> = Vec::with_capacity(n * INT_BYTES);
        let mut first_str = TextTable::default();
        for (i, s) in m.states.iter().enumerate() {
            let mut fi = None;
            let mut fs = None;
            for c in &s.codes {
                let key = c.key();
                if let Some(v) = key.parse::<i64>().ok().filter(|v| v.to_string() == key) {
                    int_codes.push((v, i));
                }
                str_codes.push((key.into_owned(), i));
                match c {
                    Code::Int(v) => {
                        fi.get_or_insert(*v);
                    }
                    Code::Str(v) => {
                        fs.get_or_insert(v.as_str());
                    }
                }
            }
            push_int(&mut first_int, fi);
            first_str.push(fs);
        }
        let (int_keys, int_states) = pack::int_keys(int_codes);
        let (str_keys, str_states) = pack::str_keys(str_codes);
        // A machine without codes of a kind compiles no lookup for them.
        let none = quote!({
            let _ = code;
            ::core::option::Option::None
        });
        let (no_int, no_str) = (int_keys.is_empty(), str_states.is_empty());
        let [int_keys, int_states, str_states, first_int] =
            [int_keys, int_states, str_states, first_int].map(|b| Literal::byte_string(&b));
        let (str_text, str_spans) = text_tokens(&str_keys);
        let from_int = if no_int {
            none.clone()
        } else {
            quote!(::order_fsm::__private::by_int(#int_keys, #int_states, code))
        };
        let from_str = if no_str {
            none
        } else {
            quote!(::order_fsm::__private::by_str(#str_text, #str_spans, #str_states, code))
        };
        let (first_text, first_spans) = text_tokens(&first_str);
        let finals: Vec<TokenStream> = m
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_final)
            .map(|(i, _)| self.state_path(StateIx(i as u32)))
            .collect();
        let final_match = if finals.is_empty() {
            quote!(false)
        } else {
            quote!(::core::matches!(self, #(#finals)|*))
        };
        let initial = self.state_path(m.initial.unwrap_or(StateIx(0)));
        // A machine without codes of a kind answers `None` without a table of `None`s.
        let any_int = m
            .states
            .iter()
            .flat_map(|s| &s.codes)
            .any(|c| matches!(c, Code::Int(_)));
        let any_str = m
            .states
            .iter()
            .flat_map(|s| &s.codes)
            .any(|c| matches!(c, Code::Str(_)));
        let code_body = if !any_int {
            quote!(::core::option::Option::None)
        } else {
            quote!(::order_fsm::__private::int_at(#first_int, self as usize))
        };
        let code_str_body = if !any_str {
            quote!(::core::option::Option::None)
        } else {
            quote!(::order_fsm::__private::str_at(#first_text, #first_spans, self as usize))
        };
        let systems = self.system_api();
        quote! {
            impl #state {
                #systems

                /// The initial state.
                pub const INITIAL: #state = #initial;

                /// Everything the spec says about this state.
                #[inline]
                pub fn info(self) -> &'static ::order_fsm::StateInfo {
                    &INFO.states[self as usize]
                }
                /// The doc comment of the state in the spec.
                pub fn doc(self) -> ::core::option::Option<&'static str> {
                    self.info().doc
                }
                /// Whether nothing can happen to an order in this state any more.
                #[inline]
                pub fn is_final(self) -> bool {
                    #final_match
                }
                /// Whether this is the initial state.
                pub fn is_initial(self) -> bool {
                    self.info().initial
                }
                /// Every external status code of this state, in spec order.
                pub fn codes(self) -> &'static [::order_fsm::Code] {
                    self.info().codes
                }
                /// The canonical integer status code: the first integer code in the spec.
                pub fn code(self) -> ::core::option::Option<i64> {
                    #code_body
                }
                /// The canonical string status code: the first string code in the spec.
                pub fn code_str(self) -> ::core::option::Option<&'static str> {
                    #code_str_body
                }
                /// The state with this integer status code (any of its codes; a code written
                /// as text, `"20"`, is the same code as `20`).
                pub fn from_code(code: i64) -> ::core::option::Option<Self> {
                    #from_int
                }
                /// The state with this string status code (any of its codes; `"20"` also
                /// finds the code written as the number `20`).
                pub fn from_code_str(code: &str) -> ::core::option::Option<Self> {
                    #from_str
                }

                /// Decide `event` fired by `actor` in this state and, if allowed, run the
                /// line's actions. Returns the transition record, or why not; the state
                /// value itself never changes (it is `Copy`): store `transition.to`.
                ///
                /// `actor` is a role, or `None` for a trusted caller that passes role checks.
                #[inline]
                pub fn fire<H: #hooks + ?::core::marker::Sized>(
                    self,
                    event: &#event,
                    actor: impl ::core::convert::Into<::core::option::Option<#role>>,
                    hooks: &mut H,
                ) -> ::core::result::Result<::order_fsm::Transition<#ty>, ::order_fsm::FireError<#ty, H::Error>> {
                    self.fire_as(event, actor.into(), hooks)
                }

                /// [`Self::fire`] with the actor as an `Option`.
                #[inline]
                pub fn fire_as<H: #hooks + ?::core::marker::Sized>(
                    self,
                    event: &#event,
                    actor: ::core::option::Option<#role>,
                    hooks: &mut H,
                ) -> ::core::result::Result<::order_fsm::Transition<#ty>, ::order_fsm::FireError<#ty, H::Error>> {
                    #fire_body
                }

                /// Whether `actor` may fire `event` in this state. Guards are not asked: a
                /// guarded line counts as possible.
                #[inline]
                pub fn can_fire(
                    self,
                    event: #kind,
                    actor: impl ::core::convert::Into<::core::option::Option<#role>>,
                ) -> bool {
                    ::order_fsm::__private::can_fire::<#ty>(self, event, actor.into())
                }

                /// The events `actor` may fire in this state (guards not asked), in spec
                /// order: the buttons to show.
                pub fn permitted_events(
                    self,
                    actor: impl ::core::convert::Into<::core::option::Option<#role>>,
                ) -> impl ::core::iter::Iterator<Item = #kind> {
                    ::order_fsm::__private::permitted_events::<#ty>(self, actor.into())
                }

                /// The timeouts of this state, shortest first: what a scheduler arms when an
                /// order enters it.
                #[inline]
                pub fn timeouts(self) -> &'static [::order_fsm::Timeout<#ty>] {
                    ::order_fsm::__private::timeouts::<#ty>(self)
                }

                /// Let `seconds` pass in this state: the first due timeout whose guard says
                /// yes fires and its actions run.
                pub fn elapse<H: #hooks + ?::core::marker::Sized>(
                    self,
                    seconds: u64,
                    hooks: &mut H,
                ) -> ::core::result::Result<::order_fsm::Transition<#ty>, ::order_fsm::FireError<#ty, H::Error>> {
                    ::order_fsm::__private::elapse::<#ty, H::Error, _>(self, seconds, &mut |call, ctx| __call(hooks, call, ctx))
                }

                /// A timer armed when the order entered `armed_in` fell due after `elapsed`
                /// seconds. Fires the due timeout only if the order (now in `self`) is still
                /// in that state; otherwise, or if none is due, returns `Ok(None)`. Safe to
                /// deliver twice.
                pub fn on_timeout<H: #hooks + ?::core::marker::Sized>(
                    self,
                    armed_in: #state,
                    elapsed: u64,
                    hooks: &mut H,
                ) -> ::core::result::Result<::core::option::Option<::order_fsm::Transition<#ty>>, ::order_fsm::FireError<#ty, H::Error>> {
                    ::order_fsm::__private::on_timeout::<#ty, H::Error, _>(self, armed_in, elapsed, &mut |call, ctx| __call(hooks, call, ctx))
                }
            }

            impl ::core::default::Default for #state {
                /// The initial state.
                fn default() -> Self {
                    Self::INITIAL
                }
            }
        }
    }

    pub(super) fn machine_impl(&self) -> TokenStream {
        let Names {
            ty,
            state,
            event,
            kind,
            role,
            guard,
            action,
            ..
        } = &self.n;
        let initial = self.state_path(self.m.initial.unwrap_or(StateIx(0)));
        let typestate = if self.o.typestate {
            format!(
                ", module [`{}`] and [`{}`]",
                self.n.module, self.n.typestate
            )
        } else {
            String::new()
        };
        let mut doc = format!(
            " The {} state machine{}.\n\n Generated types: [`{state}`], [`{event}`], [`{kind}`], [`{role}`], [`{guard}`], [`{action}`], [`{}`]{typestate}.\n",
            self.machine_title(),
            if self.o.file.is_empty() { String::new() } else { format!(" from `{}`", self.o.file) },
            self.n.hooks,
        );
        if let Some(d) = &self.m.doc {
            doc.push('\n');
            doc.push_str(d);
            doc.push('\n');
        }
        doc.push_str(&self.table_doc());
        quote! {
            #[doc = #doc]
            impl ::order_fsm::Machine for #ty {
                type State = #state;
                type Event = #event;
                type EventKind = #kind;
                type Role = #role;
                type Guard = #guard;
                type Action = #action;
                const INFO: &'static ::order_fsm::MachineInfo = &INFO;
                const INITIAL: #state = #initial;
                #[inline(always)]
                fn __tables() -> &'static ::order_fsm::__private::Tables<#ty> {
                    &TABLES
                }
            }
        }
    }
}

/// A text table for `order_fsm::__private::str_at`: its text and its spans.
fn text_tokens(t: &TextTable) -> (Literal, Literal) {
    (Literal::string(&t.text), Literal::byte_string(&t.spans))
}
