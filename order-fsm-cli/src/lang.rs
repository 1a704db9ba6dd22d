//! Which language the command's messages are in.
//!
//! `--lang zh|en` on a command wins; without it the environment decides: `ORDER_FSM_LANG`,
//! then `LC_ALL`, `LC_MESSAGES` and `LANG` (`zh_*` gives Chinese, anything else English).
//! Documents are not messages: `doc` writes Chinese documents unless its `--lang` says
//! otherwise, whatever the locale, so the same spec gives the same files everywhere.

use order_fsm_core::msg::Lang;

/// `--lang`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
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
    /// Language of messages (diagnostics, summaries). Default: ORDER_FSM_LANG, then
    /// LC_ALL, LC_MESSAGES, LANG (zh_* gives Chinese, anything else English).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

impl MessageLang {
    /// The language chosen on the command line, or by the environment.
    pub fn get(self) -> Lang {
        messages(self.lang)
    }
}

/// The language of messages: `arg` when given, else the environment's.
pub fn messages(arg: Option<LangArg>) -> Lang {
    arg.map_or_else(Lang::from_env, LangArg::lang)
}
