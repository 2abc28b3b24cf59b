-- The state of each life domain per young person, for the summary above the timeline.
CREATE TABLE IF NOT EXISTS {schema}.domain_states (
    youth_id       text NOT NULL,
    domain         text NOT NULL,
    gemeentecode   text NOT NULL,
    code           text NOT NULL,
    label          text NOT NULL,
    since          date,
    detail         jsonb NOT NULL DEFAULT '{}',
    stream_version integer NOT NULL,
    PRIMARY KEY (youth_id, domain)
);
