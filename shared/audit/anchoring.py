"""The service's own anchoring: its streams' heads anchored on a schedule, while it runs.

An anchor only covers what was committed when it was taken, so the shorter the interval, the
less a cut-off tail can hide. Each digest is logged (`chain_anchor`): shipped with the logs, it
is kept outside the database, where whoever rewrites events and anchors cannot reach it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from shared.audit.anchors import take_anchor
from shared.audit.periodic import every

if TYPE_CHECKING:
    import asyncio

    from asyncpg.pool import Pool

log = structlog.get_logger("audit")


class Anchoring:
    """Takes an anchor every `interval_s` seconds until stopped; a failure waits for the next."""

    def __init__(self, pool: Pool, schema: str, interval_s: float) -> None:
        """Anchor `schema` over `pool`."""
        self.pool = pool
        self.schema = schema
        self.interval_s = interval_s

    async def anchor_once(self) -> None:
        """One anchor, its digest logged; nothing when no stream moved."""
        async with self.pool.acquire() as conn:
            anchor = await take_anchor(conn, self.schema)
        if anchor is not None:
            log.info(
                "chain_anchor",
                schema=self.schema,
                anchor=anchor.anchor_id,
                heads=anchor.heads,
                digest=anchor.digest,
            )

    async def run(self, stop: asyncio.Event) -> None:
        """Wait an interval, anchor, and again, until `stop`."""
        await every(self.interval_s, stop, self.anchor_once, "chain_anchor_failed", self.schema)
