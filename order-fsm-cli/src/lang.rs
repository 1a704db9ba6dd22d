//! Which language the command's messages are in.
//!
//! `--lang zh|en` on a command wins; without it the environment decides: `ORDER_FSM_LANG`,
//! then `LC_ALL`, `LC_MESSAGES` and `LANG` (`zh_*` gives Chinese, anything else English).
//! Documents are not messages: `doc` writes Chinese documents unless its `--lang` says
//! otherwise, whatever the locale, so the same spec gives the same files everywhere.

use order_fsm_core::msg::{self, Lang, Text};
use order_fsm_core::t;

/// `--lang`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl LangArg {
    pub fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--lang` for the messages of a command.
#[derive(Clone, Copy, Debug, Default, clap::Args)]
pub struct MessageLang {
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

impl MessageLang {
    /// The language chosen on the command line, or by the environment.
    pub fn get(self) -> Lang {
        messages(self.lang)
    }
}

/// The language the command line asks for, before it is parsed (usage errors and `--help`
/// need it too): the last `--lang zh|en` (or `--lang=…`) anywhere before a `--`, else the
/// environment's. A value `--lang` does not take is left for the parser to report, in the
/// environment's language.
pub fn from_args(args: &[std::ffi::OsString]) -> Lang {
    let mut found = None;
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    while let Some(word) = words.next() {
        let value = match word {
            Some("--") => break,
            Some("--lang") => words.next().flatten(),
            Some(w) => w.strip_prefix("--lang="),
            None => None,
        };
        match value {
            Some("zh") => found = Some(Lang::Zh),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found.unwrap_or_else(Lang::from_env)
}

/// The language of messages: `arg` when given, else the environment's.
pub fn messages(arg: Option<LangArg>) -> Lang {
    arg.map_or_else(Lang::from_env, LangArg::lang)
}

/// `error: …` on stderr, the text in `lang`. The ASCII `error:` stays in every language, as
/// in diagnostics, for scripts and editors.
pub fn error(lang: Lang, text: Text) {
    eprintln!("error: {}", text.render(lang));
}

/// `warning: …` on stderr, the text in `lang`.
pub fn warning(lang: Lang, text: Text) {
    eprintln!("warning: {}", text.render(lang));
}

/// `note: …` on stderr, the text in `lang`.
pub fn note(lang: Lang, text: Text) {
    eprintln!("note: {}", text.render(lang));
}

/// "1 file", "3 files" in either language.
pub fn files(n: usize) -> Text {
    match n {
        1 => Text::from(&msg::CLI_ONE_FILE),
        n => t!(msg::CLI_N_FILES, n = n),
    }
}
