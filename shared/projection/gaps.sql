-- The versions a consumer passed over in a stream: when it applied a version above its mark
-- + 1, the ones between (shared/projection/inbox.py). Such a version arriving later is applied
-- then and its row deleted; rows older than the retention (longer than any redelivery) go.
CREATE TABLE IF NOT EXISTS {schema}.inbox_gaps (
    consumer text        NOT NULL,
    source   text        NOT NULL,
    stream   text        NOT NULL,
    version  bigint      NOT NULL,
    noted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, source, stream, version)
);
