//! Every statement the protocol runs, as text built once per store from the
//! [`Layout`](order_fsm_sql::Layout): table names come only from there.
//!
//! Statements are written once for both dialects with named parameters (`@id`), rendered
//! to `$1` (PostgreSQL) or `?1` (SQLite). Key fragments expand to the tenant and id
//! columns: `{KEY}` (child tables), `{KEY_O}` (orders table), `{KCOLS}`, `{KVALS}`.

use order_fsm_sql::{Dialect, KeyType, Layout};

use crate::db::Value;

/// A rendered statement: its text, and which named parameter each position takes.
#[derive(Clone, Debug)]
pub struct Sql {
    pub text: String,
    names: Vec<&'static str>,
}

/// Named arguments of one call.
#[derive(Default)]
pub struct Args(Vec<(&'static str, Value)>);

impl Args {
    pub fn new() -> Self {
        Args(Vec::with_capacity(12))
    }
    pub fn set(mut self, name: &'static str, v: impl Into<Value>) -> Self {
        self.0.push((name, v.into()));
        self
    }
    pub fn put(&mut self, name: &'static str, v: impl Into<Value>) {
        self.0.push((name, v.into()));
    }
}

impl Sql {
    /// The positional parameters for these arguments; a missing one is NULL.
    pub fn params(&self, a: &Args) -> Vec<Value> {
        self.names
            .iter()
            .map(|n| {
                a.0.iter()
                    .rev()
                    .find(|(k, _)| k == n)
                    .map_or(Value::Null, |(_, v)| v.clone())
            })
            .collect()
    }
}

/// SQL string literals for an `IN (…)` list; `NULL` (which matches nothing) for none.
fn literals<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        return "NULL".to_string();
    }
    items
        .iter()
        .map(|s| format!("'{}'", s.as_ref().replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A column as the store reads it back. SQLite keeps whatever value a row was given; the
/// schema's triggers refuse real numbers, but one stored before them (or around them) would
/// make the driver refuse the whole read. On SQLite a real number is read as its text, so
/// that only its own row fails to decode (and is set aside); PostgreSQL's column types
/// refuse it in the first place.
fn rd(pg: bool, col: &str) -> String {
    if pg {
        col.to_string()
    } else {
        format!("CASE WHEN typeof({col}) = 'real' THEN CAST({col} AS TEXT) ELSE {col} END")
    }
}

/// SQLite: the condition that a column does not hold the storage class the store writes.
fn wrong_type(col: &str, class: &str) -> String {
    format!("typeof({col}) <> '{class}'")
}

fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

struct Render<'a> {
    dialect: Dialect,
    uuid: bool,
    layout: &'a Layout,
}

impl Render<'_> {
    fn sql(&self, template: &str) -> Sql {
        let l = self.layout;
        let pg = self.dialect == Dialect::Postgres;
        let t = if l.tenant {
            "\"tenant\" = @tenant AND "
        } else {
            ""
        };
        let tc = if l.tenant { "\"tenant\", " } else { "" };
        let tv = if l.tenant { "@tenant, " } else { "" };
        let id_sel = |col: &str| {
            if pg && self.uuid {
                format!("{col}::text")
            } else {
                col.to_string()
            }
        };
        let expanded = template
            .replace("{KEY_O}", &format!("{t}{} = @id", l.id_column))
            .replace("{KEY}", &format!("{t}\"order_id\" = @id"))
            .replace("{KCOLS}", &format!("{tc}\"order_id\""))
            .replace("{OCOLS}", &format!("{tc}{}", l.id_column))
            .replace("{KVALS}", &format!("{tv}@id"))
            .replace("{TSEL}", if l.tenant { "\"tenant\"" } else { "NULL" })
            .replace("{IDSEL}", &id_sel("\"order_id\""))
            .replace("{OIDSEL}", &id_sel(&l.id_column))
            .replace(
                "{PAYLOAD}",
                if pg {
                    "\"payload\"::text"
                } else {
                    "\"payload\""
                },
            )
            .replace("{ORDERS}", &l.orders)
            .replace("{LOG}", &l.log)
            .replace("{IDEM}", &l.idempotency)
            .replace("{TIMERS}", &l.timers)
            .replace("{OUTBOX}", &l.outbox)
            .replace("{STATUSES}", &l.statuses)
            .replace("{STATUS}", &l.status_column)
            .replace("{ID}", &l.id_column);
        let mut text = String::with_capacity(expanded.len());
        let mut names: Vec<&'static str> = Vec::new();
        let mut rest = expanded.as_str();
        while let Some(at) = rest.find('@') {
            text.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let len = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            let name: &'static str = NAMES
                .iter()
                .copied()
                .find(|n| *n == &after[..len])
                .unwrap_or_else(|| {
                    panic!("statement parameter @{} is not declared", &after[..len])
                });
            let pos = match names.iter().position(|n| *n == name) {
                Some(p) => p + 1,
                None => {
                    names.push(name);
                    names.len()
                }
            };
            let p = if pg {
                format!("${pos}")
            } else {
                format!("?{pos}")
            };
            if pg && name == "payload" {
                text.push_str(&format!("CAST(CAST({p} AS text) AS jsonb)"));
            } else if pg && name == "id" && self.uuid {
                text.push_str(&format!("CAST(CAST({p} AS text) AS uuid)"));
            } else {
                text.push_str(&p);
            }
            rest = &after[len..];
        }
        text.push_str(rest);
        Sql { text, names }
    }
}

/// Every parameter name used in the statements below.
const NAMES: &[&str] = &[
    "tenant",
    "id",
    "key",
    "event",
    "accepted",
    "seq",
    "rejection",
    "now",
    "status",
    "from",
    "to",
    "version",
    "new_version",
    "timeout",
    "line",
    "actor",
    "payload",
    "hash",
    "due",
    "action",
    "oid",
    "attempts",
    "error",
    "next",
    "dead",
    "limit",
    "before",
    "ms",
    "delay",
];

/// The statements of one store.
#[derive(Clone, Debug)]
pub struct Queries {
    pub idem_get: Sql,
    pub idem_put: Sql,
    pub order_get: Sql,
    pub order_get_locked: Sql,
    pub order_cas: Sql,
    pub order_cas_stay: Sql,
    pub timers_rekey: Sql,
    pub order_insert: Sql,
    pub log_insert: Sql,
    pub log_all: Sql,
    pub log_one: Sql,
    pub timers_drop: Sql,
    pub timer_insert: Sql,
    pub timer_claim: Sql,
    pub timer_lock: Sql,
    pub timer_delete: Sql,
    pub timers_of_order: Sql,
    pub timers_all: Sql,
    pub timer_failed: Sql,
    pub timers_parked: Sql,
    pub timers_parked_count: Sql,
    pub timer_unpark: Sql,
    pub timer_rearm: Sql,
    pub timer_refuse: Sql,
    pub outbox_unknown_dead: Sql,
    pub timers_arm_missing: Sql,
    pub timers_lag: Sql,
    pub outbox_insert: Sql,
    pub outbox_claim: Sql,
    pub outbox_published: Sql,
    pub outbox_failed: Sql,
    pub outbox_dead: Sql,
    pub outbox_retry: Sql,
    pub outbox_cleanup: Sql,
    pub outbox_backlog: Sql,
    pub outbox_dead_count: Sql,
    pub outbox_of_order: Sql,
    pub timers_unreadable: Sql,
    pub timers_never_due: Sql,
    pub timer_park_unreadable: Sql,
    pub outbox_unreadable: Sql,
    pub outbox_never_due: Sql,
    pub outbox_set_dead: Sql,
    pub outbox_unknown_waiting: Sql,
    pub outbox_unknown_set_dead: Sql,
    pub status_of_code: Sql,
}

impl Queries {
    /// `timeout_lines`: the identities of the spec's timeout lines, the only timers a worker
    /// of this spec takes; `actions`: the action ids, the only outbox rows its relay takes.
    pub fn new(layout: &Layout, timeout_lines: &[String], actions: &[&str]) -> Self {
        let pg = layout.dialect == Dialect::Postgres;
        let r = Render {
            dialect: layout.dialect,
            uuid: matches!(layout.key, KeyType::Uuid),
            layout,
        };
        let lock = if pg { " FOR UPDATE" } else { "" };
        let skip = if pg { " FOR UPDATE SKIP LOCKED" } else { "" };
        let uuid = matches!(layout.key, KeyType::Uuid);
        let outbox_cols = format!(
            "\"outbox_id\", {{TSEL}}, {id}, {seq}, {action}, {{PAYLOAD}}, {attempts}, {next}, \
             \"last_error\", {published}, {dead}",
            id = if pg {
                "{IDSEL}".to_string()
            } else {
                rd(pg, "\"order_id\"")
            },
            seq = rd(pg, "\"seq\""),
            action = rd(pg, "\"action\""),
            attempts = rd(pg, "\"attempts\""),
            next = rd(pg, "\"next_attempt_at\""),
            published = rd(pg, "\"published_at\""),
            dead = rd(pg, "\"dead_at\""),
        );
        let timer_cols = |t: &str| {
            format!(
                "{tsel}, {id}, {version}, {line}, {due}, {attempts}",
                tsel = if layout.tenant {
                    format!("{t}\"tenant\"")
                } else {
                    "NULL".to_string()
                },
                id = if pg && uuid {
                    format!("{t}\"order_id\"::text")
                } else {
                    rd(pg, &format!("{t}\"order_id\""))
                },
                version = rd(pg, &format!("{t}\"state_version\"")),
                line = rd(pg, &format!("{t}\"line_id\"")),
                due = rd(pg, &format!("{t}\"due_at\"")),
                attempts = rd(pg, &format!("{t}\"attempts\"")),
            )
        };
        let key_class = match layout.key {
            KeyType::BigInt => "integer",
            KeyType::Text | KeyType::Uuid => "text",
        };
        Queries {
            idem_get: r.sql(
                "SELECT \"event\", \"accepted\", \"seq\", \"rejection\" FROM {IDEM} \
                 WHERE {KEY} AND \"key\" = @key",
            ),
            idem_put: r.sql(
                "INSERT INTO {IDEM} ({KCOLS}, \"key\", \"event\", \"accepted\", \"seq\", \"rejection\", \"at\") \
                 VALUES ({KVALS}, @key, @event, @accepted, @seq, @rejection, @now)",
            ),
            order_get: r.sql(
                "SELECT {STATUS}, \"version\", \"state_entered_at\", \"created_at\" FROM {ORDERS} WHERE {KEY_O}",
            ),
            order_get_locked: r.sql(&format!(
                "SELECT {{STATUS}}, \"version\", \"state_entered_at\", \"created_at\" FROM {{ORDERS}} WHERE {{KEY_O}}{lock}"
            )),
            order_cas: r.sql(
                "UPDATE {ORDERS} SET {STATUS} = @to, \"version\" = @new_version, \"state_entered_at\" = @now \
                 WHERE {KEY_O} AND {STATUS} = @from AND \"version\" = @version",
            ),
            // A line that keeps the state: a new version, the same entry (and entry time).
            order_cas_stay: r.sql(
                "UPDATE {ORDERS} SET \"version\" = @new_version \
                 WHERE {KEY_O} AND {STATUS} = @from AND \"version\" = @version",
            ),
            // The entry goes on under the new version: its timers (pending, refused or
            // decided) move with it.
            timers_rekey: r.sql(
                "UPDATE {TIMERS} SET \"state_version\" = @new_version WHERE {KEY} AND \"state_version\" = @version",
            ),
            order_insert: r.sql(
                "INSERT INTO {ORDERS} ({OCOLS}, {STATUS}, \"version\", \"state_entered_at\", \"created_at\") \
                 VALUES ({KVALS}, @status, 0, @now, @now)",
            ),
            log_insert: r.sql(
                "INSERT INTO {LOG} ({KCOLS}, \"seq\", \"from_status\", \"to_status\", \"event\", \
                 \"timeout_seconds\", \"line_id\", \"actor\", \"payload\", \"spec_hash\", \"at\") \
                 VALUES ({KVALS}, (SELECT COALESCE(MAX(\"seq\"), 0) + 1 FROM {LOG} WHERE {KEY}), \
                 @from, @to, @event, @timeout, @line, @actor, @payload, @hash, @now) RETURNING \"seq\"",
            ),
            log_all: r.sql(
                "SELECT \"seq\", \"from_status\", \"to_status\", \"event\", \"timeout_seconds\", \"line_id\", \
                 \"actor\", {PAYLOAD}, \"spec_hash\", \"at\" FROM {LOG} WHERE {KEY} ORDER BY \"seq\"",
            ),
            log_one: r.sql(
                "SELECT \"seq\", \"from_status\", \"to_status\", \"event\", \"timeout_seconds\", \"line_id\", \
                 \"actor\", {PAYLOAD}, \"spec_hash\", \"at\" FROM {LOG} WHERE {KEY} AND \"seq\" = @seq",
            ),
            timers_drop: r.sql("DELETE FROM {TIMERS} WHERE {KEY}"),
            timer_insert: r.sql(
                "INSERT INTO {TIMERS} ({KCOLS}, \"state_version\", \"line_id\", \"due_at\", \"delay_seconds\") \
                 VALUES ({KVALS}, @version, @line, @due, @delay)",
            ),
            // The order row is locked first, as `apply` locks it (its compare-and-set)
            // before it deletes the order's timers: one lock order, so an apply and a worker
            // on one order queue instead of deadlocking. A timer whose order is busy is
            // skipped; the next scan takes it. The timer row is locked afterwards
            // (`timer_lock`).
            timer_claim: r.sql(&format!(
                "SELECT {cols} \
                 FROM {{TIMERS}} t JOIN {{ORDERS}} o ON {tj}o.{id} = t.\"order_id\" \
                 WHERE t.\"due_at\" <= @now AND t.\"parked_at\" IS NULL AND t.\"refused_at\" IS NULL \
                 AND t.\"line_id\" IN ({lines}) ORDER BY t.\"due_at\" LIMIT 1{skip_o}",
                cols = timer_cols("t."),
                tj = if layout.tenant { "o.\"tenant\" = t.\"tenant\" AND " } else { "" },
                id = layout.id_column,
                skip_o = if pg { " FOR UPDATE OF o SKIP LOCKED" } else { "" },
                lines = literals(timeout_lines),
            )),
            timer_lock: r.sql(&format!(
                "SELECT \"due_at\" FROM {{TIMERS}} WHERE {{KEY}} AND \"state_version\" = @version \
                 AND \"line_id\" = @line AND \"due_at\" <= @now{lock}"
            )),
            timer_delete: r.sql(
                "DELETE FROM {TIMERS} WHERE {KEY} AND \"state_version\" = @version AND \"line_id\" = @line",
            ),
            timers_of_order: r.sql(&format!(
                "SELECT {}, {}, {}, {}, \"last_error\", {}, {}, {} FROM {{TIMERS}} WHERE {{KEY}} \
                 ORDER BY \"due_at\", \"line_id\"",
                rd(pg, "\"state_version\""),
                rd(pg, "\"line_id\""),
                rd(pg, "\"due_at\""),
                rd(pg, "\"attempts\""),
                rd(pg, "\"parked_at\""),
                rd(pg, "\"refused_at\""),
                rd(pg, "\"delay_seconds\""),
            )),
            // Every timer with its order's status, version and entry time (NULL when the
            // order is gone), in one query.
            timers_all: r.sql(&format!(
                "SELECT {tsel}, {idsel}, {version}, {line}, {due}, {delay}, \
                 {attempts}, {refused}, {parked}, o.{{STATUS}}, o.\"version\", o.\"state_entered_at\" \
                 FROM {{TIMERS}} t LEFT JOIN {{ORDERS}} o ON {tj}o.{id} = t.\"order_id\" ORDER BY 2, 3, 4",
                tsel = if layout.tenant { "t.\"tenant\"" } else { "NULL" },
                idsel = if pg && uuid { "t.\"order_id\"::text".to_string() } else { rd(pg, "t.\"order_id\"") },
                version = rd(pg, "t.\"state_version\""),
                line = rd(pg, "t.\"line_id\""),
                due = rd(pg, "t.\"due_at\""),
                delay = rd(pg, "t.\"delay_seconds\""),
                attempts = rd(pg, "t.\"attempts\""),
                refused = rd(pg, "t.\"refused_at\""),
                parked = rd(pg, "t.\"parked_at\""),
                tj = if layout.tenant { "o.\"tenant\" = t.\"tenant\" AND " } else { "" },
                id = layout.id_column,
            )),
            timer_refuse: r.sql(
                "UPDATE {TIMERS} SET \"refused_at\" = @now WHERE {KEY} AND \"state_version\" = @version \
                 AND \"line_id\" = @line",
            ),
            timer_failed: r.sql(
                "UPDATE {TIMERS} SET \"attempts\" = @attempts, \"last_error\" = @error, \"due_at\" = @due, \
                 \"parked_at\" = @dead WHERE {KEY} AND \"state_version\" = @version AND \"line_id\" = @line",
            ),
            timers_parked: r.sql(
                &format!(
                    "SELECT {cols}, \"last_error\", {parked} FROM {{TIMERS}} WHERE \"parked_at\" IS NOT NULL \
                     ORDER BY \"parked_at\", 2, 3, 4 LIMIT @limit",
                    cols = timer_cols(""),
                    parked = rd(pg, "\"parked_at\""),
                ),
            ),
            timers_parked_count: r.sql(
                "SELECT COUNT(*) FROM {TIMERS} WHERE \"parked_at\" IS NOT NULL",
            ),
            timer_unpark: r.sql(
                "UPDATE {TIMERS} SET \"parked_at\" = NULL, \"attempts\" = 0, \"last_error\" = NULL, \
                 \"due_at\" = @now WHERE {KEY} AND \"state_version\" = @version AND \"line_id\" = @line \
                 AND \"parked_at\" IS NOT NULL",
            ),
            timer_rearm: r.sql(
                "UPDATE {TIMERS} SET \"due_at\" = @due, \"delay_seconds\" = @delay, \"refused_at\" = @dead \
                 WHERE {KEY} AND \"state_version\" = @version AND \"line_id\" = @line",
            ),
            outbox_unknown_dead: r.sql(&format!(
                "UPDATE {{OUTBOX}} SET \"dead_at\" = @now, \"last_error\" = 'the spec has no action ' || \"action\" || ' any more' \
                 WHERE \"published_at\" IS NULL AND \"dead_at\" IS NULL AND \"action\" NOT IN ({})",
                literals(actions)
            )),
            timers_arm_missing: r.sql(&format!(
                "INSERT INTO {{TIMERS}} ({{KCOLS}}, \"state_version\", \"line_id\", \"due_at\", \"delay_seconds\") \
                 SELECT {tc}o.{id}, o.\"version\", @line, o.\"state_entered_at\" + @ms, @delay FROM {{ORDERS}} o \
                 WHERE o.{{STATUS}} = @status AND NOT EXISTS (SELECT 1 FROM {{TIMERS}} t WHERE {tj}\
                 t.\"order_id\" = o.{id} AND t.\"state_version\" = o.\"version\" AND t.\"line_id\" = @line)",
                tc = if layout.tenant { "o.\"tenant\", " } else { "" },
                tj = if layout.tenant { "t.\"tenant\" = o.\"tenant\" AND " } else { "" },
                id = layout.id_column,
            )),
            timers_lag: r.sql(
                "SELECT MIN(\"due_at\"), COUNT(*) FROM {TIMERS} WHERE \"due_at\" <= @now AND \"parked_at\" IS NULL \
                 AND \"refused_at\" IS NULL",
            ),
            outbox_insert: r.sql(
                "INSERT INTO {OUTBOX} ({KCOLS}, \"seq\", \"action\", \"payload\", \"attempts\", \"next_attempt_at\") \
                 VALUES ({KVALS}, @seq, @action, @payload, 0, @now)",
            ),
            // Claim and lease in one statement: the due rows get `next_attempt_at = @next`
            // and come back (in no particular order: the caller sorts them by id). A row is
            // due when no earlier row of its order is still waiting: a failing row holds back
            // the later rows of its order until it is published or dead.
            outbox_claim: r.sql(&format!(
                "UPDATE {{OUTBOX}} SET \"next_attempt_at\" = @next WHERE \"outbox_id\" IN (\
                 SELECT o.\"outbox_id\" FROM {{OUTBOX}} o WHERE o.\"published_at\" IS NULL AND o.\"dead_at\" IS NULL \
                 AND o.\"next_attempt_at\" <= @now AND o.\"action\" IN ({actions}) AND NOT EXISTS (SELECT 1 FROM {{OUTBOX}} p WHERE {tj}\
                 p.\"order_id\" = o.\"order_id\" AND p.\"published_at\" IS NULL AND p.\"dead_at\" IS NULL \
                 AND p.\"outbox_id\" < o.\"outbox_id\") ORDER BY o.\"outbox_id\" LIMIT @limit{skip}) \
                 RETURNING {outbox_cols}, \
                 EXISTS (SELECT 1 FROM {{ORDERS}} r WHERE {rj}r.{id} = {{OUTBOX}}.\"order_id\"), \
                 EXISTS (SELECT 1 FROM {{LOG}} l WHERE {lj}l.\"order_id\" = {{OUTBOX}}.\"order_id\" \
                 AND l.\"seq\" = {{OUTBOX}}.\"seq\")",
                tj = if layout.tenant { "p.\"tenant\" = o.\"tenant\" AND " } else { "" },
                rj = if layout.tenant { "r.\"tenant\" = {OUTBOX}.\"tenant\" AND " } else { "" },
                lj = if layout.tenant { "l.\"tenant\" = {OUTBOX}.\"tenant\" AND " } else { "" },
                id = layout.id_column,
                actions = literals(actions),
            )),
            // A row another relay already settled (its lease ran out while this one
            // published) is left as that relay marked it.
            outbox_published: r.sql(
                "UPDATE {OUTBOX} SET \"published_at\" = @now, \"attempts\" = \"attempts\" + 1, \"last_error\" = NULL \
                 WHERE \"outbox_id\" = @oid AND \"published_at\" IS NULL AND \"dead_at\" IS NULL",
            ),
            outbox_failed: r.sql(
                "UPDATE {OUTBOX} SET \"attempts\" = @attempts, \"last_error\" = @error, \
                 \"next_attempt_at\" = @next, \"dead_at\" = @dead WHERE \"outbox_id\" = @oid \
                 AND \"published_at\" IS NULL AND \"dead_at\" IS NULL",
            ),
            outbox_dead: r.sql(&format!(
                "SELECT {outbox_cols} FROM {{OUTBOX}} WHERE \"dead_at\" IS NOT NULL ORDER BY \"outbox_id\" LIMIT @limit"
            )),
            outbox_retry: r.sql(
                "UPDATE {OUTBOX} SET \"dead_at\" = NULL, \"attempts\" = 0, \"last_error\" = NULL, \
                 \"next_attempt_at\" = @now WHERE \"outbox_id\" = @oid AND \"dead_at\" IS NOT NULL",
            ),
            outbox_cleanup: r.sql(
                "DELETE FROM {OUTBOX} WHERE \"published_at\" IS NOT NULL AND \"published_at\" < @before",
            ),
            outbox_backlog: r.sql(&format!(
                "SELECT COUNT(*), MIN(l.\"at\") FROM {{OUTBOX}} o JOIN {{LOG}} l ON {tj}l.\"order_id\" = o.\"order_id\" \
                 AND l.\"seq\" = o.\"seq\" WHERE o.\"published_at\" IS NULL AND o.\"dead_at\" IS NULL",
                tj = if layout.tenant { "l.\"tenant\" = o.\"tenant\" AND " } else { "" },
            )),
            outbox_dead_count: r.sql("SELECT COUNT(*) FROM {OUTBOX} WHERE \"dead_at\" IS NOT NULL"),
            outbox_of_order: r.sql(&format!(
                "SELECT {outbox_cols} FROM {{OUTBOX}} WHERE {{KEY}} ORDER BY \"outbox_id\""
            )),
            // SQLite only (PostgreSQL's column types refuse such values): timers holding a
            // value of another type than the store writes, with the type of each column.
            timers_unreadable: r.sql(&format!(
                "SELECT {cols}, typeof(\"order_id\"), typeof(\"state_version\"), typeof(\"line_id\"), \
                 typeof(\"due_at\"), typeof(\"attempts\"), typeof(\"delay_seconds\") FROM {{TIMERS}} \
                 WHERE \"parked_at\" IS NULL AND ({a} OR {b} OR {c} OR {d} OR {e} OR {f})",
                cols = timer_cols(""),
                a = wrong_type("\"order_id\"", key_class),
                b = wrong_type("\"state_version\"", "integer"),
                c = wrong_type("\"line_id\"", "text"),
                d = wrong_type("\"due_at\"", "integer"),
                e = wrong_type("\"attempts\"", "integer"),
                f = wrong_type("\"delay_seconds\"", "integer"),
            )),
            // SQLite only: timers whose due time is text (or a blob), which sorts after every
            // number and so is never due; found through the due-time index.
            timers_never_due: r.sql(&format!(
                "SELECT {cols}, typeof(\"order_id\"), typeof(\"state_version\"), typeof(\"line_id\"), \
                 typeof(\"due_at\"), typeof(\"attempts\"), typeof(\"delay_seconds\") FROM {{TIMERS}} \
                 WHERE \"due_at\" >= '' AND \"parked_at\" IS NULL LIMIT @limit",
                cols = timer_cols(""),
            )),
            // The stored values are kept as they are, for a person to look at.
            timer_park_unreadable: r.sql(
                "UPDATE {TIMERS} SET \"parked_at\" = @now, \"last_error\" = @error \
                 WHERE {KEY} AND \"state_version\" = @version AND \"line_id\" = @line AND \"parked_at\" IS NULL",
            ),
            outbox_unreadable: r.sql(&format!(
                "SELECT \"outbox_id\", {rdid}, {rdseq}, {rdaction}, {rdnext}, {rdattempts}, typeof(\"order_id\"), typeof(\"seq\"), \
                 typeof(\"action\"), typeof(\"next_attempt_at\"), typeof(\"attempts\") FROM {{OUTBOX}} \
                 WHERE \"published_at\" IS NULL AND \"dead_at\" IS NULL AND ({a} OR {b} OR {c} OR {d} OR {e})",
                rdid = rd(pg, "\"order_id\""),
                rdseq = rd(pg, "\"seq\""),
                rdaction = rd(pg, "\"action\""),
                rdnext = rd(pg, "\"next_attempt_at\""),
                rdattempts = rd(pg, "\"attempts\""),
                a = wrong_type("\"order_id\"", key_class),
                b = wrong_type("\"seq\"", "integer"),
                c = wrong_type("\"action\"", "text"),
                d = wrong_type("\"next_attempt_at\"", "integer"),
                e = wrong_type("\"attempts\"", "integer"),
            )),
            outbox_never_due: r.sql(&format!(
                "SELECT \"outbox_id\", {rdid}, {rdseq}, {rdaction}, {rdnext}, {rdattempts}, typeof(\"order_id\"), typeof(\"seq\"), \
                 typeof(\"action\"), typeof(\"next_attempt_at\"), typeof(\"attempts\") FROM {{OUTBOX}} \
                 WHERE \"next_attempt_at\" >= '' AND \"published_at\" IS NULL AND \"dead_at\" IS NULL LIMIT @limit",
                rdid = rd(pg, "\"order_id\""),
                rdseq = rd(pg, "\"seq\""),
                rdaction = rd(pg, "\"action\""),
                rdnext = rd(pg, "\"next_attempt_at\""),
                rdattempts = rd(pg, "\"attempts\""),
            )),
            outbox_set_dead: r.sql(
                "UPDATE {OUTBOX} SET \"dead_at\" = @now, \"last_error\" = @error WHERE \"outbox_id\" = @oid \
                 AND \"published_at\" IS NULL AND \"dead_at\" IS NULL",
            ),
            // Rows naming an action this spec does not have, waiting since before @before:
            // no relay that knows the action took them (one that leases a row moves its
            // `next_attempt_at` ahead).
            outbox_unknown_waiting: r.sql(&format!(
                "SELECT \"outbox_id\", {rdaction} FROM {{OUTBOX}} WHERE \"published_at\" IS NULL AND \"dead_at\" IS NULL \
                 AND \"next_attempt_at\" <= @before AND \"action\" NOT IN ({actions}) ORDER BY \"outbox_id\" LIMIT @limit",
                rdaction = rd(pg, "\"action\""),
                actions = literals(actions),
            )),
            status_of_code: r.sql(
                "SELECT \"state\", \"label\" FROM {STATUSES} WHERE \"code\" = @status",
            ),
            outbox_unknown_set_dead: r.sql(
                "UPDATE {OUTBOX} SET \"dead_at\" = @now, \"last_error\" = @error WHERE \"outbox_id\" = @oid \
                 AND \"published_at\" IS NULL AND \"dead_at\" IS NULL AND \"next_attempt_at\" <= @before",
            ),
        }
    }
}
