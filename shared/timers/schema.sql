-- Durable timers of one service ({schema}): time as events (shared/timers).
-- A decision schedules or cancels timers in the transaction that appends its events (one call
-- of append_events_timed); a worker claims due ones with FOR UPDATE SKIP LOCKED and a lease,
-- records the consequence through the service's own rules, then marks the timer fired.

CREATE TABLE IF NOT EXISTS {schema}.timers (
    timer_id       uuid PRIMARY KEY,
    kind           text NOT NULL,
    stream_id      text NOT NULL,
    subject        text NOT NULL,
    tenant         text NOT NULL,
    -- The moment the awaited fact was due; a late firing still records this one.
    due_at         timestamptz NOT NULL,
    payload        jsonb NOT NULL DEFAULT '{}',
    -- The event whose decision scheduled (or last moved) it, and its correlation id.
    scheduled_by   uuid NOT NULL,
    correlation_id text,
    state          text NOT NULL DEFAULT 'scheduled'
                   CHECK (state IN ('scheduled', 'fired', 'cancelled')),
    -- A worker's claim: until then no other worker takes it; after it, anyone may.
    lease_token    uuid,
    lease_until    timestamptz,
    attempts       integer NOT NULL DEFAULT 0,
    scheduled_at   timestamptz NOT NULL DEFAULT now(),
    settled_at     timestamptz,
    -- The event that settled it: the one its firing recorded, or the one that cancelled it.
    settled_by     uuid
);

CREATE INDEX IF NOT EXISTS timers_due ON {schema}.timers (due_at) WHERE state = 'scheduled';

-- Apply a decision's timer changes: [{"op": "schedule", "timer_id", "kind", "due_at",
-- "payload", "scheduled_by", "correlation_id"} | {"op": "cancel", "timer_id", "settled_by"}].
-- Scheduling an id again moves its due moment (and drops a claim on it); a fired or cancelled
-- timer stays settled. Cancelling one that is not scheduled does nothing.
CREATE OR REPLACE FUNCTION {schema}.apply_timer_changes(
    p_stream text, p_subject text, p_tenant text, p_changes jsonb
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c jsonb;
BEGIN
    FOR c IN SELECT value FROM jsonb_array_elements(coalesce(p_changes, '[]')) LOOP
        IF c->>'op' = 'schedule' THEN
            INSERT INTO {schema}.timers AS t
                   (timer_id, kind, stream_id, subject, tenant, due_at, payload, scheduled_by,
                    correlation_id)
            VALUES ((c->>'timer_id')::uuid, c->>'kind', p_stream, p_subject, p_tenant,
                    (c->>'due_at')::timestamptz, coalesce(c->'payload', '{}'),
                    (c->>'scheduled_by')::uuid, c->>'correlation_id')
            ON CONFLICT (timer_id) DO UPDATE
               SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
                   scheduled_by = EXCLUDED.scheduled_by, lease_token = NULL, lease_until = NULL
             WHERE t.state = 'scheduled';
        ELSIF c->>'op' = 'cancel' THEN
            UPDATE {schema}.timers
               SET state = 'cancelled', settled_at = now(),
                   settled_by = (c->>'settled_by')::uuid, lease_token = NULL, lease_until = NULL
             WHERE timer_id = (c->>'timer_id')::uuid AND state = 'scheduled';
        ELSE
            RAISE EXCEPTION 'unknown timer change %', c->>'op';
        END IF;
    END LOOP;
END $$;

-- append_events and the decision's timer changes in one call, so both or neither happen.
-- A retry that append_events recognises (false) changes no timer: the first attempt did.
CREATE OR REPLACE FUNCTION {schema}.append_events_timed(
    p_stream text,
    p_expected integer,
    p_subject text,
    p_tenant text,
    p_ids uuid[],
    p_types text[],
    p_versions integer[],
    p_data jsonb[],
    p_metadata jsonb[],
    p_timers jsonb
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_appended boolean;
BEGIN
    v_appended := {schema}.append_events(p_stream, p_expected, p_subject, p_tenant, p_ids,
                                         p_types, p_versions, p_data, p_metadata);
    IF v_appended THEN
        PERFORM {schema}.apply_timer_changes(p_stream, p_subject, p_tenant, p_timers);
    END IF;
    RETURN v_appended;
END $$;
