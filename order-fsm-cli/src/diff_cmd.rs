//! `order-fsm diff OLD NEW`: two versions of a spec compared by behaviour.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use order_fsm_core::diff::{self, Case, Finding, Level};
use order_fsm_core::{input, model::Spec, Compiled};

use crate::commands::display_name;
use crate::doc_cmd::{replace_file, LangArg};
use crate::exit::Status;

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
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
    /// The old version: a file, or `REV:PATH` read with `git show` (PATH from the
    /// repository root), e.g. `main:specs/order.fsm`.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new version, as OLD.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Language of the report.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Fail (status 1) when a finding at this level or above is not accepted.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Finding ids recorded as intended (`state-removed:Order:Delivered`).
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub accept: Vec<String>,
    /// A file of accepted finding ids, one a line (`#` starts a comment).
    #[arg(long, value_name = "FILE")]
    pub accept_file: Option<PathBuf>,
    /// Stored orders per state: a CSV with header `state,count` (state id or main code).
    #[arg(long, value_name = "FILE")]
    pub counts: Option<PathBuf>,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    match run_inner(args) {
        Ok(s) => s.into(),
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            Status::Usage.into()
        }
    }
}

fn run_inner(args: &DiffArgs) -> Result<Status, String> {
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let mut findings = diff::diff(&old, &new);
    if let Some(path) = &args.counts {
        let counts = read_counts(path)?;
        diff::apply_counts(&old, &mut findings, &counts);
    }
    let mut accepted: Vec<String> = args.accept.clone();
    if let Some(path) = &args.accept_file {
        let bytes = input::read_bounded(path, 1 << 20).map_err(|e| e.to_string())?;
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
            None => eprintln!("warning: accepted id `{id}` matches no finding"),
        }
    }
    let en = args.lang == LangArg::En;
    let report = match args.format {
        DiffFormat::Text => text(&findings, en),
        DiffFormat::Md => {
            let mut md = markdown(&findings, en);
            md.push_str(&changed_rows(&old, &new, en));
            md
        }
        DiffFormat::Json => json(&findings),
    };
    match &args.out {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            replace_file(dir, path, &report)
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
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
fn load(arg: &str) -> Result<Spec, String> {
    let path = Path::new(arg);
    let (name, bytes) = if path.exists() {
        let bytes = input::read_spec(path).map_err(|e| e.to_string())?;
        (display_name(path), bytes)
    } else if let Some((rev, file)) = arg.split_once(':').filter(|(r, _)| !r.is_empty()) {
        let out = std::process::Command::new("git")
            .arg("show")
            .arg(format!("{rev}:{file}"))
            .output()
            .map_err(|e| format!("cannot run `git show {arg}`: {e}"))?;
        if !out.status.success() {
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            return Err(format!("`git show {arg}` failed"));
        }
        (arg.to_string(), out.stdout)
    } else {
        return Err(format!(
            "`{arg}` is not a file, nor `REV:PATH` (as in `main:specs/order.fsm`)"
        ));
    };
    let c: Compiled = order_fsm_core::compile_bytes(&name, &bytes);
    if c.has_errors() {
        eprint!("{}", c.render());
        return Err(format!("`{name}` has errors; fix them before comparing"));
    }
    c.spec.ok_or_else(|| format!("`{name}` could not be read"))
}

fn read_counts(path: &Path) -> Result<BTreeMap<String, u64>, String> {
    let bytes = input::read_bounded(path, 16 << 20).map_err(|e| e.to_string())?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").trim_start_matches('\u{FEFF}');
    if header.replace(' ', "") != "state,count" {
        return Err(format!(
            "`{}`: the first line must be `state,count`, found `{header}`",
            path.display()
        ));
    }
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (state, count) = line.rsplit_once(',').ok_or_else(|| {
            format!(
                "`{}` line {}: expected `state,count`",
                path.display(),
                i + 2
            )
        })?;
        let count: u64 = count.trim().parse().map_err(|_| {
            format!(
                "`{}` line {}: `{}` is not a count of orders",
                path.display(),
                i + 2,
                count.trim()
            )
        })?;
        let state = state.trim().trim_matches('"').to_string();
        let total = out.entry(state).or_insert(0);
        *total = total.checked_add(count).ok_or_else(|| {
            format!(
                "`{}` line {}: the counts of one state add up to more than {}",
                path.display(),
                i + 2,
                u64::MAX
            )
        })?;
    }
    Ok(out)
}

fn level_word(l: Level, en: bool) -> &'static str {
    if en {
        l.name()
    } else {
        l.zh()
    }
}

fn summary(findings: &[Finding], en: bool) -> String {
    let n = |l| findings.iter().filter(|f| f.level == l).count();
    let accepted = findings.iter().filter(|f| f.accepted).count();
    if en {
        format!(
            "{} breaking, {} dangerous, {} safe ({accepted} accepted)",
            n(Level::Breaking),
            n(Level::Dangerous),
            n(Level::Safe)
        )
    } else {
        format!(
            "破坏性 {} 项，危险 {} 项，安全 {} 项（已接受 {accepted} 项）",
            n(Level::Breaking),
            n(Level::Dangerous),
            n(Level::Safe)
        )
    }
}

fn condition(c: &Case, en: bool) -> String {
    let mut parts = Vec::new();
    if let Some(s) = c.after_seconds {
        parts.push(if en {
            format!("after {s}s or more")
        } else {
            format!("停留 {s} 秒及以上")
        });
    }
    for (g, v) in &c.when {
        parts.push(match (en, v) {
            (true, true) => format!("{g} yes"),
            (true, false) => format!("{g} no"),
            (false, true) => format!("{g} 是"),
            (false, false) => format!("{g} 否"),
        });
    }
    if parts.is_empty() {
        return if en { "always".into() } else { "总是".into() };
    }
    if en {
        format!("when {}", parts.join(" and "))
    } else {
        format!("当 {}", parts.join(" 且 "))
    }
}

fn case_line(c: &Case, en: bool) -> String {
    let who = match (&c.role, en) {
        (Some(r), true) => format!(", by {r}"),
        (Some(r), false) => format!("，{r}"),
        (None, _) => String::new(),
    };
    let (before, after) = if en {
        (c.before.clone(), c.after.clone())
    } else {
        (
            c.before.replace("rejected", "拒绝"),
            c.after.replace("rejected", "拒绝"),
        )
    };
    if en {
        format!(
            "in {}{who}, {}: {before} → {after}",
            c.state,
            condition(c, en)
        )
    } else {
        format!(
            "在 {}{who}，{}：{before} → {after}",
            c.state,
            condition(c, en)
        )
    }
}

fn message(f: &Finding, en: bool) -> String {
    let mut m = if en {
        f.message.clone()
    } else {
        f.message_zh.clone()
    };
    if let Some(n) = f.orders {
        if !f.states.is_empty() {
            m.push_str(&if en {
                format!(" ({n} stored orders in {})", f.states.join(", "))
            } else {
                format!("（{} 中有 {n} 个订单）", f.states.join("、"))
            });
        }
    }
    m
}

fn text(findings: &[Finding], en: bool) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        out.push_str(if en {
            "no differences in behaviour, codes or texts\n"
        } else {
            "行为、状态码和文字都没有变化\n"
        });
        return out;
    }
    let _ = writeln!(out, "{}", summary(findings, en));
    for f in findings {
        let accepted = if f.accepted {
            if en {
                " (accepted)"
            } else {
                "（已接受）"
            }
        } else {
            ""
        };
        let _ = writeln!(out, "\n{}{accepted}  {}", level_word(f.level, en), f.id);
        let _ = writeln!(out, "  {}", message(f, en));
        for c in &f.cases {
            let _ = writeln!(out, "    {}", case_line(c, en));
        }
    }
    out
}

fn markdown(findings: &[Finding], en: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {}\n\n{}\n",
        if en {
            "Spec changes"
        } else {
            "状态机变更"
        },
        summary(findings, en)
    );
    for level in [Level::Breaking, Level::Dangerous, Level::Safe] {
        let of: Vec<&Finding> = findings.iter().filter(|f| f.level == level).collect();
        if of.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {} ({})\n", level_word(level, en), of.len());
        for f in of {
            let accepted = match (f.accepted, en) {
                (true, true) => " — accepted",
                (true, false) => " — 已接受",
                _ => "",
            };
            let _ = writeln!(out, "- `{}`{accepted}: {}", f.id, message(f, en));
            for c in &f.cases {
                let _ = writeln!(out, "  - {}", case_line(c, en));
            }
        }
        out.push('\n');
    }
    out
}

/// The rows of each machine's 状态流转表 that differ, marked 新增 / 删除 / 修改 (a row removed
/// and a row added for the same state and event are one row changed, shown before → after).
fn changed_rows(old: &Spec, new: &Spec, en: bool) -> String {
    use order_fsm_doc::md::{transition_rows_md, transition_table_head};
    let lang = if en {
        order_fsm_doc::Lang::En
    } else {
        order_fsm_doc::Lang::Zh
    };
    let mut out = String::new();
    for nm in &new.machines {
        let Some(om) = old.machine(&nm.id.text) else {
            continue;
        };
        // Each row with the ids of its states and trigger, so that a row whose labels
        // changed is still recognised as the same row.
        let keyed = |m: &order_fsm_core::model::Machine| -> Vec<(String, [String; 7])> {
            m.transitions
                .iter()
                .map(|t| row_key(m, t))
                .zip(transition_rows_md(m, lang))
                .collect()
        };
        let mut before = keyed(om);
        let mut after = keyed(nm);
        // Rows in both versions are unchanged (as a multiset: the order of lines is a
        // decision matter, reported with the findings).
        let mut i = 0;
        while i < before.len() {
            if let Some(j) = after.iter().position(|r| *r == before[i]) {
                after.remove(j);
                before.remove(i);
            } else {
                i += 1;
            }
        }
        if before.is_empty() && after.is_empty() {
            continue;
        }
        let (added, removed, changed) = if en {
            ("added", "removed", "changed")
        } else {
            ("新增", "删除", "修改")
        };
        let _ = writeln!(
            out,
            "### {} {}\n",
            order_fsm_doc::md::txt(
                nm.label
                    .as_ref()
                    .map_or(nm.id.text.as_str(), |l| l.text.as_str())
            ),
            if en {
                "transition table: changed rows"
            } else {
                "状态流转表：变更的行"
            }
        );
        let head = transition_table_head(lang);
        let _ = writeln!(
            out,
            "| {} | {} |",
            if en { "Change" } else { "变更" },
            head.join(" | ")
        );
        let _ = writeln!(out, "|{}", "---|".repeat(head.len() + 1));
        let mut rows = Vec::new();
        for (key, b) in before {
            match after.iter().position(|(k, _)| *k == key) {
                Some(j) => {
                    let (_, a) = after.remove(j);
                    let cells: Vec<String> = b
                        .iter()
                        .zip(a.iter())
                        .map(|(x, y)| {
                            if x == y {
                                x.clone()
                            } else {
                                format!("{x} → {y}")
                            }
                        })
                        .collect();
                    rows.push((changed, cells));
                }
                None => rows.push((removed, b.to_vec())),
            }
        }
        rows.extend(after.into_iter().map(|(_, a)| (added, a.to_vec())));
        for (mark, cells) in rows {
            let _ = writeln!(out, "| {mark} | {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    out
}

/// What makes a row of the 状态流转表 the same row in two versions: the ids of its source
/// states and of its event (or its delay), never their labels.
fn row_key(m: &order_fsm_core::model::Machine, t: &order_fsm_core::model::Transition) -> String {
    let sources = if t.from_any {
        "any".to_string()
    } else {
        t.sources
            .iter()
            .map(|&s| m.state(s).id.text.as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    let trigger = match (t.event(), t.timeout_seconds()) {
        (Some(e), _) => format!("on {}", m.event(e).id.text),
        (None, Some(s)) => format!("after {s}s"),
        (None, None) => String::new(),
    };
    format!("{sources}|{trigger}")
}

fn json(findings: &[Finding]) -> String {
    let value = serde_json::json!({
        "summary": {
            "breaking": findings.iter().filter(|f| f.level == Level::Breaking).count(),
            "dangerous": findings.iter().filter(|f| f.level == Level::Dangerous).count(),
            "safe": findings.iter().filter(|f| f.level == Level::Safe).count(),
            "accepted": findings.iter().filter(|f| f.accepted).count(),
        },
        "findings": findings,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
