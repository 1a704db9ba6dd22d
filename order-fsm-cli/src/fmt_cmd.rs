//! `order-fsm fmt`: writes specs in the canonical layout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use order_fsm_core::fmt::{self, FmtError};
use order_fsm_core::source::SourceFile;
use order_fsm_core::{diag, input, syntax};

use crate::commands::{collect_specs, display_name};
use crate::doc_cmd::replace_file;
use crate::exit::Status;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Spec files, or folders to search for `.fsm` files.
    #[arg(value_name = "FILE_OR_DIR", required_unless_present = "stdin")]
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files whose layout differs and fail (status 1) if any does.
    #[arg(long)]
    pub check: bool,
    /// Read one spec from standard input and write it formatted to standard output.
    #[arg(long, conflicts_with_all = ["paths", "check"])]
    pub stdin: bool,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

pub fn run(args: &FmtArgs) -> ExitCode {
    if args.stdin {
        return from_stdin(args.messages.get()).into();
    }
    let (files, unreadable) = collect_specs(&args.paths);
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
                eprintln!("error: {e}");
                status = status.and(Status::Usage);
                continue;
            }
        };
        let Some(formatted) = format_one(&name, &bytes, args.messages.get()) else {
            status = status.and(Status::Failed);
            continue;
        };
        if formatted.as_bytes() == bytes.as_slice() {
            same += 1;
            continue;
        }
        changed += 1;
        if args.check {
            println!("differs: {name}");
            status = status.and(Status::Failed);
        } else if let Err(e) = write_spec(f, &formatted) {
            eprintln!("error: cannot write `{name}`: {e}");
            status = status.and(Status::Usage);
        }
    }
    if args.check {
        eprintln!(
            "{} file(s) checked, {changed} not formatted",
            same + changed
        );
    } else {
        eprintln!("{} file(s), {changed} reformatted", same + changed);
    }
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
                diag::render_in(&SourceFile::new(name, &text), &[d], false, lang)
            );
            return None;
        }
    };
    match fmt::format(text) {
        Ok(out) => Some(out),
        Err(FmtError::Syntax(diags)) => {
            eprint!(
                "{}",
                diag::render_in(&SourceFile::new(name, text), &diags, false, lang)
            );
            eprintln!("error: `{name}` has syntax errors and was left as it is");
            None
        }
        Err(FmtError::Unsafe(why)) => {
            eprintln!("error: `{name}` was left as it is: {why}");
            None
        }
    }
}

fn from_stdin(lang: order_fsm_core::msg::Lang) -> Status {
    // Too large or unreadable is an input that cannot be read: status 2, as for files.
    let bytes = match input::read_spec_from(Path::new("<stdin>"), std::io::stdin().lock()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
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
        eprintln!("error: cannot write standard output: {e}");
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
