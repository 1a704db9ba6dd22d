//! The integration tests of `order-fsm-cli`, one binary: each module is one former test file.

mod check_rules;
mod cli;
mod codes;
mod command_line;
mod common;
mod diff;
mod doc_files;
mod explain;
mod fmt;
mod hooks;
mod inputs;
mod preview;
mod printed_scenarios;
mod reference_transcripts;
mod simulate;
mod warning_levels;
