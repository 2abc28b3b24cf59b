"""The projections `python -m services.timeline rebuild` knows: name -> spec for the settings.

A projection joins by adding one entry here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from services.timeline.catalogue import domains
from services.timeline.projection import TimelineProjection
from services.timeline.reports.projection import ReportsProjection
from services.timeline.spec import ProjectionSpec
from shared.migrations import directory_migrations

if TYPE_CHECKING:
    from collections.abc import Callable

    from services.timeline.settings import TimelineSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def timeline_spec(settings: TimelineSettings) -> ProjectionSpec:
    """The consolidated timeline: entries plus what access rules and summary need."""
    consumer = settings.consumer_group
    return ProjectionSpec(
        name="timeline",
        schema=settings.schema_name,
        consumer=consumer,
        domains=tuple(domains()),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("entries", "erased_youths", "youths", "consents", "domain_states"),
        build=lambda schema: TimelineProjection(schema, consumer),
        subject_column="youth_id",
    )


def reports_spec(settings: TimelineSettings) -> ProjectionSpec:
    """The reports' facts and deadlines (their programme and age band come from `youths`)."""
    consumer = settings.reports_consumer_group
    return ProjectionSpec(
        name="reports",
        schema=settings.schema_name,
        consumer=consumer,
        domains=tuple(domains()),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("report_facts", "report_deadlines"),
        build=lambda schema: ReportsProjection(schema, consumer),
        subject_column="youth_id",
    )


PROJECTIONS: dict[str, Callable[[TimelineSettings], ProjectionSpec]] = {
    "timeline": timeline_spec,
    "reports": reports_spec,
}
