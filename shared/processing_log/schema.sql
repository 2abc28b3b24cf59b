-- The processing log (verwerkingenlogging) of one service, in that service's schema ({schema}).
-- AVG accountability: who processed which young person's data, why and with what result.
-- Only ids and codes: never a name, a BSN or any other personal data.

CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.processing_log (
    entry_id          uuid PRIMARY KEY,
    -- One hash chain per (tenant, youth_id); seq numbers its entries 1, 2, 3, ...
    tenant            text NOT NULL,
    youth_id          text NOT NULL,
    seq               integer NOT NULL CHECK (seq > 0),
    logged_at         timestamptz NOT NULL,
    actor             text NOT NULL,
    actor_role        text NOT NULL,
    action            text NOT NULL
                      CHECK (action IN ('lezen', 'aanmaken', 'wijzigen', 'vernietigen')),
    activity          text NOT NULL,
    activity_name     text NOT NULL,
    grondslag         text NOT NULL CHECK (grondslag ~ '^[a-z0-9_]{1,40}$'),
    vertrouwelijkheid text NOT NULL,
    result            text NOT NULL CHECK (result IN ('gelukt', 'geweigerd', 'mislukt')),
    correlation_id    text NOT NULL,
    method            text NOT NULL,
    path              text NOT NULL,
    prev_hash         text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash              text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    -- Two writers can never both extend a chain at the same place.
    CONSTRAINT processing_log_chain_key UNIQUE (tenant, youth_id, seq)
);

CREATE INDEX IF NOT EXISTS processing_log_youth ON {schema}.processing_log (youth_id, logged_at);
CREATE INDEX IF NOT EXISTS processing_log_tenant ON {schema}.processing_log (tenant, logged_at);

-- Accountability needs a log nobody can quietly rewrite. Its own function name: the event
-- store's refuse_rewrite lives in the same schema and says "events".
CREATE OR REPLACE FUNCTION {schema}.processing_log_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'processing_log is append-only: % refused', TG_OP USING ERRCODE = 'RG403';
END $$;

CREATE OR REPLACE TRIGGER processing_log_append_only
    BEFORE UPDATE OR DELETE ON {schema}.processing_log
    FOR EACH ROW EXECUTE FUNCTION {schema}.processing_log_refuse_rewrite();

CREATE OR REPLACE TRIGGER processing_log_no_truncate
    BEFORE TRUNCATE ON {schema}.processing_log
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.processing_log_refuse_rewrite();

-- The text an entry's hash is taken over; shared/processing_log/chain.py builds the same.
-- Each field is written as "<length in characters>:<value>\n", so no value can be mistaken
-- for a separator. Order: prev_hash, entry_id, seq, logged_at (UTC,
-- YYYY-MM-DDTHH:MM:SS.ffffffZ), tenant, youth_id, actor, actor_role, action, activity,
-- activity_name, grondslag, vertrouwelijkheid, result, correlation_id, method, path.
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
           ]) WITH ORDINALITY AS x(f, i)
$$;

CREATE OR REPLACE FUNCTION {schema}.processing_log_hash(e {schema}.processing_log)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to({schema}.processing_log_preimage(e), 'UTF8')), 'hex')
$$;

-- One round trip per entry: lock the chain, read its head, hash, insert, return the row.
-- The lock is transaction-scoped, so concurrent writers for one young person queue up and
-- each sees the previous one's committed head (READ COMMITTED: a fresh snapshot per statement).
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
    p_path text
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
    v_entry.prev_hash := coalesce(v_head, repeat('0', 64));
    v_entry.hash := {schema}.processing_log_hash(v_entry);

    INSERT INTO {schema}.processing_log VALUES (v_entry.*);
    RETURN v_entry;
END $$;
