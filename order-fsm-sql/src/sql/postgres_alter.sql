-- Adopts the existing table {{orders}}, which already holds status codes: adds the
-- columns the store needs, when missing. Existing rows get version 0 and the adoption time
-- as their entry and creation time.
DO {{tag}}
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_attribute
        WHERE attrelid = {{orders_regclass}}::regclass AND attname = 'version' AND NOT attisdropped
    ) THEN
        ALTER TABLE {{orders}} ADD COLUMN "version" BIGINT NOT NULL DEFAULT 0;
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_attribute
        WHERE attrelid = {{orders_regclass}}::regclass AND attname = 'state_entered_at' AND NOT attisdropped
    ) THEN
        ALTER TABLE {{orders}} ADD COLUMN "state_entered_at" BIGINT NOT NULL
            DEFAULT ((extract(epoch FROM now()) * 1000)::BIGINT);
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_attribute
        WHERE attrelid = {{orders_regclass}}::regclass AND attname = 'created_at' AND NOT attisdropped
    ) THEN
        ALTER TABLE {{orders}} ADD COLUMN "created_at" BIGINT NOT NULL
            DEFAULT ((extract(epoch FROM now()) * 1000)::BIGINT);
    END IF;
END
{{tag}};
