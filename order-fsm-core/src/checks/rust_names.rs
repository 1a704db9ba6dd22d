//! E0013 and E0014: names that cannot become Rust names, or become the same one.

use std::collections::HashMap;

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Msg, Text};
use crate::names::{camel_case, snake_case, system_methods, RESERVED_METHODS, STATE_METHODS};
use crate::source::Span;
use crate::t;

/// The four keywords that cannot be raw identifiers (`r#self` is not Rust); every other
/// keyword becomes a raw identifier in generated code (`r#return`, `r#type`).
pub fn is_unusable_keyword(name: &str) -> bool {
    matches!(name, "self" | "Self" | "super" | "crate")
}

/// Report a name one of whose Rust forms is `self`, `Self`, `super` or `crate`.
fn keyword(
    diags: &mut Vec<Diagnostic>,
    kind: &'static Msg,
    id: &str,
    forms: &[String],
    span: Span,
    suggestion: String,
) {
    let Some(form) = forms.iter().find(|f| is_unusable_keyword(f)) else {
        return;
    };
    let message = if form == id {
        t!(
            msg::E0013_IS,
            kind = kind,
            id = Text::code(id),
            form = Text::code(form)
        )
    } else {
        t!(
            msg::E0013_BECOMES,
            kind = kind,
            id = Text::code(id),
            form = Text::code(form)
        )
    };
    diags.push(
        Diagnostic::error(
            codes::RUST_KEYWORD,
            message,
            span,
            t!(
                msg::E0013_LABEL,
                form = Text::code(form),
                raw = Text::code(format!("r#{form}"))
            ),
        )
        .with_help(t!(msg::E0013_HELP, suggestion = Text::code(suggestion))),
    );
}

pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let id = &m.id.text;
    keyword(
        diags,
        &msg::KIND_MACHINE,
        id,
        &[id.clone(), snake_case(id)],
        m.id.span,
        format!("{}Order", camel_case(id)),
    );
    for s in &m.states {
        let id = &s.id.text;
        keyword(
            diags,
            &msg::KIND_STATE,
            id,
            std::slice::from_ref(id),
            s.id.span,
            format!("{}State", camel_case(id)),
        );
    }
    let mut methods: HashMap<String, (&str, Span)> = HashMap::new();
    for e in &m.events {
        let method = snake_case(&e.id.text);
        keyword(
            diags,
            &msg::KIND_EVENT,
            &e.id.text,
            &[e.id.text.clone(), method.clone()],
            e.id.span,
            format!("{}Order", camel_case(&e.id.text)),
        );
        if !is_unusable_keyword(&method) && RESERVED_METHODS.contains(&method.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(
                        msg::E0014_METHOD,
                        event = Text::code(&e.id.text),
                        method = Text::code(&method)
                    ),
                    e.id.span,
                    t!(
                        msg::E0014_BECOMES_METHOD,
                        method = Text::code(format!("{method}()"))
                    ),
                )
                .with_help(t!(
                    msg::E0014_RENAME_EVENT,
                    suggestion = Text::code(format!("{}Order", camel_case(&e.id.text)))
                )),
            );
        }
        if let Some((other, span)) = methods.get(&method) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(
                        msg::E0014_EVENTS,
                        first = Text::code(other),
                        second = Text::code(&e.id.text),
                        method = Text::code(format!("{method}()"))
                    ),
                    e.id.span,
                    t!(msg::E0014_COLLIDES),
                )
                .with_secondary(*span, t!(msg::DEFINED_HERE, name = Text::code(other)))
                .with_help(t!(msg::E0014_RENAME_ONE_EVENT)),
            );
        } else {
            methods.insert(method, (&e.id.text, e.id.span));
        }
        for f in &e.payload {
            keyword(
                diags,
                &msg::KIND_FIELD,
                &f.name.text,
                std::slice::from_ref(&f.name.text),
                f.name.span,
                format!("{}_value", f.name.text),
            );
        }
    }
    let mut variants: HashMap<String, (&str, Span)> = HashMap::new();
    for r in &m.roles {
        let v = camel_case(&r.id.text);
        keyword(
            diags,
            &msg::KIND_ROLE,
            &r.id.text,
            &[r.id.text.clone(), v.clone()],
            r.id.span,
            format!("{}_role", r.id.text),
        );
        if let Some((other, span)) = variants.get(&v) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(
                        msg::E0014_ROLES,
                        first = Text::code(other),
                        second = Text::code(&r.id.text),
                        variant = Text::code(&v)
                    ),
                    r.id.span,
                    t!(msg::E0014_COLLIDES),
                )
                .with_secondary(*span, t!(msg::DEFINED_HERE, name = Text::code(other)))
                .with_help(t!(msg::E0014_RENAME_ONE_ROLE)),
            );
        } else {
            variants.insert(v, (&r.id.text, r.id.span));
        }
    }
    // Each code system gives the state type three methods.
    let mut system_owner: HashMap<String, (&str, Span)> = HashMap::new();
    for sys in &m.code_systems {
        for method in system_methods(&sys.id.text) {
            if STATE_METHODS.contains(&method.as_str()) {
                diags.push(
                    Diagnostic::error(
                        codes::NAME_COLLISION,
                        t!(
                            msg::E0014_SYSTEM_METHOD,
                            system = Text::code(&sys.id.text),
                            method = Text::code(format!("{method}()"))
                        ),
                        sys.id.span,
                        t!(
                            msg::E0014_BECOMES_METHOD,
                            method = Text::code(format!("{method}()"))
                        ),
                    )
                    .with_help(t!(
                        msg::E0014_RENAME_SYSTEM,
                        suggestion = Text::code(format!("{}_sys", sys.id.text))
                    )),
                );
                break;
            }
            if let Some((other, span)) = system_owner.get(&method) {
                diags.push(
                    Diagnostic::error(
                        codes::NAME_COLLISION,
                        t!(
                            msg::E0014_SYSTEMS,
                            first = Text::code(other),
                            second = Text::code(&sys.id.text),
                            method = Text::code(format!("{method}()"))
                        ),
                        sys.id.span,
                        t!(msg::E0014_COLLIDES),
                    )
                    .with_secondary(*span, t!(msg::DEFINED_HERE, name = Text::code(other)))
                    .with_help(t!(
                        msg::E0014_RENAME_SYSTEM,
                        suggestion = Text::code(format!("{}_sys", sys.id.text))
                    )),
                );
                break;
            }
        }
        for method in system_methods(&sys.id.text) {
            system_owner
                .entry(method)
                .or_insert((&sys.id.text, sys.id.span));
        }
    }
    // Guards and actions are methods of one hooks trait.
    let mut hooks: HashMap<&str, (&str, Span)> = HashMap::new();
    for g in &m.guards {
        keyword(
            diags,
            &msg::KIND_GUARD,
            &g.id.text,
            &[g.id.text.clone(), camel_case(&g.id.text)],
            g.id.span,
            format!("is_{}", g.id.text),
        );
        hooks.insert(&g.id.text, ("guard", g.id.span));
    }
    for a in &m.actions {
        keyword(
            diags,
            &msg::KIND_ACTION,
            &a.id.text,
            &[a.id.text.clone(), camel_case(&a.id.text)],
            a.id.span,
            format!("do_{}", a.id.text),
        );
        if let Some((_, span)) = hooks.get(a.id.text.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(msg::E0014_HOOK, name = Text::code(&a.id.text)),
                    a.id.span,
                    t!(msg::E0014_USED_AS_ACTION),
                )
                .with_secondary(*span, t!(msg::E0014_USED_AS_GUARD))
                .with_help(t!(msg::E0014_HOOK_HELP)),
            );
        }
    }
}
