-- Processing-log entries past their retention (bewaartermijn) are destroyed: logs are personal
-- data too (AVG art. 5(1)(e)). A chain loses its oldest entries, never a middle or its end, and
-- each prune leaves a checkpoint: the last destroyed entry's seq and hash, from which `verify`
-- continues the chain (shared/processing_log/pruning.py). The entries may be deleted only up
-- to a recorded checkpoint; checkpoints themselves are append-only. After the trace migration.

CREATE TABLE IF NOT EXISTS {schema}.processing_log_prunes (
    prune_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant     text NOT NULL,
    youth_id   text NOT NULL,
    -- The newest destroyed entry: the chain continues after it.
    seq        integer NOT NULL CHECK (seq > 0),
    hash       text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    logged_at  timestamptz NOT NULL,
    -- The retention in force, and when the prune ran: logged_at + retention <= pruned_at.
    retention  interval NOT NULL,
    pruned_at  timestamptz NOT NULL,
    CHECK (logged_at + retention <= pruned_at)
);

CREATE INDEX IF NOT EXISTS processing_log_prunes_chain
    ON {schema}.processing_log_prunes (tenant, youth_id, seq DESC);

CREATE OR REPLACE FUNCTION {schema}.processing_log_prunes_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'processing_log_prunes is append-only: % refused', TG_OP
        USING ERRCODE = 'RG403';
END $$;

CREATE OR REPLACE TRIGGER processing_log_prunes_append_only
    BEFORE UPDATE OR DELETE ON {schema}.processing_log_prunes
    FOR EACH ROW EXECUTE FUNCTION {schema}.processing_log_prunes_refuse_rewrite();

CREATE OR REPLACE TRIGGER processing_log_prunes_no_truncate
    BEFORE TRUNCATE ON {schema}.processing_log_prunes
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.processing_log_prunes_refuse_rewrite();

-- The log stays append-only, except that an entry at or before its chain's latest checkpoint
-- may be deleted: no entry goes without a recorded prune.
CREATE OR REPLACE FUNCTION {schema}.processing_log_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM {schema}.processing_log_prunes p
         WHERE p.tenant = OLD.tenant AND p.youth_id = OLD.youth_id AND p.seq >= OLD.seq
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'processing_log is append-only: % refused', TG_OP USING ERRCODE = 'RG403';
END $$;

-- The writer of trace.sql, except that a chain whose every entry was pruned continues from
-- its checkpoint instead of starting again at 1.
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
    IF v_seq IS NULL THEN
        -- Every entry of the chain was pruned: it continues from its checkpoint.
        SELECT seq, hash INTO v_seq, v_head
          FROM {schema}.processing_log_prunes
         WHERE tenant = p_tenant AND youth_id = p_youth_id
         ORDER BY seq DESC LIMIT 1;
    END IF;

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
