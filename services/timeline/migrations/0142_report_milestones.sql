-- Time to outcome per enrolment cohort: each start in a programme and each milestone after
-- which the days are counted (first debt conversation, toekomstplan agreed, housed,
-- debt-free, work or education, drop-out), one row per event and milestone. `programma` is
-- the programme a start or a drop-out belongs to; the other milestones belong to the young
-- person, whatever the programme. Only the day: never an amount, address or free text.
CREATE TABLE IF NOT EXISTS {schema}.report_milestones (
    event_id     uuid NOT NULL,
    milestone    text NOT NULL,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    programma    text,
    occurred_on  date NOT NULL,
    PRIMARY KEY (event_id, milestone)
);

CREATE INDEX IF NOT EXISTS report_milestones_by_youth
    ON {schema}.report_milestones (youth_id, milestone, occurred_on);
CREATE INDEX IF NOT EXISTS report_milestones_starts_by_gemeente
    ON {schema}.report_milestones (gemeentecode, occurred_on) WHERE milestone = 'start';
