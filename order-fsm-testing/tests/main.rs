//! The integration tests of `order-fsm-testing`, one binary: checks of the workspace's own
//! pages.

mod house_map;
