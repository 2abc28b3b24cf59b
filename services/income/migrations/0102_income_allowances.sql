-- One row per granted allowance, for the bijstand report: the kind and the day, no amount.
CREATE TABLE IF NOT EXISTS {schema}.income_allowances (
    allowance_id  uuid PRIMARY KEY,
    youth_id      uuid NOT NULL,
    gemeentecode  text NOT NULL,
    kind          text NOT NULL,
    granted_on    date NOT NULL
);

CREATE INDEX IF NOT EXISTS income_allowances_tenant
    ON {schema}.income_allowances (gemeentecode, granted_on);
