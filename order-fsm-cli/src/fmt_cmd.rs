//! `order-fsm fmt`: writes specs in the canonical layout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use order_fsm_core::msg::{self, Text};
use order_fsm_core::source::SourceFile;
use order_fsm_core::{diag, input, syntax, t};
use order_fsm_fmt::{self as fmt, FmtError};

use crate::commands::{collect_specs, display_name};
use crate::doc_cmd::replace_file;
use crate::exit::Status;

#[derive(Args, Debug)]
pub struct FmtArgs {
    #[arg(value_name = "FILE_OR_DIR", required_unless_present = "stdin")]
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub check: bool,
    #[arg(long, conflicts_with_all = ["paths", "check"])]
    pub stdin: bool,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

pub fn run(args: &FmtArgs) -> ExitCode {
    let lang = args.messages.get();
    if args.stdin {
        return from_stdin(lang).into();
    }
    let (files, unreadable) = collect_specs(&args.paths, lang);
    let mut status = if unreadable > 0 {
        Status::Usage
    } else {
        Status::Success
    };
    let (mut changed, mut same) = (0, 0);
    for f in &files {
        let name = display_name(f);
        let bytes = match input::read_spec(f) {
            Ok(b) => b,
            Err(e) => {
                crate::lang::error(lang, e.text());
                status = status.and(Status::Usage);
                continue;
            }
        };
        let Some(formatted) = format_one(&name, &bytes, lang) else {
            status = status.and(Status::Failed);
            continue;
        };
        if formatted.as_bytes() == bytes.as_slice() {
            same += 1;
            continue;
        }
        changed += 1;
        if args.check {
            println!(
                "{}",
                t!(msg::CLI_FMT_DIFFERS, path = name.as_str()).render(lang)
            );
            status = status.and(Status::Failed);
        } else if let Err(e) = write_spec(f, &formatted) {
            crate::lang::error(
                lang,
                t!(
                    msg::CLI_CANNOT_WRITE,
                    path = Text::code(&name),
                    why = e.to_string()
                ),
            );
            status = status.and(Status::Usage);
        }
    }
    let files = crate::lang::files(same + changed);
    let summary = if args.check {
        t!(msg::CLI_FMT_CHECKED, files = files, n = changed)
    } else {
        t!(msg::CLI_FMT_DONE, files = files, n = changed)
    };
    eprintln!("{}", summary.render(lang));
    status.into()
}

/// The formatted text, or `None` after printing why the file is left as it is.
fn format_one(name: &str, bytes: &[u8], lang: order_fsm_core::msg::Lang) -> Option<String> {
    let text = match syntax::check_bytes(bytes) {
        Ok(t) => t,
        Err(failed) => {
            let (text, d) = *failed;
            eprint!(
                "{}",
                diag::render(&SourceFile::new(name, &text), &[d], false, lang)
            );
            return None;
        }
    };
    match fmt::format(text) {
        Ok(out) => Some(out),
        Err(FmtError::Syntax(diags)) => {
            eprint!(
                "{}",
                diag::render(&SourceFile::new(name, text), &diags, false, lang)
            );
            crate::lang::error(lang, t!(msg::CLI_FMT_SYNTAX, path = Text::code(name)));
            None
        }
        Err(FmtError::Unsafe(why)) => {
            crate::lang::error(
                lang,
                t!(msg::CLI_FMT_UNSAFE, path = Text::code(name), why = why),
            );
            None
        }
    }
}

fn from_stdin(lang: order_fsm_core::msg::Lang) -> Status {
    // Too large or unreadable is an input that cannot be read: status 2, as for files.
    let bytes = match input::read_spec_from(Path::new("<stdin>"), std::io::stdin().lock()) {
        Ok(b) => b,
        Err(e) => {
            crate::lang::error(lang, e.text());
            return Status::Usage;
        }
    };
    let Some(out) = format_one("<stdin>", &bytes, lang) else {
        return Status::Failed;
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        crate::lang::error(lang, t!(msg::CLI_CANNOT_WRITE_STDOUT, why = e.to_string()));
        return Status::Usage;
    }
    Status::Success
}

/// Replaces a spec atomically. A link is written through: the file it points to is replaced
/// and the link stays a link, as editors do. The file keeps its permissions.
fn write_spec(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let dir = real.parent().unwrap_or(Path::new("."));
    let perms = std::fs::metadata(&real)?.permissions();
    replace_file(dir, &real, text)?;
    std::fs::set_permissions(&real, perms)
}
