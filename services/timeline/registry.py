"""The timeline's projections, declared once: the app runs them, `rebuild` and `as-of` read them.

A projection joins by adding its spec to `projections`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from services.timeline.comparison.event import DOMAIN as FIGURES
from services.timeline.comparison.read_model import ComparisonProjection, sent_by_owner
from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.projection import TimelineProjection
from services.timeline.reports.projection import ReportsProjection
from services.timeline.signals.projection import DeadLetterSignals, SignalsProjection
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
        tables=(
            "entries",
            "erased_youths",
            "youths",
            "consents",
            "domain_states",
            "youth_age_bands",
        ),
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
        tables=(
            "report_facts",
            "report_deadlines",
            "report_awaited",
            "report_breakthroughs",
            "report_aftercare",
            "report_follow_ups",
            "report_milestones",
            "report_youths",
            "report_age_bands",
            "report_cells",
            "report_conversation_cells",
        ),
        build=lambda schema: ReportsProjection(schema, consumer),
        subject_column="youth_id",
        aggregates=frozenset({"report_cells", "report_conversation_cells"}),
        batch_size=settings.batch_size,
    )


def signals_spec(settings: TimelineSettings) -> ProjectionSpec:
    """The signals: deadlines missed and coming up, last contacts, what is blocked."""
    consumer = settings.signals_consumer_group
    return ProjectionSpec(
        name="signals",
        schema=settings.schema_name,
        consumer=consumer,
        domains=tuple(domains()),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=(
            "signals",
            "signal_deadlines",
            "signal_contacts",
            "signal_trajectories",
            "integrity_results",
        ),
        build=lambda schema: SignalsProjection(schema, consumer),
        subject_column="youth_id",
        batch_size=settings.batch_size,
    )


def dead_letter_signals_spec(settings: TimelineSettings) -> ProjectionSpec:
    """The failed reactions, from the domains' dead-letter topics, in a group of their own."""
    consumer = settings.dead_letters_consumer_group
    return ProjectionSpec(
        name="signal-dead-letters",
        schema=settings.schema_name,
        consumer=consumer,
        domains=tuple(domains()),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("signal_dead_letters",),
        build=lambda schema: DeadLetterSignals(schema, consumer),
        subject_column="youth_id",
        batch_size=settings.batch_size,
        dead_letters=True,
    )


def comparison_spec(settings: TimelineSettings) -> ProjectionSpec:
    """The figures the programmes' municipalities published, each from its own topic.

    Its topics are `gm<code>.figures.events` of the compared municipalities (none where no
    programme is configured); a publication on another's topic is refused (`sent_by_owner`),
    by the live runner and a rebuild alike. Not per young person: no subject column, so a
    rebuild compares the (small) tables whole.
    """
    consumer = settings.comparison_consumer_group
    return ProjectionSpec(
        name="comparison",
        schema=settings.schema_name,
        consumer=consumer,
        domains=tuple(f"gm{g}.{FIGURES}" for g in settings.compared_gemeenten()),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("comparison_months", "comparison_figures"),
        build=lambda schema: ComparisonProjection(schema, consumer, settings.small_cell_threshold),
        volatile={"comparison_months": frozenset({"received_at"})},
        batch_size=settings.batch_size,
        admits=sent_by_owner,
    )


def projections(settings: TimelineSettings) -> dict[str, ProjectionSpec]:
    """Every projection of the timeline, by the name `rebuild` takes."""
    specs = (
        timeline_spec(settings),
        reports_spec(settings),
        signals_spec(settings),
        dead_letter_signals_spec(settings),
        comparison_spec(settings),
    )
    return {spec.name: spec for spec in specs}
