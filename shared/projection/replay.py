"""Replay a projection's topics into a temporary schema, for a question about the past.

The events recorded up to an instant (CloudEvent `time`) are applied, with the projection's
own code, into a schema that is always dropped afterwards; the live tables are never written.
A service asks its own question there (the timeline: a young person's timeline or a report
as it was known then).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from shared.migrations import checked_schema, migrate
from shared.projection.feed import TopicFeed, apply_fresh
from shared.projection.inbox import Inbox, inbox_migrations

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence
    from datetime import datetime

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent
    from shared.projection.runner import Projection
    from shared.projection.spec import ProjectionSpec
    from shared.settings import PlatformSettings


@contextlib.asynccontextmanager
async def replayed(  # noqa: PLR0913 - each is named at the call site
    pool: Pool,
    platform: PlatformSettings,
    spec: ProjectionSpec,
    *,
    instant: datetime,
    subject: str | None = None,
    batch_size: int = 2000,
) -> AsyncIterator[str]:
    """A temporary schema holding `spec`'s tables as of `instant` (only `subject`'s, if given)."""
    schema = checked_schema(f"{spec.schema}_asof_{uuid.uuid4().hex[:8]}")
    try:
        async with pool.acquire() as conn:
            await migrate(conn, schema, [*inbox_migrations(), *spec.migrations])
        projection = spec.build(schema)
        inbox = Inbox(schema, projection.name, by_event_id=spec.dead_letters)
        feed = TopicFeed(
            platform,
            spec.topics(platform.kafka_topic_prefix),
            batch_size,
            key=subject.encode() if subject is not None else None,
        )
        await feed.start()
        try:
            async for events in feed.until(await feed.ends()):
                known = [e for e in events if e.time <= instant]
                if subject is not None:
                    known = [e for e in known if e.subject == subject]
                if known:
                    async with pool.acquire() as conn, conn.transaction():
                        await apply_fresh(conn, inbox, projection, known)
        finally:
            await feed.stop()
        yield schema
    finally:
        await pool.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


class _Together:
    """Several projections applied as one, for a replay that needs all their tables."""

    def __init__(self, name: str, parts: Sequence[Projection]) -> None:
        self.name = name
        self._parts = parts

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        for part in self._parts:
            await part.apply(conn, events)


def together(specs: Sequence[ProjectionSpec]) -> ProjectionSpec:
    """One spec replaying several projections into the same schema (one reads another's rows)."""
    first = specs[0]
    return replace(
        first,
        name="+".join(s.name for s in specs),
        tables=tuple(t for s in specs for t in s.tables),
        build=lambda schema: _Together(first.consumer, [s.build(schema) for s in specs]),
    )
