-- Incremental verification of one service's hash chains ({schema}): where the last pass
-- stopped (shared/audit/incremental.py), so each scheduled pass reads only what came after.

-- Per event stream: the newest version a pass recomputed, and its hash (the next link).
CREATE TABLE IF NOT EXISTS {schema}.chain_verified_heads (
    stream_id      text PRIMARY KEY,
    tenant         text NOT NULL,
    stream_version integer NOT NULL,
    hash           text NOT NULL
);

-- Per processing-log chain (tenant, young person): the newest entry a pass recomputed.
CREATE TABLE IF NOT EXISTS {schema}.processing_log_verified_heads (
    tenant   text NOT NULL,
    youth_id text NOT NULL,
    seq      integer NOT NULL,
    hash     text NOT NULL,
    PRIMARY KEY (tenant, youth_id)
);

-- Each pass: the next reads the events of transactions from `tx_horizon` on (events_log_order)
-- and the log entries written since shortly before `started_at`.
CREATE TABLE IF NOT EXISTS {schema}.chain_verifications (
    run_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL DEFAULT now(),
    tx_horizon    xid8 NOT NULL,
    events_read   integer NOT NULL,
    entries_read  integer NOT NULL,
    problems      integer NOT NULL
);

-- The log entries written since the last pass, without reading the whole log.
CREATE INDEX IF NOT EXISTS processing_log_logged_at ON {schema}.processing_log (logged_at);
