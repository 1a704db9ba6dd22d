//! The `order-fsm` command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod codes_cmd;
mod commands;
mod diff_cmd;
mod doc_cmd;
mod exit;
mod expand_cmd;
mod explain_cmd;
mod fmt_cmd;
mod help;
mod hooks_cmd;
mod lang;
mod levels;
mod preview;
mod sql_cmd;
mod steps;

/// The command line as it is parsed. Its words (what each command and argument is for, in
/// English and Chinese) are not here but in the catalogue: `help.rs` puts them in.
#[derive(Parser, Debug)]
#[command(name = "order-fsm", version)]
struct Cli {
    /// `--lang` before the command (`order-fsm --lang zh check …`), for the commands that
    /// are not given one of their own.
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<lang::LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Check(commands::CheckArgs),
    Simulate(commands::SimulateArgs),
    Test(commands::TestArgs),
    Doc(doc_cmd::DocArgs),
    Expand(expand_cmd::ExpandArgs),
    Hooks(hooks_cmd::HooksArgs),
    Sql(sql_cmd::SqlArgs),
    Fmt(fmt_cmd::FmtArgs),
    Diff(diff_cmd::DiffArgs),
    Codes(codes_cmd::CodesArgs),
    Explain(explain_cmd::ExplainArgs),
    Preview(preview::PreviewArgs),
}

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang::from_args(&args);
    let mut cmd = help::command(lang);
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => return help::report(&e, lang),
    };
    if let Some(("help", sub)) = matches.subcommand() {
        let name = sub.get_one::<String>("command").map(String::as_str);
        return help::print_help_of(&mut cmd, name, lang);
    }
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return help::report(&e, lang),
    };
    let mut command = cli.command;
    if let Some(l) = cli.lang {
        command.default_lang(l);
    }
    match command {
        Command::Check(a) => commands::check(&a),
        Command::Simulate(a) => commands::simulate(&a),
        Command::Test(a) => commands::test(&a),
        Command::Doc(a) => doc_cmd::run(&a),
        Command::Expand(a) => expand_cmd::run(&a),
        Command::Hooks(a) => hooks_cmd::run(&a),
        Command::Sql(a) => sql_cmd::run(&a),
        Command::Fmt(a) => fmt_cmd::run(&a),
        Command::Diff(a) => diff_cmd::run(&a),
        Command::Explain(a) => explain_cmd::run(&a),
        Command::Codes(a) => codes_cmd::run(&a),
        Command::Preview(a) => preview::run(&a),
    }
}

impl Command {
    /// The `--lang` given before the command, unless the command has its own.
    fn default_lang(&mut self, l: lang::LangArg) {
        let own = match self {
            Command::Check(a) => &mut a.messages.lang,
            Command::Simulate(a) => &mut a.messages.lang,
            Command::Test(a) => &mut a.messages.lang,
            Command::Doc(a) => &mut a.lang,
            Command::Expand(a) => &mut a.messages.lang,
            Command::Hooks(a) => &mut a.messages.lang,
            Command::Sql(a) => &mut a.messages.lang,
            Command::Fmt(a) => &mut a.messages.lang,
            Command::Diff(a) => &mut a.lang,
            Command::Explain(a) => &mut a.messages.lang,
            Command::Codes(a) => &mut a.messages.lang,
            Command::Preview(a) => &mut a.messages.lang,
        };
        own.get_or_insert(l);
    }
}

/// Standard output closed early (`order-fsm expand spec.fsm | head`) ends the program quietly,
/// as it does for other command-line tools, instead of a panic on the broken pipe: the Rust
/// runtime ignores SIGPIPE, so every `println!` after the reader went away would panic.
#[cfg(unix)]
fn quiet_on_broken_pipe() {
    // SAFETY: the first thing `main` does, before any thread exists; it only restores the
    // default action of one signal.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_broken_pipe() {}
