-- Rode loper started by an enrolment before a Rode loper coach was assigned: awaiting one.
ALTER TABLE {schema}.coaching_states
    ADD COLUMN IF NOT EXISTS awaiting_coach boolean NOT NULL DEFAULT false;
