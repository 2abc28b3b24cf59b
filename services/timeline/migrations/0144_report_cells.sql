-- The reports' flows pre-aggregated (issue 22 item 7): a report reads O(cells) rows, not every
-- fact. `report_cells` counts report_facts per municipality, month, programme, age band,
-- metric and dimension, as the report classifies them (the programme now, the band of the
-- fact's day); `total` sums their values where `valued` of them have one (NULL where none).
-- The reports projection keeps it in the transaction that writes the facts, and classifies
-- with its own copy of the young people's programme and bands (`report_youths`,
-- `report_age_bands`, from the same intake events as the timeline's `youths` and
-- `youth_age_bands`), so a rebuild of the reports fills all three from the topics alone.
-- A split metric (toekomstgesprek: what followed depends on the report's day) has no cells.
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

-- The cells a young person's reclassification emptied, found to be removed.
CREATE INDEX IF NOT EXISTS report_cells_emptied
    ON {schema}.report_cells (gemeentecode) WHERE count = 0;

-- The split metric's facts, read per municipality and period apart from the cells.
CREATE INDEX IF NOT EXISTS report_facts_by_metric
    ON {schema}.report_facts (gemeentecode, metric, occurred_on);

-- A schema that held facts before this migration: classify them from the timeline's tables
-- (the same events made those) and count them once. Empty in a fresh or rebuilt schema.
INSERT INTO {schema}.report_youths (youth_id, programma, age_band)
SELECT youth_id, programma, age_band FROM {schema}.youths
ON CONFLICT (youth_id) DO NOTHING;

INSERT INTO {schema}.report_age_bands (youth_id, from_on, age_band)
SELECT youth_id, from_on, age_band FROM {schema}.youth_age_bands
ON CONFLICT (youth_id, from_on) DO NOTHING;

INSERT INTO {schema}.report_cells
    (gemeentecode, month, programma, age_band, metric, dimension, count, total, valued)
SELECT f.gemeentecode, date_trunc('month', f.occurred_on)::date,
       coalesce(y.programma, 'onbekend'),
       coalesce((SELECT b.age_band FROM {schema}.report_age_bands b
                  WHERE b.youth_id = f.youth_id
                  ORDER BY b.from_on <= f.occurred_on DESC,
                           CASE WHEN b.from_on <= f.occurred_on THEN b.from_on END DESC,
                           b.from_on
                  LIMIT 1), y.age_band, 'onbekend'),
       f.metric, f.dimension, count(*), sum(f.value), count(f.value)
  FROM {schema}.report_facts f LEFT JOIN {schema}.report_youths y USING (youth_id)
 WHERE f.metric <> 'toekomstgesprek'
   AND NOT EXISTS (SELECT 1 FROM {schema}.report_cells)
 GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ON CONSTRAINT report_cells_key DO NOTHING;
