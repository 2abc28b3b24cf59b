"""The timeline's projections, declared once: the app runs them, `rebuild` and `as-of` read them.

A projection joins by adding its spec to `projections`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.projection import TimelineProjection
from services.timeline.reports.projection import ReportsProjection
from shared.migrations import directory_migrations
from shared.projection import ProjectionSpec

if TYPE_CHECKING:
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
        batch_size=settings.batch_size,
    )


def reports_spec(settings: TimelineSettings) -> ProjectionSpec:
    """The reports' facts and deadlines (their programme and age band come from `youths`).

    A second projection over the same topics, in a consumer group of its own.
    """
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
        batch_size=settings.batch_size,
    )


def projections(settings: TimelineSettings) -> dict[str, ProjectionSpec]:
    """Every projection of the timeline, by the name `rebuild` takes."""
    return {spec.name: spec for spec in (timeline_spec(settings), reports_spec(settings))}
