-- Young people whose personal data was erased: their entries read "gegevens vernietigd",
-- including entries of slower domains that arrive after the erasure.
CREATE TABLE IF NOT EXISTS {schema}.erased_youths (
    youth_id  text PRIMARY KEY,
    erased_at timestamptz NOT NULL
);
