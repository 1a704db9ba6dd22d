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

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use order_fsm_doc::{Format, Lang};

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Markdown: tables, scenarios and a Mermaid diagram
    Md,
    /// Mermaid stateDiagram-v2
    Mermaid,
    /// Graphviz DOT
    Dot,
    /// PlantUML
    Plantuml,
    /// SVG drawn without external programs
    Svg,
    /// One self-contained HTML page
    Html,
    /// The model as JSON, with ids instead of indices
    Json,
    /// The 状态流转表 as CSV (UTF-8 with BOM)
    Csv,
    /// Every format (needs --out)
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

/// `--lang`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

/// Arguments of `order-fsm doc`.
#[derive(Debug, clap::Args)]
pub struct DocArgs {
    /// Spec files to document
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "md")]
    pub format: FormatArg,
    /// Language of headings and column names (labels are shown as written)
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// Only the machine with this id
    #[arg(long, value_name = "MACHINE")]
    pub machine: Option<String>,
    /// Write files into this directory instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 listing files in DIR that differ from what would be generated
    #[arg(long, requires = "out")]
    pub check: bool,
}

/// One generated document.
struct Output {
    name: String,
    text: String,
}

/// Runs `order-fsm doc`.
pub fn run(args: &DocArgs) -> ExitCode {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let formats = args.format.formats();
    if args.out.is_none() && formats.len() > 1 {
        eprintln!("error: `--format all` writes several files: give a directory with `--out DIR`");
        return ExitCode::from(2);
    }

    let mut failed = false;
    let mut outputs: Vec<Output> = Vec::new();
    let mut machine_found = false;
    for path in &args.specs {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read `{name}`: {e}");
                failed = true;
                continue;
            }
        };
        let compiled = order_fsm_core::compile_bytes(&name, &bytes);
        if !compiled.diagnostics.is_empty() {
            eprint!("{}", compiled.render());
        }
        if compiled.has_errors() {
            failed = true;
            continue;
        }
        let Some(spec) = compiled.spec.as_ref() else {
            failed = true;
            continue;
        };
        let stem = path
            .file_stem()
            .map_or_else(|| "spec".to_string(), |s| s.to_string_lossy().into_owned());
        for machine in &spec.machines {
            if args.machine.as_ref().is_some_and(|m| *m != machine.id.text) {
                continue;
            }
            machine_found = true;
            for &format in &formats {
                outputs.push(Output {
                    name: order_fsm_doc::file_name(&stem, machine, format),
                    text: order_fsm_doc::render(spec, machine, format, lang),
                });
            }
        }
    }
    if let (Some(m), false) = (&args.machine, machine_found) {
        if !failed {
            eprintln!("error: no machine `{m}` in the given specs");
        }
        return ExitCode::FAILURE;
    }

    let result = match &args.out {
        None => print_all(&outputs),
        Some(dir) if args.check => check_all(dir, &outputs),
        Some(dir) => write_all(dir, &outputs),
    };
    match result {
        Ok(true) if !failed => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
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

fn write_all(dir: &Path, outputs: &[Output]) -> std::io::Result<bool> {
    std::fs::create_dir_all(dir).map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot create `{}`: {e}", dir.display()))
    })?;
    let mut written = 0;
    for o in outputs {
        let path = dir.join(&o.name);
        // Leave files that are already right untouched, so their modification time stays.
        if std::fs::read(&path).is_ok_and(|old| old == o.text.as_bytes()) {
            continue;
        }
        std::fs::write(&path, &o.text).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot write `{}`: {e}", path.display()))
        })?;
        written += 1;
    }
    eprintln!(
        "{} file(s) in {} ({} updated)",
        outputs.len(),
        dir.display(),
        written
    );
    Ok(true)
}

fn check_all(dir: &Path, outputs: &[Output]) -> std::io::Result<bool> {
    let mut stale = 0;
    for o in outputs {
        let path = dir.join(&o.name);
        match std::fs::read(&path) {
            Ok(old) if old == o.text.as_bytes() => {}
            Ok(_) => {
                println!("differs: {}", path.display());
                stale += 1;
            }
            Err(_) => {
                println!("missing: {}", path.display());
                stale += 1;
            }
        }
    }
    if stale > 0 {
        eprintln!(
            "{stale} of {} file(s) in {} are not up to date; run without --check to regenerate",
            outputs.len(),
            dir.display()
        );
    }
    Ok(stale == 0)
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
            format,
            lang: LangArg::Zh,
            machine: None,
            out,
            check,
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
