-- The first conversation's deadline as recorded by its durable timer (first-conversation-
-- deadline-missed): a missed trajectory says so from the fact, with the day it was due.
ALTER TABLE {schema}.debt_trajectories
    ADD COLUMN IF NOT EXISTS first_conversation_missed boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS first_conversation_missed_due date;
