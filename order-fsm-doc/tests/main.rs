//! The integration tests of `order-fsm-doc`, one binary: each module is one former test file.

mod formats;
mod graphviz;
mod layout_props;
mod layout_specs;
mod review;
mod snapshots;
