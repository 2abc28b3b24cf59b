"""As-of: a young person's timeline as it was known at an instant, for auditors.

The events recorded up to the instant (CloudEvent `time`) are replayed from the topics into a
temporary schema, which is always dropped afterwards; then the live API's own query and
access filter run there, evaluated at the instant. The live tables are never written.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from services.timeline.access import Viewer, may_open
from services.timeline.feed import TopicFeed, apply_fresh
from services.timeline.reports.queries import build_report
from services.timeline.views import Timeline, find_youth, timeline
from shared.migrations import checked_schema, migrate
from shared.projection import inbox_migration

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Sequence
    from datetime import date, datetime

    from asyncpg.pool import Pool, PoolConnectionProxy

    from services.timeline.access import Policy
    from services.timeline.reports.model import Report
    from services.timeline.spec import ProjectionSpec
    from shared.envelope import CloudEvent
    from shared.projection import Projection
    from shared.settings import PlatformSettings


class AsOfRefusedError(Exception):
    """The young person was unknown then, or the viewer may not open their timeline."""


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
            await migrate(conn, schema, [inbox_migration(), *spec.migrations])
        projection = spec.build(schema)
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
                        await apply_fresh(conn, f"{schema}.inbox", projection, known)
        finally:
            await feed.stop()
        yield schema
    finally:
        await pool.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


async def timeline_as_of(  # noqa: PLR0913 - each is named at the call site
    pool: Pool,
    platform: PlatformSettings,
    spec: ProjectionSpec,
    policy_for: Callable[[str], Policy],
    *,
    instant: datetime,
    youth_id: str,
    roles: frozenset[str],
    actor: str,
    gemeentecode: str | None = None,
) -> Timeline:
    """What the live API showed this viewer at `instant` (the municipality defaults to theirs)."""
    async with replayed(pool, platform, spec, instant=instant, subject=youth_id) as schema:
        youth = await find_youth(pool, schema, youth_id)
        if youth is None:
            raise AsOfRefusedError(f"young person {youth_id} was not known at {instant}")
        viewer = Viewer(actor, roles, gemeentecode or youth.gemeentecode)
        if viewer.gemeentecode != youth.gemeentecode:
            raise AsOfRefusedError(
                f"young person {youth_id} belongs to municipality {youth.gemeentecode},"
                f" not {viewer.gemeentecode}"
            )
        if not may_open(viewer, youth.director_id):
            raise AsOfRefusedError(
                f"{actor} with roles {', '.join(sorted(roles))} may not open this timeline"
            )
        return await timeline(
            pool, schema, youth, viewer, moment=instant, policy=policy_for(viewer.gemeentecode)
        )


class _Together:
    """Several projections applied as one, for a replay that needs all their tables."""

    def __init__(self, name: str, parts: Sequence[Projection]) -> None:
        self.name = name
        self._parts = parts

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        for part in self._parts:
            await part.apply(conn, events)


def together(specs: Sequence[ProjectionSpec]) -> ProjectionSpec:
    """One spec replaying several projections into the same schema (a report needs `youths`)."""
    first = specs[0]
    return replace(
        first,
        name="+".join(s.name for s in specs),
        tables=tuple(t for s in specs for t in s.tables),
        build=lambda schema: _Together(first.consumer, [s.build(schema) for s in specs]),
    )


async def report_as_of(  # noqa: PLR0913 - each is named at the call site
    pool: Pool,
    platform: PlatformSettings,
    specs: Sequence[ProjectionSpec],
    *,
    instant: datetime,
    gemeentecode: str,
    start: date,
    end: date,
) -> Report:
    """A municipality's report as it could have been drawn up at `instant`."""
    async with replayed(pool, platform, together(specs), instant=instant) as schema:
        return await build_report(
            pool, schema, gemeentecode, start=start, end=end, today=instant.date()
        )
