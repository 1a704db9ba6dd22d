//! The `order-fsm` command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;
mod doc_cmd;
mod expand_cmd;
mod sql_cmd;

/// Check, simulate, test and document order lifecycle specs (`.fsm` files).
///
/// A spec describes one order lifecycle: its states (待付款, 待发货 …), the events that move
/// an order between them, who may fire each event, guards, actions, timeouts and scenarios.
/// See docs/spec-language.md for the language.
#[derive(Parser, Debug)]
#[command(name = "order-fsm", version, about, long_about)]
#[command(
    after_help = "Examples:\n  order-fsm check specs/\n  order-fsm simulate specs/order.fsm Pay \"Ship by seller\" Confirm\n  order-fsm test specs/order.fsm\n  order-fsm doc specs/order.fsm --format html --out docs/generated"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check spec files for mistakes and print every error and warning.
    ///
    /// Exit status: 0 when there is nothing to fix, 1 when there are errors (or warnings
    /// with --deny-warnings), 2 when the command line is wrong or a file cannot be read.
    Check(commands::CheckArgs),
    /// Walk an order through events and see where it ends up, or why an event is refused.
    ///
    /// Each step is written as in a scenario: `Pay`, `"Ship by seller"`,
    /// `"Pay [not payment_verified]"`, `"after 30m"`, and may end with an expectation such as
    /// `"Cancel => rejected"` or `"Pay => Paid"`. Guards say yes unless a step says otherwise.
    ///
    /// Exit status: 0 when every step was accepted (or rejected as its expectation said), 1
    /// when a step was refused or an expectation was not met, 2 when the command line is wrong.
    Simulate(commands::SimulateArgs),
    /// Run every scenario in the specs and report each one as passed or failed.
    Test(commands::TestArgs),
    /// Write the PRD documents: 状态流转表, matrix and diagrams (Markdown, Mermaid, DOT,
    /// PlantUML, SVG, HTML, JSON, CSV).
    Doc(doc_cmd::DocArgs),
    /// Print the Rust code that `#[derive(StateMachine)]` generates for a spec.
    Expand(expand_cmd::ExpandArgs),
    /// Print the SQL that stores orders in SQLite or PostgreSQL, with the spec's rules
    /// enforced by the database itself: tables, allowed status changes, triggers.
    ///
    /// The script can be run again, and again after the spec changes: it keeps the data
    /// and replaces the rules. Exit status: 0 on success, 1 when the spec has errors or its
    /// status codes cannot make one column, 2 when the command line is wrong or the file
    /// cannot be read.
    Sql(sql_cmd::SqlArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(a) => commands::check(&a),
        Command::Simulate(a) => commands::simulate(&a),
        Command::Test(a) => commands::test(&a),
        Command::Doc(a) => doc_cmd::run(&a),
        Command::Expand(a) => expand_cmd::run(&a),
        Command::Sql(a) => sql_cmd::run(&a),
    }
}
