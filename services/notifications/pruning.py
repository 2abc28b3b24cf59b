"""Remove delivered deliveries once they are older than the retention, so the queue stays small.

Dead ones stay until an operator retries them. Nothing relies on a delivered row: the claim's
ordering looks only at pending rows, and a redelivered Kafka message is turned away by the
fan-out's inbox (never pruned), not by the deliveries' unique key.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog

from shared import metrics
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from asyncpg.pool import Pool

log = structlog.get_logger("notifications")

# Rows per DELETE: each batch is its own short statement, so no lock is held for long.
BATCH = 1000


class DeliveryPruner:
    """At start and every `interval_s`, delete what was delivered over `retention_days` ago."""

    def __init__(
        self, pool: Pool, schema: str, *, retention_days: int, interval_s: float, batch: int = BATCH
    ) -> None:
        """Prune `schema`.deliveries."""
        self._pool = pool
        self._table = f"{checked_schema(schema)}.deliveries"
        self._retention_days = retention_days
        self._interval_s = interval_s
        self._batch = batch

    async def run(self, stop: asyncio.Event) -> None:
        """Prune until `stop` is set."""
        while not stop.is_set():
            await self.prune(stop)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._interval_s)

    async def prune(self, stop: asyncio.Event | None = None) -> int:
        """Delete batch after batch until none is left (or `stop` is set); how many in all."""
        total = 0
        while stop is None or not stop.is_set():
            removed = await self._prune_batch()
            total += removed
            metrics.WEBHOOK_PRUNED.inc(removed)
            if removed < self._batch:
                break
        if total:
            log.info("webhook_deliveries_pruned", count=total, retention_days=self._retention_days)
        return total

    async def _prune_batch(self) -> int:
        # SKIP LOCKED: a delivered row is never locked for long, but pruning need not wait.
        removed: int = await self._pool.fetchval(
            f"WITH gone AS (DELETE FROM {self._table} WHERE id IN (SELECT id FROM {self._table}"
            " WHERE state = 'delivered' AND delivered_at < now() - make_interval(days => $1)"
            " LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING 1) SELECT count(*) FROM gone",
            self._retention_days,
            self._batch,
        )
        return removed
