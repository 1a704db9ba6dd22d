//! Reading spec files from disk: one folder walker and one bounded read, shared by every
//! command and by the derive.
//!
//! - [`read_spec`] reads one file and never blocks or reads without bound: it refuses
//!   folders, named pipes, devices and sockets before opening them, refuses files larger
//!   than [`MAX_FILE_BYTES`] from their size, and reads at most that many bytes plus one
//!   (a file that grows while it is read, or reports a size of zero, is still caught).
//! - [`find_specs`] turns the paths given on a command line into the spec files to read:
//!   a file is kept as given, a folder stands for every `.fsm` file below it. Symbolic links
//!   are followed, but every folder is entered once and every file is listed once, however
//!   many links lead to it, so link loops end. Entries below a folder that are not regular
//!   files are skipped; a folder or link that cannot be read is reported under its own path
//!   and the walk goes on with the rest.
//!
//! ```no_run
//! use std::path::PathBuf;
//! let found = order_fsm_core::input::find_specs(&[PathBuf::from("specs")]);
//! for problem in &found.errors {
//!     eprintln!("error: {problem}");
//! }
//! for path in &found.files {
//!     match order_fsm_core::input::read_spec(path) {
//!         Ok(bytes) => { let _ = order_fsm_core::compile_bytes(&path.display().to_string(), &bytes); }
//!         Err(e) => eprintln!("error: {e}"),
//!     }
//! }
//! ```

use std::collections::HashSet;
use std::fmt;

use crate::msg::{self, Lang, Text};
use crate::t;
use std::fs::{FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use crate::syntax::MAX_FILE_BYTES;

/// The file name extension of spec files, without the dot.
pub const SPEC_EXTENSION: &str = "fsm";

/// What a path is when it is not a regular file or a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecialKind {
    /// A named pipe: reading it waits for a writer, possibly forever.
    Fifo,
    /// A character device such as `/dev/zero`, which never ends.
    CharDevice,
    BlockDevice,
    Socket,
    /// Anything else that is neither a regular file nor a folder.
    Other,
}

impl SpecialKind {
    fn of(ft: FileType) -> SpecialKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return SpecialKind::Fifo;
            }
            if ft.is_char_device() {
                return SpecialKind::CharDevice;
            }
            if ft.is_block_device() {
                return SpecialKind::BlockDevice;
            }
            if ft.is_socket() {
                return SpecialKind::Socket;
            }
        }
        let _ = ft;
        SpecialKind::Other
    }
}

impl SpecialKind {
    /// What the path is, in words of either language.
    pub fn text(&self) -> Text {
        Text::from(match self {
            SpecialKind::Fifo => &msg::INPUT_KIND_FIFO,
            SpecialKind::CharDevice => &msg::INPUT_KIND_CHAR_DEVICE,
            SpecialKind::BlockDevice => &msg::INPUT_KIND_BLOCK_DEVICE,
            SpecialKind::Socket => &msg::INPUT_KIND_SOCKET,
            SpecialKind::Other => &msg::INPUT_KIND_OTHER,
        })
    }
}

impl fmt::Display for SpecialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

/// Why a path given or found could not be read.
#[derive(Debug)]
pub enum InputErrorKind {
    /// A file was needed and the path is a folder.
    IsAFolder,
    /// The path is a pipe, a device or a socket.
    Special(SpecialKind),
    /// The file is larger than the limit: `size` is its size, or `None` when the file said
    /// it was smaller and reading it found more (a growing file, or one in `/proc`).
    TooLarge { size: Option<u64>, limit: u64 },
    /// A folder holds no `.fsm` file.
    NoSpecs,
    /// A folder could not be listed.
    FolderUnreadable(std::io::Error),
    /// A failure of the operating system: nothing at the path, a permission, a link loop.
    Io(std::io::Error),
}

/// A path that could not be read, and why. `Display` gives a whole message in the house
/// style (lowercase, the path in backticks, what to do where there is something to do).
#[derive(Debug)]
pub struct InputError {
    pub path: PathBuf,
    pub kind: InputErrorKind,
}

impl InputError {
    fn new(path: &Path, kind: InputErrorKind) -> Self {
        InputError {
            path: path.to_path_buf(),
            kind,
        }
    }
}

/// A size in the unit a person reads: bytes, KiB, MiB or GiB.
fn human_size(bytes: u64) -> String {
    const K: u64 = 1024;
    let (unit, name) = match bytes {
        b if b >= K * K * K => (K * K * K, "GiB"),
        b if b >= K * K => (K * K, "MiB"),
        b if b >= K => (K, "KiB"),
        _ => return format!("{bytes} bytes"),
    };
    if bytes % unit == 0 {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

fn too_large(size: Option<u64>, limit: u64) -> Text {
    t!(
        msg::INPUT_TOO_LARGE,
        size = match size {
            Some(s) => Text::Lit(human_size(s)),
            None => t!(msg::INPUT_MORE_THAN, size = human_size(limit)),
        },
        limit = human_size(limit)
    )
}

/// What the operating system said, in words of either language for the failures people
/// meet (nothing there, no permission); the system's own words otherwise.
fn io_text(e: &std::io::Error) -> Text {
    match e.kind() {
        std::io::ErrorKind::NotFound => Text::from(&msg::INPUT_NOT_THERE),
        std::io::ErrorKind::PermissionDenied => Text::from(&msg::INPUT_PERMISSION),
        _ => Text::Lit(e.to_string()),
    }
}

impl InputError {
    /// The whole message, in either language.
    pub fn text(&self) -> Text {
        let p = Text::code(self.path.display());
        match &self.kind {
            InputErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                t!(msg::INPUT_NOT_FOUND, path = p)
            }
            InputErrorKind::IsAFolder => t!(msg::INPUT_IS_FOLDER, path = p),
            InputErrorKind::Special(k) => t!(
                msg::INPUT_SPECIAL,
                path = p,
                kind = k.text(),
                ext = SPEC_EXTENSION
            ),
            InputErrorKind::TooLarge { size, limit } => {
                t!(msg::INPUT_IS, path = p, what = too_large(*size, *limit))
            }
            InputErrorKind::NoSpecs => t!(msg::INPUT_NO_SPECS, path = p, ext = SPEC_EXTENSION),
            InputErrorKind::FolderUnreadable(e) => {
                t!(msg::INPUT_FOLDER_UNREADABLE, path = p, why = io_text(e))
            }
            InputErrorKind::Io(e) => t!(msg::INPUT_UNREADABLE, path = p, why = io_text(e)),
        }
    }

    /// Why, without the path, in either language: for messages that name the path their own
    /// way.
    pub fn reason_text(&self) -> Text {
        match &self.kind {
            InputErrorKind::IsAFolder => Text::from(&msg::INPUT_REASON_FOLDER),
            InputErrorKind::Special(k) => t!(msg::INPUT_REASON_SPECIAL, kind = k.text()),
            InputErrorKind::TooLarge { size, limit } => too_large(*size, *limit),
            InputErrorKind::NoSpecs => t!(msg::INPUT_REASON_NO_SPECS, ext = SPEC_EXTENSION),
            InputErrorKind::FolderUnreadable(e) | InputErrorKind::Io(e) => io_text(e),
        }
    }

    /// [`InputError::reason_text`] in English.
    pub fn reason(&self) -> String {
        self.reason_text().render(Lang::En)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().render(Lang::En))
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            InputErrorKind::FolderUnreadable(e) | InputErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> InputError {
    InputError::new(path, InputErrorKind::Io(e))
}

/// Reads one spec file, at most [`MAX_FILE_BYTES`] bytes. See the module documentation.
pub fn read_spec(path: &Path) -> Result<Vec<u8>, InputError> {
    read_bounded(path, MAX_FILE_BYTES as u64)
}

/// Reads a regular file of at most `limit` bytes, never more than `limit + 1` bytes from
/// it, and never opening anything that is not a regular file (opening a named pipe blocks).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    check_regular(path, &meta, limit)?;
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    // The path may have changed between the two looks; trust only the open file.
    let meta = file.metadata().map_err(|e| io_error(path, e))?;
    check_regular(path, &meta, limit)?;
    let capacity = meta.len().min(limit) as usize + 1;
    read_stream(path, file, limit, capacity)
}

/// Reads one spec from a stream that has no size to look at first (standard input, the
/// output of `git show`), with the limit and the messages of [`read_spec`]: at most
/// [`MAX_FILE_BYTES`] + 1 bytes are read, so an endless stream ends the read too. `name` is
/// what messages call the stream (`<stdin>`, `main:specs/order.fsm`). The bytes are returned
/// as read: UTF-16 and UTF-32 text and byte order marks are handled where file contents are,
/// by [`crate::compile_bytes`] and [`crate::syntax::check_bytes`].
pub fn read_spec_from(name: &Path, reader: impl Read) -> Result<Vec<u8>, InputError> {
    read_bounded_from(name, reader, MAX_FILE_BYTES as u64)
}

/// [`read_spec_from`] with another limit: at most `limit` bytes, never more than `limit + 1`
/// read from the stream.
pub fn read_bounded_from(
    name: &Path,
    reader: impl Read,
    limit: u64,
) -> Result<Vec<u8>, InputError> {
    read_stream(name, reader, limit, 8 * 1024)
}

fn read_stream(
    path: &Path,
    reader: impl Read,
    limit: u64,
    capacity: usize,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(InputError::new(
            path,
            InputErrorKind::TooLarge { size: None, limit },
        ));
    }
    Ok(bytes)
}

fn check_regular(path: &Path, meta: &Metadata, limit: u64) -> Result<(), InputError> {
    if meta.is_dir() {
        return Err(InputError::new(path, InputErrorKind::IsAFolder));
    }
    if !meta.is_file() {
        return Err(InputError::new(
            path,
            InputErrorKind::Special(SpecialKind::of(meta.file_type())),
        ));
    }
    if meta.len() > limit {
        return Err(InputError::new(
            path,
            InputErrorKind::TooLarge {
                size: Some(meta.len()),
                limit,
            },
        ));
    }
    Ok(())
}

/// What [`find_specs`] found.
#[derive(Debug, Default)]
pub struct Found {
    /// The spec files to read, each once, in the order the paths were given: a file given
    /// as itself, a folder as its `.fsm` files sorted by path.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read; the rest of the walk went on without them.
    pub errors: Vec<InputError>,
    /// `.fsm` entries inside folders that are not regular files (pipes, devices, sockets);
    /// they were not opened.
    pub skipped: Vec<(PathBuf, SpecialKind)>,
}

impl Found {
    /// True when there is nothing wrong to report.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

fn is_spec_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == SPEC_EXTENSION)
}

/// The identity of a file or folder, whatever path leads to it.
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Expands the paths given on a command line into the spec files to read.
///
/// A path naming a file is kept as given, whatever its extension, unless it is a pipe, a
/// device or a socket (an error, since opening it could block or never end). A path naming a
/// folder stands for every `.fsm` file below it, following links; a folder with none is an
/// error. A file reached twice (given twice, or through links) is listed once, under the
/// first path that reached it.
pub fn find_specs(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    let mut seen_dirs: HashSet<PathBuf> = HashSet::new();
    let mut add = |found: &mut Found, path: PathBuf| {
        // A file whose identity cannot be found is listed; reading it reports the problem.
        let keep = match identity(&path) {
            Some(id) => seen_files.insert(id),
            None => true,
        };
        if keep {
            found.files.push(path);
        }
    };
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                found.errors.push(io_error(root, e));
                continue;
            }
        };
        if meta.is_file() {
            add(&mut found, root.clone());
            continue;
        }
        if !meta.is_dir() {
            found.errors.push(InputError::new(
                root,
                InputErrorKind::Special(SpecialKind::of(meta.file_type())),
            ));
            continue;
        }
        if identity(root).is_some_and(|id| seen_dirs.contains(&id)) {
            // Walked already, as this folder or inside another one given.
            continue;
        }
        let mut below = Vec::new();
        walk(root, &mut seen_dirs, &mut below, &mut found);
        if below.is_empty() && !found.errors.iter().any(|e| e.path.starts_with(root)) {
            found
                .errors
                .push(InputError::new(root, InputErrorKind::NoSpecs));
        }
        below.sort();
        for p in below {
            add(&mut found, p);
        }
    }
    found
}

/// Lists the `.fsm` files below `root` into `out`, entering each folder once.
fn walk(root: &Path, seen_dirs: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>, found: &mut Found) {
    let mut it = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // A link back to a folder being walked: its files are listed already.
                if e.loop_ancestor().is_some() {
                    continue;
                }
                let path = e.path().unwrap_or(root).to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be walked"));
                if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                    found
                        .errors
                        .push(InputError::new(&path, InputErrorKind::FolderUnreadable(io)));
                } else if is_spec_name(&path) {
                    // A broken link or a link loop named like a spec.
                    found.errors.push(io_error(&path, io));
                }
                // Anything else that cannot be looked at is not a spec: leave it.
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            let fresh = identity(entry.path()).is_none_or(|id| seen_dirs.insert(id));
            if !fresh {
                it.skip_current_dir();
            }
            continue;
        }
        if !is_spec_name(entry.path()) {
            continue;
        }
        if ft.is_file() {
            out.push(entry.into_path());
        } else {
            found.skipped.push((entry.into_path(), SpecialKind::of(ft)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("order-fsm-input-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    #[test]
    fn a_file_over_the_limit_is_refused_from_its_size() {
        let dir = scratch("limit");
        let p = dir.join("a.fsm");
        std::fs::write(&p, "0123456789").expect("write");
        assert_eq!(read_bounded(&p, 10).expect("fits"), b"0123456789");
        let e = read_bounded(&p, 9).expect_err("too large");
        assert!(
            matches!(
                e.kind,
                InputErrorKind::TooLarge {
                    size: Some(10),
                    limit: 9
                }
            ),
            "{e:?}"
        );
        let e = read_bounded(&dir, 9).expect_err("a folder");
        assert!(matches!(e.kind, InputErrorKind::IsAFolder), "{e:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Files in /proc say they are empty and are not: only the bounded read catches them.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_hides_its_size_is_still_read_only_to_the_limit() {
        let p = Path::new("/proc/self/status");
        let Ok(meta) = std::fs::metadata(p) else {
            return;
        };
        assert_eq!(meta.len(), 0, "the premise: /proc reports no size");
        let e = read_bounded(p, 16).expect_err("more than 16 bytes");
        assert!(
            matches!(
                e.kind,
                InputErrorKind::TooLarge {
                    size: None,
                    limit: 16
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("(more than 16 bytes)"), "{e}");
    }

    /// Counts the bytes taken from an endless stream.
    struct Endless<'a>(&'a mut u64);

    impl Read for Endless<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(b'a');
            *self.0 += buf.len() as u64;
            Ok(buf.len())
        }
    }

    #[test]
    fn a_stream_is_read_to_its_limit_and_no_further() {
        let name = Path::new("<stdin>");
        assert_eq!(
            read_bounded_from(name, &b"0123456789"[..], 10).expect("fits"),
            b"0123456789"
        );
        let mut taken = 0;
        let e = read_bounded_from(name, Endless(&mut taken), 1000).expect_err("endless");
        assert_eq!(taken, 1001, "read exactly limit + 1 bytes");
        assert!(
            matches!(
                e.kind,
                InputErrorKind::TooLarge {
                    size: None,
                    limit: 1000
                }
            ),
            "{e:?}"
        );
        // The same words as a file found too large while reading it.
        assert_eq!(
            e.to_string(),
            "`<stdin>` is too large to be a spec (more than 1000 bytes); spec files are limited to 1000 bytes"
        );
        assert_eq!(e.reason(), too_large(None, 1000).render(Lang::En));
    }

    #[test]
    fn a_stream_of_utf16_text_is_returned_as_read_for_the_shared_decoding() {
        // "machine M {}" in UTF-16 with its byte order mark: the bytes a file would give.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "machine M {}\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let bytes = read_spec_from(Path::new("<stdin>"), &utf16[..]).expect("fits");
        assert_eq!(bytes, utf16);
        let from_file = {
            let dir = scratch("utf16");
            let p = dir.join("a.fsm");
            std::fs::write(&p, &utf16).expect("write");
            let b = read_spec(&p).expect("fits");
            let _ = std::fs::remove_dir_all(&dir);
            b
        };
        let (a, b) = (
            crate::compile_bytes("a.fsm", &bytes),
            crate::compile_bytes("a.fsm", &from_file),
        );
        assert_eq!(a.render(), b.render());
    }

    #[test]
    fn folders_list_their_specs_sorted_once_each() {
        let dir = scratch("walk");
        for f in ["b.fsm", "a/z.fsm", "a.fsm", "notes.txt", "a/deeper/y.fsm"] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("folder");
            std::fs::write(&p, "").expect("write");
        }
        std::fs::create_dir_all(dir.join("empty")).expect("folder");
        let found = find_specs(&[dir.clone(), dir.join("a"), dir.join("b.fsm")]);
        let names: Vec<String> = found
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(&dir)
                    .expect("below")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        // Sorted by path components, as before: a folder `a` before a file `a.fsm`.
        assert_eq!(names, ["a/deeper/y.fsm", "a/z.fsm", "a.fsm", "b.fsm"]);
        assert!(found.is_clean(), "{:?}", found.errors);
        let found = find_specs(&[dir.join("empty"), dir.join("missing.fsm")]);
        let messages: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("no .fsm files in `"),
            "{messages:?}"
        );
        assert!(
            messages[1].ends_with("missing.fsm`: no such file or folder"),
            "{messages:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn sizes_read_like_a_person_would_say_them() {
        assert_eq!(human_size(12), "12 bytes");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024), "3 GiB");
        assert_eq!(human_size(64 * 1024 * 1024 + 1), "64.0 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
    }
}
