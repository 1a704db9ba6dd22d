//! `--allow CODE` and `--deny CODE` on `check`, `test` and `doc`: a warning not reported, or
//! reported as an error, as `#[fsm(allow = ["W0005"])]` does for the derive.
//!
//! An allowed warning is dropped before anything is printed or counted, so it also never
//! fails a run under `check --deny-warnings`; a denied one is an error (`error[W0005]`), which
//! fails the run as any error does. Only warning codes may be given: an error is an error
//! already, and an unknown code is a wrong command line (status 2).

use std::collections::BTreeSet;

use order_fsm_core::diag::{codes, Severity};
use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::t;
use order_fsm_core::Compiled;

/// `--allow CODE` and `--deny CODE`, each repeatable and taking comma lists.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct LevelArgs {
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub allow: Vec<String>,
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub deny: Vec<String>,
}

/// The warning codes allowed and denied, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    allow: BTreeSet<&'static str>,
    deny: BTreeSet<&'static str>,
}

fn warning_codes() -> impl Iterator<Item = &'static str> {
    codes::warnings()
}

/// The code `given` stands for (`w0005` and ` W0005 ` are `W0005`), or why it cannot be used.
fn code(flag: &str, given: &str) -> Result<&'static str, Text> {
    let wanted = given.trim().to_ascii_uppercase();
    let warnings = || Text::Join(warning_codes().map(Text::code).collect());
    match codes::ALL
        .iter()
        .find(|c| **c == wanted)
        .map(|&c| (c, codes::severity(c)))
    {
        Some((c, Severity::Warning)) => Ok(c),
        Some((c, Severity::Error)) => Err(t!(
            msg::CLI_LEVEL_ERROR_CODE,
            given = Text::code(format!("--{flag} {given}")),
            code = Text::code(c),
            codes = warnings()
        )),
        None => {
            let hint = order_fsm_core::suggest::did_you_mean(&wanted, warning_codes())
                .map(|s| {
                    Text::Seq(vec![
                        t!(msg::SEMI_SEP),
                        t!(msg::DID_YOU_MEAN, name = Text::code(s)),
                    ])
                })
                .unwrap_or_default();
            Err(Text::Seq(vec![
                t!(
                    msg::CLI_LEVEL_UNKNOWN,
                    given = Text::code(format!("--{flag} {given}")),
                    code = Text::code(&wanted),
                    codes = warnings()
                ),
                hint,
            ]))
        }
    }
}

impl LevelArgs {
    /// The levels asked for, or every problem with the codes given (each printed as
    /// `error: …` by the caller; the run is then a usage error).
    pub fn levels(&self) -> Result<Levels, Vec<Text>> {
        let mut levels = Levels::default();
        let mut problems = Vec::new();
        for (flag, given, set) in [
            ("allow", &self.allow, &mut levels.allow),
            ("deny", &self.deny, &mut levels.deny),
        ] {
            for g in given {
                match code(flag, g) {
                    Ok(c) => {
                        set.insert(c);
                    }
                    Err(e) => problems.push(e),
                }
            }
        }
        for c in levels.allow.intersection(&levels.deny) {
            problems.push(t!(msg::CLI_LEVEL_BOTH, code = Text::code(c)));
        }
        if problems.is_empty() {
            Ok(levels)
        } else {
            Err(problems)
        }
    }

    /// [`LevelArgs::levels`], its problems printed in `lang`.
    pub fn levels_or_report(&self, lang: Lang) -> Option<Levels> {
        match self.levels() {
            Ok(l) => Some(l),
            Err(problems) => {
                for p in problems {
                    crate::lang::error(lang, p);
                }
                None
            }
        }
    }
}

impl Levels {
    /// Drops the allowed warnings and makes the denied ones errors; errors stay first.
    pub fn apply(&self, c: &mut Compiled) {
        if self.allow.is_empty() && self.deny.is_empty() {
            return;
        }
        c.diagnostics
            .retain(|d| !(d.severity == Severity::Warning && self.allow.contains(d.code)));
        for d in &mut c.diagnostics {
            if d.severity == Severity::Warning && self.deny.contains(d.code) {
                d.severity = Severity::Error;
            }
        }
        // Stable: each kind keeps its source order.
        c.diagnostics
            .sort_by_key(|d| u8::from(d.severity == Severity::Warning));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(allow: &[&str], deny: &[&str]) -> LevelArgs {
        LevelArgs {
            allow: allow.iter().map(|s| s.to_string()).collect(),
            deny: deny.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn codes_are_read_in_any_case_and_checked() {
        let l = args(&["w0005"], &[" W0004 "]).levels().expect("valid");
        assert!(l.allow.contains("W0005") && l.deny.contains("W0004"));
        assert_eq!(args(&["E0002"], &[]).levels().map_err(|e| e.len()), Err(1));
        assert_eq!(args(&[], &["W9999"]).levels().map_err(|e| e.len()), Err(1));
        assert_eq!(args(&["", "x"], &[]).levels().map_err(|e| e.len()), Err(2));
        assert_eq!(
            args(&["W0005"], &["w0005"]).levels().map_err(|e| e.len()),
            Err(1)
        );
    }

    #[test]
    fn allowed_warnings_go_and_denied_ones_become_errors() {
        let mut c = order_fsm_core::compile(
            "x.fsm",
            "machine M {\n  state A initial\n  state B final\n  event Go\n  event Unused \"u\"\n  A -> B on Go\n}\n",
        );
        let codes_of = |c: &Compiled| -> Vec<(&str, Severity)> {
            c.diagnostics.iter().map(|d| (d.code, d.severity)).collect()
        };
        assert!(codes_of(&c).contains(&("W0004", Severity::Warning)));
        args(&["W0005"], &["W0004"])
            .levels()
            .expect("valid")
            .apply(&mut c);
        let after = codes_of(&c);
        assert!(!after.iter().any(|(code, _)| *code == "W0005"), "{after:?}");
        assert_eq!(
            after.first(),
            Some(&("W0004", Severity::Error)),
            "{after:?}"
        );
        assert!(c.has_errors());
    }
}
