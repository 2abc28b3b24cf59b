-- One row per young person's coaching: codes, dates and counts; no free text, no kind of care.
CREATE TABLE IF NOT EXISTS {schema}.coaching_states (
    youth_id                    uuid PRIMARY KEY,
    gemeentecode                text NOT NULL,
    status                      text NOT NULL,
    started_on                  date,
    phase                       text,
    phase_since                 date,
    open_goals                  integer NOT NULL DEFAULT 0,
    goals_achieved              integer NOT NULL DEFAULT 0,
    conversations               integer NOT NULL DEFAULT 0,
    perspective                 text,
    match_kind                  text,
    work_started_on             date,
    education_started_on        date,
    daytime_activity_started_on date,
    care_referred_on            date,
    relapses                    integer NOT NULL DEFAULT 0,
    last_relapse_on             date,
    ended_on                    date,
    end_reason                  text,
    destination                 text,
    version                     integer NOT NULL
);

CREATE INDEX IF NOT EXISTS coaching_states_tenant
    ON {schema}.coaching_states (gemeentecode, status, phase);

-- The active coach of each kind: the caseload of a coach is a lookup here.
CREATE TABLE IF NOT EXISTS {schema}.coaching_assignments (
    youth_id uuid NOT NULL,
    kind     text NOT NULL,
    coach_id text NOT NULL,
    from_on  date NOT NULL,
    PRIMARY KEY (youth_id, kind)
);

CREATE INDEX IF NOT EXISTS coaching_assignments_coach
    ON {schema}.coaching_assignments (coach_id, youth_id);
