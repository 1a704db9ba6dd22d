//! The message catalogue of order-fsm: every sentence a person reads from the checker, the
//! command, the runtime and the store, in English and in Chinese.
//!
//! Each entry is a Rust constant made by `catalogue!` with both languages as required
//! fields, so a message cannot be written in one language only (the macro does not accept an
//! entry without `zh` or without `en`), and a typo in its name is a compile error, not a
//! missing text at run time. Placeholders are named (`{state}`); a test checks that the two
//! languages of an entry use the same ones, and that every diagnostic code has entries. We
//! chose this over `rust-i18n` (a missing key prints the key itself at run time) and Fluent
//! files via `fluent-templates` (keys and arguments are strings checked only when a message
//! is looked up): here the compiler and the test suite find what a translator forgot.
//!
//! A text is kept as a [`Text`] tree (a message and its arguments, which may be messages
//! themselves) and put into words only when shown, in the language asked for:
//!
//! ```
//! use order_fsm_msg::{t, Lang, Text, REJECT_FINAL};
//! let why = t!(REJECT_FINAL, state = Text::Lit("交易成功 (Completed)".into()));
//! assert_eq!(
//!     why.render(Lang::En),
//!     "交易成功 (Completed) is a final state: nothing can happen to it any more"
//! );
//! assert!(why.render(Lang::Zh).starts_with("交易成功 (Completed) 是终态"));
//! ```
//!
//! The crate has no dependencies (serde only for [`Lang`], behind the `serde` feature), so
//! the runtime links it without the checker, and each user links only the entries it
//! names: an entry is a `const`, and only the [`ALL`] list holds them all.

#![forbid(unsafe_code)]

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh`, `zh_CN.UTF-8`, `zh-Hans` give Chinese; `en`, `C`, `POSIX`, `en_US.UTF-8` English;
    /// `None` for an empty value (not set).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim();
        if t.is_empty() {
            return None;
        }
        let lower = t.to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh_") || lower.starts_with("zh-") {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }

    /// The language of messages from the environment: `ORDER_FSM_LANG`, then `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` (the first one set and not empty); English when none is.
    pub fn from_env() -> Lang {
        Self::from_vars(|k| std::env::var(k).ok())
    }

    /// [`Lang::from_env`] over any lookup (for tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["ORDER_FSM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| get(k).and_then(|v| Lang::from_tag(&v)))
            .unwrap_or(Lang::En)
    }

    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
}

/// One entry of the catalogue: a sentence in both languages, for one code (`""` for pieces
/// shared by several codes).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Msg {
    pub name: &'static str,
    pub code: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Msg {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// The named placeholders of one language's text (`{name}`, a name of lowercase ASCII
    /// letters and `_`), sorted, each once. Other braces are text (`{ … }`).
    pub fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut rest = text;
        while let Some((before, key, after)) = next_placeholder(rest) {
            let _ = before;
            out.push(key);
            rest = after;
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The text before the next `{name}`, the name, and the text after it.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(i) = text[from..].find('{').map(|i| i + from) {
        let after = &text[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            return Some((&text[..i], &after[..len], &after[len + 1..]));
        }
        from = i + 1;
    }
    None
}

/// A text to show: words from the catalogue with their arguments, or verbatim text (names,
/// numbers, labels from the spec).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// Shown as is in every language.
    Lit(String),
    /// A catalogue entry and its arguments.
    Msg(&'static Msg, Vec<(&'static str, Text)>),
    /// Several texts one after the other.
    Seq(Vec<Text>),
    /// `a, b, c` / `a、b、c`.
    Join(Vec<Text>),
    /// `a, b and c` / `a、b和c`.
    List(Vec<Text>),
    /// `a, b or c` / `a、b 或 c`.
    OrList(Vec<Text>),
}

impl Default for Text {
    fn default() -> Self {
        Text::Lit(String::new())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::Lit(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Lit(s.to_string())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::Lit(s.clone())
    }
}

impl From<usize> for Text {
    fn from(n: usize) -> Self {
        Text::Lit(n.to_string())
    }
}

impl From<&'static Msg> for Text {
    fn from(m: &'static Msg) -> Self {
        Text::Msg(m, Vec::new())
    }
}

impl Text {
    /// `` `id` ``: a name from the spec, in code quotes.
    pub fn code(id: impl std::fmt::Display) -> Text {
        Text::Lit(format!("`{id}`"))
    }

    /// Put into words in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write(lang, &mut out);
        out
    }

    fn write(&self, lang: Lang, out: &mut String) {
        match self {
            Text::Lit(s) => out.push_str(s),
            Text::Seq(parts) => parts.iter().for_each(|p| p.write(lang, out)),
            Text::Join(items) | Text::List(items) | Text::OrList(items) => {
                let or = matches!(self, Text::OrList(_));
                let (sep, last) = match (lang, or) {
                    _ if matches!(self, Text::Join(_)) && lang == Lang::En => (", ", ", "),
                    _ if matches!(self, Text::Join(_)) => ("、", "、"),
                    (Lang::En, false) => (", ", " and "),
                    (Lang::En, true) => (", ", " or "),
                    (Lang::Zh, false) => ("、", "和"),
                    (Lang::Zh, true) => ("、", "或"),
                };
                let parts: Vec<String> = items.iter().map(|t| t.render(lang)).collect();
                for (i, item) in parts.iter().enumerate() {
                    if i > 0 {
                        let word = if i + 1 == parts.len() { last } else { sep };
                        push(lang, out, word);
                    }
                    push(lang, out, item);
                }
            }
            Text::Msg(m, args) => {
                let mut rest = m.text(lang);
                while let Some((before, key, after)) = next_placeholder(rest) {
                    push(lang, out, before);
                    match args.iter().find(|(k, _)| *k == key) {
                        Some((_, v)) => push(lang, out, &v.render(lang)),
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                    rest = after;
                }
                push(lang, out, rest);
            }
        }
    }

    /// Whether every word of this text comes from the catalogue: true for a message (its
    /// arguments may be verbatim names), a sequence or list of such texts, and the empty text.
    pub fn is_catalogued(&self) -> bool {
        match self {
            Text::Lit(s) => s.is_empty(),
            Text::Msg(..) => true,
            Text::Seq(p) => p.iter().all(|t| t.is_catalogued() || is_punct(t)),
            Text::Join(p) | Text::List(p) | Text::OrList(p) => p.iter().all(Text::is_catalogued),
        }
    }
}

/// Append `s`; in Chinese with a space where Chinese meets code or a Latin word (the
/// usual spacing of Chinese text with English in it), so that messages need not say where.
fn push(lang: Lang, out: &mut String, s: &str) {
    if lang == Lang::Zh {
        if let (Some(a), Some(b)) = (out.chars().last(), s.chars().next()) {
            if (cjk(a) && latin(b)) || (latin(a) && cjk(b)) {
                out.push(' ');
            }
        }
    }
    out.push_str(s);
}

/// Code or a Latin word or number.
fn latin(c: char) -> bool {
    c == '`' || c.is_ascii_alphanumeric()
}

/// A Chinese character (not punctuation: no space goes next to `，` or `（`).
fn cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_punct(t: &Text) -> bool {
    matches!(t, Text::Lit(s) if s.chars().all(|c| !c.is_alphabetic()))
}

/// A catalogue entry, named directly or through a reference (for [`t!`]).
pub trait MsgRef {
    fn msg(self) -> &'static Msg;
}

impl MsgRef for &'static Msg {
    fn msg(self) -> &'static Msg {
        self
    }
}

impl MsgRef for &&'static Msg {
    fn msg(self) -> &'static Msg {
        self
    }
}

/// A catalogue message with named arguments: `t!(msg::E0002_MESSAGE, name = Text::code(x))`.
#[macro_export]
macro_rules! t {
    ($m:expr $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::Text::Msg($crate::MsgRef::msg(&$m), ::std::vec![$((::core::stringify!($k), $crate::Text::from($v))),*])
    };
}

macro_rules! catalogue {
    ($( $name:ident [$code:expr] { en: $en:literal, zh: $zh:literal $(,)? } )*) => {
        $(
            pub const $name: Msg = Msg { name: stringify!($name), code: $code, en: $en, zh: $zh };
        )*
        /// Every entry, in the order written.
        pub static ALL: &[&Msg] = &[$(&$name),*];
    };
}

pub use entries::*;

/// The entries, grouped by code.
#[rustfmt::skip]
mod entries {
    use super::Msg;
    include!("entries.rs");
}

/// Format seconds the way a spec writes them: `30m`, `1d12h`, `0s`. Every message that
/// names a delay (the checker's, the runtime's, `diff`'s) writes it this way.
pub fn format_seconds(mut s: u64) -> String {
    if s == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    for (unit, len) in [('d', 86_400), ('h', 3600), ('m', 60), ('s', 1)] {
        if s >= len {
            out.push_str(&format!("{}{}", s / len, unit));
            s %= len;
        }
    }
    out
}
