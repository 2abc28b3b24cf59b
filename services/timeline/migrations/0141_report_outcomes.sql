-- Outcomes that last (nazorg): each period of nazorg after a young person's last exit, and
-- each of its follow-ups as recorded (with its outcome) or missed, for the reports per
-- enrolment cohort. The relapse's life domains are sealed in intake's event: never here.
CREATE TABLE IF NOT EXISTS {schema}.report_aftercare (
    youth_id     text NOT NULL,
    started_on   date NOT NULL,
    gemeentecode text NOT NULL,
    programma    text NOT NULL,
    PRIMARY KEY (youth_id, started_on)
);

CREATE TABLE IF NOT EXISTS {schema}.report_follow_ups (
    youth_id          text NOT NULL,
    started_on        date NOT NULL,
    month             integer NOT NULL,
    recorded          boolean NOT NULL,
    still_housed      boolean,
    work_or_education boolean,
    debt_free         boolean,
    relapsed          boolean,
    PRIMARY KEY (youth_id, started_on, month)
);
