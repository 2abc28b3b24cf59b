-- An integrator's subscription (abonnement): where to POST, and which events.
-- The HMAC secret and the Authorization value are stored sealed with the master key
-- (AES-GCM, bound to the subscription id): a copy of this table alone reveals neither.
CREATE TABLE IF NOT EXISTS {schema}.subscriptions (
    id             uuid PRIMARY KEY,
    gemeentecode   text NOT NULL,
    callback_url   text NOT NULL,
    type_prefixes  text[] NOT NULL DEFAULT '{}',
    secret_sealed  bytea NOT NULL,
    auth_sealed    bytea,
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS subscriptions_by_gemeente
    ON {schema}.subscriptions (gemeentecode, created_at, id);
