//! `order-fsm diff OLD NEW`: two versions of a spec compared by behaviour.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use order_fsm_core::msg::{self, Lang as MsgLang, Text};
use order_fsm_core::{input, model::Spec, t, Compiled};
use order_fsm_diff::{self as diff, BrokenScenario, Finding, Level};

use crate::doc_cmd::{replace_file, LangArg};
use crate::exit::Status;

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Html,
    Json,
}

/// `--fail-on`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Breaking,
    Dangerous,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    #[arg(value_name = "OLD")]
    pub old: String,
    #[arg(value_name = "NEW")]
    pub new: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub accept: Vec<String>,
    #[arg(long, value_name = "FILE")]
    pub accept_file: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub counts: Option<PathBuf>,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let messages = crate::lang::messages(args.lang);
    match run_inner(args, messages) {
        Ok(s) => s.into(),
        Err(text) => {
            crate::lang::error(messages, text);
            Status::Usage.into()
        }
    }
}

fn run_inner(args: &DiffArgs, messages: MsgLang) -> Result<Status, Text> {
    let old = load(&args.old, messages)?;
    let new = load(&args.new, messages)?;
    let mut findings = diff::diff(&old, &new);
    if let Some(path) = &args.counts {
        let counts = read_counts(path)?;
        diff::apply_counts(&old, &mut findings, &counts);
    }
    let mut accepted: Vec<String> = args.accept.clone();
    if let Some(path) = &args.accept_file {
        let bytes = input::read_bounded(path, 1 << 20).map_err(|e| e.text())?;
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let id = line.split('#').next().unwrap_or("").trim();
            if !id.is_empty() {
                accepted.push(id.to_string());
            }
        }
    }
    for id in &accepted {
        match findings.iter_mut().find(|f| f.id == *id) {
            Some(f) => f.accepted = true,
            None => crate::lang::warning(
                messages,
                t!(msg::CLI_DIFF_ACCEPT_UNKNOWN, id = Text::code(id)),
            ),
        }
    }
    let broken = diff::broken_scenarios(&old, &new, &findings);
    // The report is in Chinese unless `--lang en` says otherwise.
    let en = args.lang == Some(LangArg::En);
    let (report_lang, lang) = if en {
        (MsgLang::En, order_fsm_doc::Lang::En)
    } else {
        (MsgLang::Zh, order_fsm_doc::Lang::Zh)
    };
    let report = match args.format {
        DiffFormat::Text => text(&findings, &broken, report_lang),
        DiffFormat::Md => {
            let mut md = markdown(&findings, &broken, report_lang);
            md.push_str(&order_fsm_doc::review::changed_rows_md(&old, &new, lang));
            md
        }
        DiffFormat::Html => order_fsm_doc::review::page(
            &order_fsm_doc::review::Review {
                old: &old,
                new: &new,
                old_name: &args.old,
                new_name: &args.new,
                findings: &findings,
                broken: &broken,
            },
            lang,
        ),
        DiffFormat::Json => json(&findings, &broken),
    };
    match &args.out {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            replace_file(dir, path, &report).map_err(|e| {
                t!(
                    msg::CLI_CANNOT_WRITE,
                    path = Text::code(path.display()),
                    why = e.to_string()
                )
            })?;
        }
        None => print!("{report}"),
    }
    let limit = args.fail_on.map(|f| match f {
        FailOn::Breaking => Level::Breaking,
        FailOn::Dangerous => Level::Dangerous,
    });
    Ok(match (limit, diff::worst(&findings)) {
        (Some(l), Some(w)) if w >= l => Status::Failed,
        _ => Status::Success,
    })
}

/// Reads and checks one version: a file when one is there, else `REV:PATH` from git.
fn load(arg: &str, messages: MsgLang) -> Result<Spec, Text> {
    let path = Path::new(arg);
    let c: Compiled = if path.exists() {
        crate::commands::load(path).map_err(|e| e.text())?
    } else if arg.split_once(':').is_some_and(|(r, _)| !r.is_empty()) {
        order_fsm_core::compile_bytes(arg, &git_show(arg)?)
    } else {
        return Err(t!(msg::CLI_DIFF_NOT_A_SPEC, arg = Text::code(arg)));
    };
    let name = c.source.name.clone();
    if c.has_errors() {
        eprint!("{}", c.render_in(messages));
        return Err(t!(msg::CLI_DIFF_HAS_ERRORS, name = Text::code(&name)));
    }
    c.spec
        .ok_or_else(|| t!(msg::CLI_COULD_NOT_READ, path = Text::code(&name)))
}

/// `git show REV:PATH`, its output read with the limit of spec files (git's own messages go
/// straight to standard error).
fn git_show(arg: &str) -> Result<Vec<u8>, Text> {
    let cmd = || Text::code(format!("git show {arg}"));
    let mut child = std::process::Command::new("git")
        .arg("show")
        .arg(arg)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| t!(msg::CLI_GIT_CANNOT_RUN, cmd = cmd(), why = e.to_string()))?;
    let read = match child.stdout.take() {
        Some(out) => input::read_spec_from(Path::new(arg), out).map_err(|e| e.text()),
        None => Err(t!(msg::CLI_GIT_CANNOT_READ, cmd = cmd())),
    };
    if read.is_err() {
        // Stop git rather than wait for the rest of an output too large to read.
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| t!(msg::CLI_GIT_CANNOT_RUN, cmd = cmd(), why = e.to_string()))?;
    let bytes = read?;
    if !status.success() {
        return Err(t!(msg::CLI_GIT_FAILED, cmd = cmd()));
    }
    Ok(bytes)
}

fn read_counts(path: &Path) -> Result<BTreeMap<String, u64>, Text> {
    let p = || Text::code(path.display());
    let bytes = input::read_bounded(path, 16 << 20).map_err(|e| e.text())?;
    let text = String::from_utf8(bytes).map_err(|_| t!(msg::CLI_COUNTS_NOT_UTF8, path = p()))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").trim_start_matches('\u{FEFF}');
    if header.replace(' ', "") != "state,count" {
        return Err(t!(
            msg::CLI_COUNTS_HEADER,
            path = p(),
            found = Text::code(header)
        ));
    }
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (state, count) = line
            .rsplit_once(',')
            .ok_or_else(|| t!(msg::CLI_COUNTS_LINE, path = p(), line = i + 2))?;
        let count: u64 = count.trim().parse().map_err(|_| {
            t!(
                msg::CLI_COUNTS_NOT_A_COUNT,
                path = p(),
                line = i + 2,
                found = Text::code(count.trim())
            )
        })?;
        let state = state.trim().trim_matches('"').to_string();
        let total = out.entry(state).or_insert(0);
        *total = total.checked_add(count).ok_or_else(|| {
            t!(
                msg::CLI_COUNTS_TOO_MANY,
                path = p(),
                line = i + 2,
                max = u64::MAX.to_string()
            )
        })?;
    }
    Ok(out)
}

/// The scenarios NEW breaks, one line each, then the findings that break it.
fn broken_lines(broken: &[BrokenScenario], lang: MsgLang, bullet: &str, code: bool) -> String {
    let mut out = String::new();
    let q = |s: &str| {
        if code {
            format!("`{s}`")
        } else {
            s.to_string()
        }
    };
    for b in broken {
        // Finding ids are written as `--accept` takes them, separated by commas in every
        // language.
        let ids = if b.findings.is_empty() {
            Text::from(&msg::DIFF_NO_SINGLE_FINDING)
        } else {
            Text::Lit(
                b.findings
                    .iter()
                    .map(|i| q(i))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        let line = t!(
            msg::DIFF_BROKEN_SCENARIO,
            name = order_fsm_core::scenario::escape_name(&b.name),
            step = t!(msg::DIFF_STEP, n = b.step),
            step_text = q(&b.step_text),
            what = b.text.clone(),
            findings = ids
        );
        let _ = writeln!(out, "{bullet}{}", line.render(lang));
    }
    out
}

fn text(findings: &[Finding], broken: &[BrokenScenario], lang: MsgLang) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        let _ = writeln!(out, "{}", msg::DIFF_NO_DIFFERENCES.text(lang));
        return out;
    }
    let _ = writeln!(out, "{}", diff::summary(findings).render(lang));
    if !broken.is_empty() {
        let _ = writeln!(out, "\n{}", msg::DIFF_BROKEN_INTRO.text(lang));
        out.push_str(&broken_lines(broken, lang, "  ", false));
    }
    for f in findings {
        let accepted = if f.accepted {
            msg::DIFF_ACCEPTED_NOTE.text(lang)
        } else {
            ""
        };
        let _ = writeln!(out, "\n{}{accepted}  {}", f.level.word(lang), f.id);
        let _ = writeln!(out, "  {}", f.text_with_orders().render(lang));
        for c in &f.cases {
            let _ = writeln!(out, "    {}", c.describe().render(lang));
        }
    }
    out
}

fn markdown(findings: &[Finding], broken: &[BrokenScenario], lang: MsgLang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {}\n\n{}\n",
        msg::DIFF_REPORT_TITLE.text(lang),
        diff::summary(findings).render(lang)
    );
    if !broken.is_empty() {
        let _ = writeln!(
            out,
            "### {} ({})\n",
            msg::DIFF_BROKEN_TITLE.text(lang),
            broken.len()
        );
        out.push_str(&broken_lines(broken, lang, "- ", true));
        out.push('\n');
    }
    for level in [Level::Breaking, Level::Dangerous, Level::Safe] {
        let of: Vec<&Finding> = findings.iter().filter(|f| f.level == level).collect();
        if of.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} ({})\n", level.word(lang), of.len());
        for f in of {
            let accepted = if f.accepted {
                format!(" — {}", msg::DIFF_ACCEPTED.text(lang))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "- `{}`{accepted}: {}",
                f.id,
                f.text_with_orders().render(lang)
            );
            for c in &f.cases {
                let _ = writeln!(out, "  - {}", c.describe().render(lang));
            }
        }
        out.push('\n');
    }
    out
}

fn json(findings: &[Finding], broken: &[BrokenScenario]) -> String {
    let value = serde_json::json!({
        "summary": {
            "breaking": findings.iter().filter(|f| f.level == Level::Breaking).count(),
            "dangerous": findings.iter().filter(|f| f.level == Level::Dangerous).count(),
            "safe": findings.iter().filter(|f| f.level == Level::Safe).count(),
            "accepted": findings.iter().filter(|f| f.accepted).count(),
        },
        "findings": findings,
        "broken_scenarios": broken,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
