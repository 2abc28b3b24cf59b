-- Deadlines still to be met, with their due day: "due within N days" is weighed at read time.
CREATE TABLE IF NOT EXISTS {schema}.signal_deadlines (
    deadline_id  uuid PRIMARY KEY,
    youth_id     text NOT NULL,
    gemeentecode text NOT NULL,
    key          text NOT NULL,
    domain       text NOT NULL,
    detail       text NOT NULL,
    due_on       date NOT NULL,
    opened_by    uuid NOT NULL
);
CREATE INDEX IF NOT EXISTS signal_deadlines_by_youth ON {schema}.signal_deadlines (youth_id);
