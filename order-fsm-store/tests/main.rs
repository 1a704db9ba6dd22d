//! The integration tests of `order-fsm-store`, one binary: each module is one former test file.

mod bad_rows;
mod basic;
mod common;
mod concurrency;
mod faults;
mod property;
mod readme;
mod replay;
mod requests;
mod spec_change;
mod stays;
mod timer_failures;
