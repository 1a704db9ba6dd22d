//! `order-fsm doc`: documents and diagrams from spec files.
//!
//! ```text
//! order-fsm doc specs/order.fsm                          # Markdown to stdout
//! order-fsm doc specs/order.fsm --format mermaid --lang en
//! order-fsm doc specs/*.fsm --format all --out docs/fsm  # every format, one file each
//! order-fsm doc specs/*.fsm --format all --out docs/fsm --check
//! ```
//!
//! Files are named `<spec stem>.<machine id>.<ext>`, e.g. `order.Order.md`. With `--check`
//! nothing is written: the command lists the files in the directory that are missing or
//! differ from what would be generated and exits 1 if there are any, like `cargo fmt --check`.
//!
//! Nothing is overwritten by surprise: two specs that would write the same file (same stem,
//! same machine) stop the command before it writes anything; a file is replaced by renaming
//! a finished file over it, so a symbolic link in `DIR` is replaced rather than followed;
//! files left from a machine that was renamed or removed are listed (`--check` fails on
//! them) and never deleted.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use order_fsm_core::msg::{self, Lang as MsgLang, Text};
use order_fsm_core::t;
use order_fsm_doc::{Format, Lang};

use crate::exit::Status;

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Mermaid,
    Dot,
    Plantuml,
    Svg,
    Html,
    Json,
    Csv,
    All,
}

impl FormatArg {
    fn formats(self) -> Vec<Format> {
        match self {
            FormatArg::Md => vec![Format::Md],
            FormatArg::Mermaid => vec![Format::Mermaid],
            FormatArg::Dot => vec![Format::Dot],
            FormatArg::Plantuml => vec![Format::Plantuml],
            FormatArg::Svg => vec![Format::Svg],
            FormatArg::Html => vec![Format::Html],
            FormatArg::Json => vec![Format::Json],
            FormatArg::Csv => vec![Format::Csv],
            FormatArg::All => Format::ALL.to_vec(),
        }
    }
}

pub use crate::lang::LangArg;

/// Arguments of `order-fsm doc`.
#[derive(Debug, clap::Args)]
pub struct DocArgs {
    #[arg(required = true, value_name = "SPEC_OR_DIR")]
    pub specs: Vec<PathBuf>,
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md")]
    pub format: Vec<FormatArg>,
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    #[arg(long, value_name = "MACHINE")]
    pub machine: Option<String>,
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long, requires = "out")]
    pub check: bool,
    #[arg(long)]
    pub verbose: bool,
    #[command(flatten)]
    pub levels: crate::levels::LevelArgs,
}

/// The extension of the 状态码映射表 written next to a machine's CSV.
const CODES_CSV: &str = "codes.csv";

/// One generated document.
struct Output {
    name: String,
    text: String,
    /// The spec it comes from, as shown to the user.
    spec: String,
    machine: String,
}

/// The machines of the specs documented, by spec file stem: what the naming scheme
/// `<stem>.<machine>.<ext>` can refer to.
#[derive(Default)]
struct Known {
    /// stem → (spec shown, machine ids), for every spec that compiled.
    machines: BTreeMap<String, (String, BTreeSet<String>)>,
    /// Stems of specs that did not compile: their machines are unknown, so none of their
    /// files is called stale.
    unknown: BTreeSet<String>,
}

/// Runs `order-fsm doc`.
pub fn run(args: &DocArgs) -> ExitCode {
    let lang = match args.lang.unwrap_or(LangArg::Zh) {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let messages = crate::lang::messages(args.lang);
    let Some(levels) = args.levels.levels_or_report(messages) else {
        return Status::Usage.into();
    };
    // Each format once, in the order given.
    let mut formats: Vec<Format> = Vec::new();
    for f in args.format.iter().flat_map(|f| f.formats()) {
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    if args.out.is_none() && formats.len() > 1 {
        let given: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        let format = if args.format.contains(&FormatArg::All) {
            "all".to_string()
        } else {
            given.join(",")
        };
        crate::lang::error(
            messages,
            t!(
                msg::CLI_DOC_ALL_NEEDS_OUT,
                format = Text::code(format!("--format {format}"))
            ),
        );
        return Status::Usage.into();
    }

    let (files, unreadable) = crate::commands::collect_specs(&args.specs, messages);
    let mut status = if unreadable > 0 {
        Status::Usage
    } else {
        Status::Success
    };
    let mut outputs: Vec<Output> = Vec::new();
    let mut known = Known::default();
    let mut machine_found = false;
    for path in &files {
        let name = crate::commands::display_name(path);
        let stem = path
            .file_stem()
            .map_or_else(|| "spec".to_string(), |s| s.to_string_lossy().into_owned());
        let mut compiled = match crate::commands::load(path) {
            Ok(c) => c,
            Err(e) => {
                crate::lang::error(messages, e.text());
                status = Status::Usage;
                known.unknown.insert(stem);
                continue;
            }
        };
        levels.apply(&mut compiled);
        report_diagnostics(&compiled, args.verbose, messages);
        let spec = match compiled.spec.as_ref() {
            Some(spec) if !compiled.has_errors() => spec,
            _ => {
                status = status.and(Status::Failed);
                known.unknown.insert(stem);
                continue;
            }
        };
        let entry = known
            .machines
            .entry(stem.clone())
            .or_insert_with(|| (name.clone(), BTreeSet::new()));
        for machine in &spec.machines {
            entry.1.insert(machine.id.text.clone());
            if args.machine.as_ref().is_some_and(|m| *m != machine.id.text) {
                continue;
            }
            machine_found = true;
            for &format in &formats {
                outputs.push(Output {
                    name: order_fsm_doc::file_name(&stem, machine, format),
                    text: order_fsm_doc::render(spec, machine, format, lang),
                    spec: name.clone(),
                    machine: machine.id.text.clone(),
                });
                // The 状态码映射表 is a table of its own for spreadsheets.
                if format == Format::Csv {
                    if let Some(text) = order_fsm_doc::csv::render_codes(machine, lang) {
                        outputs.push(Output {
                            name: order_fsm_doc::fit_file_name(
                                &format!("{stem}.{}", machine.id.text),
                                CODES_CSV,
                            ),
                            text,
                            spec: name.clone(),
                            machine: machine.id.text.clone(),
                        });
                    }
                }
            }
        }
    }
    if let (Some(m), false) = (&args.machine, machine_found) {
        if status == Status::Success {
            crate::lang::error(
                messages,
                t!(msg::CLI_NO_MACHINE_IN_SPECS, machine = Text::code(m)),
            );
        }
        return Status::Usage.into();
    }

    let result = match &args.out {
        None => print_all(&outputs),
        Some(dir) => {
            if !shared_outputs(dir, &outputs, messages) {
                return Status::Usage.into();
            }
            let stale = stale_files(dir, &known);
            if args.check {
                check_all(dir, &outputs, &stale, messages)
            } else {
                warn_stale(&stale, messages);
                write_all(dir, &outputs, messages)
            }
        }
    };
    match result {
        Ok(true) => status.into(),
        Ok(false) => status.and(Status::Failed).into(),
        Err(e) => {
            crate::lang::error(messages, Text::Lit(e.to_string()));
            Status::Usage.into()
        }
    }
}

/// The spec's diagnostics on stderr: errors in full (they stop its documents), warnings in
/// full with `--verbose`, else one line per code, with how to see each.
fn report_diagnostics(c: &order_fsm_core::Compiled, verbose: bool, lang: MsgLang) {
    use order_fsm_core::diag::{self, Severity};
    if c.diagnostics.is_empty() {
        return;
    }
    if verbose {
        eprint!("{}", c.render_in(lang));
        return;
    }
    let errors: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        eprint!("{}", diag::render(&c.source, &errors, false, lang));
    }
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        *by_code.entry(d.code).or_default() += 1;
    }
    for (code, n) in by_code {
        let title = order_fsm_core::explain::title(code, lang).unwrap_or_default();
        let line = t!(
            msg::CLI_DOC_WARNINGS,
            title = title,
            n = n,
            file = Text::code(&c.source.name),
            code = code
        );
        eprintln!("warning[{code}]: {}", line.render(lang));
    }
}

/// Reports output files that two specs would both write (same file stem, same machine id),
/// before anything is written. True when there are none.
fn shared_outputs(dir: &Path, outputs: &[Output], lang: MsgLang) -> bool {
    let mut first: HashMap<&str, &Output> = HashMap::new();
    // (spec a, spec b, machine) → the shared file names.
    let mut clashes: BTreeMap<(&str, &str, &str), Vec<&str>> = BTreeMap::new();
    for o in outputs {
        match first.get(o.name.as_str()) {
            None => {
                first.insert(&o.name, o);
            }
            Some(earlier) => clashes
                .entry((&earlier.spec, &o.spec, &o.machine))
                .or_default()
                .push(&o.name),
        }
    }
    for ((a, b, machine), names) in &clashes {
        let more = match names.len() {
            1 => Text::default(),
            2 => t!(msg::CLI_DOC_CLASH_ONE_MORE),
            n => t!(msg::CLI_DOC_CLASH_MORE, n = n - 1),
        };
        let stem = Path::new(a)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        crate::lang::error(
            lang,
            t!(
                msg::CLI_DOC_CLASH,
                a = Text::code(a),
                b = Text::code(b),
                path = Text::code(dir.join(names[0]).display()),
                more = more,
                stem = Text::code(stem),
                machine = Text::code(machine)
            ),
        );
        eprintln!("  help: {}", t!(msg::CLI_DOC_CLASH_HELP).render(lang));
    }
    clashes.is_empty()
}

/// A file in `dir` that follows the naming scheme for a documented spec but belongs to a
/// machine that spec no longer has.
struct Stale {
    path: PathBuf,
    spec: String,
    machine: String,
}

/// Files in `dir` named `<stem>.<machine>.<ext>` (any document extension) where `<stem>` is a
/// spec documented in this run that has no machine `<machine>`.
fn stale_files(dir: &Path, known: &Known) -> Vec<Stale> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stale = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        for (stem, (spec, machines)) in &known.machines {
            if known.unknown.contains(stem) {
                continue;
            }
            let Some(rest) = name
                .strip_prefix(stem.as_str())
                .and_then(|r| r.strip_prefix('.'))
            else {
                continue;
            };
            let Some((machine, ext)) = rest.split_once('.') else {
                continue;
            };
            let is_doc = ext == CODES_CSV || Format::ALL.iter().any(|f| f.extension() == ext);
            // An id, or an id cut to keep the name short, then `~` and its hash.
            let is_id = !machine.is_empty()
                && machine
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '~');
            let current = machines
                .iter()
                .any(|m| order_fsm_doc::fit_file_name(&format!("{stem}.{m}"), ext) == name);
            // A longer stem that also starts with this one ("order.v2" and "order") is
            // another spec's file.
            let other_stem = known
                .machines
                .keys()
                .chain(&known.unknown)
                .any(|s| s.len() > stem.len() && name.starts_with(&format!("{s}.")));
            if is_doc && is_id && !other_stem && !current {
                stale.push(Stale {
                    path: dir.join(name),
                    spec: spec.clone(),
                    machine: machine.to_string(),
                });
            }
        }
    }
    stale.sort_by(|a, b| a.path.cmp(&b.path));
    stale
}

fn warn_stale(stale: &[Stale], lang: MsgLang) {
    for s in stale {
        crate::lang::warning(
            lang,
            t!(
                msg::CLI_DOC_LEFT_OVER,
                path = Text::code(s.path.display()),
                machine = Text::code(&s.machine),
                spec = Text::code(&s.spec)
            ),
        );
    }
}

fn print_all(outputs: &[Output]) -> std::io::Result<bool> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    for (i, o) in outputs.iter().enumerate() {
        if i > 0 {
            lock.write_all(b"\n")?;
        }
        match lock.write_all(o.text.as_bytes()) {
            Ok(()) => {}
            // `order-fsm doc … | head` is fine.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(true),
            Err(e) => return Err(e),
        }
    }
    lock.flush()?;
    Ok(true)
}

/// What is at an output path now.
enum Existing {
    Missing,
    Same,
    Differs,
    /// A folder: it cannot be replaced by a document.
    Folder,
    /// A symbolic link, a pipe …: never read or written through.
    NotAFile(&'static msg::Msg),
}

fn existing(path: &Path, text: &str) -> Existing {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Existing::Missing;
    };
    let ft = meta.file_type();
    if ft.is_symlink() {
        return Existing::NotAFile(&msg::CLI_DOC_SYMLINK);
    }
    if ft.is_dir() {
        return Existing::Folder;
    }
    if !ft.is_file() {
        return Existing::NotAFile(&msg::INPUT_KIND_OTHER);
    }
    // Read no more than the new text, plus one byte to tell a longer file.
    match order_fsm_core::input::read_bounded(path, text.len() as u64) {
        Ok(old) if old == text.as_bytes() => Existing::Same,
        _ => Existing::Differs,
    }
}

/// Writes `text` to `path` by way of a new file in the same folder renamed over it: a reader
/// never sees half a document, and a symbolic link at `path` is replaced, never followed.
pub(crate) fn replace_file(dir: &Path, path: &Path, text: &str) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".order-fsm-").suffix(".tmp");
    // The mode `std::fs::write` would give (before the umask), not the private 0600.
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(mode);
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn write_all(dir: &Path, outputs: &[Output], lang: MsgLang) -> std::io::Result<bool> {
    let failed = |t: Text| t.render(lang);
    let is_folder = |path: &Path| {
        std::io::Error::other(failed(t!(
            msg::CLI_CANNOT_WRITE,
            path = Text::code(path.display()),
            why = &msg::CLI_IS_A_FOLDER
        )))
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            failed(t!(
                msg::CLI_CANNOT_CREATE,
                path = Text::code(dir.display()),
                why = e.to_string()
            )),
        )
    })?;
    // A folder where a document goes cannot be replaced: say so before writing anything.
    for o in outputs {
        let path = dir.join(&o.name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            return Err(is_folder(&path));
        }
    }
    let mut written = 0;
    for o in outputs {
        let path = dir.join(&o.name);
        match existing(&path, &o.text) {
            // Leave files that are already right untouched, so their modification time stays.
            Existing::Same => continue,
            Existing::Folder => return Err(is_folder(&path)),
            Existing::NotAFile(what) => {
                crate::lang::note(
                    lang,
                    t!(
                        msg::CLI_DOC_WAS,
                        path = Text::code(path.display()),
                        what = what
                    ),
                );
            }
            Existing::Missing | Existing::Differs => {}
        }
        replace_file(dir, &path, &o.text).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                failed(t!(
                    msg::CLI_CANNOT_WRITE,
                    path = Text::code(path.display()),
                    why = e.to_string()
                )),
            )
        })?;
        written += 1;
    }
    eprintln!(
        "{}",
        failed(t!(
            msg::CLI_DOC_WRITTEN,
            files = crate::lang::files(outputs.len()),
            dir = dir.display().to_string(),
            n = written
        ))
    );
    Ok(true)
}

fn check_all(
    dir: &Path,
    outputs: &[Output],
    stale: &[Stale],
    lang: MsgLang,
) -> std::io::Result<bool> {
    let mut bad = 0;
    let say = |t: Text| t.render(lang);
    for o in outputs {
        let path = dir.join(&o.name);
        let p = path.display().to_string();
        let line = match existing(&path, &o.text) {
            Existing::Same => continue,
            Existing::Differs => t!(msg::CLI_DOC_DIFFERS, path = p),
            Existing::Missing => t!(msg::CLI_DOC_MISSING, path = p),
            Existing::Folder => t!(
                msg::CLI_DOC_DIFFERS_WHAT,
                path = p,
                what = &msg::CLI_DOC_FOLDER
            ),
            Existing::NotAFile(what) => t!(msg::CLI_DOC_DIFFERS_WHAT, path = p, what = what),
        };
        println!("{}", say(line));
        bad += 1;
    }
    for s in stale {
        println!(
            "{}",
            say(t!(
                msg::CLI_DOC_STALE,
                path = s.path.display().to_string(),
                machine = Text::code(&s.machine),
                spec = s.spec.as_str()
            ))
        );
    }
    if bad > 0 {
        eprintln!(
            "{}",
            say(t!(
                msg::CLI_DOC_NOT_UP_TO_DATE,
                bad = bad,
                files = crate::lang::files(outputs.len()),
                dir = dir.display().to_string()
            ))
        );
    }
    if !stale.is_empty() {
        eprintln!(
            "{}",
            say(t!(
                msg::CLI_DOC_STALE_SUMMARY,
                files = crate::lang::files(stale.len()),
                dir = dir.display().to_string()
            ))
        );
    }
    Ok(bad == 0 && stale.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
machine Order "订单" {
  state Created "待付款" initial
  state Paid "已付款" final
  event Pay "付款"
  Created -> Paid on Pay
}
machine Refund "退款" {
  state Open "处理中" initial
  state Done "已退款" final
  event Approve "同意"
  Open -> Done on Approve
}
"#;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("order-fsm-doc-cmd-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn args(specs: Vec<PathBuf>, format: FormatArg, out: Option<PathBuf>, check: bool) -> DocArgs {
        DocArgs {
            specs,
            format: vec![format],
            lang: Some(LangArg::Zh),
            machine: None,
            out,
            check,
            verbose: false,
            levels: Default::default(),
        }
    }

    fn is_success(code: ExitCode) -> bool {
        format!("{code:?}") == format!("{:?}", ExitCode::SUCCESS)
    }

    #[test]
    fn all_formats_are_written_then_checked() {
        let dir = temp_dir("all");
        let spec = dir.join("order.fsm");
        std::fs::write(&spec, SPEC).expect("write spec");
        let out = dir.join("out");
        assert!(is_success(run(&args(
            vec![spec.clone()],
            FormatArg::All,
            Some(out.clone()),
            false
        ))));
        for machine in ["Order", "Refund"] {
            for ext in ["md", "mmd", "dot", "puml", "svg", "html", "json", "csv"] {
                assert!(
                    out.join(format!("order.{machine}.{ext}")).is_file(),
                    "{machine}.{ext}"
                );
            }
        }
        assert!(is_success(run(&args(
            vec![spec.clone()],
            FormatArg::All,
            Some(out.clone()),
            true
        ))));
        std::fs::write(out.join("order.Order.md"), "stale").expect("write");
        assert!(!is_success(run(&args(
            vec![spec.clone()],
            FormatArg::All,
            Some(out.clone()),
            true
        ))));
        // Bring the directory back in sync, then check that a missing file alone fails too.
        assert!(is_success(run(&args(
            vec![spec.clone()],
            FormatArg::All,
            Some(out.clone()),
            false
        ))));
        std::fs::remove_file(out.join("order.Refund.csv")).expect("remove");
        assert!(!is_success(run(&args(
            vec![spec.clone()],
            FormatArg::Csv,
            Some(out.clone()),
            true
        ))));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn machine_filter_errors_and_all_without_out() {
        let dir = temp_dir("filter");
        let spec = dir.join("order.fsm");
        std::fs::write(&spec, SPEC).expect("write spec");
        let out = dir.join("out");
        let mut a = args(
            vec![spec.clone()],
            FormatArg::Json,
            Some(out.clone()),
            false,
        );
        a.machine = Some("Refund".to_string());
        assert!(is_success(run(&a)));
        assert!(out.join("order.Refund.json").is_file());
        assert!(!out.join("order.Order.json").exists());
        a.machine = Some("Nope".to_string());
        assert!(!is_success(run(&a)));
        // every format needs a directory
        assert!(!is_success(run(&args(
            vec![spec.clone()],
            FormatArg::All,
            None,
            false
        ))));
        // a spec with errors fails
        let bad = dir.join("bad.fsm");
        std::fs::write(&bad, "machine X {\n  state A initial\n  A -> B on Go\n}\n").expect("write");
        assert!(!is_success(run(&args(
            vec![bad],
            FormatArg::Md,
            Some(out.clone()),
            false
        ))));
        // a missing file fails
        assert!(!is_success(run(&args(
            vec![dir.join("missing.fsm")],
            FormatArg::Md,
            Some(out),
            false
        ))));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
