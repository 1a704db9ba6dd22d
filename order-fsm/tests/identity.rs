//! Line identities and the spec hash: stable keys that stored rows refer to.

use order_fsm::{Machine, MachineInfo, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/plain.fsm")]
pub struct Plain;

fn identities(info: &MachineInfo) -> Vec<String> {
    (0..info.transitions.len())
        .map(|i| info.line_identity(i).expect("every line has an identity"))
        .collect()
}

#[test]
fn line_identity_names_sources_trigger_target_and_guard() {
    let ids = identities(Order::INFO);
    assert_eq!(ids[0], "Created|on Pay|Paid|payment_verified");
    assert_eq!(ids[2], "Created|after|Cancelled|-");
    // A reminder keeps the state: `=` stands where a target would be.
    assert_eq!(ids[3], "Created|after|=|-");
    assert_eq!(ids[7], "Paid|after|Refunding|-");
    assert_eq!(
        ids.last().map(String::as_str),
        Some("any|on ForceClose|Cancelled|risk_confirmed")
    );
    assert_eq!(Order::INFO.line_identity(ids.len()), None);
}

#[test]
fn line_identities_are_unique_and_found_again() {
    for info in [Order::INFO, Plain::INFO] {
        let ids = identities(info);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(info.line_by_identity(id), Some(i), "{id}");
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
    }
    assert_eq!(Order::INFO.line_by_identity("Created|on Nope|Paid|-"), None);
}

#[test]
fn spec_hash_is_hex_and_tells_machines_apart() {
    let h = Order::INFO.spec_hash();
    assert_eq!(h.len(), 16);
    assert!(h
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(h, Order::INFO.spec_hash());
    assert_ne!(h, Plain::INFO.spec_hash());
}

#[test]
fn spec_hash_ignores_labels_docs_notes_and_line_numbers() {
    let mut states = Order::INFO.states.to_vec();
    states[0].label = "另一个标签";
    states[0].doc = Some("换了说明");
    let mut lines = Order::INFO.transitions.to_vec();
    for t in &mut lines {
        t.line += 100;
        t.note = Some("新备注");
    }
    let edited = MachineInfo {
        label: "Other",
        doc: None,
        file: "elsewhere.fsm",
        notes: &[],
        states: order_fsm::Table::new(Box::leak(states.into_boxed_slice())),
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    assert_eq!(edited.spec_hash(), Order::INFO.spec_hash());
}

#[test]
fn spec_hash_changes_with_behaviour() {
    let base = Order::INFO.spec_hash();
    // A different target for the first line.
    let mut lines = Order::INFO.transitions.to_vec();
    lines[0].target = Some(2);
    let retargeted = MachineInfo {
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    assert_ne!(retargeted.spec_hash(), base);
    // A different status code.
    let mut states = Order::INFO.states.to_vec();
    states[1].codes = &[order_fsm::Code::Int(21)];
    let recoded = MachineInfo {
        states: order_fsm::Table::new(Box::leak(states.into_boxed_slice())),
        ..*Order::INFO
    };
    assert_ne!(recoded.spec_hash(), base);
    // Two lines swapped: the first that applies wins, so order is behaviour.
    let mut lines = Order::INFO.transitions.to_vec();
    lines.swap(0, 1);
    let swapped = MachineInfo {
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    assert_ne!(swapped.spec_hash(), base);
    // Another action on a line.
    let mut lines = Order::INFO.transitions.to_vec();
    lines[1].actions = &[];
    let fewer = MachineInfo {
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    assert_ne!(fewer.spec_hash(), base);
}

/// A timeout's delay is not part of its line's identity (a store re-arms the line's pending
/// timers from the entry time when it changes), but it is part of the spec hash; timeouts
/// that differ only in their delay are numbered.
#[test]
fn a_changed_delay_keeps_the_line_and_changes_the_hash() {
    use order_fsm::TriggerInfo;
    let mut lines = Order::INFO.transitions.to_vec();
    let TriggerInfo::Timeout { written, label, .. } = lines[2].trigger else {
        panic!("line 2 is the 30-minute close");
    };
    lines[2].trigger = TriggerInfo::Timeout {
        seconds: 3600,
        written,
        label,
    };
    let later = MachineInfo {
        transitions: order_fsm::Table::new(Box::leak(lines.clone().into_boxed_slice())),
        ..*Order::INFO
    };
    assert_eq!(later.line_identity(2), Order::INFO.line_identity(2));
    assert_ne!(later.spec_hash(), Order::INFO.spec_hash());
    // A second close after a day, the same in all but its delay.
    let mut again = lines[2];
    again.trigger = TriggerInfo::Timeout {
        seconds: 86_400,
        written,
        label,
    };
    lines.insert(3, again);
    let twice = MachineInfo {
        transitions: order_fsm::Table::new(Box::leak(lines.into_boxed_slice())),
        ..*Order::INFO
    };
    assert_eq!(
        twice.line_identity(2).as_deref(),
        Some("Created|after|Cancelled|-")
    );
    assert_eq!(
        twice.line_identity(3).as_deref(),
        Some("Created|after|Cancelled|-#2")
    );
    assert_eq!(
        twice.line_by_identity("Created|after|Cancelled|-#2"),
        Some(3)
    );
}

/// The digest is part of stored data (every audit row carries it): it must not change
/// between builds, platforms or releases unless the machine changes. If this value has to
/// change, stored rows from older versions no longer match: say so in the release notes.
#[test]
fn spec_hash_is_pinned() {
    assert_eq!(Order::INFO.spec_hash(), PINNED_ORDER_HASH);
}

// Changed when `specs/order.fsm` gained its payment reminder (the machine changed, the
// digest did not): lines without a reminder keep their identities.
const PINNED_ORDER_HASH: &str = "7ebe69aa5ad33223";
