
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
{{allowed_rows}}-- The spec's states by code; rows of states no longer in the spec are kept.
{{status_rows}}
-- Repairs. Members of the role order_fsm_bypass (superusers are members of every role) run
-- `SELECT {{bypass_fn_plain}}('<reason>')` inside a transaction: until it ends, any known
-- status is accepted, the version may be set, orders may be deleted, and each status
-- change is written to the log with actor 'bypass: <reason>'. The switch is bound to that
-- one transaction (its id is part of the setting), so a session-wide SET does nothing.
-- The role is created here when the migrating user may create roles; otherwise create it
-- once (`CREATE ROLE order_fsm_bypass NOLOGIN`). Grant it with
-- `GRANT order_fsm_bypass TO <support account>`.
DO {{tag}}
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'order_fsm_bypass') THEN
        BEGIN
            CREATE ROLE order_fsm_bypass NOLOGIN;
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'order-fsm: role order_fsm_bypass is missing and % may not create it; repairs need it', current_user;
            -- Another migration (of another database of the cluster, say) created it
            -- at the same moment: roles belong to the whole cluster, so no lock of ours
            -- orders the two, and the loser sees the unique index of role names.
            WHEN duplicate_object OR unique_violation THEN
                NULL;
        END;
    END IF;
END
{{tag}};

CREATE OR REPLACE FUNCTION {{bypass_fn}}(reason TEXT) RETURNS TEXT
LANGUAGE plpgsql AS {{tag}}
BEGIN
    IF reason IS NULL OR reason = '' THEN
        RAISE EXCEPTION 'order-fsm: a repair needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'order_fsm_bypass')
            AND pg_has_role(current_user, 'order_fsm_bypass', 'MEMBER')) THEN
        RAISE EXCEPTION 'order-fsm: repairs are for members of role order_fsm_bypass; % is not one', current_user
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'GRANT order_fsm_bypass TO <account>';
    END IF;
    PERFORM set_config('order_fsm.bypass', txid_current()::text || ':' || reason, true);
    RETURN reason;
END
{{tag}};

-- The repair's reason when {{bypass_fn_plain}} was called in this transaction by a member of
-- order_fsm_bypass; NULL otherwise (a value set any other way is not a repair).
CREATE OR REPLACE FUNCTION {{bypass_reason_fn}}() RETURNS TEXT
LANGUAGE plpgsql AS {{tag}}
DECLARE
    setting TEXT := NULLIF(current_setting('order_fsm.bypass', true), '');
    xact TEXT;
BEGIN
    IF setting IS NULL THEN
        RETURN NULL;
    END IF;
    xact := split_part(setting, ':', 1);
    IF xact IS DISTINCT FROM txid_current()::text THEN
        RETURN NULL;
    END IF;
    IF NOT (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'order_fsm_bypass')
            AND pg_has_role(current_user, 'order_fsm_bypass', 'MEMBER')) THEN
        RETURN NULL;
    END IF;
    RETURN substr(setting, length(xact) + 2);
END
{{tag}};

-- Guards the orders table: a new order starts in the initial status, a status changes only
-- as some line allows, the id (and tenant) never changes, "version" grows by one, and every
-- status change bumps "version" and the entry time. A repair (above) lifts these rules.
CREATE OR REPLACE FUNCTION {{orders_guard_fn}}() RETURNS trigger
LANGUAGE plpgsql AS {{tag}}
DECLARE
    bypass TEXT := {{bypass_reason_fn}}();
    now_ms BIGINT := (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.{{status}} IS DISTINCT FROM {{initial_code}} THEN
            IF bypass IS NULL THEN
                RAISE EXCEPTION 'order-fsm: a new {{machine}} must start in status {{initial_display}}, not %', NEW.{{status}}
                    USING ERRCODE = 'check_violation',
                          HINT = 'to insert an order in another status as a repair, run SELECT {{bypass_fn_text}}(''<reason>'') in the transaction first';
            END IF;
            INSERT INTO {{log}} ({{tenant_key}}"order_id", "seq", "from_status", "to_status", "actor", "spec_hash", "at")
            SELECT {{new_tenant}}NEW.{{id}}, COALESCE(MAX("seq"), 0) + 1, NULL, NEW.{{status}}, 'bypass: ' || bypass, '{{spec_hash}}', now_ms
            FROM {{log}} WHERE {{log_match}};
        END IF;
        RETURN NEW;
    END IF;
    IF bypass IS NULL THEN
        IF NEW.{{id}} IS DISTINCT FROM OLD.{{id}}{{pg_tenant_changed}} THEN
            RAISE EXCEPTION 'order-fsm: the id of an order of {{orders_plain_fmt}} does not change'
                USING ERRCODE = 'check_violation',
                      HINT = 'for a repair, run SELECT {{bypass_fn_text}}(''<reason>'') in the transaction first';
        END IF;
        IF NEW."version" IS DISTINCT FROM OLD."version"
           AND NEW."version" IS DISTINCT FROM OLD."version" + 1 THEN
            RAISE EXCEPTION 'order-fsm: the version of an order of {{orders_plain_fmt}} only grows by one, not from % to %',
                OLD."version", NEW."version"
                USING ERRCODE = 'check_violation',
                      HINT = 'for a repair, run SELECT {{bypass_fn_text}}(''<reason>'') in the transaction first';
        END IF;
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
                      HINT = 'the allowed changes are the rows of {{allowed_plain}}; for a repair, run SELECT {{bypass_fn_text}}(''<reason>'') in the transaction first';
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

-- Orders are not deleted (their log, timers, keys and outbox rows name them), except in a
-- repair.
CREATE OR REPLACE FUNCTION {{orders_delete_fn}}() RETURNS trigger
LANGUAGE plpgsql AS {{tag}}
BEGIN
    IF {{bypass_reason_fn}}() IS NULL THEN
        RAISE EXCEPTION 'order-fsm: orders of {{orders_plain_fmt}} are not deleted; % is not allowed', TG_OP
            USING ERRCODE = 'restrict_violation',
                  HINT = 'for a repair, run SELECT {{bypass_fn_text}}(''<reason>'') in the transaction first';
    END IF;
    IF TG_LEVEL = 'ROW' THEN
        RETURN OLD;
    END IF;
    RETURN NULL;
END
{{tag}};

-- A log row is written by the store, in the transaction that changes the order: it follows
-- the order's row before it (seq - 1, so no gap opens; the primary key refuses a second row
-- with the same number), leads to the order's status as it now is, from a status some line
-- leaves for it (or the same status), and only the first row has no "from". A repair's rows
-- are written by the orders trigger, in the repair's transaction.
CREATE OR REPLACE FUNCTION {{log_insert_fn}}() RETURNS trigger
LANGUAGE plpgsql AS {{tag}}
BEGIN
    IF {{bypass_reason_fn}}() IS NOT NULL THEN
        RETURN NEW;
    END IF;
    -- Each condition reads one row by its key: the row before this one (so no gap can
    -- open, and the primary key refuses a second row with the same number), and the order.
    IF NOT EXISTS (
            SELECT 1 FROM {{orders}} o
            WHERE {{log_order_match}} AND o.{{status}} IS NOT DISTINCT FROM NEW."to_status"
       )
       OR (NEW."seq" IS DISTINCT FROM 1 AND NOT EXISTS (
               SELECT 1 FROM {{log}} l WHERE {{log_self_match}} AND l."seq" = NEW."seq" - 1
           ))
       OR (NEW."from_status" IS NULL AND NEW."seq" IS DISTINCT FROM 1)
       OR (NEW."from_status" IS NOT NULL AND NEW."from_status" IS DISTINCT FROM NEW."to_status"
           AND NOT EXISTS (
               SELECT 1 FROM {{allowed}}
               WHERE "from_status" = NEW."from_status" AND "to_status" = NEW."to_status"
           )) THEN
        RAISE EXCEPTION 'order-fsm: a row of {{log_plain_fmt}} must follow the order''s last row and lead to its status as it is now, along a change some line allows'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
{{tag}};

DO {{tag}}
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = {{orders_regclass}}::regclass AND tgname = {{orders_delete_trigger_name}}
    ) THEN
        CREATE TRIGGER {{orders_delete_trigger}} BEFORE DELETE ON {{orders}}
            FOR EACH ROW EXECUTE FUNCTION {{orders_delete_fn}}();
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = {{orders_regclass}}::regclass AND tgname = {{orders_truncate_trigger_name}}
    ) THEN
        CREATE TRIGGER {{orders_truncate_trigger}} BEFORE TRUNCATE ON {{orders}}
            FOR EACH STATEMENT EXECUTE FUNCTION {{orders_delete_fn}}();
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = {{log_regclass}}::regclass AND tgname = {{log_insert_trigger_name}}
    ) THEN
        CREATE TRIGGER {{log_insert_trigger}} BEFORE INSERT ON {{log}}
            FOR EACH ROW EXECUTE FUNCTION {{log_insert_fn}}();
    END IF;
END
{{tag}};
