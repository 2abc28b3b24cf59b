-- What holds now beside what was reached (work-ended, education-completed, education-dropped):
-- whether work goes on and its last end; the last education's standing (bezig, afgerond,
-- verlaten) and the day it ended. Set in event order: an end and a new start may share a day.
ALTER TABLE {schema}.coaching_states
    ADD COLUMN IF NOT EXISTS in_work boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS work_ended_on date,
    ADD COLUMN IF NOT EXISTS education_standing text,
    ADD COLUMN IF NOT EXISTS education_ended_on date;

-- Rows from before read what started as going on; an end recorded before this needs
-- `python -m services.coaching rebuild states` to show.
UPDATE {schema}.coaching_states SET
    in_work = work_started_on IS NOT NULL,
    education_standing = CASE WHEN education_started_on IS NOT NULL THEN 'bezig' END;
