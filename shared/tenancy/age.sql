-- What a domain learns of the young person's age from intake's topic, for the legal basis of
-- its own facts (shared/legal_basis.py): the band at registration and as each band birthday
-- passes, and whether youth care was extended to 23. NULL: no band heard yet (a referral, or
-- a young person learnt before this column; the service's adult basis applies to them).
ALTER TABLE {schema}.youth_registrations
    ADD COLUMN IF NOT EXISTS age_band text,
    ADD COLUMN IF NOT EXISTS youth_care_extended boolean NOT NULL DEFAULT false;
