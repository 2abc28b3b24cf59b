-- What workers did with a signal: acknowledged (with a note) or snoozed (until a day).
-- Their own actions, not derived from events: no projection owns this table, so a rebuild
-- of the signals leaves it as it is, and signal ids are deterministic so it still applies.
CREATE TABLE IF NOT EXISTS {schema}.signal_actions (
    action_id    bigserial PRIMARY KEY,
    signal_id    uuid NOT NULL,
    gemeentecode text NOT NULL,
    action       text NOT NULL CHECK (action IN ('erkend', 'gesluimerd')),
    note         text,
    until_on     date,
    actor        text NOT NULL,
    acted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS signal_actions_by_signal ON {schema}.signal_actions (signal_id);
