//! What every end-to-end test of the `order-fsm` command needs: the built binary run in a
//! folder, its output as text, and scratch folders that clean up after themselves.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `order-fsm ARGS…` in `dir`, without colours, with `stdin` as standard input, messages in
/// English whatever the locale of the machine running the tests (a test that wants another
/// language says `--lang`). A run that hangs fails the test after a minute instead of
/// stalling the suite.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run_with_env(dir, args, stdin, &[("ORDER_FSM_LANG", Some("en"))])
}

/// As [`run_in`], with environment variables set (`Some`) or removed (`None`) instead of
/// the pinned language.
pub fn run_with_env(
    dir: &Path,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, Option<&str>)],
) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("order-fsm").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(60));
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    if let Some(s) = stdin {
        cmd.write_stdin(s.as_bytes().to_vec());
    }
    cmd.output().expect("runs")
}

/// `order-fsm ARGS…` at the workspace root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args, None)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder for one test, readable by everyone (some tests run the command as
/// `nobody`), removed when dropped, with any permissions a test took away given back first.
pub struct Scratch(PathBuf);

impl Scratch {
    /// `name` must be unique among the tests of the whole suite.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("order-fsm-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        set_mode(&dir, 0o755);
        Scratch(dir)
    }
    pub fn dir(&self) -> &Path {
        &self.0
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    /// Write a file, creating its folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&p, content).expect("write");
        p
    }
    /// `order-fsm ARGS…` in this folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.0, args, None)
    }
    /// The names in a folder, sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.path(rel))
            .map(|it| {
                it.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for entry in walk(&self.0) {
            set_mode(&entry, 0o755);
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every path below `dir` (links not followed), making each folder readable on the way.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    set_mode(dir, 0o755);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(unix)]
pub fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    if std::fs::symlink_metadata(p).is_ok_and(|m| !m.file_type().is_symlink()) {
        let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    }
}

#[cfg(not(unix))]
pub fn set_mode(_: &Path, _: u32) {}
