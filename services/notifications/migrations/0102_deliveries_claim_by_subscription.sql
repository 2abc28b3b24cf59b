-- The claim walks each subscription's due rows on its own, so that a subscription already at
-- its limit of POSTs in flight is passed over without reading its backlog (queue.py).
CREATE INDEX IF NOT EXISTS deliveries_due_by_subscription
    ON {schema}.deliveries (subscription_id, next_attempt_at, id) WHERE state = 'pending';
-- Leases held now, per subscription: a handful of rows, whatever the backlog.
CREATE INDEX IF NOT EXISTS deliveries_leased
    ON {schema}.deliveries (subscription_id) WHERE leased_until IS NOT NULL;
-- The claim no longer walks every subscription's rows in one time order.
DROP INDEX IF EXISTS {schema}.deliveries_due;
