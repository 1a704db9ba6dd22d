//! The 状态流转表 (transition table) of an order-fsm machine: the words each transition line
//! reads as and the table in Markdown, in Chinese or English.
//!
//! It is the one table that every reader of a spec sees: `order-fsm doc` puts it in the PRD
//! document (through `order-fsm-doc`, which uses these words in every format), and the derive
//! puts it in the rustdoc of the generated types. It needs only the resolved model, so the
//! derive builds no renderer.
//!
//! ```
//! use order_fsm_table::{md::transition_table_md, Lang};
//! let out = order_fsm_core::compile("order.fsm", r#"
//! machine Order "订单" {
//!   state Created "待付款" initial
//!   state Paid "已付款" final
//!   event Pay "付款"
//!   Created -> Paid on Pay
//! }
//! "#);
//! let spec = out.spec.expect("parsed");
//! let table = transition_table_md(&spec.machines[0], Lang::Zh);
//! assert!(table.starts_with("| 当前状态 |"));
//! assert!(table.contains("| 待付款 `Created` | 付款 `Pay` |"));
//! ```

pub mod md;
pub mod words;

/// The language of headings, column names and connecting words. Labels from the spec are
/// shown as written whatever the language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

/// The catalogue's language for a document's (the document's defaults to Chinese).
impl From<Lang> for order_fsm_core::msg::Lang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Zh => order_fsm_core::msg::Lang::Zh,
            Lang::En => order_fsm_core::msg::Lang::En,
        }
    }
}

impl Lang {
    /// `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses `zh` / `en` (case-insensitive; `zh-CN`, `en-US` accepted).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") || s.starts_with("zh_") {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en-") || s.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }
}
