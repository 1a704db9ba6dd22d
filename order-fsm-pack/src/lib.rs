//! The packed byte format of a generated machine: one owner for the bytes that
//! `#[derive(StateMachine)]` writes and the `order-fsm` runtime reads.
//!
//! The derive's code generator (`order-fsm-codegen`) encodes a machine's metadata and
//! dispatch tables with the writers here and emits them as byte-string literals, a few
//! tokens for the compiler instead of one expression per state and line. The runtime
//! (`order-fsm`, through its `__private` module, which generated code calls) decodes them
//! with the readers here, in place or once on first use. Neither side knows the layout by
//! itself: every constant, writer and reader is in this crate, side by side.
//!
//! The crate has no dependencies and is `no_std` (it needs `alloc` for the writers and the
//! pools the metadata reader fills).
//!
//! # Metadata ([`meta`]): variable-length records
//!
//! The states and transition lines of `order_fsm::MachineInfo`, decoded once per process.
//! Two byte strings, one per kind of record, and one text they share:
//!
//! - a number is unsigned LEB128: seven bits per byte, low bits first, the high bit set on
//!   every byte but the last;
//! - a string is two numbers, its start and its length in the text, where each distinct
//!   string is written once;
//! - a list is its length, then its items;
//! - a status code is a tag ([`meta::CODE_INT`] or [`meta::CODE_STR`]), then the integer in
//!   zigzag form (small negative codes stay short) or the string;
//! - a **state** is: flags ([`meta::STATE_INITIAL`], [`meta::STATE_FINAL`],
//!   [`meta::STATE_LABEL`], [`meta::STATE_DOC`]), the id, the label if `STATE_LABEL` (else
//!   the label is the id), the doc if `STATE_DOC`, the list of codes, and the list of other
//!   systems, each as its index, `shared` (0 or 1) and its list of codes;
//! - a **line** is: flags (`LINE_*`), the list of sources, the target if
//!   [`meta::LINE_TARGET`], the event or, for a timeout ([`meta::LINE_TIMEOUT`]), the
//!   seconds, the delay as written and its label if [`meta::LINE_TIMEOUT_LABEL`]; the list of
//!   roles, the guard if [`meta::LINE_GUARD`] and its description if
//!   [`meta::LINE_GUARD_DESCRIPTION`], the list of actions, the note if [`meta::LINE_NOTE`],
//!   the doc if [`meta::LINE_DOC`], the line of the spec file, and the list of the sources
//!   in which the line can never be taken if [`meta::LINE_DEAD_IN`].
//!
//! # Tables ([`table`]): fixed-width, little-endian
//!
//! What the dispatch and the status-code lookups read, most of it in place:
//!
//! - **cells**, [`table::CELL_BYTES`] per (state, event): the op (`OP_*`, one byte), then
//!   `u32`s: the first candidate's target, its roles mask ([`table::ALL_ROLES`] for any
//!   role), its line and the index of the cell's slow part;
//! - **lines**, [`table::LINE_BYTES`] per transition line: `u32`s: the target
//!   ([`table::NO_TARGET`] for a line that keeps the state), then where the line's roles and
//!   its actions end in two lists of positions (each starts where the previous line's ends);
//! - **lists of positions**, a `u32` each: the lines' roles and actions, the values of an
//!   enum in the order of their ids, the state of each sorted status code, and the index of
//!   each state's timeouts ([`table::NO_TIMEOUTS`] for none; empty when no state has any);
//! - **slow cells**, one after the other: the number of candidates and of allowed roles, then
//!   per candidate its line, its guard's position plus one (0 for none) and its slot (one
//!   byte), then the allowed roles' positions;
//! - **integer codes**, [`table::INT_BYTES`] per state: a presence byte (1), then the `i64`;
//!   **sorted integer keys**: an `i64` each;
//! - **texts**: one string, and [`table::SPAN_BYTES`] per entry: the start and the length in
//!   it as `u32`s, a start of [`table::NO_TEXT`] for no text.
//!
//! # Reading bad bytes
//!
//! Only the derive writes these bytes, but no reader trusts them: out of data or out of
//! range, a reader reads zeros, empty strings or nothing, never panics, and never allocates
//! more than the bytes it is given can describe.

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod meta;
pub mod table;

/// A small deterministic generator for the tests that feed the readers bad bytes.
#[cfg(test)]
mod test_rng {
    pub struct Rng(pub u64);

    impl Rng {
        /// xorshift64*.
        pub fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        /// Up to `max` random bytes.
        pub fn bytes(&mut self, max: usize) -> Vec<u8> {
            let n = (self.next() % (max as u64 + 1)) as usize;
            (0..n).map(|_| self.next() as u8).collect()
        }
    }
}
