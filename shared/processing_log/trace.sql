-- The trace context of each processing (Logboek Dataverwerkingen: trace_id and span_id), so
-- an entry can be followed to the request, the events and the reactions it was part of.
-- Nullable: entries written untraced (tracing off, or before this) have none.

ALTER TABLE {schema}.processing_log
    ADD COLUMN IF NOT EXISTS trace_id text CHECK (trace_id ~ '^[0-9a-f]{32}$'),
    ADD COLUMN IF NOT EXISTS span_id  text CHECK (span_id ~ '^[0-9a-f]{16}$');

ALTER TABLE {schema}.processing_log DROP CONSTRAINT IF EXISTS processing_log_trace_pair;
ALTER TABLE {schema}.processing_log ADD CONSTRAINT processing_log_trace_pair
    CHECK ((trace_id IS NULL) = (span_id IS NULL));

-- The ids enter the hash chain, but only where present: an untraced entry's preimage is what
-- it always was (earlier chains stay valid), a traced one's ends with two more fields,
-- trace_id and span_id, so they cannot be changed, added or removed unnoticed.
CREATE OR REPLACE FUNCTION {schema}.processing_log_preimage(e {schema}.processing_log)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT string_agg(length(f)::text || ':' || f || E'\n', '' ORDER BY i)
      FROM unnest(ARRAY[
               e.prev_hash,
               e.entry_id::text,
               e.seq::text,
               to_char(e.logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               e.tenant,
               e.youth_id,
               e.actor,
               e.actor_role,
               e.action,
               e.activity,
               e.activity_name,
               e.grondslag,
               e.vertrouwelijkheid,
               e.result,
               e.correlation_id,
               e.method,
               e.path
           ] || CASE WHEN e.trace_id IS NULL THEN ARRAY[]::text[]
                     ELSE ARRAY[e.trace_id, e.span_id] END) WITH ORDINALITY AS x(f, i)
$$;

-- The writer takes the two ids as well (named, defaulting to none).
DROP FUNCTION IF EXISTS {schema}.record_processing(
    text, text, text, text, text, text, text, text, text, text, text, text, text);

CREATE OR REPLACE FUNCTION {schema}.record_processing(
    p_tenant text,
    p_youth_id text,
    p_actor text,
    p_actor_role text,
    p_action text,
    p_activity text,
    p_activity_name text,
    p_grondslag text,
    p_vertrouwelijkheid text,
    p_result text,
    p_correlation_id text,
    p_method text,
    p_path text,
    p_trace_id text DEFAULT NULL,
    p_span_id text DEFAULT NULL
) RETURNS {schema}.processing_log LANGUAGE plpgsql AS $$
DECLARE
    v_entry {schema}.processing_log;
    v_seq   integer;
    v_head  text;
BEGIN
    PERFORM pg_advisory_xact_lock(
        hashtextextended('{schema}.processing_log:' || p_tenant || ':' || p_youth_id, 0));
    SELECT seq, hash INTO v_seq, v_head
      FROM {schema}.processing_log
     WHERE tenant = p_tenant AND youth_id = p_youth_id
     ORDER BY seq DESC LIMIT 1;

    v_entry.entry_id := gen_random_uuid();
    v_entry.tenant := p_tenant;
    v_entry.youth_id := p_youth_id;
    v_entry.seq := coalesce(v_seq, 0) + 1;
    -- After the lock, so logged_at follows seq within a chain.
    v_entry.logged_at := clock_timestamp();
    v_entry.actor := p_actor;
    v_entry.actor_role := p_actor_role;
    v_entry.action := p_action;
    v_entry.activity := p_activity;
    v_entry.activity_name := p_activity_name;
    v_entry.grondslag := p_grondslag;
    v_entry.vertrouwelijkheid := p_vertrouwelijkheid;
    v_entry.result := p_result;
    v_entry.correlation_id := p_correlation_id;
    v_entry.method := p_method;
    v_entry.path := p_path;
    v_entry.trace_id := p_trace_id;
    v_entry.span_id := p_span_id;
    v_entry.prev_hash := coalesce(v_head, repeat('0', 64));
    v_entry.hash := {schema}.processing_log_hash(v_entry);

    INSERT INTO {schema}.processing_log VALUES (v_entry.*);
    RETURN v_entry;
END $$;
