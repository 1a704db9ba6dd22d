//! The transition table (状态流转表) in the rustdoc of generated types, from
//! `order-fsm-table` (the same table `order-fsm doc` writes), in the language the spec's
//! labels are written in.

use order_fsm_core::model::Machine;
use order_fsm_table::Lang;

/// Machines with more lines than this get a pointer to `order-fsm doc` instead of the table:
/// a table of thousands of rows helps nobody in rustdoc and slows the build.
pub const MAX_TABLE_LINES: usize = 300;

/// Chinese headings when any state or event label is not ASCII.
pub fn lang_of(m: &Machine) -> Lang {
    let cjk = m
        .states
        .iter()
        .filter_map(|s| s.label.as_ref())
        .chain(m.events.iter().filter_map(|e| e.label.as_ref()))
        .any(|l| !l.text.is_ascii());
    if cjk {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The section with the transition table, for a doc comment.
pub fn table_doc(m: &Machine) -> String {
    let lang = lang_of(m);
    let heading = match lang {
        Lang::Zh => "状态流转表",
        Lang::En => "Transitions",
    };
    if m.transitions.len() > MAX_TABLE_LINES {
        return format!(
            "\n# {heading}\n\n{} lines: too many to show here; `order-fsm doc` renders them.\n",
            m.transitions.len()
        );
    }
    format!(
        "\n# {heading}\n\n{}",
        order_fsm_table::md::transition_table_md(m, lang)
    )
}
