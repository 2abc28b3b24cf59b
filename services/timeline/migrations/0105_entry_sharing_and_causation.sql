-- Whether the domain shared the entry's detail when it was recorded (CloudEvents `delen`), and
-- the id of the event that caused it (CloudEvents `causationid`), for "because of" links.
ALTER TABLE {schema}.entries ADD COLUMN IF NOT EXISTS shared boolean NOT NULL DEFAULT true;
ALTER TABLE {schema}.entries ADD COLUMN IF NOT EXISTS causation_id text;

CREATE INDEX IF NOT EXISTS entries_by_causation
    ON {schema}.entries (youth_id, causation_id) WHERE causation_id IS NOT NULL;

-- A life domain's state read from an event it did not share is withheld like that entry.
ALTER TABLE {schema}.domain_states ADD COLUMN IF NOT EXISTS shared boolean NOT NULL DEFAULT true;
