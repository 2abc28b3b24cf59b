-- Pruning finds what was delivered longest ago without reading the rest (pruning.py).
CREATE INDEX IF NOT EXISTS deliveries_delivered
    ON {schema}.deliveries (delivered_at) WHERE state = 'delivered';
