-- The blind index for finding a young person registered twice (services/intake/blind_index.py).
-- Never a plain value and never an unkeyed hash: an HMAC-SHA256 under the municipality's own
-- index key, which is stored only wrapped by the master key. Not in any event or topic, and
-- not rebuilt from them; an erasure deletes the young person's rows with their data key.
CREATE TABLE IF NOT EXISTS {schema}.blind_index_keys (
    gemeentecode text PRIMARY KEY,
    wrapped      bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS {schema}.identity_index (
    youth_id     uuid NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('naam_geboortedatum', 'bsn')),
    gemeentecode text NOT NULL,
    digest       bytea NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (youth_id, kind)
);

CREATE INDEX IF NOT EXISTS identity_index_lookup
    ON {schema}.identity_index (gemeentecode, kind, digest);
