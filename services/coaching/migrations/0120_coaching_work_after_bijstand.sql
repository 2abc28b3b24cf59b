-- The day income ended a young person's bijstand for work (income's benefit-ended, reason
-- werk): work on coaching's outcomes, whether or not coaching recorded the job itself.
ALTER TABLE {schema}.coaching_states ADD COLUMN IF NOT EXISTS bijstand_ended_for_work_on date;
