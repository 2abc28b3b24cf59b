-- The last event a person recorded about each young person, any domain: "no contact in six
-- weeks" is weighed at read time. Each column is changed by one kind of fact only, so the
-- order in which the domains' topics arrive does not matter.
CREATE TABLE IF NOT EXISTS {schema}.signal_contacts (
    youth_id        text PRIMARY KEY,
    gemeentecode    text NOT NULL,
    last_contact_at timestamptz,
    enrolled        boolean NOT NULL DEFAULT true,
    erased          boolean NOT NULL DEFAULT false
);
