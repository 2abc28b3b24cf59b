-- One row per young person's current debt trajectory: no amounts, no creditors.
CREATE TABLE IF NOT EXISTS {schema}.debt_trajectories (
    youth_id               uuid PRIMARY KEY,
    gemeentecode           text NOT NULL,
    trajectory_id          uuid NOT NULL,
    status                 text NOT NULL,
    phase                  text NOT NULL,
    crisis                 boolean NOT NULL,
    requested_on           date NOT NULL,
    first_conversation_due date NOT NULL,
    first_conversation_on  date,
    debt_count             integer NOT NULL DEFAULT 0,
    hours_agreed           integer NOT NULL DEFAULT 0,
    hours_done             integer NOT NULL DEFAULT 0,
    ended_reason           text,
    version                integer NOT NULL
);

CREATE INDEX IF NOT EXISTS debt_trajectories_tenant
    ON {schema}.debt_trajectories (gemeentecode, status, youth_id);
CREATE INDEX IF NOT EXISTS debt_trajectories_deadline
    ON {schema}.debt_trajectories (gemeentecode, first_conversation_due)
    WHERE first_conversation_on IS NULL AND status = 'open';
