//! Which command opens the spec at a line.
//!
//! `--editor` wins: a command with `{file}` and `{line}` in it has them replaced
//! (`--editor "subl {file}:{line}"`); a command without them is read as `$EDITOR` is. Then
//! `$VISUAL`, then `$EDITOR`: VS Code and its kin (`code`, `code-insiders`, `codium`) get
//! `--goto FILE:LINE`, every other editor `+LINE FILE`, the form vi, Vim, Neovim, Emacs,
//! nano, micro and Helix take. Words are split at spaces; the file's path is always one
//! word, whatever it holds, and the command is started directly, never through a shell.

use std::path::Path;
use std::process::{Command, Stdio};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    words: Vec<String>,
}

impl Editor {
    /// The editor `--editor` names, else `$VISUAL` or `$EDITOR`; `None` when none is set.
    pub fn choose(flag: Option<&str>) -> Option<Editor> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let chosen = flag
            .map(str::to_string)
            .or_else(|| var("VISUAL"))
            .or_else(|| var("EDITOR"))?;
        Editor::parse(&chosen)
    }

    pub fn parse(command: &str) -> Option<Editor> {
        let words: Vec<String> = command.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            None
        } else {
            Some(Editor { words })
        }
    }

    /// The program and its arguments that open `file` at `line` (1-based).
    pub fn command_line(&self, file: &Path, line: usize) -> Vec<String> {
        let file = file.to_string_lossy();
        if self.words.iter().any(|w| w.contains("{file}")) {
            return self
                .words
                .iter()
                .map(|w| {
                    w.replace("{file}", &file)
                        .replace("{line}", &line.to_string())
                })
                .collect();
        }
        let mut out = self.words.clone();
        let program = Path::new(&self.words[0])
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if matches!(program.as_str(), "code" | "code-insiders" | "codium") {
            out.push("--goto".to_string());
            out.push(format!("{file}:{line}"));
        } else {
            out.push(format!("+{line}"));
            out.push(file.into_owned());
        }
        out
    }

    /// Starts the editor on `file` at `line`, without waiting for it.
    pub fn open(&self, file: &Path, line: usize) -> std::io::Result<()> {
        let words = self.command_line(file, line);
        Command::new(&words[0])
            .args(&words[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_the_line() {
        let f = Path::new("specs/my order.fsm");
        let vim = Editor::parse("vim").unwrap();
        assert_eq!(vim.command_line(f, 7), ["vim", "+7", "specs/my order.fsm"]);
        let code = Editor::parse("/usr/bin/code --wait").unwrap();
        assert_eq!(
            code.command_line(f, 7),
            ["/usr/bin/code", "--wait", "--goto", "specs/my order.fsm:7"]
        );
        let subl = Editor::parse("subl {file}:{line}").unwrap();
        assert_eq!(subl.command_line(f, 12), ["subl", "specs/my order.fsm:12"]);
        assert_eq!(Editor::parse("  "), None);
    }
}
