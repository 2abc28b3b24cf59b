-- What followed each toekomstgesprek, pre-aggregated (issue 22 item 7), so a report reads no
-- conversation fact of its whole months. A conversation's follow-up is the first of its young
-- person's facts on or after its day that counts as one (work, education, daytime activity,
-- care started, or an exit or coaching end to one of those), ordered by day, metric and
-- follow-up; `followed_on` is its day, NULL with `followed_by` where none yet. A report on day
-- D reads `followed_by` where `followed_on` <= D and "nog_niets" otherwise: the first
-- follow-up up to D is the first one at all when that falls on or before D, and none when not.
-- Counted per municipality, month, programme and age band as `report_cells` are (the programme
-- now, the band of the conversation's day, from the reports' own `report_youths` and
-- `report_age_bands`). A table apart from `report_cells`, so a version that still reads the
-- conversations from their facts (before this migration) never counts them twice.
CREATE TABLE IF NOT EXISTS {schema}.report_conversation_cells (
    gemeentecode text NOT NULL,
    month        date NOT NULL,
    programma    text NOT NULL,
    age_band     text NOT NULL,
    perspective  text,
    followed_by  text,
    followed_on  date,
    count        integer NOT NULL,
    CONSTRAINT report_conversation_cells_key UNIQUE NULLS NOT DISTINCT
        (gemeentecode, month, programma, age_band, perspective, followed_by, followed_on)
);

-- The cells a recount emptied, found to be removed.
CREATE INDEX IF NOT EXISTS report_conversation_cells_emptied
    ON {schema}.report_conversation_cells (gemeentecode) WHERE count = 0;

-- A schema that held conversations before this migration: count them once, set-based (one
-- pass over the facts, the bands as day ranges joined by hash, not looked up per fact).
-- The band on a day is the one from the latest `from_on` on or before it, else the first.
INSERT INTO {schema}.report_conversation_cells
    (gemeentecode, month, programma, age_band, perspective, followed_by, followed_on, count)
WITH spans AS (
    SELECT youth_id, age_band,
           CASE WHEN row_number() OVER w = 1 THEN '-infinity'::date ELSE from_on END AS lo,
           coalesce(lead(from_on) OVER w, 'infinity'::date) AS hi
      FROM {schema}.report_age_bands
    WINDOW w AS (PARTITION BY youth_id ORDER BY from_on)
), follow_ups AS (
    SELECT youth_id, occurred_on,
           CASE metric WHEN 'werk_gestart' THEN 'werk' WHEN 'opleiding_gestart' THEN 'opleiding'
                       WHEN 'dagbesteding_gestart' THEN 'dagbesteding'
                       WHEN 'zorg_doorverwezen' THEN 'zorg'
                       ELSE CASE dimension WHEN 'onderwijs' THEN 'opleiding' ELSE dimension END
           END AS followed_by, metric
      FROM {schema}.report_facts
     WHERE metric IN ('werk_gestart', 'opleiding_gestart', 'dagbesteding_gestart',
                      'zorg_doorverwezen')
        OR (metric IN ('uitstroom', 'begeleiding_afgesloten')
            AND dimension IN ('onderwijs', 'werk', 'vrijwilligerswerk', 'opleiding',
                              'dagbesteding', 'zorg'))
), conversations AS (
    SELECT f.youth_id, f.gemeentecode, f.occurred_on, f.dimension AS perspective,
           n.followed_by, n.occurred_on AS followed_on
      FROM {schema}.report_facts f
      LEFT JOIN LATERAL (
          SELECT u.followed_by, u.occurred_on FROM follow_ups u
           WHERE u.youth_id = f.youth_id AND u.occurred_on >= f.occurred_on
           ORDER BY u.occurred_on, u.metric, u.followed_by LIMIT 1
      ) n ON true
     WHERE f.metric = 'toekomstgesprek'
       AND NOT EXISTS (SELECT 1 FROM {schema}.report_conversation_cells)
)
SELECT c.gemeentecode, date_trunc('month', c.occurred_on)::date, coalesce(y.programma, 'onbekend'),
       coalesce(s.age_band, y.age_band, 'onbekend'), c.perspective, c.followed_by, c.followed_on,
       count(*)
  FROM conversations c
  LEFT JOIN {schema}.report_youths y USING (youth_id)
  LEFT JOIN spans s
    ON s.youth_id = c.youth_id AND c.occurred_on >= s.lo AND c.occurred_on < s.hi
 GROUP BY 1, 2, 3, 4, 5, 6, 7;
