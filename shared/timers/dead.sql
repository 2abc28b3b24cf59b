-- Durable timers of one service ({schema}), second step: a cap on failed firings, and the
-- clock's time instead of the database's (shared/timers). 0004_timers stays as released.
--
-- A timer whose firing keeps failing (an unexpected error, not 409/404, which settle it) is
-- retried after its lease; once it was claimed `max_attempts` times it is `dead`, with the last
-- error's reason, and never claimed again. Scheduling the same id again re-arms it.

ALTER TABLE {schema}.timers ADD COLUMN IF NOT EXISTS last_error text;

ALTER TABLE {schema}.timers DROP CONSTRAINT IF EXISTS timers_state_check;
ALTER TABLE {schema}.timers ADD CONSTRAINT timers_state_check
    CHECK (state IN ('scheduled', 'fired', 'cancelled', 'dead'));

-- What an operator looks at: the dead ones, most recent first.
CREATE INDEX IF NOT EXISTS timers_dead ON {schema}.timers (settled_at) WHERE state = 'dead';

-- As in 0004_timers, and: a change may carry "at", the decision's moment by the service's
-- clock, recorded as scheduled_at (of the last scheduling) or settled_at (of a cancel); without
-- it the database's now(). Scheduling an id again moves a scheduled timer or re-arms a dead one
-- (a fresh count of attempts, no error); cancelling settles a scheduled or a dead one; a fired
-- or cancelled timer stays settled.
CREATE OR REPLACE FUNCTION {schema}.apply_timer_changes(
    p_stream text, p_subject text, p_tenant text, p_changes jsonb
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c jsonb;
    v_at timestamptz;
BEGIN
    FOR c IN SELECT value FROM jsonb_array_elements(coalesce(p_changes, '[]')) LOOP
        v_at := coalesce((c->>'at')::timestamptz, now());
        IF c->>'op' = 'schedule' THEN
            INSERT INTO {schema}.timers AS t
                   (timer_id, kind, stream_id, subject, tenant, due_at, payload, scheduled_by,
                    correlation_id, scheduled_at)
            VALUES ((c->>'timer_id')::uuid, c->>'kind', p_stream, p_subject, p_tenant,
                    (c->>'due_at')::timestamptz, coalesce(c->'payload', '{}'),
                    (c->>'scheduled_by')::uuid, c->>'correlation_id', v_at)
            ON CONFLICT (timer_id) DO UPDATE
               SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
                   scheduled_by = EXCLUDED.scheduled_by, scheduled_at = EXCLUDED.scheduled_at,
                   state = 'scheduled', attempts = 0, last_error = NULL, settled_at = NULL,
                   settled_by = NULL, lease_token = NULL, lease_until = NULL
             WHERE t.state IN ('scheduled', 'dead');
        ELSIF c->>'op' = 'cancel' THEN
            UPDATE {schema}.timers
               SET state = 'cancelled', settled_at = v_at,
                   settled_by = (c->>'settled_by')::uuid, lease_token = NULL, lease_until = NULL
             WHERE timer_id = (c->>'timer_id')::uuid AND state IN ('scheduled', 'dead');
        ELSE
            RAISE EXCEPTION 'unknown timer change %', c->>'op';
        END IF;
    END LOOP;
END $$;
