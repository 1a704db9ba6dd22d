
-- The rules of the spec. Everything below is replaced on every run.

-- The status codes of the spec, as a CHECK constraint. It is replaced only when the list
-- changed (its comment records the list): replacing it locks the orders table and checks
-- every row, which a re-run with the same spec should not do.
DO {{tag}}
BEGIN
    IF obj_description(
        (SELECT oid FROM pg_constraint
         WHERE conrelid = {{orders_regclass}}::regclass AND conname = {{status_check_name}}),
        'pg_constraint'
    ) IS DISTINCT FROM {{status_check_comment}} THEN
        ALTER TABLE {{orders}} DROP CONSTRAINT IF EXISTS {{status_check}};
        ALTER TABLE {{orders}} ADD CONSTRAINT {{status_check}}
            CHECK ({{status}} IN ({{codes}})){{check_not_valid}};
        COMMENT ON CONSTRAINT {{status_check}} ON {{orders}} IS {{status_check_comment}};
    END IF;
END
{{tag}};

-- The status changes the spec allows.
DELETE FROM {{allowed}};
{{allowed_rows}}
-- Guards the orders table: a new order starts in the initial status, a status changes only
-- as some line allows, and every change bumps "version" and the entry time. A repair runs
-- `SET LOCAL order_fsm.bypass = '<reason>'` in its transaction: then any known status is
-- accepted and the change is written to the log with actor 'bypass: <reason>'.
CREATE OR REPLACE FUNCTION {{orders_guard_fn}}() RETURNS trigger
LANGUAGE plpgsql AS {{tag}}
DECLARE
    bypass TEXT := NULLIF(current_setting('order_fsm.bypass', true), '');
    now_ms BIGINT := (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.{{status}} IS DISTINCT FROM {{initial_code}} THEN
            IF bypass IS NULL THEN
                RAISE EXCEPTION 'order-fsm: a new {{machine}} must start in status {{initial_display}}, not %', NEW.{{status}}
                    USING ERRCODE = 'check_violation',
                          HINT = 'to insert an order in another status as a repair, run SET LOCAL order_fsm.bypass = ''<reason>'' first';
            END IF;
            INSERT INTO {{log}} ({{tenant_key}}"order_id", "seq", "from_status", "to_status", "actor", "spec_hash", "at")
            SELECT {{new_tenant}}NEW.{{id}}, COALESCE(MAX("seq"), 0) + 1, NULL, NEW.{{status}}, 'bypass: ' || bypass, '{{spec_hash}}', now_ms
            FROM {{log}} WHERE {{log_match}};
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.{{status}} IS NOT DISTINCT FROM OLD.{{status}} THEN
        RETURN NEW;
    END IF;
    IF bypass IS NULL THEN
        IF NOT EXISTS (
            SELECT 1 FROM {{allowed}}
            WHERE "from_status" = OLD.{{status}} AND "to_status" = NEW.{{status}}
        ) THEN
            RAISE EXCEPTION 'order-fsm: {{machine}} status % cannot change to %: no transition line allows it',
                {{old_status_name}},
                {{new_status_name}}
                USING ERRCODE = 'check_violation',
                      HINT = 'the allowed changes are the rows of {{allowed_plain}}; for a repair, run SET LOCAL order_fsm.bypass = ''<reason>'' first';
        END IF;
    ELSE
        INSERT INTO {{log}} ({{tenant_key}}"order_id", "seq", "from_status", "to_status", "actor", "spec_hash", "at")
        SELECT {{new_tenant}}NEW.{{id}}, COALESCE(MAX("seq"), 0) + 1, OLD.{{status}}, NEW.{{status}}, 'bypass: ' || bypass, '{{spec_hash}}', now_ms
        FROM {{log}} WHERE {{log_match}};
    END IF;
    -- The store sets version = old + 1 and the entry time itself, from the application's
    -- clock: both are left as it set them (the same millisecond as the last entry
    -- included). A direct UPDATE gets the version here, and the database's time unless it
    -- set the entry time.
    IF NEW."version" IS DISTINCT FROM OLD."version" + 1 THEN
        NEW."version" := OLD."version" + 1;
        IF NEW."state_entered_at" IS NOT DISTINCT FROM OLD."state_entered_at" THEN
            NEW."state_entered_at" := now_ms;
        END IF;
    END IF;
    RETURN NEW;
END
{{tag}};

-- The triggers are created once: the functions they call are replaced above and below, and
-- dropping a trigger would lock its table.
DO {{tag}}
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = {{orders_regclass}}::regclass AND tgname = {{orders_guard_trigger_name}}
    ) THEN
        CREATE TRIGGER {{orders_guard_trigger}} BEFORE INSERT OR UPDATE ON {{orders}}
            FOR EACH ROW EXECUTE FUNCTION {{orders_guard_fn}}();
    END IF;
END
{{tag}};

-- The log is append-only: UPDATE, DELETE and TRUNCATE are refused.
CREATE OR REPLACE FUNCTION {{log_guard_fn}}() RETURNS trigger
LANGUAGE plpgsql AS {{tag}}
BEGIN
    RAISE EXCEPTION 'order-fsm: the audit log % is append-only; % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
{{tag}};

DO {{tag}}
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = {{log_regclass}}::regclass AND tgname = {{log_guard_trigger_name}}
    ) THEN
        CREATE TRIGGER {{log_guard_trigger}} BEFORE UPDATE OR DELETE ON {{log}}
            FOR EACH ROW EXECUTE FUNCTION {{log_guard_fn}}();
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = {{log_regclass}}::regclass AND tgname = {{log_truncate_trigger_name}}
    ) THEN
        CREATE TRIGGER {{log_truncate_trigger}} BEFORE TRUNCATE ON {{log}}
            FOR EACH STATEMENT EXECUTE FUNCTION {{log_guard_fn}}();
    END IF;
END
{{tag}};
