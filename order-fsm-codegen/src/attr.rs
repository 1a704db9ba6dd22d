//! The `#[fsm(spec = "…", machine = "…")]` attribute.

use proc_macro2::Span;
use syn::spanned::Spanned;

/// What the attribute says.
#[derive(Clone, Debug)]
pub struct Args {
    /// The spec path as written, relative to the crate's `Cargo.toml`.
    pub spec: String,
    /// The span of the `spec = "…"` literal: errors about the spec point here.
    pub spec_span: Span,
    pub machine: Option<String>,
    pub machine_span: Option<Span>,
    /// `typestate = true / false`; when not given, the typestate API is generated for
    /// machines of up to [`crate::TYPESTATE_DEFAULT_MAX_LINES`] transition lines.
    pub typestate: Option<bool>,
    /// `warnings = "allow"`: the spec's warnings are not reported at the derive.
    pub warnings_allowed: bool,
    /// `allow = ["W0005", …]`: these warning codes are not reported at the derive.
    pub allow: Vec<String>,
    /// `lang = "zh"` / `"en"`: the language of the spec's errors and warnings at the derive.
    pub lang: Option<order_fsm_core::msg::Lang>,
}

/// Read every `#[fsm(…)]` attribute of the input, reporting all mistakes at once.
pub fn parse(input: &syn::DeriveInput) -> syn::Result<Args> {
    let mut spec: Option<syn::LitStr> = None;
    let mut machine: Option<syn::LitStr> = None;
    let mut typestate = None;
    let mut warnings_allowed = false;
    let mut allow: Vec<String> = Vec::new();
    let mut lang = None;
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut seen = false;
    for a in input.attrs.iter().filter(|a| a.path().is_ident("fsm")) {
        seen = true;
        let r = a.parse_nested_meta(|meta| {
            if meta.path.is_ident("spec") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                if spec.is_some() {
                    return Err(syn::Error::new(lit.span(), "`spec` is given twice"));
                }
                spec = Some(lit);
                Ok(())
            } else if meta.path.is_ident("machine") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                if machine.is_some() {
                    return Err(syn::Error::new(lit.span(), "`machine` is given twice"));
                }
                machine = Some(lit);
                Ok(())
            } else if meta.path.is_ident("typestate") {
                let lit: syn::LitBool = meta.value()?.parse()?;
                typestate = Some(lit.value);
                Ok(())
            } else if meta.path.is_ident("warnings") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                match lit.value().as_str() {
                    "allow" => warnings_allowed = true,
                    "warn" => warnings_allowed = false,
                    other => {
                        return Err(syn::Error::new(
                            lit.span(),
                            format!("`warnings = \"{other}\"`: write `warnings = \"allow\"` to silence the spec's warnings, or `warnings = \"warn\"`"),
                        ))
                    }
                }
                Ok(())
            } else if meta.path.is_ident("lang") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                lang = Some(match lit.value().as_str() {
                    "zh" => order_fsm_core::msg::Lang::Zh,
                    "en" => order_fsm_core::msg::Lang::En,
                    other => {
                        return Err(syn::Error::new(
                            lit.span(),
                            format!("`lang = \"{other}\"`: write `lang = \"zh\"` for messages in Chinese or `lang = \"en\"` for English"),
                        ))
                    }
                });
                Ok(())
            } else if meta.path.is_ident("allow") {
                let list: syn::ExprArray = meta.value()?.parse()?;
                for e in &list.elems {
                    let code = match e {
                        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
                        _ => return Err(syn::Error::new_spanned(e, "expected a warning code in quotes, e.g. `\"W0005\"`")),
                    };
                    use order_fsm_core::diag::codes;
                    let known = codes::warnings().any(|c| c == code);
                    if !known {
                        return Err(syn::Error::new_spanned(
                            e,
                            format!(
                                "`{code}` is not a warning code; the spec's warning codes are {}",
                                codes::warnings().collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ));
                    }
                    allow.push(code);
                }
                Ok(())
            } else {
                Err(meta.error(
                    "unknown key; expected `spec = \"…\"`, `machine = \"…\"`, `typestate = true/false`, `warnings = \"allow\"`, `allow = [\"W0005\"]` or `lang = \"zh\"`",
                ))
            }
        });
        if let Err(e) = r {
            push(e);
        }
    }
    if !matches!(input.data, syn::Data::Struct(_)) {
        push(syn::Error::new(
            input.ident.span(),
            "`StateMachine` can only be derived for a struct",
        ));
    }
    let spec = match spec {
        Some(s) => Some(s),
        None => {
            let span = if seen {
                input
                    .attrs
                    .iter()
                    .find(|a| a.path().is_ident("fsm"))
                    .map_or(input.ident.span(), |a| a.span())
            } else {
                input.ident.span()
            };
            push(syn::Error::new(
                span,
                "missing `#[fsm(spec = \"specs/….fsm\")]`: say which spec file to read, relative to Cargo.toml",
            ));
            None
        }
    };
    if let Some(e) = errors {
        return Err(e);
    }
    let Some(spec) = spec else {
        return Err(syn::Error::new(input.ident.span(), "missing `spec`"));
    };
    Ok(Args {
        spec: spec.value(),
        spec_span: spec.span(),
        machine: machine.as_ref().map(|m| m.value()),
        machine_span: machine.as_ref().map(|m| m.span()),
        typestate,
        warnings_allowed,
        allow,
        lang,
    })
}
