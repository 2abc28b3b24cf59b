-- The latest scheduled chain verification per municipality and service (shared/integrity.py),
-- for the auditor's Integriteit page; the signals projection keeps it beside the signal it
-- raises. `youth_id` is the events' subject (`integriteit-<gemeentecode>`), so a rebuild by
-- subject finds the row; `problems` the places named, as the event holds them.
CREATE TABLE IF NOT EXISTS {schema}.integrity_results (
    gemeentecode        text NOT NULL,
    service             text NOT NULL,
    youth_id            text NOT NULL,
    verified_at         timestamptz NOT NULL,
    event_id            uuid NOT NULL,
    passed              boolean NOT NULL,
    events_checked      bigint NOT NULL,
    log_entries_checked bigint NOT NULL,
    problem_count       integer NOT NULL,
    problems            jsonb NOT NULL,
    PRIMARY KEY (gemeentecode, service)
);
