"""As-of: a young person's timeline as it was known at an instant, for auditors.

The events recorded up to the instant (CloudEvent `time`) are replayed from the topics into a
temporary schema (`shared.projection.replay`), which is always dropped afterwards; then the
live API's own query and access filter run there, evaluated at the instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.timeline.read_model.access import Viewer, may_open
from services.timeline.read_model.queries import (
    Timeline,
    YouthSummary,
    find_youth,
    sight_of,
    summary,
    timeline,
)
from services.timeline.reports.queries import build_report
from shared.projection.replay import replayed, together

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date, datetime

    from asyncpg.pool import Pool

    from services.timeline.read_model.access import Policy
    from services.timeline.reports.model import Report
    from shared.projection.spec import ProjectionSpec
    from shared.settings import PlatformSettings


class AsOfRefusedError(Exception):
    """The young person was unknown then, or the viewer may not open their timeline."""


@dataclass(frozen=True)
class KnownThen:
    """A young person's timeline and summary as one viewer saw them at an instant."""

    timeline: Timeline
    summary: YouthSummary


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
    known = await known_as_of(
        pool, platform, spec, policy_for, instant=instant, youth_id=youth_id, roles=roles,
        actor=actor, gemeentecode=gemeentecode,
    )  # fmt: skip
    return known.timeline


async def known_as_of(  # noqa: PLR0913 - each is named at the call site
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
) -> KnownThen:
    """The timeline and summary this viewer saw at `instant`, from one replay.

    Raises:
        AsOfRefusedError: unknown then, of another municipality, or not theirs to open.
    """
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
        policy = policy_for(viewer.gemeentecode)
        sight = await sight_of(pool, schema, youth, viewer, moment=instant, policy=policy)
        return KnownThen(await timeline(pool, schema, sight), await summary(pool, schema, sight))


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
            pool,
            schema,
            gemeentecode,
            start=start,
            end=end,
            today=instant.date(),
            threshold=None,  # the auditor's tool: exact counts
        )
