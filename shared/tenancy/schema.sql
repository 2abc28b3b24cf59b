-- The young people intake registered, as this service learnt them from intake's topic: whose
-- they are (the municipality) and who their jongerenregisseur is. A command for a young person
-- not in here is refused, so the first writer can never choose the tenant.
CREATE TABLE IF NOT EXISTS {schema}.youth_registrations (
    youth_id     uuid PRIMARY KEY,
    gemeentecode text NOT NULL,
    director_id  text,
    -- 'intake' when learnt from intake's topic; 'backfill' when taken from this service's own
    -- streams at upgrade (intake's word replaces it when it arrives).
    source       text NOT NULL DEFAULT 'intake',
    learnt_at    timestamptz NOT NULL DEFAULT now()
);

-- Young people this service already held before it learnt registrations: their streams'
-- first municipality, until intake's topic says otherwise.
INSERT INTO {schema}.youth_registrations (youth_id, gemeentecode, source)
SELECT DISTINCT ON (subject) subject::uuid, tenant, 'backfill'
FROM {schema}.events
WHERE subject ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
ORDER BY subject, position
ON CONFLICT (youth_id) DO NOTHING;
