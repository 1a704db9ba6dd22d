//! The exit status of every command, in one place.
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the spec, a scenario, an expectation or a `--check` failed, or `test --filter` matched nothing |
//! | 2 | the command line is wrong, or an input cannot be read (or an output cannot be written) |
//!
//! When several things go wrong in one run, the highest status wins: a file that could not be
//! read is reported as 2 even if another file had errors.

use std::process::ExitCode;

/// How a command ended. Ordered: a run that met several outcomes reports the highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: everything asked for was done and nothing failed.
    Success = 0,
    /// 1: the inputs were read and something in them failed: the spec has errors (or
    /// warnings with `--deny-warnings`), a scenario or an expectation failed, documents are
    /// not up to date under `--check`, or `test --filter` matched no scenario.
    Failed = 1,
    /// 2: the command line is wrong, or an input cannot be read, or an output cannot be
    /// written.
    Usage = 2,
}

impl Status {
    /// The worse of two outcomes.
    pub fn and(self, other: Status) -> Status {
        self.max(other)
    }
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(s as u8)
    }
}

/// The table shown at the end of every command's `--help`, in `lang`.
pub fn help(lang: order_fsm_core::msg::Lang) -> String {
    order_fsm_core::t!(order_fsm_core::msg::HELP_EXIT_TABLE).render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_outcome_wins() {
        assert_eq!(Status::Success.and(Status::Failed), Status::Failed);
        assert_eq!(Status::Usage.and(Status::Failed), Status::Usage);
        assert_eq!(Status::Success.and(Status::Success), Status::Success);
    }

    #[test]
    fn the_help_table_names_each_status_once() {
        for lang in [order_fsm_core::msg::Lang::En, order_fsm_core::msg::Lang::Zh] {
            let table = help(lang);
            for s in [Status::Success, Status::Failed, Status::Usage] {
                let line = format!("\n  {}  ", s as u8);
                assert_eq!(table.matches(&line).count(), 1, "{line:?}");
            }
        }
    }
}
