//! Documents and diagrams for order-fsm specs.
//!
//! Everything here reads a resolved [`Spec`] / [`Machine`] from `order-fsm-core` and returns
//! a `String`. Nothing touches the file system, starts a program or reads the clock, so the
//! same spec always gives byte-identical output.
//!
//! ```
//! use order_fsm_doc::{render, Format, Lang};
//! let out = order_fsm_core::compile("order.fsm", r#"
//! machine Order "订单" {
//!   state Created "待付款" initial
//!   state Paid "已付款" final
//!   event Pay "付款"
//!   Created -> Paid on Pay
//! }
//! "#);
//! let spec = out.spec.as_ref().expect("parsed");
//! let md = render(spec, &spec.machines[0], Format::Md, Lang::Zh);
//! assert!(md.contains("状态流转表"));
//! ```
//!
//! # Formats
//!
//! | [`Format`] | file | what it is |
//! |---|---|---|
//! | `Md` | `.md` | the PRD document: states, 状态码映射表, events, 状态流转表, matrix, timeouts, scenarios, 业务规则, Mermaid |
//! | `Mermaid` | `.mmd` | a `flowchart`: a start marker, a double circle per final state, dashed timeout links (see [`mermaid`]) |
//! | `Dot` | `.dot` | Graphviz, with a CJK-capable font named |
//! | `Plantuml` | `.puml` | PlantUML state diagram |
//! | `Svg` | `.svg` | drawn here with the layered layout of [`layout`], no external program |
//! | `Html` | `.html` | one self-contained page: diagram, tables, scenarios and 业务规则, states highlight on hover |
//! | `Json` | `.json` | the friendly export described below |
//! | `Csv` | `.csv` | the 状态流转表 for spreadsheets (and [`csv::render_codes`], the 状态码映射表, when the spec lists other systems' codes) |
//!
//! Diagram formats cannot carry every character in a label as it is. In Mermaid, characters
//! the grammar or a label's HTML gives a meaning to (`"` `#` `&` `<` `>` `` ` `` `|` `%` `:`)
//! are written as Mermaid entity codes (`#35;`), which Mermaid draws as the character itself;
//! in PlantUML, `"` is replaced by its full-width look-alike, so the text still reads the same.
//!
//! # CSV
//!
//! The CSV holds the 状态流转表, one row per transition line in spec order, quoted by
//! RFC 4180 (fields with `,` `"` or line breaks are quoted, quotes doubled) with CRLF line
//! ends. It starts with a UTF-8 byte order mark: without it Excel opens the file in the local
//! code page and Chinese labels turn into mojibake, and the tools that do not need it (Python's
//! `utf-8-sig`, LibreOffice, pandas) skip it. Columns carry labels and ids side by side so a
//! sheet can be filtered by either. A cell that a spreadsheet would take for a formula (it
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a whole decimal
//! integer) is written as `'` and the cell, quoted, so that opening the file runs nothing;
//! the JSON export keeps the raw text.
//!
//! # JSON export
//!
//! [`Format::Json`] writes one object per machine. Items refer to each other by id, never by
//! index, and every label falls back to the id, so a consumer needs no lookups:
//!
//! ```text
//! {
//!   "format": "order-fsm-doc/1",          // bumped when a field changes meaning
//!   "file": "order.fsm",
//!   "machine": { "id": "Order", "label": "订单", "doc": "…" | null },
//!   "initial": "Created" | null,
//!   "code_systems": [ { "id": "legacy", "label": "旧订单系统", "doc" } ],  // absent when none
//!   "states": [ { "id", "label", "doc", "initial": bool, "final": bool,
//!                 "codes": [10, "WAIT_PAY"],             // the main system
//!                 "system_codes": { "legacy": { "codes": [5], "shared": true } } } ],
//!                 // by system id; a system the state has no code in is absent, one it
//!                 // has none in on purpose (`customs none`) is { "codes": [], "shared": false, "none": true }
//!   "events": [ { "id", "label", "doc", "roles": ["buyer"],      // [] = any role
//!                 "payload": [ { "name", "type", "doc" } ] } ],
//!   "roles":   [ { "id", "label", "doc" } ],
//!   "guards":  [ { "id", "description", "doc" } ],
//!   "actions": [ { "id", "description", "doc" } ],
//!   "transitions": [ {                     // spec order, one per transition line
//!       "line": 0,                         // position among the machine's transition lines
//!       "from": ["Created"], "from_any": false, "to": "Paid",
//!       "event": "Pay" | null,
//!       "timeout": { "seconds": 1800, "written": "30m", "label": "…" | null } | null,
//!       "roles": ["buyer"],                // effective roles: the line's, else the event's
//!       "guard": { "id", "description" } | null,   // description: the line's, else the guard's
//!       "actions": ["reserve_stock"], "note": "…" | null, "doc": "…" | null } ],
//!   "notes": ["…"],
//!   "scenarios": [ { "name", "doc", "from": "Created",
//!       "steps": [ { "event": "Pay" | null, "actor": "buyer" | null,
//!                    "guards": { "payment_verified": false },
//!                    "wait": { "seconds", "written" } | null,
//!                    "expect": { "state": "Paid" } | "rejected" | null } ] } ],
//!   "rules": [ { "name", "doc", "kind": "never" | "only_via" | "always",
//!       "from": "Shipped" | null, "targets": ["Cancelled"], "via": [],
//!       "text": "从「待收货」（Shipped）出发，永远不会到达「交易关闭」（Cancelled）",
//!       "holds": true } ]                  // a document is only made when every rule holds
//! }
//! ```
//!
//! The resolved model itself, indices and spans included, is available through
//! [`model_json`].

use order_fsm_core::model::{Machine, Spec};

mod common;
pub mod csv;
pub mod dot;
pub mod html;
pub mod json;
pub mod layout;
pub mod md;
pub mod mermaid;
pub mod plantuml;
pub mod review;
pub mod svg;

pub use order_fsm_table::md::transition_table_md;

pub use order_fsm_table::Lang;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Md,
    Mermaid,
    Dot,
    Plantuml,
    Svg,
    Html,
    Json,
    Csv,
}

impl Format {
    /// Every format, in the order documents are listed.
    pub const ALL: [Format; 8] = [
        Format::Md,
        Format::Mermaid,
        Format::Dot,
        Format::Plantuml,
        Format::Svg,
        Format::Html,
        Format::Json,
        Format::Csv,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Plantuml => "plantuml",
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Mermaid => "mmd",
            Format::Dot => "dot",
            Format::Plantuml => "puml",
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// Parses a command-line name (`md`, `mermaid`, …; `mmd` and `puml` accepted too).
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Format::Md,
            "mermaid" | "mmd" => Format::Mermaid,
            "dot" | "graphviz" => Format::Dot,
            "plantuml" | "puml" => Format::Plantuml,
            "svg" => Format::Svg,
            "html" => Format::Html,
            "json" => Format::Json,
            "csv" => Format::Csv,
            _ => return None,
        })
    }
}

/// Renders one machine of a spec in one format.
pub fn render(spec: &Spec, machine: &Machine, format: Format, lang: Lang) -> String {
    match format {
        Format::Md => md::render(spec, machine, lang),
        Format::Mermaid => mermaid::render(machine, lang),
        Format::Dot => dot::render(machine, lang),
        Format::Plantuml => plantuml::render(machine, lang),
        Format::Svg => svg::render(machine, lang),
        Format::Html => html::render(spec, machine, lang),
        Format::Json => json::render(spec, machine),
        Format::Csv => csv::render(machine, lang),
    }
}

/// The file name a document of `machine` gets: `order.Order.md` for spec file `order.fsm`.
/// It stays within [`MAX_FILE_NAME_BYTES`] (see [`fit_file_name`]).
pub fn file_name(spec_stem: &str, machine: &Machine, format: Format) -> String {
    fit_file_name(
        &format!("{spec_stem}.{}", machine.id.text),
        format.extension(),
    )
}

/// The longest file name most file systems accept, in bytes.
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// `{base}.{extension}`, or, when that is longer than [`MAX_FILE_NAME_BYTES`], `base` cut
/// at a character boundary and followed by `~` and 16 hex digits of the SHA-256 of the whole
/// name, so that two long names that share their beginning still get two files, and the
/// same name always gets the same file.
pub fn fit_file_name(base: &str, extension: &str) -> String {
    use sha2::{Digest, Sha256};
    let whole = format!("{base}.{extension}");
    if whole.len() <= MAX_FILE_NAME_BYTES {
        return whole;
    }
    let digest = Sha256::digest(whole.as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let room = MAX_FILE_NAME_BYTES.saturating_sub(extension.len() + 1 + hash.len() + 1);
    let mut cut = room.min(base.len());
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}~{hash}.{extension}", &base[..cut])
}

/// The resolved model as written by serde (indices and byte spans included), pretty-printed.
pub fn model_json(spec: &Spec) -> String {
    let mut s = serde_json::to_string_pretty(spec).unwrap_or_default();
    s.push('\n');
    s
}
