-- Debt trajectories, opened and ended: an eviction threat is a signal while none is open.
CREATE TABLE IF NOT EXISTS {schema}.signal_trajectories (
    youth_id      text NOT NULL,
    trajectory_id text NOT NULL,
    opened_at     timestamptz NOT NULL,
    opened_by     uuid NOT NULL,
    ended_at      timestamptz,
    PRIMARY KEY (youth_id, trajectory_id)
);
