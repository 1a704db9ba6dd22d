-- Adopts the existing table {{orders}}, which already holds status codes. SQLite cannot
-- add a column only if it is missing, so the columns "version", "state_entered_at" and
-- "created_at" are added once, before this script (`order-fsm sql --alter` prints those
-- statements first; programs get them from `order_fsm_sql::adopt_columns`). Rows without an entry
-- or creation time get the adoption time.
UPDATE {{orders}} SET "state_entered_at" = {{now_ms}} WHERE "state_entered_at" = 0;
UPDATE {{orders}} SET "created_at" = {{now_ms}} WHERE "created_at" = 0;
