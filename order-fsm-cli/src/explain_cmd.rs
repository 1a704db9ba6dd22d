//! `order-fsm explain [CODE]`: a diagnostic code's section of the reference, like
//! `rustc --explain`, so that someone who installed only the binary has it.
//!
//! The sections are embedded from `explain/en.md` (the diagnostics section of
//! `docs/spec-language.md`) and `explain/zh.md` (the diagnostics section of the Chinese
//! reference `docs/spec-language.zh.md`: the same examples, and what `check --lang zh` prints
//! for them), each kept equal to its page by a test. Both files live inside this crate so that
//! `cargo install` carries them.

use std::io::Write;
use std::process::ExitCode;

use order_fsm_core::diag::codes;
use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::t;

use crate::exit::Status;

const EN: &str = include_str!("../explain/en.md");
const ZH: &str = include_str!("../explain/zh.md");

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A diagnostic code such as `E0010` or `w0001`; without it, every code is listed.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

/// The sections of one language's page: (code, title, whole section).
pub fn sections(lang: Lang) -> Vec<(&'static str, &'static str, &'static str)> {
    let page = match lang {
        Lang::En => EN,
        Lang::Zh => ZH,
    };
    let mut out = Vec::new();
    let mut starts: Vec<usize> = page.match_indices("\n### ").map(|(i, _)| i + 1).collect();
    if page.starts_with("### ") {
        starts.insert(0, 0);
    }
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(page.len());
        let section = page[s..end].trim_end();
        let heading = section.lines().next().unwrap_or_default();
        let rest = &heading[4..];
        let code = rest.get(..5).unwrap_or_default();
        let title = rest
            .get(5..)
            .unwrap_or_default()
            .trim_start_matches([':', '：'])
            .trim();
        out.push((code, title, section));
    }
    out
}

pub fn run(args: &ExplainArgs) -> ExitCode {
    let lang = args.messages.get();
    let all = sections(lang);
    // A reader that stops early (`| head`) is not an error.
    let mut out = std::io::stdout().lock();
    match &args.code {
        None => {
            let _ = writeln!(out, "{}", t!(msg::CLI_EXPLAIN_LIST).render(lang));
            for (code, _, _) in codes::ALL {
                let title = all
                    .iter()
                    .find(|(c, _, _)| c == code)
                    .map_or("", |(_, t, _)| *t);
                let _ = writeln!(out, "  {code}  {title}");
            }
            Status::Success.into()
        }
        Some(wanted) => {
            let wanted = wanted.trim().to_ascii_uppercase();
            match all.iter().find(|(c, _, _)| *c == wanted) {
                Some((_, _, section)) => {
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
