-- Each young person's age bands over time, for reports that count a fact in the band of its
-- own day: the band at registration from the registration day, then each band intake's
-- birthday timers record (`age-band-changed`) from its first day. No birth date: bands only.
CREATE TABLE IF NOT EXISTS {schema}.youth_age_bands (
    youth_id text NOT NULL,
    from_on  date NOT NULL,
    age_band text NOT NULL,
    PRIMARY KEY (youth_id, from_on)
);
