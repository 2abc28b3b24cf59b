-- One row per granted benefit (inflow, and outflow once it ended) and per granted allowance:
-- what the bijstand report counts. Codes and dates only, no amounts.
CREATE TABLE IF NOT EXISTS {schema}.income_flows (
    benefit_id    uuid PRIMARY KEY,
    youth_id      uuid NOT NULL,
    gemeentecode  text NOT NULL,
    from_on       date NOT NULL,
    ended_on      date,
    end_reason    text
);

CREATE INDEX IF NOT EXISTS income_flows_tenant ON {schema}.income_flows (gemeentecode, from_on);
