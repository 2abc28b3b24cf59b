-- One row per (subscription, event): the CloudEvent as received, and how its delivery goes.
-- `id` is the enqueue order: per subscription and young person (`subject`) the worker sends
-- only the oldest pending row, so one person's events arrive in the order they came in.
CREATE TABLE IF NOT EXISTS {schema}.deliveries (
    id               bigserial PRIMARY KEY,
    subscription_id  uuid NOT NULL REFERENCES {schema}.subscriptions (id) ON DELETE CASCADE,
    event_id         uuid NOT NULL,
    event_type       text NOT NULL,
    subject          text NOT NULL,
    -- json, not jsonb: the text is kept as it was serialised, so retries send the same body.
    payload          json NOT NULL,
    state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- A claim: the worker holding `lease_token` owns the row until `leased_until`.
    leased_until     timestamptz,
    lease_token      uuid,
    last_status      integer,
    last_error       text,
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    UNIQUE (subscription_id, event_id)
);

-- The claim: due rows in time order, and "is an older row of this person still pending?".
CREATE INDEX IF NOT EXISTS deliveries_due
    ON {schema}.deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_queue
    ON {schema}.deliveries (subscription_id, subject, id) WHERE state = 'pending';
-- The API's list per subscription and state.
CREATE INDEX IF NOT EXISTS deliveries_by_subscription
    ON {schema}.deliveries (subscription_id, state, id);
