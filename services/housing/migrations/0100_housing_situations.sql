-- One row per young person's housing situation: no addresses, no amounts.
CREATE TABLE IF NOT EXISTS {schema}.housing_situations (
    youth_id          uuid PRIMARY KEY,
    gemeentecode      text NOT NULL,
    status            text NOT NULL,
    situation         text,
    homeless_since    date,
    registered_on     date,
    first_week_due    date,
    plan_due          date,
    roof_on           date,
    postal_address_on date,
    plan_agreed_on    date,
    shelter_type      text,
    housed_on         date,
    housed_form       text,
    days_homeless     integer,
    eviction_stage    text,
    version           integer NOT NULL
);

CREATE INDEX IF NOT EXISTS housing_situations_tenant
    ON {schema}.housing_situations (gemeentecode, status, youth_id);
