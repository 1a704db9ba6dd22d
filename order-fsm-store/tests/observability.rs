//! Tracing spans and counters: what an operator sees of apply, timers and the relay.
//!
//! This is the crate's one test binary of its own: tracing caches each span's interest for the
//! whole process, and a thread of another test that reaches a span first, with no subscriber,
//! can cache "never" while this test's recorder is being registered. Alone in its process,
//! the recorder sees every span.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use order_fsm_store::{HookError, OutboxMessage, Publisher};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id as SpanId, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span's name and its fields, as recorded so far.
type SpanRecord = (String, Vec<(String, String)>);

/// Records every span with its fields, as `name field=value …`, once the span is done.
#[derive(Clone, Default)]
struct Recorder {
    next: Arc<AtomicU64>,
    open: Arc<Mutex<HashMap<u64, SpanRecord>>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> SpanId {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        self.open
            .lock()
            .expect("spans")
            .insert(id, (span.metadata().name().to_string(), fields));
        SpanId::from_u64(id)
    }
    fn record(&self, span: &SpanId, values: &Record<'_>) {
        if let Some((_, f)) = self.open.lock().expect("spans").get_mut(&span.into_u64()) {
            values.record(&mut Fields(f));
        }
    }
    fn record_follows_from(&self, _: &SpanId, _: &SpanId) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &SpanId) {}
    fn exit(&self, _: &SpanId) {}
}

impl Recorder {
    fn lines(&self, name: &str) -> Vec<String> {
        let open = self.open.lock().expect("spans");
        let mut ids: Vec<_> = open.keys().copied().collect();
        ids.sort();
        ids.iter()
            .filter_map(|i| open.get(i))
            .filter(|(n, _)| n == name)
            .map(|(n, f)| {
                let f: Vec<String> = f.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{n} {}", f.join(" "))
            })
            .collect()
    }
}

struct Ok_;
impl Publisher<Order, i64> for Ok_ {
    fn publish(&mut self, _: &OutboxMessage<Order, i64>) -> Result<(), HookError> {
        Ok(())
    }
}

#[test]
fn spans_and_counters() {
    let db = SqliteDb::new("observability");
    let (s, clock) = store(&db);
    let mut c = db.connect();
    let rec = Recorder::default();
    tracing::subscriber::with_default(rec.clone(), || {
        let mut h = yes();
        s.create(&id(1)).run(&mut c, &mut yes()).expect("create");
        s.create(&id(2)).run(&mut c, &mut yes()).expect("create");
        s.fire(&id(1), &pay(5))
            .idempotency_key("k")
            .run(&mut c, &mut h)
            .expect("pay");
        s.fire(&id(1), &pay(5))
            .idempotency_key("k")
            .run(&mut c, &mut h)
            .expect("pay again");
        s.fire(&id(1), &OrderEvent::Confirm)
            .run(&mut c, &mut h)
            .expect("confirm");
        clock.advance_secs(3600);
        // Order 2's payment reminder (due at 25m) and auto-close (30m).
        assert_eq!(s.timer_backlog(&mut c).expect("backlog"), (2, 35 * 60_000));
        s.fire_due_timers(&mut c, &mut h, 10).expect("timers");
        assert_eq!(s.outbox_backlog(&mut c).expect("backlog"), (4, 3_600_000));
        s.relay_all(&mut c, &mut Ok_, 10).expect("relay");
    });
    assert_eq!(
        rec.lines("order_fsm.apply"),
        [
            "order_fsm.apply order=1 event=Pay outcome=applied",
            "order_fsm.apply order=1 event=Pay outcome=duplicate",
            "order_fsm.apply order=1 event=Confirm outcome=rejected",
        ]
    );
    let timers = rec.lines("order_fsm.timer");
    assert_eq!(timers.len(), 1);
    assert!(
        // The reminder's timer, due first, decides the whole wait: the reminder runs, then the
        // auto-close, whose own timer goes with the entry.
        timers[0].starts_with("order_fsm.timer order=2 line=Created|after|=|-"),
        "{timers:?}"
    );
    assert!(timers[0].ends_with("outcome=fired"), "{timers:?}");
    let relay = rec.lines("order_fsm.relay");
    assert_eq!(
        relay.first().map(String::as_str),
        Some("order_fsm.relay published=2")
    );

    let m = s.metrics();
    assert_eq!((m.applied, m.duplicates, m.rejected), (1, 1, 1));
    assert_eq!((m.timers_fired, m.timer_lag_ms_max), (1, 35 * 60_000));
    assert_eq!((m.reminders_run, m.errors), (1, 0));
    assert_eq!(m.outbox_published, 4);
    assert_eq!((m.outbox_backlog, m.outbox_oldest_age_ms), (4, 3_600_000));
    s.outbox_backlog(&mut c).expect("backlog");
    assert_eq!(s.metrics().outbox_backlog, 0);
}
