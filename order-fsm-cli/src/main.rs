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
mod lang;
mod levels;
mod sql_cmd;
mod steps;

/// Check, simulate, test and document order lifecycle specs (`.fsm` files).
///
/// A spec describes one order lifecycle: its states (待付款, 待发货 …), the events that move
/// an order between them, who may fire each event, guards, actions, timeouts and scenarios.
/// `order-fsm explain` lists the diagnostic codes and `order-fsm explain E0010` shows one,
/// with an example and the fix (`--lang zh` for Chinese).
#[derive(Parser, Debug)]
#[command(name = "order-fsm", version, about, long_about)]
#[command(after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The examples, then the exit status table every command shares.
const AFTER_HELP: &str = concat!(
    "Examples:
  order-fsm check specs/
  order-fsm simulate specs/order.fsm Pay \"Ship by seller\" Confirm
  order-fsm test specs/order.fsm
  order-fsm doc specs/order.fsm --format html --out docs/generated
  order-fsm explain E0010 --lang zh

",
    exit::help_table!()
);

#[derive(Subcommand, Debug)]
enum Command {
    /// Check spec files for mistakes and print every error and warning.
    ///
    /// With --deny-warnings, warnings fail the run (status 1) as errors do.
    #[command(after_help = exit::HELP)]
    Check(commands::CheckArgs),
    /// Walk an order through events and see where it ends up, or why an event is refused.
    ///
    /// Each step is written as in a scenario: `Pay`, `"Ship by seller"`,
    /// `"Pay [not payment_verified]"`, `"after 30m"`, and may end with an expectation such as
    /// `"Cancel => rejected"` or `"Pay => Paid"`. Guards say yes unless a step says otherwise.
    ///
    /// A refused step fails the run (status 1) unless it says `=> rejected`; an unknown
    /// event, role, state or guard in a step is a wrong command line (status 2).
    #[command(after_help = exit::HELP)]
    Simulate(commands::SimulateArgs),
    /// Run every scenario in the specs and report each one as passed or failed.
    #[command(after_help = exit::HELP)]
    Test(commands::TestArgs),
    /// Write the PRD documents: 状态流转表, matrix and diagrams (Markdown, Mermaid, DOT,
    /// PlantUML, SVG, HTML, JSON, CSV).
    #[command(after_help = exit::HELP)]
    Doc(doc_cmd::DocArgs),
    /// Print the Rust code that `#[derive(StateMachine)]` generates for a spec.
    #[command(after_help = exit::HELP)]
    Expand(expand_cmd::ExpandArgs),
    /// Print the SQL that stores orders in SQLite or PostgreSQL, with the spec's rules
    /// enforced by the database itself: tables, allowed status changes, triggers.
    ///
    /// The script can be run again, and again after the spec changes: it keeps the data
    /// and replaces the rules. Status codes that cannot make one column fail as spec errors
    /// do (status 1).
    Sql(sql_cmd::SqlArgs),
    /// Write specs in the canonical layout: clauses in the reference's order, groups of
    /// lines aligned in columns, comments, blank-line groups, line endings and a byte order
    /// mark kept.
    ///
    /// Files are replaced atomically (a link is written through: the file it points to is
    /// replaced). A file with syntax errors is left as it is (its errors, status 1). With
    /// --check nothing is written: the files that differ are listed (status 1 if any).
    #[command(after_help = exit::HELP)]
    Fmt(fmt_cmd::FmtArgs),
    /// Compare two versions of a spec by behaviour: what an order can do now that it could
    /// not before, and the other way round, with what it means for stored orders.
    ///
    /// OLD and NEW are files, or `REV:PATH` read with `git show` (PATH from the repository
    /// root): `order-fsm diff main:specs/order.fsm specs/order.fsm`. Every finding has a
    /// level (breaking, dangerous, safe) and a stable id for --accept. With --fail-on, a
    /// finding at that level or above that is not accepted fails the run (status 1). An
    /// invalid OLD or NEW, or a git error, is status 2.
    #[command(after_help = exit::HELP)]
    Diff(diff_cmd::DiffArgs),
    /// Translate status codes between the systems of a spec: `main` (the `code …` of each
    /// state) and every `codes` system (a legacy system, a marketplace).
    ///
    /// One line per code: `5 -> 90 (Closed 已关闭), 95 (Refund 退款中)`, the code in the
    /// --to system, then the state. A code that several states share lists every candidate
    /// and the run ends with status 1 (the answer is not unique), as it does when a state
    /// has no code in the --to system (`-`). An unknown system or code is status 2.
    #[command(after_help = exit::HELP)]
    Codes(codes_cmd::CodesArgs),
    /// Explain a diagnostic code (`E0010`): what it means, an example and the fix, as in
    /// the language reference. Without a code, list every code. An unknown code is status 2.
    #[command(after_help = exit::HELP)]
    Explain(explain_cmd::ExplainArgs),
}

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let cli = Cli::parse();
    match cli.command {
        Command::Check(a) => commands::check(&a),
        Command::Simulate(a) => commands::simulate(&a),
        Command::Test(a) => commands::test(&a),
        Command::Doc(a) => doc_cmd::run(&a),
        Command::Expand(a) => expand_cmd::run(&a),
        Command::Sql(a) => sql_cmd::run(&a),
        Command::Fmt(a) => fmt_cmd::run(&a),
        Command::Diff(a) => diff_cmd::run(&a),
        Command::Explain(a) => explain_cmd::run(&a),
        Command::Codes(a) => codes_cmd::run(&a),
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
