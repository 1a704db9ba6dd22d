-- The orders. Add columns of your own freely; the store reads and writes only these.
CREATE TABLE IF NOT EXISTS {{orders}} (
    {{tenant_col}}{{id}} {{key_type}} NOT NULL,
    {{status}} {{status_type}} NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    "state_entered_at" BIGINT NOT NULL,
    "created_at" BIGINT NOT NULL,
    PRIMARY KEY ({{tenant_key}}{{id}})
);
-- Orders by status: arming the timers of a timeout line after a spec change, counting.
CREATE INDEX IF NOT EXISTS {{orders_status_index}} ON {{orders}} ({{status}});
