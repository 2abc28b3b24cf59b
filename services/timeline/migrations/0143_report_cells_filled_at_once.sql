-- The facts a schema held before the cells, counted into `report_cells` in one set-based pass
-- (issue 22 item 7), before 0144_report_cells would count them: 0144's own fill looks each
-- fact's age band up with a subquery per fact, which took over 28 minutes for 10 million facts
-- (in the one transaction of a migration step that waits 10). Here the bands are day ranges
-- joined by hash, one pass over the facts. 0144 may already have run somewhere, so it is not
-- edited (shared/migrations.py refuses a changed script): this one is named to sort before it
-- and creates the same tables (IF NOT EXISTS, as 0144 does), so 0144 then finds the cells
-- filled and skips its fill (its NOT EXISTS). Where 0144 ran before this, its cells exist and
-- this adds nothing. The band on a day: the one from the latest `from_on` on or before it,
-- else the first; the programme now; as services/timeline/reports/cells.py counts them.
CREATE TABLE IF NOT EXISTS {schema}.report_youths (
    youth_id  text PRIMARY KEY,
    programma text,
    age_band  text
);

CREATE TABLE IF NOT EXISTS {schema}.report_age_bands (
    youth_id text NOT NULL,
    from_on  date NOT NULL,
    age_band text NOT NULL,
    PRIMARY KEY (youth_id, from_on)
);

CREATE TABLE IF NOT EXISTS {schema}.report_cells (
    gemeentecode text NOT NULL,
    month        date NOT NULL,
    programma    text NOT NULL,
    age_band     text NOT NULL,
    metric       text NOT NULL,
    dimension    text,
    count        integer NOT NULL,
    total        bigint,
    valued       integer NOT NULL,
    CONSTRAINT report_cells_key
        UNIQUE NULLS NOT DISTINCT (gemeentecode, month, programma, age_band, metric, dimension)
);

INSERT INTO {schema}.report_youths (youth_id, programma, age_band)
SELECT youth_id, programma, age_band FROM {schema}.youths
 WHERE NOT EXISTS (SELECT 1 FROM {schema}.report_cells)
ON CONFLICT (youth_id) DO NOTHING;

INSERT INTO {schema}.report_age_bands (youth_id, from_on, age_band)
SELECT youth_id, from_on, age_band FROM {schema}.youth_age_bands
 WHERE NOT EXISTS (SELECT 1 FROM {schema}.report_cells)
ON CONFLICT (youth_id, from_on) DO NOTHING;

INSERT INTO {schema}.report_cells
    (gemeentecode, month, programma, age_band, metric, dimension, count, total, valued)
WITH spans AS (
    SELECT youth_id, age_band,
           CASE WHEN row_number() OVER w = 1 THEN '-infinity'::date ELSE from_on END AS lo,
           coalesce(lead(from_on) OVER w, 'infinity'::date) AS hi
      FROM {schema}.report_age_bands
    WINDOW w AS (PARTITION BY youth_id ORDER BY from_on)
)
SELECT f.gemeentecode, date_trunc('month', f.occurred_on)::date,
       coalesce(y.programma, 'onbekend'), coalesce(s.age_band, y.age_band, 'onbekend'),
       f.metric, f.dimension, count(*), sum(f.value), count(f.value)
  FROM {schema}.report_facts f
  LEFT JOIN {schema}.report_youths y USING (youth_id)
  LEFT JOIN spans s
    ON s.youth_id = f.youth_id AND f.occurred_on >= s.lo AND f.occurred_on < s.hi
 WHERE f.metric <> 'toekomstgesprek'
   AND NOT EXISTS (SELECT 1 FROM {schema}.report_cells)
 GROUP BY 1, 2, 3, 4, 5, 6;
