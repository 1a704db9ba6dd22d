-- Adopts the existing table {{orders}}, which already holds status codes: adds the
-- columns the store needs. Existing rows get version 0 and the adoption time as their
-- entry and creation time.
ALTER TABLE {{orders}} ADD COLUMN IF NOT EXISTS "version" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE {{orders}} ADD COLUMN IF NOT EXISTS "state_entered_at" BIGINT NOT NULL
    DEFAULT ((extract(epoch FROM now()) * 1000)::BIGINT);
ALTER TABLE {{orders}} ADD COLUMN IF NOT EXISTS "created_at" BIGINT NOT NULL
    DEFAULT ((extract(epoch FROM now()) * 1000)::BIGINT);
