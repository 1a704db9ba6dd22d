//! `check`, `simulate` and `test`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use order_fsm_core::analysis::Analysis;
use order_fsm_core::diag::{self, codes, Severity};
use order_fsm_core::input::{self, InputError};
use order_fsm_core::interp::Interpreter;
use order_fsm_core::model::{Expect, Machine, Spec, StepInput};
use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::rules::{Outcome, Prover};
use order_fsm_core::scenario::{describe_step, escape_name, run_scenario};
use order_fsm_core::source::SourceFile;
use order_fsm_core::t;
use order_fsm_core::Compiled;

use crate::exit::Status;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub levels: crate::levels::LevelArgs,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

#[derive(Args, Debug)]
pub struct SimulateArgs {
    pub spec: PathBuf,
    #[arg(long, short)]
    pub machine: Option<String>,
    #[arg(long, value_name = "STATE")]
    pub from: Option<String>,
    #[arg(value_name = "STEP")]
    pub steps: Vec<String>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub filter: Option<String>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub levels: crate::levels::LevelArgs,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

/// The spec files named by `paths` (folders stand for the `.fsm` files below them), each
/// once, found by the one walker every command uses. Paths that cannot be read are reported
/// on stderr as they are met, and counted.
pub fn collect_specs(paths: &[PathBuf], lang: Lang) -> (Vec<PathBuf>, usize) {
    let found = input::find_specs(paths);
    for e in &found.errors {
        crate::lang::error(lang, e.text());
    }
    for (p, kind) in &found.skipped {
        crate::lang::warning(
            lang,
            t!(
                msg::INPUT_SKIPPED,
                path = Text::code(p.display()),
                kind = kind.text()
            ),
        );
    }
    (found.files, found.errors.len())
}

/// Read (at most the size limit) and compile one file.
pub fn load(path: &Path) -> Result<Compiled, InputError> {
    let bytes = input::read_spec(path)?;
    Ok(order_fsm_core::compile_bytes(&display_name(path), &bytes))
}

/// Read and compile one spec and pick one of its machines, for the commands that work on a
/// single machine (`expand`, `sql`), then hand them over to `run`. What goes wrong before
/// is printed and gives the exit status: 2 for an unreadable file or a machine that does not
/// exist, 1 for a spec with errors.
pub fn with_one_machine(
    lang: Lang,
    path: &Path,
    wanted: Option<&str>,
    run: impl FnOnce(&Compiled, &Spec, &Machine) -> ExitCode,
) -> ExitCode {
    let compiled = match load(path) {
        Ok(c) => c,
        Err(e) => return usage_error(lang, e.text()),
    };
    if compiled.has_errors() {
        eprint!("{}", compiled.render_in(lang));
        return Status::Failed.into();
    }
    let Some(spec) = compiled.spec.as_ref() else {
        crate::lang::error(
            lang,
            t!(
                msg::CLI_COULD_NOT_READ,
                path = Text::code(display_name(path))
            ),
        );
        return Status::Failed.into();
    };
    match pick_machine(spec, wanted) {
        Ok(m) => run(&compiled, spec, m),
        Err(e) => usage_error(lang, e),
    }
}

/// The path as shown in diagnostics: relative as given, with `/` separators.
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn usage_error(lang: Lang, text: Text) -> ExitCode {
    crate::lang::error(lang, text);
    Status::Usage.into()
}

pub fn check(args: &CheckArgs) -> ExitCode {
    let lang = args.messages.get();
    let Some(levels) = args.levels.levels_or_report(lang) else {
        return Status::Usage.into();
    };
    let (files, mut unreadable) = collect_specs(&args.paths, lang);
    let color = args.color.enabled();
    let mut errors = 0;
    let mut warnings = 0;
    let mut checked = 0;
    let mut json = Vec::new();
    let mut stdout = std::io::stdout().lock();
    for f in &files {
        let mut c = match load(f) {
            Ok(c) => c,
            Err(e) => {
                crate::lang::error(lang, e.text());
                unreadable += 1;
                continue;
            }
        };
        levels.apply(&mut c);
        checked += 1;
        errors += c
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        warnings += c
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        match args.format {
            OutputFormat::Human => {
                if !c.has_errors() {
                    if let Some(spec) = &c.spec {
                        for m in &spec.machines {
                            let label = m
                                .label
                                .as_ref()
                                .map_or(String::new(), |l| format!(" {}", l.text));
                            let line = t!(
                                msg::CLI_CHECK_OK,
                                file = &c.source.name,
                                machine = &m.id.text,
                                label = label,
                                states = m.states.len(),
                                events = m.events.len(),
                                transitions = m.transitions.len(),
                                scenarios = m.scenarios.len()
                            );
                            let _ = writeln!(stdout, "{}", line.render(lang));
                            for line in rule_summary(m) {
                                let _ = writeln!(stdout, "{}", line.render(lang));
                            }
                        }
                    }
                }
                let renderer = if color {
                    annotate_snippets::Renderer::styled()
                } else {
                    annotate_snippets::Renderer::plain()
                };
                for d in &c.diagnostics {
                    let _ = writeln!(
                        stdout,
                        "{}\n",
                        diag::render_one(&renderer, &c.source, d, lang)
                    );
                }
            }
            OutputFormat::Json => json.extend(c.diagnostics.iter().map(|d| {
                serde_json::to_value(diag::to_json(&c.source, d, lang))
                    .unwrap_or(serde_json::Value::Null)
            })),
        }
    }
    match args.format {
        OutputFormat::Human => {
            let count = |n: usize, one: &'static msg::Msg, many: &'static msg::Msg| match n {
                1 => t!(one),
                n => t!(many, n = n),
            };
            let unread = if unreadable > 0 {
                t!(
                    msg::CLI_UNREAD,
                    paths = count(unreadable, &msg::CLI_ONE_PATH, &msg::CLI_N_PATHS)
                )
            } else {
                Text::default()
            };
            let line = t!(
                msg::CLI_CHECKED,
                files = count(checked, &msg::CLI_ONE_FILE, &msg::CLI_N_FILES),
                errors = count(errors, &msg::ONE_ERROR, &msg::N_ERRORS),
                warnings = count(warnings, &msg::ONE_WARNING, &msg::N_WARNINGS),
                unread = unread
            );
            let _ = writeln!(stdout, "{}", line.render(lang));
        }
        OutputFormat::Json => {
            let _ = writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
    }
    let mut status = Status::Success;
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        status = Status::Failed;
    }
    if unreadable > 0 {
        status = status.and(Status::Usage);
    }
    status.into()
}

/// One line per rule of a machine that checked without errors: proved on every path, or
/// holding whatever the transitions say (trivially), or only because a state is never
/// reached. The ✓ of a real proof is not given to a rule that proves nothing.
fn rule_summary(m: &Machine) -> Vec<Text> {
    if m.rules.is_empty() {
        return Vec::new();
    }
    let an = Analysis::new(m);
    let prover = Prover::new(&an);
    let state = |s| Text::Lit(format!("{} ({})", m.state_label(s), m.state(s).id.text));
    m.rules
        .iter()
        .filter_map(|r| {
            let name = &escape_name(&r.name.text);
            Some(match prover.prove(&r.kind) {
                Outcome::Holds => match prover.trivially(&r.kind) {
                    None => t!(msg::CLI_CHECK_RULE_PROVED, name = name),
                    Some(why) => {
                        t!(
                            msg::CLI_CHECK_RULE_TRIVIAL,
                            name = name,
                            why = why.reason(state)
                        )
                    }
                },
                Outcome::Vacuous(s) => {
                    t!(msg::CLI_CHECK_RULE_VACUOUS, name = name, state = state(s))
                }
                Outcome::Broken(_) | Outcome::Malformed(_) => return None,
            })
        })
        .collect()
}

fn print_diagnostics(c: &Compiled, only_errors: bool, color: bool, lang: Lang) {
    let diags: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| !only_errors || d.severity == Severity::Error)
        .cloned()
        .collect();
    eprint!("{}", diag::render(&c.source, &diags, color, lang));
}

/// The machine named on the command line, or the only one in the file.
pub fn pick_machine<'a>(spec: &'a Spec, wanted: Option<&str>) -> Result<&'a Machine, Text> {
    let ids = || {
        Text::Join(
            spec.machines
                .iter()
                .map(|m| Text::code(&m.id.text))
                .collect(),
        )
    };
    match wanted {
        Some(w) => spec.machine(w).ok_or_else(|| {
            t!(
                msg::CLI_NO_MACHINE,
                machine = Text::code(w),
                file = &spec.file,
                machines = ids()
            )
        }),
        None if spec.machines.len() == 1 => Ok(&spec.machines[0]),
        None => Err(t!(
            msg::CLI_SEVERAL_MACHINES,
            file = &spec.file,
            machines = ids()
        )),
    }
}

fn state_name(m: &Machine, s: order_fsm_core::model::StateIx) -> String {
    format!("{} ({})", m.state_label(s), m.state(s).id.text)
}

pub fn simulate(args: &SimulateArgs) -> ExitCode {
    let color = args.color.enabled();
    let lang = args.messages.get();
    let c = match load(&args.spec) {
        Ok(c) => c,
        Err(e) => return usage_error(lang, e.text()),
    };
    if c.has_errors() {
        print_diagnostics(&c, true, color, lang);
        return Status::Failed.into();
    }
    let Some(spec) = &c.spec else {
        return Status::Failed.into();
    };
    let m = match pick_machine(spec, args.machine.as_deref()) {
        Ok(m) => m,
        Err(e) => return usage_error(lang, e),
    };
    let run = simulate_machine(m, args.from.as_deref(), &args.steps, color, lang);
    print!("{}", run.out);
    let _ = std::io::stdout().flush();
    eprint!("{}", run.err);
    run.status.into()
}

/// What `simulate` prints for a walk of `m`: its standard output, its standard error, and
/// its exit status. The command prints them; the preview page shows them as they are.
pub struct SimOutput {
    pub out: String,
    pub err: String,
    pub status: Status,
    /// The state the walk started in (its id), once known.
    pub start: Option<String>,
    /// Each step as a scenario writes it, with the ids and the outcome it had (`=> rejected`
    /// for a refused event, `=> State` for a wait that stayed and for the last step), so that
    /// the walk pastes into the spec as a scenario that passes.
    pub walk: Vec<String>,
}

/// Walks `m` from `from` (a state's id or label; the initial state when `None`) through
/// `steps`, each rejected step explained, as `simulate` does.
pub fn simulate_machine(
    m: &Machine,
    from: Option<&str>,
    steps: &[String],
    color: bool,
    lang: Lang,
) -> SimOutput {
    use std::fmt::Write as _;
    let say = |t: Text| t.render(lang);
    let mut out = String::new();
    let usage = |text: Text| SimOutput {
        out: String::new(),
        err: format!("error: {}\n", text.render(lang)),
        status: Status::Usage,
        start: None,
        walk: Vec::new(),
    };
    let start = match from {
        Some(f) => match crate::steps::resolve(
            m,
            crate::steps::Kind::State,
            f,
            order_fsm_core::source::Span::new(0, f.len()),
        ) {
            Ok(id) => match m.state_ix(id) {
                Some(s) => s,
                None => {
                    return SimOutput {
                        out: String::new(),
                        err: String::new(),
                        status: Status::Usage,
                        start: None,
                        walk: Vec::new(),
                    }
                }
            },
            Err(d) => {
                let mut text = vec![d.message];
                if let Some(help) = d.help {
                    text.extend([t!(msg::SEMI_SEP), help]);
                }
                return usage(Text::Seq(text));
            }
        },
        None => match m.initial {
            Some(s) => s,
            None => return usage(t!(msg::CLI_NO_INITIAL)),
        },
    };
    // Names in the steps may be labels; the core reads ids.
    let typed = steps.join(", ");
    let text = match crate::steps::with_ids(m, &typed) {
        Ok(text) => text,
        Err(diags) => {
            let src = SourceFile::new("steps", typed);
            return SimOutput {
                out,
                err: diag::render(&src, &diags, color, lang),
                status: Status::Usage,
                start: None,
                walk: Vec::new(),
            };
        }
    };
    let steps = match order_fsm_core::lower::resolve_steps(m, &text) {
        Ok(s) => s,
        Err(diags) => {
            let src = SourceFile::new("steps", text.clone());
            return SimOutput {
                out,
                err: diag::render(&src, &diags, color, lang),
                status: Status::Usage,
                start: None,
                walk: Vec::new(),
            };
        }
    };
    let interp = Interpreter::new(m);
    let label = m
        .label
        .as_ref()
        .map_or(m.id.text.clone(), |l| format!("{} ({})", l.text, m.id.text));
    let _ = writeln!(
        out,
        "{}",
        say(t!(
            msg::CLI_STARTING,
            machine = label,
            state = state_name(m, start)
        ))
    );
    let mut state = start;
    let mut decided_until = None;
    // Why the run fails, one line per step that failed.
    let mut problems: Vec<Text> = Vec::new();
    let mut walk: Vec<String> = Vec::new();
    let shown: Vec<String> = steps
        .iter()
        .map(|s| {
            let mut t = describe_step(m, &s.input);
            match &s.expect {
                Some(Expect::State { state, .. }) => {
                    t.push_str(&format!(" => {}", m.state(*state).id.text))
                }
                Some(Expect::Rejected { still: None, .. }) => t.push_str(" => rejected"),
                Some(Expect::Rejected {
                    still: Some(state), ..
                }) => t.push_str(&format!(" => rejected, still {}", m.state(*state).id.text)),
                None => {}
            }
            t
        })
        .collect();
    let width = shown.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let pad = " ".repeat(width + 7);
    for (i, step) in steps.iter().enumerate() {
        // Run each step on its own so that a rejected step does not stop the walk.
        let run = order_fsm_core::scenario::run_steps_in(
            &interp,
            state,
            None,
            std::slice::from_ref(step),
            &mut decided_until,
        );
        let text = &shown[i];
        let Some(t) = run.trace.first() else {
            walk.push(shown[i].clone());
            continue;
        };
        let mut said = shown[i].clone();
        // The reminders that ran while waiting, each on a line of its own, then the outcome.
        let mut lead = format!("{:>3}. {text:<width$}  ", i + 1);
        for r in &t.reminders {
            let tr = m.transition(r.transition);
            let label = match &tr.trigger {
                order_fsm_core::model::Trigger::Timeout { label, written, .. } => {
                    label.as_ref().map_or(written.clone(), |l| l.text.clone())
                }
                order_fsm_core::model::Trigger::Event { .. } => String::new(),
            };
            let after = tr
                .timeout_seconds()
                .map(order_fsm_core::duration::format_seconds)
                .unwrap_or_default();
            let a: Vec<&str> = tr
                .actions
                .iter()
                .map(|a| m.action(*a).id.text.as_str())
                .collect();
            let then = if a.is_empty() {
                String::new()
            } else {
                format!("  [{}]", say(t!(msg::CLI_THEN, actions = a.join(", "))))
            };
            let _ = writeln!(
                out,
                "{lead}{}{then}",
                say(t!(
                    msg::CLI_REMINDER,
                    label = label,
                    after = after,
                    state = state_name(m, r.from)
                ))
            );
            lead = pad.clone();
        }
        match &t.outcome {
            Ok(taken) => {
                let tr = m.transition(taken.transition);
                let mut extra = Vec::new();
                for (g, v) in &taken.guards_asked {
                    let said = if *v {
                        &msg::CLI_GUARD_YES
                    } else {
                        &msg::CLI_GUARD_NO
                    };
                    extra.push(say(t!(said, guard = &m.guard(*g).id.text)));
                }
                if !tr.actions.is_empty() {
                    let a: Vec<&str> = tr
                        .actions
                        .iter()
                        .map(|a| m.action(*a).id.text.as_str())
                        .collect();
                    extra.push(say(t!(msg::CLI_THEN, actions = a.join(", "))));
                }
                let extra = if extra.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", extra.join(&say(t!(msg::SEMI_SEP))))
                };
                if taken.stays(m) {
                    let _ = writeln!(
                        out,
                        "{lead}{}{extra}",
                        say(t!(msg::CLI_STAYS, state = state_name(m, taken.from)))
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{lead}{} -> {}{extra}",
                        state_name(m, taken.from),
                        state_name(m, taken.to)
                    );
                }
                if step.expect.is_none() && i + 1 == steps.len() {
                    said = format!("{said} => {}", m.state(taken.to).id.text);
                }
                state = taken.to;
            }
            Err(r) => {
                // A wait that fires nothing is not refused: time passed and the order stayed.
                let line = match (&step.input, r) {
                    // Reminders were due and ran: no timeout *that leaves* was.
                    (
                        StepInput::Wait { .. },
                        order_fsm_core::interp::Rejection::NoTimeoutDue {
                            state: at,
                            seconds,
                            failed,
                        },
                    ) if !t.reminders.is_empty() && failed.is_empty() => t!(
                        msg::CLI_NO_LEAVING_DUE,
                        state = state_name(m, *at),
                        after = order_fsm_core::duration::format_seconds(*seconds)
                    ),
                    (StepInput::Wait { .. }, _) => {
                        t!(msg::CLI_NOTHING_DUE, why = r.explain_text(m))
                    }
                    (StepInput::Event { .. }, _) => t!(msg::CLI_REJECTED, why = r.explain_text(m)),
                };
                let _ = writeln!(out, "{lead}{}", say(line));
                if step.expect.is_none() {
                    said = match &step.input {
                        StepInput::Wait { .. } => {
                            format!("{said} => {}", m.state(state).id.text)
                        }
                        StepInput::Event { .. } => format!("{said} => rejected"),
                    };
                }
                let actor = match &step.input {
                    StepInput::Event { actor, .. } => *actor,
                    StepInput::Wait { .. } => None,
                };
                let who = actor.map_or(String::new(), |a| {
                    format!("{} ({}) ", m.role_label(a), m.role(a).id.text)
                });
                let now: Vec<String> = interp
                    .permitted_events(state, actor)
                    .into_iter()
                    .map(|e| format!("{} ({})", m.event_label(e), m.event(e).id.text))
                    .collect();
                if now.is_empty() {
                    let line = t!(
                        msg::CLI_NOTHING_CAN_FIRE,
                        who = who,
                        state = state_name(m, state)
                    );
                    let _ = writeln!(out, "{pad}{}", say(line));
                } else {
                    let line = t!(
                        msg::CLI_CAN_FIRE,
                        who = who,
                        state = state_name(m, state),
                        events = Text::Join(now.into_iter().map(Text::from).collect())
                    );
                    let _ = writeln!(out, "{pad}{}", say(line));
                }
            }
        }
        let failed = |why: Text| {
            t!(
                msg::CLI_SIM_STEP_FAILED,
                n = i + 1,
                step = Text::code(text),
                why = why
            )
        };
        match (&run.failure, &step.expect) {
            (Some(f), Some(_)) => {
                problems.push(failed(t!(msg::CLI_SIM_WHY_NOT_MET)));
                let _ = writeln!(
                    out,
                    "{pad}{}",
                    say(t!(msg::CLI_NOT_MET, why = f.message.clone()))
                );
            }
            (Some(_), None) => problems.push(failed(match &step.input {
                StepInput::Wait { .. } => t!(
                    msg::CLI_SIM_WHY_STAYED,
                    state = state_name(m, state),
                    reminders = if t.reminders.is_empty() {
                        Text::default()
                    } else {
                        t!(msg::CLI_SIM_ONLY_REMINDERS)
                    },
                    fix = Text::code(format!("{text} => {}", m.state(state).id.text))
                ),
                StepInput::Event { .. } => t!(
                    msg::CLI_SIM_WHY_REFUSED,
                    fix = Text::code(format!("{text} => rejected"))
                ),
            })),
            (None, Some(_)) => {
                let _ = writeln!(out, "{pad}{}", say(t!(msg::CLI_AS_EXPECTED)));
            }
            (None, None) => {}
        }
        walk.push(said);
    }
    // Time spent in the state's entry: the longest wait decided in it (waits count from the
    // entry), so reminders due by then have been decided and are not pending any more.
    let elapsed = decided_until.unwrap_or(0);
    let is_final = m.state(state).is_final;
    let timers: Vec<Text> = if is_final {
        Vec::new()
    } else {
        pending(m, &interp, state, elapsed)
    };
    let end = if is_final {
        t!(
            msg::CLI_ENDS_IN,
            state = state_name(m, state),
            end = &msg::CLI_FINAL
        )
    } else if elapsed > 0 {
        t!(
            msg::CLI_ENDS_IN_SINCE,
            state = state_name(m, state),
            elapsed = order_fsm_core::duration::format_seconds(elapsed)
        )
    } else {
        t!(msg::CLI_ENDS_IN, state = state_name(m, state), end = "")
    };
    let _ = writeln!(out, "{}", say(end));
    if !timers.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            say(t!(msg::CLI_PENDING, timers = Text::Join(timers)))
        );
    }
    let mut err = String::new();
    for p in &problems {
        let _ = writeln!(err, "error: {}", p.render(lang));
    }
    let status = if problems.is_empty() {
        Status::Success
    } else {
        Status::Failed
    };
    SimOutput {
        out,
        err,
        status,
        start: Some(m.state(start).id.text.clone()),
        walk,
    }
}

/// The timeouts of `state` still to come `elapsed` after its entry, each with the time left:
/// reminders due by then have been decided (they ran, or their guard said no) and are not
/// listed; a leaving timeout due by then has not fired only because its guard said no, and is
/// asked again at the next decision ("now").
fn pending(
    m: &Machine,
    interp: &Interpreter<'_>,
    state: order_fsm_core::model::StateIx,
    elapsed: u64,
) -> Vec<Text> {
    let mut out = Vec::new();
    for &ix in interp.timeouts(state) {
        let tr = m.transition(ix);
        let Some(due) = tr.timeout_seconds() else {
            continue;
        };
        let guard = tr
            .guard
            .as_ref()
            .map(|g| {
                t!(
                    msg::CLI_IF_GUARD,
                    guard = Text::code(&m.guard(g.guard).id.text)
                )
            })
            .unwrap_or_default();
        let left = order_fsm_core::duration::format_seconds(due.saturating_sub(elapsed));
        if tr.stays() {
            if due <= elapsed {
                continue;
            }
            let label = match &tr.trigger {
                order_fsm_core::model::Trigger::Timeout { label, written, .. } => {
                    label.as_ref().map_or(written.clone(), |l| l.text.clone())
                }
                order_fsm_core::model::Trigger::Event { .. } => String::new(),
            };
            out.push(t!(
                msg::CLI_IN_REMINDER,
                delay = left,
                label = label,
                guard = guard
            ));
        } else if due <= elapsed {
            out.push(t!(
                msg::CLI_NOW,
                state = state_name(m, tr.target_from(state)),
                guard = guard
            ));
        } else {
            out.push(t!(
                msg::CLI_IN,
                delay = left,
                state = state_name(m, tr.target_from(state)),
                guard = guard
            ));
        }
    }
    out
}

pub fn test(args: &TestArgs) -> ExitCode {
    let lang = args.messages.get();
    let Some(levels) = args.levels.levels_or_report(lang) else {
        return Status::Usage.into();
    };
    let (files, unreadable) = collect_specs(&args.paths, lang);
    let mut status = if unreadable > 0 {
        Status::Usage
    } else {
        Status::Success
    };
    let color = args.color.enabled();
    let say = |t: Text| t.render(lang);
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, 0usize);
    let (mut rules_held, mut rules_broken) = (0usize, 0usize);
    // Failing scenarios and broken rules are what this command reports itself.
    let own = |code: &str| code == codes::SCENARIO_FAILS || code == codes::RULE_BROKEN;
    for f in &files {
        let mut c = match load(f) {
            Ok(c) => c,
            Err(e) => {
                crate::lang::error(lang, e.text());
                status = Status::Usage;
                continue;
            }
        };
        levels.apply(&mut c);
        // Failing scenarios and broken rules are reported below; other errors stop it.
        let blocking = c
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && !own(d.code));
        if blocking {
            println!("{}", say(t!(msg::CLI_CANNOT_RUN, file = &c.source.name)));
            let diags: Vec<_> = c
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error && !own(d.code))
                .cloned()
                .collect();
            eprint!("{}", diag::render(&c.source, &diags, color, lang));
            broken += 1;
            continue;
        }
        let Some(spec) = &c.spec else { continue };
        for m in &spec.machines {
            let interp = Interpreter::new(m);
            let label = m
                .label
                .as_ref()
                .map_or(String::new(), |l| format!(" {}", l.text));
            println!("{} {}{label}", c.source.name, m.id.text);
            for s in &m.scenarios {
                if let Some(filter) = &args.filter {
                    if !s.name.text.contains(filter.as_str()) {
                        continue;
                    }
                }
                let Some(run) = run_scenario(&interp, s) else {
                    continue;
                };
                let pos = c.source.line_col(s.span.start);
                match &run.failure {
                    None => {
                        passed += 1;
                        println!(
                            "  {}",
                            say(t!(msg::CLI_SCENARIO_OK, name = escape_name(&s.name.text)))
                        );
                    }
                    Some(fail) => {
                        failed += 1;
                        let at = format!("{}:{}:{}", c.source.name, pos.line, pos.col);
                        println!(
                            "  {}",
                            say(t!(
                                msg::CLI_SCENARIO_FAILED,
                                name = escape_name(&s.name.text),
                                at = at
                            ))
                        );
                        println!(
                            "         {}",
                            say(t!(msg::CLI_START_IN, state = state_name(m, run.start)))
                        );
                        for (i, step) in run.trace.iter().enumerate() {
                            let what = match &step.outcome {
                                Ok(k) => format!("-> {}", state_name(m, k.to)),
                                Err(_) => say(t!(msg::CLI_STEP_REJECTED)),
                            };
                            let mark = if i == fail.step {
                                say(t!(msg::CLI_HERE))
                            } else {
                                String::new()
                            };
                            println!("         {}. {} {what}{mark}", i + 1, step.input);
                        }
                        println!("         {}", say(fail.message.clone()));
                        if let Some(hint) = &fail.hint {
                            println!("         {}", say(t!(msg::CLI_HINT, hint = hint.clone())));
                        }
                    }
                }
            }
            if args.filter.is_some() {
                continue;
            }
            for r in &m.rules {
                let broken_at = c
                    .diagnostics
                    .iter()
                    .find(|d| d.code == codes::RULE_BROKEN && d.primary.span == r.body);
                match broken_at {
                    None => {
                        rules_held += 1;
                        println!(
                            "  {}",
                            say(t!(msg::CLI_RULE_OK, name = escape_name(&r.name.text)))
                        );
                    }
                    Some(d) => {
                        rules_broken += 1;
                        let pos = c.source.line_col(r.span.start);
                        let at = format!("{}:{}:{}", c.source.name, pos.line, pos.col);
                        println!(
                            "  {}",
                            say(t!(
                                msg::CLI_RULE_BROKEN,
                                name = escape_name(&r.name.text),
                                at = at
                            ))
                        );
                        for text in d.note.iter().chain(d.help.iter()) {
                            for line in text.render(lang).lines() {
                                println!("         {}", line.trim_start());
                            }
                        }
                    }
                }
            }
        }
    }
    println!();
    let skipped = if broken > 0 {
        t!(msg::CLI_SKIPPED, n = broken)
    } else {
        Text::default()
    };
    println!(
        "{}",
        say(t!(
            msg::CLI_SCENARIOS,
            passed = passed,
            failed = failed,
            skipped = skipped
        ))
    );
    if rules_held + rules_broken > 0 {
        println!(
            "{}",
            say(t!(msg::CLI_RULES, held = rules_held, broken = rules_broken))
        );
    }
    if failed > 0 || broken > 0 || rules_broken > 0 {
        status = status.and(Status::Failed);
    }
    if let (Some(filter), 0, 0) = (&args.filter, passed + failed, broken) {
        // A filter that runs nothing would let a misspelt name pass in CI.
        eprintln!(
            "error: {}",
            say(t!(msg::CLI_NO_SCENARIO, filter = Text::code(filter)))
        );
        status = status.and(Status::Failed);
    }
    status.into()
}
