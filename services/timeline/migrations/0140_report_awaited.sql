-- The deadlines the durable timers watch, for the reports' met and missed counts: one row per
-- awaited fact (the first conversation per debt trajectory, the first week and the housing
-- plan per homelessness episode, the toekomstplan per programme started). `missed` once the
-- timer's event came; `settled` once the awaited fact came (or it was no longer owed), so a
-- fact counts as met only when no missed event came before it. The first week awaits two
-- facts: a roof and a postal address.
CREATE TABLE IF NOT EXISTS {schema}.report_awaited (
    kind         text NOT NULL,
    key          text NOT NULL,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    missed       boolean NOT NULL DEFAULT false,
    roof_on      date,
    address_on   date,
    settled      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (kind, key)
);

CREATE INDEX IF NOT EXISTS report_awaited_open_by_youth
    ON {schema}.report_awaited (youth_id, kind) WHERE NOT settled;

-- Each Doorbraak: the rule in the way, when it was asked, and how and when it was settled.
CREATE TABLE IF NOT EXISTS {schema}.report_breakthroughs (
    breakthrough_id text PRIMARY KEY,
    youth_id        text NOT NULL,
    gemeentecode    text NOT NULL,
    obstruction     text NOT NULL,
    requested_on    date NOT NULL,
    resolved_on     date,
    outcome         text
);

CREATE INDEX IF NOT EXISTS report_breakthroughs_by_gemeente
    ON {schema}.report_breakthroughs (gemeentecode, requested_on);
