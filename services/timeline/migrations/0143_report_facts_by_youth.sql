-- A young person's facts by metric and day: what followed a toekomstgesprek and the fund's
-- cohorts look a young person's later facts up per report row (as the nazorg cohorts do).
CREATE INDEX IF NOT EXISTS report_facts_by_youth
    ON {schema}.report_facts (youth_id, metric, occurred_on);
