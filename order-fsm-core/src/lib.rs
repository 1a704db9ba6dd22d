//! The plain core of order-fsm: it reads a `.fsm` spec, resolves it into a [`model::Spec`],
//! checks it, reports [`diag::Diagnostic`]s and interprets it.
//!
//! The pipeline follows the data: source text → syntax tree ([`syntax`], pest) → resolved
//! model ([`lower`]) → checks ([`checks`]) → everything else (scenarios, simulation, code
//! generation and documents in other crates). The interpreter ([`interp`]) defines what a
//! spec means; [`liveness`] derives from it which lines can ever be taken.
//!
//! ```
//! let out = order_fsm_core::compile("order.fsm", r#"
//! machine Order "订单" {
//!   state Created "待付款" initial
//!   state Paid "已付款" final
//!   event Pay "付款"
//!   Created -> Paid on Pay
//! }
//! "#);
//! assert!(!out.has_errors());
//! let spec = out.spec.unwrap();
//! assert_eq!(spec.machines[0].states.len(), 2);
//! ```

// The pest parser is built without its `std` feature (see `syntax`), and its generated code
// names `alloc` directly.
extern crate alloc;

pub mod analysis;
pub mod ast;
pub mod checks;
pub mod diag;
pub mod duration;
pub mod explain;
pub mod input;
pub mod interp;
pub mod liveness;
pub mod lower;
pub mod model;
/// The message catalogue (`order-fsm-msg`): every sentence a diagnostic shows, in English and
/// Chinese.
pub use order_fsm_msg as msg;
pub use order_fsm_msg::t;
pub mod names;
pub mod prd;
pub mod rules;
pub mod scenario;
pub mod source;
pub mod suggest;
pub mod syntax;

use diag::{Diagnostic, Severity};
use source::SourceFile;

/// The result of reading one spec file.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub source: SourceFile,
    /// The resolved model; lines with errors in them are left out of it, so use it only
    /// when [`Compiled::has_errors`] is false. After syntax errors it is the model of the
    /// rest of the file (the tree [`syntax::parse_file`] recovered, with every broken line
    /// blanked), resolved but not checked, or `None` when no tree could be recovered; the
    /// diagnostics are then the syntax errors alone.
    pub spec: Option<model::Spec>,
    /// Every error, then every warning, each in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning)
    }
    /// Diagnostics rendered rustc-style as plain text, in `lang`.
    pub fn render_in(&self, lang: msg::Lang) -> String {
        diag::render(&self.source, &self.diagnostics, false, lang)
    }
    /// Diagnostics rendered rustc-style as plain text, in English.
    pub fn render(&self) -> String {
        self.render_in(msg::Lang::En)
    }
}

/// Parse, resolve and check a spec held in a string.
pub fn compile(name: &str, text: &str) -> Compiled {
    let source = SourceFile::new(name, text);
    let mut diagnostics = Vec::new();
    let parsed = syntax::parse_file(&source.text);
    let spec = if parsed.problems.is_empty() {
        parsed.file.map(|file| {
            let spec = lower::lower(name, &file, &mut diagnostics);
            // The model owns its texts; the tree is not needed for checking, and on large
            // specs it is as large as the model.
            drop(file);
            let clean = !diagnostics.iter().any(|d| d.severity == Severity::Error);
            checks::check(&spec, clean, &mut diagnostics);
            spec
        })
    } else {
        // The rest of the file, resolved once: it gives the names that lines written the
        // PRD way are read back with. What resolving says about it is left unsaid (a name
        // may be unknown only because the line declaring it is broken), and the checks do
        // not run: the syntax errors are fixed first.
        let spec = parsed
            .file
            .as_ref()
            .map(|file| lower::lower(name, file, &mut Vec::new()));
        let mut errs = parsed.diagnostics();
        drop(parsed);
        prd::explain(&source.text, spec.as_ref(), &mut errs);
        diagnostics.extend(errs);
        spec
    };
    // Errors first, then warnings, each in source order: a warning is often a consequence
    // of an error (and says so), so the cause comes first.
    diagnostics.sort_by_key(|d| (d.severity, d.primary.span.start, d.code));
    Compiled {
        source,
        spec,
        diagnostics,
    }
}

/// Like [`compile`], for raw bytes read from disk: invalid UTF-8 and binary content are
/// reported as diagnostics instead of failing.
pub fn compile_bytes(name: &str, bytes: &[u8]) -> Compiled {
    match syntax::check_bytes(bytes) {
        Ok(text) => compile(name, text),
        Err(failed) => {
            let (text, diag) = *failed;
            Compiled {
                source: SourceFile::new(name, text),
                spec: None,
                diagnostics: vec![diag],
            }
        }
    }
}
