-- Data keys per young person, wrapped by the master key, in a schema of their own so that
-- backups of the event store never need to contain them. Erasure deletes the row and keeps
-- a tombstone, so no new key is ever made for an erased person.
CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.data_keys (
    subject    text PRIMARY KEY,
    key_id     uuid NOT NULL UNIQUE,
    wrapped    bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS {schema}.erasures (
    subject    text PRIMARY KEY,
    reason     text NOT NULL,
    actor      text NOT NULL,
    erased_at  timestamptz NOT NULL DEFAULT now()
);
