-- One row per young person: what lists show, without personal data. Rebuildable from the log.
CREATE TABLE IF NOT EXISTS {schema}.youth_summaries (
    youth_id          uuid PRIMARY KEY,
    gemeentecode      text NOT NULL,
    status            text NOT NULL,
    programma         text,
    age_band          text,
    active_programmes text[] NOT NULL DEFAULT '{}',
    director_id       text,
    plan_id           text,
    referred_on       date,
    registered_on     date,
    last_assessed_on  date,
    exited_on         date,
    destination       text,
    version           integer NOT NULL
);

CREATE INDEX IF NOT EXISTS youth_summaries_tenant ON {schema}.youth_summaries (gemeentecode, youth_id);
CREATE INDEX IF NOT EXISTS youth_summaries_director
    ON {schema}.youth_summaries (gemeentecode, director_id, youth_id);
