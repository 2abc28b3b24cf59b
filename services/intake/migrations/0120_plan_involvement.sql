-- Which domains have an open trajectory with a young person, and what they did for the goals of
-- the toekomstplan: learnt from the domains' topics. No personal data. Rebuildable from the log.
CREATE TABLE IF NOT EXISTS {schema}.youth_involvement (
    youth_id     uuid NOT NULL,
    domain       text NOT NULL,
    gemeentecode text NOT NULL,
    open         boolean NOT NULL,
    since        date,
    PRIMARY KEY (youth_id, domain)
);

CREATE TABLE IF NOT EXISTS {schema}.plan_goal_progress (
    youth_id     uuid NOT NULL,
    domain       text NOT NULL,
    item_id      text NOT NULL,
    gemeentecode text NOT NULL,
    plan_goal_id text NOT NULL,
    status       text NOT NULL,
    status_on    date,
    PRIMARY KEY (youth_id, domain, item_id)
);
