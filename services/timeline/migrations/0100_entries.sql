-- One row per headline event; ordered by when it happened, ties broken stably.
CREATE TABLE IF NOT EXISTS {schema}.entries (
    event_id          uuid PRIMARY KEY,
    youth_id          text NOT NULL,
    gemeentecode      text NOT NULL,
    domain            text NOT NULL,
    event_type        text NOT NULL,
    schema_version    integer NOT NULL,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    programma         text,
    leefgebied        text,
    phase             text,
    headline          text NOT NULL,
    grondslag         text,
    vertrouwelijkheid text,
    stream_id         text NOT NULL,
    stream_version    integer NOT NULL,
    sequence          text NOT NULL
);

CREATE INDEX IF NOT EXISTS entries_by_youth
    ON {schema}.entries (youth_id, occurred_at, recorded_at, domain, stream_version, event_id);
