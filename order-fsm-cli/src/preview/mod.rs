//! `order-fsm preview`: a page on 127.0.0.1 that shows a spec as the PRD reads it and
//! redraws on every save.
//!
//! ```text
//! order-fsm preview specs/order.fsm               # prints http://127.0.0.1:PORT/
//! order-fsm preview specs/order.fsm --port 7878 --open --lang en
//! ```
//!
//! Three parts, each in its own file, none used by another command:
//!
//! - this file: the command, and [`Live`], what the page shows now. A thread looks at the
//!   file's size, time and inode every [`POLL`]; when they change (and then hold still for
//!   [`SETTLE`]) it reads and compiles the file once, keeps the last compile without errors for the diagram, and wakes every page
//!   waiting on `/events`. Looking at the path (not at an open file) is what makes a save by
//!   rename, a delete and a file created again all come back the same way.
//! - `page.rs`: the page, rendered on the server (the document of `order-fsm doc --format
//!   html` in a frame, the banner, the diagnostics, the simulate panel).
//! - `http.rs`: the server, on the standard library's sockets, and what it refuses.
//! - `editor.rs`: which command opens the spec at a line.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use order_fsm_core::input;
use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::t;
use order_fsm_core::Compiled;

use crate::exit::Status;

mod editor;
mod http;
mod page;

/// How often the file is looked at. A look is one `stat`; a save shows within this plus the
/// time to compile and draw.
pub const POLL: Duration = Duration::from_millis(40);

/// How long a changed file must hold still before it is read.
const SETTLE: Duration = Duration::from_millis(5);

#[derive(clap::Args, Debug)]
pub struct PreviewArgs {
    pub spec: PathBuf,
    #[arg(long)]
    pub port: Option<u16>,
    #[arg(long)]
    pub open: bool,
    #[arg(long, value_name = "COMMAND")]
    pub editor: Option<String>,
    #[command(flatten)]
    pub messages: crate::lang::MessageLang,
}

pub fn run(args: &PreviewArgs) -> ExitCode {
    let lang = args.messages.get();
    // The spec must be there to start; afterwards it may come and go.
    if let Err(e) = std::fs::metadata(&args.spec) {
        crate::lang::error(
            lang,
            t!(
                msg::INPUT_UNREADABLE,
                path = Text::code(crate::commands::display_name(&args.spec)),
                why = e.to_string()
            ),
        );
        return Status::Usage.into();
    }
    let address = format!("127.0.0.1:{}", args.port.unwrap_or(0));
    let listener = match TcpListener::bind(&address) {
        Ok(l) => l,
        Err(e) => {
            crate::lang::error(
                lang,
                t!(
                    msg::PREVIEW_CANNOT_LISTEN,
                    address = address,
                    why = e.to_string()
                ),
            );
            return Status::Usage.into();
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            crate::lang::error(
                lang,
                t!(
                    msg::PREVIEW_CANNOT_LISTEN,
                    address = address,
                    why = e.to_string()
                ),
            );
            return Status::Usage.into();
        }
    };
    let editor = editor::Editor::choose(args.editor.as_deref());
    let live = Arc::new(Live::new(&args.spec, lang, editor));
    // Looked at before it is read, so that a save during the first read is seen.
    let seen = fingerprint(&live.path);
    live.reload();
    {
        let live = Arc::clone(&live);
        std::thread::spawn(move || live.watch(seen));
    }
    let url = format!("http://127.0.0.1:{port}/");
    println!(
        "{}",
        t!(
            msg::PREVIEW_LISTENING,
            path = Text::code(&live.name),
            url = url.clone()
        )
        .render(lang)
    );
    let _ = std::io::stdout().flush();
    if args.open {
        if let Err(why) = open_browser(&url) {
            crate::lang::warning(lang, t!(msg::PREVIEW_NO_BROWSER, why = why, url = url));
        }
    }
    http::serve(listener, port, live);
    Status::Success.into()
}

fn open_browser(url: &str) -> Result<(), String> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| e.to_string())
}

/// What the file holds now, next to the last version without errors.
pub(crate) enum Latest {
    /// The last good compile is what the file holds.
    Good,
    /// The file compiles with errors (a binary file is one of them).
    Errors(Arc<Compiled>),
    /// The file is not there.
    Gone,
    /// The file cannot be read: too large, not a regular file, no permission.
    Unreadable(Text),
}

pub(crate) struct View {
    /// Bumped on every change of the file.
    pub version: u64,
    pub latest: Latest,
    /// The last compile without errors.
    pub good: Option<Arc<Compiled>>,
    /// The documents of `good`, by machine id, drawn when first asked for.
    docs: HashMap<String, Arc<String>>,
}

/// The previewed spec and what the page shows of it, shared by the watcher and the server.
pub(crate) struct Live {
    pub path: PathBuf,
    /// The spec's name as the page and the diagnostics show it.
    pub name: String,
    pub lang: Lang,
    pub editor: Option<editor::Editor>,
    view: Mutex<View>,
    changed: Condvar,
}

/// What says that the file changed: its size, its modification time and, on Unix, which
/// file the path names (a save by rename gives a new inode even at the same size and time).
type Fingerprint = Option<(u64, Option<SystemTime>, u64)>;

fn fingerprint(path: &Path) -> Fingerprint {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let ino = 0;
    Some((meta.len(), meta.modified().ok(), ino))
}

impl Live {
    pub fn new(path: &Path, lang: Lang, editor: Option<editor::Editor>) -> Live {
        Live {
            path: path.to_path_buf(),
            name: crate::commands::display_name(path),
            lang,
            editor,
            view: Mutex::new(View {
                version: 0,
                latest: Latest::Gone,
                good: None,
                docs: HashMap::new(),
            }),
            changed: Condvar::new(),
        }
    }

    pub fn view(&self) -> MutexGuard<'_, View> {
        // A panic while the lock was held leaves the view as it was before; keep serving it.
        self.view.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads and compiles the file once, and wakes the pages.
    pub fn reload(&self) {
        let latest = match input::read_spec(&self.path) {
            Ok(bytes) => {
                let compiled = order_fsm_core::compile_bytes(&self.name, &bytes);
                if compiled.has_errors() || compiled.spec.is_none() {
                    Latest::Errors(Arc::new(compiled))
                } else {
                    let mut view = self.view();
                    view.good = Some(Arc::new(compiled));
                    view.docs.clear();
                    drop(view);
                    Latest::Good
                }
            }
            Err(_) if std::fs::symlink_metadata(&self.path).is_err() => Latest::Gone,
            Err(e) => Latest::Unreadable(e.text()),
        };
        let mut view = self.view();
        view.latest = latest;
        view.version += 1;
        drop(view);
        self.changed.notify_all();
    }

    /// Looks at the file every [`POLL`], for ever, and reloads it when it changed.
    fn watch(&self, mut seen: Fingerprint) {
        loop {
            std::thread::sleep(POLL);
            let mut now = fingerprint(&self.path);
            if now != seen {
                // An editor that writes in place may be half way through: wait until the
                // file holds still for one short look (at most ten), so that the page does
                // not flash the errors of half a file.
                for _ in 0..10 {
                    std::thread::sleep(SETTLE);
                    let again = fingerprint(&self.path);
                    if again == now {
                        break;
                    }
                    now = again;
                }
                seen = now;
                self.reload();
            }
        }
    }

    /// Waits until the version is not `since` any more, at most `timeout`; the version then.
    pub fn wait_change(&self, since: u64, timeout: Duration) -> u64 {
        let view = self.view();
        let (view, _) = self
            .changed
            .wait_timeout_while(view, timeout, |v| v.version == since)
            .unwrap_or_else(|e| e.into_inner());
        view.version
    }

    /// The HTML document of one machine of the last good compile, drawn once per version.
    pub fn document(&self, machine: &str) -> Option<Arc<String>> {
        let good = {
            let view = self.view();
            if let Some(d) = view.docs.get(machine) {
                return Some(Arc::clone(d));
            }
            Arc::clone(view.good.as_ref()?)
        };
        let spec = good.spec.as_ref()?;
        let m = spec.machines.iter().find(|m| m.id.text == machine)?;
        let doc = Arc::new(order_fsm_doc::html::render(spec, m, doc_lang(self.lang)));
        let mut view = self.view();
        // Store it only if the compile it was drawn from is still the good one.
        if view.good.as_ref().is_some_and(|g| Arc::ptr_eq(g, &good)) {
            view.docs.insert(machine.to_string(), Arc::clone(&doc));
        }
        Some(doc)
    }
}

pub(crate) fn doc_lang(lang: Lang) -> order_fsm_doc::Lang {
    if lang.is_zh() {
        order_fsm_doc::Lang::Zh
    } else {
        order_fsm_doc::Lang::En
    }
}
