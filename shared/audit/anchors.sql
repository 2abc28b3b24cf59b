-- Anchors of one service's hash chains ({schema}): what the heads of its streams were, taken
-- apart from the events (shared/audit/anchors.py). A chain proves order, not completeness:
-- cutting off a stream's newest events leaves a shorter chain that is still intact. An anchor
-- remembers each stream's head as it was, so verify can name what went missing at the end.

CREATE TABLE IF NOT EXISTS {schema}.chain_anchors (
    anchor_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taken_at    timestamptz NOT NULL DEFAULT now(),
    -- Every transaction older than this had ended when the anchor was taken: the next anchor
    -- reads the events of this one and younger (events_log_order), so the cost per anchor
    -- follows what was appended since, not the size of history.
    tx_horizon  xid8 NOT NULL,
    heads       integer NOT NULL,
    -- sha256 over the previous anchor's digest and this anchor's heads (stream, version,
    -- hash, sorted): the anchors form a chain of their own, and the digest is what is
    -- published (logged, printed) to be kept outside the database.
    prev_digest text NOT NULL,
    digest      text NOT NULL
);

CREATE TABLE IF NOT EXISTS {schema}.chain_anchor_heads (
    anchor_id      bigint NOT NULL REFERENCES {schema}.chain_anchors (anchor_id),
    stream_id      text NOT NULL,
    stream_version integer NOT NULL,
    hash           text NOT NULL,
    PRIMARY KEY (stream_id, anchor_id)
);

-- Like the events, anchors are never rewritten.
CREATE OR REPLACE TRIGGER chain_anchors_append_only
    BEFORE UPDATE OR DELETE ON {schema}.chain_anchors
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_rewrite();
CREATE OR REPLACE TRIGGER chain_anchor_heads_append_only
    BEFORE UPDATE OR DELETE ON {schema}.chain_anchor_heads
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_rewrite();
