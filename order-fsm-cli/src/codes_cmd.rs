//! `order-fsm codes`: translate status codes from one system to another.

use std::path::PathBuf;
use std::process::ExitCode;

use order_fsm_core::model::{Code, Machine, StateIx};
use order_fsm_core::msg::{self, Text};
use order_fsm_core::suggest::did_you_mean;
use order_fsm_core::t;

use crate::commands::with_one_machine;
use crate::exit::Status;

/// The name of the `code …` system on the command line.
const MAIN: &str = "main";

/// Translate status codes between the systems of a spec: its main codes (`main`, written
/// `code …`) and every `codes` system. One line per code; a code that several states share
/// lists every candidate, and the run ends with status 1 (the answer is not unique). An
/// unknown system or code is status 2.
#[derive(clap::Args, Debug)]
pub struct CodesArgs {
    pub spec: PathBuf,
    #[arg(long, short)]
    pub machine: Option<String>,
    #[arg(long, value_name = "SYSTEM")]
    pub from: String,
    #[arg(long, value_name = "SYSTEM")]
    pub to: String,
    #[arg(required = true, value_name = "CODE", allow_negative_numbers = true)]
    pub codes: Vec<String>,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

/// A system named on the command line: `None` is the main system.
type System = Option<usize>;

fn system(m: &Machine, name: &str) -> Result<System, Text> {
    if name == MAIN {
        return Ok(None);
    }
    if let Some(ix) = m.code_system_ix(name) {
        return Ok(Some(ix));
    }
    let names: Vec<&str> = std::iter::once(MAIN)
        .chain(m.code_systems.iter().map(|s| s.id.text.as_str()))
        .collect();
    let mut parts = vec![t!(
        msg::CLI_CODES_UNKNOWN_SYSTEM,
        system = Text::code(name),
        machine = Text::code(&m.id.text),
        systems = Text::Join(names.iter().map(Text::code).collect())
    )];
    if let Some(s) = did_you_mean(name, names.iter().copied()) {
        parts.push(t!(msg::SEMI_SEP));
        parts.push(t!(msg::DID_YOU_MEAN, name = Text::code(s)));
    }
    Err(Text::Seq(parts))
}

/// Whether the spec says the state has no code in that system on purpose (`customs none`).
fn not_applicable(m: &Machine, state: StateIx, sys: System) -> bool {
    sys.is_some_and(|i| m.state(state).codes_in(i).is_some_and(|c| c.none))
}

fn codes_of(m: &Machine, state: StateIx, sys: System) -> &[Code] {
    m.state(state).codes_of(sys)
}

fn system_name(m: &Machine, sys: System) -> &str {
    sys.map_or(MAIN, |ix| m.code_systems[ix].id.text.as_str())
}

/// A code as a system writes it: numbers bare, texts without quotes.
fn plain(c: &Code) -> String {
    one_line(&c.key())
}

/// Text for one line of output: a control character (a line break or a tab in a label, say)
/// is written as an escape (`\n`, `\t`, `\r`, else `\u{…}`), so that every code stays on
/// its line.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

pub fn run(args: &CodesArgs) -> ExitCode {
    let lang = args.messages.get();
    with_one_machine(lang, &args.spec, args.machine.as_deref(), |_, _, m| {
        let (from, to) = match (system(m, &args.from), system(m, &args.to)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => {
                crate::lang::error(lang, e);
                return Status::Usage.into();
            }
        };
        let mut status = Status::Success;
        let mut out = String::new();
        for code in &args.codes {
            // A number and the text that writes it are one code, as everywhere else.
            let wanted = Code::Str(code.clone());
            let states = m.states_with_code(from, &wanted);
            if states.is_empty() {
                crate::lang::error(
                    lang,
                    t!(
                        msg::CLI_CODES_UNKNOWN_CODE,
                        system = Text::code(system_name(m, from)),
                        code = Text::code(code)
                    ),
                );
                status = status.and(Status::Usage);
                continue;
            }
            let candidates: Vec<String> = states
                .iter()
                .map(|&s| {
                    let st = m.state(s);
                    let target = match codes_of(m, s, to).first() {
                        Some(c) => plain(c),
                        None if not_applicable(m, s, to) => t!(msg::CLI_CODES_NA).render(lang),
                        None => "-".to_string(),
                    };
                    format!("{target} ({} {})", st.id.text, one_line(m.state_label(s)))
                })
                .collect();
            out.push_str(&format!(
                "{} -> {}\n",
                one_line(code),
                candidates.join(", ")
            ));
            for &s in &states {
                if codes_of(m, s, to).is_empty() {
                    let state = Text::code(&m.state(s).id.text);
                    let system = Text::code(system_name(m, to));
                    let text = if not_applicable(m, s, to) {
                        t!(
                            msg::CLI_CODES_NOT_APPLICABLE,
                            state = state,
                            system = system,
                            none = Text::code(format!("{} none", system_name(m, to)))
                        )
                    } else {
                        t!(msg::CLI_CODES_NO_TARGET, state = state, system = system)
                    };
                    crate::lang::warning(lang, text);
                    status = status.and(Status::Failed);
                }
            }
            if states.len() > 1 {
                crate::lang::note(
                    lang,
                    t!(
                        msg::CLI_CODES_SHARED,
                        system = Text::code(system_name(m, from)),
                        code = Text::code(code),
                        n = states.len(),
                        states = Text::List(
                            states
                                .iter()
                                .map(|&s| Text::code(&m.state(s).id.text))
                                .collect()
                        )
                    ),
                );
                status = status.and(Status::Failed);
            }
        }
        print!("{out}");
        status.into()
    })
}
