//! The integration tests of `order-fsm-core`, one binary: each module is one former test file.

mod catalogue;
mod causes;
mod diagnostics_pages;
mod explanations;
mod fixtures;
mod helps;
mod interpreter;
mod language_reference;
mod liveness;
mod module_graph;
mod no_panic;
mod payload_types;
mod positions;
mod prd_lines;
mod rules;
mod scenario_forms;
