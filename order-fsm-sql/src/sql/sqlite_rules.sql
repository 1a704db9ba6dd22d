
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
{{allowed_rows}}
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
