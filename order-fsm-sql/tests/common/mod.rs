//! What the database tests share: the machines, an oracle from the interpreter, and the
//! checks themselves, written once over a small database interface that SQLite and
//! PostgreSQL implement.

#![allow(dead_code)]

use std::collections::BTreeSet;

use order_fsm::{Machine as _, MachineInfo, StateMachine};
use order_fsm_core::interp::{Input, Interpreter};
use order_fsm_core::model::Machine;
use order_fsm_sql::{layout, migration, Dialect, Layout, Options};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

#[derive(StateMachine)]
#[fsm(spec = "../specs/payment.fsm", machine = "Payment")]
pub struct Payment;

#[derive(StateMachine)]
#[fsm(spec = "../specs/after_sale.fsm", machine = "AfterSale")]
pub struct AfterSale;

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/shop_v1.fsm")]
pub struct ShopV1;

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/shop_v2.fsm")]
pub struct ShopV2;

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/shop_v1_renumbered.fsm")]
pub struct ShopV1Renumbered;

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/awkward_text.fsm")]
pub struct Awkward;

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/text_codes.fsm")]
pub struct Ticket;

/// Every shipped spec: (file under the workspace root, machine, metadata).
pub fn shipped() -> Vec<(&'static str, &'static str, &'static MachineInfo)> {
    vec![
        ("specs/order.fsm", "Order", Order::INFO),
        ("specs/payment.fsm", "Payment", Payment::INFO),
        ("specs/after_sale.fsm", "AfterSale", AfterSale::INFO),
    ]
}

/// The specs the database tests run over: the shipped ones and the test ones.
pub fn all_specs() -> Vec<(&'static str, &'static str, &'static MachineInfo)> {
    let mut v = shipped();
    v.extend([
        (
            "order-fsm-sql/tests/specs/shop_v1.fsm",
            "Shop",
            ShopV1::INFO,
        ),
        (
            "order-fsm-sql/tests/specs/shop_v2.fsm",
            "Shop",
            ShopV2::INFO,
        ),
        (
            "order-fsm-sql/tests/specs/text_codes.fsm",
            "Ticket",
            Ticket::INFO,
        ),
    ]);
    v
}

pub fn workspace_file(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// Every (from, to) the reference interpreter can take in one step, for the machine of a
/// spec file. See [`interpreter_steps`].
pub fn interpreter_pairs(file: &str, machine: &str) -> BTreeSet<(usize, usize)> {
    let path = workspace_file(file);
    let bytes = std::fs::read(&path).expect("spec file readable");
    let compiled = order_fsm_core::compile_bytes(file, &bytes);
    assert!(!compiled.has_errors(), "{}", compiled.render());
    let spec = compiled.spec.as_ref().expect("spec parsed");
    let m = spec.machine(machine).expect("machine exists");
    interpreter_steps(m)
}

/// Every (from, to) the reference interpreter takes in one step from `from`, found by
/// trying everything a caller and the clock can do there: each event, as each role and as a
/// trusted caller, under every answer of the guards (every combination up to ten guards,
/// else each guard alone saying yes, and all and none), and each timeout's delay as a
/// wait. A line that keeps the state gives (from, from). Computed from the interpreter
/// alone, not from the liveness analysis or the metadata under test.
pub fn interpreter_steps(m: &Machine) -> BTreeSet<(usize, usize)> {
    use order_fsm_core::model::{EventIx, GuardIx, RoleIx, StateIx};
    let interp = Interpreter::new(m);
    let g = m.guards.len();
    let answers: Vec<Vec<bool>> = if g <= 10 {
        (0..1u32 << g)
            .map(|bits| (0..g).map(|i| bits & (1 << i) != 0).collect())
            .collect()
    } else {
        let mut v = vec![vec![false; g], vec![true; g]];
        v.extend((0..g).map(|i| (0..g).map(|j| i == j).collect()));
        v
    };
    let actors: Vec<Option<RoleIx>> = std::iter::once(None)
        .chain((0..m.roles.len() as u32).map(|r| Some(RoleIx(r))))
        .collect();
    let mut pairs = BTreeSet::new();
    for si in 0..m.states.len() {
        let state = StateIx(si as u32);
        let mut inputs: Vec<Input> = Vec::new();
        for ei in 0..m.events.len() {
            for &actor in &actors {
                inputs.push(Input::Event {
                    event: EventIx(ei as u32),
                    actor,
                });
            }
        }
        for t in &m.transitions {
            if let Some(seconds) = t.timeout_seconds() {
                inputs.push(Input::Wait { seconds });
            }
        }
        for &input in &inputs {
            for yes in &answers {
                let answer = |g: GuardIx| yes.get(g.index()).copied().unwrap_or(false);
                if let Ok(taken) = interp.step(state, input, answer) {
                    pairs.insert((taken.from.index(), taken.to.index()));
                }
            }
        }
    }
    pairs
}

/// What the checks need from a database connection.
pub trait Db {
    const DIALECT: Dialect;
    /// Runs a script of one or more statements.
    fn batch(&mut self, sql: &str) -> Result<(), String>;
    /// The first column of the first row, as an integer (NULL as None).
    fn int(&mut self, sql: &str) -> Option<i64>;
    /// The first column of every row, as text.
    fn texts(&mut self, sql: &str) -> Vec<String>;
    /// Runs `sql` with the repair escape hatch open, in one transaction.
    fn bypass(&mut self, layout: &Layout, reason: &str, sql: &str) -> Result<(), String>;
    /// The statement that lifts the code list for a renumbering repair (docs/store.md).
    fn lift_code_list(layout: &Layout) -> String;
    /// Ends a transaction a failed script left open, if any.
    fn rollback(&mut self);
}

pub fn opts<D: Db>() -> Options {
    Options::new(D::DIALECT)
}

/// Loads the migration twice: the second run must succeed and change nothing.
pub fn migrate_twice<D: Db>(db: &mut D, info: &MachineInfo, opts: &Options) -> Layout {
    let sql = migration(info, opts).expect("migration generated");
    db.batch(&sql).expect("first run");
    let l = layout(info, opts).expect("layout");
    let allowed = db.int(&format!("SELECT COUNT(*) FROM {}", l.allowed));
    db.batch(&sql).expect("second run");
    assert_eq!(
        db.int(&format!("SELECT COUNT(*) FROM {}", l.allowed)),
        allowed
    );
    l
}

pub fn insert_order<D: Db>(db: &mut D, l: &Layout, id: i64, state: usize) -> Result<(), String> {
    db.batch(&format!(
        "INSERT INTO {} ({}, {}, \"version\", \"state_entered_at\", \"created_at\") VALUES ({id}, {}, 0, 1, 1)",
        l.orders,
        l.id_column,
        l.status_column,
        l.status[state].sql_literal()
    ))
}

pub fn set_status<D: Db>(db: &mut D, l: &Layout, id: i64, state: usize) -> Result<(), String> {
    db.batch(&format!(
        "UPDATE {} SET {} = {} WHERE {} = {id}",
        l.orders,
        l.status_column,
        l.status[state].sql_literal(),
        l.id_column
    ))
}

pub fn status_of<D: Db>(db: &mut D, l: &Layout, id: i64) -> Option<usize> {
    let v = db
        .texts(&format!(
            "SELECT CAST({} AS TEXT) FROM {} WHERE {} = {id}",
            l.status_column, l.orders, l.id_column
        ))
        .pop()?;
    l.status.iter().position(|s| s.to_string() == v)
}

pub fn version_of<D: Db>(db: &mut D, l: &Layout, id: i64) -> i64 {
    db.int(&format!(
        "SELECT \"version\" FROM {} WHERE {} = {id}",
        l.orders, l.id_column
    ))
    .expect("order exists")
}

/// For every pair of states, a direct UPDATE from one to the other succeeds exactly when
/// the interpreter can take that step (or the status stays the same), bumps the version
/// by one when the status changes, and leaves the row alone when refused. The refusal
/// names both statuses.
pub fn database_enforces_spec<D: Db>(db: &mut D, file: &str, machine: &str, info: &MachineInfo) {
    let oracle = interpreter_pairs(file, machine);
    database_enforces(db, machine, info, &opts::<D>(), &oracle);
}

/// Pairs of different states: a status written again unchanged is no step, and the
/// trigger lets it through.
pub fn changes(pairs: &BTreeSet<(usize, usize)>) -> BTreeSet<(usize, usize)> {
    pairs.iter().copied().filter(|(a, b)| a != b).collect()
}

/// For every pair of statuses, a direct `UPDATE` of an order in the first is accepted
/// exactly when `oracle` (the interpreter's steps) has the pair, or the status is unchanged.
pub fn database_enforces<D: Db>(
    db: &mut D,
    machine: &str,
    info: &MachineInfo,
    opts: &Options,
    oracle: &BTreeSet<(usize, usize)>,
) {
    let l = migrate_twice(db, info, opts);
    let metadata: BTreeSet<(usize, usize)> =
        order_fsm_sql::allowed_pairs(info).into_iter().collect();
    assert_eq!(
        changes(&metadata),
        changes(oracle),
        "{machine}: allowed pairs and interpreter disagree"
    );
    let n = info.states.len();
    for from in 0..n {
        for to in 0..n {
            let id = (from * n + to) as i64 + 1;
            insert_order(db, &l, id, info.initial).expect("insert in the initial state");
            if from != info.initial {
                db.bypass(
                    &l,
                    "test set-up",
                    &format!(
                        "UPDATE {} SET {} = {} WHERE {} = {id}",
                        l.orders,
                        l.status_column,
                        l.status[from].sql_literal(),
                        l.id_column
                    ),
                )
                .expect("bypass moves to any known status");
            }
            assert_eq!(status_of(db, &l, id), Some(from));
            let before = version_of(db, &l, id);
            let result = set_status(db, &l, id, to);
            let name = format!(
                "{machine}: {} -> {}",
                info.states[from].id, info.states[to].id
            );
            if from == to || oracle.contains(&(from, to)) {
                assert!(result.is_ok(), "{name} should pass: {result:?}");
                assert_eq!(status_of(db, &l, id), Some(to), "{name}");
                let bump = i64::from(from != to);
                assert_eq!(version_of(db, &l, id), before + bump, "{name}: version");
            } else {
                let err = result.expect_err(&format!("{name} should be refused"));
                assert!(err.contains("order-fsm"), "{name}: {err}");
                let (a, b) = (l.status[from].to_string(), l.status[to].to_string());
                assert!(err.contains(&a) && err.contains(&b), "{name}: {err}");
                assert_eq!(status_of(db, &l, id), Some(from), "{name}: unchanged");
                assert_eq!(version_of(db, &l, id), before, "{name}: version unchanged");
            }
        }
    }
}

/// A new order must use the initial status; an unknown status is refused even with the
/// bypass; the bypass lets a repair through and logs it.
pub fn insert_rules_and_bypass<D: Db>(db: &mut D) {
    let info = Order::INFO;
    let l = migrate_twice(db, info, &opts::<D>());
    let paid = info
        .states
        .iter()
        .position(|s| s.id == "Paid")
        .expect("Paid");
    let completed = info
        .states
        .iter()
        .position(|s| s.id == "Completed")
        .expect("Completed");
    let err = insert_order(db, &l, 1, paid).expect_err("must start in the initial state");
    assert!(err.contains("must start in status 10"), "{err}");
    insert_order(db, &l, 1, info.initial).expect("initial status");
    // A direct change the spec does not allow.
    assert!(set_status(db, &l, 1, completed).is_err());
    // The same as a repair.
    db.bypass(
        &l,
        "工单 #42: 线下已完成",
        &format!(
            "UPDATE {} SET {} = 40 WHERE {} = 1",
            l.orders, l.status_column, l.id_column
        ),
    )
    .expect("bypass");
    assert_eq!(status_of(db, &l, 1), Some(completed));
    assert_eq!(version_of(db, &l, 1), 1);
    let actors = db.texts(&format!(
        "SELECT \"actor\" || '|' || CAST(\"seq\" AS TEXT) || '|' || CAST(\"from_status\" AS TEXT) || '|' || CAST(\"to_status\" AS TEXT) || '|' || \"spec_hash\" FROM {} WHERE \"order_id\" = 1",
        l.log
    ));
    assert_eq!(
        actors,
        vec![format!(
            "bypass: 工单 #42: 线下已完成|1|10|40|{}",
            info.spec_hash()
        )]
    );
    // The bypass is closed again after its transaction.
    let err = set_status(db, &l, 1, info.initial).expect_err("closed again");
    assert!(err.contains("40") && err.contains("10"), "{err}");
    // Not even a repair may store a status the spec does not know.
    let err = db
        .bypass(
            &l,
            "typo",
            &format!(
                "UPDATE {} SET {} = 77 WHERE {} = 1",
                l.orders, l.status_column, l.id_column
            ),
        )
        .expect_err("unknown code");
    assert!(!err.is_empty());
    assert_eq!(status_of(db, &l, 1), Some(completed));
    // A repair may insert an order in another status; it is logged as creation.
    db.bypass(
        &l,
        "迁移旧订单",
        &format!(
            "INSERT INTO {} ({}, {}, \"version\", \"state_entered_at\", \"created_at\") VALUES (2, 20, 0, 1, 1)",
            l.orders, l.id_column, l.status_column
        ),
    )
    .expect("bypass insert");
    assert_eq!(
        db.texts(&format!(
            "SELECT \"actor\" FROM {} WHERE \"order_id\" = 2 AND \"seq\" = 1 AND \"from_status\" IS NULL",
            l.log
        )),
        vec!["bypass: 迁移旧订单".to_owned()]
    );
}

/// Changing the status bumps the version unless the UPDATE already set old + 1; an
/// UPDATE that keeps the status leaves the version alone; the entry time moves.
pub fn version_and_entry_time<D: Db>(db: &mut D) {
    let info = Order::INFO;
    let l = migrate_twice(db, info, &opts::<D>());
    insert_order(db, &l, 1, info.initial).expect("insert");
    // As the store does it: status, version and entry time in one compare-and-set.
    db.batch(&format!(
        "UPDATE {} SET {s} = 20, \"version\" = \"version\" + 1, \"state_entered_at\" = 5 WHERE {id} = 1 AND {s} = 10 AND \"version\" = 0",
        l.orders,
        s = l.status_column,
        id = l.id_column
    ))
    .expect("allowed change");
    assert_eq!(version_of(db, &l, 1), 1);
    assert_eq!(
        db.int(&format!(
            "SELECT \"state_entered_at\" FROM {} WHERE {} = 1",
            l.orders, l.id_column
        )),
        Some(5)
    );
    // The status kept: version and entry time untouched.
    db.batch(&format!(
        "UPDATE {} SET {s} = 20 WHERE {id} = 1",
        l.orders,
        s = l.status_column,
        id = l.id_column
    ))
    .expect("same status passes");
    assert_eq!(version_of(db, &l, 1), 1);
    // A direct change that tries to keep the old version still bumps it, and sets a
    // current entry time.
    db.batch(&format!(
        "UPDATE {} SET {s} = 30, \"version\" = 1 WHERE {id} = 1",
        l.orders,
        s = l.status_column,
        id = l.id_column
    ))
    .expect("Paid -> Shipped");
    assert_eq!(version_of(db, &l, 1), 2);
    let entered = db
        .int(&format!(
            "SELECT \"state_entered_at\" FROM {} WHERE {} = 1",
            l.orders, l.id_column
        ))
        .expect("entry time");
    assert!(entered > 1_600_000_000_000, "entry time in ms: {entered}");
}

/// The log accepts the row of an order's creation and refuses UPDATE and DELETE.
pub fn log_is_append_only<D: Db>(db: &mut D) {
    let info = Order::INFO;
    let l = migrate_twice(db, info, &opts::<D>());
    insert_order(db, &l, 1, info.initial).expect("insert");
    db.batch(&format!(
        "INSERT INTO {} (\"order_id\", \"seq\", \"from_status\", \"to_status\", \"spec_hash\", \"at\") VALUES (1, 1, NULL, 10, 'h', 1)",
        l.log
    ))
    .expect("insert into the log");
    let err = db
        .batch(&format!("UPDATE {} SET \"actor\" = 'x'", l.log))
        .expect_err("update refused");
    assert!(err.contains("append-only"), "{err}");
    let err = db
        .batch(&format!("DELETE FROM {}", l.log))
        .expect_err("delete refused");
    assert!(err.contains("append-only"), "{err}");
    assert_eq!(db.int(&format!("SELECT COUNT(*) FROM {}", l.log)), Some(1));
}

/// What the store relies on is refused to a direct statement and allowed to a repair: the
/// id and a version other than one up do not change, orders are not deleted, and a log row
/// must follow the order's last row to its status as it is now, along an allowed change.
pub fn store_invariants_are_guarded<D: Db>(db: &mut D) {
    let info = Order::INFO;
    let l = migrate_twice(db, info, &opts::<D>());
    let st = |id: &str| info.states.iter().position(|s| s.id == id).expect("state");
    insert_order(db, &l, 1, info.initial).expect("insert");
    let log_row = |seq: i64, from: &str, to: usize| {
        format!(
            "INSERT INTO {} (\"order_id\", \"seq\", \"from_status\", \"to_status\", \"spec_hash\", \"at\") VALUES (1, {seq}, {from}, {}, 'h', 1)",
            l.log,
            l.status[to].sql_literal()
        )
    };
    db.batch(&log_row(1, "NULL", info.initial))
        .expect("the creation's row");
    set_status(db, &l, 1, st("Paid")).expect("pay");
    let created = l.status[info.initial].sql_literal();
    for (what, sql) in [
        ("forged row", log_row(2, &created, st("Completed"))),
        ("a gap", log_row(3, &created, st("Paid"))),
        ("a second creation", log_row(2, "NULL", st("Paid"))),
        (
            "rewound version",
            format!(
                "UPDATE {} SET \"version\" = 0 WHERE {} = 1",
                l.orders, l.id_column
            ),
        ),
        (
            "another id",
            format!(
                "UPDATE {} SET {} = 2 WHERE {} = 1",
                l.orders, l.id_column, l.id_column
            ),
        ),
        (
            "delete",
            format!("DELETE FROM {} WHERE {} = 1", l.orders, l.id_column),
        ),
    ] {
        let err = db.batch(&sql).expect_err(what);
        assert!(err.contains("order-fsm"), "{what}: {err}");
        db.rollback();
    }
    // The row the store writes after its change goes in.
    db.batch(&log_row(2, &created, st("Paid")))
        .expect("the store's row");
    assert_eq!(version_of(db, &l, 1), 1);
    // A repair may set the version and delete.
    db.bypass(
        &l,
        "修复",
        &format!(
            "UPDATE {} SET \"version\" = 9 WHERE {} = 1",
            l.orders, l.id_column
        ),
    )
    .expect("a repair sets the version");
    assert_eq!(version_of(db, &l, 1), 9);
    db.bypass(
        &l,
        "修复",
        &format!("DELETE FROM {} WHERE {} = 1", l.orders, l.id_column),
    )
    .expect("a repair deletes");
    assert_eq!(
        db.int(&format!("SELECT COUNT(*) FROM {}", l.orders)),
        Some(0)
    );
}

/// Spec v1 → orders → spec v2 (a state added, a line removed): the data is kept and the
/// new rules hold. Then a migration back to v1, which lacks a state an order is in, fails
/// and changes nothing.
pub fn upgrade_keeps_data<D: Db>(db: &mut D) {
    let o = opts::<D>();
    let v1 = migrate_twice(db, ShopV1::INFO, &o);
    let st1 = |id: &str| {
        ShopV1::INFO
            .states
            .iter()
            .position(|s| s.id == id)
            .expect("state")
    };
    for id in 1..=4 {
        insert_order(db, &v1, id, ShopV1::INFO.initial).expect("insert");
    }
    set_status(db, &v1, 2, st1("Paid")).expect("pay");
    set_status(db, &v1, 3, st1("Paid")).expect("pay");
    set_status(db, &v1, 3, st1("Shipped")).expect("ship");
    db.batch(&format!(
        "INSERT INTO {} (\"order_id\", \"seq\", \"from_status\", \"to_status\", \"spec_hash\", \"at\") VALUES (1, 1, NULL, 10, 'v1', 1)",
        v1.log
    ))
    .expect("a log row");
    // v1 does not know status 50.
    assert!(set_status_raw(db, &v1, 2, "50").is_err());

    let v2 = migrate_twice(db, ShopV2::INFO, &o);
    assert_eq!(v1.orders, v2.orders);
    let st2 = |id: &str| {
        ShopV2::INFO
            .states
            .iter()
            .position(|s| s.id == id)
            .expect("state")
    };
    assert_eq!(
        db.int(&format!("SELECT COUNT(*) FROM {}", v2.orders)),
        Some(4)
    );
    assert_eq!(db.int(&format!("SELECT COUNT(*) FROM {}", v2.log)), Some(1));
    assert_eq!(status_of(db, &v2, 2), Some(st2("Paid")));
    assert_eq!(status_of(db, &v2, 3), Some(st2("Shipped")));
    assert_eq!(version_of(db, &v2, 3), 2);
    // The removed line: Paid -> Cancelled.
    let err = set_status(db, &v2, 2, st2("Cancelled")).expect_err("line removed");
    assert!(err.contains("20") && err.contains("90"), "{err}");
    // The new state and its lines.
    set_status(db, &v2, 2, st2("Refunding")).expect("Paid -> Refunding");
    set_status(db, &v2, 2, st2("Cancelled")).expect("Refunding -> Cancelled");
    set_status(db, &v2, 4, st2("Paid")).expect("pay");
    set_status(db, &v2, 4, st2("Refunding")).expect("refund");

    // Back to v1 while order 4 is in Refunding (50), which v1 does not have: refused as a
    // whole, and the v2 rules stay in force.
    let back = migration(ShopV1::INFO, &o).expect("v1 migration");
    db.batch(&back).expect_err("an order is in a removed state");
    db.rollback();
    assert_eq!(status_of(db, &v2, 4), Some(st2("Refunding")));
    let pairs = db.int(&format!("SELECT COUNT(*) FROM {}", v2.allowed));
    assert_eq!(
        pairs,
        Some(order_fsm_sql::allowed_pairs(ShopV2::INFO).len() as i64)
    );
    set_status(db, &v2, 1, st2("Paid")).expect("v2 rules still there");
    set_status(db, &v2, 1, st2("Refunding")).expect("v2 rules still there");
}

pub fn set_status_raw<D: Db>(db: &mut D, l: &Layout, id: i64, literal: &str) -> Result<(), String> {
    db.batch(&format!(
        "UPDATE {} SET {} = {literal} WHERE {} = {id}",
        l.orders, l.status_column, l.id_column
    ))
}

/// Text status codes: stored as text, enforced the same way.
pub fn text_codes<D: Db>(db: &mut D) {
    let l = migrate_twice(db, Ticket::INFO, &opts::<D>());
    assert!(!l.status_is_int);
    insert_order(db, &l, 1, 0).expect("OPEN");
    set_status_raw(db, &l, 1, "'WORKING'").expect("OPEN -> WORKING");
    set_status_raw(db, &l, 1, "'CLOSED'").expect("any -> CLOSED");
    let err = set_status_raw(db, &l, 1, "'OPEN'").expect_err("final");
    assert!(err.contains("CLOSED") && err.contains("OPEN"), "{err}");
}

/// Changing a state's main code, as docs/store.md describes: a repair that lifts the code
/// list and renumbers the rows, then the new migration.
pub fn renumbering_a_code<D: Db>(db: &mut D) {
    let o = opts::<D>();
    let l = migrate_twice(db, ShopV1::INFO, &o);
    for id in 1..=3 {
        insert_order(db, &l, id, 0).expect("insert");
    }
    set_status(db, &l, 1, 1).expect("pay");
    set_status(db, &l, 2, 1).expect("pay");
    let new = migration(ShopV1Renumbered::INFO, &o).expect("sql");
    db.batch(&new).expect_err("old rows hold the old code");
    db.rollback();
    db.bypass(
        &l,
        "待发货状态码 20 改为 21",
        &format!(
            "{} UPDATE {} SET {s} = 21 WHERE {s} = 20",
            D::lift_code_list(&l),
            l.orders,
            s = l.status_column
        ),
    )
    .expect("renumber");
    let l2 = migrate_twice(db, ShopV1Renumbered::INFO, &o);
    assert_eq!(status_of(db, &l2, 1), Some(1));
    assert_eq!(status_of(db, &l2, 3), Some(0));
    set_status(db, &l2, 3, 1).expect("pay with the new code");
    assert!(
        set_status_raw(db, &l2, 1, "20").is_err(),
        "the old code is gone"
    );
    assert_eq!(
        db.int(&format!(
            "SELECT COUNT(*) FROM {} WHERE \"actor\" LIKE 'bypass: %'",
            l2.log
        )),
        Some(2)
    );
}

/// One machine the allowed-steps tests run over: where it comes from, its metadata as the
/// `model` feature builds it from the checked spec, and the interpreter's steps.
pub struct StepCase {
    pub name: String,
    pub info: &'static MachineInfo,
    pub oracle: BTreeSet<(usize, usize)>,
}

fn cases_of(name: &str, text: &str, out: &mut Vec<StepCase>) -> bool {
    let compiled = order_fsm_core::compile(name, text);
    if compiled.has_errors() {
        return false;
    }
    let Some(spec) = compiled.spec.as_ref() else {
        return false;
    };
    for m in &spec.machines {
        out.push(StepCase {
            name: format!("{name} {}", m.id.text),
            info: order_fsm_sql::model::machine_info(m, name, Some(&compiled.source)),
            oracle: interpreter_steps(m),
        });
    }
    true
}

/// Every machine of every shipped spec and valid fixture, and the first `random` random
/// small specs without errors (see `order_fsm_testing::random_small_spec`).
pub fn step_cases(random: usize) -> Vec<StepCase> {
    let mut out = Vec::new();
    for dir in [
        order_fsm_testing::workspace_path("specs"),
        order_fsm_testing::fixtures("valid"),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("folder readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "fsm"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("spec readable");
            let name = f
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            assert!(cases_of(&name, &text, &mut out), "{name} has errors");
        }
    }
    let mut found = 0;
    let mut seed = 0;
    while found < random {
        let text = order_fsm_testing::random_small_spec(seed, false);
        if cases_of(&format!("random {seed}"), &text, &mut out) {
            found += 1;
        }
        seed += 1;
    }
    out
}

/// Over every case: the database accepts a direct status change exactly when the
/// interpreter can take that step, each case in tables of its own prefix. Returns how many
/// (case, pair) checks ran and how many pairs the line list alone would have allowed
/// wrongly, so that the caller can show the cases exercise dead lines.
pub fn database_allows_exactly_the_steps<D: Db>(db: &mut D, cases: &[StepCase]) -> (usize, usize) {
    let (mut pairs, mut dead) = (0, 0);
    for (i, c) in cases.iter().enumerate() {
        let mut o = opts::<D>();
        o.prefix = format!("c{i}_");
        database_enforces(db, &c.name, c.info, &o, &c.oracle);
        let n = c.info.states.len();
        pairs += n * n;
        // What the allowed table would hold without liveness: every source and target.
        let written: BTreeSet<(usize, usize)> = c
            .info
            .transitions
            .iter()
            .filter_map(|t| t.target.map(|to| (t, to)))
            .flat_map(|(t, to)| t.sources.iter().map(move |&s| (s, to)))
            .filter(|(s, to)| s != to)
            .collect();
        dead += written.difference(&changes(&c.oracle)).count();
    }
    (pairs, dead)
}

/// How many random specs the allowed-steps tests add to the shipped ones and the fixtures.
pub const RANDOM_STEP_CASES: usize = 150;
