-- Signals raised by a fact that calls for attention; resolved by the fact they wait for.
-- (The signals projection's; `key` says what the signal is about, see signals/rules.py.)
CREATE TABLE IF NOT EXISTS {schema}.signals (
    signal_id    uuid PRIMARY KEY,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    key          text NOT NULL,
    kind         text NOT NULL,
    domain       text NOT NULL,
    detail       text NOT NULL DEFAULT '',
    due_on       date,
    raised_at    timestamptz NOT NULL,
    raised_by    uuid NOT NULL,
    resolved_at  timestamptz,
    resolved_by  uuid
);
CREATE INDEX IF NOT EXISTS signals_by_youth ON {schema}.signals (youth_id);
