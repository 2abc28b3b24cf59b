-- The event store of one service, in that service's own schema ({schema}).
-- The events table is also the outbox: the relay publishes it to Kafka in commit order.

CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.events (
    -- Insert order only. Concurrent transactions commit out of this order, so a reader that
    -- follows `position` alone would skip rows that commit late (see read_all / the relay).
    position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The writing transaction; rows are read only once every older transaction has ended.
    -- xid8, not the 32-bit system xmin, so the comparison survives xid wraparound.
    tx_id          xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id       uuid NOT NULL,
    stream_id      text NOT NULL,
    stream_version integer NOT NULL CHECK (stream_version > 0),
    event_type     text NOT NULL,
    schema_version integer NOT NULL CHECK (schema_version > 0),
    subject        text NOT NULL,
    tenant         text NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    data           jsonb NOT NULL,
    metadata       jsonb NOT NULL,
    -- Tamper evidence: the hash of the previous event in this stream, and this event's own
    -- hash over that and its stored fields (see shared/eventstore/chain.py for the preimage).
    prev_hash      text NOT NULL,
    hash           text NOT NULL,
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    -- The optimistic-concurrency guard: two appends can never both take a version.
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
);

CREATE INDEX IF NOT EXISTS events_log_order ON {schema}.events (tx_id, position);
CREATE INDEX IF NOT EXISTS events_subject ON {schema}.events (subject);

-- History is never rewritten: erasure destroys keys, it does not touch rows.
CREATE OR REPLACE FUNCTION {schema}.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'RG403';
END $$;

CREATE OR REPLACE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON {schema}.events
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_rewrite();

CREATE OR REPLACE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON {schema}.events
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_rewrite();

-- `<length>:<text>`: the unambiguous piece of a hash preimage (shared/eventstore/chain.py).
CREATE OR REPLACE FUNCTION {schema}.netstring(p text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN length(p)::text || ':' || p;

-- One round trip per append: check the expected version, recognise a retry, insert.
-- Returns true when the events were appended, false when they were already there
-- (an idempotent retry). A conflict raises SQLSTATE RG409 with the stream's version as DETAIL.
CREATE OR REPLACE FUNCTION {schema}.append_events(
    p_stream text,
    p_expected integer,
    p_subject text,
    p_tenant text,
    p_ids uuid[],
    p_types text[],
    p_versions integer[],
    p_data jsonb[],
    p_metadata jsonb[]
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_head    integer;
    v_head_tx xid8;
    v_mine    xid8;
    v_prev    text;
    v_n       integer := cardinality(p_ids);
    v_prevs   text[] := '{}';
    v_hashes  text[] := '{}';
BEGIN
    SELECT stream_version, tx_id, hash INTO v_head, v_head_tx, v_prev
      FROM {schema}.events WHERE stream_id = p_stream
     ORDER BY stream_version DESC LIMIT 1;
    v_head := coalesce(v_head, 0);
    v_prev := coalesce(v_prev, repeat('0', 64));

    IF v_head <> p_expected THEN
        -- A retried append whose first attempt committed: same ids at the same versions.
        IF (SELECT count(*) FROM {schema}.events e
              JOIN unnest(p_ids) WITH ORDINALITY AS r(id, i) ON e.event_id = r.id
             WHERE e.stream_id = p_stream AND e.stream_version = p_expected + r.i) = v_n THEN
            RETURN false;
        END IF;
        RAISE EXCEPTION 'stream % is at version %, not the expected %', p_stream, v_head, p_expected
            USING ERRCODE = 'RG409', DETAIL = v_head::text;
    END IF;

    -- The relay orders by transaction id. A transaction that wrote something before this
    -- append holds an id older than the head it builds on, and would be relayed before it:
    -- refuse, so per-stream order on Kafka always equals version order. A retry succeeds.
    v_mine := pg_current_xact_id_if_assigned();
    IF v_mine IS NOT NULL AND v_head_tx IS NOT NULL AND v_mine < v_head_tx THEN
        RAISE EXCEPTION 'stream % moved on after this transaction began writing; retry', p_stream
            USING ERRCODE = 'RG409', DETAIL = v_head::text;
    END IF;

    FOR i IN 1 .. v_n LOOP
        v_prevs := v_prevs || v_prev;
        v_prev := encode(sha256(convert_to(
            {schema}.netstring(v_prev) || {schema}.netstring(p_ids[i]::text)
            || {schema}.netstring(p_stream) || {schema}.netstring((p_expected + i)::text)
            || {schema}.netstring(p_types[i]) || {schema}.netstring(p_versions[i]::text)
            || {schema}.netstring(p_subject) || {schema}.netstring(p_tenant)
            || {schema}.netstring(p_data[i]::text) || {schema}.netstring(p_metadata[i]::text),
            'UTF8')), 'hex');
        v_hashes := v_hashes || v_prev;
    END LOOP;

    INSERT INTO {schema}.events
           (event_id, stream_id, stream_version, event_type, schema_version,
            subject, tenant, data, metadata, prev_hash, hash)
    SELECT id, p_stream, p_expected + i::integer, typ, ver, p_subject, p_tenant, dat, meta,
           prv, hsh
      FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, v_prevs, v_hashes)
           WITH ORDINALITY AS x(id, typ, ver, dat, meta, prv, hsh, i);
    RETURN true;
END $$;

-- Where the relay is in the log, per topic. `generation` changes when someone asks for a
-- republish, so a running relay notices that its in-memory position was reset.
CREATE TABLE IF NOT EXISTS {schema}.relay_checkpoint (
    topic       text PRIMARY KEY,
    tx_id       xid8 NOT NULL DEFAULT '0',
    position    bigint NOT NULL DEFAULT 0,
    generation  integer NOT NULL DEFAULT 0,
    published   bigint NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
