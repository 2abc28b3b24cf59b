-- One row per young person's current or last benefit: codes and dates, no amounts.
CREATE TABLE IF NOT EXISTS {schema}.income_benefits (
    youth_id        uuid PRIMARY KEY,
    gemeentecode    text NOT NULL,
    benefit_id      uuid NOT NULL,
    status          text NOT NULL,
    applied_on      date NOT NULL,
    search          text NOT NULL,
    search_ends_on  date,
    waiver_reason   text,
    norm            text,
    cost_sharers    integer,
    since           date,
    decided_on      date,
    refusal_reason  text,
    end_reason      text,
    version         integer NOT NULL
);

CREATE INDEX IF NOT EXISTS income_benefits_tenant
    ON {schema}.income_benefits (gemeentecode, status, since);
