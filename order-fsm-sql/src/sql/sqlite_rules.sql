
-- The rules of the spec. Everything below is replaced on every run.

-- A repair inserts one row here inside its transaction (and deletes it before COMMIT):
-- then any known status is accepted and the change is written to the log with actor
-- 'bypass: <reason>'.
CREATE TABLE IF NOT EXISTS {{bypass}} (
    "one" INTEGER PRIMARY KEY DEFAULT 1 CHECK ("one" = 1),
    "reason" TEXT NOT NULL CHECK ("reason" <> '')
);
{{guard_existing}}
-- The status changes the spec allows.
DELETE FROM {{allowed}};
{{allowed_rows}}-- The spec's states by code; rows of states no longer in the spec are kept.
{{status_rows}}
-- SQLite cannot change a table's CHECK constraint, so the list of status codes is enforced
-- here, in triggers that every run replaces.
DROP TRIGGER IF EXISTS {{insert_trigger}};
CREATE TRIGGER {{insert_trigger}} BEFORE INSERT ON {{orders}}
BEGIN
    SELECT RAISE(ABORT, {{unknown_code_message}})
    WHERE NEW.{{status}} NOT IN ({{codes}});
    SELECT RAISE(ABORT, {{initial_message}})
    WHERE NEW.{{status}} IS NOT {{initial_code}}
      AND NOT EXISTS (SELECT 1 FROM {{bypass}});
END;

DROP TRIGGER IF EXISTS {{insert_log_trigger}};
CREATE TRIGGER {{insert_log_trigger}} AFTER INSERT ON {{orders}}
WHEN NEW.{{status}} IS NOT {{initial_code}}
BEGIN
    INSERT INTO {{log}} ({{tenant_key}}"order_id", "seq", "from_status", "to_status", "actor", "spec_hash", "at")
    SELECT {{new_tenant}}NEW.{{id}},
           (SELECT COALESCE(MAX("seq"), 0) + 1 FROM {{log}} WHERE {{log_match}}),
           NULL, NEW.{{status}}, 'bypass: ' || "reason", '{{spec_hash}}', {{now_ms}}
    FROM {{bypass}};
END;

DROP TRIGGER IF EXISTS {{update_trigger}};
CREATE TRIGGER {{update_trigger}} BEFORE UPDATE OF {{status}} ON {{orders}}
WHEN NEW.{{status}} IS NOT OLD.{{status}}
BEGIN
    SELECT RAISE(ABORT, {{unknown_code_message}})
    WHERE NEW.{{status}} NOT IN ({{codes}});
    SELECT {{refusal}}
    WHERE NOT EXISTS (SELECT 1 FROM {{bypass}})
      AND NOT EXISTS (
          SELECT 1 FROM {{allowed}}
          WHERE "from_status" = OLD.{{status}} AND "to_status" = NEW.{{status}}
      );
END;

-- Every status change bumps "version" (unless the UPDATE already set old + 1, as the store
-- does, with the entry time from the application's clock: both are left as it set them) and,
-- for a direct UPDATE, sets the entry time to the database's time (unless the UPDATE set
-- it); a repair is logged.
DROP TRIGGER IF EXISTS {{changed_trigger}};
CREATE TRIGGER {{changed_trigger}} AFTER UPDATE OF {{status}} ON {{orders}}
WHEN NEW.{{status}} IS NOT OLD.{{status}}
BEGIN
    INSERT INTO {{log}} ({{tenant_key}}"order_id", "seq", "from_status", "to_status", "actor", "spec_hash", "at")
    SELECT {{new_tenant}}NEW.{{id}},
           (SELECT COALESCE(MAX("seq"), 0) + 1 FROM {{log}} WHERE {{log_match}}),
           OLD.{{status}}, NEW.{{status}}, 'bypass: ' || "reason", '{{spec_hash}}', {{now_ms}}
    FROM {{bypass}};
    UPDATE {{orders}} SET "version" = OLD."version" + 1
    WHERE {{row_match}} AND "version" IS NOT OLD."version" + 1;
    UPDATE {{orders}} SET "state_entered_at" = {{now_ms}}
    WHERE {{row_match}} AND NEW."version" IS NOT OLD."version" + 1
      AND NEW."state_entered_at" IS OLD."state_entered_at";
END;

-- The log is append-only: UPDATE and DELETE are refused.
DROP TRIGGER IF EXISTS {{log_update_trigger}};
CREATE TRIGGER {{log_update_trigger}} BEFORE UPDATE ON {{log}}
BEGIN
    SELECT RAISE(ABORT, 'order-fsm: the audit log is append-only; UPDATE is not allowed');
END;
DROP TRIGGER IF EXISTS {{log_delete_trigger}};
CREATE TRIGGER {{log_delete_trigger}} BEFORE DELETE ON {{log}}
BEGIN
    SELECT RAISE(ABORT, 'order-fsm: the audit log is append-only; DELETE is not allowed');
END;

-- The store relies on an order keeping its id (and tenant), on "version" growing by one
-- per change, and on its log, timers, keys and outbox rows having an order: a direct
-- UPDATE may not change the id or set another version, and an order is not deleted.
-- A repair (the bypass) may.
DROP TRIGGER IF EXISTS {{keys_trigger}};
CREATE TRIGGER {{keys_trigger}} BEFORE UPDATE ON {{orders}}
WHEN NOT EXISTS (SELECT 1 FROM {{bypass}})
BEGIN
    SELECT RAISE(ABORT, {{keys_message}})
    WHERE {{keys_changed}};
    SELECT RAISE(ABORT, {{version_message}})
    WHERE NEW."version" IS NOT OLD."version" AND NEW."version" IS NOT OLD."version" + 1;
END;
DROP TRIGGER IF EXISTS {{delete_trigger}};
CREATE TRIGGER {{delete_trigger}} BEFORE DELETE ON {{orders}}
WHEN NOT EXISTS (SELECT 1 FROM {{bypass}})
BEGIN
    SELECT RAISE(ABORT, {{delete_message}});
END;

-- A log row is written by the store, in the transaction that changes the order: it follows
-- the order's row before it (seq - 1, so no gap opens; the primary key refuses a second row
-- with the same number), leads to the order's status as it now is, from a status some line
-- leaves for it (or the same status), and only the first row has no "from". A repair's
-- rows are written by the triggers above, with the bypass set.
DROP TRIGGER IF EXISTS {{log_insert_trigger}};
CREATE TRIGGER {{log_insert_trigger}} BEFORE INSERT ON {{log}}
WHEN NOT EXISTS (SELECT 1 FROM {{bypass}})
BEGIN
    SELECT RAISE(ABORT, {{log_insert_message}})
    WHERE NOT EXISTS (
            SELECT 1 FROM {{orders}} o WHERE {{log_order_match}} AND o.{{status}} IS NEW."to_status"
          )
       OR (NEW."seq" IS NOT 1 AND NOT EXISTS (
               SELECT 1 FROM {{log}} l WHERE {{log_self_match}} AND l."seq" = NEW."seq" - 1
           ))
       OR (NEW."from_status" IS NULL AND NEW."seq" IS NOT 1)
       OR (NEW."from_status" IS NOT NULL AND NEW."from_status" IS NOT NEW."to_status"
           AND NOT EXISTS (
               SELECT 1 FROM {{allowed}}
               WHERE "from_status" = NEW."from_status" AND "to_status" = NEW."to_status"
           ));
END;
{{type_guards}}
