-- The secret a rotation replaced: it still signs each POST beside the new one until
-- `previous_secret_valid_until`, so a receiver can switch secrets without refusing a POST.
-- Sealed exactly as `secret_sealed` (same subscription, same use), so a rotation moves the
-- sealed value across without opening it. One only: rotating again replaces it.
ALTER TABLE {schema}.subscriptions
    ADD COLUMN IF NOT EXISTS previous_secret_sealed bytea,
    ADD COLUMN IF NOT EXISTS previous_secret_valid_until timestamptz;
