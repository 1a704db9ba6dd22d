//! The integration tests of `order-fsm-diff`, one binary: each module is one former test file.

mod diff;
