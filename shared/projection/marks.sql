-- The inbox of a consumer, bounded: per source stream, the highest version it has applied
-- (one row per stream, not per event; see shared/projection/inbox.py for why that suffices).
-- `previous` is the mark before the last raise, so the raising statement can say which of a
-- batch's events were new without a second round trip. Written in the same transaction as the
-- change the events caused. The event-id table (0001_inbox) stays for the dead-letter readers
-- and as the fallback for rows written before this table existed.
CREATE TABLE IF NOT EXISTS {schema}.inbox_marks (
    consumer text   NOT NULL,
    source   text   NOT NULL,
    stream   text   NOT NULL,
    version  bigint NOT NULL,
    previous bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (consumer, source, stream)
);
