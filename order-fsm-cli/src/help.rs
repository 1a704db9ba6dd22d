//! The command line in the reader's language: every `--help` and every usage error.
//!
//! The arguments are declared once, with clap's derive, for parsing. Their words are not in
//! the derive: each command's `about`, each argument's help, each value's help, the headings,
//! the usage line, the built-in `--help`, `--version` and `help`, and every error clap can
//! report come from the catalogue, put into the language chosen by `--lang` wherever it is on
//! the command line, then `ORDER_FSM_LANG`, then the locale ([`crate::lang::from_args`]).
//! [`command`] builds the `clap::Command` with them; [`report`] prints what clap returns
//! instead of matches (help, version, or an error) in that language.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};
use order_fsm_core::msg::{self, Lang, Msg, Text};
use order_fsm_core::t;

use crate::exit::Status;

/// Each command's short and long description (`-h` and `--help`), and its text after the
/// arguments (before the exit status table every command ends with).
const COMMANDS: &[(&str, &Msg, Option<&Msg>, Option<&Msg>)] = &[
    ("", &msg::HELP_ABOUT, Some(&msg::HELP_ABOUT_LONG), None),
    (
        "check",
        &msg::HELP_CHECK_ABOUT,
        Some(&msg::HELP_CHECK_LONG),
        None,
    ),
    (
        "simulate",
        &msg::HELP_SIMULATE_ABOUT,
        Some(&msg::HELP_SIMULATE_LONG),
        None,
    ),
    ("test", &msg::HELP_TEST_ABOUT, None, None),
    ("doc", &msg::HELP_DOC_ABOUT, Some(&msg::HELP_DOC_LONG), None),
    ("expand", &msg::HELP_EXPAND_ABOUT, None, None),
    (
        "hooks",
        &msg::HELP_HOOKS_ABOUT,
        Some(&msg::HELP_HOOKS_LONG),
        None,
    ),
    (
        "sql",
        &msg::HELP_SQL_ABOUT,
        Some(&msg::HELP_SQL_LONG),
        Some(&msg::HELP_SQL_AFTER),
    ),
    ("fmt", &msg::HELP_FMT_ABOUT, Some(&msg::HELP_FMT_LONG), None),
    (
        "diff",
        &msg::HELP_DIFF_ABOUT,
        Some(&msg::HELP_DIFF_LONG),
        None,
    ),
    (
        "codes",
        &msg::HELP_CODES_ABOUT,
        Some(&msg::HELP_CODES_LONG),
        None,
    ),
    ("explain", &msg::HELP_EXPLAIN_ABOUT, None, None),
    (
        "preview",
        &msg::HELP_PREVIEW_ABOUT,
        Some(&msg::HELP_PREVIEW_LONG),
        None,
    ),
];

/// The help of each argument: `(command, argument id, help)`; command `*` for an argument
/// that means the same in every command that has it.
const ARGS: &[(&str, &str, &Msg)] = &[
    ("*", "lang", &msg::HELP_LANG),
    ("*", "color", &msg::HELP_COLOR),
    ("*", "paths", &msg::HELP_PATHS),
    ("*", "spec", &msg::HELP_SPEC),
    ("*", "allow", &msg::HELP_ALLOW),
    ("*", "deny", &msg::HELP_DENY),
    ("check", "deny_warnings", &msg::HELP_CHECK_DENY_WARNINGS),
    ("check", "format", &msg::HELP_CHECK_FORMAT),
    ("simulate", "spec", &msg::HELP_SIMULATE_SPEC),
    ("simulate", "machine", &msg::HELP_SIMULATE_MACHINE),
    ("simulate", "from", &msg::HELP_SIMULATE_FROM),
    ("simulate", "steps", &msg::HELP_SIMULATE_STEPS),
    ("test", "filter", &msg::HELP_TEST_FILTER),
    ("doc", "specs", &msg::HELP_DOC_SPECS),
    ("doc", "format", &msg::HELP_DOC_FORMAT),
    ("doc", "lang", &msg::HELP_DOC_LANG),
    ("doc", "machine", &msg::HELP_DOC_MACHINE),
    ("doc", "out", &msg::HELP_DOC_OUT),
    ("doc", "check", &msg::HELP_DOC_CHECK),
    ("doc", "verbose", &msg::HELP_DOC_VERBOSE),
    ("expand", "machine", &msg::HELP_EXPAND_MACHINE),
    ("expand", "type_name", &msg::HELP_EXPAND_TYPE),
    ("expand", "typestate", &msg::HELP_EXPAND_TYPESTATE),
    ("hooks", "machine", &msg::HELP_HOOKS_MACHINE),
    ("hooks", "store", &msg::HELP_HOOKS_STORE),
    ("hooks", "key", &msg::HELP_HOOKS_KEY),
    ("hooks", "name", &msg::HELP_HOOKS_NAME),
    ("hooks", "type_name", &msg::HELP_EXPAND_TYPE),
    ("sql", "machine", &msg::HELP_SQL_MACHINE),
    ("sql", "dialect", &msg::HELP_SQL_DIALECT),
    ("sql", "alter", &msg::HELP_SQL_ALTER),
    ("sql", "columns_exist", &msg::HELP_SQL_COLUMNS_EXIST),
    ("sql", "prefix", &msg::HELP_SQL_PREFIX),
    ("sql", "schema", &msg::HELP_SQL_SCHEMA),
    ("sql", "status_type", &msg::HELP_SQL_STATUS_TYPE),
    ("sql", "key", &msg::HELP_SQL_KEY),
    ("sql", "tenant", &msg::HELP_SQL_TENANT),
    ("sql", "id_column", &msg::HELP_SQL_ID_COLUMN),
    ("sql", "status_column", &msg::HELP_SQL_STATUS_COLUMN),
    ("fmt", "check", &msg::HELP_FMT_CHECK),
    ("fmt", "stdin", &msg::HELP_FMT_STDIN),
    ("diff", "old", &msg::HELP_DIFF_OLD),
    ("diff", "new", &msg::HELP_DIFF_NEW),
    ("diff", "format", &msg::HELP_DIFF_FORMAT),
    ("diff", "lang", &msg::HELP_DIFF_LANG),
    ("diff", "out", &msg::HELP_DIFF_OUT),
    ("diff", "fail_on", &msg::HELP_DIFF_FAIL_ON),
    ("diff", "accept", &msg::HELP_DIFF_ACCEPT),
    ("diff", "accept_file", &msg::HELP_DIFF_ACCEPT_FILE),
    ("diff", "counts", &msg::HELP_DIFF_COUNTS),
    ("codes", "machine", &msg::HELP_CODES_MACHINE),
    ("codes", "from", &msg::HELP_CODES_FROM),
    ("codes", "to", &msg::HELP_CODES_TO),
    ("codes", "codes", &msg::HELP_CODES_CODES),
    ("explain", "code", &msg::HELP_EXPLAIN_CODE),
    ("preview", "spec", &msg::HELP_PREVIEW_SPEC),
    ("preview", "port", &msg::HELP_PREVIEW_PORT),
    ("preview", "open", &msg::HELP_PREVIEW_OPEN),
    ("preview", "editor", &msg::HELP_PREVIEW_EDITOR),
];

/// The help of the values that need one: `(command, argument id, value, help)`.
const VALUES: &[(&str, &str, &str, &Msg)] = &[
    ("*", "lang", "zh", &msg::HELP_LANG_ZH),
    ("*", "lang", "en", &msg::HELP_LANG_EN),
    ("*", "color", "auto", &msg::HELP_COLOR_AUTO),
    ("*", "color", "always", &msg::HELP_COLOR_ALWAYS),
    ("*", "color", "never", &msg::HELP_COLOR_NEVER),
    ("check", "format", "human", &msg::HELP_CHECK_FORMAT_HUMAN),
    ("check", "format", "json", &msg::HELP_CHECK_FORMAT_JSON),
    ("doc", "format", "md", &msg::HELP_DOC_FORMAT_MD),
    ("doc", "format", "mermaid", &msg::HELP_DOC_FORMAT_MERMAID),
    ("doc", "format", "dot", &msg::HELP_DOC_FORMAT_DOT),
    ("doc", "format", "plantuml", &msg::HELP_DOC_FORMAT_PLANTUML),
    ("doc", "format", "svg", &msg::HELP_DOC_FORMAT_SVG),
    ("doc", "format", "html", &msg::HELP_DOC_FORMAT_HTML),
    ("doc", "format", "json", &msg::HELP_DOC_FORMAT_JSON),
    ("doc", "format", "csv", &msg::HELP_DOC_FORMAT_CSV),
    ("doc", "format", "all", &msg::HELP_DOC_FORMAT_ALL),
];

fn arg_help(command: &str, arg: &str) -> Option<&'static Msg> {
    let find = |c: &str| {
        ARGS.iter()
            .find(|(x, a, _)| *x == c && *a == arg)
            .map(|(_, _, m)| *m)
    };
    find(command).or_else(|| find("*"))
}

fn value_help(command: &str, arg: &str, value: &str) -> Option<&'static Msg> {
    let find = |c: &str| {
        VALUES
            .iter()
            .find(|(x, a, v, _)| *x == c && *a == arg && *v == value)
            .map(|(_, _, _, m)| *m)
    };
    find(command).or_else(|| find("*"))
}

/// The id clap gives the root command's own `--help`, `--version` and `help`.
const HELP: &str = "help";
const VERSION: &str = "version";

/// The command line of `order-fsm`, every word of it in `lang`.
pub fn command(lang: Lang) -> Command {
    let say = |m: &'static Msg| t!(m).render(lang);
    let mut root = crate::Cli::command();
    root = localize(root, "", lang)
        .disable_version_flag(true)
        .arg(
            Arg::new(VERSION)
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(say(&msg::HELP_VERSION))
                .help_heading(say(&msg::HELP_OPTIONS)),
        )
        .disable_help_subcommand(true)
        .subcommand(
            localize_builtin(Command::new(HELP), lang)
                .about(say(&msg::HELP_HELP_COMMAND))
                .arg(
                    Arg::new("command")
                        .value_name(say(&msg::HELP_COMMAND_PLACEHOLDER))
                        .help(say(&msg::HELP_HELP_COMMAND_ARG))
                        .help_heading(say(&msg::HELP_ARGUMENTS)),
                )
                .arg(
                    // Read before parsing (`lang::from_args`); declared so that it parses.
                    Arg::new("lang")
                        .long("lang")
                        .value_name("LANG")
                        .value_parser(["zh", "en"])
                        .help(format!(
                            "{} {}",
                            say(&msg::HELP_LANG),
                            t!(
                                msg::HELP_POSSIBLE,
                                values = Text::Join(vec!["zh".into(), "en".into()])
                            )
                            .render(lang)
                        ))
                        .hide_possible_values(true)
                        .help_heading(say(&msg::HELP_OPTIONS)),
                ),
        )
        .subcommand_help_heading(say(&msg::HELP_COMMANDS))
        .subcommand_value_name(say(&msg::HELP_COMMAND_PLACEHOLDER));
    let subcommands: Vec<String> = root
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands.iter().filter(|n| *n != HELP) {
        root = root.mut_subcommand(name, |s| localize(s, name, lang));
    }
    // The usage lines, with clap's `[OPTIONS]` in `lang`.
    root.build();
    let usage = |c: &mut Command| {
        let plain = c.render_usage().to_string();
        let plain = plain.strip_prefix("Usage: ").unwrap_or(&plain).to_string();
        plain
            .replace("[OPTIONS]", &say(&msg::HELP_OPTIONS_PLACEHOLDER))
            .replace(
                "<COMMAND>",
                &format!("<{}>", say(&msg::HELP_COMMAND_PLACEHOLDER)),
            )
    };
    let root_usage = usage(&mut root);
    let mut usages = Vec::new();
    for s in root.get_subcommands_mut() {
        usages.push((s.get_name().to_string(), usage(s)));
    }
    root = root.override_usage(root_usage);
    for (name, u) in usages {
        root = root.mut_subcommand(&name, |s| s.override_usage(u));
    }
    root
}

/// The template of every `--help`: clap's, with the usage heading in `lang`.
fn template(lang: Lang) -> String {
    let heading = match lang {
        // clap's own heading keeps its style on a terminal.
        Lang::En => "{usage-heading} ".to_string(),
        Lang::Zh => t!(msg::HELP_USAGE).render(lang),
    };
    format!(
        "{{before-help}}{{about-with-newline}}\n{heading}{{usage}}\n\n{{all-args}}{{after-help}}"
    )
}

/// What every command has: the template, and its own `-h`/`--help` in `lang` (added after
/// the other arguments, so that it is listed last, as clap lists its own).
fn localize_builtin(cmd: Command, lang: Lang) -> Command {
    let say = |m: &'static Msg| t!(m).render(lang);
    cmd.help_template(template(lang))
        .disable_help_flag(true)
        .arg(
            Arg::new(HELP)
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(say(&msg::HELP_HELP_SHORT))
                .long_help(say(&msg::HELP_HELP_LONG))
                .help_heading(say(&msg::HELP_OPTIONS)),
        )
}

/// One command (`name` is `""` for the root) with its words in `lang`.
fn localize(cmd: Command, name: &str, lang: Lang) -> Command {
    let say = |m: &'static Msg| t!(m).render(lang);
    let mut cmd = cmd;
    if let Some((_, about, long, after)) = COMMANDS.iter().find(|(n, ..)| *n == name) {
        cmd = cmd.about(say(about));
        cmd = match long {
            Some(l) => cmd.long_about(say(l)),
            None => cmd.long_about(None),
        };
        let mut after_text = String::new();
        if name.is_empty() {
            after_text.push_str(&format!(
                "{}\n{}\n\n",
                say(&msg::HELP_EXAMPLES),
                say(&msg::HELP_ROOT_EXAMPLES)
            ));
        }
        if let Some(after) = after {
            after_text.push_str(&say(after));
            after_text.push_str("\n\n");
        }
        after_text.push_str(&crate::exit::help(lang));
        cmd = cmd.after_help(after_text);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != HELP)
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |a| localize_arg(a, name, lang));
    }
    localize_builtin(cmd, lang)
}

fn localize_arg(arg: Arg, command: &str, lang: Lang) -> Arg {
    let say = |m: &'static Msg| t!(m).render(lang);
    let id = arg.get_id().to_string();
    let help = arg_help(command, &id).map(say).unwrap_or_default();
    let heading = if arg.is_positional() {
        say(&msg::HELP_ARGUMENTS)
    } else {
        say(&msg::HELP_OPTIONS)
    };
    let takes_values = arg.get_action().takes_values();
    let values: Vec<String> = if takes_values && !arg.is_hide_possible_values_set() {
        arg.get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect()
    } else {
        Vec::new()
    };
    let default: Option<String> =
        (takes_values && !arg.get_default_values().is_empty()).then(|| {
            let v: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| {
                    let v = v.to_string_lossy();
                    if v.is_empty() {
                        "\"\"".to_string()
                    } else {
                        v.into_owned()
                    }
                })
                .collect();
            v.join(", ")
        });
    let default_text = default
        .as_ref()
        .map(|d| t!(msg::HELP_DEFAULT, value = d.as_str()).render(lang));
    let possible_text = (!values.is_empty()).then(|| {
        t!(
            msg::HELP_POSSIBLE,
            values = Text::Join(values.iter().map(Text::from).collect())
        )
        .render(lang)
    });
    // `-h`: one line, as clap writes it.
    let mut short = help.clone();
    for extra in [&default_text, &possible_text].into_iter().flatten() {
        short.push(' ');
        short.push_str(extra);
    }
    // `--help`: each value with its help when some have one, then the default.
    let described: Vec<(String, Option<String>)> = values
        .iter()
        .map(|v| (v.clone(), value_help(command, &id, v).map(say)))
        .collect();
    let mut long = help.clone();
    if described.iter().any(|(_, h)| h.is_some()) {
        let width = described.iter().map(|(v, _)| v.len()).max().unwrap_or(0);
        long.push_str(&format!("\n\n{}", say(&msg::HELP_POSSIBLE_LIST)));
        for (v, h) in &described {
            match h {
                Some(h) => {
                    let pad = " ".repeat(width - v.len());
                    long.push_str(&format!("\n- {v}: {pad}{h}"));
                }
                None => long.push_str(&format!("\n- {v}")),
            }
        }
        if let Some(d) = &default_text {
            long.push_str(&format!("\n\n{d}"));
        }
    } else if default_text.is_some() || possible_text.is_some() {
        long.push('\n');
        for extra in [&default_text, &possible_text].into_iter().flatten() {
            long.push('\n');
            long.push_str(extra);
        }
    }
    let arg = arg.help(short).long_help(long).help_heading(heading);
    if takes_values {
        arg.hide_possible_values(true).hide_default_value(true)
    } else {
        arg
    }
}

/// Help as clap renders it, with its headings' colon as `lang` writes it, coloured when `to`
/// is a terminal that wants colour.
fn rendered(text: &StyledStr, lang: Lang, terminal: bool) -> String {
    let colour = terminal && std::env::var_os("NO_COLOR").is_none();
    let mut out = if colour {
        text.ansi().to_string()
    } else {
        text.to_string()
    };
    if lang == Lang::Zh {
        for h in [
            &msg::HELP_ARGUMENTS,
            &msg::HELP_OPTIONS,
            &msg::HELP_COMMANDS,
        ] {
            let h = t!(h).render(lang);
            out = out.replace(&format!("{h}:"), &format!("{h}："));
        }
    }
    out
}

/// Prints the long help of `name` (a command of `root`), for `order-fsm help NAME`.
pub fn print_help_of(root: &mut Command, name: Option<&str>, lang: Lang) -> ExitCode {
    let terminal = std::io::stdout().is_terminal();
    let text = match name {
        None => root.render_long_help(),
        Some(n) => match root.find_subcommand_mut(n) {
            Some(sub) if n != HELP => sub.render_long_help(),
            _ => {
                let e = t!(msg::CLAP_INVALID_SUBCOMMAND, command = Text::code(n));
                eprintln!("error: {}", e.render(lang));
                let commands: Vec<Text> = root
                    .get_subcommands()
                    .filter(|s| s.get_name() != HELP)
                    .map(|s| Text::code(s.get_name()))
                    .collect();
                eprintln!(
                    "\n  {}",
                    t!(
                        msg::HELP_TIP,
                        tip = t!(msg::HELP_THE_COMMANDS, commands = Text::Join(commands))
                    )
                    .render(lang)
                );
                return Status::Usage.into();
            }
        },
    };
    print!("{}", rendered(&text, lang, terminal));
    Status::Success.into()
}

/// What clap returned instead of matches, printed in `lang`: help and the version on standard
/// output (status 0), an error on standard error with the usage line (status 2).
pub fn report(e: &clap::Error, lang: Lang) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!(
                "{}",
                rendered(&e.render(), lang, std::io::stdout().is_terminal())
            );
            return Status::Success.into();
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!(
                "{}",
                rendered(&e.render(), lang, std::io::stderr().is_terminal())
            );
            return Status::Usage.into();
        }
        _ => {}
    }
    eprint!("{}", error_text(e, lang));
    Status::Usage.into()
}

fn string(e: &clap::Error, k: ContextKind) -> Option<String> {
    match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn strings(e: &clap::Error, k: ContextKind) -> Vec<String> {
    match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn number(e: &clap::Error, k: ContextKind) -> Option<isize> {
    match e.get(k) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    }
}

fn codes(v: &[String]) -> Text {
    Text::Join(v.iter().map(Text::code).collect())
}

/// The error, its tips, the usage and where to read more, as clap lays them out.
pub fn error_text(e: &clap::Error, lang: Lang) -> String {
    let arg = || Text::code(string(e, ContextKind::InvalidArg).unwrap_or_default());
    let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => t!(msg::CLAP_UNKNOWN_ARGUMENT, arg = arg()),
        ErrorKind::InvalidValue if value.is_empty() => t!(msg::CLAP_VALUE_REQUIRED, arg = arg()),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = strings(e, ContextKind::ValidValue);
            let mut m = vec![t!(
                msg::CLAP_INVALID_VALUE,
                value = Text::code(&value),
                arg = arg()
            )];
            if !valid.is_empty() {
                m.push(t!(msg::SEMI_SEP));
                m.push(t!(msg::CLAP_POSSIBLE_VALUES, values = codes(&valid)));
            }
            Text::Seq(m)
        }
        ErrorKind::InvalidSubcommand => t!(
            msg::CLAP_INVALID_SUBCOMMAND,
            command = Text::code(string(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        ),
        ErrorKind::MissingRequiredArgument => t!(
            msg::CLAP_MISSING_ARGUMENTS,
            args = codes(&strings(e, ContextKind::InvalidArg))
        ),
        ErrorKind::MissingSubcommand => t!(
            msg::CLAP_MISSING_SUBCOMMAND,
            command = Text::code(string(e, ContextKind::InvalidSubcommand).unwrap_or_default()),
            commands = codes(&strings(e, ContextKind::ValidSubcommand))
        ),
        ErrorKind::ArgumentConflict => {
            let prior = strings(e, ContextKind::PriorArg);
            let invalid = string(e, ContextKind::InvalidArg).unwrap_or_default();
            if prior.len() == 1 && prior[0] == invalid {
                t!(msg::CLAP_TWICE, arg = arg())
            } else if prior.is_empty() {
                t!(msg::CLAP_CONFLICT_OTHERS, arg = arg())
            } else {
                t!(msg::CLAP_CONFLICT, arg = arg(), other = codes(&prior))
            }
        }
        ErrorKind::TooManyValues => t!(
            msg::CLAP_TOO_MANY_VALUES,
            value = Text::code(&value),
            arg = arg()
        ),
        ErrorKind::TooFewValues => t!(
            msg::CLAP_TOO_FEW_VALUES,
            arg = arg(),
            min = number(e, ContextKind::MinValues).unwrap_or(0).to_string(),
            n = number(e, ContextKind::ActualNumValues)
                .unwrap_or(0)
                .to_string()
        ),
        ErrorKind::WrongNumberOfValues => t!(
            msg::CLAP_WRONG_NUMBER,
            arg = arg(),
            expected = number(e, ContextKind::ExpectedNumValues)
                .unwrap_or(0)
                .to_string(),
            n = number(e, ContextKind::ActualNumValues)
                .unwrap_or(0)
                .to_string()
        ),
        ErrorKind::NoEquals => t!(msg::CLAP_NO_EQUALS, arg = arg()),
        ErrorKind::InvalidUtf8 => t!(msg::CLAP_NOT_UTF8),
        _ => t!(msg::CLAP_OTHER),
    };
    let mut tips: Vec<Text> = Vec::new();
    for a in strings(e, ContextKind::SuggestedArg) {
        tips.push(t!(msg::HELP_SIMILAR_ARG, arg = Text::code(a)));
    }
    for c in strings(e, ContextKind::SuggestedSubcommand) {
        tips.push(t!(msg::HELP_SIMILAR_COMMAND, command = Text::code(c)));
    }
    for v in strings(e, ContextKind::SuggestedValue) {
        tips.push(t!(msg::HELP_SIMILAR_VALUE, value = Text::code(v)));
    }
    // clap's own tips are English sentences around quoted words: keep the words.
    if let Some(ContextValue::StyledStrs(list)) = e.get(ContextKind::Suggested) {
        for s in list {
            let s = s.to_string();
            let quoted: Vec<&str> = s.split('\'').skip(1).step_by(2).collect();
            match quoted.as_slice() {
                [what, fix] if s.contains("as a value") => tips.push(t!(
                    msg::HELP_AS_VALUE,
                    arg = Text::code(what),
                    fix = Text::code(fix)
                )),
                [what, ..] if s.contains("exists") => {
                    tips.push(t!(msg::HELP_SIMILAR_ARG, arg = Text::code(what)))
                }
                _ => {}
            }
        }
    }
    let mut out = format!("error: {}\n", message.render(lang));
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            out.push_str(&format!(
                "  {}\n",
                t!(msg::HELP_TIP, tip = tip).render(lang)
            ));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).trim_end();
        let heading = t!(msg::HELP_USAGE).render(lang);
        let space = if heading.ends_with(':') { " " } else { "" };
        out.push_str(&format!("\n{heading}{space}{usage}\n"));
    }
    out.push_str(&format!(
        "\n{}\n",
        t!(msg::HELP_TRY_HELP, help = Text::code("--help")).render(lang)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every command and every argument has its words in the catalogue, in both languages.
    #[test]
    fn every_command_and_argument_is_described_in_both_languages() {
        for lang in [Lang::En, Lang::Zh] {
            let root = command(lang);
            let mut all: Vec<&Command> = vec![&root];
            all.extend(root.get_subcommands());
            for c in all {
                let about = c.get_about().map(|a| a.to_string()).unwrap_or_default();
                assert!(!about.is_empty(), "{} has no about", c.get_name());
                if lang == Lang::Zh {
                    assert!(has_cjk(&about), "{}: {about}", c.get_name());
                }
                for a in c.get_arguments() {
                    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                    assert!(!help.is_empty(), "{} {}: no help", c.get_name(), a.get_id());
                    if lang == Lang::Zh {
                        assert!(has_cjk(&help), "{} {}: {help}", c.get_name(), a.get_id());
                    }
                    assert!(
                        a.get_help_heading().is_some(),
                        "{} {}",
                        c.get_name(),
                        a.get_id()
                    );
                }
            }
        }
    }

    #[test]
    fn the_table_names_only_arguments_that_exist() {
        let root = crate::Cli::command();
        for (cmd, arg, _) in ARGS {
            let found = root.get_subcommands().any(|c| {
                (*cmd == "*" || c.get_name() == *cmd)
                    && c.get_arguments().any(|a| a.get_id() == *arg)
            });
            assert!(found, "{cmd} {arg}");
        }
        for (cmd, _, _, _) in COMMANDS {
            assert!(
                cmd.is_empty() || root.find_subcommand(cmd).is_some(),
                "{cmd}"
            );
        }
    }
}
