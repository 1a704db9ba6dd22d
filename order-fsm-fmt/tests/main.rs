//! The integration tests of `order-fsm-fmt`, one binary: each module is one former test file.

mod fmt;
