"""Intake's read model, declared once: the young people in lists, and who works with them.

One projection over intake's topic (`youth_summaries`, summaries.py) and the domains' topics
(`youth_involvement`, `plan_goal_progress`, `erasure_confirmations`, involvement.py), in one
consumer group and inbox: the app runs it, and `python -m services.intake rebuild summaries`
rebuilds all its tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from services.intake.projections.involvement import DOMAINS, Involvement
from services.intake.projections.summaries import YouthSummaries
from shared.migrations import directory_migrations
from shared.projection import ProjectionSpec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

MIGRATIONS = Path(__file__).parents[1] / "migrations"
_INTAKE = "nl.regie.intake."


class IntakeReadModel:
    """Intake's events to the summaries, the domains' to the involvement; `name` is the group."""

    def __init__(self, schema: str, name: str = "intake-summaries") -> None:
        """Write into `schema`, consuming as `name`."""
        self.name = name
        self.summaries = YouthSummaries(schema, name)
        self.involvement = Involvement(schema)

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Each topic's events in their order; the two parts share no rows."""
        own: list[CloudEvent] = []
        domains: list[CloudEvent] = []
        for event in events:
            (own if event.name_and_version[0].startswith(_INTAKE) else domains).append(event)
        await self.summaries.apply(conn, own)
        await self.involvement.apply(conn, domains)


def intake_read_model(schema: str, group: str) -> ProjectionSpec:
    """The read model's declaration: the app's runner and `rebuild summaries` read this.

    Every row is one young person's (`youth_id`, the events' subject), so a rebuild re-checks
    only the young people whose events arrived while it verified.
    """
    return ProjectionSpec(
        name="summaries",
        schema=schema,
        consumer=group,
        domains=("intake", *DOMAINS),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=(
            "youth_summaries",
            "youth_involvement",
            "plan_goal_progress",
            "erasure_confirmations",
        ),
        build=lambda target: IntakeReadModel(target, group),
        subject_column="youth_id",
    )
