-- Reactions (policies) that failed and were parked on a dead-letter topic, per young person.
-- The dead-letter projection's own table (its own consumer group reads the `.dlq` topics).
CREATE TABLE IF NOT EXISTS {schema}.signal_dead_letters (
    signal_id    uuid PRIMARY KEY,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    domain       text NOT NULL,
    consumer     text NOT NULL,
    event_type   text NOT NULL,
    reason       text NOT NULL,
    raised_at    timestamptz NOT NULL,
    raised_by    uuid NOT NULL
);
CREATE INDEX IF NOT EXISTS signal_dead_letters_by_youth ON {schema}.signal_dead_letters (youth_id);
