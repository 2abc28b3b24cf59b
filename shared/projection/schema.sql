-- The inbox of a consumer: which events it has applied. A row is written in the same
-- transaction as the change the event caused, so a redelivered event is recognised and
-- skipped: at-least-once delivery, exactly-once effect.
CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.inbox (
    consumer   text NOT NULL,
    event_id   uuid NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
