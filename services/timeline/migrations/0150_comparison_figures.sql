-- Figures across municipalities (issue 22). `figure_publications`: what this deployment last
-- published per municipality and month (revision, digest of the protected figures), so an
-- unchanged month is not sent again and a resent one keeps its event id. `comparison_months`
-- and `comparison_figures`: the protected figures received from the programmes'
-- municipalities, the highest revision per month; counts as published ('<5', 'x' or a
-- number as text), never an exact small count, never a young person.
CREATE TABLE IF NOT EXISTS {schema}.figure_publications (
    gemeentecode text NOT NULL,
    period       text NOT NULL,
    revision     integer NOT NULL,
    digest       text NOT NULL,
    event_id     uuid NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (gemeentecode, period)
);

CREATE TABLE IF NOT EXISTS {schema}.comparison_months (
    gemeentecode text NOT NULL,
    period       text NOT NULL,
    revision     integer NOT NULL,
    threshold    integer NOT NULL,
    suppression  text NOT NULL,
    event_id     uuid NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (gemeentecode, period)
);

CREATE TABLE IF NOT EXISTS {schema}.comparison_figures (
    gemeentecode text NOT NULL,
    period       text NOT NULL,
    programma    text NOT NULL,
    metric       text NOT NULL,
    count        text NOT NULL,
    PRIMARY KEY (gemeentecode, period, programma, metric)
);
