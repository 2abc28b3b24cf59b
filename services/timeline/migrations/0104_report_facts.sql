-- One row per counted fact for the reports: which metric an event counts for, in which
-- municipality, on which day. Programme and age band are joined from `youths` when read, so
-- a registration that arrives after the facts still classifies them. One event may count
-- for more than one metric (housed: gehuisvest, and days homeless when it ended homelessness).
CREATE TABLE IF NOT EXISTS {schema}.report_facts (
    event_id     uuid NOT NULL,
    metric       text NOT NULL,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    dimension    text,
    occurred_on  date NOT NULL,
    value        integer,
    PRIMARY KEY (event_id, metric)
);

CREATE INDEX IF NOT EXISTS report_facts_by_gemeente
    ON {schema}.report_facts (gemeentecode, occurred_on);

-- Deadlines the reports count breaches of: the Wgs first conversation per debt trajectory
-- and the six-week housing plan per homelessness episode. A breach is a deadline met late,
-- or not met while its day has passed: the second kind is decided when the report is read.
CREATE TABLE IF NOT EXISTS {schema}.report_deadlines (
    kind         text NOT NULL,
    key          text NOT NULL,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    started_on   date,
    due_on       date,
    met_on       date,
    within       boolean,
    PRIMARY KEY (kind, key)
);

CREATE INDEX IF NOT EXISTS report_deadlines_by_gemeente
    ON {schema}.report_deadlines (gemeentecode, due_on);
CREATE INDEX IF NOT EXISTS report_deadlines_open_by_youth
    ON {schema}.report_deadlines (youth_id, kind) WHERE met_on IS NULL;
