//! The integration tests of `order-fsm-sql`, one binary: each module is one former test file.

mod common;
mod postgres;
mod snapshots;
mod sqlite;
