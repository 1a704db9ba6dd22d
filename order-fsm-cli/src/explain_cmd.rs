//! `order-fsm explain [CODE]`: a diagnostic code's section of the reference, like
//! `rustc --explain`, so that someone who installed only the binary has it.
//!
//! The sections are the core's entries (`order_fsm_core::explain`, one file per code in
//! `order-fsm-core/diagnostics/`), embedded in the core and so in this binary; the
//! Diagnostics chapters of `docs/spec-language.md` and `docs/spec-language.zh.md` are
//! generated from the same entries.

use std::io::Write;
use std::process::ExitCode;

use order_fsm_core::diag::codes;
use order_fsm_core::explain;
use order_fsm_core::msg::{self, Text};
use order_fsm_core::t;

use crate::exit::Status;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A diagnostic code such as `E0010` or `w0001`; without it, every code is listed.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

pub fn run(args: &ExplainArgs) -> ExitCode {
    let lang = args.messages.get();
    // A reader that stops early (`| head`) is not an error.
    let mut out = std::io::stdout().lock();
    match &args.code {
        None => {
            let _ = writeln!(out, "{}", t!(msg::CLI_EXPLAIN_LIST).render(lang));
            for code in codes::ALL {
                let title = explain::title(code, lang).unwrap_or_default();
                let _ = writeln!(out, "  {code}  {title}");
            }
            Status::Success.into()
        }
        Some(wanted) => {
            let wanted = wanted.trim().to_ascii_uppercase();
            match explain::explanation(&wanted, lang) {
                Some(section) => {
                    let _ = writeln!(out, "{section}");
                    Status::Success.into()
                }
                None => {
                    let line = t!(msg::CLI_EXPLAIN_UNKNOWN, code = Text::code(&wanted));
                    eprintln!("error: {}", line.render(lang));
                    Status::Usage.into()
                }
            }
        }
    }
}
