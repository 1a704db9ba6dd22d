//! Rust code generation for order-fsm specs.
//!
//! This is an ordinary library: the `#[derive(StateMachine)]` macro in `order-fsm-macros` is
//! a one-call shell over [`derive_state_machine`], and `order-fsm expand` calls
//! [`expand_machine`]. Both return a [`TokenStream`]; nothing here panics on a spec or
//! writes a file.
//!
//! The pipeline: attribute ([`attr`]) → spec file read and checked by `order-fsm-core` →
//! one machine expanded ([`mod@expand`]). A spec with errors gives a `compile_error!` carrying
//! the same rustc-style text as `order-fsm check`, followed by stub items ([`dummy`]) so that
//! one mistake in the spec does not cascade into many errors in the crate.

pub mod attr;
pub mod dummy;
pub mod expand;
pub mod names;
pub mod table;

use std::path::{Path, PathBuf};

use order_fsm_core::diag::{self, codes, Severity};
use order_fsm_core::model::{Machine, Spec};
use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::source::SourceFile;
use order_fsm_core::t;
use proc_macro2::{Span, TokenStream};
use quote::quote;

pub use expand::{expand, expand_machine, hooks_skeleton};

/// How [`expand_machine`] names and places what it generates.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// The name of the machine type (`Order` gives `OrderState`, `order_states`, …);
    /// defaults to the machine's id.
    pub type_name: Option<String>,
    /// Visibility of the generated items: `pub`, `pub(crate)` or private.
    pub visibility: Visibility,
    /// The spec file as the user named it; stored in the metadata and shown in docs.
    pub file: String,
    /// The source, to turn spans into line numbers and to locate errors.
    pub source: Option<&'a SourceFile>,
    /// An absolute path to emit `include_bytes!` for, so that editing the spec rebuilds.
    pub include: Option<String>,
    /// Generate the typestate API (module `…_states` and `…Typestate`); on by default.
    pub typestate: bool,
    /// Where rustc reports a payload type of the spec that does not resolve (`Money` with no
    /// such type in scope): the derive passes its `spec = "…"` literal, so the error points
    /// at the spec the type comes from. `None`: the derive's call site.
    pub type_span: Option<Span>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            type_name: None,
            visibility: Visibility::Public,
            file: String::new(),
            source: None,
            include: None,
            typestate: true,
            type_span: None,
        }
    }
}

/// Machines with more transition lines than this get the typestate API only when the
/// attribute asks for it (`typestate = true`): it adds one method per line, and for
/// machines of a thousand lines it more than doubled the release build time of the crate
/// (see `order-fsm/benches/build_time.sh`). The dynamic API is always generated.
pub const TYPESTATE_DEFAULT_MAX_LINES: usize = 256;

impl Options<'_> {
    /// Whether a machine gets the typestate API when the attribute does not say: machines
    /// of up to [`TYPESTATE_DEFAULT_MAX_LINES`] transition lines do.
    pub fn typestate_default(machine: &Machine) -> bool {
        machine.transitions.len() <= TYPESTATE_DEFAULT_MAX_LINES
    }
}

/// Visibility of the generated items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Visibility {
    #[default]
    Public,
    Crate,
    /// Like the machine type: private to its module.
    Private,
}

/// The whole `#[derive(StateMachine)]`: attribute in, generated items (or a
/// `compile_error!` and stubs) out.
pub fn derive_state_machine(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.into_compile_error(),
    };
    match derive(&input) {
        Ok(ts) => ts,
        Err(fail) => {
            let err = fail.error.into_compile_error();
            let include = fail.include.map(|p| include_tokens(&p));
            let stubs = dummy::stubs(&input.ident, &input.vis, err);
            quote! { #include #stubs }
        }
    }
}

struct Failure {
    error: syn::Error,
    /// The spec file, when it was found: its changes must still trigger a rebuild.
    include: Option<String>,
}

impl From<syn::Error> for Failure {
    fn from(error: syn::Error) -> Self {
        Failure {
            error,
            include: None,
        }
    }
}

fn derive(input: &syn::DeriveInput) -> Result<TokenStream, Failure> {
    let args = attr::parse(input)?;
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let path = dir.join(&args.spec);
    let shown = absolute(&path);
    // Bounded, and never opening a pipe or a device: a build must not hang on a spec path.
    let bytes = order_fsm_core::input::read_spec(&path).map_err(|e| {
        syn::Error::new(
            args.spec_span,
            format!(
                "cannot read spec file `{}`: {}\n  looked for: {}\n  (relative to CARGO_MANIFEST_DIR = {})",
                args.spec,
                e.reason(),
                shown,
                dir.display()
            ),
        )
    })?;
    let fail = |error: syn::Error| Failure {
        error,
        include: Some(shown.clone()),
    };
    let mut compiled = order_fsm_core::compile_bytes(&args.spec, &bytes);
    // The compiled spec keeps its own copy of the text.
    drop(bytes);
    // A spec with errors still gets its types generated when the model is consistent (lines
    // with unknown names are left out of it, nothing refers to a missing item): then the
    // developer sees the spec's errors and nothing else, instead of every use of a state
    // or hook in their code failing too.
    let mut spec_errors = None;
    if compiled.has_errors() {
        let errors: Vec<_> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let lang = message_lang(&args);
        let text = diag::render(&compiled.source, &errors, false, lang);
        let error = syn::Error::new(
            args.spec_span,
            format!(
                "{}\n\n{}",
                t!(msg::DERIVE_SPEC_ERRORS).render(lang),
                text.trim_end()
            ),
        );
        if !errors.iter().all(|d| EXPAND_DESPITE.contains(&d.code)) {
            return Err(fail(error));
        }
        spec_errors = Some(error);
    }
    // The warnings become tokens now; then the diagnostics go, which on a spec of many
    // thousands of states are a good part of the memory the expansion would hold beside
    // its own.
    let warnings = spec_warnings(&compiled, &args, &input.ident);
    compiled.diagnostics = Vec::new();
    let Some(spec) = compiled.spec.as_ref() else {
        return Err(fail(syn::Error::new(
            args.spec_span,
            "the spec could not be read",
        )));
    };
    let machine = pick_machine(
        spec,
        args.machine.as_deref(),
        args.machine_span.unwrap_or(args.spec_span),
    )
    .map_err(fail)?;
    if !input.generics.params.is_empty() {
        return Err(fail(syn::Error::new_spanned(
            &input.generics,
            "a state machine type cannot have generic parameters",
        )));
    }
    let options = Options {
        type_name: Some(input.ident.to_string()),
        visibility: visibility(&input.vis),
        file: args.spec.clone(),
        source: Some(&compiled.source),
        include: Some(shown.clone()),
        typestate: args
            .typestate
            .unwrap_or_else(|| Options::typestate_default(machine)),
        type_span: Some(args.spec_span),
    };
    if spec_errors.is_some() && (machine.states.is_empty() || machine.initial.is_none()) {
        return Err(fail(spec_errors.unwrap_or_else(|| {
            syn::Error::new(args.spec_span, "the spec has errors")
        })));
    }
    let code = expand::expand(spec, machine, &options)
        .map_err(|msgs| fail(syn::Error::new(args.spec_span, msgs.join("\n\n"))))?;
    let code = quote! { #warnings #code };
    match spec_errors {
        None => Ok(code),
        Some(error) => {
            let error = error.into_compile_error();
            Ok(quote! { #error #code })
        }
    }
}

/// The language of the spec's messages at the derive: `#[fsm(lang = "zh")]`, else the
/// `ORDER_FSM_LANG` environment variable of the build (`zh` or `en`), else English. Only
/// that variable counts, not the locale (`LANG`), so that a build does not depend on the
/// machine it runs on unless asked to.
///
/// A proc macro cannot yet tell cargo which environment variables it read
/// (`proc_macro::tracked_env` is not stable), so cargo does not rebuild a crate when
/// `ORDER_FSM_LANG` changes: the attribute is the reliable way. A crate that wants the
/// variable followed adds a build script with
/// `println!("cargo:rerun-if-env-changed=ORDER_FSM_LANG");`, which makes cargo rebuild it,
/// and so run the derive again, when the variable changes.
fn message_lang(args: &attr::Args) -> Lang {
    args.lang.unwrap_or_else(|| {
        std::env::var("ORDER_FSM_LANG")
            .ok()
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or(Lang::En)
    })
}

/// How many warnings of one code are shown at the derive; the rest are counted.
pub const WARNINGS_SHOWN: usize = 10;

/// The spec's warnings as compiler warnings at the `spec = "…"` literal, one per code, each
/// showing the first [`WARNINGS_SHOWN`] in the text `order-fsm check` prints (so with the
/// spec file, line and column), then how many more there are. rustc has no stable way for
/// a macro to warn: each is a use of a `#[deprecated]` item (the `proc-macro-warning`
/// technique), so `-D warnings` turns them into errors like any other warning.
/// `#[fsm(warnings = "allow")]` and `#[fsm(allow = ["W0005"])]` silence them.
fn spec_warnings(
    compiled: &order_fsm_core::Compiled,
    args: &attr::Args,
    ty: &syn::Ident,
) -> TokenStream {
    if args.warnings_allowed {
        return TokenStream::new();
    }
    let mut by_code: std::collections::BTreeMap<&str, Vec<&diag::Diagnostic>> =
        std::collections::BTreeMap::new();
    for d in &compiled.diagnostics {
        if d.severity == Severity::Warning && !args.allow.iter().any(|a| a == d.code) {
            by_code.entry(d.code).or_default().push(d);
        }
    }
    let lang = message_lang(args);
    let mut out = TokenStream::new();
    for (code, ds) in by_code {
        let title = order_fsm_core::explain::title(code, lang).unwrap_or_default();
        let spec = Text::code(&args.spec);
        let head = match ds.len() {
            1 => t!(msg::DERIVE_WARNING, spec = spec, code = code, title = title),
            n => t!(
                msg::DERIVE_WARNINGS,
                spec = spec,
                n = n,
                code = code,
                title = title
            ),
        }
        .render(lang);
        let mut note = format!("{head}\n\n");
        let shown: Vec<diag::Diagnostic> = ds
            .iter()
            .take(WARNINGS_SHOWN)
            .map(|d| (*d).clone())
            .collect();
        let text = diag::render(&compiled.source, &shown, false, lang);
        // Without the summary line `render` ends with.
        let text = text.rsplit_once("\n\n").map_or(text.as_str(), |(t, _)| t);
        note.push_str(text);
        note.push_str("\n\n");
        if ds.len() > WARNINGS_SHOWN {
            let more = t!(
                msg::DERIVE_MORE,
                n = ds.len() - WARNINGS_SHOWN,
                command = Text::code(format!("order-fsm check {}", args.spec))
            );
            note.push_str(&format!("{}\n\n", more.render(lang)));
        }
        let silence = t!(
            msg::DERIVE_SILENCE,
            one = Text::code(format!("#[fsm(allow = [\"{code}\"])]")),
            all = Text::code("#[fsm(warnings = \"allow\")]")
        );
        note.push_str(&silence.render(lang));
        let name = format!(
            "__order_fsm_{}_{code}",
            ty.to_string().trim_start_matches("r#")
        );
        let w = proc_macro_warning::FormattedWarning::new_deprecated(name, note, args.spec_span);
        out.extend(quote! { #w });
    }
    out
}

/// Errors after which the model is still consistent (lines with unknown names were left
/// out; every index points at an item), so the code generated from it is well formed and is
/// emitted next to the error. Syntax errors leave only the model of the rest of the file; a
/// missing initial state, Rust keywords and name collisions would make the generated code
/// itself fail.
const EXPAND_DESPITE: &[&str] = &[
    codes::UNKNOWN_STATE,
    codes::UNKNOWN_EVENT,
    codes::UNKNOWN_ROLE,
    codes::DUPLICATE_ID,
    codes::DUPLICATE_LABEL,
    codes::SEVERAL_INITIAL,
    codes::FROM_FINAL,
    codes::NONDETERMINISM,
    codes::TIMEOUT_CONFLICT,
    codes::DUPLICATE_CODE,
    codes::SCENARIO_FAILS,
    codes::RULE_BROKEN,
    codes::RULE_MALFORMED,
    codes::UNKNOWN_GUARD,
    codes::BAD_DURATION,
    codes::SCENARIO_NO_OUTCOME,
    codes::ROLE_NOT_OF_EVENT,
];

/// Pick the machine named in the attribute, or the only one.
fn pick_machine<'s>(
    spec: &'s Spec,
    name: Option<&str>,
    span: Span,
) -> Result<&'s Machine, syn::Error> {
    let ids: Vec<&str> = spec.machines.iter().map(|m| m.id.text.as_str()).collect();
    match name {
        Some(n) => spec.machine(n).ok_or_else(|| {
            syn::Error::new(
                span,
                format!(
                    "the spec has no machine `{n}`; it defines: {}",
                    ids.join(", ")
                ),
            )
        }),
        None => match spec.machines.as_slice() {
            [m] => Ok(m),
            [] => Err(syn::Error::new(span, "the spec defines no machine")),
            _ => Err(syn::Error::new(
                span,
                format!(
                    "the spec defines several machines ({}); say which with `machine = \"…\"`",
                    ids.join(", ")
                ),
            )),
        },
    }
}

fn visibility(vis: &syn::Visibility) -> Visibility {
    match vis {
        syn::Visibility::Public(_) => Visibility::Public,
        syn::Visibility::Inherited => Visibility::Private,
        syn::Visibility::Restricted(r) if r.path.is_ident("self") => Visibility::Private,
        syn::Visibility::Restricted(_) => Visibility::Crate,
    }
}

fn absolute(path: &Path) -> String {
    let p = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    p.display().to_string()
}

/// `const _: &[u8] = include_bytes!("…");`
pub fn include_tokens(path: &str) -> TokenStream {
    quote! { const _: &[u8] = ::core::include_bytes!(#path); }
}

/// Render one diagnostic-like message with a location in the spec, rustc-style.
pub(crate) fn located(source: Option<&SourceFile>, offset: usize, message: &str) -> String {
    match source {
        Some(src) => {
            let lc = src.line_col(offset);
            let line_range = src.lines.line_range(&src.text, lc.line.saturating_sub(1));
            let line = src.text.get(line_range).unwrap_or("");
            let caret = " ".repeat(lc.col.saturating_sub(1));
            let width = lc.line.to_string().len();
            let pad = " ".repeat(width);
            format!(
                "{message}\n{pad}--> {}:{}:{}\n{pad} |\n{} | {line}\n{pad} | {caret}^",
                src.name, lc.line, lc.col, lc.line
            )
        }
        None => message.to_string(),
    }
}
