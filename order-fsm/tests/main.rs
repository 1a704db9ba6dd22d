//! The integration tests of `order-fsm`, one binary: each module is one former test file.

mod behaviour;
mod code_systems;
mod differential;
mod identity;
mod names;
mod plan;
mod ui;
mod variants;
