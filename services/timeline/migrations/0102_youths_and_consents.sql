-- Who a young person is to the timeline, without personal data: their municipality,
-- programme, age band and jongerenregisseur. The access rules and the reports read it.
CREATE TABLE IF NOT EXISTS {schema}.youths (
    youth_id      text PRIMARY KEY,
    gemeentecode  text NOT NULL,
    programma     text,
    age_band      text,
    registered_on date,
    director_id   text,
    exited_on     date,
    version       integer NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS youths_by_director ON {schema}.youths (gemeentecode, director_id);

-- Consents as given and withdrawn, with the moments they were recorded: what the timeline
-- shows to whom follows from the consents in force at the moment of reading.
CREATE TABLE IF NOT EXISTS {schema}.consents (
    youth_id     text NOT NULL,
    purpose      text NOT NULL,
    leefgebieden text[] NOT NULL,
    given_at     timestamptz NOT NULL,
    valid_until  date,
    withdrawn_at timestamptz,
    event_id     uuid PRIMARY KEY
);

CREATE INDEX IF NOT EXISTS consents_by_youth ON {schema}.consents (youth_id, purpose);
