//! The integration tests of `order-fsm-codegen`, one binary: each module is one former test file.

mod derive;
mod pack_roundtrip;
mod snapshots;
