-- The destruction list: a hold, and the declaration of destruction (who approved, when, which
-- domains confirmed the erasure). No personal data (the hold's reason stays sealed in the
-- event). Rebuildable from the log.
ALTER TABLE {schema}.youth_summaries ADD COLUMN IF NOT EXISTS destruction_held_on date;
ALTER TABLE {schema}.youth_summaries ADD COLUMN IF NOT EXISTS destruction_approved_on date;
ALTER TABLE {schema}.youth_summaries ADD COLUMN IF NOT EXISTS destruction_approved_by text;
ALTER TABLE {schema}.youth_summaries ADD COLUMN IF NOT EXISTS erased_on date;

CREATE TABLE IF NOT EXISTS {schema}.erasure_confirmations (
    youth_id     uuid NOT NULL,
    domain       text NOT NULL,
    gemeentecode text NOT NULL,
    erased_on    date,
    confirmed_at timestamptz NOT NULL,
    PRIMARY KEY (youth_id, domain)
);
